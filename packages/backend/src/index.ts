export {
  initBackend,
  type InitBackendOptions,
  type BackendChoice,
  type BackendName,
  type BackendInfo,
  type AdapterInfo,
} from './setup/init-backend.js';
export { disposeBackend } from './setup/webgpu-lifetime.js';
export { registerGradients } from './gradients/register-gradients.js';
export { registerKernels } from './kernels/register-kernels.js';
export { assertSingleTfjs, type TfjsIdentity } from './setup/single-tfjs.js';
export { prepareTfjs } from './setup/prepare-tfjs.js';
export { YoloInputError } from './errors.js';
export { bceWithLogits, safeSqrt, divOrZero, CIOU_ALPHA_EPS } from './numerics.js';
export {
  resolveConfig,
  checks,
  describe as describeValue,
  type Check,
  type ConfigSchema,
  type ConfigOptions,
} from './config.js';
export {
  reductionDivisor,
  reduceLossTerms,
  addMany,
  type Reduction,
  type LossStats,
  type LossResult,
} from './loss-result.js';
