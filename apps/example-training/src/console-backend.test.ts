import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createProv4ml, silentLogger } from "@prov4ml/core";
import { provJsonExporter } from "@prov4ml/exporter-prov";
import { expect, it } from "vitest";
import { consoleBackend } from "./console-backend.ts";

it("the README's custom backend receives params, metrics and the final document", async () => {
  const lines: string[] = [];
  const prov = createProv4ml({
    plugins: [consoleBackend((line) => lines.push(line)), provJsonExporter()],
    logger: silentLogger,
  });
  const run = await prov.startRun({
    experimentName: "readme",
    provenanceSaveDir: mkdtempSync(join(tmpdir(), "readme-")),
    closeOnExit: false,
    logSourceCode: false,
  });
  run.logParam("lr", 0.1);
  run.logMetric("loss", 0.5);
  run.logMetric("loss", 0.25);
  await run.endRun();
  expect(lines).toContain("param lr=0.1");
  expect(lines).toContain("readme_GR0_0 training/loss = 0.25");
  expect(lines.at(-1)).toMatch(/^readme_GR0_0 ended FINISHED; PROV-JSON \d+ bytes$/);
});
