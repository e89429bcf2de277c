/** The protobuf wire format's writing half, enough for an ONNX `ModelProto`. */

export type Field = Uint8Array;

function varint(value: number): number[] {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return bytes;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** A varint field (wire type 0). */
export function intField(number: number, value: number): Field {
  return Uint8Array.from([...varint(number * 8), ...varint(value)]);
}

/** A length-delimited field (wire type 2) holding bytes, a string or a nested message. */
export function bytesField(number: number, value: Uint8Array | string): Field {
  const bytes = typeof value === "string" ? new TextEncoder().encode(value) : value;
  return concat([Uint8Array.from([...varint(number * 8 + 2), ...varint(bytes.length)]), bytes]);
}

/** A message: its fields one after the other. */
export function message(...fields: readonly Field[]): Uint8Array {
  return concat(fields);
}
