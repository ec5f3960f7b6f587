/**
 * GGUF v3 container writing (https://github.com/ggml-org/ggml/blob/master/docs/gguf.md): the
 * header, the metadata key/values and the tensor infos are laid out up front, so the file's size is
 * known before any tensor is converted and the data can be streamed one tensor at a time.
 */

export const GGUF_MAGIC = 0x46554747; // "GGUF" read as a little-endian uint32
export const GGUF_VERSION = 3;
/** The spec's default alignment; not written as general.alignment because readers assume it. */
export const GGUF_ALIGNMENT = 32;

/** ggml tensor types this writer produces (values of ggml's `enum ggml_type`). */
export enum GgmlType {
  F32 = 0,
  F16 = 1,
  Q4_0 = 2,
  Q8_0 = 8,
}

/** Block size in elements and bytes per block of each ggml type. */
export const GGML_BLOCK: Record<GgmlType, { elements: number; bytes: number }> = {
  [GgmlType.F32]: { elements: 1, bytes: 4 },
  [GgmlType.F16]: { elements: 1, bytes: 2 },
  [GgmlType.Q4_0]: { elements: 32, bytes: 2 + 16 },
  [GgmlType.Q8_0]: { elements: 32, bytes: 2 + 32 },
};

enum ValueType {
  UINT32 = 4,
  INT32 = 5,
  FLOAT32 = 6,
  BOOL = 7,
  STRING = 8,
  ARRAY = 9,
}

/** A metadata value with the GGUF type it is written as. */
export type GgufValue =
  | { type: 'u32'; value: number }
  | { type: 'f32'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'string'; value: string }
  | { type: 'string[]'; value: string[] }
  | { type: 'i32[]'; value: number[] };

export interface GgufTensorInfo {
  name: string;
  /** PyTorch order (outermost first); written reversed, as ggml's ne[0] is the innermost. */
  shape: number[];
  type: GgmlType;
}

/** Bytes of a tensor's data; rows must hold whole blocks (checked by the caller's type choice). */
export function tensorBytes(info: GgufTensorInfo): number {
  const block = GGML_BLOCK[info.type];
  const count = info.shape.reduce((a, b) => a * b, 1);
  return (count / block.elements) * block.bytes;
}

export const alignUp = (n: number, alignment = GGUF_ALIGNMENT): number =>
  Math.ceil(n / alignment) * alignment;

class ByteSink {
  private readonly parts: Buffer[] = [];
  length = 0;

  push(b: Buffer): void {
    this.parts.push(b);
    this.length += b.length;
  }
  u32(v: number): void {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v);
    this.push(b);
  }
  i32(v: number): void {
    const b = Buffer.alloc(4);
    b.writeInt32LE(v);
    this.push(b);
  }
  u64(v: number): void {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(v));
    this.push(b);
  }
  f32(v: number): void {
    const b = Buffer.alloc(4);
    b.writeFloatLE(v);
    this.push(b);
  }
  string(s: string): void {
    const bytes = Buffer.from(s, 'utf8');
    this.u64(bytes.length);
    this.push(bytes);
  }
  concat(): Buffer {
    return Buffer.concat(this.parts, this.length);
  }
}

function writeValue(sink: ByteSink, v: GgufValue): void {
  switch (v.type) {
    case 'u32':
      sink.u32(ValueType.UINT32);
      sink.u32(v.value);
      return;
    case 'f32':
      sink.u32(ValueType.FLOAT32);
      sink.f32(v.value);
      return;
    case 'bool':
      sink.u32(ValueType.BOOL);
      sink.push(Buffer.of(v.value ? 1 : 0));
      return;
    case 'string':
      sink.u32(ValueType.STRING);
      sink.string(v.value);
      return;
    case 'string[]':
      sink.u32(ValueType.ARRAY);
      sink.u32(ValueType.STRING);
      sink.u64(v.value.length);
      for (const s of v.value) sink.string(s);
      return;
    case 'i32[]':
      sink.u32(ValueType.ARRAY);
      sink.u32(ValueType.INT32);
      sink.u64(v.value.length);
      for (const n of v.value) sink.i32(n);
      return;
  }
}

export interface GgufLayout {
  /** Header, metadata and tensor infos, padded to the alignment: the data section follows. */
  header: Buffer;
  /** Each tensor's offset from the start of the data section (aligned). */
  offsets: number[];
  /** Size of the whole file in bytes (every tensor padded to the alignment). */
  totalBytes: number;
}

/** Lays out a GGUF file: the header bytes and where each tensor's data goes. */
export function layoutGguf(metadata: [string, GgufValue][], tensors: GgufTensorInfo[]): GgufLayout {
  const sink = new ByteSink();
  sink.u32(GGUF_MAGIC);
  sink.u32(GGUF_VERSION);
  sink.u64(tensors.length);
  sink.u64(metadata.length);
  for (const [key, value] of metadata) {
    sink.string(key);
    writeValue(sink, value);
  }
  const offsets: number[] = [];
  let offset = 0;
  for (const t of tensors) {
    sink.string(t.name);
    sink.u32(t.shape.length);
    for (const d of [...t.shape].reverse()) sink.u64(d);
    sink.u32(t.type);
    sink.u64(offset);
    offsets.push(offset);
    offset = alignUp(offset + tensorBytes(t));
  }
  sink.push(Buffer.alloc(alignUp(sink.length) - sink.length));
  const header = sink.concat();
  // The last tensor is padded too, as gguf-py writes it: `offset` is the data section's size.
  return { header, offsets, totalBytes: header.length + offset };
}
