export { fusedHeadLoss, fusedKernelsAvailable, FUSED_HEAD_KERNEL, FUSED_HEAD_GRAD_KERNEL } from './fused-head-loss.js';
export { packGroundTruth, packHeadTargets, type ClassValues, type SlotEntry } from './pack.js';
export { fusedAnchorHeadTerms, type AnchorLossConfig, type AnchorLossTargets, type HeadVariant } from './anchor-heads.js';
export { chooseImplementation, type LossImplementation } from './implementation.js';
export { tableWidth, type FusedBoxTerm, type FusedHeadSpec, type FusedHeadTargets } from './spec.js';
