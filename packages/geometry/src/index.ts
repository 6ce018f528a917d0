export { xywhToXyxy, xyxyToXywh, type Box4, type BoxFormat } from './box-format.js';
export {
  normalizeGroundTruth,
  type GtBox,
  type GroundTruthInput,
  type GroundTruthSpec,
} from './ground-truth.js';
