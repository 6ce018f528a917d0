/**
 * Offsets in the fused forward kernel's one output (`[size]` float32): only the gradients that
 * can be non-zero, so the forward pass writes a few values per row instead of a full-size
 * gradient and the backward pass writes `dx` once.
 *
 * - `objGrad … +rows`: ∂(obj or noobj term)/∂(objectness logit) of each row (0 where ignored);
 * - `entries … +K·(5+C)`: per table entry `k` (the responsible row with `slotIndex = k`), the row's
 *   `5+C` gradients: box channels w.r.t. the box term, classes w.r.t. the class term (channel 4
 *   unused);
 * - `terms … +4·P`: the four term sums as `[4, P]` partial sums (box, obj, noobj, cls); each
 *   backend's kernel picks `P` (CPU: 1; WebGPU: one per row).
 */
export interface ForwardLayout {
  objGrad: number;
  entries: number;
  terms: number;
  /** Partial sums per term, `P`. */
  partials: number;
  size: number;
}

/**
 * The forward output's layout for a head.
 *
 * @param rows - `N·H·W·A`.
 * @param entries - `K`, rows of the packed table.
 * @param partials - `P`, partial sums per term.
 */
export function forwardLayout(rows: number, entries: number, numClasses: number, partials: number): ForwardLayout {
  const terms = rows + entries * (5 + numClasses);
  return { objGrad: 0, entries: rows, terms, partials, size: terms + 4 * partials };
}
