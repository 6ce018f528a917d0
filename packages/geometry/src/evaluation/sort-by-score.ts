// Orders indices by descending score, ties by ascending index: the order of numpy's stable
// `argsort(-scores, kind='mergesort')` when the indices are the input positions.

const RUN = 16;

/** Reusable buffers of {@link sortByScore}. @internal */
export class ScoreSorter {
  private keys = new Float64Array(0);
  private keysTmp = new Float64Array(0);
  private idxTmp = new Int32Array(0);

  /**
   * Sorts `order[from … to)` by descending `scores[order[i]]`, stably: entries with equal scores
   * keep their order (indices that start ascending end with ties by ascending index).
   */
  sort(order: Int32Array, from: number, to: number, scores: Float64Array): void {
    const n = to - from;
    if (n <= RUN) {
      insertionSort(order, from, to, scores);
      return;
    }
    if (this.keys.length < n) {
      this.keys = new Float64Array(n);
      this.keysTmp = new Float64Array(n);
      this.idxTmp = new Int32Array(n);
    }
    // Merge sort on (key, index) pairs: the keys travel with the indices, so merges read
    // memory in order instead of looking scores up at random.
    let key: Float64Array = this.keys;
    let idx: Int32Array = order.subarray(from, to);
    let keyTo: Float64Array = this.keysTmp;
    let idxTo: Int32Array = this.idxTmp;
    for (let i = 0; i < n; i++) key[i] = scores[idx[i]!]!;
    for (let s = 0; s < n; s += RUN) insertionSortPairs(key, idx, s, Math.min(s + RUN, n));
    for (let width = RUN; width < n; width *= 2) {
      for (let lo = 0; lo < n; lo += 2 * width) {
        const mid = Math.min(lo + width, n);
        const hi = Math.min(lo + 2 * width, n);
        let i = lo;
        let j = mid;
        let k = lo;
        // Take from the right only when strictly higher: ties keep the left (earlier) first.
        if (mid < hi && key[mid - 1]! < key[mid]!) {
          while (i < mid && j < hi) {
            if (key[j]! > key[i]!) {
              keyTo[k] = key[j]!;
              idxTo[k++] = idx[j++]!;
            } else {
              keyTo[k] = key[i]!;
              idxTo[k++] = idx[i++]!;
            }
          }
        }
        while (i < mid) {
          keyTo[k] = key[i]!;
          idxTo[k++] = idx[i++]!;
        }
        while (j < hi) {
          keyTo[k] = key[j]!;
          idxTo[k++] = idx[j++]!;
        }
      }
      const [nextKey, nextIdx] = [keyTo, idxTo];
      keyTo = key;
      idxTo = idx;
      key = nextKey;
      idx = nextIdx;
    }
    if (idx.buffer !== order.buffer) order.set(idx.subarray(0, n), from);
  }
}

/** Stable insertion sort of `order[from … to)` by descending score. */
function insertionSort(order: Int32Array, from: number, to: number, scores: Float64Array): void {
  for (let i = from + 1; i < to; i++) {
    const v = order[i]!;
    const s = scores[v]!;
    let j = i - 1;
    while (j >= from && scores[order[j]!]! < s) {
      order[j + 1] = order[j]!;
      j--;
    }
    order[j + 1] = v;
  }
}

/** Stable insertion sort of the pairs `(key, idx)[from … to)` by descending key. */
function insertionSortPairs(key: Float64Array, idx: Int32Array, from: number, to: number): void {
  for (let i = from + 1; i < to; i++) {
    const kv = key[i]!;
    const iv = idx[i]!;
    let j = i - 1;
    while (j >= from && key[j]! < kv) {
      key[j + 1] = key[j]!;
      idx[j + 1] = idx[j]!;
      j--;
    }
    key[j + 1] = kv;
    idx[j + 1] = iv;
  }
}
