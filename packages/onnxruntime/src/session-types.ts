/**
 * The parts of an onnxruntime `InferenceSession` read here, typed structurally: the package never
 * imports onnxruntime at run time, so the user's copy (node, web, a custom build) is the one used.
 */

export interface OrtTensorLike {
  readonly dims: readonly number[];
  readonly type: string;
}

export interface OrtValueMetadata {
  readonly name: string;
  readonly isTensor?: boolean;
  readonly type?: string;
  readonly shape?: readonly (number | string)[];
}

export interface OrtSessionLike {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** onnxruntime ≥ 1.21: names, types and shapes (symbolic dims as strings). */
  readonly inputMetadata?: readonly OrtValueMetadata[];
  readonly outputMetadata?: readonly OrtValueMetadata[];
  run(feeds: Record<string, OrtTensorLike>, ...rest: unknown[]): Promise<Record<string, OrtTensorLike>>;
}

export function isSessionLike(value: unknown): value is OrtSessionLike {
  if (typeof value !== "object" || value === null) return false;
  const session = value as Partial<OrtSessionLike>;
  return (
    typeof session.run === "function" &&
    Array.isArray(session.inputNames) &&
    Array.isArray(session.outputNames)
  );
}

/** `input:float32[batch,2]`, the way the params record a session's signature. */
export function describeValues(
  names: readonly string[],
  metadata: readonly OrtValueMetadata[] | undefined,
): string {
  return names
    .map((name) => {
      const meta = metadata?.find((m) => m.name === name);
      if (!meta?.type) return name;
      return `${name}:${meta.type}[${(meta.shape ?? []).join(",")}]`;
    })
    .join(";");
}
