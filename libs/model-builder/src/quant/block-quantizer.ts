/** A weight packed for onnxruntime's MatMulNBits (com.microsoft), symmetric, no zero points. */
export interface PackedWeight {
  /** uint8 [N, blocksPerRow, blockSize * bits / 8] */
  data: Uint8Array;
  /** float32 [N * blocksPerRow] */
  scales: Float32Array;
  n: number;
  k: number;
  blocksPerRow: number;
}

export type QuantBits = 4 | 8;

/**
 * Block-wise symmetric quantisation of a weight stored as Hugging Face does, [N (out), K (in)].
 * MatMulNBits without zero points uses 2^(bits-1) as the zero point, so q = round(w / s) + 2^(bits-1).
 */
export function quantizeBlockwise(
  weight: Float32Array,
  n: number,
  k: number,
  bits: QuantBits,
  blockSize: number,
): PackedWeight {
  if (blockSize < 16 || (blockSize & (blockSize - 1)) !== 0) {
    throw new Error(`block size must be a power of two >= 16, got ${blockSize}`);
  }
  const blocksPerRow = Math.ceil(k / blockSize);
  const blobSize = (blockSize * bits) / 8;
  const zero = 1 << (bits - 1);
  const qmax = zero - 1;
  const data = new Uint8Array(n * blocksPerRow * blobSize);
  const scales = new Float32Array(n * blocksPerRow);
  for (let row = 0; row < n; row++) {
    for (let block = 0; block < blocksPerRow; block++) {
      const start = row * k + block * blockSize;
      const end = row * k + Math.min(k, (block + 1) * blockSize);
      let amax = 0;
      for (let i = start; i < end; i++) amax = Math.max(amax, Math.abs(weight[i]));
      const scale = Math.fround(amax > 0 ? amax / qmax : 1);
      scales[row * blocksPerRow + block] = scale;
      const blob = (row * blocksPerRow + block) * blobSize;
      for (let j = 0; j < blockSize; j++) {
        const idx = start + j;
        const q = idx < end ? clamp(Math.round(weight[idx] / scale) + zero, 0, 2 * zero - 1) : zero;
        if (bits === 8) data[blob + j] = q;
        else data[blob + (j >> 1)] |= j & 1 ? q << 4 : q;
      }
    }
  }
  return { data, scales, n, k, blocksPerRow };
}

/** The float32 weight [N, K] that a packed weight stands for: (q - zero) * scale per block. */
export function dequantizeBlockwise(
  packed: PackedWeight,
  bits: QuantBits,
  blockSize: number,
): Float32Array {
  const { n, k, blocksPerRow, data, scales } = packed;
  const blobSize = (blockSize * bits) / 8;
  const zero = 1 << (bits - 1);
  const out = new Float32Array(n * k);
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < k; col++) {
      const block = Math.floor(col / blockSize);
      const j = col % blockSize;
      const blob = (row * blocksPerRow + block) * blobSize;
      const q = bits === 8 ? data[blob + j] : (data[blob + (j >> 1)] >> (j & 1 ? 4 : 0)) & 0xf;
      out[row * k + col] = (q - zero) * scales[row * blocksPerRow + block];
    }
  }
  return out;
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
