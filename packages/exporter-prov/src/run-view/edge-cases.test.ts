import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fsBackend } from "@prov4ml/backend-fs";
import { createProv4ml, silentLogger } from "@prov4ml/core";
import { describe, expect, it } from "vitest";
import { provJsonExporter } from "../exporters.ts";
import { loadRun } from "./load-run.ts";

async function runWith(
  setup: (run: Awaited<ReturnType<ReturnType<typeof createProv4ml>["startRun"]>>) => void,
  tags = {},
) {
  const prov = createProv4ml({ plugins: [fsBackend(), provJsonExporter()], logger: silentLogger });
  const run = await prov.startRun({
    experimentName: "edge",
    provenanceSaveDir: mkdtempSync(join(tmpdir(), "prov4ml-edge-")),
    closeOnExit: false,
    logSourceCode: false,
    tags,
  });
  setup(run);
  await run.endRun();
  return loadRun(run.runDir);
}

describe("loadRun edge cases", () => {
  it("keeps a param named __proto__ as an ordinary key", async () => {
    const view = await runWith((run) => run.logParam("__proto__", "x"));
    expect(Object.keys(view.params)).toContain("__proto__");
    expect(Object.getOwnPropertyDescriptor(view.params, "__proto__")?.value).toBe("x");
  });

  it("reads an attribute with 200,000 values", async () => {
    const tags = Object.fromEntries(Array.from({ length: 200_000 }, (_, index) => [`t${index}`, "v"]));
    const view = await runWith(() => undefined, tags);
    expect(view.status).toBe("FINISHED");
    expect(view.attributes["prov4ml:tag"]).toHaveLength(200_000);
  });
});
