import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decodeImage,
  encodeJpeg,
  encodePng,
  readImage,
  readYoloDataset,
} from '../src/node/index.js';
import { formatYoloLabels, seededRandom, type GtBox, type HwcImage } from '../src/index.js';
import { randomImage } from './helpers.js';

/** A smooth RGB image (JPEG keeps smooth content within a few levels). */
function gradient(width: number, height: number): HwcImage<Uint8Array> {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++)
      data.set([(x * 255) / (width - 1), (y * 255) / (height - 1), 128], (y * width + x) * 3);
  }
  return { data, width, height, channels: 3 };
}

describe('decodeImage / encodePng / encodeJpeg', () => {
  it('PNG round trip is exact for RGB; grey expands to RGB; alpha is dropped', () => {
    const rgb = randomImage(Uint8Array, 33, 17, 3, seededRandom(1));
    expect(decodeImage(encodePng(rgb))).toEqual(rgb);
    const grey = randomImage(Uint8ClampedArray, 9, 5, 1, seededRandom(2));
    const g = decodeImage(encodePng(grey));
    expect([g.width, g.height, g.channels]).toEqual([9, 5, 3]);
    expect(Array.from(g.data)).toEqual(Array.from(grey.data).flatMap((v) => [v, v, v]));
    const rgba = randomImage(Uint8Array, 6, 4, 4, seededRandom(3));
    const dropped = decodeImage(encodePng(rgba));
    expect(Array.from(dropped.data)).toEqual(Array.from(rgba.data).filter((_, i) => i % 4 !== 3));
  });

  it('JPEG round trip stays within a few levels on a smooth image, and starts with FF D8 FF', () => {
    const img = gradient(64, 48);
    const bytes = encodeJpeg(img, 95);
    expect(Array.from(bytes.subarray(0, 3))).toEqual([0xff, 0xd8, 0xff]);
    const back = decodeImage(bytes);
    expect([back.width, back.height, back.channels]).toEqual([64, 48, 3]);
    const diffs = Array.from(back.data, (v, i) => Math.abs(v - img.data[i]!));
    expect(Math.max(...diffs)).toBeLessThanOrEqual(8);
    expect(diffs.reduce((s, d) => s + d, 0) / diffs.length).toBeLessThan(1.5);
    // lower quality, smaller file
    expect(encodeJpeg(img, 30).length).toBeLessThan(bytes.length);
  });

  it('rejects what it cannot read or write, saying what it expected', () => {
    expect(() => decodeImage(new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39]))).toThrow(
      'decodeImage: bytes: expected a PNG (89 50 4e 47 …) or JPEG (ff d8 ff …) file, got bytes 47 49 46 38',
    );
    expect(() =>
      decodeImage(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0])),
    ).toThrow('decodeImage: bytes: not a readable PNG');
    expect(() => decodeImage(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 1]))).toThrow(
      'decodeImage: bytes: not a readable JPEG',
    );
    expect(() => decodeImage('a.png' as never)).toThrow(
      'decodeImage: bytes: expected a Uint8Array (or Buffer) of a PNG or JPEG file, got "a.png"',
    );
    const float = { data: new Float32Array(12), width: 2, height: 2, channels: 3 };
    expect(() => encodePng(float as never)).toThrow(
      'encodePng: image.data: expected a Uint8Array or Uint8ClampedArray of 0..255 values, got a Float32Array',
    );
    expect(() =>
      encodeJpeg({ data: new Uint8Array(16), width: 2, height: 2, channels: 4 }),
    ).toThrow('encodeJpeg: image.channels: expected 1 (grey) or 3 (RGB), got 4');
    expect(() => encodeJpeg(gradient(2, 2), 101)).toThrow(
      'encodeJpeg: quality: expected an integer in [1, 100], got 101',
    );
  });
});

describe('readYoloDataset / readImage', () => {
  let root: string;
  const box = (classId: number): GtBox => ({ x: 0.5, y: 0.5, w: 0.25, h: 0.5, classId });

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'yolo-data-'));
    const put = async (path: string, content: string | Uint8Array) => {
      await mkdir(join(root, path, '..'), { recursive: true });
      await writeFile(join(root, path), content);
    };
    // images-labels layout, split "train", one nested folder
    await put('yolo/images/train/b.png', encodePng(gradient(8, 6)));
    await put('yolo/images/train/a.JPG', encodeJpeg(gradient(10, 4)));
    await put('yolo/images/train/sub/c.jpeg', encodeJpeg(gradient(4, 4)));
    await put('yolo/images/train/notes.md', 'not an image');
    await put('yolo/labels/train/a.txt', formatYoloLabels([box(0), box(2)]));
    await put('yolo/labels/train/sub/c.txt', '\n');
    await put('yolo/labels/train/orphan.txt', formatYoloLabels([box(1)]));
    // side-by-side layout
    await put('flat/x.png', encodePng(gradient(5, 5)));
    await put('flat/x.txt', formatYoloLabels([box(4)]));
    await put('flat/y.png', encodePng(gradient(5, 5)));
    // a label file with a mistake
    await put('bad/images/p.png', encodePng(gradient(3, 3)));
    await put('bad/labels/p.txt', '0 0.5 0.5 0.1 0.1\n0 0.5 0.5 0.1\n');
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('pairs images/<split>/x.ext with labels/<split>/x.txt, sorted by path, searching subfolders', async () => {
    const d = await readYoloDataset(join(root, 'yolo'), { split: 'train' });
    const images = join(root, 'yolo/images/train');
    const labels = join(root, 'yolo/labels/train');
    expect(d.images).toEqual([
      join(images, 'a.JPG'),
      join(images, 'b.png'),
      join(images, 'sub/c.jpeg'),
    ]);
    expect(d.labels).toEqual([join(labels, 'a.txt'), null, join(labels, 'sub/c.txt')]);
    expect(d.groundTruth).toEqual([[box(0), box(2)], [], []]);
    expect(d.unmatchedLabels).toEqual([join(labels, 'orphan.txt')]);
    const first = await readImage(d.images[1]!);
    expect(first).toEqual(gradient(8, 6));
  });

  it('side-by-side layout: labels next to the images', async () => {
    const d = await readYoloDataset(join(root, 'flat'), { layout: 'side-by-side' });
    expect(d.images).toEqual([join(root, 'flat/x.png'), join(root, 'flat/y.png')]);
    expect(d.groundTruth).toEqual([[box(4)], []]);
    expect(d.unmatchedLabels).toEqual([]);
  });

  it('errors name the file, the line and the folder', async () => {
    await expect(readYoloDataset(join(root, 'bad'))).rejects.toThrow(
      'parseYoloLabels: labels/p.txt line 2: expected 5 fields "class cx cy w h", got 4',
    );
    await expect(
      readYoloDataset(join(root, 'yolo'), { split: 'train', numClasses: 2 }),
    ).rejects.toThrow(
      'parseYoloLabels: labels/train/a.txt line 2, field 1 (class): expected a class id in [0, 2), got 2',
    );
    await expect(
      readYoloDataset(join(root, 'yolo'), { split: 'train', requireLabels: true }),
    ).rejects.toThrow(
      `readYoloDataset: ${join(root, 'yolo/images/train/b.png')} has no label file (expected ${join(root, 'yolo/labels/train/b.txt')})`,
    );
    await expect(readYoloDataset(join(root, 'yolo'), { split: 'val' })).rejects.toThrow(
      `readYoloDataset: no images folder at ${join(root, 'yolo/images/val')} (layout 'images-labels')`,
    );
    await expect(readYoloDataset(join(root, 'flat'))).rejects.toThrow(
      `readYoloDataset: no images folder at ${join(root, 'flat/images')}`,
    );
    await expect(readYoloDataset(join(root, 'yolo'), { layout: 'coco' as never })).rejects.toThrow(
      "readYoloDataset: options.layout: expected 'images-labels' or 'side-by-side'",
    );
    await expect(readImage(join(root, 'yolo/images/train/notes.md'))).rejects.toThrow(
      `readImage: ${join(root, 'yolo/images/train/notes.md')}: decodeImage: bytes: expected a PNG`,
    );
  });
});
