/**
 * The example training: an MLP learns the two-moons dataset while prov4ml records params,
 * per-epoch TRAINING and VALIDATION metrics, epoch times, the dataset and the model.
 *
 *   npm run example          (from the repository root)
 */
import * as prov4ml from "prov4ml";
import { createMlp, evaluate, trainEpoch } from "./mlp.ts";
import { makeMoons, split } from "./moons.ts";

export interface TrainingOptions {
  epochs?: number;
  provenanceSaveDir?: string;
  quiet?: boolean;
}

export async function train(options: TrainingOptions = {}) {
  const params = {
    learning_rate: 0.5,
    epochs: options.epochs ?? 30,
    batch_size: 32,
    hidden_units: 16,
    seed: 7,
  };
  const log = options.quiet ? () => {} : console.log;

  await prov4ml.startRun({
    provUserNamespace: "www.example.org",
    experimentName: "moons_mlp",
    provenanceSaveDir: options.provenanceSaveDir ?? "prov",
  });
  prov4ml.logParams(params);

  const [trainSet, validationSet] = split(makeMoons(2000, 0.15, params.seed), 0.2);
  prov4ml.logDataset(
    "moons_train",
    { stats: { total_samples: trainSet.count, batch_size: params.batch_size, noise: 0.15 } },
    { context: prov4ml.Context.TRAINING },
  );
  prov4ml.logDataset(
    "moons_validation",
    { stats: { total_samples: validationSet.count } },
    { context: prov4ml.Context.VALIDATION },
  );

  const model = createMlp(params.hidden_units, params.seed);
  for (let epoch = 0; epoch < params.epochs; epoch++) {
    const trainLoss = trainEpoch(model, trainSet, params.learning_rate, params.batch_size);
    const validation = evaluate(model, validationSet);
    prov4ml.logMetric("loss", trainLoss, prov4ml.Context.TRAINING, { step: epoch });
    prov4ml.logMetric("loss", validation.loss, prov4ml.Context.VALIDATION, { step: epoch });
    prov4ml.logMetric("accuracy", validation.accuracy, prov4ml.Context.VALIDATION, { step: epoch });
    prov4ml.logCurrentExecutionTime("epoch_end_seconds", prov4ml.Context.TRAINING, { step: epoch });
    await prov4ml.logSystemMetrics(prov4ml.Context.TRAINING, { step: epoch });
    if (epoch % 10 === 0 || epoch === params.epochs - 1) {
      log(
        `epoch ${epoch}: train loss ${trainLoss.toFixed(4)}, validation accuracy ${(validation.accuracy * 100).toFixed(1)}%`,
      );
    }
  }
  await prov4ml.logCarbonMetrics(prov4ml.Context.TRAINING, { step: params.epochs });
  await prov4ml.logModel(model, "moons_mlp");
  const result = await prov4ml.endRun({ createGraph: true, createSvg: true });
  log(`\nprovenance written to ${result.runDir}`);
  log(`  PROV-JSON: ${result.provJsonPath}`);
  log(`  graph:     ${result.files.svg ?? result.files.dot ?? "(none)"}`);
  log(
    `  energy:    ${(result.totals.energy_consumed ?? 0).toExponential(3)} kWh, ${(result.totals.emissions ?? 0).toExponential(3)} kg CO2eq`,
  );
  return { result, finalAccuracy: evaluate(model, validationSet).accuracy };
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].split("/").pop()!);
if (invokedDirectly) await train();
