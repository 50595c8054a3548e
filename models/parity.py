"""PyTorch ↔ workbench parity: runs an exported backbone in PyTorch and through the workbench's
engine (scripts/parity.ts: onnxruntime-web in Node, WASM EP) on the same inputs, and reads it
with the workbench's contract reader (`gdw inspect`) to confirm every setting comes from the
metadata.

Agreement: max |ε_torch − ε_workbench| ≤ 1e-4 · max(1, max |ε_torch|) (absolute 1e-4 for outputs of
unit scale, relative to the largest output beyond that).

    python3 models/parity.py --tiny [--workdir DIR]      # all six families, tiny sizes (check.sh)
    python3 models/parity.py --checkpoint c.ckpt --onnx m.onnx   # a trained model and its export
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Optional

import numpy as np
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)

from export import export_model  # noqa: E402
from gdw_models.registry import TINY_SIZES, build_model, model_from_config  # noqa: E402

TOLERANCE = 1e-4


@dataclass
class Case:
    """One model to check: how to export it and what the contract reader must then report."""
    name: str
    model: nn.Module
    expect: dict
    export: dict = field(default_factory=dict)
    layout: str = "BGC"


@dataclass
class Result:
    name: str
    max_abs_diff: float = float("nan")
    scale: float = float("nan")
    problems: list = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems


class BCGAdapter(nn.Module):
    """Serves a [B, G, C] model as a [B, C, G] one (gdw.layout = BCG), to check the engine's transposes."""

    def __init__(self, model: nn.Module):
        super().__init__()
        self.model = model

    def forward(self, x: torch.Tensor, t: torch.Tensor, y: Optional[torch.Tensor] = None) -> torch.Tensor:
        return self.model(x.transpose(1, 2), t, y).transpose(1, 2)


def _node_command(script: str) -> list:
    """The local tsx (what `npx tsx` resolves to) when installed: saves npx's start-up per call."""
    local = os.path.join(REPO, "node_modules", ".bin", "tsx")
    return [local, script] if os.path.exists(local) else ["npx", "tsx", script]


def _run(command: list) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)


def inspect(path: str) -> dict:
    """`gdw inspect` (bin/gdw.mjs, what `npx gdw` runs): the BackboneSpec, or RuntimeError with its message."""
    proc = _run(["node", os.path.join(REPO, "bin", "gdw.mjs"), "inspect", path])
    if proc.returncode != 0:
        raise RuntimeError(f"gdw inspect exited {proc.returncode}: {(proc.stderr or proc.stdout).strip()}")
    return json.loads(proc.stdout)


def contract_problems(spec: dict, expect: dict) -> list:
    """Differences between the spec and what the export promised; every promised setting must come from metadata."""
    problems = []
    for key, want in expect.items():
        got = spec.get(key) if "." not in key else spec.get("schedule", {}).get(key.split(".", 1)[1])
        if isinstance(want, float) and isinstance(got, (int, float)):
            same = abs(got - want) <= 1e-15
        else:
            same = got == want
        if not same:
            problems.append(f"inspect: {key} = {got!r}, expected {want!r}")
    from_metadata = {"family", "realGenes", "layout", "prediction", "schedule.kind", "schedule.timesteps"}
    if expect.get("codecSha256") is not None:
        from_metadata.add("codecSha256")
    if expect.get("componentsPerGene") is not None:
        from_metadata.add("componentsPerGene")
    if spec.get("kind") == "gan-generator":
        from_metadata -= {"prediction", "schedule.kind", "schedule.timesteps"}
    if spec.get("numClasses") is not None:
        from_metadata.add("numClasses")
    if spec.get("kind") == "diffusion" and spec.get("schedule", {}).get("kind") == "linear":
        from_metadata |= {"schedule.betaStart", "schedule.betaEnd"}
    sources = spec.get("sources", {})
    wanted = {**{key: "metadata" for key in from_metadata}, "genes": "shape", "channels": "shape"}
    for key, source in sorted(wanted.items()):
        if sources.get(key) != source:
            problems.append(f"inspect: {key} came from {sources.get(key)!r}, not from the {source}")
    if spec.get("missing"):
        problems.append(f"inspect: the reader would ask about {spec['missing']}")
    return problems


def _inputs(case: Case, batch: int, seed: int) -> dict:
    """Seeded inputs in the workbench's layout ([B, G, C]); t covers 0 and T − 1."""
    rng = np.random.default_rng(seed)
    model, exp = case.model, case.expect
    arrays = {}
    if exp["kind"] == "gan-generator":
        arrays["z"] = rng.standard_normal((batch, model.latent_dim)).astype(np.float32)
    else:
        arrays["x"] = rng.standard_normal((batch, exp["genes"], exp["channels"])).astype(np.float32)
        T = exp["schedule.timesteps"]
        arrays["t"] = np.concatenate([[0, T - 1], rng.integers(0, T, batch - 2)]).astype(np.int64)
    if exp.get("numClasses"):
        arrays["y"] = (np.arange(batch) % exp["numClasses"]).astype(np.int64)
    return arrays


def _torch_output(case: Case, arrays: dict) -> np.ndarray:
    model = case.model.eval()
    y = torch.from_numpy(arrays["y"]) if "y" in arrays else None
    with torch.no_grad():
        if "z" in arrays:
            out = model(torch.from_numpy(arrays["z"]), y)
        else:
            x = torch.from_numpy(arrays["x"])
            if case.layout == "BCG":  # the model takes [B, C, G]; compare in [B, G, C]
                out = model(x.transpose(1, 2).contiguous(), torch.from_numpy(arrays["t"]), y).transpose(1, 2)
            else:
                out = model(x, torch.from_numpy(arrays["t"]), y)
    return out.contiguous().numpy()


def export_case(case: Case, workdir: str) -> str:
    path = os.path.join(workdir, f"{case.name}.onnx")
    export_model(case.model, path, **case.export)
    return path


def verify_case(case: Case, path: str, workdir: str, batch: int = 3, seed: int = 0) -> Result:
    """Inspects an export and compares PyTorch with the workbench on the same seeded inputs."""
    started = time.time()
    result = Result(case.name)
    try:
        result.problems += contract_problems(inspect(path), case.expect)
        arrays = _inputs(case, batch, seed)
        files = []
        for name in ("x", "t", "z", "y"):
            if name in arrays:
                files.append(os.path.join(workdir, f"{case.name}.{name}.npy"))
                np.save(files[-1], arrays[name])
        out_path = os.path.join(workdir, f"{case.name}.out.npy")
        proc = _run(_node_command("scripts/parity.ts") + [path, *files, out_path])
        if proc.returncode != 0:
            raise RuntimeError(f"scripts/parity.ts exited {proc.returncode}: {(proc.stderr or proc.stdout).strip()}")
        ours, theirs = _torch_output(case, arrays), np.load(out_path)
        if ours.shape != theirs.shape:
            raise RuntimeError(f"shapes differ: PyTorch {ours.shape}, workbench {theirs.shape}")
        result.max_abs_diff = float(np.max(np.abs(ours.astype(np.float64) - theirs)))
        result.scale = float(np.max(np.abs(ours)))
        if not result.max_abs_diff <= TOLERANCE * max(1.0, result.scale):
            result.problems.append(f"max |diff| {result.max_abs_diff:.3g} > {TOLERANCE} · max(1, {result.scale:.3g})")
    except Exception as err:  # report every case, then fail at the end
        result.problems.append(f"{type(err).__name__}: {err}")
    result.seconds = time.time() - started
    return result


def check_cases(cases: list, workdir: str, batch: int = 3, jobs: int = 2, onnx_path: Optional[str] = None) -> list:
    """Exports one after another (the exporter keeps global state), then verifies `jobs` at a time
    (each verification mostly waits on a Node process)."""
    exported = []
    for case in cases:
        try:
            exported.append((case, onnx_path or export_case(case, workdir), None))
        except Exception as err:
            exported.append((case, None, Result(case.name, problems=[f"export: {type(err).__name__}: {err}"])))
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = [failed or pool.submit(verify_case, case, path, workdir, batch) for case, path, failed in exported]
        return [f if isinstance(f, Result) else f.result() for f in futures]


def _expect(model: nn.Module, export: dict, real_genes: int, layout: str = "BGC") -> dict:
    exp = {"family": model.family, "genes": model.genes, "channels": model.channels, "realGenes": real_genes,
           "numClasses": model.num_classes, "layout": layout, "codecSha256": export.get("codec_sha256")}
    if "components_per_gene" in export:  # a checkpoint older than gdw.components has no say
        components = export["components_per_gene"]
        exp["componentsPerGene"] = None if components is None else list(components)
    if model.family == "gan-generator":
        return {**exp, "kind": "gan-generator"}
    sched = export.get("schedule", {})
    exp.update({"kind": "diffusion", "prediction": "eps", "schedule.kind": sched.get("schedule", "linear"),
                "schedule.timesteps": sched.get("timesteps", 1000)})
    if exp["schedule.kind"] == "linear":
        exp.update({"schedule.betaStart": sched.get("beta_start", 1e-4), "schedule.betaEnd": sched.get("beta_end", 0.02)})
    return exp


def tiny_cases(genes: int = 30, channels: int = 8, real_genes: int = 27) -> list:
    """Tiny versions of all six families, plus a BCG-layout export; a mix of labels and schedules. The six
    carry gdw.components (a per-component padding mask); the BCG export leaves it out."""
    codec = hashlib.sha256(b"gdw tiny parity check").hexdigest()
    components = [1 + (g * 5) % channels for g in range(real_genes)]
    cosine = {"schedule": "cosine", "timesteps": 500}
    plan = [("baseline", None, {}), ("unet-mlp", 2, cosine), ("unet-cnn", 2, {}), ("mlp-cnn", 2, {}),
            ("transformer", 3, cosine), ("gan-generator", 2, None)]
    cases = []
    for index, (family, classes, schedule) in enumerate(plan):
        torch.manual_seed(index)
        model = build_model(family, genes, channels, classes, **TINY_SIZES[family])
        export = {"real_genes": real_genes, "codec_sha256": codec, "components_per_gene": components}
        if schedule is not None:
            export["schedule"] = schedule
        cases.append(Case(family, model, _expect(model, export, real_genes), export))
    torch.manual_seed(len(plan))
    inner = build_model("unet-cnn", genes, channels, None, **TINY_SIZES["unet-cnn"])
    bcg = BCGAdapter(inner)
    bcg.family, bcg.genes, bcg.channels, bcg.num_classes = "unet-cnn", genes, channels, None
    export = {"real_genes": real_genes, "codec_sha256": codec, "components_per_gene": None}
    bcg_export = {**export, "layout": "BCG"}
    cases.append(Case("unet-cnn-bcg", bcg, _expect(bcg, export, real_genes, "BCG"), bcg_export, layout="BCG"))
    return cases


def checkpoint_case(checkpoint: str) -> Case:
    ckpt = torch.load(checkpoint, map_location="cpu")
    hp = ckpt["hyper_parameters"]
    model = model_from_config(hp["model"])
    model.load_state_dict(ckpt["state_dict"])
    export = {"schedule": hp.get("schedule"), "real_genes": hp.get("real_genes"), "codec_sha256": hp.get("codec_sha256")}
    if "components_per_gene" in hp:
        export["components_per_gene"] = hp["components_per_gene"]
    return Case(os.path.splitext(os.path.basename(checkpoint))[0], model,
                _expect(model, export, hp.get("real_genes") or model.genes))


def report(results: list) -> bool:
    print(f"{'model':<16} {'max|diff|':>10} {'max|out|':>9} {'time':>6}  result")
    for r in results:
        status = "ok" if r.ok else "FAIL: " + "; ".join(r.problems)
        print(f"{r.name:<16} {r.max_abs_diff:>10.2e} {r.scale:>9.3f} {r.seconds:>5.1f}s  {status}")
    failed = [r.name for r in results if not r.ok]
    print(f"parity: {len(results) - len(failed)}/{len(results)} agree within {TOLERANCE} · max(1, max|out|)"
          + (f"; failed: {', '.join(failed)}" if failed else ""))
    return not failed


def main(argv: Optional[list] = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--tiny", action="store_true", help="build, export and check tiny versions of all six families")
    p.add_argument("--checkpoint", help="a train.py checkpoint to compare with --onnx")
    p.add_argument("--onnx", help="the export of --checkpoint (default: export it to the work dir)")
    p.add_argument("--workdir", help="where exports and .npy files go (default: a temp dir, removed after)")
    p.add_argument("--batch", type=int, default=3, help="batch of the parity inputs (the export used 2)")
    p.add_argument("--jobs", type=int, default=2, help="verifications run at once")
    a = p.parse_args(argv)
    if not a.tiny and not a.checkpoint:
        p.error("give --tiny or --checkpoint")
    workdir = a.workdir or tempfile.mkdtemp(prefix="gdw-parity-")
    os.makedirs(workdir, exist_ok=True)
    torch.set_num_threads(1)
    try:
        results = check_cases(tiny_cases(), workdir, a.batch, a.jobs) if a.tiny else []
        if a.checkpoint:
            results += check_cases([checkpoint_case(a.checkpoint)], workdir, a.batch, onnx_path=a.onnx)
        return 0 if report(results) else 1
    finally:
        if not a.workdir:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
