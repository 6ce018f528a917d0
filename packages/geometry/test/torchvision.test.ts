// Parity with torchvision.ops on the shared fixture (test/fixtures/torchvision.json, see its README).
import * as tf from '@tensorflow/tfjs-core';
import { expectAllClose, loadFixture, values, type Tolerance } from '@yolo-loss/test-utils';
import { describe, expect, it } from 'vitest';
import {
  ciou,
  ciouLoss,
  diou,
  diouLoss,
  giou,
  giouLoss,
  iou,
  iouLoss,
  pairwiseIou,
  type IouKind,
  type IouLossOptions,
} from '../src/index.js';

type Num = number | string;
interface Flat {
  shape: number[];
  data: Num[];
}
type PerVariant<T> = Record<IouKind, T>;
interface Case {
  name: string;
  boxes1: Flat;
  boxes2: Flat;
  expected: {
    value?: PerVariant<Num[]>;
    loss?: PerVariant<Num[]>;
    lossMean?: PerVariant<Num>;
    lossSum?: PerVariant<Num>;
    grad?: PerVariant<{ boxes1: Flat; boxes2: Flat }>;
    pairwise?: PerVariant<Flat>;
  };
  compare: string[];
  tolerance: Tolerance;
  nonfinite?: string[];
}
interface Fixture {
  cases: Case[];
  'degenerate-torchvision-kink': Case[];
  'degenerate-torchvision-nonfinite': Case[];
}

const fixture = loadFixture<Fixture>('./fixtures/torchvision.json', import.meta.url);
const KINDS: IouKind[] = ['iou', 'giou', 'diou', 'ciou'];
const VALUE = { iou, giou, diou, ciou };
const LOSS = { iou: iouLoss, giou: giouLoss, diou: diouLoss, ciou: ciouLoss };

const num = (v: Num): number => (typeof v === 'number' ? v : Number(v));
const nums = (vs: readonly Num[]): number[] => vs.map(num);

/** What the library computes for one case, keyed like the fixture's `nonfinite` entries. */
async function compute(c: Case, withGrad: boolean): Promise<Map<string, Float32Array>> {
  const elementwise = c.compare.some((f) => f !== 'pairwise');
  const a = tf.tensor(nums(c.boxes1.data), c.boxes1.shape, 'float32');
  const b = tf.tensor(nums(c.boxes2.data), c.boxes2.shape, 'float32');
  const out = new Map<string, tf.Tensor>();
  for (const k of KINDS) {
    out.set(`pairwise.${k}`, pairwiseIou(a, b, { kind: k }));
    if (!elementwise) continue;
    out.set(`value.${k}`, VALUE[k](a, b));
    out.set(`loss.${k}`, LOSS[k](a, b));
    out.set(`lossMean.${k}`, LOSS[k](a, b, { reduction: 'mean' }));
    out.set(`lossSum.${k}`, LOSS[k](a, b, { reduction: 'sum' }));
    if (withGrad) {
      const opts: IouLossOptions = { reduction: 'sum' };
      const [ga, gb] = tf.grads((x: tf.Tensor, y: tf.Tensor) => LOSS[k](x, y, opts))([a, b]) as [tf.Tensor, tf.Tensor];
      out.set(`grad.${k}.boxes1`, ga);
      out.set(`grad.${k}.boxes2`, gb);
    }
  }
  const read = new Map<string, Float32Array>();
  for (const [key, t] of out) read.set(key, await values(t));
  tf.dispose([a, b, ...out.values()]);
  return read;
}

/** The expected numbers of `key` (`value.iou`, `grad.ciou.boxes1`, ...), or undefined. */
function expectedOf(c: Case, key: string): number[] | undefined {
  const [field, kind, which] = key.split('.') as [keyof Case['expected'], IouKind, 'boxes1' | 'boxes2' | undefined];
  const e = c.expected[field]?.[kind];
  if (e === undefined) return undefined;
  if (which !== undefined) return nums((e as { boxes1: Flat; boxes2: Flat })[which].data);
  if (typeof e === 'object' && !Array.isArray(e)) return nums((e as Flat).data);
  return Array.isArray(e) ? nums(e) : [num(e)];
}

function keysOf(field: string): string[] {
  return field === 'grad' ? KINDS.flatMap((k) => [`grad.${k}.boxes1`, `grad.${k}.boxes2`]) : KINDS.map((k) => `${field}.${k}`);
}

async function expectCase(c: Case, fields: string[], withGrad: boolean): Promise<void> {
  const got = await compute(c, withGrad);
  for (const [key, v] of got) {
    expect(Array.from(v).every(Number.isFinite), `${c.name}: ${key} finite: ${Array.from(v).join(', ')}`).toBe(true);
  }
  for (const field of fields) {
    for (const key of keysOf(field)) {
      if (c.nonfinite?.includes(key)) continue; // torchvision is NaN there: finiteness is all we check
      const expected = expectedOf(c, key);
      if (expected === undefined) continue;
      expectAllClose(got.get(key)!, expected, c.tolerance, `${c.name}: ${key}`);
    }
  }
}

describe('torchvision parity: values and losses', () => {
  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    await expectCase(c, c.compare.filter((f) => f !== 'grad'), false);
  });
});

describe('torchvision parity: gradients', () => {
  it.each(fixture.cases.filter((c) => c.compare.includes('grad')).map((c) => [c.name, c] as const))(
    '%s',
    async (_name, c) => {
      await expectCase(c, ['grad'], true);
    },
  );
});

describe('torchvision kinks: values match, gradients finite', () => {
  it.each(fixture['degenerate-torchvision-kink'].map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    expect(c.compare).not.toContain('grad');
    await expectCase(c, c.compare, true);
  });
});

describe('where torchvision is not finite: we are, and match it elsewhere', () => {
  it.each(fixture['degenerate-torchvision-nonfinite'].map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    expect(c.nonfinite?.length).toBeGreaterThan(0);
    await expectCase(c, c.compare, true);
  });
});
