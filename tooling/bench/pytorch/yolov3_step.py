#!/usr/bin/env python3
"""The bench's PyTorch yardstick: one YOLOv3 loss + gradient step on the CPU, written the way a
PyTorch user writes it (tensor ops over the heads, boolean-mask gathers of the responsible slots,
the ignore rule as a batched IoU), for the inputs a bench worker dumped.

The loss is the `paper` preset of docs/losses/yolov3.md, with the config values the bench passes:
per head, box = sum over responsible slots of w * [(tx - logit(clamp(off)))^2 + (ty - ...)^2
+ (tw - log(w*inW/pw))^2 + (th - ...)^2], w = lambdaCoord * 1[shapeIoU > coordAnchorIou] * (2 - w*h);
obj = lambdaObj * BCE(1, to) over responsible slots; noobj = lambdaObj * BCE(0, to) over the slots
that are neither responsible nor ignored (prior box IoU > ignoreThreshold with a GT of the image);
cls = lambdaClass * BCE(one-hot, class logits) over responsible slots; each term summed over the
batch and divided by N. Targets (first GT wins a slot) are built once, outside the timed step.

Protocol (bench/src/runners.mjs): one JSON request per line on stdin, one `@@bench <json>` reply:
  {"op": "prepare", "file": <path without extension>}  -> {"loss": {...}, "torch", "threads"}
  {"op": "step"}                                         -> {"ms": <one timed step>, "cpuMs": <its CPU time>}
  {"op": "exit"}
"""
import json
import math
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

THREADS = 2
torch.set_num_threads(THREADS)

SUPPORTED = {
    "anchorUnits": "pixels",
    "ignoreBasis": "prior",
    "xyLoss": "sse-logit",
    "whLoss": "sse",
    "slotConflict": "first-wins",
    "reduction": "mean",
}


def shape_iou(w1, h1, w2, h2):
    inter = min(w1, w2) * min(h1, h2)
    union = w1 * h1 + w2 * h2 - inter
    return inter / union if union > 0 else 0.0


def logit_clamped(v):
    p = min(max(v, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


class Yolov3Step:
    """The inputs, the targets (built here once) and the timed step."""

    def __init__(self, file):
        with open(file + ".json") as f:
            meta = json.load(f)
        cfg = meta["config"]
        for key, value in SUPPORTED.items():
            if cfg[key] != value:
                raise ValueError(f"yolov3_step.py implements {key} = {value!r}, the case has {cfg[key]!r}")
        self.cfg = cfg
        raw = np.fromfile(file + ".bin", dtype=np.float32)
        self.preds, offset = [], 0
        for shape in meta["heads"]:
            size = int(np.prod(shape))
            t = torch.from_numpy(raw[offset : offset + size].copy()).view(*shape)
            self.preds.append(t.requires_grad_(True))
            offset += size
        self.batch = len(meta["gt"])
        self.build_targets(meta["gt"])

    def build_targets(self, gt):
        cfg, n = self.cfg, self.batch
        in_w, in_h = cfg["inputSize"]
        anchors, masks, c = cfg["anchors"], cfg["masks"], cfg["numClasses"]
        where = {i: (h, p) for h, mask in enumerate(masks) for p, i in enumerate(mask)}
        grids = [(t.shape[1], t.shape[2]) for t in self.preds]
        heads = []
        for h, (gh, gw) in enumerate(grids):
            a = len(masks[h])
            heads.append(
                {
                    "resp": np.zeros((n, gh, gw, a), dtype=bool),
                    "tbox": np.zeros((n, gh, gw, a, 4), dtype=np.float32),
                    "weight": np.zeros((n, gh, gw, a), dtype=np.float32),
                    "tcls": np.zeros((n, gh, gw, a, c), dtype=np.float32),
                }
            )
        g_max = max(1, max(len(image) for image in gt))
        gt_xyxy = np.zeros((n, g_max, 4), dtype=np.float32)
        gt_valid = np.zeros((n, g_max), dtype=bool)
        for img, boxes in enumerate(gt):
            for g, b in enumerate(boxes):
                x, y, w, hh = b["x"], b["y"], b["w"], b["h"]
                gt_xyxy[img, g] = [x - w / 2, y - hh / 2, x + w / 2, y + hh / 2]
                gt_valid[img, g] = True
                ious = [shape_iou(aw, ah, w * in_w, hh * in_h) for aw, ah in anchors]
                best = 0
                for i, v in enumerate(ious):
                    if v > ious[best]:
                        best = i
                h, p = where[best]
                gh, gw = grids[h]
                col, row = min(int(math.floor(x * gw)), gw - 1), min(int(math.floor(y * gh)), gh - 1)
                t = heads[h]
                if t["resp"][img, row, col, p]:
                    continue  # first GT wins the slot
                aw, ah = anchors[best]
                t["resp"][img, row, col, p] = True
                t["tbox"][img, row, col, p] = [
                    logit_clamped(x * gw - col),
                    logit_clamped(y * gh - row),
                    math.log(w * in_w / aw),
                    math.log(hh * in_h / ah),
                ]
                gate = 1.0 if ious[best] > cfg["coordAnchorIou"] else 0.0
                t["weight"][img, row, col, p] = cfg["lambdaCoord"] * gate * (2 - w * hh)
                t["tcls"][img, row, col, p, b["classId"]] = 1.0
        # dense masks as tensors; the responsible slots' targets gathered once
        self.targets = []
        for h, t in enumerate(heads):
            resp = torch.from_numpy(t["resp"])
            self.targets.append(
                {
                    "resp": resp,
                    "tbox": torch.from_numpy(t["tbox"])[resp],
                    "weight": torch.from_numpy(t["weight"])[resp],
                    "tcls": torch.from_numpy(t["tcls"])[resp],
                    "priors": self.prior_boxes(h, grids[h]),
                }
            )
        self.gt_xyxy = torch.from_numpy(gt_xyxy)
        self.gt_valid = torch.from_numpy(gt_valid)

    def prior_boxes(self, h, grid):
        """[H*W*A, 4] xyxy: each anchor centred on its cell's centre (the ignore rule's prior basis)."""
        cfg = self.cfg
        gh, gw = grid
        in_w, in_h = cfg["inputSize"]
        wh = torch.tensor([[cfg["anchors"][i][0] / in_w, cfg["anchors"][i][1] / in_h] for i in cfg["masks"][h]])
        a = wh.shape[0]
        ys, xs = torch.meshgrid(torch.arange(gh, dtype=torch.float32), torch.arange(gw, dtype=torch.float32), indexing="ij")
        centre = torch.stack([(xs + 0.5) / gw, (ys + 0.5) / gh], -1).view(gh, gw, 1, 2).expand(gh, gw, a, 2)
        half = (wh / 2).view(1, 1, a, 2).expand(gh, gw, a, 2)
        return torch.cat([centre - half, centre + half], -1).reshape(-1, 4)

    def ignore_mask(self, priors, shape):
        """[N, H, W, A] bool: the prior box's IoU with some GT of the image > ignoreThreshold."""
        p = priors.view(1, -1, 1, 4)
        g = self.gt_xyxy.view(self.batch, 1, -1, 4)
        wh = (torch.min(p[..., 2:], g[..., 2:]) - torch.max(p[..., :2], g[..., :2])).clamp(min=0)
        inter = wh[..., 0] * wh[..., 1]
        area_p = (p[..., 2] - p[..., 0]) * (p[..., 3] - p[..., 1])
        area_g = (g[..., 2] - g[..., 0]) * (g[..., 3] - g[..., 1])
        union = area_p + area_g - inter
        iou = torch.where(union > 0, inter / union, torch.zeros_like(inter))
        iou = iou.masked_fill(~self.gt_valid.view(self.batch, 1, -1), 0)
        return (iou.max(-1).values > self.cfg["ignoreThreshold"]).view(shape)

    def loss(self, preds):
        cfg = self.cfg
        c = cfg["numClasses"]
        box = obj = noobj = cls = 0
        for h, pred in enumerate(preds):
            t = self.targets[h]
            n, gh, gw, _ = pred.shape
            p = pred.view(n, gh, gw, -1, 5 + c)
            with torch.no_grad():
                ignore = self.ignore_mask(t["priors"], p.shape[:4])
            pr = p[t["resp"]]
            box = box + (t["weight"][:, None] * (pr[:, :4] - t["tbox"]) ** 2).sum()
            obj = obj + F.binary_cross_entropy_with_logits(pr[:, 4], torch.ones_like(pr[:, 4]), reduction="sum")
            conf = p[..., 4][~t["resp"] & ~ignore]
            noobj = noobj + F.binary_cross_entropy_with_logits(conf, torch.zeros_like(conf), reduction="sum")
            cls = cls + F.binary_cross_entropy_with_logits(pr[:, 5:], t["tcls"], reduction="sum")
        scale = 1 / self.batch
        box = box * scale
        obj = obj * cfg["lambdaObj"] * scale
        noobj = noobj * cfg["lambdaObj"] * scale
        cls = cls * cfg["lambdaClass"] * scale
        return {"total": box + obj + noobj + cls, "box": box, "obj": obj, "noobj": noobj, "cls": cls}

    def step(self):
        terms = self.loss(self.preds)
        grads = torch.autograd.grad(terms["total"], self.preds)
        return terms, grads


def main():
    current = None
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        reply = {"id": request.get("id")}
        try:
            op = request["op"]
            if op == "prepare":
                current = Yolov3Step(request["file"])
                for _ in range(2):
                    current.step()  # warm-up
                with torch.no_grad():
                    terms = current.loss(current.preds)
                reply.update(loss={k: float(v) for k, v in terms.items()}, torch=torch.__version__, threads=torch.get_num_threads())
            elif op == "step":
                c0, t0 = time.process_time(), time.perf_counter()
                current.step()
                reply.update(ms=(time.perf_counter() - t0) * 1000, cpuMs=(time.process_time() - c0) * 1000)
            elif op == "exit":
                sys.stdout.write("@@bench " + json.dumps(reply) + "\n")
                sys.stdout.flush()
                return
            else:
                raise ValueError(f"unknown op {op!r}")
        except Exception as error:  # reported to the bench, which stops
            reply["error"] = f"{type(error).__name__}: {error}"
        sys.stdout.write("@@bench " + json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
