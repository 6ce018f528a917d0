import { YoloInputError, describeValue } from '@yolo-loss/backend';

/** The default of `maxBoxes`: the most GT boxes per image tfjs-layers targets carry. */
export const DEFAULT_LAYERS_MAX_BOXES = 100;

/**
 * Takes the tfjs-layers option `maxBoxes` out of a layers adapter's options.
 *
 * @returns `maxBoxes` (validated) and the other (config) keys.
 */
export function layersOptions(
  options: object | undefined,
  where: string,
): { maxBoxes: number; rest: Record<string, unknown> } {
  const { maxBoxes = DEFAULT_LAYERS_MAX_BOXES, ...rest } = (options ?? {}) as Record<string, unknown>;
  if (!Number.isInteger(maxBoxes) || (maxBoxes as number) < 1) {
    throw new YoloInputError(`${where}: option 'maxBoxes' must be a positive integer, got ${describeValue(maxBoxes)}`);
  }
  return { maxBoxes: maxBoxes as number, rest };
}
