// The playground page: pick a loss version and preset, train the demo's detector on the demo's
// synthetic shapes in the browser (WebGPU, CPU fallback), and watch the loss curve, the
// predicted boxes and the cells/anchors responsible for each ground-truth box update live.
// Data set, model, training loop and evaluation are the demo's own modules (@yolo-loss/demo).
import * as tf from '@tensorflow/tfjs-core';
import '@yolo-loss/backend/webgpu';
import { initBackend } from '@yolo-loss/backend';
import { CLASS_NAMES, generateDataset } from '@yolo-loss/demo/dataset';
import { evaluate } from '@yolo-loss/demo/evaluate';
import { createModel, packBatch } from '@yolo-loss/demo/model';
import { TERMS, train } from '@yolo-loss/demo/train';
import { IMAGE_SIZE, loadVersion, NUM_CLASSES, VERSIONS } from '@yolo-loss/demo/versions';

/**
 * @typedef {import('@yolo-loss/demo/dataset').GtBox} GtBox
 * @typedef {import('@yolo-loss/demo/versions').Detection} Detection
 * @typedef {import('@yolo-loss/demo/versions').VersionSpec} VersionSpec
 * @typedef {import('@yolo-loss/demo/versions').VersionImpl} VersionImpl
 * @typedef {import('@yolo-loss/demo/train').History} History
 * @typedef {import('@yolo-loss/demo/train').Term} Term
 * @typedef {{ image: number, box: number, row: number, col: number, cellPx: number, label: string }} Cell
 *   a ground-truth box's responsible cell: its image, the box's index there, the cell and its
 *   side in image pixels, and what to write in it
 */

/**
 * What the page is doing, for people (the status line) and for the end-to-end test
 * (`window.playground`).
 * @typedef {object} PlaygroundState
 * @property {'idle' | 'loading' | 'training' | 'evaluating' | 'done' | 'stopped' | 'error'} phase
 * @property {string | null} backend
 * @property {string | null} adapter - the WebGPU adapter, in words
 * @property {string | null} version
 * @property {string | null} preset
 * @property {number} step
 * @property {number} steps
 * @property {number[]} losses - total loss per step
 * @property {number} boxesDrawn - predicted boxes in the last preview
 * @property {number} responsibleDrawn - responsible cells in the last preview
 * @property {number} previewUpdates
 * @property {number | null} map50 - at the end
 * @property {number | null} stepsPerSecond
 * @property {string | null} error
 */

/**
 * Static imports of the loss packages, so the bundler includes them.
 * @type {Record<string, () => Promise<Record<string, unknown>>>}
 */
const PACKAGES = {
  '@yolo-loss/yolov1': () => import('@yolo-loss/yolov1'),
  '@yolo-loss/yolov2': () => import('@yolo-loss/yolov2'),
  '@yolo-loss/yolov3': () => import('@yolo-loss/yolov3'),
  '@yolo-loss/yolov4': () => import('@yolo-loss/yolov4'),
};

const params = new URLSearchParams(location.search);
/** Validation images for the final mAP (`?val=N`). */
const VAL_IMAGES = Math.max(3, Number(params.get('val')) || 64);
/** A training-time budget in seconds (`?maxSeconds=S`): training ends early, then evaluates. */
const MAX_SECONDS = Number(params.get('maxSeconds')) || Infinity;
const PREVIEWS = 3; // training images, then as many validation images
const SCALE = 3; // preview canvases are 288 × 288 for 96 × 96 images
const CLASS_COLOURS = ['#ff7f00', '#00c8ff', '#ff00c8'];
/** @type {Record<'total' | Term, string>} */
const TERM_COLOURS = { total: '#000000', box: '#e41a1c', obj: '#377eb8', noobj: '#4daf4a', cls: '#984ea3' };
/**
 * The curves: the total loss, then each term.
 * @type {('total' | Term)[]}
 */
const CURVES = ['total', ...TERMS];

/** @type {PlaygroundState} */
const state = {
  phase: 'idle',
  backend: null,
  adapter: null,
  version: null,
  preset: null,
  step: 0,
  steps: 0,
  losses: [],
  boxesDrawn: 0,
  responsibleDrawn: 0,
  previewUpdates: 0,
  map50: null,
  stepsPerSecond: null,
  error: null,
};
window.playground = state;

/**
 * The element of index.html with this id, checked to be what the page expects.
 * @template {HTMLElement} E
 * @param {string} id
 * @param {{ new (): E, name: string }} type - its class, e.g. HTMLCanvasElement
 * @returns {E}
 */
function element(id, type) {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`index.html: #${id} is not a ${type.name}`);
  return found;
}

/**
 * The 2-D context of a canvas.
 * @param {HTMLCanvasElement} canvas
 */
function context2d(canvas) {
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('this browser has no 2-D canvas');
  return ctx;
}

/** The form's fields, by id (URL parameters of the same names preset them). */
const fields = {
  version: element('version', HTMLSelectElement),
  preset: element('preset', HTMLSelectElement),
  backend: element('backend', HTMLSelectElement),
  steps: element('steps', HTMLInputElement),
  batch: element('batch', HTMLInputElement),
  lr: element('lr', HTMLInputElement),
  seed: element('seed', HTMLInputElement),
  train: element('train', HTMLInputElement),
  minScore: element('minScore', HTMLInputElement),
};
const overlay = element('overlay', HTMLInputElement);
const startButton = element('start', HTMLButtonElement);
const stopButton = element('stop', HTMLButtonElement);
const statusLine = element('status', HTMLDivElement);
/** @type {AbortController | null} */
let abort = null;

// ---------------------------------------------------------------- drawing

/** @param {string} text */
function setStatus(text) {
  statusLine.textContent = text;
}

/**
 * Loss curves: every term, log scale, exponentially smoothed, raw total in grey.
 * @param {History} history
 */
function drawLoss(history) {
  const canvas = element('loss', HTMLCanvasElement);
  const ctx = context2d(canvas);
  const { width: W, height: H } = canvas;
  const pad = { l: 48, r: 10, t: 10, b: 24 };
  ctx.clearRect(0, 0, W, H);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, W, H);
  const n = history.total.length;
  if (n === 0) return;
  const series = CURVES.map((name) => ({ name, raw: history[name], smooth: smooth(history[name]) }));
  const positive = series.flatMap((s) => s.smooth).filter((v) => v > 0);
  const lo = Math.log10(Math.max(1e-4, Math.min(...positive)));
  const hi = Math.log10(Math.max(...history.total, ...positive));
  const span = Math.max(hi - lo, 1e-3);
  /** @param {number} i - step index */
  const x = (i) => pad.l + ((W - pad.l - pad.r) * i) / Math.max(1, state.steps - 1);
  /** @param {number} v - loss (log scale) */
  const y = (v) => pad.t + ((H - pad.t - pad.b) * (hi - Math.log10(Math.max(v, 10 ** lo)))) / span;
  ctx.strokeStyle = '#ddd';
  ctx.fillStyle = '#666';
  ctx.font = '11px sans-serif';
  for (let e = Math.ceil(lo); e <= Math.floor(hi); e++) {
    ctx.beginPath();
    ctx.moveTo(pad.l, y(10 ** e));
    ctx.lineTo(W - pad.r, y(10 ** e));
    ctx.stroke();
    ctx.fillText(`1e${e}`, 4, y(10 ** e) + 4);
  }
  ctx.fillText(`step ${n} / ${state.steps}`, W - 110, H - 6);
  /** @param {number[]} values @param {string} colour @param {number} width */
  const line = (values, colour, width) => {
    ctx.strokeStyle = colour;
    ctx.lineWidth = width;
    ctx.beginPath();
    values.forEach((v, i) => (i ? ctx.lineTo(x(i), y(v)) : ctx.moveTo(x(i), y(v))));
    ctx.stroke();
  };
  line(history.total, '#bbb', 1);
  for (const s of series) line(s.smooth, TERM_COLOURS[s.name], s.name === 'total' ? 2.5 : 1.5);
  ctx.lineWidth = 1;
  element('legend', HTMLDivElement).innerHTML = series
    .map((s) => `<span><i class="swatch" style="background:${TERM_COLOURS[s.name]}"></i>${s.name} ${s.smooth[s.smooth.length - 1].toFixed(3)}</span>`)
    .join('');
}

/**
 * Exponential moving average.
 * @param {number[]} values
 * @param {number} [alpha]
 */
function smooth(values, alpha = 0.1) {
  let m = values[0];
  return values.map((v) => (m = m + alpha * (v - m)));
}

/**
 * One preview: the image, its truth (white, dashed), the cell (and anchor) responsible for each
 * truth box (filled, in the box's class colour, a line to the box centre), and the predictions
 * with score ≥ `minScore` (solid, class colour, label).
 * @param {HTMLCanvasElement} canvas
 * @param {Float32Array} image - `IMAGE_SIZE × IMAGE_SIZE × 3`
 * @param {GtBox[]} gt
 * @param {Detection[]} detections
 * @param {Cell[]} responsible - the cells of this image
 * @param {boolean} showOverlay - draw the responsible cells
 * @param {number} minScore
 */
function drawPreview(canvas, image, gt, detections, responsible, showOverlay, minScore) {
  const ctx = context2d(canvas);
  const px = new ImageData(IMAGE_SIZE, IMAGE_SIZE);
  for (let i = 0; i < IMAGE_SIZE * IMAGE_SIZE; i++) {
    for (let k = 0; k < 3; k++) px.data[i * 4 + k] = Math.round(image[i * 3 + k] * 255);
    px.data[i * 4 + 3] = 255;
  }
  const tmp = new OffscreenCanvas(IMAGE_SIZE, IMAGE_SIZE);
  const tmpCtx = tmp.getContext('2d');
  if (!tmpCtx) throw new Error('this browser has no 2-D OffscreenCanvas');
  tmpCtx.putImageData(px, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(tmp, 0, 0, IMAGE_SIZE * SCALE, IMAGE_SIZE * SCALE);
  const S = IMAGE_SIZE * SCALE;
  /**
   * A centre box as canvas `[x, y, w, h]`.
   * @param {{ x: number, y: number, w: number, h: number }} b
   * @returns {[number, number, number, number]}
   */
  const rect = (b) => [(b.x - b.w / 2) * S, (b.y - b.h / 2) * S, b.w * S, b.h * S];
  ctx.font = 'bold 12px sans-serif';
  let drawn = 0;
  if (showOverlay) {
    for (const r of responsible) {
      const g = gt[r.box];
      if (!g) continue;
      const colour = CLASS_COLOURS[g.classId];
      const cell = r.cellPx * SCALE;
      ctx.globalAlpha = 0.3;
      ctx.fillStyle = colour;
      ctx.fillRect(r.col * cell, r.row * cell, cell, cell);
      ctx.globalAlpha = 1;
      ctx.strokeStyle = colour;
      ctx.lineWidth = 2;
      ctx.strokeRect(r.col * cell, r.row * cell, cell, cell);
      ctx.beginPath();
      ctx.moveTo((r.col + 0.5) * cell, (r.row + 0.5) * cell);
      ctx.lineTo(g.x * S, g.y * S);
      ctx.stroke();
      ctx.fillStyle = '#fff';
      ctx.fillText(r.label, r.col * cell + 3, r.row * cell + 13);
      drawn++;
    }
  }
  ctx.setLineDash([5, 4]);
  ctx.strokeStyle = '#fff';
  ctx.lineWidth = 1.5;
  for (const g of gt) ctx.strokeRect(...rect(g));
  ctx.setLineDash([]);
  let boxes = 0;
  for (const d of detections.filter((det) => det.score >= minScore)) {
    ctx.strokeStyle = CLASS_COLOURS[d.classId] ?? '#000';
    ctx.lineWidth = 2.5;
    const [x0, y0, w, h] = rect(d);
    ctx.strokeRect(x0, y0, w, h);
    ctx.fillStyle = ctx.strokeStyle;
    ctx.fillText(`${CLASS_NAMES[d.classId]} ${d.score.toFixed(2)}`, x0 + 2, Math.max(12, y0 - 3));
    boxes++;
  }
  return { boxes, responsible: drawn };
}

// ---------------------------------------------------------------- responsible cells

/**
 * Reads the loss package's own assignment for the preview batch and turns it into cells, one
 * per responsible slot.
 * @param {VersionImpl} impl
 * @param {VersionSpec} spec
 * @param {Record<string, unknown>} config
 * @param {tf.Tensor4D[]} preds - one per head
 * @param {GtBox[][]} gt
 * @returns {Promise<Cell[]>}
 */
async function responsibleCells(impl, spec, config, preds, gt) {
  if (!impl.assignment) return [];
  const a = await impl.assignment(spec.single ? preds[0] : preds, gt, config);
  if (!('responsibleGt' in a)) {
    // v1: a predictor per GT, v2: an anchor per GT, in the one head's grid
    const cellPx = IMAGE_SIZE / preds[0].shape[2];
    return a.responsible.map((r) => ({ ...r, cellPx, label: 'predictor' in r ? `box ${r.predictor}` : `anchor ${r.anchor}` }));
  }
  // v3/v4: slots are [head, image, row, col, anchor]; responsibleGt[i] is the GT's index
  return a.responsible.map(([head, image, row, col, anchor], i) => ({
    image,
    box: a.responsibleGt[i],
    row,
    col,
    cellPx: IMAGE_SIZE / preds[head].shape[2],
    label: `s${spec.heads[head].stride} a${anchor}`,
  }));
}

// ---------------------------------------------------------------- training

/** Presets the form from the URL parameters; true when `autostart=1`. */
function readControls() {
  for (const [id, field] of Object.entries(fields)) {
    const value = params.get(id);
    if (value !== null) field.value = value;
  }
  return params.get('autostart') === '1';
}

/**
 * @param {string} value - the backend field
 * @returns {'auto' | 'webgpu' | 'cpu'}
 */
function backendChoice(value) {
  if (value === 'auto' || value === 'webgpu' || value === 'cpu') return value;
  throw new Error(`backend must be auto, webgpu or cpu, got ${JSON.stringify(value)}`);
}

/** Trains with the form's settings, then evaluates; every error ends on the status line. */
async function run() {
  const version = fields.version.value;
  const preset = fields.preset.value;
  const steps = Math.max(1, Number(fields.steps.value) | 0);
  const batchSize = Math.max(1, Number(fields.batch.value) | 0);
  const lr = Number(fields.lr.value) || 3e-3;
  const seed = Number(fields.seed.value) | 0;
  const trainCount = Math.max(1, Number(fields.train.value) | 0);
  Object.assign(state, {
    phase: 'loading', version, preset, step: 0, steps, losses: [], boxesDrawn: 0, responsibleDrawn: 0,
    previewUpdates: 0, map50: null, stepsPerSecond: null, error: null,
  });
  const controller = new AbortController();
  abort = controller;
  startButton.disabled = true;
  stopButton.disabled = false;
  /** @type {ReturnType<typeof createModel> | null} */
  let model = null;
  try {
    setStatus('starting the backend …');
    const info = await initBackend({ backend: backendChoice(fields.backend.value), log: false });
    state.backend = tf.getBackend();
    const ad = info.adapter;
    state.adapter = ad ? [ad.vendor, ad.architecture, ad.device, ad.description].filter(Boolean).join(' ') : null;

    const base = VERSIONS[version];
    if (!base) throw new Error(`unknown version ${JSON.stringify(version)}`);
    const spec = { ...base, config: { ...base.config, preset } };
    const impl = await loadVersion(spec, (pkg) => {
      const load = PACKAGES[pkg];
      if (!load) throw new Error(`${pkg} is not bundled with the page`);
      return load();
    });
    if ('missing' in impl) throw new Error(impl.missing);

    setStatus('generating the data set …');
    await new Promise((r) => setTimeout(r, 0));
    const data = generateDataset({ count: trainCount, seed: seed * 2 + 1 });
    const val = generateDataset({ count: VAL_IMAGES, seed: seed * 2 + 2 });
    const nTrain = Math.min(PREVIEWS, trainCount);
    const preview = {
      images: [...data.images.slice(0, nTrain), ...val.images.slice(0, PREVIEWS)],
      boxes: [...data.boxes.slice(0, nTrain), ...val.boxes.slice(0, PREVIEWS)],
    };
    const canvases = setupPreviews(nTrain, PREVIEWS);

    const net = createModel({ seed: seed * 7 + 3, heads: spec.heads });
    model = net;
    const refresh = async () => {
      const preds = tf.tidy(() => net.apply(packBatch(preview.images, IMAGE_SIZE)));
      try {
        const detections = await impl.decode(preds);
        const cells = await responsibleCells(impl, spec, spec.config, preds, preview.boxes);
        let boxes = 0;
        let resp = 0;
        preview.images.forEach((img, i) => {
          const r = drawPreview(canvases[i], img, preview.boxes[i], detections[i], cells.filter((c) => c.image === i), overlay.checked, Number(fields.minScore.value));
          boxes += r.boxes;
          resp += r.responsible;
        });
        state.boxesDrawn = boxes;
        state.responsibleDrawn = resp;
        state.previewUpdates++;
      } finally {
        tf.dispose(preds);
      }
    };
    await refresh();

    state.phase = 'training';
    const started = performance.now();
    let lastRefresh = started;
    let timeUp = false;
    /** @type {History | null} */
    let history = null;
    const result = await train({
      model: net,
      loss: impl.loss,
      data,
      steps,
      batchSize,
      lr,
      cosine: Boolean(spec.freebies),
      mosaicFraction: spec.freebies ? 0.5 : 0,
      seed: seed * 13 + 5,
      signal: controller.signal,
      onStep: async (step, terms, hist) => {
        history = hist;
        state.step = step;
        state.losses.push(terms.loss);
        const stepsPerSecond = step / ((performance.now() - started) / 1000);
        state.stepsPerSecond = stepsPerSecond;
        if ((performance.now() - started) / 1000 > MAX_SECONDS && !timeUp) {
          timeUp = true;
          controller.abort();
        }
        setStatus(
          `${spec.title} (${preset}) on ${state.backend}${state.adapter ? ` [${state.adapter}]` : ''}: step ${step}/${steps}, ` +
            `loss ${terms.loss.toFixed(3)} (${TERMS.map((t) => `${t} ${terms[t].toFixed(3)}`).join(', ')}), ` +
            `${stepsPerSecond.toFixed(1)} steps/s`,
        );
        drawLoss(hist);
        // predictions at most every 0.75 s: decoding and the assignment read-back cost a step
        if (performance.now() - lastRefresh > 750 && step < steps) {
          await refresh();
          lastRefresh = performance.now();
        }
      },
    });
    if (history) drawLoss(history);
    if (controller.signal.aborted && !timeUp) {
      state.phase = 'stopped';
      setStatus(`${statusLine.textContent}\nstopped at step ${state.step}`);
      return;
    }
    await refresh();
    state.phase = 'evaluating';
    const metrics = await evaluate({ model: net, decode: impl.decode, data: val, numClasses: NUM_CLASSES });
    state.map50 = metrics.map50;
    state.phase = 'done';
    setStatus(
      `${statusLine.textContent}\ndone${timeUp ? ` (time budget of ${MAX_SECONDS} s)` : ''}: ${state.step} steps, ${result.seconds.toFixed(1)} s of training; mAP@0.5 ${metrics.map50.toFixed(3)}, ` +
        `mAP@0.5:0.95 ${metrics.map50_95.toFixed(3)} on ${VAL_IMAGES} validation images`,
    );
  } catch (error) {
    state.phase = 'error';
    state.error = error instanceof Error ? (error.stack ?? error.message) : String(error);
    setStatus(`error: ${error instanceof Error ? error.message : String(error)}`);
    console.error(error);
  } finally {
    model?.dispose();
    startButton.disabled = false;
    stopButton.disabled = true;
  }
}

/**
 * Makes the preview canvases, captioned: `nTrain` training images, then `nVal` validation images.
 * @param {number} nTrain
 * @param {number} nVal
 */
function setupPreviews(nTrain, nVal) {
  const box = element('previews', HTMLDivElement);
  box.replaceChildren();
  const canvases = Array.from({ length: nTrain + nVal }, (_, i) => {
    const figure = document.createElement('figure');
    const c = document.createElement('canvas');
    c.width = IMAGE_SIZE * SCALE;
    c.height = IMAGE_SIZE * SCALE;
    const caption = document.createElement('figcaption');
    caption.textContent = i < nTrain ? `training image ${i + 1}` : `validation image ${i - nTrain + 1}`;
    figure.append(c, caption);
    box.append(figure);
    return c;
  });
  element('classes', HTMLDivElement).innerHTML =
    CLASS_NAMES.map((n, i) => `<span><i class="swatch" style="background:${CLASS_COLOURS[i]}"></i>${n}</span>`).join('') +
    '<span>white dashed: truth; filled cells: responsible cell/anchor per truth box</span>';
  return canvases;
}

// run() reports its own errors on the status line
element('controls', HTMLFormElement).addEventListener('submit', (e) => {
  e.preventDefault();
  void run();
});
stopButton.addEventListener('click', () => abort?.abort());
if (readControls()) void run();
