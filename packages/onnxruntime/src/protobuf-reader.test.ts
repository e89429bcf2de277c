import { describe, expect, it } from "vitest";
import { parseOnnxModel } from "./onnx-model.ts";
import { fields, ProtoReader, packedVarints } from "./protobuf-reader.ts";

// Hand-encoded wire bytes: key = field << 3 | wire type.
const varint = (n: number) => {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
  return out;
};
const len = (field: number, bytes: number[]) => [...varint(field * 8 + 2), ...varint(bytes.length), ...bytes];
const int = (field: number, value: number) => [...varint(field * 8), ...varint(value)];

describe("the protobuf reader", () => {
  it("reads varints past 32 bits and both encodings of repeated int64", () => {
    expect(new ProtoReader(Uint8Array.from(varint(2 ** 40 + 5))).varint()).toBe(2 ** 40 + 5);
    const [packed] = [...fields(Uint8Array.from(len(1, [...varint(3), ...varint(300)])))];
    expect(packed && packedVarints(packed)).toEqual([3, 300]);
    const unpacked = [...fields(Uint8Array.from([...int(1, 3), ...int(1, 300)]))];
    expect(unpacked.flatMap(packedVarints)).toEqual([3, 300]);
  });

  it("counts initializers with either dims encoding, skips unknown fields, reads the default opset", () => {
    const tensorA = len(5, [...int(1, 4), ...int(1, 5), ...int(2, 1), ...len(8, [0x61])]); // 4×5 float
    const tensorB = len(5, [...len(1, varint(7)), ...int(2, 7), ...len(8, [0x62])]); // [7] int64
    const graph = len(7, [...len(2, [0x67]), ...tensorA, ...tensorB, ...len(99, [1, 2, 3])]);
    const opsets = [
      ...len(8, [...len(1, [...Buffer.from("ai.onnx.ml")]), ...int(2, 3)]),
      ...len(8, int(2, 19)),
    ];
    const summary = parseOnnxModel(Uint8Array.from([...int(1, 9), ...graph, ...opsets]));
    expect(summary).toMatchObject({
      irVersion: 9,
      opset: 19,
      graphName: "g",
      parameterCount: 27,
      parameterBytes: 20 * 4 + 7 * 8,
    });
    expect(summary.initializers.map((i) => [i.name, i.dtype])).toEqual([
      ["a", "float32"],
      ["b", "int64"],
    ]);
  });

  it("refuses truncated fields and a model without a graph", () => {
    expect(() => parseOnnxModel(Uint8Array.from([...int(1, 9), 0x3a, 0x10, 1]))).toThrow(/runs past the end/);
    expect(() => parseOnnxModel(Uint8Array.from(int(1, 9)))).toThrow(/no ir_version or graph/);
    expect(() => parseOnnxModel(Uint8Array.from([0x0b]))).toThrow(/wire type 3/);
  });
});
