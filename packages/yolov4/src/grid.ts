import * as tf from '@tensorflow/tfjs-core';

/**
 * Cell offsets `[1, H·W, 1, 1]` for columns and rows, and the head's anchors normalised to the
 * image, `[1, 1, A, 2]` (rank 4 at most: WebGPU runs some rank-5 kernels on the CPU).
 */
export function gridConstants(
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
