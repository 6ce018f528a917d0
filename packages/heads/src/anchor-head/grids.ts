import type { AnchorHeadSpec } from './spec.js';

/**
 * Darknet's head grids: `inputSize / stride` with strides 32, 16, 8, … given to the heads in
 * order of decreasing largest anchor area.
 *
 * @returns `[W, H]` per head, in the order of `spec.masks`.
 */
export function defaultGridSizes(spec: Pick<AnchorHeadSpec, 'anchors' | 'masks' | 'inputSize'>): [number, number][] {
  const size = (h: number): number => Math.max(...spec.masks[h]!.map((i) => spec.anchors[i]![0] * spec.anchors[i]![1]));
  const order = spec.masks.map((_, h) => h).sort((a, b) => size(b) - size(a));
  const grids: [number, number][] = [];
  order.forEach((h, rank) => {
    const stride = 32 / 2 ** rank;
    grids[h] = [
      Math.max(1, Math.round(spec.inputSize[0] / stride)),
      Math.max(1, Math.round(spec.inputSize[1] / stride)),
    ];
  });
  return grids;
}
