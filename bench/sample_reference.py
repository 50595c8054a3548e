#!/usr/bin/python3
"""Reference side of bench/sample.mjs: the same UNet-MLP and the same DDIM loop in PyTorch (CPU).

  sample_reference.py export --config model.json --out model.onnx
  sample_reference.py run --config model.json --xt xT.npy --steps S --threads N --out samples.npy
  sample_reference.py compare --workbench wb.npy --reference ref.npy

model.json: {"family", "genes", "channels", "real_genes", "num_classes", "seed", "sizes"}. The
model is built from it with models/gdw_models (torch.manual_seed(seed) first), so `export` and
`run` hold identical untrained weights without a checkpoint on disk.

DDIM (Song et al. 2021, eq. 12, eta = 0) on the linear schedule (1e-4 ... 0.02, T = 1000) at the
linspace timesteps t_i = round(i (T - 1) / (S - 1)), computed here from models/gdw_models/schedule.py,
not taken from the workbench: x_prev = sqrt(a_prev / a_t) x_t + (sqrt(1 - a_prev)
- sqrt(a_prev) sqrt((1 - a_t) / a_t)) eps, a_prev = 1 after the last step; padded slots (genes
after real_genes) held at 0 before the first step and after every step; labels y_i = i mod 2.
Each command prints one JSON line.
"""
import argparse
import json
import math
import os
import resource
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'models'))

from export import export_backbone  # noqa: E402
from gdw_models.registry import build_model  # noqa: E402
from gdw_models.schedule import make_schedule  # noqa: E402

TIMESTEPS = 1000


def own_usage():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {'cpuSeconds': usage.ru_utime + usage.ru_stime, 'peakRssBytes': usage.ru_maxrss * 1024}


def build(config):
    torch.manual_seed(config['seed'])
    model = build_model(config['family'], config['genes'], config['channels'], config['num_classes'], **config['sizes'])
    return model.eval()


def export(args):
    with open(args.config) as f:
        config = json.load(f)
    started = time.perf_counter()
    model = build(config)
    export_backbone(model, args.out, genes=config['genes'], channels=config['channels'], family=config['family'],
                    num_classes=config['num_classes'], real_genes=config['real_genes'], timesteps=TIMESTEPS)
    print(json.dumps({'parameters': sum(p.numel() for p in model.parameters()), 'bytes': os.path.getsize(args.out),
                      'seconds': time.perf_counter() - started}))


def ddim_steps(steps):
    """(t, x coefficient, eps coefficient) of each DDIM step, float64."""
    alpha_bar = make_schedule('linear', TIMESTEPS).alphas_cumprod
    stride = 0 if steps == 1 else (TIMESTEPS - 1) / (steps - 1)
    ts = [int(math.floor(i * stride + 0.5)) for i in range(steps)][::-1]
    out = []
    for i, t in enumerate(ts):
        a_t = float(alpha_bar[t])
        a_prev = float(alpha_bar[ts[i + 1]]) if i + 1 < len(ts) else 1.0
        out.append((t, math.sqrt(a_prev / a_t), math.sqrt(max(0.0, 1 - a_prev)) - math.sqrt(a_prev) * math.sqrt((1 - a_t) / a_t)))
    return out


def ddim(model, x, labels, mask, steps):
    x = x * mask
    for t, x_coef, eps_coef in steps:
        eps = model(x, torch.full((x.shape[0],), t, dtype=torch.long), labels)
        x = (x_coef * x + eps_coef * eps) * mask
    return x


def run(args):
    with open(args.config) as f:
        config = json.load(f)
    torch.set_num_threads(args.threads)
    model = build(config)
    x_t = torch.from_numpy(np.load(args.xt))
    batch = x_t.shape[0]
    labels = torch.arange(batch) % 2
    mask = torch.zeros(config['genes'], config['channels'])
    mask[:config['real_genes']] = 1
    steps = ddim_steps(args.steps)
    with torch.inference_mode():
        # One untimed call at the full batch, as the workbench side warms up before timing.
        model(x_t, torch.full((batch,), steps[0][0], dtype=torch.long), labels)
        started, cpu_started = time.perf_counter(), time.process_time()
        samples = ddim(model, x_t, labels, mask, steps)
        seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    np.save(args.out, samples.numpy())
    print(json.dumps({'seconds': seconds, 'cpuSeconds': cpu_seconds, 'threads': torch.get_num_threads(),
                      'torch': torch.__version__, 'steps': len(steps), 'process': own_usage()}))


def compare(args):
    ours = np.load(args.workbench).astype(np.float64)
    ref = np.load(args.reference).astype(np.float64)
    if ours.shape != ref.shape:
        raise SystemExit(f'shapes differ: workbench {ours.shape}, reference {ref.shape}')
    diff = np.abs(ours - ref)
    scale = float(np.abs(ref).max())
    real = ref.reshape(-1) != 0
    corr = float(np.corrcoef(ours.reshape(-1)[real], ref.reshape(-1)[real])[0, 1]) if real.any() else float('nan')
    print(json.dumps({'maxAbsDiff': float(diff.max()), 'maxAbsReference': scale,
                      'relativeMaxDiff': float(diff.max()) / scale if scale > 0 else 0.0,
                      'correlation': corr, 'finite': bool(np.isfinite(ours).all())}))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    commands = parser.add_subparsers(dest='command', required=True)
    ex = commands.add_parser('export')
    ex.add_argument('--config', required=True)
    ex.add_argument('--out', required=True)
    rn = commands.add_parser('run')
    rn.add_argument('--config', required=True)
    rn.add_argument('--xt', required=True, help='x_T [B, G, C] float32 .npy (the workbench draws it)')
    rn.add_argument('--steps', type=int, required=True)
    rn.add_argument('--threads', type=int, required=True)
    rn.add_argument('--out', required=True)
    cmp = commands.add_parser('compare')
    cmp.add_argument('--workbench', required=True)
    cmp.add_argument('--reference', required=True)
    args = parser.parse_args()
    {'export': export, 'run': run, 'compare': compare}[args.command](args)


if __name__ == '__main__':
    main()
