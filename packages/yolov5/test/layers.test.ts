// The tfjs-layers adapters: each output's loss sees only its own (yTrue, yPred), yet the outputs'
// losses add up to yolov5.loss(...).total — for 'sum' and 'mean', with the per-batch normalisations
// (positives P per output, N·H·W·A cells) computed per output — and model.fit trains with them.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { YoloInputError } from '@yolo-loss/backend';
import { expectAllClose, expectNoTensorLeak, randomGt, randomHeads, testBackend, values, type Tolerance } from '@yolo-loss/test-utils';
import { describe, expect, it } from 'vitest';
import { yolov5, type GtBox, type Yolov5Options } from '../src/index.js';

const tolerance: Tolerance = { abs: 1e-5, rel: 1e-4 };
// 128×128: outputs 16², 8², 4²; the smallest holds 4·4·3·8 = 384 values per image, 9 boxes by the shared rule
const small: Yolov5Options = { numClasses: 3, inputSize: [128, 128] };
/** A random batch: 4 images, one of them without boxes, one crowded (duplicates per slot). */
function batch(): GtBox[][] {
  const [a, b, c] = randomGt(3, 4, 3, 17);
  const crowd: GtBox[] = [
    { x: 0.3, y: 0.3, w: 0.25, h: 0.3, classId: 0 },
    { x: 0.31, y: 0.32, w: 0.3, h: 0.25, classId: 1 },
  ];
  return [a!, [], [...b!, ...crowd], c!];
}
const outputsFor = (options: Yolov5Options, n: number, seed: number): tf.Tensor4D[] =>
  randomHeads(
    yolov5.outputShapes(options).map(([h, w, c]) => [n, h, w, c] as const),
    seed,
    2,
  );
const scalar = async (t: tf.Tensor): Promise<number> => (await values(t))[0]!;

describe('yolov5 tfjs-layers adapters', () => {
  for (const reduction of ['sum', 'mean'] as const) {
    for (const extra of [{}, { labelSmoothing: 0.1, focalGamma: 1.5, classPosWeight: [1, 2, 0.5], objIouRatio: 0.7 }] as Yolov5Options[]) {
      const name = `${reduction}${Object.keys(extra).length > 0 ? ', label smoothing, focal γ, pos weights, gr' : ''}`;
      it(`${name}: the outputs' losses add up to the loss, the metrics to its terms, the gradients to its gradient`, async () => {
        const cfg = yolov5.resolveConfig({ ...small, ...extra, reduction });
        const gt = batch();
        const outputs = outputsFor(cfg, gt.length, 5);
        const ys = yolov5.layersTargets(gt, cfg);
        expect(ys.map((y) => y.shape)).toEqual(outputs.map((o) => o.shape));
        const losses = yolov5.layersLoss(cfg);
        expect(losses).toHaveLength(3);

        const r = yolov5.loss(outputs, gt, cfg);
        const layers = tf.addN(losses.map((fn, i) => fn(ys[i]!, outputs[i]!)));
        expectAllClose([await scalar(layers)], [await scalar(r.total)], tolerance, `${name} total`);
        const metrics = yolov5.layersMetrics(cfg);
        expect(metrics.map((m) => m.map((fn) => fn.name))).toEqual(outputs.map(() => ['box', 'obj', 'noobj', 'cls']));
        for (const [k, term] of (['box', 'obj', 'noobj', 'cls'] as const).entries()) {
          const sum = tf.addN(metrics.map((m, i) => m[k]!(ys[i]!, outputs[i]!)));
          expectAllClose([await scalar(sum)], [await scalar(r[term])], tolerance, `${name} ${term}`);
          sum.dispose();
        }

        // the same gradient: what model.fit minimises is what loss minimises
        const byLoss = tf.grads((...xs: tf.Tensor[]) => yolov5.loss(xs, gt, { ...cfg, implementation: 'composed' }).total)(outputs);
        const byLayers = tf.grads((...xs: tf.Tensor[]) => tf.addN(losses.map((fn, i) => fn(ys[i]!, xs[i]!))))(outputs);
        for (const [i, g] of byLayers.entries()) {
          expectAllClose(await values(g), await values(byLoss[i]!), tolerance, `${name} gradient of output ${i}`);
        }
        tf.dispose([r.total, r.box, r.obj, r.noobj, r.cls, layers, ...byLoss, ...byLayers, ...outputs, ...ys]);
      });
    }
  }

  it('per output the batch normalisation is that output\'s own: one image\'s loss differs from its share in the batch', async () => {
    // the box and class means divide by P of the output over the whole batch, so a loss of the
    // batch is not the sum of per-image losses — the layers losses must see the whole batch, as they do
    const cfg = yolov5.resolveConfig({ ...small, reduction: 'sum' });
    const gt = batch();
    const outputs = outputsFor(cfg, gt.length, 7);
    const ys = yolov5.layersTargets(gt, cfg);
    const losses = yolov5.layersLoss(cfg);
    const whole = await scalar(tf.addN(losses.map((fn, i) => fn(ys[i]!, outputs[i]!))));
    let perImage = 0;
    for (let n = 0; n < gt.length; n++) {
      const slice = (t: tf.Tensor) => tf.slice(t, [n, 0, 0, 0], [1, -1, -1, -1]);
      const r = yolov5.loss(outputs.map(slice), [gt[n]!], cfg);
      perImage += await scalar(r.total);
      tf.dispose([r.total, r.box, r.obj, r.noobj, r.cls]);
    }
    const r = yolov5.loss(outputs, gt, cfg);
    expectAllClose([whole], [await scalar(r.total)], tolerance, 'whole batch');
    expect(Math.abs(whole - perImage)).toBeGreaterThan(1e-3 * Math.abs(whole));
    tf.dispose([r.total, r.box, r.obj, r.noobj, r.cls, ...outputs, ...ys]);
  });

  it('maxBoxes: the default rule of every version, the same option for targets and loss, errors naming the image', () => {
    const cfg = yolov5.resolveConfig({ ...small, inputSize: [64, 64] });
    // the smallest output, 2×2×3·8 = 96 values per image: 2 boxes by the shared rule (40 values each)
    const three: GtBox[][] = [randomGt(1, 2, 3, 1, 0.05, 0.1)[0]!, randomGt(1, 3, 3, 2, 0.05, 0.1)[0]!];
    expect(() => yolov5.layersTargets(three, cfg)).toThrow(YoloInputError);
    expect(() => yolov5.layersTargets(three, cfg)).toThrow(/image 1 has 3 ground-truth boxes, more than maxBoxes \(2\)/);
    const ys = yolov5.layersTargets(three, { ...cfg, maxBoxes: 3 });
    expect(ys.map((y) => y.shape)).toEqual(yolov5.outputShapes(cfg).map((s) => [2, ...s]));
    tf.dispose(ys);
    expect(() => yolov5.layersTargets(three, { ...cfg, maxBoxes: 0 })).toThrow(/option 'maxBoxes' must be a positive integer, got 0/);
    expect(() => yolov5.layersLoss({ ...cfg, maxBoxes: 1.5 })).toThrow(/option 'maxBoxes'/);
    // at 640², 80 classes the rule gives 100
    expect(() => yolov5.layersTargets([randomGt(1, 100, 80, 3)[0]!], {})).not.toThrow();
    expect(() => yolov5.layersTargets([randomGt(1, 101, 80, 3)[0]!], {})).toThrow(/maxBoxes \(100\)/);
  });

  it('positives that do not fit an output are an error naming the image and the output', () => {
    // at 64×64 the smallest output (2×2) holds ⌊96 / 7⌋ = 13 records per image; a box 0.9 wide
    // centred at 0.7 claims 2 anchors × 3 cells (own, left, up) there: 3 of them 18 positives
    const box = { x: 0.7, y: 0.7, w: 0.9, h: 0.9, classId: 0 };
    const big: GtBox[][] = [[], [box, { ...box, classId: 1 }, { ...box, classId: 2 }]];
    expect(yolov5.encodeTargets(big, { ...small, inputSize: [64, 64] }).heads[2]!.count).toBe(18);
    expect(() => yolov5.layersTargets(big, { ...small, inputSize: [64, 64], maxBoxes: 3 })).toThrow(
      /image 1 has more than 13 positives .* at output 2/,
    );
  });

  it('a yPred that does not fit the output is an error naming the output', () => {
    const cfg = yolov5.resolveConfig(small);
    const [fn] = yolov5.layersLoss(cfg);
    const wrong = tf.zeros([1, 8, 8, 20]);
    expect(() => fn!(wrong, wrong)).toThrow(/output 0: yPred must be \[N, H, W, 24\]/);
    wrong.dispose();
  });

  it('leaves no tensor behind', async () => {
    const cfg = yolov5.resolveConfig(small);
    const gt = batch();
    const outputs = outputsFor(cfg, gt.length, 9);
    const losses = yolov5.layersLoss(cfg);
    await expectNoTensorLeak(async () => {
      const ys = yolov5.layersTargets(gt, cfg);
      const parts = losses.map((fn, i) => fn(ys[i]!, outputs[i]!));
      await values(parts[0]!);
      tf.dispose([...parts, ...ys]);
    }, 2);
    tf.dispose(outputs);
  });
});

// tfjs-layers training: CPU project only (slow on software WebGPU; the numbers are the same).
describe.runIf(testBackend() === 'cpu')('yolov5 model.fit', () => {
  it('compile + fit with layersLoss and layersTargets lowers the loss; evaluate equals yolov5.loss', async () => {
    const cfg = yolov5.resolveConfig({ numClasses: 2, inputSize: [128, 128], reduction: 'mean' });
    const gt = randomGt(4, 3, 2, 31, 0.1, 0.5);
    // a tiny detector: a code per image → one dense layer per output, reshaped to the output
    const input = tfl.input({ shape: [8] });
    const hidden = tfl.layers.dense({ units: 32, activation: 'relu', kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }) }).apply(input) as tfl.SymbolicTensor;
    const outputs = yolov5.outputShapes(cfg).map(([h, w, c], i) =>
      tfl.layers.reshape({ targetShape: [h, w, c] }).apply(
        tfl.layers.dense({ units: h * w * c, kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 + i }) }).apply(hidden),
      ) as tfl.SymbolicTensor,
    );
    const model = tfl.model({ inputs: input, outputs });
    model.compile({ optimizer: tf.train.adam(0.01), loss: yolov5.layersLoss(cfg) });
    const x = tf.randomNormal([4, 8], 0, 1, 'float32', 3);
    const ys = yolov5.layersTargets(gt, cfg);
    const history = await model.fit(x, ys, { epochs: 40, batchSize: 4, verbose: 0 });
    const losses = history.history.loss as number[];
    console.info(`[yolov5 model.fit] ${losses[0]!.toFixed(3)} → ${losses.at(-1)!.toFixed(4)}`);
    expect(losses.at(-1)!).toBeLessThan(losses[0]! / 3);

    const scores = model.evaluate(x, ys, { batchSize: 4 }) as tf.Scalar[];
    const predicted = model.predict(x) as tf.Tensor4D[];
    const r = yolov5.loss(predicted, gt, cfg);
    // tfjs-layers 4.22's evaluate lists the running total after each output: the last is the total
    expectAllClose([await scalar(scores[outputs.length - 1]!)], [await scalar(r.total)], tolerance, 'evaluate');
    tf.dispose([...scores, ...predicted, r.total, r.box, r.obj, r.noobj, r.cls, x, ...ys]);
    model.dispose();
  });
});
