// Training progress the way people expect it: on a terminal one bar per version, redrawn in
// place (step, loss terms, steps/s, ETA; versions that train in parallel each keep their own
// line); in a log (CI, a pipe) a plain line every N steps.

/**
 * `m:ss` for a duration in seconds.
 * @param {number} seconds
 */
export function formatDuration(seconds) {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * A loss value in a fixed width.
 * @param {number} v
 */
function fmt(v) {
  return !Number.isFinite(v) ? String(v) : Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(3);
}

/**
 * Progress bars for several labelled jobs of `total` steps each (a number, or one per label).
 * @param {{ labels: string[], total: number | Record<string, number>, stream?: { write: (s: string) => void, isTTY?: boolean, columns?: number },
 *           width?: number, logEvery?: number, now?: () => number, tty?: boolean }} options
 */
export function createProgressBoard({ labels, total, stream = process.stdout, width = 20, logEvery, now = () => performance.now(), tty }) {
  const isTty = tty ?? Boolean(stream.isTTY);
  /** @param {string} label */
  const totalOf = (label) => (typeof total === 'number' ? total : total[label]);
  /** @param {string} label */
  const everyOf = (label) => logEvery ?? Math.max(1, Math.round(totalOf(label) / 10));
  const pad = Math.max(...labels.map((l) => l.length));
  /**
   * Each job's line, and when it started and finished its first step (`performance.now()` ms).
   * @type {Map<string, { text: string, start: number | null, first?: number }>}
   */
  const state = new Map(labels.map((l) => [l, { text: `${l.padEnd(pad)} waiting`, start: null }]));
  let drawn = 0;
  let lastDraw = -Infinity;

  /** @param {string} label */
  const entry = (label) => {
    const s = state.get(label);
    if (!s) throw new Error(`progress: unknown job ${JSON.stringify(label)} (expected one of ${labels.join(', ')})`);
    return s;
  };

  /**
   * A job's line after `step` steps.
   * @param {string} label
   * @param {number} step
   * @param {Record<string, number>} terms
   * @param {boolean} final
   * @param {string} [suffix]
   */
  const line = (label, step, terms, final, suffix = '') => {
    const s = entry(label);
    const start = s.start ?? now();
    const total = totalOf(label);
    const elapsed = (now() - start) / 1000;
    // steps/s from the first step on, so that set-up time does not count
    const since = (now() - (s.first ?? start)) / 1000;
    const rate = s.first !== undefined && step > 1 && since > 0 ? (step - 1) / since : step > 0 && elapsed > 0 ? step / elapsed : 0;
    const eta = rate > 0 ? (total - step) / rate : NaN;
    const done = Math.round((width * step) / total);
    const bar = isTty ? `[${'█'.repeat(done)}${'░'.repeat(width - done)}] ` : '';
    const termText = Object.entries(terms)
      .map(([k, v]) => `${k} ${fmt(v)}`)
      .join('  ');
    const time = final ? `${formatDuration(elapsed)} total` : `ETA ${formatDuration(eta)}`;
    return `${label.padEnd(pad)} ${bar}${String(step).padStart(String(total).length)}/${total}  ${termText}  ${rate.toFixed(1)} steps/s  ${time}${suffix}`;
  };

  /** @param {boolean} force - draw even if the last draw was under 100 ms ago */
  const redraw = (force) => {
    const t = now();
    if (!force && t - lastDraw < 100) return;
    lastDraw = t;
    const cols = stream.columns ?? 120;
    let out = drawn > 0 ? `\x1b[${drawn}A` : '';
    for (const s of state.values()) out += `\r${s.text.slice(0, cols - 1)}\x1b[K\n`;
    drawn = state.size;
    stream.write(out);
  };

  return {
    /**
     * Marks a job as started (its clock starts now).
     * @param {string} label
     * @param {string} [note]
     */
    start(label, note = 'starting') {
      const s = entry(label);
      s.start = now();
      s.text = `${label.padEnd(pad)} ${note}`;
      if (isTty) redraw(true);
    },
    /**
     * Reports a finished step (1-based) with the loss terms to show.
     * @param {string} label
     * @param {number} step
     * @param {Record<string, number>} terms
     */
    update(label, step, terms) {
      const s = entry(label);
      if (s.start === null) s.start = now();
      if (step === 1) s.first = now();
      s.text = line(label, step, terms, false);
      if (isTty) redraw(step === totalOf(label));
      else if (step % everyOf(label) === 0 || step === 1) stream.write(`${s.text}\n`);
    },
    /**
     * The job's final line, with `suffix` (e.g. its mAP).
     * @param {string} label
     * @param {number} step
     * @param {Record<string, number>} terms
     * @param {string} [suffix]
     */
    finish(label, step, terms, suffix = '') {
      const s = entry(label);
      if (s.start === null) s.start = now();
      s.text = line(label, step, terms, true, suffix);
      if (isTty) redraw(true);
      else stream.write(`${s.text}\n`);
    },
    /**
     * Replaces a job's line with a message (skipped, failed).
     * @param {string} label
     * @param {string} text
     */
    note(label, text) {
      const s = entry(label);
      s.text = `${label.padEnd(pad)} ${text}`;
      if (isTty) redraw(true);
      else stream.write(`${s.text}\n`);
    },
  };
}
