// Training progress the way people expect it: on a terminal one bar per version, redrawn in
// place (step, loss terms, steps/s, ETA); in a log (CI, a pipe) a plain line every N steps.

/** `m:ss` for a duration in seconds. */
export function formatDuration(seconds) {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** A loss value in a fixed width. */
function fmt(v) {
  return !Number.isFinite(v) ? String(v) : Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(3);
}

/**
 * One progress bar.
 * @param {{ label: string, total: number, stream?: NodeJS.WriteStream, width?: number,
 *           logEvery?: number, now?: () => number, tty?: boolean }} options
 */
export function createProgress({ label, total, stream = process.stdout, width = 24, logEvery, now = () => performance.now(), tty }) {
  const isTty = tty ?? Boolean(stream.isTTY);
  const every = logEvery ?? Math.max(1, Math.round(total / 10));
  const start = now();
  let lastDraw = 0;
  let lastLine = '';

  const line = (step, terms, final) => {
    const elapsed = (now() - start) / 1000;
    const rate = step > 0 && elapsed > 0 ? step / elapsed : 0;
    const eta = rate > 0 ? (total - step) / rate : NaN;
    const done = Math.round((width * step) / total);
    const bar = isTty ? `[${'█'.repeat(done)}${'░'.repeat(width - done)}] ` : '';
    const termText = Object.entries(terms)
      .map(([k, v]) => `${k} ${fmt(v)}`)
      .join('  ');
    const time = final ? `${formatDuration(elapsed)} total` : `ETA ${formatDuration(eta)}`;
    return `${label} ${bar}${String(step).padStart(String(total).length)}/${total}  ${termText}  ${rate.toFixed(1)} steps/s  ${time}`;
  };

  return {
    /**
     * Reports a finished step.
     * @param {number} step - 1-based
     * @param {Record<string, number>} terms - loss terms to show
     */
    update(step, terms) {
      if (isTty) {
        const t = now();
        if (step === total || t - lastDraw > 100) {
          lastDraw = t;
          lastLine = line(step, terms, false);
          const cols = stream.columns ?? 120;
          stream.write(`\r${lastLine.slice(0, cols - 1)}\x1b[K`);
        }
      } else if (step % every === 0 || step === 1) {
        stream.write(`${line(step, terms, false)}\n`);
      }
    },
    /** Ends the bar with the final line (kept on screen). */
    finish(step, terms, suffix = '') {
      const text = `${line(step, terms, true)}${suffix}`;
      stream.write(isTty ? `\r${text}\x1b[K\n` : `${text}\n`);
    },
  };
}
