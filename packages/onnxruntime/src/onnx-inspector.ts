import { resolve } from "node:path";
import type { ModelInspectorPlugin } from "@prov4ml/core";
import { sha256File } from "@prov4ml/core/internal";
import { readOnnxModel } from "./onnx-model.ts";

function onnxPath(model: unknown): string | undefined {
  const path =
    typeof model === "string"
      ? model
      : typeof model === "object" && model !== null && typeof (model as { path?: unknown }).path === "string"
        ? (model as { path: string }).path
        : undefined;
  return path?.toLowerCase().endsWith(".onnx") ? path : undefined;
}

/**
 * A model inspector for `.onnx` files (a path, or `{ path }`): the parameter count and bytes from
 * the graph's initializers, one layer record per initializer, the file's SHA-256. Register it
 * before the built-ins (`createProv4ml({ plugins: [onnxModelInspector()] })`) and
 * `logModel("model.onnx", name)` reports parameters, not only bytes. A corrupt file throws
 * `OnnxModelError`.
 */
export function onnxModelInspector(): ModelInspectorPlugin {
  return {
    kind: "model-inspector",
    name: "onnx",
    specVersion: 1,
    async inspect(model) {
      const path = onnxPath(model);
      if (path === undefined) return undefined;
      const filePath = resolve(path);
      const summary = await readOnnxModel(filePath);
      return {
        format: "onnx",
        parameterCount: summary.parameterCount,
        memoryBytes: summary.parameterBytes,
        layers: summary.initializers.map((init) => ({
          name: init.name,
          parameterCount: init.elements,
          shape: init.dims,
          dtype: init.dtype,
        })),
        filePath,
        sha256: await sha256File(filePath),
      };
    },
  };
}
