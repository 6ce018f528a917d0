// The demo's matrix products (src/gemm.mjs, src/gemm-wasm.mjs) against a plain triple loop:
// both transposes of A, offsets, sizes that do not fill the 4×4 (JavaScript) and 4×8
// (WebAssembly) blocks, and large products.
import { describe, expect, it } from 'vitest';
import { gemm, gemmJs } from '../src/gemm.mjs';
import { gemmWasm, wasmReady } from '../src/gemm-wasm.mjs';

/**
 * @param {number} n
 * @param {number} seed
 */
function values(n, seed) {
  return Float32Array.from({ length: n }, (_, i) => Math.sin(seed * 12.9898 + i * 78.233) * 1.5);
}

/**
 * A·B by the definition, into a copy of C; A stored [K, M] when aT.
 * @param {Float32Array} A @param {Float32Array} B @param {Float32Array} C
 * @param {number} M @param {number} K @param {number} N @param {boolean} aT
 * @param {number} aOff @param {number} bOff @param {number} cOff
 */
function reference(A, B, C, M, K, N, aT, aOff, bOff, cOff) {
  const out = Float64Array.from(C);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += A[aOff + (aT ? k * M + i : i * K + k)] * B[bOff + k * N + j];
      out[cOff + i * N + j] = s;
    }
  }
  return out;
}

/**
 * [M, K, N, aT]
 * @type {[number, number, number, boolean][]}
 */
const SHAPES = [
  [1, 1, 1, false],
  [3, 5, 7, false],
  [4, 3, 8, true],
  [9, 13, 6, true],
  [17, 2, 11, false],
  [64, 96, 40, false],
  [72, 150, 13, true],
  [300, 40, 24, false],
];

describe.each([
  ['gemm (dispatch)', gemm],
  ['gemmJs', gemmJs],
  ['gemmWasm', gemmWasm],
])('%s', (_, fn) => {
  it.each(SHAPES)('C = A·B for M %i, K %i, N %i, aT %s, with offsets', (M, K, N, aT) => {
    if (fn === gemmWasm && !wasmReady) return;
    const [aOff, bOff, cOff] = [3, 5, 2];
    const A = values(aOff + M * K, 1);
    const B = values(bOff + K * N, 2);
    const C = values(cOff + M * N + 1, 3);
    const expected = reference(A, B, C, M, K, N, aT, aOff, bOff, cOff);
    fn(A, B, C, M, K, N, aT, aOff, bOff, cOff);
    let err = 0;
    for (let i = 0; i < C.length; i++) err = Math.max(err, Math.abs(C[i] - expected[i]) / (1 + Math.abs(expected[i])));
    expect(err).toBeLessThan(1e-5);
  });
});

describe('gemm-wasm', () => {
  it('assembles and runs on this Node (WebAssembly SIMD)', () => {
    expect(wasmReady).toBe(true);
  });
});
