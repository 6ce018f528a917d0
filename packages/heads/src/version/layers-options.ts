import { YoloInputError, describeValue } from '@yolo-loss/backend';

/** The most GT boxes per image tfjs-layers targets carry by default, where the outputs have room. */
export const DEFAULT_LAYERS_MAX_BOXES = 100;

/**
 * Values of an output's `yTrue` (per image) set aside per GT box when `maxBoxes` is not given: its
 * row in the GT table and room for several claims of the box in that output.
 */
const VALUES_PER_DEFAULT_BOX = 40;

/**
 * The default `maxBoxes` for outputs whose `yTrue` holds `valuesPerImage` values per image:
 * {@link DEFAULT_LAYERS_MAX_BOXES}, or fewer where the smallest output has no room for them.
 */
export function defaultMaxBoxes(valuesPerImage: readonly number[]): number {
  const room = Math.floor(Math.min(...valuesPerImage) / VALUES_PER_DEFAULT_BOX);
  return Math.max(1, Math.min(DEFAULT_LAYERS_MAX_BOXES, room));
}

/**
 * Takes the tfjs-layers option `maxBoxes` out of a layers adapter's options.
 *
 * @param options - the adapter's options: `maxBoxes` and config keys (the caller falls back to
 *   {@link defaultMaxBoxes} where `maxBoxes` is not given).
 * @param where - the adapter's name for messages.
 * @returns `maxBoxes` (validated) and the other (config) keys.
 */
export function layersOptions(
  options: object | undefined,
  where: string,
): { maxBoxes: number | undefined; rest: Record<string, unknown> } {
  const { maxBoxes, ...rest } = (options ?? {}) as Record<string, unknown>;
  if (maxBoxes !== undefined && (!Number.isInteger(maxBoxes) || (maxBoxes as number) < 1)) {
    throw new YoloInputError(`${where}: option 'maxBoxes' must be a positive integer, got ${describeValue(maxBoxes)}`);
  }
  return { maxBoxes: maxBoxes as number | undefined, rest };
}
