#!/usr/bin/env node
// `npm run test:leaks`: 1 000 training steps (variableGrads + Adam) of each version and preset
// with each implementation ('fused' and 'composed') on the *built* packages (dist/, as an
// application imports them), printing tf.memory() along the way; exits 1 when numTensors or
// numBytes after step 1 000 differ from after step 1.
//   node tooling/robustness/scripts/leaks-1000.mjs [--steps 1000] [--backend cpu|webgpu] [--no-build]
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    steps: { type: 'string', default: '1000' },
    backend: { type: 'string', default: 'cpu' },
    'no-build': { type: 'boolean', default: false },
  },
});
const steps = Number(args.steps);
const root = fileURLToPath(new URL('../../../', import.meta.url));

if (!args['no-build']) {
  // The script imports dist/: build it first (turbo skips what is up to date).
  const r = spawnSync('pnpm', ['exec', 'turbo', 'run', 'build', '--output-logs=errors-only'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const tf = await import('@tensorflow/tfjs-core');
const { disposeBackend, initBackend } = await import('@yolo-loss/backend');
const losses = {
  yolov1: (await import('@yolo-loss/yolov1')).yolov1Loss,
  yolov2: (await import('@yolo-loss/yolov2')).yolov2Loss,
  yolov3: (await import('@yolo-loss/yolov3')).yolov3Loss,
  yolov4: (await import('@yolo-loss/yolov4')).yolov4Loss,
  yolov5: (await import('@yolo-loss/yolov5')).yolov5Loss,
  yolov8: (await import('@yolo-loss/yolov8')).yolov8Loss,
};

await initBackend({ backend: args.backend, log: false });

// The small configs of test/kits.ts (batch 2).
const multiHead = {
  inputSize: [64, 64],
  numClasses: 3,
  anchors: [[6, 8], [12, 10], [10, 20], [24, 18], [30, 44], [56, 50]],
  masks: [[3, 4, 5], [0, 1, 2]],
};
const cases = {
  yolov1: { options: { gridSize: 3, boxesPerCell: 2, numClasses: 3 }, shapes: [[2, 3, 3, 13]] },
  yolov2: { options: { gridSize: 3, numClasses: 3, anchors: [[0.6, 0.9], [1.8, 1.4]] }, shapes: [[2, 3, 3, 16]] },
  yolov3: { options: multiHead, shapes: [[2, 2, 2, 24], [2, 4, 4, 24]] },
  yolov4: { options: { ...multiHead, scaleXY: [1.2, 1.1] }, shapes: [[2, 2, 2, 24], [2, 4, 4, 24]] },
  yolov5: { options: { ...multiHead, masks: [[0, 1, 2], [3, 4, 5]] }, shapes: [[2, 8, 8, 24], [2, 4, 4, 24]], presets: ['ultralytics'] },
  yolov8: { options: { inputSize: [64, 64], numClasses: 3, regMax: 4 }, shapes: [[2, 8, 8, 19], [2, 4, 4, 19]], presets: ['ultralytics'] },
};
const gt = [
  [
    { x: 0.3, y: 0.4, w: 0.2, h: 0.3, classId: 1 },
    { x: 0.7, y: 0.6, w: 0.5, h: 0.4, classId: 2 },
  ],
  [{ x: 0.5, y: 0.5, w: 0.6, h: 0.7, classId: 0 }],
];

console.log(`leaks: ${steps} training steps per version × preset × implementation on ${tf.getBackend()} (built packages)`);
let failed = 0;
for (const [version, { options, shapes, presets = ['paper', 'darknet'] }] of Object.entries(cases)) {
  const implementations = ['fused', 'composed'];
  for (const [preset, implementation] of presets.flatMap((p) => implementations.map((i) => [p, i]))) {
    const vars = shapes.map((s, i) => tf.variable(tf.randomNormal(s, 0, 0.5, 'float32', 7 + i)));
    const loss = losses[version];
    const predictions = version === 'yolov1' || version === 'yolov2' ? () => vars[0] : () => vars;
    const optimizer = tf.train.adam(1e-3);
    const marks = {};
    let last = 0;
    const started = performance.now();
    for (let step = 1; step <= steps; step++) {
      const { value, grads } = tf.variableGrads(() => loss(predictions(), gt, { preset, ...options, implementation }).total, vars);
      optimizer.applyGradients(grads);
      // wait for every step, as a loop that logs its loss does (steps queued on WebGPU without a
      // wait each hold buffers of their own: docs/backends.md, "Memory mappings on lavapipe")
      last = (await value.data())[0];
      tf.dispose([value, ...Object.values(grads)]);
      if (step === 1 || step === 10 || step === 100 || step === steps) {
        const m = tf.memory();
        marks[step] = { numTensors: m.numTensors, numBytes: m.numBytes };
      }
    }
    const ms = (performance.now() - started) / steps;
    const first = marks[1];
    const end = marks[steps];
    const flat = first.numTensors === end.numTensors && first.numBytes === end.numBytes;
    if (!flat) failed++;
    const trail = Object.entries(marks)
      .map(([s, m]) => `step ${s}: ${m.numTensors} tensors / ${m.numBytes} B`)
      .join(', ');
    const name = `${preset} ${implementation}`;
    console.log(`${flat ? 'ok  ' : 'LEAK'} ${version} ${name.padEnd(16)} ${trail} (${ms.toFixed(1)} ms/step, final loss ${last.toPrecision(4)})`);
    optimizer.dispose();
    tf.dispose(vars);
  }
}
console.log(failed === 0 ? 'leaks: flat for every version, preset and implementation' : `leaks: ${failed} case(s) grew`);
await disposeBackend();
process.exit(failed === 0 ? 0 : 1);
