import { describe, expect, it } from 'vitest';
import {
  parseCocoAnnotations,
  seededRandom,
  toCocoAnnotations,
  toCocoResults,
  type CocoCategory,
  type CocoImage,
} from '../src/index.js';
import { randomBoxes } from './helpers.js';

const sample = {
  info: { description: 'two images' },
  images: [
    { id: 7, file_name: 'a.jpg', width: 640, height: 480 },
    { id: 3, file_name: 'b.jpg', width: 100, height: 200 },
  ],
  categories: [
    { id: 90, name: 'toothbrush', supercategory: 'indoor' },
    { id: 1, name: 'person', supercategory: 'person' },
    { id: 3, name: 'car' },
  ],
  annotations: [
    {
      id: 11,
      image_id: 3,
      category_id: 90,
      bbox: [10, 20, 30, 40],
      area: 900.5,
      iscrowd: 0,
      segmentation: [[10, 20, 40, 20, 40, 60]],
    },
    { id: 12, image_id: 7, category_id: 1, bbox: [0, 0, 640, 480], area: 1000, iscrowd: 1 },
    { id: 13, image_id: 3, category_id: 3, bbox: [50, 100, 50, 100] },
  ],
};

describe('parseCocoAnnotations', () => {
  it('reads images, categories sorted by id with contiguous class ids, and normalised boxes', () => {
    const r = parseCocoAnnotations(sample);
    expect(r.images).toEqual([
      { id: 7, fileName: 'a.jpg', width: 640, height: 480 },
      { id: 3, fileName: 'b.jpg', width: 100, height: 200 },
    ]);
    expect(r.categories.map((c) => c.id)).toEqual([1, 3, 90]);
    expect(r.categories[2]).toEqual({ id: 90, name: 'toothbrush', supercategory: 'indoor' });
    expect(r.categories[1]).toEqual({ id: 3, name: 'car' });
    expect(r.classIds.toCategoryId).toEqual([1, 3, 90]);
    expect([...r.classIds.fromCategoryId]).toEqual([
      [1, 0],
      [3, 1],
      [90, 2],
    ]);
    expect(r.groundTruth).toEqual([
      [{ x: 0.5, y: 0.5, w: 1, h: 1, classId: 0, iscrowd: true, area: 1000 }],
      [
        { x: 25 / 100, y: 40 / 200, w: 0.3, h: 0.2, classId: 2, iscrowd: false, area: 900.5 },
        { x: 0.75, y: 0.75, w: 0.5, h: 0.5, classId: 1, iscrowd: false, area: 5000 },
      ],
    ]);
    expect(r.skipped).toEqual([]);
  });

  it('accepts the JSON text, and a file without annotations (a test split)', () => {
    expect(parseCocoAnnotations(JSON.stringify(sample)).groundTruth[1]).toHaveLength(2);
    const noAnnotations: Partial<typeof sample> = { ...sample };
    delete noAnnotations.annotations;
    expect(parseCocoAnnotations(noAnnotations).groundTruth).toEqual([[], []]);
  });

  it('skips invalid boxes when asked, saying which and why', () => {
    const json = {
      ...sample,
      annotations: [
        ...sample.annotations,
        { id: 14, image_id: 7, category_id: 1, bbox: [5, 5, 0, 10] },
        { id: 15, image_id: 7, category_id: 1, bbox: [700, 5, 10, 10] },
      ],
    };
    const r = parseCocoAnnotations(json, { invalidBoxes: 'skip' });
    expect(r.skipped).toEqual([
      { index: 3, id: 14, reason: 'expected width and height > 0 pixels, got 0 × 10' },
      { index: 4, id: 15, reason: 'the box centre (705, 10) px lies outside its image' },
    ]);
    expect(r.groundTruth[0]).toHaveLength(1);
    expect(() => parseCocoAnnotations(json)).toThrow(
      "parseCocoAnnotations: annotations[3] (id 14).bbox: expected width and height > 0 pixels, got 0 × 10 (bbox [5,5,0,10], image 7 is 640×480; invalidBoxes: 'skip' leaves it out)",
    );
  });

  it.each([
    [{ ...sample, images: 'x' }, 'parseCocoAnnotations: json.images: expected an array, got "x"'],
    [
      { ...sample, categories: undefined },
      'parseCocoAnnotations: json.categories: expected an array, got undefined undefined',
    ],
    [
      { ...sample, images: [{ id: 1, file_name: 'a.jpg', width: 0, height: 5 }] },
      'parseCocoAnnotations: images[0] (id 1).width: expected a number > 0 (pixels), got number 0',
    ],
    [
      { ...sample, images: [{ id: 1, width: 5, height: 5 }] },
      'parseCocoAnnotations: images[0] (id 1).file_name: expected a string, got undefined undefined',
    ],
    [
      { ...sample, images: [sample.images[0], sample.images[0]] },
      'parseCocoAnnotations: images: id 7 appears twice',
    ],
    [
      { ...sample, categories: [{ id: '1', name: 'a' }] },
      'parseCocoAnnotations: categories[0].id: expected an integer, got "1"',
    ],
    [
      { ...sample, annotations: [{ id: 5, image_id: 99, category_id: 1, bbox: [0, 0, 1, 1] }] },
      'parseCocoAnnotations: annotations[0] (id 5).image_id: 99 is not the id of an image in images',
    ],
    [
      { ...sample, annotations: [{ id: 5, image_id: 7, category_id: 2, bbox: [0, 0, 1, 1] }] },
      'parseCocoAnnotations: annotations[0] (id 5).category_id: 2 is not the id of a category in categories',
    ],
    [
      { ...sample, annotations: [{ id: 5, image_id: 7, category_id: 1, bbox: [0, 0, 1] }] },
      'parseCocoAnnotations: annotations[0] (id 5).bbox: expected [x_min, y_min, width, height], 4 finite numbers (pixels), got [0,0,1]',
    ],
    [
      {
        ...sample,
        annotations: [{ id: 5, image_id: 7, category_id: 1, bbox: [0, 0, 1, 1], iscrowd: 2 }],
      },
      'parseCocoAnnotations: annotations[0] (id 5).iscrowd: expected 0 or 1, got number 2',
    ],
    [
      {
        ...sample,
        annotations: [{ id: 5, image_id: 7, category_id: 1, bbox: [0, 0, 1, 1], area: -1 }],
      },
      'parseCocoAnnotations: annotations[0] (id 5).area: expected a number >= 0 (pixels²), got number -1',
    ],
    [
      { ...sample, annotations: [{ image_id: 7, category_id: 1, bbox: [0, 0, 1, 1] }] },
      'parseCocoAnnotations: annotations[0].id: expected an integer, got undefined undefined',
    ],
    [
      { ...sample, annotations: [{ id: 5, image_id: 7, category_id: 1, bbox: [0, 0, 1000, 10] }] },
      'parseCocoAnnotations: annotations[0] (id 5).bbox: the box is larger than its image',
    ],
    ['{"images": [', 'parseCocoAnnotations: json: not valid JSON'],
    [
      [],
      'parseCocoAnnotations: json: expected a COCO object { images, annotations, categories }, got an array of length 0',
    ],
  ])('error %#: names the entry and field', (json, message) => {
    expect(() => parseCocoAnnotations(json)).toThrow(message);
  });
});

describe('toCocoAnnotations / toCocoResults', () => {
  const images: CocoImage[] = [
    { id: 1, fileName: 'a.png', width: 64, height: 32 },
    { id: 2, fileName: 'b.png', width: 128, height: 128 },
  ];
  const categories: CocoCategory[] = [
    { id: 1, name: 'square' },
    { id: 5, name: 'disc', supercategory: 'shape' },
  ];

  it('writes pixel bboxes [x_min, y_min, w, h], areas, crowd flags and sequential ids', () => {
    const json = toCocoAnnotations(
      [
        [{ x: 0.5, y: 0.5, w: 0.25, h: 0.5, classId: 1 }],
        [{ x: 0.25, y: 0.75, w: 0.5, h: 0.5, classId: 0, iscrowd: true, area: 12 }],
      ],
      images,
      categories,
    );
    expect(json).toEqual({
      images: [
        { id: 1, file_name: 'a.png', width: 64, height: 32 },
        { id: 2, file_name: 'b.png', width: 128, height: 128 },
      ],
      annotations: [
        { id: 1, image_id: 1, category_id: 5, bbox: [24, 8, 16, 16], area: 256, iscrowd: 0 },
        { id: 2, image_id: 2, category_id: 1, bbox: [0, 64, 64, 64], area: 12, iscrowd: 1 },
      ],
      categories: [
        { id: 1, name: 'square' },
        { id: 5, name: 'disc', supercategory: 'shape' },
      ],
    });
  });

  it('round trip: parseCocoAnnotations(toCocoAnnotations(gt)) gives the ground truth back', () => {
    const gen = seededRandom(2);
    const many: CocoImage[] = Array.from({ length: 20 }, (_, i) => ({
      id: 100 + i,
      fileName: `${i}.jpg`,
      width: 50 + Math.floor(gen() * 600),
      height: 50 + Math.floor(gen() * 600),
    }));
    const gt = many.map(() =>
      randomBoxes(gen, Math.floor(gen() * 6), 2).map((b) => ({ ...b, iscrowd: gen() < 0.2 })),
    );
    const parsed = parseCocoAnnotations(
      JSON.parse(JSON.stringify(toCocoAnnotations(gt, many, categories))),
    );
    expect(parsed.images).toEqual(many);
    expect(parsed.categories).toEqual(categories);
    parsed.groundTruth.forEach((boxes, n) => {
      expect(boxes).toHaveLength(gt[n]!.length);
      boxes.forEach((b, i) => {
        const want = gt[n]![i]!;
        for (const key of ['x', 'y', 'w', 'h'] as const)
          expect(Math.abs(b[key] - want[key])).toBeLessThan(1e-12);
        expect([b.classId, b.iscrowd]).toEqual([want.classId, want.iscrowd]);
        expect(b.area).toBeCloseTo(want.w * many[n]!.width * want.h * many[n]!.height, 6);
      });
    });
  });

  it('writes detections in the results format', () => {
    const results = toCocoResults(
      [
        [{ x: 0.5, y: 0.5, w: 0.5, h: 0.5, score: 0.9, classId: 1 }],
        [{ x: 0, y: 0, w: 0.25, h: 0.125, score: 0.1, classId: 0 }],
      ],
      images,
      categories,
    );
    expect(results).toEqual([
      { image_id: 1, category_id: 5, bbox: [16, 8, 32, 16], score: 0.9 },
      { image_id: 2, category_id: 1, bbox: [-16, -8, 32, 16], score: 0.1 },
    ]);
  });

  it('rejects bad input, naming the image, box and field', () => {
    const box = { x: 0.5, y: 0.5, w: 0.5, h: 0.5, classId: 0 };
    expect(() => toCocoAnnotations([[box]], images, categories)).toThrow(
      'toCocoAnnotations: groundTruth: expected one list of boxes per image (2), got an array of length 1',
    );
    expect(() =>
      toCocoAnnotations([[], [box, { ...box, classId: 2 }]], images, categories),
    ).toThrow('toCocoAnnotations: groundTruth[1][1].classId: expected an integer in [0, 2), got 2');
    expect(() =>
      toCocoAnnotations([[], [{ ...box, iscrowd: 1 as never }]], images, categories),
    ).toThrow('toCocoAnnotations: groundTruth[1][0].iscrowd: expected a boolean, got number 1');
    expect(() =>
      toCocoAnnotations([[], []], [images[0]!, { ...images[1]!, id: 1 }], categories),
    ).toThrow('toCocoAnnotations: images[1].id: id 1 appears twice');
    expect(() => toCocoAnnotations([[], []], images, [])).toThrow(
      'toCocoAnnotations: categories: expected a non-empty array of { id, name }',
    );
    expect(() => toCocoResults([[], [{ ...box, score: NaN }]], images, categories)).toThrow(
      'toCocoResults: detections[1][0].score: expected a finite number, got number NaN',
    );
    expect(() =>
      toCocoResults([[], [{ ...box, score: 1, classId: 5 }]], images, categories),
    ).toThrow(
      'toCocoResults: detections[1][0].classId: expected an integer in [0, 2) (an index into categories), got number 5',
    );
    expect(() =>
      toCocoResults([[], []], [images[0]!, { ...images[1]!, width: -1 }], categories),
    ).toThrow('toCocoResults: images[1].width: expected a number > 0 (pixels), got number -1');
  });
});
