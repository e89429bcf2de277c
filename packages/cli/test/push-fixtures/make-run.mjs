// A run made with no MLflow configured (the environment has no MLFLOW_* variables): params, tags,
// 2,500 training points (three log-batch requests' worth), validation points, an execution time,
// a dataset file, an artifact and a model with its file. With "kill" as argv[3] it prints
// "logged" and waits to be SIGKILLed instead of ending the run.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import * as prov4ml from "prov4ml";

const [saveDir, experimentName, mode] = process.argv.slice(2);
const data = join(saveDir, "data.csv");
const weights = join(saveDir, "weights.bin");
writeFileSync(data, "x,y\n1,2\n3,4\n");
writeFileSync(weights, Buffer.from(Array.from({ length: 4096 }, (_, i) => i % 251)));
await prov4ml.startRun({
  experimentName,
  provenanceSaveDir: join(saveDir, "runs"),
  description: "pushed later",
  tags: { dataset: "toy" },
});
prov4ml.logParam("learning_rate", 0.01);
prov4ml.logParam("epochs", 5);
prov4ml.setTag("team", "push-test");
for (let step = 0; step < 2500; step++)
  prov4ml.logMetric("loss", 1 / (step + 1), prov4ml.Context.TRAINING, { step });
for (let step = 0; step < 5; step++)
  prov4ml.logMetric("accuracy", step / 10, prov4ml.Context.VALIDATION, { step });
prov4ml.logCurrentExecutionTime("epoch_time", prov4ml.Context.TRAINING, { step: 0 });
await prov4ml.logDataset(
  "train",
  { source: data, stats: { rows: 2 } },
  { context: prov4ml.Context.TRAINING },
);
await prov4ml.logArtifact(data, { name: "inputs/data.csv", context: prov4ml.Context.TRAINING });
await prov4ml.logModel({ w: new Float32Array(12) }, "push_model", { file: weights });
if (mode === "kill") {
  prov4ml.logMetric("loss", 42, prov4ml.Context.TRAINING, { step: 2500 });
  console.log("logged");
  setInterval(() => {}, 1000); // never ends the run: the test SIGKILLs it
} else {
  await prov4ml.endRun();
}
