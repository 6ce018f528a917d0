/**
 * One detection: an image-normalised centre box with a score and a class — what a YOLO decoder
 * returns per image and what `evaluateDetections` scores.
 */
export interface Detection {
  /** Centre x in image units. */
  x: number;
  /** Centre y in image units. */
  y: number;
  /** Width in image units. */
  w: number;
  /** Height in image units. */
  h: number;
  /** Class-specific confidence (each loss package's decoder documents its formula). */
  score: number;
  /** Class index. */
  classId: number;
}
