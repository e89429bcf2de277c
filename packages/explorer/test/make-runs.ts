/**
 * Test helper: a provenance directory with runs made the way the prov4ml facade makes them (core
 * with the file-system backend and the PROV-JSON exporter: the facade itself depends on this
 * package, so its tests cannot import it), a yProv4ML fixture, a hostile and a corrupt document.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fsBackend } from "@prov4ml/backend-fs";
import { Context, createProv4ml } from "@prov4ml/core";
import { provJsonExporter } from "@prov4ml/exporter-prov";

export const HOSTILE = "<img src=x onerror=alert(1)>";

export interface TestRuns {
  /** The provenance directory to serve. */
  dir: string;
  /** A file outside it, that must never be served. */
  secretFile: string;
  /** The facade run's directory. */
  runDir: string;
}

/** Makes a facade run (`name`, 30 steps of loss and acc, an artifact, a hostile param when asked). */
export async function makeFacadeRun(
  saveDir: string,
  name: string,
  lr: number,
  hostile = false,
): Promise<string> {
  const run = await createProv4ml({ plugins: [fsBackend(), provJsonExporter()] }).startRun({
    provUserNamespace: "www.example.org",
    experimentName: name,
    provenanceSaveDir: saveDir,
  });
  run.logParam("learning_rate", lr);
  run.logParam("optimizer", "adam");
  if (hostile) run.logParam("note", HOSTILE);
  for (let step = 0; step < 30; step++) {
    run.logMetric("loss", 1 / (step + 1) + lr, Context.TRAINING, { step });
    run.logMetric("acc", step / 30, Context.VALIDATION, { step });
  }
  const artifact = join(saveDir, `${name}-weights.bin`);
  writeFileSync(artifact, "fake weights");
  await run.logArtifact(artifact);
  const result = await run.endRun({ createGraph: false, createSvg: false });
  return result.runDir;
}

export async function makeTestRuns(): Promise<TestRuns> {
  const base = mkdtempSync(join(tmpdir(), "explorer-runs-"));
  const dir = join(base, "prov");
  mkdirSync(join(dir, "yprov"), { recursive: true });
  const runDir = await makeFacadeRun(dir, "mnist", 0.01, true);
  await makeFacadeRun(dir, "mnist_b", 0.1);
  copyFileSync(
    join(import.meta.dirname, "fixtures", "provgraph_5epochs_short.json"),
    join(dir, "yprov", "provgraph_5epochs_short.json"),
  );
  const text = readFileSync(join(import.meta.dirname, "fixtures", "provgraph_5epochs_short.json"), "utf8");
  writeFileSync(join(dir, "yprov", "truncated.json"), text.slice(0, Math.floor(text.length / 2)));
  const secretFile = join(base, "secret.txt");
  writeFileSync(secretFile, "top secret");
  return { dir, secretFile, runDir };
}
