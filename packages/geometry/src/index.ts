export { xywhToXyxy, xyxyToXywh, type Box4, type BoxFormat } from './box-format.js';
export {
  normalizeGroundTruth,
  type GtBox,
  type GroundTruthInput,
  type GroundTruthSpec,
} from './ground-truth.js';
export { CIOU_ALPHA_EPS, type IouKind } from './iou-core.js';
export {
  iou,
  giou,
  diou,
  ciou,
  pairwiseIou,
  DEFAULT_EPS,
  type IouOptions,
  type PairwiseIouOptions,
} from './iou-tensor.js';
export { iouLoss, giouLoss, diouLoss, ciouLoss, type IouLossOptions } from './iou-loss.js';
export { reduceLoss } from './reduce-loss.js';
export { stopGradient } from './stop-gradient.js';
export { boxIou, boxGiou, boxDiou, boxCiou, shapeIou, type PlainIouOptions } from './iou-plain.js';
export { type PlainBox, type XywhBox } from './plain-box.js';
export { nms, diouNms, type NmsOptions, type DiouNmsOptions } from './nms.js';
export { nmsAsync, diouNmsAsync, type NmsTensorOptions } from './nms-async.js';
export { type Detection } from './detection.js';
export {
  evaluateDetections,
  type ClassCurves,
  type ClassMetrics,
  type DetectionMetrics,
  type EvaluateDetectionsOptions,
  type EvaluationGtBox,
  type PrecisionRecallCurves,
} from './evaluation/index.js';
