/** Test helper: a provenance directory with a run made by the prov4ml facade, a yProv4ML fixture, a hostile and a corrupt document. */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import * as prov4ml from "./test-facade.ts";

export const HOSTILE = "<img src=x onerror=alert(1)>";

export interface TestRuns {
  /** The provenance directory to serve. */
  dir: string;
  /** A file outside it, that must never be served. */
  secretFile: string;
  /** The facade run's directory. */
  runDir: string;
  /** A run with a long series (`signal`, {@link LONG_SERIES} points) and system and carbon samples. */
  machineDir: string;
}

/** Points in the machine run's `signal` series: more than the server's 2,000 chart buckets. */
export const LONG_SERIES = 10_000;

/**
 * A run that logs `signal` (a sine with a ripple every other step, so a 5-point bucket spans a
 * range but a single point does not) and samples the system and carbon collectors (country FRA,
 * so the intensity source is a known table).
 */
export async function makeMachineRun(saveDir: string): Promise<string> {
  await prov4ml.startRun({ experimentName: "machine", provenanceSaveDir: saveDir, country: "FRA" });
  prov4ml.logParam("learning_rate", 0.5);
  for (let step = 0; step < LONG_SERIES; step++)
    prov4ml.logMetric("signal", 2 + Math.sin(step / 200) + (step % 2) * 0.1, prov4ml.Context.TRAINING, {
      step,
    });
  for (let step = 0; step < 3; step++) {
    await prov4ml.logSystemMetrics(prov4ml.Context.TRAINING, { step });
    await prov4ml.logCarbonMetrics(prov4ml.Context.TRAINING, { step });
  }
  return (await prov4ml.endRun({ createGraph: false, createSvg: false })).runDir;
}

/** Makes a facade run (`name`, 30 steps of loss and acc, an artifact, a hostile param when asked). */
export async function makeFacadeRun(
  saveDir: string,
  name: string,
  lr: number,
  hostile = false,
): Promise<string> {
  await prov4ml.startRun({
    provUserNamespace: "www.example.org",
    experimentName: name,
    provenanceSaveDir: saveDir,
  });
  prov4ml.logParam("learning_rate", lr);
  prov4ml.logParam("optimizer", "adam");
  if (hostile) prov4ml.logParam("note", HOSTILE);
  for (let step = 0; step < 30; step++) {
    prov4ml.logMetric("loss", 1 / (step + 1) + lr, prov4ml.Context.TRAINING, { step });
    prov4ml.logMetric("acc", step / 30, prov4ml.Context.VALIDATION, { step });
  }
  const artifact = join(saveDir, `${name}-weights.bin`);
  writeFileSync(artifact, "fake weights");
  await prov4ml.logArtifact(artifact);
  await prov4ml.logDataset(`${name}-train`, { stats: { samples: 60000 }, source: "mnist.npz" });
  const result = await prov4ml.endRun({ createGraph: false, createSvg: false });
  return result.runDir;
}

export async function makeTestRuns(): Promise<TestRuns> {
  const base = mkdtempSync(join(tmpdir(), "explorer-runs-"));
  const dir = join(base, "prov");
  mkdirSync(join(dir, "yprov"), { recursive: true });
  const runDir = await makeFacadeRun(dir, "mnist", 0.01, true);
  await makeFacadeRun(dir, "mnist_b", 0.1);
  const machineDir = await makeMachineRun(dir);
  copyFileSync(
    join(import.meta.dirname, "fixtures", "provgraph_5epochs_short.json"),
    join(dir, "yprov", "provgraph_5epochs_short.json"),
  );
  const text = readFileSync(join(import.meta.dirname, "fixtures", "provgraph_5epochs_short.json"), "utf8");
  writeFileSync(join(dir, "yprov", "truncated.json"), text.slice(0, Math.floor(text.length / 2)));
  const secretFile = join(base, "secret.txt");
  writeFileSync(secretFile, "top secret");
  return { dir, secretFile, runDir, machineDir };
}

/** Two runs joined by a model file: `train` generates it (`logModel`), `evaluate` uses it (`isInput`). */
export interface LineageRuns {
  dir: string;
  trainDir: string;
  evaluateDir: string;
  /** The model file, outside the run directories (the training run copies it in). */
  modelFile: string;
}

export async function makeLineageRuns(): Promise<LineageRuns> {
  const dir = join(mkdtempSync(join(tmpdir(), "explorer-lineage-")), "prov");
  mkdirSync(dir, { recursive: true });
  const modelFile = join(dirname(dir), "classifier.bin");
  writeFileSync(modelFile, "weights of a classifier");
  await prov4ml.startRun({ experimentName: "train", provenanceSaveDir: dir });
  prov4ml.logMetric("loss", 0.5, prov4ml.Context.TRAINING, { step: 0 });
  await prov4ml.logModel(modelFile, "classifier");
  const trainDir = (await prov4ml.endRun({ createGraph: false, createSvg: false })).runDir;
  await prov4ml.startRun({ experimentName: "evaluate", provenanceSaveDir: dir });
  await prov4ml.logModel(modelFile, "classifier", { isInput: true, context: prov4ml.Context.TESTING });
  prov4ml.logMetric("accuracy", 0.9, prov4ml.Context.TESTING, { step: 0 });
  const evaluateDir = (await prov4ml.endRun({ createGraph: false, createSvg: false })).runDir;
  return { dir, trainDir, evaluateDir, modelFile };
}
