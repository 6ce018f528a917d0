import type { AnchorHeadSpec } from './spec.js';

/**
 * Darknet's layout: strides 32, 16, 8, … given to the heads in order of decreasing largest anchor
 * area (anchors in pixels).
 *
 * @returns one stride per head, in the order of `masks`.
 */
export function darknetStrides(
  anchors: readonly (readonly [number, number])[],
  masks: readonly (readonly number[])[],
): number[] {
  const size = (h: number): number => Math.max(...masks[h]!.map((i) => anchors[i]![0] * anchors[i]![1]));
  const order = masks.map((_, h) => h).sort((a, b) => size(b) - size(a));
  const strides: number[] = [];
  order.forEach((h, rank) => {
    strides[h] = 32 / 2 ** rank;
  });
  return strides;
}

/**
 * Each head's grid, `inputSize / stride` rounded (at least 1 cell).
 *
 * @returns `[W, H]` per head, in the order of `spec.masks`.
 */
export function defaultGridSizes(spec: Pick<AnchorHeadSpec, 'strides' | 'inputSize'>): [number, number][] {
  return spec.strides.map((s) => [
    Math.max(1, Math.round(spec.inputSize[0] / s)),
    Math.max(1, Math.round(spec.inputSize[1] / s)),
  ]);
}
