// Command-line options of `npm run demo`.
import { VERSIONS } from './versions.mjs';

/**
 * @typedef {object} DemoOptions
 * @property {number | null} steps - null: each version's own budget (`VERSIONS[v].steps`)
 * @property {string[]} versions - keys of `VERSIONS`
 * @property {'auto' | 'cpu' | 'webgpu'} backend
 * @property {number} seed
 * @property {string} out - report folder
 * @property {number} batch
 * @property {number} lr
 * @property {number} jobs
 * @property {boolean} mosaic
 * @property {boolean} cosine
 * @property {number} trainCount
 * @property {number} valCount
 */

/** @type {DemoOptions} */
export const DEFAULTS = {
  steps: null,
  versions: Object.keys(VERSIONS),
  backend: 'auto',
  seed: 1,
  out: 'demo-report',
  batch: 8,
  lr: 3e-3,
  jobs: 2,
  mosaic: true,
  cosine: true,
  trainCount: 1024,
  valCount: 128,
};

export const HELP = `npm run demo -- [options]

Trains a small detector on a synthetic shapes data set once per YOLO loss version
(v1, v2, v3 with two heads, v4 with Mosaic and a cosine learning-rate schedule), evaluates
mAP@0.5 and mAP@0.5:0.95 on a validation set, and writes an HTML report.

Options
  --steps N           training steps for every version (default: each version's own budget,
                      ${Object.values(VERSIONS).map((v) => `${v.name} ${v.steps}`).join(', ')}: about 1 to 1.5
                      minutes in all on 2 CPU cores)
  --versions LIST     which versions, comma-separated: yolov1,yolov2,yolov3,yolov4
                      (or v1,v2,...; default all)
  --backend NAME      auto | cpu | webgpu (default auto: WebGPU on a hardware adapter,
                      the CPU when there is none or it is a software renderer such as
                      llvmpipe or SwiftShader, which trains slower than the CPU backend)
  --seed N            seed of the data set, the weights and the batches (default ${DEFAULTS.seed})
  --out DIR           report folder (default <repository>/${DEFAULTS.out})
  --batch N           images per step (default ${DEFAULTS.batch})
  --lr X              peak Adam learning rate (default ${DEFAULTS.lr})
  --jobs N            CPU backend: versions trained in parallel, one per core (default
                      ${DEFAULTS.jobs}, at most the number of cores)
  --no-mosaic         YOLOv4 without Mosaic augmentation (default: a quarter of each batch)
  --no-cosine         YOLOv4 with a constant learning rate instead of cosine annealing
  --help              this text`;

/**
 * Parses argv (without node and the script).
 * @param {string[]} argv
 * @returns {DemoOptions & { help: boolean }}
 */
export function parseArgs(argv) {
  const opts = { ...DEFAULTS, help: false };
  /**
   * @param {string} name - the option, for the message
   * @param {string | undefined} v - its value
   * @param {{ integer?: boolean, min?: number }} [rule]
   */
  const number = (name, v, { integer = true, min = 1 } = {}) => {
    const n = Number(v);
    if (v === undefined || !Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min) {
      throw new Error(`--${name} needs ${integer ? 'an integer' : 'a number'} >= ${min}, got ${v === undefined ? 'nothing' : JSON.stringify(v)}`);
    }
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    /** @type {string | undefined} */
    let value;
    if (arg === '--') continue;
    if (arg.startsWith('--') && arg.includes('=')) [arg, value] = [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)];
    const next = () => value ?? argv[++i];
    switch (arg) {
      case '--help':
      case '-h':
        opts.help = true;
        break;
      case '--steps':
        opts.steps = number('steps', next());
        break;
      case '--batch':
        opts.batch = number('batch', next());
        break;
      case '--jobs':
        opts.jobs = number('jobs', next());
        break;
      case '--seed':
        opts.seed = number('seed', next(), { min: 0 });
        break;
      case '--lr':
        opts.lr = number('lr', next(), { integer: false, min: 0 });
        break;
      case '--out': {
        const v = next();
        if (!v) throw new Error('--out needs a folder');
        opts.out = v;
        break;
      }
      case '--backend': {
        const v = next();
        if (v !== 'auto' && v !== 'cpu' && v !== 'webgpu') throw new Error(`--backend must be auto, cpu or webgpu, got ${JSON.stringify(v)}`);
        opts.backend = v;
        break;
      }
      case '--versions': {
        const v = next();
        if (!v) throw new Error('--versions needs a list such as yolov1,yolov3');
        opts.versions = v.split(',').map((s) => {
          const name = s.trim().toLowerCase().replace(/^v(\d)$/, 'yolov$1');
          if (!VERSIONS[name]) throw new Error(`--versions: unknown version ${JSON.stringify(s)} (yolov1, yolov2, yolov3, yolov4)`);
          return name;
        });
        opts.versions = [...new Set(opts.versions)];
        break;
      }
      case '--no-mosaic':
        opts.mosaic = false;
        break;
      case '--no-cosine':
        opts.cosine = false;
        break;
      default:
        throw new Error(`unknown option ${JSON.stringify(arg)} (see --help)`);
    }
  }
  return opts;
}
