export { evaluateDetections } from './evaluate-detections.js';
export type {
  ClassMetrics,
  DetectionMetrics,
  EvaluateDetectionsOptions,
  EvaluationGtBox,
} from './types.js';
