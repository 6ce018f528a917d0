import { describe, expect, it } from 'vitest';
import {
  letterbox,
  seededRandom,
  unletterboxBoxes,
  type GtBox,
  type HwcImage,
} from '../src/index.js';
import { bilinearAt, pixel, randomBoxes, randomImage } from './helpers.js';

const constant = (width: number, height: number, value: number): HwcImage<Float32Array> => ({
  data: new Float32Array(width * height * 3).fill(value),
  width,
  height,
  channels: 3,
});

describe('letterbox', () => {
  it('a wide image: scale to the width, pad above and below', () => {
    const box: GtBox = { x: 0.25, y: 0.5, w: 0.5, h: 1, classId: 3 };
    const r = letterbox(constant(200, 100, 0.9), [box], [64, 64]);
    expect(r.scale).toBe(0.32);
    expect(r.pad).toEqual([0, 16]);
    expect([r.originalSize, r.inputSize]).toEqual([
      [200, 100],
      [64, 64],
    ]);
    // rows 16..47 hold the image, the rest is the 0.5 padding
    expect(pixel(r.image, 10, 15)).toEqual([0.5, 0.5, 0.5]);
    expect(pixel(r.image, 10, 16)).toEqual([0.9, 0.9, 0.9].map(Math.fround));
    expect(pixel(r.image, 63, 47)).toEqual([0.9, 0.9, 0.9].map(Math.fround));
    expect(pixel(r.image, 63, 48)).toEqual([0.5, 0.5, 0.5]);
    // the left half of the image, full height: x 0..32, y 16..48 of 64
    expect(r.boxes[0]).toEqual({ x: 0.25, y: 0.5, w: 0.5, h: 0.5, classId: 3 });
  });

  it('a tall 0..255 image is padded left and right with 114, rounding the odd pad down', () => {
    const img: HwcImage<Uint8Array> = {
      data: new Uint8Array(30 * 61 * 3).fill(200),
      width: 30,
      height: 61,
      channels: 3,
    };
    const r = letterbox(img, [], [32, 32]);
    expect(r.scale).toBeCloseTo(32 / 61, 15);
    const nw = Math.round(30 * (32 / 61)); // 16
    expect(r.pad).toEqual([Math.floor((32 - nw) / 2), 0]);
    expect(r.image.data).toBeInstanceOf(Uint8Array);
    expect(pixel(r.image, r.pad[0] - 1, 5)).toEqual([114, 114, 114]);
    expect(pixel(r.image, r.pad[0], 5)).toEqual([200, 200, 200]);
    expect(pixel(r.image, r.pad[0] + nw - 1, 5)).toEqual([200, 200, 200]);
    expect(pixel(r.image, r.pad[0] + nw, 5)).toEqual([114, 114, 114]);
  });

  it('pixels are the bilinear value at (X + ½ − pad) / scale − ½', () => {
    const gen = seededRandom(4);
    for (const [w, h, W, H] of [
      [37, 23, 64, 48],
      [90, 120, 40, 40],
      [16, 16, 50, 30],
    ] as const) {
      const img = randomImage(Float32Array, w, h, 2, gen);
      const r = letterbox(img, [], [W, H], { fill: -1 });
      const nw = Math.round(w * r.scale);
      const nh = Math.round(h * r.scale);
      for (let Y = 0; Y < H; Y++) {
        for (let X = 0; X < W; X++) {
          const inside = X >= r.pad[0] && X < r.pad[0] + nw && Y >= r.pad[1] && Y < r.pad[1] + nh;
          pixel(r.image, X, Y).forEach((v, c) => {
            const want = inside
              ? bilinearAt(
                  img,
                  (X + 0.5 - r.pad[0]) / r.scale - 0.5,
                  (Y + 0.5 - r.pad[1]) / r.scale - 0.5,
                  c,
                )
              : -1;
            expect(Math.abs(v - want)).toBeLessThan(1e-6);
          });
        }
      }
    }
  });

  it('scaleUp: false leaves a small image at its size, centred', () => {
    const r = letterbox(
      constant(20, 10, 1),
      [{ x: 0.5, y: 0.5, w: 1, h: 1, classId: 0 }],
      [40, 40],
      { scaleUp: false },
    );
    expect(r.scale).toBe(1);
    expect(r.pad).toEqual([10, 15]);
    expect(r.boxes[0]).toEqual({ x: 0.5, y: 0.5, w: 0.5, h: 0.25, classId: 0 });
  });

  it('round trip: unletterboxBoxes(letterbox(boxes)) gives the boxes back', () => {
    const gen = seededRandom(8);
    for (let t = 0; t < 50; t++) {
      const w = 10 + Math.floor(gen() * 500);
      const h = 10 + Math.floor(gen() * 500);
      const size: [number, number] = [
        32 * (1 + Math.floor(gen() * 20)),
        32 * (1 + Math.floor(gen() * 20)),
      ];
      // boxes inside the image, so clipping changes nothing
      const boxes = randomBoxes(gen, 5).map((b) => ({
        ...b,
        w: Math.min(b.w, 2 * b.x, 2 * (1 - b.x)),
        h: Math.min(b.h, 2 * b.y, 2 * (1 - b.y)),
      }));
      const r = letterbox(
        { data: new Uint8Array(w * h), width: w, height: h, channels: 1 },
        boxes,
        size,
      );
      const back = unletterboxBoxes(r.boxes, r);
      back.forEach((b, i) => {
        for (const key of ['x', 'y', 'w', 'h'] as const)
          expect(Math.abs(b[key] - boxes[i]![key])).toBeLessThan(1e-12);
        expect(b.classId).toBe(boxes[i]!.classId);
      });
    }
  });

  it('unletterboxBoxes clips detections that reach into the padding, keeping score and class', () => {
    const info = letterbox(constant(200, 100, 0), [], [64, 64]); // image rows 16..48
    // x 0..0.5, y 0..0.5 of the input: rows 0..32 → original rows −16..16 of 32 → y 0..0.5
    const [d] = unletterboxBoxes(
      [{ x: 0.25, y: 0.25, w: 0.5, h: 0.5, score: 0.7, classId: 2 }],
      info,
    );
    expect(d).toEqual({ x: 0.25, y: 0.25, w: 0.5, h: 0.5, score: 0.7, classId: 2 });
    const [raw] = unletterboxBoxes([{ x: 0.25, y: 0.25, w: 0.5, h: 0.5 }], info, { clip: false });
    expect(raw!.y).toBeCloseTo(0, 12);
    expect(raw!.h).toBeCloseTo(1, 12);
    const [gone] = unletterboxBoxes([{ x: 0.5, y: 0.1, w: 0.2, h: 0.1 }], info); // wholly in the top padding
    expect(gone!.h).toBe(0);
  });

  it('rejects bad input, naming the argument and box', () => {
    const img = constant(4, 4, 0);
    expect(() => letterbox(img, [], [64, 64.5] as never)).toThrow(
      'letterbox: inputSize[1] (height): expected an integer >= 1, got number 64.5',
    );
    expect(() => letterbox({ ...img, channels: 0 }, [], [8, 8])).toThrow(
      'letterbox: image.channels: expected an integer >= 1, got number 0',
    );
    expect(() => letterbox({ ...img, data: [1, 2] as never }, [], [8, 8])).toThrow(
      'letterbox: image.data: expected a Float32Array, Uint8Array or Uint8ClampedArray, got an array of length 2',
    );
    expect(() => letterbox(img, [{ x: 0.5, y: 1.2, w: 0.1, h: 0.1, classId: 0 }], [8, 8])).toThrow(
      'letterbox: boxes[0].y: the centre must lie in [0, 1]',
    );
    expect(() => letterbox(img, [], [8, 8], { fill: NaN })).toThrow(
      'letterbox: options.fill: expected a finite number, got number NaN',
    );
    expect(() => letterbox(img, [], [8, 8], { scaleUp: 'no' as never })).toThrow(
      'letterbox: options.scaleUp: expected a boolean',
    );
    const info = letterbox(img, [], [8, 8]);
    expect(() => unletterboxBoxes([{ x: 0.5, y: 0.5, w: -1, h: 1 }], info)).toThrow(
      'unletterboxBoxes: boxes[0]: expected w, h >= 0, got w = -1, h = 1',
    );
    expect(() => unletterboxBoxes([{ x: 0.5, y: NaN, w: 1, h: 1 }], info)).toThrow(
      'unletterboxBoxes: boxes[0].y: expected a finite number',
    );
    expect(() => unletterboxBoxes([], { ...info, scale: 0 })).toThrow(
      'unletterboxBoxes: info.scale: expected a number > 0, got 0',
    );
    expect(() => unletterboxBoxes([], { ...info, originalSize: undefined as never })).toThrow(
      'unletterboxBoxes: info.originalSize: expected [width, height] in pixels',
    );
  });
});
