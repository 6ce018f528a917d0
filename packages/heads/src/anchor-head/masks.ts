import { checks, type Check } from '@yolo-loss/backend';

/**
 * Every anchor index used exactly once across the masks (a repeated or missing index — the
 * tiny-YOLO mask typo — is an error).
 *
 * @returns a message naming the index, or undefined when the masks are valid.
 */
export function checkMasks(masks: readonly (readonly number[])[], anchorCount: number): string | undefined {
  const seen = new Map<number, number>();
  for (const [head, mask] of masks.entries()) {
    for (const index of mask) {
      if (index < 0 || index >= anchorCount) {
        return `masks[${head}] uses anchor index ${index}, but there are ${anchorCount} anchors (0..${anchorCount - 1})`;
      }
      const first = seen.get(index);
      if (first !== undefined) {
        return `anchor index ${index} appears in masks[${first}] and masks[${head}]: every anchor must be used exactly once`;
      }
      seen.set(index, head);
    }
  }
  for (let i = 0; i < anchorCount; i++) {
    if (!seen.has(i)) return `anchor index ${i} is in no mask: every anchor must be used exactly once`;
  }
  return undefined;
}

/**
 * The checks of the config keys every multi-head (YOLOv3/v4 style) loss shares, in their usual
 * order: `anchors`, `anchorUnits`, `masks`, `strides`, `inputSize`, `numClasses`, `lambdaCoord`, `lambdaObj`,
 * `lambdaClass`, `ignoreThreshold`, `reduction`. Spread into a version's config schema before its
 * own keys.
 */
export const anchorHeadChecks = {
  anchors: checks.anchors,
  anchorUnits: checks.oneOf('pixels', 'grid'),
  masks: checks.masks,
  strides: checks.positiveList,
  inputSize: checks.size2,
  numClasses: checks.positiveInteger,
  lambdaCoord: checks.nonNegative,
  lambdaObj: checks.nonNegative,
  lambdaClass: checks.nonNegative,
  ignoreThreshold: checks.unitInterval,
  reduction: checks.reduction,
} satisfies Record<string, Check>;
