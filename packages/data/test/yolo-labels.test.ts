import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatYoloLabels, parseYoloLabels, type GtBox } from '../src/index.js';

const k1024 = (lo: number, hi: number) => fc.integer({ min: lo, max: hi }).map((n) => n / 1024);
const box = fc.record({
  x: k1024(0, 1024),
  y: k1024(0, 1024),
  w: k1024(1, 1024),
  h: k1024(1, 1024),
  classId: fc.nat(200),
});

describe('YOLO txt labels', () => {
  it('parses lines of "class cx cy w h": blank lines, tabs, CRLF and surrounding spaces are fine', () => {
    const text = '0 0.5 0.5 0.25 0.125\r\n\n  12\t0.1 0.2   0.3 0.4  \n\n1 1 0 1e-3 1.0\n';
    expect(parseYoloLabels(text)).toEqual([
      { x: 0.5, y: 0.5, w: 0.25, h: 0.125, classId: 0 },
      { x: 0.1, y: 0.2, w: 0.3, h: 0.4, classId: 12 },
      { x: 1, y: 0, w: 0.001, h: 1, classId: 1 },
    ]);
    expect(parseYoloLabels('')).toEqual([]);
    expect(parseYoloLabels('\n \n')).toEqual([]);
  });

  it('formats one line per box with a final newline', () => {
    expect(
      formatYoloLabels([
        { x: 0.5, y: 0.25, w: 0.125, h: 1, classId: 3 },
        { x: 0, y: 1, w: 0.0009765625, h: 0.5, classId: 0 },
      ]),
    ).toBe('3 0.5 0.25 0.125 1\n0 0 1 0.0009765625 0.5\n');
    expect(formatYoloLabels([])).toBe('');
  });

  it('round trip: parse(format(boxes)) = boxes (multiples of 1/1024, and any double)', () => {
    fc.assert(
      fc.property(fc.array(box, { maxLength: 30 }), (boxes) => {
        expect(parseYoloLabels(formatYoloLabels(boxes))).toEqual(boxes);
      }),
    );
    const anyDouble = fc.record({
      x: fc.double({ min: 0, max: 1, noNaN: true }),
      y: fc.double({ min: 0, max: 1, noNaN: true }),
      w: fc.double({ min: Number.MIN_VALUE, max: 1, noNaN: true }),
      h: fc.double({ min: 1e-300, max: 1, noNaN: true }),
      classId: fc.nat(),
    });
    fc.assert(
      fc.property(fc.array(anyDouble, { maxLength: 5 }), (boxes) => {
        expect(parseYoloLabels(formatYoloLabels(boxes))).toEqual(boxes);
      }),
    );
  });

  it.each([
    ['0 0.5 0.5 0.2', 'train/a.txt line 1: expected 5 fields "class cx cy w h", got 4'],
    [
      '0 0.1 0.1 0.2 0.1 0.2 0.2 0.3 0.3',
      'line 1: expected 5 fields "class cx cy w h", got 9 (only boxes are read: a segmentation polygon or extra column is not)',
    ],
    [
      '\n\n-1 0.5 0.5 0.2 0.2',
      'train/a.txt line 3, field 1 (class): expected a non-negative integer class id, got "-1"',
    ],
    [
      '1.0 0.5 0.5 0.2 0.2',
      'line 1, field 1 (class): expected a non-negative integer class id, got "1.0"',
    ],
    [
      '0 0.5 0.5 0.2 0.2\n7 0.5 0.5 0.2 0.2',
      'train/a.txt line 2, field 1 (class): expected a class id in [0, 5), got 7',
    ],
    [
      '0 1.5 0.5 0.2 0.2',
      'line 1, field 2 (cx): expected a number in [0, 1] (normalised to the image), got "1.5"',
    ],
    [
      '0 0.5 -0.01 0.2 0.2',
      'line 1, field 3 (cy): expected a number in [0, 1] (normalised to the image), got "-0.01"',
    ],
    [
      '0 0.5 0.5 0 0.2',
      'line 1, field 4 (w): expected a number in (0, 1] (normalised to the image), got "0"',
    ],
    [
      '0 0.5 0.5 0.2 1.01',
      'line 1, field 5 (h): expected a number in (0, 1] (normalised to the image), got "1.01"',
    ],
    [
      '0 0.5 abc 0.2 0.2',
      'line 1, field 3 (cy): expected a number in [0, 1] (normalised to the image), got "abc"',
    ],
    [
      '0 0x1 0.5 0.2 0.2',
      'line 1, field 2 (cx): expected a number in [0, 1] (normalised to the image), got "0x1"',
    ],
    [
      '0 0.5 0.5 Infinity 0.2',
      'line 1, field 4 (w): expected a number in (0, 1] (normalised to the image), got "Infinity"',
    ],
    [
      '0 0.5 0.5 nan 0.2',
      'line 1, field 4 (w): expected a number in (0, 1] (normalised to the image), got "nan"',
    ],
  ])('%j → error naming file, line and field', (text, message) => {
    expect(() => parseYoloLabels(text, { file: 'train/a.txt', numClasses: 5 })).toThrow(
      `parseYoloLabels: train/a.txt ${message.replace(/^train\/a\.txt /, '')}`,
    );
  });

  it('names the file "labels" when no file is given, and checks its arguments', () => {
    expect(() => parseYoloLabels('x')).toThrow('parseYoloLabels: labels line 1: expected 5 fields');
    expect(() => parseYoloLabels(42 as never, { file: 'b.txt' })).toThrow(
      'parseYoloLabels: text: expected the contents of b.txt as a string, got number 42',
    );
    expect(() => parseYoloLabels('', { numClasses: 0 })).toThrow(
      'parseYoloLabels: options.numClasses: expected an integer >= 1',
    );
    expect(() => parseYoloLabels('', { file: 3 as never })).toThrow(
      'parseYoloLabels: options.file: expected a string',
    );
  });

  it('formatYoloLabels names the box and field of a bad box', () => {
    const bad = [
      { x: 0.5, y: 0.5, w: 0.1, h: 0.1, classId: 0 },
      { x: 0.5, y: 0.5, w: 0.1, h: 0.1, classId: 1.5 },
    ] as GtBox[];
    expect(() => formatYoloLabels(bad)).toThrow(
      'formatYoloLabels: boxes[1].classId: expected an integer >= 0, got 1.5',
    );
    expect(() => formatYoloLabels([{ x: 0.5, y: 0.5, w: 0.1, h: NaN, classId: 0 }])).toThrow(
      'formatYoloLabels: boxes[0].h: expected a finite number, got number NaN',
    );
    expect(() => formatYoloLabels('0 1 1 1 1' as never)).toThrow(
      'formatYoloLabels: boxes: expected an array',
    );
  });
});
