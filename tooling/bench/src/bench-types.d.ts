// Types of the bench's JavaScript (its JSDoc imports them; nothing here runs).
import type * as tfc from '@tensorflow/tfjs-core';
import type * as backend from '@yolo-loss/backend';
import type { LossImplementation } from '@yolo-loss/heads';
import type * as yolov1 from '@yolo-loss/yolov1';
import type * as yolov2 from '@yolo-loss/yolov2';
import type * as yolov3 from '@yolo-loss/yolov3';
import type * as yolov4 from '@yolo-loss/yolov4';
import type * as yolov5 from '@yolo-loss/yolov5';

/** The tfjs-core module of the checkout a worker measures. */
export type Tf = typeof tfc;
export type Tensor = tfc.Tensor;

/** The five terms of a loss call (`LossResult`, stats left out). */
export interface LossTerms {
  total: tfc.Scalar;
  box: tfc.Scalar;
  obj: tfc.Scalar;
  noobj: tfc.Scalar;
  cls: tfc.Scalar;
}

/** A ground-truth box as the losses take it (normalised centre, size). */
export interface BenchGtBox {
  x: number;
  y: number;
  w: number;
  h: number;
  classId: number;
}


/**
 * The library of one checkout, loaded by name at run time (`--baseline` may be an older checkout):
 * the names the cases call.
 */
export interface BenchLib {
  tf: Tf;
  initBackend: typeof backend.initBackend;
  disposeBackend: typeof backend.disposeBackend;
  yolov1Loss: typeof yolov1.yolov1Loss;
  yolov2Loss: typeof yolov2.yolov2Loss;
  yolov3Loss: typeof yolov3.yolov3Loss;
  yolov4Loss: typeof yolov4.yolov4Loss;
  resolveYolov3Config: typeof yolov3.resolveYolov3Config;
  yolov5Loss: typeof yolov5.yolov5Loss;
  /** `@yolo-loss/yolov8`'s loss, where the checkout has that package (an optional import). */
  yolov8Loss?: OptionalLoss | undefined;
  /** Why an optional export is absent (its package could not be imported), by export. */
  missing?: Partial<Record<OptionalExport, string>>;
}

/** A loss of an optional package, as the bench calls it. */
export type OptionalLoss = (
  outputs: tfc.Tensor4D[],
  groundTruth: BenchGtBox[][],
  options: { implementation: LossImplementation },
) => LossTerms;

/** The optional exports a case may require. */
export type OptionalExport = 'yolov8Loss';

/** The loss of a case as a function of its prediction tensors. */
export type LossFn = (xs: tfc.Tensor4D[]) => LossTerms;

/** A case built with one implementation: its inputs, ground truth and loss. */
export interface BuiltCase {
  inputs: tfc.Tensor4D[];
  gt: BenchGtBox[][];
  config?: object;
  loss: LossFn;
}

/** One benchmark case. */
export interface BenchCase {
  name: string;
  /** The YOLO version it measures: `'v1'` … `'v8'`. */
  version: string;
  /** `version`: the version's training shape on every backend; `scaling`: boxes per image; `pytorch`: the PyTorch yardstick. */
  role: 'version' | 'scaling' | 'pytorch';
  /** Images per batch. */
  batch: number;
  /** Ground-truth boxes per image. */
  boxes: number;
  /** The backends it runs on; every backend when absent. */
  backends?: string[] | undefined;
  /** An optional export of the library it needs; its rows are skipped (with the reason) without it. */
  requires?: OptionalExport | undefined;
  /** The implementations it can run (`'composed'`, `'fused'`). */
  impls: LossImplementation[];
  /** The PyTorch step script (`pytorch/<name>_step.py`) for a PyTorch row on the same inputs. */
  pytorch?: string | undefined;
  build(impl: LossImplementation): BuiltCase;
}

/** One timed step. */
export interface StepTime {
  ms: number;
  /** CPU time of the measuring process (null in a browser page, which cannot measure it). */
  cpuMs: number | null;
}

/** What `prepare` measures about a row without timing. */
export interface PreparedStats {
  kernels: number;
  reads: number;
  peakBytes: number;
  minBytes: number;
  loss: Record<string, number>;
  /** The last warm-up step's time: what a round of this row costs. */
  warmMs: number;
}

/** A worker's requests: `request(op, fields)` → the reply's fields (JSON: the caller states their type). */
export interface BenchWorker {
  label: string;
  request(op: string, fields?: Record<string, unknown>): Promise<unknown>;
  close(): Promise<void>;
}

/** The request handlers a worker serves (bench-rows.mjs), by request name. */
export type BenchHandlers = Record<string, (fields: Record<string, unknown>) => Promise<object>>;

/** The reply to `init`. */
export interface InitReply {
  device: string | null;
  bytesPerMs: number;
}

/** The reply to `prepare` on a Node worker or page: the row's stats, or why it cannot run there. */
export type PrepareReply = (PreparedStats & { row: number; heads: number; skip?: undefined }) | { skip: string };

/** The reply to `prepare` on the PyTorch worker. */
export interface PytorchPrepareReply {
  torch: string;
  threads: number;
  loss: Record<string, number>;
}

/** What a row of latest.json says about its case. */
export type CaseFields = Pick<BenchCase, 'version' | 'role' | 'batch' | 'boxes'> & { case: string };

/** One measured row of latest.json. */
export interface ResultRow extends CaseFields {
  backend: string;
  impl: string;
  /** `'this'` checkout, the `'baseline'`, or `'pytorch'`. */
  checkout: string;
  device: string;
  /** What the PyTorch row computes. */
  computes?: string;
  medianMs: number;
  minMs: number;
  maxMs: number;
  cpuMedianMs: number | null;
  stepsMs: number[];
  loss: Record<string, number>;
  kernels?: number;
  heads?: number;
  reads?: number;
  peakBytes?: number;
  minBytes?: number;
  bandwidthGBs?: number;
  boundMs?: number;
  /** Composed median / this median (fused rows). */
  speedup?: number;
  vsBaseline?: number;
  vsPytorch?: number;
}

/** A row of the matrix that did not run, and why (no fused kernel there, no package, an error). */
export interface SkippedRow extends CaseFields {
  backend: string;
  impl: string;
  checkout: string;
  reason: string;
}

/** One run of the bench: latest.json. */
export interface BenchResult {
  date: string;
  /** Wall time of the whole run, seconds. */
  durationS: number;
  machine: { cpu: string; cores: number; host: string; node: string; os: string };
  /** Versions of what measured: npm packages by name, `Chromium`, `PyTorch`. */
  versions: Record<string, string>;
  /** Per backend: the device, the bandwidth reached, the most rounds a case got; or why it did not run. */
  backends: Record<string, { device: string; bandwidthGBs: number; rounds: number } | { skipped: string }>;
  load: { start: number[]; end: number[] };
  /** Seconds of timed rounds a case may take on one backend before its rounds are cut (never below 3). */
  caseSeconds: number;
  /** A row whose preparation or one timed step took longer was abandoned (`--row-minutes`). */
  rowMinutes?: number | undefined;
  baseline: string | null;
  rows: ResultRow[];
  skipped: SkippedRow[];
}

/** One line of the targets of issue 16, computed from the rows. */
export interface TargetCheck {
  target: string;
  measured: string;
  limit: string;
  status: 'PASS' | 'MISSED' | 'NOT MEASURED';
  detail?: string | undefined;
}
