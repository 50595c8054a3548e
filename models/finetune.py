"""Fine-tunes a pretrained diffusion backbone (a train.py checkpoint) on a small dataset bundle, the
method of seed 003 (Phen-LDiff): fully (every weight trained) or with LoRA on the linear layers
(gdw_models/lora.py: rank r, α, base weights frozen). LoRA deltas are merged into the weights before
the export, so the ONNX graph is the base family's and the backbone contract is unchanged.

    python3 models/finetune.py --checkpoint base.ckpt --bundle SMALL --method lora --rank 4 --alpha 4 \
        --subset-size 50 --max-steps 300 --export tuned.onnx

The small bundle must have the base model's gene tensor shape [G, C]; its codec hash is what the
export records (the data it was adapted to). The subset options are train.py's: the fine-tuning rows
travel as gdw.train_rows, and gdw.finetune records the method, rank, α and the base model.
Logs and checkpoints follow train.py (Lightning CSVLogger layout); the checkpoints hold merged weights.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from typing import Optional

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from export import export_model  # noqa: E402
from gdw_models.bundle import ROLE_HOLDOUT, Bundle, load_bundle  # noqa: E402
from gdw_models.lora import apply_lora, merge_lora, trainable_parameters  # noqa: E402
from gdw_models.registry import model_from_config  # noqa: E402
from gdw_models.schedule import make_schedule  # noqa: E402
from gdw_models.subsets import SubsetError  # noqa: E402
from train import Batches, CsvLogger, DiffusionTask, add_subset_arguments, save_checkpoint, tensors, training_subset  # noqa: E402

METHODS = ("full", "lora")


class FinetuneError(ValueError):
    """A base model and a bundle that cannot go together; the message says what was expected."""


def load_base(path: str) -> tuple:
    """(model, hyper_parameters) of a train.py (or finetune.py) checkpoint."""
    ckpt = torch.load(path, map_location="cpu")
    hp = ckpt["hyper_parameters"]
    if hp["model"]["family"] == "gan-generator" or not hp.get("schedule"):
        raise FinetuneError(f"{path}: a {hp['model']['family']} checkpoint; fine-tuning takes a diffusion backbone")
    model = model_from_config(hp["model"])
    model.load_state_dict(ckpt["state_dict"])
    return model, hp


def check_fit(model, bundle: Bundle, base_hp: dict) -> Optional[int]:
    """The classes to condition on; FinetuneError when the bundle's tensor or classes do not fit the model."""
    if (bundle.genes, bundle.channels) != (model.genes, model.channels):
        raise FinetuneError(f"{bundle.folder}: tensor [N, {bundle.genes}, {bundle.channels}], but the base model takes "
                            f"[B, {model.genes}, {model.channels}]; expected a bundle of the same gene slots and components")
    if model.num_classes and len(bundle.class_names) != model.num_classes:
        raise FinetuneError(f"{bundle.folder}: {len(bundle.class_names)} classes {bundle.class_names}, but the base model "
                            f"has {model.num_classes} ({base_hp.get('class_names')})")
    return model.num_classes


def finetune(args) -> str:
    """Runs the fine-tuning; returns the version folder."""
    torch.manual_seed(args.seed)
    if args.threads:
        torch.set_num_threads(args.threads)
    model, base_hp = load_base(args.checkpoint)
    bundle = load_bundle(args.bundle)
    num_classes = check_fit(model, bundle, base_hp)
    if base_hp.get("codec_sha256") != bundle.codec_sha256:
        print(f"note: the base was trained on codec {base_hp.get('codec_sha256')}, the bundle's is {bundle.codec_sha256}; "
              "the export records the bundle's", file=sys.stderr)
    subset = training_subset(args, bundle)
    # 1. Adapt: LoRA wraps the linear layers and freezes the rest; full trains every weight.
    total = sum(p.numel() for p in model.parameters())
    wrapped = apply_lora(model, args.rank, args.alpha) if args.method == "lora" else 0
    trainable = trainable_parameters(model)
    sched = base_hp["schedule"]
    schedule = make_schedule(sched["schedule"], sched["timesteps"], sched["beta_start"], sched["beta_end"])
    task = DiffusionTask(model, schedule, torch.from_numpy(bundle.mask), num_classes, args.p_uncond, args.lr, args.seed)
    record = {"method": args.method, "rank": args.rank if wrapped else None, "alpha": args.alpha if wrapped else None,
              "lora_layers": wrapped, "trainable_parameters": trainable, "parameters": total, "steps": args.max_steps,
              "lr": args.lr, "base_checkpoint": os.path.basename(args.checkpoint),
              "base_codec_sha256": base_hp.get("codec_sha256"),
              "base_train_rows": json.loads(base_hp.get("export_metadata", {}).get("gdw.train_subset", "{}")).get("rows")}
    export_metadata = {**subset.metadata(), "gdw.finetune": json.dumps(record, sort_keys=True)}
    hparams = {**base_hp, "codec_sha256": bundle.codec_sha256, "components_per_gene": bundle.components_per_gene,
               "real_genes": bundle.real_genes, "bundle": os.path.abspath(args.bundle),
               "finetune": {k: v for k, v in vars(args).items()}, "export_metadata": export_metadata}
    logger = CsvLogger(args.log_dir, args.name or f"finetune-{args.method}")
    logger.log_hparams(hparams)
    # 2. Train on the small set, validating on the holdout as train.py does.
    batches = Batches(bundle, subset.rows, args.batch_size, args.seed)
    holdout = bundle.indices(ROLE_HOLDOUT)[: args.val_samples]
    val_batches = [tensors(bundle, holdout[i:i + args.batch_size]) for i in range(0, len(holdout), args.batch_size)]
    started, window = time.time(), []
    for step in range(args.max_steps):
        window.append(task.train_step(*batches.next()))
        last = step == args.max_steps - 1
        if (step + 1) % args.log_every == 0 or last:
            logger.log({"train_loss": float(np.mean([m["train_loss"] for m in window]))}, step, batches.epoch)
            window = []
        if val_batches and ((step + 1) % args.val_every == 0 or last):
            metrics = task.validate(val_batches)
            logger.log(metrics, step, batches.epoch)
            print(f"step {step + 1}/{args.max_steps} " + " ".join(f"{k} {v:.4g}" for k, v in metrics.items()), file=sys.stderr)
    # 3. Merge, save (train.py's checkpoint keys, so export.py --checkpoint reads it) and export.
    merge_lora(model)
    final = os.path.join(logger.dir, "checkpoints", f"epoch={batches.epoch}-step={args.max_steps}.ckpt")
    save_checkpoint(final, task, hparams, batches.epoch, args.max_steps)
    if args.export:
        export_model(model, args.export, schedule=sched, real_genes=bundle.real_genes, codec_sha256=bundle.codec_sha256,
                     components_per_gene=bundle.components_per_gene, extra_metadata=export_metadata)
    print(f"fine-tuned ({args.method}, {trainable} of {total} parameters trainable) on {len(subset.rows)} rows for "
          f"{args.max_steps} steps in {time.time() - started:.1f} s; logs in {logger.dir}"
          + (f"; exported {args.export}" if args.export else ""))
    return logger.dir


def parse_args(argv: Optional[list] = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="Fine-tune a pretrained backbone on a small bundle (full or LoRA).")
    p.add_argument("--checkpoint", required=True, help="the pretrained model: a train.py checkpoint")
    p.add_argument("--bundle", required=True, help="the small dataset bundle (same [G, C] as the base)")
    p.add_argument("--method", choices=METHODS, required=True, help="full: every weight; lora: low-rank deltas of the linear layers")
    p.add_argument("--rank", type=int, default=4, help="LoRA rank r")
    p.add_argument("--alpha", type=float, default=4.0, help="LoRA α (the delta is scaled by α / r)")
    p.add_argument("--max-steps", type=int, default=300)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--lr", type=float, default=None, help="default 1e-4 (full), 1e-3 (lora)")
    p.add_argument("--p-uncond", type=float, default=0.1, help="label dropout to the null class")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--log-every", type=int, default=10)
    p.add_argument("--val-every", type=int, default=100)
    p.add_argument("--val-samples", type=int, default=512)
    p.add_argument("--threads", type=int, default=0)
    p.add_argument("--log-dir", default=os.path.join(HERE, "runs"))
    p.add_argument("--name", help="run name (default: finetune-<method>)")
    p.add_argument("--export", help="write the fine-tuned model (LoRA merged) to this ONNX file")
    add_subset_arguments(p)
    args = p.parse_args(argv)
    if args.max_steps < 1 or args.batch_size < 1 or args.rank < 1:
        p.error("--max-steps, --batch-size and --rank must be ≥ 1")
    if args.lr is None:
        args.lr = 1e-4 if args.method == "full" else 1e-3
    return args


if __name__ == "__main__":
    try:
        finetune(parse_args())
    except (SubsetError, FinetuneError) as err:
        raise SystemExit(f"finetune.py: {err}") from None
