"""An independent PyTorch sampling loop written the paper's way (TheMody/GeneDiffusion,
utils/diffusion_Process.py GuassianDiffusion.sample_from_reverse_process), for parity tests of the
workbench's TypeScript sampler on the fixtures of this folder.

Schedule (get_all_scalars, the paper's code; Nichol & Dhariwal 2021 eq. 17, s = 0.008, T = 500):
    f(t) = cos²(((t/T + s)/(1 + s))·π/2),  β_t = min(1 − f(t+1)/f(t), 0.999),  α_t = 1 − β_t,
    ᾱ_t = ∏_{k≤t} α_k,  t = 0 … T−1.
Timesteps: τ = np.linspace(0, T−1, S, dtype=int), ascending, run from τ_{S−1} = T−1 down to τ_0 = 0.
The cast truncates: for T = 500, S = 20 this is 0, 26, 52, 78, 105, … (the workbench's
ddimTimesteps rounds: 0, 26, 53, 79, 105, …), so the tests must pass τ explicitly (manifest.json).
Respacing (the paper's code, also for S = T): on the sub-sequence the step i uses
    ᾱ'_i = ᾱ_{τ_i},  ᾱ'_{−1} = 1,  β'_i = 1 − ᾱ'_i/ᾱ'_{i−1},  α'_i = 1 − β'_i,
    β̃'_i = β'_i·(1 − ᾱ'_{i−1})/(1 − ᾱ'_i)    (Ho et al. 2020 eq. 7; for S = T, β' = β).
The denoiser is called with the real timestep τ_i (its int64 input t), the coefficients use the
sub-sequence index i: that is correct, since ᾱ'_i = ᾱ_{τ_i}. (The paper's code recomputes ᾱ' as a
float32 cumulative product of 1 − β'; we use ᾱ_{τ_i} in float64 directly, equal up to rounding.)

One step at i (t = τ_i), x in [N, G, C] (permuted to [N, C, G] only at the model):
    ε̂  = model(x, t, y)
    x̂₀ = (x − √(1 − ᾱ'_i)·ε̂)/√ᾱ'_i,  then x̂₀[padded] = 0               (clamp_x0, enforce_zeros)
    i = 0 (t = 0):  x ← μ̃ = c₀·x̂₀ + c_t·x  with ᾱ'_{−1} = 1, i.e. c₀ = 1, c_t = 0: x ← x̂₀
    DDPM:           x ← μ̃ + √β̃'_i · z,  c₀ = √ᾱ'_{i−1}·β'_i/(1 − ᾱ'_i),  c_t = √α'_i·(1 − ᾱ'_{i−1})/(1 − ᾱ'_i)
                    (Ho et al. eq. 7, the "posterior mean via x̂₀"; the paper writes c₀ as
                    √ᾱ·β/((1 − ᾱ)·√α) and c_t as (α − ᾱ)/((1 − ᾱ)·√α), the same numbers)
    DDIM (η = 0):   x ← √ᾱ'_{i−1}·x̂₀ + √(1 − ᾱ'_{i−1})·ε̂      (Song et al. eq. 12; ε̂ not re-derived)
The paper's code differs from Ho et al.'s Algorithm 2 / the workbench in:
- the t = 0 step returns the posterior mean μ̃ (= x̂₀ exactly, since c_t = 0), not x_{−1} without noise;
  numerically the same as the workbench's last step.
- padding: only x̂₀ is clamped. x_T is N(0, I) in every slot, and training noised the padded slots
  too (its ε ~ randn_like(x0) everywhere, the loss masked), so during sampling the padded slots of x_t
  carry √(1 − ᾱ'_{i−1})·ε̂ (DDIM) or c_t·x + √β̃'·z (DDPM), and reach 0 only at the last step.
  clamp="paper" reproduces that. clamp="workbench" instead zeroes the padded slots of x_T and of x
  after every step (what src/core/diffusion/denoiseLoop.ts does); on the real slots both modes use
  the same formulas, so the two differ only through what the model reads in the padded slots.
  Written as the workbench's per-step affine map x ← a·x + b·ε̂ + σ·z, paper clamping is, per slot:
      real slots:   DDIM a = √(ᾱ'_{i−1}/ᾱ'_i),  b = √(1 − ᾱ'_{i−1}) − √ᾱ'_{i−1}·√((1 − ᾱ'_i)/ᾱ'_i),  σ = 0
                    DDPM a = 1/√α'_i,  b = −β'_i/(√α'_i·√(1 − ᾱ'_i)),  σ = √β̃'_i
      padded slots: DDIM a = 0, b = √(1 − ᾱ'_{i−1});  DDPM a = c_t, b = 0, σ = √β̃'_i;  last step all 0.
- the DDPM noise: z ~ N(0, I) per step (torch.randn_like); here z is read from an array so another
  implementation can replay it: the k-th noisy step (k = 0 at t = T−1) uses z[k mod K].
- coefficients in float32 (EasyDict of .float() tensors); here float64 scalars times float32 tensors.

    python3 models/paper/reference_sampler.py --checkpoint models/paper/checkpoints/unet-mlp.pt \\
        --zero-mask models/paper/onnx/zero_mask.npy --n 4 --labels 0,1,0,1 --seed 0 \\
        --ddim-steps 20 --ddpm-steps 20 500 --clamp paper workbench --out DIR
"""
from __future__ import annotations

import argparse
import json
import math
import os
import sys
from typing import Optional, Sequence

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from families import MAX_STEPS, build  # noqa: E402

COSINE_S = 0.008
MAX_BETA = 0.999
CLAMP_MODES = ("paper", "workbench")


# --------------------------------------------------------------------------------------------
# schedule


def cosine_betas(T: int = MAX_STEPS, s: float = COSINE_S) -> np.ndarray:
    """β_t = min(1 − f(t+1)/f(t), 0.999), t = 0 … T−1, float64 (the paper's get_all_scalars)."""
    f = lambda t: math.cos((t / T + s) / (1 + s) * math.pi / 2) ** 2  # noqa: E731
    return np.array([min(1 - f(t + 1) / f(t), MAX_BETA) for t in range(T)], dtype=np.float64)


def alphas_cumprod(T: int = MAX_STEPS) -> np.ndarray:
    return np.cumprod(1 - cosine_betas(T))


def paper_timesteps(T: int, steps: int) -> np.ndarray:
    """np.linspace(0, T − 1, steps, dtype=int): ascending, truncated, always 0 and T−1."""
    return np.linspace(0, T - 1, num=steps, endpoint=True, dtype=int).astype(np.int64)


def respaced(T: int, timesteps: Sequence[int]) -> dict:
    """ᾱ', ᾱ'_prev, β', α', β̃' on an ascending sub-sequence (see the module docstring)."""
    ab = alphas_cumprod(T)[np.asarray(timesteps)]
    ab_prev = np.concatenate([[1.0], ab[:-1]])
    beta = 1 - ab / ab_prev
    alpha = 1 - beta
    beta_tilde = beta * (1 - ab_prev) / (1 - ab)
    return {"ab": ab, "ab_prev": ab_prev, "beta": beta, "alpha": alpha, "beta_tilde": beta_tilde}


# --------------------------------------------------------------------------------------------
# model and loop


def load_checkpoint(path: str) -> tuple[torch.nn.Module, dict]:
    """A train.py checkpoint: {"family", "genes", "channels", "num_classes", "state_dict", …}."""
    ckpt = torch.load(path, map_location="cpu")
    model = build(ckpt["family"], ckpt["genes"], ckpt["channels"], ckpt["num_classes"])
    model.load_state_dict(ckpt["state_dict"])
    return model.eval(), ckpt


def _eps(model: torch.nn.Module, x_ngc: torch.Tensor, t: int, y: torch.Tensor) -> torch.Tensor:
    """ε̂ in [N, G, C]; the model reads and writes [N, C, G]."""
    tt = torch.full((x_ngc.shape[0],), int(t), dtype=torch.int64)
    return model(x_ngc.permute(0, 2, 1).contiguous(), tt, y).permute(0, 2, 1)


@torch.no_grad()
def sample(model: torch.nn.Module, x_T: np.ndarray, y: np.ndarray, zero_mask: np.ndarray, timesteps: Sequence[int],
           ddim: bool, clamp: str = "paper", z: Optional[np.ndarray] = None, T: int = MAX_STEPS) -> np.ndarray:
    """The reverse process from x_T [N, G, C] over ascending `timesteps`; returns x [N, G, C] float32.

    zero_mask [G, C] bool, True = padded. DDPM reads its noise from z [K, N, G, C]: the k-th noisy
    step uses z[k mod K]. clamp: "paper" (x̂₀ only) or "workbench" (also x_T and x after each step)."""
    if clamp not in CLAMP_MODES:
        raise ValueError(f"clamp must be one of {CLAMP_MODES}, got {clamp!r}")
    if not ddim and z is None:
        raise ValueError("DDPM needs z [K, N, G, C]")
    seq = np.asarray(timesteps, dtype=np.int64)
    if np.any(np.diff(seq) <= 0) or seq[0] < 0 or seq[-1] > T - 1:
        raise ValueError("timesteps must be strictly ascending within 0 … T−1")
    sc = respaced(T, seq)
    pad = torch.from_numpy(np.asarray(zero_mask, dtype=bool))[None]        # [1, G, C]
    yy = torch.from_numpy(np.asarray(y, dtype=np.int64))
    x = torch.from_numpy(np.asarray(x_T, dtype=np.float32)).clone()
    if clamp == "workbench":
        x = x.masked_fill(pad, 0.0)
    noisy = 0
    for i in range(len(seq) - 1, -1, -1):
        ab, ab_prev = float(sc["ab"][i]), float(sc["ab_prev"][i])
        eps = _eps(model, x, int(seq[i]), yy)
        x0 = ((x - math.sqrt(1 - ab) * eps) / math.sqrt(ab)).masked_fill(pad, 0.0)
        if i == 0:
            c0 = math.sqrt(ab_prev) * float(sc["beta"][i]) / (1 - ab)
            x = c0 * x0                      # c_t = 0 at i = 0 (ᾱ'_{−1} = 1); c0 = 1 up to rounding
        elif ddim:
            x = math.sqrt(ab_prev) * x0 + math.sqrt(1 - ab_prev) * eps
        else:
            beta, alpha = float(sc["beta"][i]), float(sc["alpha"][i])
            c0 = math.sqrt(ab_prev) * beta / (1 - ab)
            ct = math.sqrt(alpha) * (1 - ab_prev) / (1 - ab)
            zk = torch.from_numpy(np.asarray(z[noisy % z.shape[0]], dtype=np.float32))
            x = c0 * x0 + ct * x + math.sqrt(float(sc["beta_tilde"][i])) * zk
            noisy += 1
        if clamp == "workbench":
            x = x.masked_fill(pad, 0.0)
        x = x.float()
    return x.numpy().astype(np.float32)


# --------------------------------------------------------------------------------------------
# CLI: the parity fixture set


def write_fixtures(checkpoint: str, zero_mask_path: str, out: str, n: int, labels: Sequence[int], seed: int,
                   ddim_steps: Sequence[int], ddpm_steps: Sequence[int], clamps: Sequence[str],
                   z_rows: Optional[int], onnx_name: Optional[str]) -> dict:
    torch.set_num_threads(max(1, int(os.environ.get("OMP_NUM_THREADS", "1"))))
    model, ckpt = load_checkpoint(checkpoint)
    zero_mask = np.load(zero_mask_path).astype(bool)
    G, C = ckpt["genes"], ckpt["channels"]
    if zero_mask.shape != (G, C):
        raise ValueError(f"{zero_mask_path} is {zero_mask.shape}; the model has G = {G}, C = {C}")
    if len(labels) != n:
        raise ValueError(f"{len(labels)} labels for n = {n}")
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(seed)
    x_T = rng.standard_normal((n, G, C)).astype(np.float32)
    y = np.asarray(labels, dtype=np.int64)
    K = z_rows or (min(ddpm_steps) - 1 if ddpm_steps else 0)
    z = rng.standard_normal((K, n, G, C)).astype(np.float32) if ddpm_steps else None
    np.save(os.path.join(out, "x_T.npy"), x_T)
    np.save(os.path.join(out, "y.npy"), y)
    if z is not None:
        np.save(os.path.join(out, "z.npy"), z)
    # one forward pass at t = T−1 on x_T (no clamping): the single-call parity of the model
    with torch.no_grad():
        eps_T = _eps(model, torch.from_numpy(x_T), MAX_STEPS - 1, torch.from_numpy(y)).numpy().astype(np.float32)
    np.save(os.path.join(out, "eps_x_T_t499.npy"), eps_T)
    runs = []
    for kind, counts in (("ddim", ddim_steps), ("ddpm", ddpm_steps)):
        for steps in counts:
            seq = paper_timesteps(MAX_STEPS, steps)
            for clamp in clamps:
                name = f"{kind}{steps}_{clamp}.npy"
                result = sample(model, x_T, y, zero_mask, seq, ddim=(kind == "ddim"), clamp=clamp, z=z)
                np.save(os.path.join(out, name), result)
                real = ~zero_mask
                runs.append({
                    "file": name, "sampler": kind, "steps": int(steps), "clamp": clamp,
                    "padding": "zero-x0" if clamp == "paper" else "zero-x",
                    "timesteps_descending": [int(v) for v in seq[::-1]],
                    "noise": None if kind == "ddim" else f"z.npy: the k-th noisy step (k = 0 at t = {int(seq[-1])}) uses z[k % {K}]",
                    "z_row_per_step": None if kind == "ddim" else [k % K for k in range(steps - 1)] + [None],
                    "real_slot_mean": float(result[:, real].mean()), "real_slot_var": float(result[:, real].var()),
                    "padded_abs_max": float(np.abs(result[:, zero_mask]).max()),
                })
    manifest = {
        "model": onnx_name, "checkpoint": os.path.relpath(checkpoint, out), "family": ckpt["family"],
        "layout": "BCG (the model); every .npy here is [N, G, C]",
        "inputs": {"x": ["batch", C, G], "t": ["batch"], "y": ["batch"]},
        "schedule": {"kind": "cosine", "s": COSINE_S, "max_beta": MAX_BETA, "timesteps": MAX_STEPS},
        "prediction": "eps", "num_classes": ckpt["num_classes"], "null_class": ckpt["num_classes"],
        "zero_mask": os.path.relpath(zero_mask_path, out) + " [G, C] bool, True = padded",
        "n": n, "labels": [int(v) for v in y], "seed": seed,
        "x_T": "x_T.npy [N, G, C] float32, N(0, I) in every slot (padded included: the paper's randn)",
        "z": None if z is None else f"z.npy [{K}, N, G, C] float32",
        "eps_x_T_t499": "eps_x_T_t499.npy: the model's ε̂ [N, G, C] at x_T (unclamped), t = 499, y",
        "tolerance": "max|a − b| ≤ 1e-4 · max(1, max|b|)",
        "runs": runs,
        "formulas": "reference_sampler.py module docstring",
    }
    with open(os.path.join(out, "manifest.json"), "w") as fh:
        json.dump(manifest, fh, indent=1)
        fh.write("\n")
    return manifest


def main(argv: Optional[Sequence[str]] = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--checkpoint", required=True)
    p.add_argument("--zero-mask", required=True, help="[G, C] bool .npy, True = padded")
    p.add_argument("--out", required=True)
    p.add_argument("--n", type=int, default=4)
    p.add_argument("--labels", default="0,1,0,1")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--ddim-steps", type=int, nargs="*", default=[20])
    p.add_argument("--ddpm-steps", type=int, nargs="*", default=[20, MAX_STEPS])
    p.add_argument("--clamp", nargs="+", choices=CLAMP_MODES, default=list(CLAMP_MODES))
    p.add_argument("--z-rows", type=int, default=None, help="K, rows of z.npy (default: smallest DDPM step count − 1)")
    p.add_argument("--onnx-name", default=None, help="the ONNX file the fixtures belong to (recorded in manifest.json)")
    a = p.parse_args(argv)
    manifest = write_fixtures(a.checkpoint, a.zero_mask, a.out, a.n, [int(v) for v in a.labels.split(",")], a.seed,
                              a.ddim_steps, a.ddpm_steps, a.clamp, a.z_rows, a.onnx_name)
    for r in manifest["runs"]:
        print(f"{r['file']:24s} real-slot mean {r['real_slot_mean']:+.3f} var {r['real_slot_var']:.3f} padded max {r['padded_abs_max']:.2g}")


if __name__ == "__main__":
    main()
