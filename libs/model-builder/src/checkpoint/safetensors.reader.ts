import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

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
    const file = readFileSync(path);
    const headerLength = Number(file.readBigUInt64LE(0));
    const header = JSON.parse(file.subarray(8, 8 + headerLength).toString('utf8')) as Record<
      string,
      { dtype: string; shape: number[]; data_offsets: [number, number] }
    >;
    const body = 8 + headerLength;
    for (const [name, meta] of Object.entries(header)) {
      if (name === '__metadata__') continue;
      const [start, end] = meta.data_offsets;
      this.tensors.set(name, {
        dtype: meta.dtype,
        shape: meta.shape,
        data: file.subarray(body + start, body + end),
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
