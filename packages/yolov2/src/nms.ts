import type { Detection } from './types.js';

/** Plain IoU of two centre-format boxes (0 when the union is 0). */
function boxIou(a: Detection, b: Detection): number {
  const iw = Math.min(a.x + a.w / 2, b.x + b.w / 2) - Math.max(a.x - a.w / 2, b.x - b.w / 2);
  const ih = Math.min(a.y + a.h / 2, b.y + b.h / 2) - Math.max(a.y - a.h / 2, b.y - b.h / 2);
  const inter = Math.max(iw, 0) * Math.max(ih, 0);
  const union = a.w * a.h + b.w * b.h - inter;
  return union > 0 ? inter / union : 0;
}

/**
 * Greedy NMS on plain detections: highest score first; a detection is suppressed when its IoU
 * with a kept one of the same class (or any class when `classAgnostic`) is > `iouThreshold`.
 * (Local stand-in until `@yolo-loss/geometry` exports `nms`; same semantics.)
 *
 * @returns the kept detections, by descending score, at most `maxDetections`.
 */
export function greedyNms(
  detections: readonly Detection[],
  iouThreshold: number,
  maxDetections: number,
  classAgnostic: boolean,
): Detection[] {
  const sorted = [...detections].sort((a, b) => b.score - a.score);
  const kept: Detection[] = [];
  for (const d of sorted) {
    if (kept.length >= maxDetections) break;
    if (kept.every((k) => (!classAgnostic && k.classId !== d.classId) || boxIou(k, d) <= iouThreshold)) kept.push(d);
  }
  return kept;
}
