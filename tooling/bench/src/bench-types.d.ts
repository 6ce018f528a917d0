// Types of the bench's JavaScript (its JSDoc imports them; nothing here runs).
import type * as tfc from '@tensorflow/tfjs-core';
import type * as backend from '@yolo-loss/backend';
import type { LossImplementation } from '@yolo-loss/heads';
import type * as yolov1 from '@yolo-loss/yolov1';
import type * as yolov2 from '@yolo-loss/yolov2';
import type * as yolov3 from '@yolo-loss/yolov3';
import type * as yolov4 from '@yolo-loss/yolov4';

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
}

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
  /** The implementations it can run (`'composed'`, `'fused'`). */
  impls: LossImplementation[];
  /** The PyTorch step script (`pytorch/<name>_step.py`) for a PyTorch row on the same inputs. */
  pytorch?: string | undefined;
  build(impl: LossImplementation): BuiltCase;
}

/** One timed step. */
export interface StepTime {
  ms: number;
  cpuMs: number;
}

/** What `prepare` measures about a row without timing. */
export interface PreparedStats {
  kernels: number;
  reads: number;
  peakBytes: number;
  minBytes: number;
  loss: Record<string, number>;
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

/** The reply to `prepare` on a Node worker. */
export type PrepareReply = PreparedStats & { row: number; heads: number };

/** The reply to `prepare` on the PyTorch worker. */
export interface PytorchPrepareReply {
  torch: string;
  threads: number;
  loss: Record<string, number>;
}
