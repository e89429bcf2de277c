/** Test helper: a run directory as prov4ml writes it (document + metric CSV), built by hand. */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  METRIC_CSV_HEADER,
  MLS_NS,
  metricFilePath,
  numberValue,
  PROV4ML_NS,
  ProvDocument,
  provFileName,
  qualifiedNameValue,
} from "@prov4ml/core";
import { toProvJson } from "@prov4ml/exporter-prov";

export interface HandMadeRun {
  dir: string;
  file: string;
  points: { step: number; value: number; timestamp: number }[];
}

export function writeProv4mlRun(options: { status: string; carbon?: boolean }): HandMadeRun {
  const dir = mkdtempSync(join(tmpdir(), "prov4ml-cli-"));
  const points = [0, 1, 2, 3].map((step) => ({
    step,
    value: 1 / (step + 1),
    timestamp: 1_700_000_000_000 + step * 1000,
  }));
  const csv = metricFilePath("loss", "training", "user", 0);
  mkdirSync(join(dir, "metrics_GR0"), { recursive: true });
  writeFileSync(
    join(dir, csv),
    `${METRIC_CSV_HEADER}\n${points.map((p) => `${p.step},${p.value},${p.timestamp}`).join("\n")}\n`,
  );

  const doc = new ProvDocument({
    defaultNamespace: "http://example.org/mnist_GR0_1/",
    namespaces: { prov4ml: PROV4ML_NS, mls: MLS_NS },
  });
  doc.activity(
    "mnist_GR0_1",
    Date.UTC(2025, 0, 1),
    options.status === "RUNNING" ? undefined : Date.UTC(2025, 0, 1, 0, 2),
    {
      "prov:type": qualifiedNameValue("mls:Run"),
      "prov4ml:experiment_name": "mnist",
      "prov4ml:status": options.status,
      ...(options.carbon
        ? {
            "prov4ml:carbon_emissions_kg": numberValue(0.0125),
            "prov4ml:carbon_energy_consumed_kwh": numberValue(0.05),
          }
        : {}),
    },
  );
  doc.entity("mnist_GR0_1.param.lr", {
    "prov:type": qualifiedNameValue("mls:HyperParameterSetting"),
    "prov:label": "lr",
    "prov:value": "0.01",
  });
  doc.used("mnist_GR0_1", "mnist_GR0_1.param.lr");
  doc.entity("mnist_GR0_1.metric.training.loss.user", {
    "prov:type": qualifiedNameValue("prov4ml:Metric"),
    "prov4ml:name": "loss",
    "prov4ml:context": "training",
    "prov4ml:source": "user",
    "prov4ml:count": numberValue(points.length),
    "prov4ml:first": numberValue(points[0]!.value),
    "prov4ml:last": numberValue(points.at(-1)!.value),
    "prov4ml:min": numberValue(Math.min(...points.map((p) => p.value))),
    "prov4ml:max": numberValue(Math.max(...points.map((p) => p.value))),
    "prov4ml:file": csv,
  });
  doc.wasGeneratedBy("mnist_GR0_1.metric.training.loss.user", "mnist_GR0_1");
  const file = join(dir, provFileName("mnist_GR0_1", ".json"));
  writeFileSync(file, toProvJson(doc));
  return { dir, file, points };
}
