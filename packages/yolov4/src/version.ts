import { checks } from '@yolo-loss/backend';
import { anchorHeadChecks, anchorHeadSpec, defineAnchorHeadVersion, type AnchorHeadSpec } from '@yolo-loss/heads';
import { yolov4Presets, type Yolov4Config } from './presets.js';

/** YOLOv4's keys as the shared anchor-head core's behaviour: IoU-family box term, extra anchors, grid sensitivity. */
export function yolov4Spec(c: Readonly<Yolov4Config>): AnchorHeadSpec {
  return anchorHeadSpec(c, {
    boxTerm: c.boxLoss,
    slotConflict: c.slotConflict,
    extraAnchorIou: c.iouThreshold,
    scaleXY: c.scaleXY,
    ignoreClassGate: c.ignoreClassGate,
    labelSmoothing: c.labelSmoothing,
  });
}

/** The YOLOv4 loss built on the shared anchor-head core of `@yolo-loss/heads`. */
export const yolov4Core = defineAnchorHeadVersion({
  name: 'yolov4',
  packageName: '@yolo-loss/yolov4',
  presets: yolov4Presets,
  schema: {
    ...anchorHeadChecks,
    scaleXY: checks.positiveList,
    iouThreshold: checks.unitInterval,
    ignoreClassGate: checks.boolean,
    labelSmoothing: checks.unitInterval,
    boxLoss: checks.oneOf('ciou', 'diou', 'giou', 'iou'),
    slotConflict: checks.oneOf('first-wins', 'share'),
  },
  crossCheck: (c) =>
    c.scaleXY.length === c.masks.length
      ? undefined
      : `config key 'scaleXY' needs one value per head (${c.masks.length}), got ${c.scaleXY.length}`,
  toSpec: yolov4Spec,
});
