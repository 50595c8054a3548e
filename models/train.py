"""Trains a reference backbone on a dataset bundle (src/core/encode/bundle.ts) and logs in the
PyTorch Lightning CSVLogger layout: LOG_DIR/NAME/version_N/{metrics.csv, hparams.yaml,
checkpoints/*.ckpt}, metrics.csv columns epoch, step, train_loss, val_loss, val_recon_error.

Diffusion: masked ε-MSE (no loss on padded slots), t ~ U{0 … T−1}, linear or cosine schedule,
optional class conditioning with null-class dropout (classifier-free guidance). WGAN-GP for
--family gan-generator. Seeded: the same command gives the same weights on the same machine.

    python3 models/train.py --bundle BUNDLE --family unet-mlp --max-steps 2000 --export unet-mlp.onnx

Subsets for the memorisation test (gdw_models/subsets.py): --subset-half A|B, --subset-size N,
--subset-offset K, --subset-seed S train on seeded, disjoint parts of the training split; the export
records the rows (gdw.train_rows) and the recipe (gdw.train_subset).
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
from typing import Optional

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from export import export_model, parse_sizes  # noqa: E402
from gdw_models.bundle import ROLE_HOLDOUT, ROLE_TRAIN, Bundle, load_bundle  # noqa: E402
from gdw_models.embeddings import drop_labels  # noqa: E402
from gdw_models.gan import critic_loss, generator_loss  # noqa: E402
from gdw_models.losses import diffusion_loss, masked_mae  # noqa: E402
from gdw_models.registry import FAMILIES, build_critic, build_model  # noqa: E402
from gdw_models.schedule import make_schedule, predict_x0, q_sample  # noqa: E402
from gdw_models.subsets import HALVES, SubsetError, TrainSubset, select_training_rows  # noqa: E402

#: val_recon_error: mean |x̂0 − x0| over real slots, averaged over t = f·(T−1) for these f
#: (moderate noise; near t = T the 1/√ᾱ_t factor makes any error explode).
RECON_T_FRACTIONS = (0.1, 0.25, 0.5)


class CsvLogger:
    """The files Lightning's CSVLogger writes: metrics.csv (columns sorted, a row per log call,
    empty cells for metrics not logged in that row) and hparams.yaml."""

    def __init__(self, save_dir: str, name: str):
        root = os.path.join(save_dir, name)
        os.makedirs(root, exist_ok=True)
        taken = [int(d.split("_")[1]) for d in os.listdir(root) if d.startswith("version_") and d[8:].isdigit()]
        self.dir = os.path.join(root, f"version_{max(taken, default=-1) + 1}")
        os.makedirs(os.path.join(self.dir, "checkpoints"))
        self.rows: list = []

    def log_hparams(self, hparams: dict) -> None:
        with open(os.path.join(self.dir, "hparams.yaml"), "w", encoding="utf-8") as f:
            for key, value in hparams.items():  # JSON values are valid YAML flow values
                f.write(f"{key}: {json.dumps(value)}\n")

    def log(self, metrics: dict, step: int, epoch: int) -> None:
        self.rows.append({**metrics, "step": step, "epoch": epoch})
        keys = sorted(set().union(*self.rows))
        with open(os.path.join(self.dir, "metrics.csv"), "w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=keys)
            writer.writeheader()
            writer.writerows(self.rows)


class Batches:
    """Shuffled training batches, a fresh permutation each epoch, from a seeded NumPy generator."""

    def __init__(self, bundle: Bundle, indices: np.ndarray, batch_size: int, seed: int):
        if len(indices) == 0:
            raise SystemExit(f"{bundle.folder}: no training samples (split.npy role 0)")
        self.bundle, self.indices, self.batch_size = bundle, indices, min(batch_size, len(indices))
        self.rng = np.random.default_rng(seed)
        self.epoch, self.order, self.at = -1, np.empty(0, np.int64), 0

    def next(self) -> tuple:
        if self.at + self.batch_size > len(self.order):
            self.epoch += 1
            self.order, self.at = self.rng.permutation(self.indices), 0
        idx = np.sort(self.order[self.at:self.at + self.batch_size])  # sorted: sequential reads of the mmap
        self.at += self.batch_size
        return tensors(self.bundle, idx)


def tensors(bundle: Bundle, idx: np.ndarray) -> tuple:
    return torch.from_numpy(np.ascontiguousarray(bundle.tensor[idx])), torch.from_numpy(bundle.labels[idx])


def label_input(y: torch.Tensor, num_classes: Optional[int]) -> Optional[torch.Tensor]:
    """The y a conditional model takes: −1 (no label) becomes the null class."""
    if not num_classes:
        return None
    return torch.where(y < 0, torch.full_like(y, num_classes), y)


class DiffusionTask:
    def __init__(self, model, schedule, mask: torch.Tensor, num_classes, p_uncond: float, lr: float, seed: int):
        self.model, self.schedule, self.mask = model, schedule, mask
        self.num_classes, self.p_uncond = num_classes, p_uncond
        self.optimizer = torch.optim.Adam(model.parameters(), lr=lr)
        self.gen = torch.Generator().manual_seed(seed)
        self.val_seed = seed + 1

    def train_step(self, x0: torch.Tensor, y: torch.Tensor) -> dict:
        self.model.train()
        y_in = label_input(y, self.num_classes)
        if y_in is not None:
            y_in = drop_labels(y_in, self.p_uncond, self.num_classes, self.gen)
        loss = diffusion_loss(self.model, self.schedule, x0, y_in, self.mask, self.gen)
        self.optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(self.model.parameters(), 1.0)
        self.optimizer.step()
        return {"train_loss": loss.item()}

    @torch.no_grad()
    def validate(self, batches: list) -> dict:
        """The same t and noise at every validation (a fixed seed), so the curve compares like with like."""
        self.model.eval()
        gen = torch.Generator().manual_seed(self.val_seed)
        T = self.schedule.timesteps
        loss_sum = recon_sum = count = 0.0
        for x0, y in batches:
            y_in = label_input(y, self.num_classes)
            b = x0.shape[0]
            loss_sum += b * diffusion_loss(self.model, self.schedule, x0, y_in, self.mask, gen).item()
            noise = torch.randn(x0.shape, generator=gen) * self.mask
            for f in RECON_T_FRACTIONS:
                t = torch.full((b,), round(f * (T - 1)), dtype=torch.long)
                xt = q_sample(self.schedule, x0, t, noise)
                x0_hat = predict_x0(self.schedule, xt, t, self.model(xt, t, y_in))
                recon_sum += b * masked_mae(x0_hat, x0, self.mask).item() / len(RECON_T_FRACTIONS)
            count += b
        return {"val_loss": loss_sum / count, "val_recon_error": recon_sum / count}


class GanTask:
    """WGAN-GP: n_critic critic updates per generator update (Gulrajani et al.: Adam 1e-4, β = (0.5, 0.9))."""

    def __init__(self, model, mask: torch.Tensor, num_classes, lr: float, seed: int, n_critic: int, gp_weight: float,
                 critic_sizes: dict):
        self.model, self.mask, self.num_classes = model, mask, num_classes
        self.critic = build_critic(model.genes, model.channels, num_classes, **critic_sizes)
        self.opt_g = torch.optim.Adam(model.parameters(), lr=lr, betas=(0.5, 0.9))
        self.opt_d = torch.optim.Adam(self.critic.parameters(), lr=lr, betas=(0.5, 0.9))
        self.gen = torch.Generator().manual_seed(seed)
        self.n_critic, self.gp_weight, self.val_seed = n_critic, gp_weight, seed + 1
        self.next_batch = None  # set by the loop: the critic takes n_critic real batches per step

    def _labels(self, y: torch.Tensor) -> Optional[torch.Tensor]:
        if not self.num_classes:
            return None  # unlabelled samples draw a random class below
        return torch.where(y < 0, torch.randint(0, self.num_classes, y.shape, generator=self.gen), y)

    def _fake(self, b: int, y: Optional[torch.Tensor]) -> torch.Tensor:
        return self.model(torch.randn(b, self.model.latent_dim, generator=self.gen), y)

    def train_step(self, x0: torch.Tensor, y: torch.Tensor) -> dict:
        self.model.train()
        for i in range(self.n_critic):
            real, labels = (x0, y) if i == 0 else self.next_batch()
            labels = self._labels(labels)
            loss_d, wasserstein = critic_loss(self.critic, real, self._fake(real.shape[0], labels), labels,
                                              self.gp_weight, self.gen)
            self.opt_d.zero_grad()
            loss_d.backward()
            self.opt_d.step()
        labels = self._labels(y)
        loss_g = generator_loss(self.critic, self._fake(x0.shape[0], labels), labels)
        self.opt_g.zero_grad()
        loss_g.backward()
        self.opt_g.step()
        return {"train_loss": loss_d.item(), "wasserstein": wasserstein.item(), "g_loss": loss_g.item()}

    @torch.no_grad()
    def validate(self, batches: list) -> dict:
        """val_loss: the critic's Wasserstein estimate, holdout vs fakes from fixed latents;
        val_mean_error: mean |per-slot mean of fakes − of holdout| over real slots."""
        self.model.eval()
        gen = torch.Generator().manual_seed(self.val_seed)
        reals, fakes, w_sum = [], [], 0.0
        for x0, y in batches:
            labels = None if not self.num_classes else torch.where(
                y < 0, torch.randint(0, self.num_classes, y.shape, generator=gen), y)
            fake = self.model(torch.randn(x0.shape[0], self.model.latent_dim, generator=gen), labels)
            w_sum += (self.critic(x0, labels).sum() - self.critic(fake, labels).sum()).item()
            reals.append(x0)
            fakes.append(fake)
        real, fake = torch.cat(reals), torch.cat(fakes)
        mean_error = masked_mae(fake.mean(0), real.mean(0), self.mask).item()
        return {"val_loss": w_sum / real.shape[0], "val_mean_error": mean_error}


def build_task(args, bundle: Bundle, num_classes: Optional[int], sizes: dict):
    mask = torch.from_numpy(bundle.mask)
    model = build_model(args.family, bundle.genes, bundle.channels, num_classes, **sizes)
    if args.family == "gan-generator":
        model.mask.copy_(mask)
        task = GanTask(model, mask, num_classes, args.lr, args.seed, args.n_critic, args.gp_weight,
                       parse_sizes(args.critic_size))
        return task, None
    schedule = make_schedule(args.schedule, args.timesteps, args.beta_start, args.beta_end)
    task = DiffusionTask(model, schedule, mask, num_classes, args.p_uncond, args.lr, args.seed)
    return task, {"schedule": args.schedule, "timesteps": args.timesteps, "beta_start": args.beta_start,
                  "beta_end": args.beta_end}


def save_checkpoint(path: str, task, hparams: dict, epoch: int, step: int) -> None:
    """Lightning's checkpoint keys; export.py --checkpoint and parity.py --checkpoint read them."""
    optimizers = [task.optimizer] if hasattr(task, "optimizer") else [task.opt_g, task.opt_d]
    torch.save({"state_dict": task.model.state_dict(), "hyper_parameters": hparams, "epoch": epoch,
                "global_step": step, "optimizer_states": [o.state_dict() for o in optimizers]}, path)


def training_subset(args, bundle: Bundle) -> TrainSubset:
    """The rows this run trains on: the whole training split, or the --subset-* part of it."""
    return select_training_rows(bundle.indices(ROLE_TRAIN), args.subset_half, args.subset_size, args.subset_offset,
                                args.subset_seed)


def train(args) -> str:
    """Runs the training; returns the version folder. SubsetError when the --subset-* rows do not exist."""
    torch.manual_seed(args.seed)
    if args.threads:
        torch.set_num_threads(args.threads)
    bundle = load_bundle(args.bundle)
    subset = training_subset(args, bundle)
    train_idx, holdout_idx = subset.rows, bundle.indices(ROLE_HOLDOUT)[: args.val_samples]
    labelled = bool(bundle.class_names) and (bundle.labels[train_idx] >= 0).any()
    num_classes = len(bundle.class_names) if (labelled and not args.unconditional) else None
    sizes = parse_sizes(args.size)
    task, schedule = build_task(args, bundle, num_classes, sizes)
    hparams = {"model": task.model.build_config, "schedule": schedule, "real_genes": bundle.real_genes,
               "components_per_gene": bundle.components_per_gene, "codec_sha256": bundle.codec_sha256, "class_names": bundle.class_names if num_classes else [],
               "bundle": os.path.abspath(args.bundle), "train": {k: v for k, v in vars(args).items() if k != "size"},
               "export_metadata": subset.metadata()}
    logger = CsvLogger(args.log_dir, args.name or args.family)
    logger.log_hparams(hparams)
    batches = Batches(bundle, train_idx, args.batch_size, args.seed)
    task.next_batch = batches.next
    val_batches = [tensors(bundle, holdout_idx[i:i + args.batch_size]) for i in range(0, len(holdout_idx), args.batch_size)]
    started, window = time.time(), []
    for step in range(args.max_steps):
        x0, y = batches.next()
        window.append(task.train_step(x0, y))
        last = step == args.max_steps - 1
        if (step + 1) % args.log_every == 0 or last:
            logger.log({k: float(np.mean([m[k] for m in window])) for k in window[0]}, step, batches.epoch)
            window = []
        if val_batches and ((step + 1) % args.val_every == 0 or last):
            metrics = task.validate(val_batches)
            logger.log(metrics, step, batches.epoch)
            save_checkpoint(os.path.join(logger.dir, "checkpoints", "last.ckpt"), task, hparams, batches.epoch, step + 1)
            print(f"step {step + 1}/{args.max_steps} epoch {batches.epoch} " +
                  " ".join(f"{k} {v:.4g}" for k, v in metrics.items()) + f" ({time.time() - started:.0f} s)", file=sys.stderr)
    final = os.path.join(logger.dir, "checkpoints", f"epoch={batches.epoch}-step={args.max_steps}.ckpt")
    save_checkpoint(final, task, hparams, batches.epoch, args.max_steps)
    if args.export:
        # gdw.components carries the bundle's per-component mask, so the sampler keeps the slots
        # this model never saw noise in at 0 (layout.json genes[].components for a gdw encode bundle).
        export_model(task.model, args.export, schedule=schedule, real_genes=bundle.real_genes,
                     codec_sha256=bundle.codec_sha256, components_per_gene=bundle.components_per_gene,
                     extra_metadata=hparams["export_metadata"])
    print(f"trained {args.family} on {len(train_idx)} rows for {args.max_steps} steps in {time.time() - started:.1f} s; logs in {logger.dir}"
          + (f"; exported {args.export}" if args.export else ""))
    return logger.dir


def parse_args(argv: Optional[list] = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="Train a reference backbone on a dataset bundle.")
    p.add_argument("--bundle", required=True, help="dataset bundle folder (tensor.npy, labels.npy, split.npy, layout.json)")
    p.add_argument("--family", required=True, choices=list(FAMILIES))
    p.add_argument("--size", action="append", default=[], metavar="KEY=VALUE", help="model size keyword (JSON value)")
    p.add_argument("--schedule", choices=("linear", "cosine"), default="linear")
    p.add_argument("--timesteps", type=int, default=1000)
    p.add_argument("--beta-start", type=float, default=1e-4)
    p.add_argument("--beta-end", type=float, default=0.02)
    p.add_argument("--unconditional", action="store_true", help="ignore the labels (no y input)")
    p.add_argument("--p-uncond", type=float, default=0.1, help="label dropout to the null class (classifier-free guidance)")
    p.add_argument("--max-steps", type=int, default=2000)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--lr", type=float, default=None, help="default 1e-3 (diffusion), 1e-4 (GAN)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--log-every", type=int, default=10)
    p.add_argument("--val-every", type=int, default=100)
    p.add_argument("--val-samples", type=int, default=512, help="holdout samples used for validation")
    p.add_argument("--n-critic", type=int, default=5, help="GAN: critic updates per generator update")
    p.add_argument("--gp-weight", type=float, default=10.0, help="GAN: gradient penalty weight")
    p.add_argument("--critic-size", action="append", default=[], metavar="KEY=VALUE", help="GAN: critic size keyword")
    p.add_argument("--threads", type=int, default=0, help="torch threads (0: torch's default)")
    p.add_argument("--log-dir", default=os.path.join(HERE, "runs"))
    p.add_argument("--name", help="run name (default: the family)")
    p.add_argument("--export", help="write the trained model to this ONNX file")
    add_subset_arguments(p)
    args = p.parse_args(argv)
    if args.n_critic < 1 or args.max_steps < 1 or args.batch_size < 1:
        p.error("--n-critic, --max-steps and --batch-size must be ≥ 1")
    if args.lr is None:
        args.lr = 1e-4 if args.family == "gan-generator" else 1e-3
    return args


def add_subset_arguments(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("subsets (the memorisation test; recorded as gdw.train_rows and gdw.train_subset)")
    g.add_argument("--subset-half", choices=HALVES, help="train on half A or B of the seeded training split (disjoint)")
    g.add_argument("--subset-size", type=int, help="train on this many rows of the split (or of the half)")
    g.add_argument("--subset-offset", type=int, default=0, help="skip this many rows of the seeded order first")
    g.add_argument("--subset-seed", type=int, default=0,
                   help="seed of the split's order; keep it equal across runs whose subsets must be disjoint")


if __name__ == "__main__":
    try:
        train(parse_args())
    except SubsetError as err:
        raise SystemExit(f"train.py: {err}") from None
