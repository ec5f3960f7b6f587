import { floatToHalf } from '../quant/float16';

/** Elements per block of ggml's q8_0 and q4_0. */
export const QK = 32;

const f = Math.fround;

/** C's roundf: halves away from zero (Math.round would send -2.5 to -2). */
const roundf = (x: number): number => (x < 0 ? -Math.round(-x) : Math.round(x));

/**
 * ggml's q8_0 (`quantize_row_q8_0_ref`): per block of 32, d = max|x| / 127 stored as f16, then
 * 32 int8 values round(x / d). 34 bytes a block. The arithmetic is float32, as in C.
 */
export function quantizeQ8_0(values: Float32Array): Buffer {
  if (values.length % QK !== 0) throw new Error(`q8_0 needs a multiple of ${QK} values`);
  const blocks = values.length / QK;
  const out = Buffer.alloc(blocks * 34);
  for (let b = 0; b < blocks; b++) {
    const base = b * QK;
    let amax = 0;
    for (let j = 0; j < QK; j++) amax = Math.max(amax, Math.abs(values[base + j]));
    const d = f(amax / 127);
    const id = d ? f(1 / d) : 0;
    const o = b * 34;
    out.writeUInt16LE(floatToHalf(d), o);
    for (let j = 0; j < QK; j++) out.writeInt8(roundf(f(values[base + j] * id)), o + 2 + j);
  }
  return out;
}

/**
 * ggml's q4_0 (`quantize_row_q4_0_ref`): per block of 32, d = (the value of largest magnitude) / -8
 * as f16, q = min(15, trunc(x / d + 8.5)); byte j holds element j in its low nibble and element
 * j + 16 in its high one. A value is (q - 8) * d. 18 bytes a block.
 */
export function quantizeQ4_0(values: Float32Array): Buffer {
  if (values.length % QK !== 0) throw new Error(`q4_0 needs a multiple of ${QK} values`);
  const blocks = values.length / QK;
  const out = Buffer.alloc(blocks * 18);
  for (let b = 0; b < blocks; b++) {
    const base = b * QK;
    let amax = 0;
    let max = 0;
    for (let j = 0; j < QK; j++) {
      const v = values[base + j];
      if (amax < Math.abs(v)) {
        amax = Math.abs(v);
        max = v;
      }
    }
    const d = f(max / -8);
    const id = d ? f(1 / d) : 0;
    const o = b * 18;
    out.writeUInt16LE(floatToHalf(d), o);
    for (let j = 0; j < QK / 2; j++) {
      const x0 = f(values[base + j] * id);
      const x1 = f(values[base + QK / 2 + j] * id);
      const q0 = Math.min(15, Math.trunc(f(x0 + 8.5)));
      const q1 = Math.min(15, Math.trunc(f(x1 + 8.5)));
      out[o + 2 + j] = q0 | (q1 << 4);
    }
  }
  return out;
}

export function toF16Bytes(values: Float32Array): Buffer {
  const out = Buffer.alloc(values.length * 2);
  for (let i = 0; i < values.length; i++) out.writeUInt16LE(floatToHalf(values[i]), i * 2);
  return out;
}

export function toF32Bytes(values: Float32Array): Buffer {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
}
