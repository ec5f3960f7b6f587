import { closeSync, fstatSync, openSync, readFileSync, readSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_SAFETENSORS_HEADER_BYTES } from '@alloy/contracts';

const DTYPE_BYTES: Partial<Record<string, number>> = { F32: 4, F16: 2, BF16: 2 };

/**
 * The header length of a safetensors file, checked against the limit and the file's size from its
 * first 8 bytes alone, before the file is read.
 */
export function safetensorsHeaderLength(path: string): number {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const head = Buffer.alloc(8);
    if (size < 8 || readSync(fd, head, 0, 8, 0) !== 8) {
      throw new Error(`${path}: truncated safetensors file`);
    }
    const length = head.readBigUInt64LE(0);
    if (length > BigInt(MAX_SAFETENSORS_HEADER_BYTES)) {
      throw new Error(
        `${path}: the safetensors header length field says ${length} bytes, above the limit of ${MAX_SAFETENSORS_HEADER_BYTES}`,
      );
    }
    if (8 + Number(length) > size) throw new Error(`${path}: truncated safetensors file`);
    return Number(length);
  } finally {
    closeSync(fd);
  }
}

interface TensorEntry {
  dtype: string;
  shape: number[];
  data: Buffer;
}

/**
 * Reads the tensors of a Hugging Face checkpoint (`model.safetensors` or its shards) and hands
 * them out as float32, whatever their stored type (F32, F16 or BF16).
 */
export class SafetensorsReader {
  private readonly tensors = new Map<string, TensorEntry>();

  constructor(modelDir: string) {
    const files = readdirSync(modelDir).filter((f) => f.endsWith('.safetensors'));
    if (files.length === 0) throw new Error(`no .safetensors file in ${modelDir}`);
    for (const file of files.sort()) this.readFile(join(modelDir, file));
  }

  /** Every tensor of the checkpoint, in file order, so a converter can account for each. */
  names(): string[] {
    return [...this.tensors.keys()];
  }

  has(name: string): boolean {
    return this.tensors.has(name);
  }

  shape(name: string): number[] {
    return this.entry(name).shape;
  }

  float32(name: string): Float32Array {
    const { dtype, data } = this.entry(name);
    switch (dtype) {
      case 'F32': {
        // Copy so the result is aligned and owned by the caller.
        const out = new Float32Array(data.byteLength / 4);
        new Uint8Array(out.buffer).set(data);
        return out;
      }
      case 'F16': {
        const out = new Float32Array(data.byteLength / 2);
        for (let i = 0; i < out.length; i++) out[i] = halfToFloat(data.readUInt16LE(i * 2));
        return out;
      }
      case 'BF16': {
        const out = new Float32Array(data.byteLength / 2);
        const bits = new Uint32Array(out.buffer);
        for (let i = 0; i < out.length; i++) bits[i] = data.readUInt16LE(i * 2) << 16;
        return out;
      }
      default:
        throw new Error(`tensor ${name}: unsupported dtype ${dtype}`);
    }
  }

  private entry(name: string): TensorEntry {
    const entry = this.tensors.get(name);
    if (!entry) throw new Error(`tensor ${name} not found in the checkpoint`);
    return entry;
  }

  private readFile(path: string): void {
    const headerLength = safetensorsHeaderLength(path);
    const file = readFileSync(path);
    const header = JSON.parse(file.subarray(8, 8 + headerLength).toString('utf8')) as Record<
      string,
      { dtype: string; shape: number[]; data_offsets: [number, number] }
    >;
    const body = 8 + headerLength;
    for (const [name, meta] of Object.entries(header)) {
      if (name === '__metadata__') continue;
      const offsets: unknown[] = Array.isArray(meta.data_offsets) ? meta.data_offsets : [];
      const shape: unknown[] = Array.isArray(meta.shape) ? meta.shape : [];
      const [start, end] = offsets;
      const bytesPerElement = DTYPE_BYTES[meta.dtype];
      if (
        !shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0) ||
        !Number.isSafeInteger(start) ||
        !Number.isSafeInteger(end) ||
        (start as number) < 0 ||
        (end as number) < (start as number) ||
        body + (end as number) > file.length ||
        // a dtype this reader does not convert is refused when read, by name
        (bytesPerElement !== undefined &&
          (end as number) - (start as number) !==
            (shape as number[]).reduce((a, b) => a * b, 1) * bytesPerElement)
      ) {
        throw new Error(`${path}: tensor ${name} has a bad shape or byte range`);
      }
      this.tensors.set(name, {
        dtype: meta.dtype,
        shape: shape as number[],
        data: file.subarray(body + (start as number), body + (end as number)),
      });
    }
  }
}

export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}
