export {
  initBackend,
  type InitBackendOptions,
  type BackendChoice,
  type BackendName,
  type BackendInfo,
  type AdapterInfo,
} from './init-backend.js';
export { disposeBackend } from './webgpu-lifetime.js';
export { registerGradients } from './gradients/register-gradients.js';
export { assertSingleTfjs, type TfjsIdentity } from './single-tfjs.js';
export { prepareTfjs } from './prepare-tfjs.js';
export { bceWithLogits, safeSqrt, divOrZero } from './numerics.js';
export {
  resolveConfig,
  checks,
  checkMasks,
  anchorHeadChecks,
  describe as describeValue,
  type Check,
  type ConfigSchema,
  type ConfigOptions,
} from './config.js';
export {
  reductionDivisor,
  reduceLossTerms,
  addMany,
  type LossReduction,
  type LossStats,
  type LossResult,
} from './loss-result.js';
