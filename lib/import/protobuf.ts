// Just enough Protocol Buffers to read the few Anki messages the importer needs (package meta,
// media list, note type and template configs): varints and length-delimited fields; fixed-width
// fields are skipped; groups are refused. Varints above 2^53 lose precision (none we read can be).

export type PbValue = number | Uint8Array;
export interface PbField {
  field: number;
  wire: 0 | 1 | 2 | 5;
  value: PbValue;
}

export class ProtobufError extends Error {}

export function readProtobuf(bytes: Uint8Array): PbField[] {
  const fields: PbField[] = [];
  let at = 0;
  const varint = () => {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (at >= bytes.length) throw new ProtobufError("truncated varint");
      const b = bytes[at++];
      value += (b & 0x7f) * scale;
      if (!(b & 0x80)) return value;
      scale *= 128;
    }
    throw new ProtobufError("varint too long");
  };
  while (at < bytes.length) {
    const key = varint();
    const field = Math.floor(key / 8);
    const wire = key % 8;
    if (field === 0) throw new ProtobufError("field number 0");
    if (wire === 0) fields.push({ field, wire, value: varint() });
    else if (wire === 2) {
      const length = varint();
      if (at + length > bytes.length) throw new ProtobufError("truncated field");
      fields.push({ field, wire, value: bytes.subarray(at, at + length) });
      at += length;
    } else if (wire === 1 || wire === 5) {
      const width = wire === 1 ? 8 : 4;
      if (at + width > bytes.length) throw new ProtobufError("truncated field");
      fields.push({ field, wire, value: bytes.subarray(at, at + width) });
      at += width;
    } else throw new ProtobufError(`unsupported wire type ${wire}`);
  }
  return fields;
}

const utf8 = new TextDecoder("utf-8");

/** The last value of a field as a string ("" when absent), as proto3 reads it. */
export function pbString(fields: PbField[], field: number): string {
  const f = fields.findLast((x) => x.field === field && x.wire === 2);
  return f ? utf8.decode(f.value as Uint8Array) : "";
}

/** The last value of a varint field (0 when absent). */
export function pbNumber(fields: PbField[], field: number): number {
  const f = fields.findLast((x) => x.field === field && x.wire === 0);
  return f ? (f.value as number) : 0;
}

/** Every length-delimited value of a repeated field. */
export function pbMessages(fields: PbField[], field: number): Uint8Array[] {
  return fields.filter((x) => x.field === field && x.wire === 2).map((x) => x.value as Uint8Array);
}

// Writing, for tests and fixtures.
function writeVarint(n: number, out: number[]): void {
  while (n >= 128) {
    out.push((n % 128) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
}

/** Encodes fields (numbers as varints, strings as UTF-8, bytes as is). */
export function writeProtobuf(fields: Array<[number, number | string | Uint8Array]>): Uint8Array {
  const out: number[] = [];
  for (const [field, value] of fields) {
    if (typeof value === "number") {
      writeVarint(field * 8, out);
      writeVarint(value, out);
    } else {
      const bytes = typeof value === "string" ? new TextEncoder().encode(value) : value;
      writeVarint(field * 8 + 2, out);
      writeVarint(bytes.length, out);
      for (const b of bytes) out.push(b);
    }
  }
  return Uint8Array.from(out);
}
