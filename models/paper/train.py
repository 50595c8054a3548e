"""Trains the five paper-convention families (families.py) a few hundred steps on a dataset bundle and
exports each with a plain `torch.onnx.export`, as the paper's code would: x [B, 8, G], int64 t and
y, dynamic batch, opset 17, and NO metadata_props. These are the fixtures of models/paper/onnx/.

Training follows main_als.py: x₀ permuted to [B, C, G]; t ~ U{0 … T−1}, T = 500; cosine ᾱ;
ε ~ N(0, I) in EVERY slot, padded ones included (sample_from_forward_process); loss
mean((ε̂ − ε)² · not_zero_mask) over all B·C·G slots (mse_loss_masked: the padded slots count in
the denominator). Unlike main_als.py, where the label dropout is commented out, a label becomes
the null slot (index num_classes) with p = 0.1 so that slot is trained. Adam; the learning rate
warms up over 50 steps and then decays along half a cosine (utils/cosine_scheduler.py's shape).

    /usr/bin/python3 models/paper/train.py --bundle /tmp/paper-bundle     # all families → models/paper/onnx/
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
import warnings

import numpy as np
import onnx
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from export_recipes import group_norm_any_rank  # noqa: E402
from families import CHANNELS, MAX_STEPS, NUM_CLASSES, build  # noqa: E402
from reference_sampler import alphas_cumprod  # noqa: E402

TRAINED = ("baseline", "unet-mlp", "unet-cnn", "mlp-cnn", "transformer")
#: training steps per family at batch 32 (the convolutional ones cost ~1 s a step on one core)
DEFAULT_STEPS = {"baseline": 1500, "unet-mlp": 1000, "unet-cnn": 300, "mlp-cnn": 300, "transformer": 600}
WARMUP = 50
EXPORT_BATCH = 2          # the dummy batch of the export; transformer-frozen works at this batch only
EXTERNAL_FAMILY = "unet-mlp"


def load_bundle(path: str) -> dict:
    with open(os.path.join(path, "layout.json")) as fh:
        layout = json.load(fh)
    tensor = np.load(os.path.join(path, layout["tensor"]["file"]))
    labels = np.load(os.path.join(path, layout["labels"]["file"])).astype(np.int64)
    split = np.load(os.path.join(path, "split.npy"))
    mask = np.asarray(layout["mask"], dtype=bool)                    # True = real slot
    return {"layout": layout, "tensor": tensor, "labels": labels, "split": split,
            "zero_mask": ~mask}                                       # the paper's: True = padded


def train_stats(tensor: np.ndarray, zero_mask: np.ndarray, labels: np.ndarray, layout: dict) -> dict:
    """Mean and variance of the real slots of the training split: overall and per slot ([G][C], null = padded)."""
    real = ~zero_mask
    values = tensor[:, real].astype(np.float64)
    mean = np.zeros(zero_mask.shape)
    var = np.zeros(zero_mask.shape)
    mean[real], var[real] = values.mean(0), values.var(0)
    per = lambda a: [[None if zero_mask[g, c] else float(a[g, c]) for c in range(a.shape[1])] for g in range(a.shape[0])]  # noqa: E731
    return {
        "split": "train", "samples": int(tensor.shape[0]), "genes": int(zero_mask.shape[0]),
        "channels": int(zero_mask.shape[1]), "real_genes": int(layout["realGenes"]),
        "real_slots": int(real.sum()), "labels": {str(k): int((labels == k).sum()) for k in np.unique(labels)},
        "codec_sha256": layout.get("codecSha256"),
        "mean": float(values.mean()), "var": float(values.var()),
        "mean_abs_per_slot_mean": float(np.abs(values.mean(0)).mean()),
        "per_slot_mean": per(mean), "per_slot_var": per(var),
    }


def train_family(family: str, data: dict, steps: int, batch: int, lr: float, seed: int, p_uncond: float,
                 log_every: int = 50) -> tuple[torch.nn.Module, list]:
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    x_all = torch.from_numpy(data["tensor"][data["split"] == 0]).permute(0, 2, 1).contiguous()   # [N, C, G]
    y_all = torch.from_numpy(data["labels"][data["split"] == 0])
    y_all = torch.where(y_all < 0, torch.full_like(y_all, NUM_CLASSES), y_all)   # unlabelled → null slot
    not_zero = torch.from_numpy(~data["zero_mask"]).permute(1, 0).float()          # [C, G]
    G = data["zero_mask"].shape[0]
    ab = torch.from_numpy(alphas_cumprod(MAX_STEPS)).float()
    model = build(family, G)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    # utils/cosine_scheduler.py's shape: linear warmup, then half a cosine down to 0
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: 0.5 * (1 + np.cos(np.pi * s / steps)) * min(1.0, s / WARMUP))
    model.train()
    log, running = [], []
    for step in range(1, steps + 1):
        idx = torch.from_numpy(rng.integers(0, x_all.shape[0], batch))
        x0, y = x_all[idx], y_all[idx].clone()
        y[torch.rand(batch) < p_uncond] = NUM_CLASSES
        t = torch.randint(MAX_STEPS, (batch,), dtype=torch.int64)
        eps = torch.randn_like(x0)
        a = ab[t].view(-1, 1, 1)
        xt = a.sqrt() * x0 + (1 - a).sqrt() * eps
        loss = torch.mean((model(xt, t, y) - eps) ** 2 * not_zero)
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        running.append(loss.item())
        if step % log_every == 0 or step == steps:
            # per real slot: the masked mean divided by the real fraction
            log.append({"step": step, "loss": float(np.mean(running)), "loss_per_real_slot": float(np.mean(running) / not_zero.mean())})
            running = []
    return model.eval(), log


def export_plain(model: torch.nn.Module, path: str, genes: int, external: bool = False) -> None:
    """torch.onnx.export as a paper user would write it; then nothing is added to the file."""
    x = torch.randn(EXPORT_BATCH, CHANNELS, genes)
    t = torch.tensor([0, MAX_STEPS - 1], dtype=torch.int64)
    y = torch.tensor([0, 1], dtype=torch.int64)
    with warnings.catch_warnings(), group_norm_any_rank():
        warnings.filterwarnings("ignore")
        torch.onnx.export(model, (x, t, y), path, input_names=["x", "t", "y"], output_names=["eps"],
                          dynamic_axes={"x": {0: "batch"}, "t": {0: "batch"}, "y": {0: "batch"}, "eps": {0: "batch"}},
                          opset_version=17)
    proto = onnx.load(path)
    onnx.checker.check_model(proto)
    if proto.metadata_props:
        raise RuntimeError(f"{path}: the exporter wrote metadata_props {[p.key for p in proto.metadata_props]}")
    if external:
        data_name = os.path.basename(path) + ".data"
        onnx.save_model(proto, path, save_as_external_data=True, all_tensors_to_one_file=True,
                        location=data_name, size_threshold=1024)
        onnx.checker.check_model(path)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--bundle", required=True)
    p.add_argument("--families", nargs="+", default=list(TRAINED), choices=TRAINED)
    p.add_argument("--steps", type=int, default=None, help="training steps for every family (default: DEFAULT_STEPS)")
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--p-uncond", type=float, default=0.1)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", default=os.path.join(HERE, "onnx"))
    p.add_argument("--checkpoints", default=os.path.join(HERE, "checkpoints"))
    a = p.parse_args()
    torch.set_num_threads(max(1, int(os.environ.get("OMP_NUM_THREADS", "1"))))
    data = load_bundle(a.bundle)
    G, C = data["zero_mask"].shape
    os.makedirs(a.out, exist_ok=True)
    os.makedirs(a.checkpoints, exist_ok=True)
    np.save(os.path.join(a.out, "zero_mask.npy"), data["zero_mask"])
    stats = train_stats(data["tensor"][data["split"] == 0], data["zero_mask"], data["labels"][data["split"] == 0], data["layout"])
    with open(os.path.join(a.out, "train_stats.json"), "w") as fh:
        json.dump(stats, fh)
        fh.write("\n")
    report = {}
    for family in a.families:
        started = time.time()
        steps = a.steps or DEFAULT_STEPS[family]
        model, log = train_family(family, data, steps, a.batch_size, a.lr, a.seed, a.p_uncond)
        ckpt = {"family": family, "genes": G, "channels": C, "num_classes": NUM_CLASSES, "state_dict": model.state_dict(),
                "steps": steps, "batch_size": a.batch_size, "lr": a.lr, "seed": a.seed, "p_uncond": a.p_uncond,
                "codec_sha256": data["layout"].get("codecSha256"), "log": log}
        torch.save(ckpt, os.path.join(a.checkpoints, f"{family}.pt"))
        export_plain(model, os.path.join(a.out, f"{family}.onnx"), G)
        if family == "transformer":     # the same weights with the paper's torch.stack class token
            model.batch_token = "stack"
            export_plain(model, os.path.join(a.out, "transformer-frozen.onnx"), G)
            model.batch_token = "expand"
        if family == EXTERNAL_FAMILY:
            os.makedirs(os.path.join(a.out, "external"), exist_ok=True)
            export_plain(model, os.path.join(a.out, "external", f"{family}.onnx"), G, external=True)
        report[family] = {"seconds": round(time.time() - started, 1), "first": log[0], "last": log[-1],
                          "params": sum(p.numel() for p in model.parameters())}
        print(f"{family:12s} {report[family]['params']:7d} params  loss/real slot {log[0]['loss_per_real_slot']:.3f} → "
              f"{log[-1]['loss_per_real_slot']:.3f}  in {report[family]['seconds']} s", flush=True)


if __name__ == "__main__":
    main()
