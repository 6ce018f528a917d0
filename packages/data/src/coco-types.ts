import type { GtBox } from './types.js';

/** One image of a COCO data set, as {@link parseCocoAnnotations} returns it. */
export interface CocoImage {
  /** COCO image id. */
  id: number;
  /** `file_name`, relative to the images folder. */
  fileName: string;
  /** Pixels. */
  width: number;
  /** Pixels. */
  height: number;
}

/** One COCO category. Class id `c` of this package's boxes is the category at index `c` of a categories list. */
export interface CocoCategory {
  /** COCO category id (not necessarily contiguous: COCO's 80 classes use 1..90). */
  id: number;
  name: string;
  supercategory?: string;
}

/** A ground-truth box read from COCO: a {@link GtBox} with the annotation's crowd flag and area. */
export interface CocoBox extends GtBox {
  /** `iscrowd`: a region of many objects, ignored (neither matched nor a miss) by COCO evaluation. */
  iscrowd: boolean;
  /** `area` from the file, pixels² (the segmentation's area in COCO itself; `w·h` of the box when absent). */
  area: number;
}

/** The mapping between COCO category ids and contiguous class ids `0..C−1`. */
export interface CocoClassIds {
  /** `toCategoryId[classId]` is the COCO category id. */
  toCategoryId: number[];
  /** Category id → class id. */
  fromCategoryId: ReadonlyMap<number, number>;
}

/** COCO annotation JSON (the `instances_*.json` layout), as {@link toCocoAnnotations} writes it. */
export interface CocoAnnotationsJson {
  images: { id: number; file_name: string; width: number; height: number }[];
  annotations: {
    id: number;
    image_id: number;
    category_id: number;
    /** `[x_min, y_min, width, height]`, pixels. */
    bbox: [number, number, number, number];
    /** Pixels². */
    area: number;
    iscrowd: 0 | 1;
  }[];
  categories: { id: number; name: string; supercategory?: string }[];
}

/** One detection in COCO's results format (what pycocotools' `loadRes` reads). */
export interface CocoResult {
  image_id: number;
  category_id: number;
  /** `[x_min, y_min, width, height]`, pixels. */
  bbox: [number, number, number, number];
  score: number;
}
