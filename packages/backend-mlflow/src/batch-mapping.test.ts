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

  it("keeps other files as run artifacts: a model file an evaluation used, a file only flagged isModel", () => {
    const used = artifact("net/net.onnx", { isModel: true, model: "net", isInput: true });
    const flagged = artifact("exported.onnx", { isModel: true });
    const mapped = mapper().map({ events: [used, flagged], metrics: [] });
    expect(mapped.artifacts.map((a) => a.path)).toEqual(["net/net.onnx", "exported.onnx"]);
  });
});
