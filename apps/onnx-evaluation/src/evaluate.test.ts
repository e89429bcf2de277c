import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { evaluateOnnx, FIXTURE_MODEL } from "./evaluate.ts";

it("evaluates the committed fixture by default and records the model it used", async () => {
  const dir = mkdtempSync(join(tmpdir(), "prov4ml-onnx-eval-"));
  const { result, tracked } = await evaluateOnnx({ provenanceSaveDir: dir, quiet: true });
  // 200 test points in batches of 64.
  expect(tracked.steps.map((step) => step.batchSize)).toEqual([64, 64, 64, 8]);
  expect(tracked.steps.every((step) => step.outputShapes.probabilities?.[1] === 3)).toBe(true);
  const sha = createHash("sha256").update(readFileSync(FIXTURE_MODEL)).digest("hex");
  expect(tracked.model.sha256).toBe(sha);
  const json = readFileSync(result.provJsonPath ?? "", "utf8");
  expect(json).toContain(sha);
  // Accuracy on the two spirals is not logged for the three-class fixture.
  expect(json).not.toContain('"accuracy"');
});
