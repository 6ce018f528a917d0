#!/usr/bin/env node
// Selective installs, the way a user meets them: pack each published package with pnpm
// (workspace: ranges become real ranges), install the tarball (and only the tarballs of the
// @yolo-loss packages it needs) into a fresh npm project outside the workspace, then run a
// loss + gradient in plain Node on the CPU and on WebGPU (a package without tfjs, such as
// @yolo-loss/data, is installed without tfjs and its entries run once in plain Node). Also typechecks a consumer under
// `moduleResolution: node16`. Writes .reports/packed.json.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const tfjs = JSON.parse(readFileSync(join(root, 'packages/backend/package.json'), 'utf8')).devDependencies;
const catalog = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8');
const tfVersion = /"@tensorflow\/tfjs-core": (\S+)/.exec(catalog)[1];
const webgpuVersion = /^ {2}webgpu: (\S+)/m.exec(catalog)[1];
const tsVersion = /^ {2}typescript: (\S+)/m.exec(catalog)[1];
void tfjs;

function sh(cmd, args, cwd, extraEnv = {}) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, ...extraEnv } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

// Every published package of the workspace (packages/* that are not private).
const allPackages = readdirSync(join(root, 'packages'))
  .filter((p) => existsSync(join(root, 'packages', p, 'package.json')))
  .filter((p) => !JSON.parse(readFileSync(join(root, 'packages', p, 'package.json'), 'utf8')).private)
  .sort();
// `node test-packed.mjs geometry yolov3` checks only those (their dependencies are packed too).
const only = process.argv.slice(2);
const packages = allPackages;
const tested = only.length > 0 ? only : allPackages;
const manifests = Object.fromEntries(
  packages.map((p) => [p, JSON.parse(readFileSync(join(root, 'packages', p, 'package.json'), 'utf8'))]),
);

/** Our packages `name` needs, itself included (dependencies and peers, transitively). */
function closure(name) {
  const out = new Set([name]);
  const walk = (p) => {
    const m = manifests[p];
    for (const dep of Object.keys({ ...m.dependencies, ...m.peerDependencies })) {
      const short = dep.startsWith('@yolo-loss/') ? dep.slice('@yolo-loss/'.length) : null;
      if (short && !out.has(short)) {
        out.add(short);
        walk(short);
      }
    }
  };
  walk(name);
  return [...out];
}

/** A package with no tfjs peer (`@yolo-loss/data`): installed without tfjs, checked once in plain node. */
const tensorFree = (name) => !manifests[name].peerDependencies?.['@tensorflow/tfjs-core'];

// What a tensor-free package's scratch project runs (no tfjs installed there at all).
const plainUsage = {
  data: `import { kmeansAnchors, letterbox, mosaic, parseYoloLabels, formatYoloLabels } from '@yolo-loss/data';
import { decodeImage, encodePng } from '@yolo-loss/data/node';
const boxes = parseYoloLabels('0 0.5 0.5 0.25 0.5\\n1 0.25 0.25 0.125 0.125\\n', { file: 'a.txt' });
if (formatYoloLabels(boxes) !== '0 0.5 0.5 0.25 0.5\\n1 0.25 0.25 0.125 0.125\\n') throw new Error('labels round trip');
const { anchors, meanIou } = kmeansAnchors([[10, 10], [11, 9], [40, 40], [42, 38]], 2, { seed: 1 });
const image = { data: new Uint8Array(32 * 16 * 3).map((_, i) => i % 251), width: 32, height: 16, channels: 3 };
const back = decodeImage(encodePng(image));
if (!back.data.every((v, i) => v === image.data[i])) throw new Error('PNG round trip');
const m = mosaic([0, 1, 2, 3].map(() => ({ image, boxes })), { size: [32, 32], seed: 1 });
const lb = letterbox(image, boxes, [64, 64]);
if (m.image.data.length !== 32 * 32 * 3 || lb.pad[1] !== 16) throw new Error('mosaic / letterbox sizes');
console.log(JSON.stringify({ anchors: anchors.length, meanIou }));
process.exit(0);
`,
};

// What each scratch project runs: one loss + gradient, on the backend given in argv.
const usage = {
  backend: `import { bceWithLogits } from '@yolo-loss/backend';
const loss = () => tf.mean(bceWithLogits(x, tf.onesLike(x)));`,
  geometry: `import { ciouLoss } from '@yolo-loss/geometry';
const target = tf.tensor2d([[0.1, 0.1, 0.5, 0.6], [0.2, 0.2, 0.4, 0.9]]);
const loss = () => ciouLoss(tf.add(tf.reshape(tf.slice(x, [0], [8]), [2, 4]), tf.tensor2d([[0.1, 0.1, 0.5, 0.5], [0.2, 0.2, 0.6, 0.6]])), target, { reduction: 'mean' });`,
  heads: `import { decodeAnchorBoxes } from '@yolo-loss/heads';
const loss = () => tf.sum(decodeAnchorBoxes(tf.reshape(tf.slice(x, [0], [1 * 4 * 3 * 4]), [1, 4, 3, 4]), 2, 2, [[10, 13], [16, 30], [33, 23]], [0, 1, 2], [64, 64]));`,
  yolov1: `import { yolov1, yolov1Loss } from '@yolo-loss/yolov1';
const pred = () => tf.reshape(tf.slice(x, [0], [1 * 7 * 7 * 30]), [1, 7, 7, 30]);
const config = yolov1.resolveConfig({ preset: 'paper' });
if (yolov1Loss !== yolov1.loss) throw new Error('yolov1Loss is not the alias of yolov1.loss');
const loss = () => yolov1.loss(pred(), [[{ x: 0.5, y: 0.5, w: 0.3, h: 0.4, classId: 1 }]], config).total;`,
  yolov2: `import { yolov2, yolov2Loss } from '@yolo-loss/yolov2';
const pred = () => tf.reshape(tf.slice(x, [0], [1 * 13 * 13 * 125]), [1, 13, 13, 125]);
const config = yolov2.resolveConfig({ preset: 'paper' });
if (yolov2Loss !== yolov2.loss) throw new Error('yolov2Loss is not the alias of yolov2.loss');
const loss = () => yolov2.loss(pred(), [[{ x: 0.5, y: 0.5, w: 0.3, h: 0.4, classId: 1 }]], config).total;`,
  yolov3: `import { yolov3, yolov3Loss } from '@yolo-loss/yolov3';
const heads = () => [[0, 2, 8], [2 * 64, 4, 8], [6 * 64, 8, 8]].map(([o, g]) => tf.reshape(tf.slice(x, [o], [g * g * 24]), [1, g, g, 24]));
const config = yolov3.resolveConfig({ preset: 'paper', numClasses: 3, inputSize: [64, 64] });
if (yolov3Loss !== yolov3.loss) throw new Error('yolov3Loss is not the alias of yolov3.loss');
const loss = () => yolov3.loss(heads(), [[{ x: 0.5, y: 0.5, w: 0.3, h: 0.4, classId: 1 }]], config).total;`,
  yolov4: `import { yolov4, yolov4Loss } from '@yolo-loss/yolov4';
const heads = () => [[0, 8], [8 * 8 * 24, 4], [(64 + 16) * 24, 2]].map(([o, g]) => tf.reshape(tf.slice(x, [o], [g * g * 24]), [1, g, g, 24]));
const config = yolov4.resolveConfig({ preset: 'paper', numClasses: 3, inputSize: [64, 64] });
if (yolov4Loss !== yolov4.loss) throw new Error('yolov4Loss is not the alias of yolov4.loss');
const loss = () => yolov4.loss(heads(), [[{ x: 0.5, y: 0.5, w: 0.3, h: 0.4, classId: 1 }]], config).total;`,
  yolov5: `import { yolov5, yolov5Loss } from '@yolo-loss/yolov5';
const heads = () => [[0, 8], [8 * 8 * 24, 4], [(64 + 16) * 24, 2]].map(([o, g]) => tf.reshape(tf.slice(x, [o], [g * g * 24]), [1, g, g, 24]));
const config = yolov5.resolveConfig({ numClasses: 3, inputSize: [64, 64] });
if (yolov5Loss !== yolov5.loss) throw new Error('yolov5Loss is not the alias of yolov5.loss');
const loss = () => yolov5.loss(heads(), [[{ x: 0.5, y: 0.5, w: 0.3, h: 0.4, classId: 1 }]], config).total;`,
  yolov8: `import { yolov8, yolov8Loss } from '@yolo-loss/yolov8';
const heads = () => [[0, 8], [8 * 8 * 67, 4], [(64 + 16) * 67, 2]].map(([o, g]) => tf.reshape(tf.slice(x, [o], [g * g * 67]), [1, g, g, 67]));
const config = yolov8.resolveConfig({ numClasses: 3, inputSize: [64, 64] });
if (yolov8Loss !== yolov8.loss) throw new Error('yolov8Loss is not the alias of yolov8.loss');
const loss = () => yolov8.loss(heads(), [[{ x: 0.5, y: 0.5, w: 0.3, h: 0.4, classId: 1 }]], config).total;`,
};

const script = (name) => {
  const [importLine, ...body] = usage[name].split('\n');
  return `import * as tf from '@tensorflow/tfjs-core';
${importLine.includes("'@yolo-loss/backend'") ? '' : "import { disposeBackend, initBackend } from '@yolo-loss/backend';"}
${importLine.includes("'@yolo-loss/backend'") ? importLine.replace('{ ', '{ disposeBackend, initBackend, ') : importLine}
const backend = process.argv[2];
await initBackend({ backend, log: false });
${body.join('\n')}
const x = tf.variable(tf.randomNormal([40000], 0, 0.5, 'float32', 1));
const { value, grads } = tf.variableGrads(loss);
const v = (await value.data())[0];
const g = await Object.values(grads)[0].data();
if (!Number.isFinite(v) || !g.every(Number.isFinite) || !g.some((e) => e !== 0)) {
  throw new Error('loss ' + v + ' or gradient not finite / all zero');
}
console.log(JSON.stringify({ backend: tf.getBackend(), loss: v }));
await disposeBackend();
process.exit(0);
`;
};

const results = [];
const record = (name, ok, detail) => {
  results.push({ name, ok, detail });
  console.log(`  ${ok ? '✓' : '✗'} ${name}${ok ? '' : `\n    ${String(detail).split('\n').slice(0, 12).join('\n    ')}`}`);
};

console.log('test:packed (pnpm pack → npm install in a scratch project → plain node)');
const work = mkdtempSync(join(tmpdir(), 'yolo-loss-packed-'));
const tarballs = {};
for (const p of packages) {
  const out = sh('pnpm', ['pack', '--pack-destination', work], join(root, 'packages', p));
  tarballs[p] = join(work, out.trim().split('\n').pop().split('/').pop());
}
const webgpuOk = process.env.YOLO_LOSS_SKIP_WEBGPU !== '1';
for (const p of tested) {
  const dir = join(work, `use-${p}`);
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `use-${p}`, private: true, type: 'module' }));
  const needs = closure(p);
  const tfjsPackages = tensorFree(p) ? [] : [`@tensorflow/tfjs-core@${tfVersion}`, `@tensorflow/tfjs-backend-cpu@${tfVersion}`,
    `@tensorflow/tfjs-backend-webgpu@${tfVersion}`, `@tensorflow/tfjs-backend-wasm@${tfVersion}`, `webgpu@${webgpuVersion}`];
  try {
    sh('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...needs.map((n) => tarballs[n]), ...tfjsPackages], dir);
    const installed = readdirSync(join(dir, 'node_modules', '@yolo-loss')).sort();
    const extra = installed.filter((n) => !needs.includes(n));
    record(`${p}: installs alone (@yolo-loss/${installed.join(', @yolo-loss/')})`, extra.length === 0,
      `pulled in unrelated packages: ${extra.join(', ')}`);
    const files = sh('npm', ['ls', '--all', '--parseable'], dir).split('\n').filter((l) => /node_modules\/@yolo-loss\/[^/]+$/.test(l));
    const nestedTf = existsSync(join(dir, 'node_modules', '@yolo-loss', p, 'node_modules', '@tensorflow'));
    record(`${p}: no bundled or nested tfjs-core`, !nestedTf && files.length > 0, 'nested @tensorflow under the package');
    if (tensorFree(p)) {
      const tf = existsSync(join(dir, 'node_modules', '@tensorflow'));
      record(`${p}: installs no tfjs at all`, !tf, `node_modules/@tensorflow: ${tf ? readdirSync(join(dir, 'node_modules', '@tensorflow')).join(', ') : ''}`);
    }
  } catch (error) {
    record(`${p}: npm install of the packed tarballs`, false, error.message);
    continue;
  }
  if (tensorFree(p)) {
    writeFileSync(join(dir, 'check.mjs'), plainUsage[p]);
    try {
      const line = JSON.parse(sh(process.execPath, ['check.mjs'], dir).trim().split('\n').pop());
      record(`${p}: root and /node entries work in plain node (${JSON.stringify(line)})`, true);
    } catch (error) {
      record(`${p}: root and /node entries work in plain node`, false, error.message);
    }
    continue;
  }
  writeFileSync(join(dir, 'check.mjs'), script(p));
  // wasm: initBackend imports the optional peer @tensorflow/tfjs-backend-wasm from the user's install
  for (const backend of webgpuOk ? ['cpu', 'wasm', 'webgpu'] : ['cpu', 'wasm']) {
    try {
      const out = sh(process.execPath, ['check.mjs', backend], dir, { XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? '/tmp' });
      const line = JSON.parse(out.trim().split('\n').pop());
      record(`${p}: loss + gradient in plain node on ${backend} (loss ${line.loss.toFixed(5)})`, line.backend === backend, out);
    } catch (error) {
      record(`${p}: loss + gradient in plain node on ${backend}`, false, error.message);
    }
  }
}

// A TypeScript consumer with node16 resolution, all packages installed together.
const consumer = join(work, 'consumer-node16');
mkdirSync(consumer);
writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
writeFileSync(join(consumer, 'tsconfig.json'), JSON.stringify({
  compilerOptions: { module: 'node16', moduleResolution: 'node16', strict: true, noEmit: true, skipLibCheck: false, lib: ['ES2022', 'DOM'], target: 'ES2022' },
  files: ['index.ts'],
}));
writeFileSync(join(consumer, 'index.ts'), `import * as tf from '@tensorflow/tfjs-core';
import { initBackend, YoloInputError, type BackendInfo } from '@yolo-loss/backend';
import { fusedKernelAvailable } from '@yolo-loss/backend/kernels';
import { xywhToXyxy } from '@yolo-loss/geometry';
import * as heads from '@yolo-loss/heads';
import * as v1 from '@yolo-loss/yolov1';
import * as v2 from '@yolo-loss/yolov2';
import * as v3 from '@yolo-loss/yolov3';
import * as v4 from '@yolo-loss/yolov4';
import * as v5 from '@yolo-loss/yolov5';
import * as v8 from '@yolo-loss/yolov8';
import { kmeansAnchors, type GtBox } from '@yolo-loss/data';
import { decodeImage } from '@yolo-loss/data/node';
export const anchors: [number, number][] = kmeansAnchors([[1, 2]], 1).anchors;
export const decode: (bytes: Uint8Array) => { width: number } = decodeImage;
export const gt: GtBox[] = [];
export const info: Promise<BackendInfo> = initBackend({ backend: 'cpu' });
export const box: [number, number, number, number] = xywhToXyxy([0.5, 0.5, 0.2, 0.2]);
export const versions = [v1, v2, v3, v4, v5, v8, heads].map((m) => Object.keys(m).length);
export const fused: boolean = fusedKernelAvailable('YoloAnchorHead') && fusedKernelAvailable('Yolov5Level') && fusedKernelAvailable('Yolov8Head');
export const t: tf.Tensor = tf.zeros([1]);
// The interface integrators write against: every version object satisfies it.
export const all: heads.YoloVersion[] = [v1.yolov1, v2.yolov2, v3.yolov3, v4.yolov4, v5.yolov5, v8.yolov8];
// YOLOv8's own term, typed
export const dfl: (r: v8.LossResult) => tf.Scalar = (r) => r.dfl;
export const shapes: number[][][] = all.map((v) => v.outputShapes(v.resolveConfig({ numClasses: 3, inputSize: [416, 416] })));
export const isInputError = (e: unknown): e is YoloInputError => e instanceof YoloInputError;
`);
try {
  sh('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...Object.values(tarballs),
    `@tensorflow/tfjs-core@${tfVersion}`, `@tensorflow/tfjs-backend-cpu@${tfVersion}`, `@tensorflow/tfjs-backend-webgpu@${tfVersion}`,
    `typescript@${tsVersion}`, '@types/node@20'], consumer);
  sh(process.execPath, [join(consumer, 'node_modules/typescript/bin/tsc'), '-p', '.'], consumer);
  record('TypeScript consumer typechecks with moduleResolution node16 (skipLibCheck off)', true);
} catch (error) {
  record('TypeScript consumer typechecks with moduleResolution node16 (skipLibCheck off)', false, error.message);
}

if (!process.env.YOLO_LOSS_KEEP_PACKED) rmSync(work, { recursive: true, force: true });
const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
mkdirSync(join(root, '.reports'), { recursive: true });
writeFileSync(join(root, '.reports', 'packed.json'), JSON.stringify({ passed, failed, results }, null, 2));
console.log(`test:packed: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
