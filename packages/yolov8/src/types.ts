export type { GtBox, GroundTruthInput, Detection } from '@yolo-loss/geometry';
export type { Reduction } from '@yolo-loss/backend';
export type { LossImplementation, DecodeOptions } from '@yolo-loss/heads';
