import type { DatasetElementField } from "@prov4ml/core";

interface TensorLike {
  readonly shape: readonly number[];
  readonly dtype: string;
  dispose?(): void;
}

function isTensor(value: unknown): value is TensorLike {
  return (
    typeof value === "object" &&
    value !== null &&
    Array.isArray((value as TensorLike).shape) &&
    typeof (value as TensorLike).dtype === "string"
  );
}

const TYPED_ARRAY_DTYPES: Record<string, string> = {
  Float32Array: "float32",
  Float64Array: "float64",
  Int32Array: "int32",
  Int16Array: "int16",
  Int8Array: "int8",
  Uint8Array: "uint8",
  Uint8ClampedArray: "uint8",
  Uint16Array: "uint16",
  Uint32Array: "uint32",
};

/**
 * The leaves of one dataset element — `{ xs: Tensor, ys: Tensor }`, `[Tensor, Tensor]`, a bare
 * tensor, plain numbers or nested number arrays — as paths with dtype and shape. Every tensor met
 * is disposed: the element was read for its spec only.
 */
export function elementSpecOf(element: unknown): DatasetElementField[] {
  const fields: DatasetElementField[] = [];
  visit(element, "element", fields);
  return fields;
}

function visit(value: unknown, path: string, fields: DatasetElementField[]): void {
  const add = (dtype: string, shape: readonly (number | null)[]) => void fields.push({ path, dtype, shape });
  if (isTensor(value)) {
    add(value.dtype, [...value.shape]);
    value.dispose?.();
    return;
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const dtype = TYPED_ARRAY_DTYPES[value.constructor.name] ?? value.constructor.name;
    add(dtype, [(value as unknown as ArrayLike<unknown>).length]);
    return;
  }
  const numeric = numericShape(value);
  if (numeric !== undefined) {
    add("number", numeric);
    return;
  }
  if (typeof value === "object" && value !== null) {
    for (const [key, child] of Object.entries(value))
      visit(child, path === "element" ? key : `${path}.${key}`, fields);
    return;
  }
  add(value === null ? "null" : typeof value === "boolean" ? "bool" : typeof value, []);
}

/**
 * Shape of a number or a nested array of numbers (`[[1, 2], [3, 4]]` → `[2, 2]`), with `null` for
 * a dimension whose lengths differ; `undefined` for anything else.
 */
function numericShape(value: unknown): (number | null)[] | undefined {
  if (typeof value === "number") return [];
  if (!Array.isArray(value)) return undefined;
  if (value.length === 0) return [0];
  const inner = numericShape(value[0]);
  if (inner === undefined) return undefined;
  for (let i = 1; i < value.length; i++) {
    const next = numericShape(value[i]);
    if (next === undefined || next.length !== inner.length) return undefined;
    for (let d = 0; d < inner.length; d++) if (inner[d] !== next[d]) inner[d] = null;
  }
  return [value.length, ...inner];
}
