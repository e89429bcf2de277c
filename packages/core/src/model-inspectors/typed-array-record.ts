import type { LayerInfo, ModelInspectorPlugin } from "../plugins/model-inspector.ts";

type NumericArray =
  | Float32Array
  | Float64Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Uint8Array
  | Uint16Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array;

function isNumericTypedArray(value: unknown): value is NumericArray {
  return ArrayBuffer.isView(value) && !(value instanceof DataView);
}

/**
 * Plain-object models: a record whose values are typed arrays (or nested records of them), e.g.
 * `{ w1: Float32Array, b1: Float32Array }`. Every element is a parameter.
 */
export function typedArrayRecordInspector(): ModelInspectorPlugin {
  return {
    kind: "model-inspector",
    name: "typed-array-record",
    specVersion: 1,
    inspect(model) {
      if (typeof model !== "object" || model === null || Array.isArray(model) || isNumericTypedArray(model)) {
        return undefined;
      }
      const layers: LayerInfo[] = [];
      let memoryBytes = 0;
      const visit = (value: unknown, path: string, depth: number): boolean => {
        if (isNumericTypedArray(value)) {
          layers.push({ name: path, parameterCount: value.length, dtype: value.constructor.name });
          memoryBytes += value.byteLength;
          return true;
        }
        if (depth > 8 || typeof value !== "object" || value === null) return false;
        let found = false;
        for (const [key, child] of Object.entries(value)) {
          if (visit(child, path ? `${path}.${key}` : key, depth + 1)) found = true;
        }
        return found;
      };
      if (!visit(model, "", 0)) return undefined;
      const parameterCount = layers.reduce((sum, layer) => sum + layer.parameterCount, 0);
      return { format: "typed-array-record", parameterCount, memoryBytes, layers };
    },
  };
}
