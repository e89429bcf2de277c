import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { listCrateFiles } from "./crate-files.ts";

describe("listCrateFiles", () => {
  it("lists the run's files with size, format and SHA-256, leaving out the spool, hidden entries, links and the zip", async () => {
    const dir = mkdtempSync(join(tmpdir(), "prov4ml-crate-files-"));
    const outside = mkdtempSync(join(tmpdir(), "prov4ml-crate-outside-"));
    writeFileSync(join(outside, "secret.txt"), "not in the run");
    mkdirSync(join(dir, "metrics_GR0"));
    mkdirSync(join(dir, "mlflow_spool"));
    writeFileSync(join(dir, "prov_x_GR0_0.json"), "{}");
    writeFileSync(join(dir, "metrics_GR0", "loss_training_prov4ml_GR0.csv"), "hello");
    writeFileSync(join(dir, "mlflow_spool", "queue.jsonl"), "{}\n");
    writeFileSync(join(dir, ".partial"), "x");
    writeFileSync(join(dir, "crate.zip"), "PK");
    symlinkSync(join(outside, "secret.txt"), join(dir, "link.txt"));
    const files = await listCrateFiles(dir, [join(dir, "crate.zip")]);
    expect(files.map((file) => file.path)).toEqual([
      "metrics_GR0/loss_training_prov4ml_GR0.csv",
      "prov_x_GR0_0.json",
    ]);
    expect(files[0]).toMatchObject({
      size: 5,
      encodingFormat: "text/csv",
      sha256: "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824",
    });
  });
});
