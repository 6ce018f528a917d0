// Progress output: in-place redraws on a TTY, periodic lines in a log.
import { describe, expect, it } from 'vitest';
import { createProgressBoard, formatDuration } from '../src/progress.mjs';

/** @param {boolean} isTTY */
function fakeStream(isTTY) {
  /** @type {string[]} */
  const chunks = [];
  return { isTTY, columns: 200, write: (/** @type {string} */ s) => chunks.push(s), chunks };
}

describe('formatDuration', () => {
  it('formats m:ss and marks unknown values', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(75.4)).toBe('1:15');
    expect(formatDuration(NaN)).toBe('--:--');
  });
});

describe('createProgressBoard', () => {
  it('prints a line every N steps when not a TTY, with steps/s and ETA', () => {
    let t = 0;
    const stream = fakeStream(false);
    const p = createProgressBoard({ labels: ['yolov2'], total: 100, stream, logEvery: 25, now: () => t });
    p.start('yolov2');
    for (let s = 1; s <= 100; s++) {
      t = s * 100; // 10 steps/s
      p.update('yolov2', s, { loss: 1 / s });
    }
    expect(stream.chunks).toHaveLength(5); // steps 1, 25, 50, 75, 100
    expect(stream.chunks[2]).toMatch(/^yolov2 +50\/100 {2}loss 0\.020 {2}10\.0 steps\/s {2}ETA 0:05\n$/);
  });

  it('takes a total per label', () => {
    let t = 0;
    const stream = fakeStream(false);
    const p = createProgressBoard({ labels: ['a', 'b'], total: { a: 10, b: 40 }, stream, now: () => t });
    p.start('a');
    p.start('b');
    t = 1000;
    p.update('a', 5, {});
    p.update('b', 4, {});
    expect(stream.chunks).toHaveLength(2); // every 10 % of each total: a at step 5 of 10, b at 4 of 40
    expect(stream.chunks[0]).toMatch(/^a +5\/10 /);
    expect(stream.chunks[1]).toMatch(/^b +4\/40 /);
  });

  it('redraws every bar in place on a TTY and keeps the final lines', () => {
    let t = 0;
    const stream = fakeStream(true);
    const p = createProgressBoard({ labels: ['v1', 'v2'], total: 4, stream, width: 4, now: () => t });
    p.start('v1');
    for (let s = 1; s <= 4; s++) {
      t += 200;
      p.update('v1', s, { box: 2 });
    }
    p.finish('v1', 4, { box: 2 }, '  mAP@0.5 0.9');
    expect(stream.chunks[0]).toBe('\rv1 starting\x1b[K\n\rv2 waiting\x1b[K\n');
    expect(stream.chunks.slice(1).every((c) => c.startsWith('\x1b[2A'))).toBe(true);
    expect(stream.chunks[2]).toContain('[██░░] 2/4');
    // eslint-disable-next-line no-control-regex -- the terminal's escape codes are what is tested
    expect(stream.chunks.at(-1)).toMatch(/\[████\] 4\/4 {2}box 2\.000 .* total {2}mAP@0\.5 0\.9\x1b\[K\n\rv2 waiting/);
  });
});
