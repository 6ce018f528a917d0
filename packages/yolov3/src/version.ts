import { checks } from '@yolo-loss/backend';
import { anchorHeadChecks, anchorHeadSpec, defineAnchorHeadVersion, type AnchorHeadSpec } from '@yolo-loss/heads';
import { yolov3Presets, type Yolov3Config } from './presets.js';

/** YOLOv3's keys as the shared anchor-head core's behaviour: t-space box terms, best anchor only. */
export function yolov3Spec(c: Readonly<Yolov3Config>): AnchorHeadSpec {
  return anchorHeadSpec(c, {
    boxTerm: c.xyLoss,
    slotConflict: c.slotConflict,
    whScale: c.whLoss === 'half-sse' ? 0.5 : 1,
    coordAnchorIou: c.coordAnchorIou,
    smallBoxWeight: true,
    ignoreBasis: c.ignoreBasis,
  });
}

/** The YOLOv3 loss built on the shared anchor-head core of `@yolo-loss/heads`. */
export const yolov3Core = defineAnchorHeadVersion({
  name: 'yolov3',
  packageName: '@yolo-loss/yolov3',
  presets: yolov3Presets,
  schema: {
    ...anchorHeadChecks,
    ignoreBasis: checks.oneOf('prior', 'prediction'),
    coordAnchorIou: checks.unitInterval,
    xyLoss: checks.oneOf('sse-logit', 'sse-sigmoid', 'bce'),
    whLoss: checks.oneOf('sse', 'half-sse'),
    slotConflict: checks.oneOf('first-wins', 'last-wins-union-classes'),
  },
  toSpec: yolov3Spec,
});
