/**
 * Decoded widths and heights of anchor boxes are capped at this many image sizes (`e^{tw}`
 * overflows float32 areas and squared diagonals long before): beyond it a box term saturates
 * with a zero gradient instead of `∞ − ∞ = NaN` (e.g. GIoU's `(C − U) / C` at `tw = 50`). Real
 * boxes are ≤ 1, so values and gradients are exact wherever a box is less than 10⁴ images wide.
 * The fused kernels and the composed decoding share it.
 */
export const MAX_BOX_SIZE = 1e4;

/**
 * `tw`/`th` are clamped here before `e^t`: `e^{30}·p_w` is past {@link MAX_BOX_SIZE} for any
 * anchor above 1e-9 images, so values do not change, but `e^t` never overflows to ∞ (beyond
 * `t ≈ 88.7` the backward pass would compute `0 · ∞ = NaN` through the cap).
 */
export const MAX_SIZE_EXPONENT = 30;
