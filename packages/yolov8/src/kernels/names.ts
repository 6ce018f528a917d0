/** Registry name of the fused YOLOv8 assigner kernel (task-aligned assignment of a batch). */
export const YOLOV8_ASSIGN_KERNEL = 'Yolov8Assign';
/** Registry name of the fused YOLOv8 loss kernel (every anchor's terms and their gradient). */
export const YOLOV8_LOSS_KERNEL = 'Yolov8Loss';
/** Registry name of its backward kernel. */
export const YOLOV8_LOSS_GRAD_KERNEL = 'Yolov8LossGrad';
