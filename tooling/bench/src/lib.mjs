// This checkout's library for `--in-process` runs (and bundles): the same names a worker loads.
import * as tf from '@tensorflow/tfjs-core';
import { disposeBackend, initBackend } from '@yolo-loss/backend';
import { yolov1Loss } from '@yolo-loss/yolov1';
import { yolov2Loss } from '@yolo-loss/yolov2';
import { resolveYolov3Config, yolov3Loss } from '@yolo-loss/yolov3';
import { yolov4Loss } from '@yolo-loss/yolov4';

export const lib = { tf, initBackend, disposeBackend, yolov1Loss, yolov2Loss, yolov3Loss, yolov4Loss, resolveYolov3Config };
