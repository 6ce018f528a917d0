/**
 * The one error class for bad input anywhere in the library: a config key, an option, a
 * prediction tensor's shape or dtype, a ground-truth box, a tensor argument. The message names the
 * function, the argument (and the image and box, or the head, where there is one) and what was
 * expected. It extends `TypeError`, so handlers written for the earlier `TypeError`s keep working.
 *
 * @example
 * ```ts
 * try {
 *   yolov3.loss(outputs, groundTruth, config);
 * } catch (error) {
 *   if (error instanceof YoloInputError) showToUser(error.message);
 *   else throw error;
 * }
 * ```
 */
export class YoloInputError extends TypeError {
  override readonly name = 'YoloInputError';
}
