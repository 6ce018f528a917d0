import { YoloInputError } from '@yolo-loss/backend';
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
 * Each head's grid, `inputSize / stride`. A network's output grid is its input divided by the
 * output's stride, so an input size that is not a multiple of every stride has no such grid
 * (Darknet, too, wants multiples of 32): that is an error rather than a rounded guess.
 *
 * @param where - the calling function, named in the error.
 * @returns `[W, H]` per head, in the order of `spec.masks`.
 * @throws YoloInputError when `inputSize` is not a multiple of a head's stride.
 */
export function defaultGridSizes(
  spec: Pick<AnchorHeadSpec, 'strides' | 'inputSize'>,
  where = 'defaultGridSizes',
): [number, number][] {
  const [width, height] = spec.inputSize;
  return spec.strides.map((stride, i) => {
    if (width % stride !== 0 || height % stride !== 0) {
      throw new YoloInputError(
        `${where}: config key 'inputSize' [${width}, ${height}] must be a multiple of output ${i}'s stride ${stride} ` +
          `(or give the grids explicitly where the function takes them)`,
      );
    }
    return [width / stride, height / stride];
  });
}
