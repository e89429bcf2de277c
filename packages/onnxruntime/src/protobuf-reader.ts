/**
 * The smallest protobuf wire-format reader that reads ONNX headers and initializer shapes:
 * varints, length-delimited fields and skipping of everything else. Malformed input throws a
 * plain `RangeError` that callers turn into a typed error.
 */

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LENGTH_DELIMITED = 2;
export const WIRE_FIXED32 = 5;

export interface ProtoField {
  readonly number: number;
  readonly wireType: number;
  /** For varints: the value (as a number; ONNX dims and versions fit in 2^53). */
  readonly varint: number;
  /** For length-delimited fields: the bytes (a view, never a copy). */
  readonly bytes: Uint8Array;
}

export class ProtoReader {
  private offset = 0;
  constructor(private readonly buffer: Uint8Array) {}

  get done(): boolean {
    return this.offset >= this.buffer.length;
  }

  varint(): number {
    let result = 0;
    let multiplier = 1;
    for (let i = 0; i < 10; i++) {
      if (this.offset >= this.buffer.length) throw new RangeError("truncated varint");
      const byte = this.buffer[this.offset++] as number;
      result += (byte & 0x7f) * multiplier;
      if ((byte & 0x80) === 0) return result;
      multiplier *= 128;
    }
    throw new RangeError("varint longer than 10 bytes");
  }

  /** The next field, or throws on malformed input. */
  field(): ProtoField {
    const key = this.varint();
    const number = Math.floor(key / 8);
    const wireType = key % 8;
    if (number === 0) throw new RangeError("field number 0");
    switch (wireType) {
      case WIRE_VARINT:
        return { number, wireType, varint: this.varint(), bytes: EMPTY };
      case WIRE_FIXED64:
        return { number, wireType, varint: 0, bytes: this.take(8) };
      case WIRE_LENGTH_DELIMITED:
        return { number, wireType, varint: 0, bytes: this.take(this.varint()) };
      case WIRE_FIXED32:
        return { number, wireType, varint: 0, bytes: this.take(4) };
      default:
        throw new RangeError(`unsupported wire type ${wireType}`);
    }
  }

  private take(length: number): Uint8Array {
    const end = this.offset + length;
    if (end > this.buffer.length) throw new RangeError("length-delimited field runs past the end");
    const bytes = this.buffer.subarray(this.offset, end);
    this.offset = end;
    return bytes;
  }
}

const EMPTY = new Uint8Array(0);

/** Every field of one message, in order. */
export function* fields(buffer: Uint8Array): Generator<ProtoField> {
  const reader = new ProtoReader(buffer);
  while (!reader.done) yield reader.field();
}

/** A repeated int64 field: packed (one length-delimited run) or one varint per element. */
export function packedVarints(field: ProtoField): number[] {
  if (field.wireType === WIRE_VARINT) return [field.varint];
  const reader = new ProtoReader(field.bytes);
  const values: number[] = [];
  while (!reader.done) values.push(reader.varint());
  return values;
}

const decoder = new TextDecoder("utf-8", { fatal: true });

export function utf8(field: ProtoField): string {
  return decoder.decode(field.bytes);
}
