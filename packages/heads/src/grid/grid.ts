import * as tf from '@tensorflow/tfjs-core';

/**
 * `[W, H]` of a `gridSize` config value.
 *
 * @param gridSize - `S` (a square grid) or `[W, H]`.
 */
export function gridWH(gridSize: number | readonly [number, number]): [number, number] {
  return typeof gridSize === 'number' ? [gridSize, gridSize] : [gridSize[0], gridSize[1]];
}

/**
 * The cell of a normalised coordinate, computed in float32 like the tensors (and Darknet):
 * `index = min(floor(v·size), size − 1)`, `offset = v·size − index`.
 *
 * @param v - a centre coordinate in [0, 1].
 * @param size - cells along that axis.
 */
export function cellOf(v: number, size: number): { index: number; offset: number } {
  const scaled = Math.fround(Math.fround(v) * size);
  const index = Math.min(Math.floor(scaled), size - 1);
  return { index, offset: Math.fround(scaled - index) };
}

/**
 * Column and row indices of an NHWC grid, shaped to broadcast against `[N, H, W, k]`:
 * `col` `[1, 1, W, 1]` and `row` `[1, H, 1, 1]` (float32).
 */
export function gridIndices(gridH: number, gridW: number): { col: tf.Tensor4D; row: tf.Tensor4D } {
  return {
    col: tf.reshape(tf.range(0, gridW, 1, 'float32'), [1, 1, gridW, 1]),
    row: tf.reshape(tf.range(0, gridH, 1, 'float32'), [1, gridH, 1, 1]),
  };
}

/**
 * Cell offsets of a head in the flat layout `[N, H·W, A, …]`: `col` and `row` `[1, H·W, 1, 1]`,
 * and the head's anchors normalised to the image, `anchorWh` `[1, 1, A, 2]` (rank 4 at most:
 * WebGPU runs some rank-5 kernels on the CPU).
 *
 * @param anchors - all anchors `[[w, h], ...]` in input pixels.
 * @param mask - the anchor indices of this head (`A = mask.length`).
 * @param inputSize - `[width, height]` of the network input in pixels.
 */
export function anchorGrid(
  gridH: number,
  gridW: number,
  anchors: readonly (readonly [number, number])[],
  mask: readonly number[],
  inputSize: readonly [number, number],
): { col: tf.Tensor; row: tf.Tensor; anchorWh: tf.Tensor } {
  const cols = new Float32Array(gridH * gridW);
  const rows = new Float32Array(gridH * gridW);
  for (let r = 0; r < gridH; r++) {
    for (let c = 0; c < gridW; c++) {
      cols[r * gridW + c] = c;
      rows[r * gridW + c] = r;
    }
  }
  const wh = new Float32Array(mask.length * 2);
  mask.forEach((i, p) => {
    wh[p * 2] = anchors[i]![0] / inputSize[0];
    wh[p * 2 + 1] = anchors[i]![1] / inputSize[1];
  });
  return {
    col: tf.tensor(cols, [1, gridH * gridW, 1, 1]),
    row: tf.tensor(rows, [1, gridH * gridW, 1, 1]),
    anchorWh: tf.tensor(wh, [1, 1, mask.length, 2]),
  };
}
