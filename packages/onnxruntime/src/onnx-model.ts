import { readFile } from "node:fs/promises";
import { OnnxModelError } from "./errors.ts";
import { fields, packedVarints, utf8, WIRE_LENGTH_DELIMITED } from "./protobuf-reader.ts";

/** One initializer (a stored weight tensor) of the graph. */
export interface OnnxInitializer {
  readonly name: string;
  readonly dims: readonly number[];
  /** ONNX `TensorProto.DataType` name, e.g. `float32`. */
  readonly dtype: string;
  readonly elements: number;
}

/** What the header and the graph's initializers say about an `.onnx` file. */
export interface OnnxModelSummary {
  readonly irVersion?: number;
  readonly producerName?: string;
  readonly producerVersion?: string;
  /** Opset of the default (`ai.onnx`) domain. */
  readonly opset?: number;
  readonly graphName?: string;
  readonly initializers: readonly OnnxInitializer[];
  readonly parameterCount: number;
  /** Bytes of the initializers (elements × bytes of their type). */
  readonly parameterBytes: number;
}

// ONNX TensorProto.DataType → [name, bytes per element].
const DATA_TYPES: Record<number, [string, number]> = {
  1: ["float32", 4],
  2: ["uint8", 1],
  3: ["int8", 1],
  4: ["uint16", 2],
  5: ["int16", 2],
  6: ["int32", 4],
  7: ["int64", 8],
  8: ["string", 0],
  9: ["bool", 1],
  10: ["float16", 2],
  11: ["float64", 8],
  12: ["uint32", 4],
  13: ["uint64", 8],
  14: ["complex64", 8],
  15: ["complex128", 16],
  16: ["bfloat16", 2],
};

// Field numbers from onnx.proto3.
const MODEL = { irVersion: 1, producerName: 2, producerVersion: 3, graph: 7, opsetImport: 8 };
const GRAPH = { name: 2, initializer: 5 };
const TENSOR = { dims: 1, dataType: 2, name: 8 };
const OPSET = { domain: 1, version: 2 };

function readInitializer(bytes: Uint8Array): OnnxInitializer {
  const dims: number[] = [];
  let dataType = 0;
  let name = "";
  for (const field of fields(bytes)) {
    if (field.number === TENSOR.dims) dims.push(...packedVarints(field));
    else if (field.number === TENSOR.dataType) dataType = field.varint;
    else if (field.number === TENSOR.name && field.wireType === WIRE_LENGTH_DELIMITED) name = utf8(field);
  }
  const elements = dims.reduce((product, dim) => product * dim, 1);
  return { name, dims, dtype: DATA_TYPES[dataType]?.[0] ?? `type_${dataType}`, elements };
}

/** Parses an ONNX `ModelProto` held in memory; `label` names it in errors. */
export function parseOnnxModel(buffer: Uint8Array, label = "the model"): OnnxModelSummary {
  let irVersion: number | undefined;
  let producerName: string | undefined;
  let producerVersion: string | undefined;
  let opset: number | undefined;
  let graphName: string | undefined;
  let graphSeen = false;
  const initializers: OnnxInitializer[] = [];
  try {
    for (const field of fields(buffer)) {
      if (field.number === MODEL.irVersion) irVersion = field.varint;
      else if (field.number === MODEL.producerName) producerName = utf8(field);
      else if (field.number === MODEL.producerVersion) producerVersion = utf8(field);
      else if (field.number === MODEL.opsetImport) {
        let domain = "";
        let version: number | undefined;
        for (const f of fields(field.bytes)) {
          if (f.number === OPSET.domain) domain = utf8(f);
          else if (f.number === OPSET.version) version = f.varint;
        }
        if (domain === "" || domain === "ai.onnx") opset = version;
      } else if (field.number === MODEL.graph && field.wireType === WIRE_LENGTH_DELIMITED) {
        graphSeen = true;
        for (const f of fields(field.bytes)) {
          if (f.number === GRAPH.name) graphName = utf8(f);
          else if (f.number === GRAPH.initializer) initializers.push(readInitializer(f.bytes));
        }
      }
    }
  } catch (error) {
    throw new OnnxModelError(label, error instanceof Error ? error.message : String(error));
  }
  if (!graphSeen || irVersion === undefined) throw new OnnxModelError(label, "no ir_version or graph");
  const parameterCount = initializers.reduce((sum, init) => sum + init.elements, 0);
  const parameterBytes = initializers.reduce(
    (sum, init) => sum + init.elements * (DATA_TYPES[dtypeCode(init.dtype)]?.[1] ?? 0),
    0,
  );
  return {
    irVersion,
    producerName,
    producerVersion,
    opset,
    graphName,
    initializers,
    parameterCount,
    parameterBytes,
  };
}

function dtypeCode(name: string): number {
  return Number(Object.entries(DATA_TYPES).find(([, [dtype]]) => dtype === name)?.[0] ?? 0);
}

/** Reads and parses an `.onnx` file; a corrupt file throws `OnnxModelError`. */
export async function readOnnxModel(path: string): Promise<OnnxModelSummary> {
  const buffer = await readFile(path).catch((error: NodeJS.ErrnoException) => {
    throw new OnnxModelError(path, error.code === "ENOENT" ? "no such file" : error.message);
  });
  return parseOnnxModel(buffer, path);
}
