import { describe, expect, it } from 'vitest';
import {
  mosaic,
  seededRandom,
  type GtBox,
  type HwcImage,
  type MosaicResize,
  type PixelArray,
} from '../src/index.js';
import { bilinearAt, pixel, randomBoxes, randomImage, recording } from './helpers.js';

const SIZE = 10;
/** A float image whose every pixel is (k, row, col): the origin of each output pixel is visible. */
function tagged(k: number, boxes: GtBox[] = []) {
  const data = new Float32Array(SIZE * SIZE * 3);
  for (let r = 0; r < SIZE; r++)
    for (let c = 0; c < SIZE; c++) data.set([k, r, c], (r * SIZE + c) * 3);
  return { image: { data, width: SIZE, height: SIZE, channels: 3 }, boxes };
}
const half = () => 0.5;
const demoRule = { minOffset: 0.3, minVisible: 0.4 } as const; // centre at (5, 5) with `half`

describe('mosaic', () => {
  it('tiles the corners that touch the centre', () => {
    const { image } = mosaic([tagged(0), tagged(1), tagged(2), tagged(3)], {
      size: [SIZE, SIZE],
      rng: half,
      ...demoRule,
    });
    expect(pixel(image, 0, 0)).toEqual([0, 5, 5]); // top-left ← bottom-right of image 0
    expect(pixel(image, 4, 4)).toEqual([0, 9, 9]);
    expect(pixel(image, 5, 0)).toEqual([1, 5, 0]); // top-right ← bottom-left of image 1
    expect(pixel(image, 0, 5)).toEqual([2, 0, 5]); // bottom-left ← top-right of image 2
    expect(pixel(image, 9, 9)).toEqual([3, 4, 4]); // bottom-right ← top-left of image 3
  });

  it('moves boxes with their pixels, clips them, drops mostly hidden ones', () => {
    const samples = [
      tagged(0, [{ x: 0.75, y: 0.75, w: 0.4, h: 0.4, classId: 1 }]), // pixels 5.5..9.5 → 0.5..4.5: inside
      tagged(1, [{ x: 0.1, y: 0.1, w: 0.2, h: 0.2, classId: 2 }]), // top-left of image 1: cut away
      tagged(2, [{ x: 0.5, y: 0.2, w: 0.6, h: 0.4, classId: 0 }]), // 2..8 × 0..4 → −3..3 × 5..9: clipped to 0..3, half left
      tagged(3),
    ];
    const { boxes } = mosaic(samples, { size: [SIZE, SIZE], rng: half, ...demoRule });
    expect(boxes).toHaveLength(2);
    expect(boxes[0]!.classId).toBe(1);
    expect(boxes[0]!.x).toBeCloseTo(0.25, 12);
    expect(boxes[0]!.w).toBeCloseTo(0.4, 12);
    expect(boxes[1]).toMatchObject({ classId: 0 });
    expect(boxes[1]!.x).toBeCloseTo(0.15, 12);
    expect(boxes[1]!.w).toBeCloseTo(0.3, 12);
    expect(boxes[1]!.y).toBeCloseTo(0.7, 12);
  });

  it('draws the centre from two numbers of rng, within [minOffset, 1 − minOffset]', () => {
    for (const [u, v, m, xc, yc] of [
      [0, 0.999, 0.2, 8, 32],
      [0.5, 0.5, 0.25, 20, 20],
      [0.9, 0.1, 0, 36, 4],
    ] as const) {
      const draws = [u, v];
      let calls = 0;
      const quads = [0, 1, 2, 3].map((k) => ({
        image: { data: new Float32Array(40 * 40).fill(k), width: 40, height: 40, channels: 1 },
        boxes: [],
      }));
      const { image } = mosaic(quads, { size: [40, 40], rng: () => draws[calls++]!, minOffset: m });
      expect(calls).toBe(2);
      // the centre is where the quadrant values change
      expect(pixel(image, xc - 1, yc - 1)).toEqual([0]);
      expect(pixel(image, xc, yc - 1)).toEqual([1]);
      expect(pixel(image, xc - 1, yc)).toEqual([2]);
      expect(pixel(image, xc, yc)).toEqual([3]);
    }
  });

  it('drop rule: visible share, minimum size and aspect ratio', () => {
    const blank = (boxes: GtBox[]) => ({
      image: { data: new Uint8Array(512 * 512), width: 512, height: 512, channels: 1 },
      boxes,
    });
    // centre (256, 256); the bottom-right quadrant shows the top-left 256 × 256 px of sample 3.
    // Binary fractions of 512, so every width and share below is exact.
    const boxes: GtBox[] = [
      { x: 0.5625, y: 0.25, w: 0.625, h: 0.125, classId: 0 }, // x 128..448 → 128 of 320 px: 40 %
      { x: 0.5625, y: 0.25, w: 0.5, h: 0.125, classId: 1 }, // x 160..416 → 96 of 256 px: 37.5 %
      { x: 0.5, y: 0.25, w: 0.5, h: 0.125, classId: 2 }, // x 128..384 → 50 %
      { x: 254 / 512, y: 0.25, w: 8 / 512, h: 0.125, classId: 3 }, // x 250..258 → 6 px wide, 75 %
      { x: 254.5 / 512, y: 0.25, w: 4 / 512, h: 0.125, classId: 4 }, // x 252.5..256.5 → 3.5 px, 87.5 %
      { x: 255 / 512, y: 0.25, w: 4 / 512, h: 0.125, classId: 5 }, // x 253..257 → 3 px, 75 %
      { x: 156 / 512, y: 0.25, w: 200 / 512, h: 2.5 / 512, classId: 6 }, // 200 × 2.5 px: aspect 80
      { x: 216 / 512, y: 0.25, w: 320 / 512, h: 2.5 / 512, classId: 7 }, // x 56..376 → 200 × 2.5 px, 62.5 %
      { x: 156 / 512, y: 0.25, w: 200 / 512, h: 1.5 / 512, classId: 8 }, // 200 × 1.5 px
    ];
    const samples = [blank([]), blank([]), blank([]), blank(boxes)];
    const kept = (rule: object) =>
      mosaic(samples, { size: [512, 512], rng: half, ...rule }).boxes.map((b) => b.classId);
    expect(kept({})).toEqual([0, 1, 2, 3, 4, 5, 6, 7]); // ultralytics: > 2 px, > 10 %, aspect < 100
    expect(kept({ minVisible: 0.4 })).toEqual([2, 3, 4, 5, 6, 7]); // 40 % is not > 40 %
    expect(kept({ minSize: 3 })).toEqual([0, 1, 2, 3, 4]); // 3 px is not > 3 px
    expect(kept({ maxAspect: 50 })).toEqual([0, 1, 2, 3, 4, 5]);
    expect(kept({ minSize: 1, minVisible: 0, maxAspect: Infinity })).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8,
    ]); // Darknet's rule
  });

  it.each([
    ['none', Float32Array],
    ['none', Uint8Array],
    ['fit', Float32Array],
    ['stretch', Uint8ClampedArray],
    ['fit', Uint8Array],
  ] as [MosaicResize, new (n: number) => PixelArray][])(
    'random samples (%s, %s): boxes and pixels match an independent computation',
    (resize, Arr) => {
      const seen = { kept: 0, dropped: 0, filled: 0, drawn: 0 };
      for (let trial = 0; trial < 25; trial++) {
        const gen = seededRandom(1000 + trial);
        const W = 24 + Math.floor(gen() * 40);
        const H = 24 + Math.floor(gen() * 40);
        const channels = 1 + Math.floor(gen() * 3);
        const samples = [0, 1, 2, 3].map(() => ({
          image: randomImage(
            Arr,
            8 + Math.floor(gen() * 60),
            8 + Math.floor(gen() * 60),
            channels,
            gen,
          ),
          boxes: randomBoxes(gen, Math.floor(gen() * 8)),
        }));
        const rule = {
          minOffset: 0.1 + 0.3 * gen(),
          minSize: gen() * 3,
          minVisible: gen() * 0.5,
          maxAspect: 2 + gen() * 20,
        };
        const fill = Arr === Float32Array ? -1 : 7;
        const { rng, draws } = recording(trial);
        const out = mosaic(samples, { size: [W, H], rng, resize, fill, ...rule });
        expect(out.image.data).toBeInstanceOf(Arr);
        expect([out.image.width, out.image.height, out.image.channels]).toEqual([W, H, channels]);

        const xc = Math.round(W * (rule.minOffset + (1 - 2 * rule.minOffset) * draws[0]!));
        const yc = Math.round(H * (rule.minOffset + (1 - 2 * rule.minOffset) * draws[1]!));
        // each sample's scaled size and where its top-left corner lands in the output
        const placed = samples.map(({ image }, k) => {
          const s = Math.min(W / image.width, H / image.height);
          const [dw, dh] =
            resize === 'none'
              ? [image.width, image.height]
              : resize === 'stretch'
                ? [W, H]
                : [Math.round(image.width * s), Math.round(image.height * s)];
          return { dw, dh, left: k % 2 === 0 ? xc - dw : xc, top: k < 2 ? yc - dh : yc };
        });
        const quadrant = (k: number) => ({
          x0: k % 2 ? xc : 0,
          x1: k % 2 ? W : xc,
          y0: k < 2 ? 0 : yc,
          y1: k < 2 ? yc : H,
        });

        // boxes: clip in the sample's own (scaled) pixel frame, then shift
        const expected: GtBox[] = [];
        samples.forEach(({ boxes }, k) => {
          const { dw, dh, left, top } = placed[k]!;
          const q = quadrant(k);
          const vx0 = Math.max(0, q.x0 - left);
          const vx1 = Math.min(dw, q.x1 - left);
          const vy0 = Math.max(0, q.y0 - top);
          const vy1 = Math.min(dh, q.y1 - top);
          for (const b of boxes) {
            const [x0, x1] = [(b.x - b.w / 2) * dw, (b.x + b.w / 2) * dw];
            const [y0, y1] = [(b.y - b.h / 2) * dh, (b.y + b.h / 2) * dh];
            const w = Math.min(x1, vx1) - Math.max(x0, vx0);
            const h = Math.min(y1, vy1) - Math.max(y0, vy0);
            const keep =
              w > rule.minSize &&
              h > rule.minSize &&
              (w * h) / ((x1 - x0) * (y1 - y0)) > rule.minVisible &&
              Math.max(w / h, h / w) < rule.maxAspect;
            seen[keep ? 'kept' : 'dropped']++;
            if (keep)
              expected.push({
                x: (Math.max(x0, vx0) + left + w / 2) / W,
                y: (Math.max(y0, vy0) + top + h / 2) / H,
                w: w / W,
                h: h / H,
                classId: b.classId,
              });
          }
        });
        expect(out.boxes.length).toBe(expected.length);
        out.boxes.forEach((b, i) => {
          const e = expected[i]!;
          expect(b.classId).toBe(e.classId);
          for (const key of ['x', 'y', 'w', 'h'] as const)
            expect(Math.abs(b[key] - e[key])).toBeLessThan(1e-9);
        });
        // every kept box lies inside one quadrant
        for (const b of out.boxes) {
          const cx = b.x * W;
          const cy = b.y * H;
          const q = quadrant((cx >= xc ? 1 : 0) + (cy >= yc ? 2 : 0));
          expect((b.x - b.w / 2) * W).toBeGreaterThanOrEqual(q.x0 - 1e-9);
          expect((b.x + b.w / 2) * W).toBeLessThanOrEqual(q.x1 + 1e-9);
          expect((b.y - b.h / 2) * H).toBeGreaterThanOrEqual(q.y0 - 1e-9);
          expect((b.y + b.h / 2) * H).toBeLessThanOrEqual(q.y1 + 1e-9);
        }

        // pixels: 40 random points against the source pixel (or its bilinear value when scaled)
        for (let p = 0; p < 40; p++) {
          const X = Math.floor(gen() * W);
          const Y = Math.floor(gen() * H);
          const k = (X >= xc ? 1 : 0) + (Y >= yc ? 2 : 0);
          const { dw, dh, left, top } = placed[k]!;
          const src: HwcImage = samples[k]!.image;
          const inside = X - left >= 0 && X - left < dw && Y - top >= 0 && Y - top < dh;
          const want = Array.from({ length: channels }, (_, c) =>
            inside
              ? bilinearAt(
                  src,
                  ((X - left + 0.5) * src.width) / dw - 0.5,
                  ((Y - top + 0.5) * src.height) / dh - 0.5,
                  c,
                )
              : fill,
          );
          seen[inside ? 'drawn' : 'filled']++;
          // copied exactly at scale 1; float rounding after interpolation; 0..255 rounded to nearest
          const tolerance = resize === 'none' ? 0 : Arr === Float32Array ? 1e-5 : 0.5 + 1e-9;
          pixel(out.image, X, Y).forEach((g, c) =>
            expect(Math.abs(g - want[c]!)).toBeLessThanOrEqual(tolerance),
          );
        }
      }
      // the trials exercise both outcomes of the rule, and the fill where a sample falls short
      expect(seen.kept).toBeGreaterThan(20);
      expect(seen.dropped).toBeGreaterThan(20);
      expect(seen.drawn).toBeGreaterThan(500);
      // a stretched sample always covers its quadrant
      expect(seen.filled === 0).toBe(resize === 'stretch');
    },
  );

  it('fills what no sample covers: 114 for 0..255 arrays, 0.5 for floats', () => {
    const small = (Arr: new (n: number) => PixelArray) => ({
      image: { data: new Arr(4 * 4 * 3), width: 4, height: 4, channels: 3 },
      boxes: [],
    });
    const u8 = mosaic(
      [0, 1, 2, 3].map(() => small(Uint8Array)),
      { size: [20, 20], seed: 1, resize: 'none' },
    );
    expect(pixel(u8.image, 0, 0)).toEqual([114, 114, 114]);
    const f32 = mosaic(
      [0, 1, 2, 3].map(() => small(Float32Array)),
      { size: [20, 20], seed: 1, resize: 'none' },
    );
    expect(pixel(f32.image, 19, 19)).toEqual([0.5, 0.5, 0.5]);
  });

  it('keeps the other fields of a box', () => {
    const s = tagged(0, [{ x: 0.75, y: 0.75, w: 0.4, h: 0.4, classId: 1, iscrowd: true } as GtBox]);
    expect(
      mosaic([s, tagged(1), tagged(2), tagged(3)], { size: [SIZE, SIZE], rng: half, ...demoRule })
        .boxes[0],
    ).toMatchObject({ iscrowd: true });
  });

  it('a seed gives the same mosaic every time', () => {
    const gen = seededRandom(5);
    const samples = [0, 1, 2, 3].map(() => ({
      image: randomImage(Uint8Array, 30, 20, 3, gen),
      boxes: randomBoxes(gen, 4),
    }));
    expect(mosaic(samples, { size: [32, 32], seed: 9 })).toEqual(
      mosaic(samples, { size: [32, 32], seed: 9 }),
    );
  });

  it('rejects bad input, naming the sample, box and field', () => {
    const ok = [tagged(0), tagged(1), tagged(2), tagged(3)];
    const size = [SIZE, SIZE] as const;
    expect(() => mosaic(ok.slice(0, 3), { size, rng: half })).toThrow(
      'mosaic: samples: expected 4 samples { image, boxes }, got an array of length 3',
    );
    expect(() => mosaic(ok, undefined as never)).toThrow(
      'mosaic: options: expected { size: [width, height], rng or seed }',
    );
    expect(() => mosaic(ok, { size })).toThrow(
      'mosaic: options: give rng (e.g. seededRandom(seed), one per training run) or seed',
    );
    expect(() => mosaic(ok, { size, rng: half, seed: 1 })).toThrow(
      'mosaic: options: give rng or seed, not both',
    );
    expect(() => mosaic(ok, { size: [10, 0], rng: half })).toThrow(
      'mosaic: options.size[1] (height): expected an integer >= 1, got number 0',
    );
    expect(() => mosaic(ok, { size, rng: () => 1 })).toThrow(
      'mosaic: options.rng: expected the random source to return a number in [0, 1), got 1',
    );
    expect(() => mosaic(ok, { size, rng: half, minOffset: 0.6 })).toThrow(
      'mosaic: options.minOffset: expected a number in [0, 0.5], got number 0.6',
    );
    expect(() => mosaic(ok, { size, rng: half, resize: 'crop' as never })).toThrow(
      "mosaic: options.resize: expected 'fit', 'stretch' or 'none'",
    );
    expect(() => mosaic(ok, { size, rng: half, maxAspect: 0.5 })).toThrow(
      'mosaic: options.maxAspect: expected a number >= 1',
    );
    const badBox = [
      tagged(0),
      tagged(1),
      tagged(2, [{ x: 0.5, y: 0.5, w: 0.1, h: 1.5, classId: 0 }]),
      tagged(3),
    ];
    expect(() => mosaic(badBox, { size, rng: half })).toThrow(
      'mosaic: samples[2].boxes[0].h: expected 0 < h <= 1 (normalised to the image), got 1.5',
    );
    const short = [
      tagged(0),
      { image: { data: new Float32Array(5), width: 10, height: 10, channels: 3 }, boxes: [] },
      tagged(2),
      tagged(3),
    ];
    expect(() => mosaic(short, { size, rng: half })).toThrow(
      'mosaic: samples[1].image.data: expected width · height · channels = 10 · 10 · 3 = 300 values (HWC), got 5',
    );
    const mixed = [
      tagged(0),
      tagged(1),
      { image: { data: new Uint8Array(300), width: 10, height: 10, channels: 3 }, boxes: [] },
      tagged(3),
    ];
    expect(() => mosaic(mixed as never, { size, rng: half })).toThrow(
      'mosaic: samples[2].image: expected a Float32Array with 3 channels like samples[0], got a Uint8Array with 3',
    );
  });
});
