/**
 * The two examples one after the other: the tfjs training exports its model as ONNX, the ONNX
 * evaluation runs it with onnxruntime-node, and the evaluation's PROV says it used the very
 * file the training generated (same SHA-256). Reads the documents back with Python `prov` and
 * checks the exported model with Python `onnx` (the reference venv).
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { evaluateOnnx } from "@prov4ml/onnx-evaluation";
import { hasReferencePython, runPython } from "@prov4ml/vitest-config";
import * as tf from "@tensorflow/tfjs";
import { InferenceSession, Tensor } from "onnxruntime-node";
import { expect, it } from "vitest";
import { trainSpirals } from "./train.ts";

type Entities = Record<string, Record<string, unknown>>;

function entityWithSha(doc: { entity: Entities }, sha: string): string | undefined {
  return Object.entries(doc.entity).find(([, entity]) => JSON.stringify(entity).includes(sha))?.[0];
}

it("the evaluation's PROV uses the model file the training generated", async () => {
  const dir = mkdtempSync(join(tmpdir(), "prov4ml-lineage-"));
  const training = await trainSpirals({ epochs: 30, provenanceSaveDir: join(dir, "train"), quiet: true });
  expect(training.history.history.val_acc?.at(-1)).toBeGreaterThan(0.7); // it really learns

  // The ONNX export computes what the tfjs model computes.
  const session = await InferenceSession.create(training.onnxPath);
  const sample = [
    [0.1, 0.2],
    [-0.5, 0.3],
    [0.9, -0.9],
  ];
  const onnxOut = await session.run({
    input: new Tensor("float32", Float32Array.from(sample.flat()), [3, 2]),
  });
  const tfjsOut = (training.model.predict(tf.tensor2d(sample)) as tf.Tensor).dataSync();
  for (const [i, value] of Array.from(onnxOut.output?.data as Float32Array).entries())
    expect(value).toBeCloseTo(tfjsOut[i] as number, 5);

  const evaluation = await evaluateOnnx({
    modelPath: training.onnxPath,
    provenanceSaveDir: join(dir, "eval"),
    quiet: true,
  });
  expect(evaluation.accuracy).toBeGreaterThan(0.7);
  expect(evaluation.tracked.model.sha256).toBe(training.onnxSha256);

  const trainDoc = JSON.parse(readFileSync(training.result.provJsonPath ?? "", "utf8"));
  const evalDoc = JSON.parse(readFileSync(evaluation.result.provJsonPath ?? "", "utf8"));
  const sha = training.onnxSha256 ?? "-";
  const produced = entityWithSha(trainDoc, sha);
  const used = entityWithSha(evalDoc, sha);
  expect(produced).toBeDefined();
  expect(JSON.stringify(trainDoc.wasGeneratedBy)).toContain(produced);
  expect(used).toBeDefined();
  expect(JSON.stringify(evalDoc.used)).toContain(used);
  expect(JSON.stringify(evalDoc.wasGeneratedBy ?? {})).not.toContain(`"${used}"`);

  if (!hasReferencePython()) return;
  const check = runPython(
    `import sys, json, onnx, numpy as np, prov.model as pm
m = onnx.load(sys.argv[1]); onnx.checker.check_model(m)
count = int(sum(np.prod(i.dims) for i in m.graph.initializer))
docs = [pm.ProvDocument.deserialize(source=p, format="json") for p in sys.argv[2:]]
shas = [[str(v) for r in d.get_records() for (k, v) in r.attributes if str(v) == ${JSON.stringify(sha)}] for d in docs]
print(json.dumps({"count": count, "shas": [len(s) for s in shas]}))`,
    [training.onnxPath, training.result.provJsonPath ?? "", evaluation.result.provJsonPath ?? ""],
  );
  expect(check.stderr).toBe("");
  const figures = JSON.parse(check.stdout);
  expect(figures.count).toBe(training.model.countParams());
  expect(figures.shas[0]).toBeGreaterThan(0);
  expect(figures.shas[1]).toBeGreaterThan(0);
}, 180_000);
