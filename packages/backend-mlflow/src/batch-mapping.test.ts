import { type ArtifactEvent, type ModelEvent, silentLogger } from "@prov4ml/core";
import { describe, expect, it } from "vitest";
import { BatchMapper } from "./batch-mapping.ts";

function artifact(name: string, extra: Partial<ArtifactEvent> = {}): ArtifactEvent {
  return {
    type: "artifact",
    name,
    sourcePath: `/run/artifacts_GR0/${name}`,
    storedPath: `/run/artifacts_GR0/${name}`,
    isDirectory: false,
    size: 4,
    sha256: "cd".repeat(32),
    context: "training",
    isInput: false,
    isModel: false,
    timestamp: 0,
    ...extra,
  };
}

const mapper = () => new BatchMapper((chunk) => chunk.name, silentLogger, "MLflow backend");

describe("BatchMapper: a generated model's files have one owner", () => {
  it("leaves a generated model's files to its model event, which uploads them once", () => {
    const directory = artifact("net/tfjs_model", { isDirectory: true, isModel: true, model: "net" });
    const model: ModelEvent = {
      type: "model",
      name: "net",
      context: "training",
      info: { format: "tfjs-layers", parameterCount: 10 },
      artifact: directory,
      isInput: false,
      timestamp: 0,
    };
    const mapped = mapper().map({
      events: [
        directory,
        model,
        // logTfjsModel's per-file records (for their SHA-256s), parts of the same model
        artifact("net/weights.bin", { isModel: true, model: "net", storedPath: undefined }),
        artifact("net/model.json", { isModel: true, model: "net", storedPath: undefined }),
        artifact("net_layers_description.json"),
      ],
      metrics: [],
    });
    expect(mapped.artifacts.map((a) => a.path)).toEqual(["net_layers_description.json"]);
    expect(mapped.models).toHaveLength(1);
    expect(mapped.models[0]).toMatchObject({
      name: "net",
      file: "/run/artifacts_GR0/net/tfjs_model",
      runArtifactPath: "net/tfjs_model", // where a store without LoggedModels puts it, once
    });
  });

  it("keeps a file only flagged isModel as a run artifact", () => {
    const flagged = artifact("exported.onnx", { isModel: true });
    const mapped = mapper().map({ events: [flagged], metrics: [] });
    expect(mapped.artifacts.map((a) => a.path)).toEqual(["exported.onnx"]);
  });
});

describe("BatchMapper: files the run used are inputs, not uploads", () => {
  it("lists a used file among the run's inputs with its SHA-256, and uploads nothing", () => {
    const used = artifact("spirals.csv", {
      isInput: true,
      storedPath: undefined,
      sourcePath: "/data/spirals.csv",
    });
    const mapped = mapper().map({ events: [used], metrics: [] });
    expect(mapped.artifacts).toEqual([]);
    expect(mapped.datasets).toHaveLength(1);
    const entry = mapped.datasets[0]!.input;
    expect(entry.dataset).toMatchObject({
      name: "spirals.csv",
      digest: "cd".repeat(18),
      source_type: "local",
      source: JSON.stringify({ uri: "file:///data/spirals.csv" }),
    });
    expect(JSON.parse(entry.dataset.profile!)).toEqual({ sha256: "cd".repeat(32), size_bytes: 4 });
    expect(entry.tags).toEqual([
      { key: "prov4ml.input_artifact", value: "true" },
      { key: "mlflow.data.context", value: "training" },
    ]);
  });

  it("leaves a used model's file to its model event: neither uploaded nor listed twice", () => {
    const used = artifact("net/net.onnx", {
      isModel: true,
      model: "net",
      isInput: true,
      storedPath: undefined,
    });
    const mapped = mapper().map({ events: [used], metrics: [] });
    expect(mapped.artifacts).toEqual([]);
    expect(mapped.datasets).toEqual([]);
  });
});
