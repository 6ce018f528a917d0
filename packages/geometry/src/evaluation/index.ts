export { evaluateDetections } from './evaluate-detections.js';
export type {
  ClassCurves,
  ClassMetrics,
  DetectionMetrics,
  EvaluateDetectionsOptions,
  EvaluationGtBox,
  PrecisionRecallCurves,
} from './types.js';
