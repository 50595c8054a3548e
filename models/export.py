"""ONNX export under the workbench's backbone contract (DESIGN.md, "The backbone contract").

Denoiser: inputs x float32 [B, G, C] (or [B, C, G] with layout='BCG'), t int64 [B], y int64 [B]
(only when num_classes is set); first output eps shaped like x; dynamic batch axis; the gdw.*
metadata_props. GAN generator: input z float32 [B, Dz] (+ y), output x [B, G, C].

    from export import export_backbone            # with models/ on sys.path
    export_backbone(my_module, "mine.onnx", genes=512, channels=8, family="other", num_classes=2)

CLI: python3 models/export.py --family unet-mlp --genes 64 --channels 8 --out m.onnx [--checkpoint c.ckpt]
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import warnings
from typing import Optional, Sequence

import onnx
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from gdw_models.registry import FAMILIES, build_model, model_from_config  # noqa: E402

CONTRACT_FAMILIES = ("baseline", "unet-mlp", "unet-cnn", "mlp-cnn", "transformer", "gan-generator", "other")
LAYOUTS = ("BGC", "BCG")
PREDICTIONS = ("eps", "x0", "v")
#: Batch size of the dummy inputs; the exported batch axis is symbolic ("batch") either way.
EXPORT_BATCH = 2


class _DenoiserGraph(nn.Module):
    """Fixes the argument list the exporter traces: (x, t) or (x, t, y)."""

    def __init__(self, module: nn.Module, conditional: bool):
        super().__init__()
        self.module = module
        self.conditional = conditional

    def forward(self, x: torch.Tensor, t: torch.Tensor, y: Optional[torch.Tensor] = None) -> torch.Tensor:
        return self.module(x, t, y) if self.conditional else self.module(x, t)


class _GeneratorGraph(nn.Module):
    def __init__(self, module: nn.Module, conditional: bool):
        super().__init__()
        self.module = module
        self.conditional = conditional

    def forward(self, z: torch.Tensor, y: Optional[torch.Tensor] = None) -> torch.Tensor:
        return self.module(z, y) if self.conditional else self.module(z)


def _check_choice(name: str, value: str, allowed: tuple) -> None:
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)}, got {value!r}")


def _trace_to_onnx(graph: nn.Module, args: tuple, path: str, input_names: list, output_name: str, opset: int) -> None:
    axes = {name: {0: "batch"} for name in [*input_names, output_name]}
    was_training = graph.training
    graph.eval()
    try:
        with torch.no_grad(), warnings.catch_warnings():
            # The tracer warns about Python ints taken from shapes; every such int here is a fixed G, C or L.
            warnings.filterwarnings("ignore", category=torch.jit.TracerWarning)
            # Notes from the 1.13 exporter's constant folding and shape inference, not errors.
            warnings.filterwarnings("ignore", message=r"(Constant folding|The shape inference of prim::Constant)")
            torch.onnx.export(graph, args, path, opset_version=opset, input_names=input_names,
                              output_names=[output_name], dynamic_axes=axes, do_constant_folding=True)
    finally:
        graph.train(was_training)


def _finish(path: str, props: dict, output_dims: tuple) -> None:
    """Adds the gdw.* metadata_props (the exporter cannot), declares the first output's shape
    (the exporter leaves it symbolic after a reshape or slice) and validates the model."""
    model = onnx.load(path)
    shape = model.graph.output[0].type.tensor_type.shape
    del shape.dim[:]
    for d in output_dims:
        dim = shape.dim.add()
        if isinstance(d, str):
            dim.dim_param = d
        else:
            dim.dim_value = d
    existing = {p.key: p for p in model.metadata_props}
    for key, value in props.items():
        if value is None:
            continue
        entry = existing.get(key) or model.metadata_props.add()
        entry.key, entry.value = key, str(value)
    onnx.checker.check_model(model)
    onnx.save(model, path)


def components_value(components_per_gene: Optional[Sequence[int]], real_genes: int, channels: int) -> Optional[str]:
    """gdw.components: the real components of each real gene, comma-separated in gene order
    ("8,8,1,4"); gene g's slots 0 … k−1 are real, k … C−1 padded. None when not given."""
    if components_per_gene is None:
        return None
    counts = list(components_per_gene)
    if len(counts) != real_genes:
        raise ValueError(f"components_per_gene has {len(counts)} entries; expected one per real gene ({real_genes})")
    for g, k in enumerate(counts):
        if isinstance(k, bool) or int(k) != k or not 0 <= k <= channels:
            raise ValueError(f"components_per_gene[{g}] is {k!r}; expected an integer from 0 to {channels} (channels)")
    return ",".join(str(int(k)) for k in counts)


def _common_metadata(family: str, layout: str, genes: int, channels: int, real_genes: Optional[int],
                     num_classes: Optional[int], codec_sha256: Optional[str],
                     components_per_gene: Optional[Sequence[int]] = None) -> dict:
    _check_choice("family", family, CONTRACT_FAMILIES)
    _check_choice("layout", layout, LAYOUTS)
    real = genes if real_genes is None else real_genes
    if not 1 <= real <= genes:
        raise ValueError(f"real_genes must be in 1 … {genes} (genes, padding included), got {real}")
    # gdw.padding: models/train.py multiplies the noise by the mask, so padded slots of x_t are 0.
    return {"gdw.family": family, "gdw.layout": layout, "gdw.genes": real,
            "gdw.components": components_value(components_per_gene, real, channels),
            "gdw.num_classes": num_classes or None, "gdw.codec_sha256": codec_sha256, "gdw.padding": "zero-x"}


def _null_class(module: nn.Module, num_classes: Optional[int]) -> Optional[int]:
    """gdw.null_class: ClassEmbedding keeps the unconditional slot at row num_classes when it has one."""
    has_null = any(getattr(m, "null_class", False) is True for m in module.modules())
    return num_classes if num_classes and has_null else None


def export_backbone(module: nn.Module, path: str, *, genes: int, channels: int, family: str,
                    schedule: str = "linear", beta_start: float = 1e-4, beta_end: float = 0.02, timesteps: int = 1000,
                    num_classes: Optional[int] = None, real_genes: Optional[int] = None, layout: str = "BGC",
                    codec_sha256: Optional[str] = None, prediction: str = "eps", opset: int = 17,
                    components_per_gene: Optional[Sequence[int]] = None, extra_metadata: Optional[dict] = None) -> str:
    """Exports any denoiser `module(x, t[, y]) → eps` to ONNX with the gdw.* metadata. `genes` counts
    padded slots too; `real_genes` (gdw.genes) is how many come first before the padding
    (default: all). `components_per_gene` (gdw.components), one count k per real gene, says that
    only components 0 … k−1 of that gene are real: pass the bundle's layout.json genes[].components
    when the model was trained on its per-component mask, so the sampler keeps the other slots at
    0 as training did (default: every component of a real gene is real). y is an input only when
    `num_classes` is set. `extra_metadata`: further gdw.* keys (train.py's gdw.train_rows and
    gdw.train_subset, finetune.py's gdw.finetune). Returns `path`."""
    _check_choice("schedule", schedule, ("linear", "cosine"))
    _check_choice("prediction", prediction, PREDICTIONS)
    meta = _common_metadata(family, layout, genes, channels, real_genes, num_classes, codec_sha256, components_per_gene)
    shape = (EXPORT_BATCH, genes, channels) if layout == "BGC" else (EXPORT_BATCH, channels, genes)
    gen = torch.Generator().manual_seed(0)
    args: tuple = (torch.randn(shape, generator=gen), torch.randint(0, timesteps, (EXPORT_BATCH,), generator=gen))
    names = ["x", "t"]
    if num_classes:
        args += (torch.randint(0, num_classes, (EXPORT_BATCH,), generator=gen),)
        names.append("y")
    _trace_to_onnx(_DenoiserGraph(module, bool(num_classes)), args, path, names, "eps", opset)
    meta.update({"gdw.schedule": schedule, "gdw.timesteps": timesteps, "gdw.prediction": prediction,
                 "gdw.null_class": _null_class(module, num_classes)})
    if schedule == "linear":  # the cosine schedule has no β endpoints
        meta.update({"gdw.beta_start": repr(float(beta_start)), "gdw.beta_end": repr(float(beta_end))})
    _finish(path, {**meta, **(extra_metadata or {})}, ("batch",) + shape[1:])
    return path


def export_generator(module: nn.Module, path: str, *, latent_dim: int, genes: int, channels: int,
                     num_classes: Optional[int] = None, real_genes: Optional[int] = None, layout: str = "BGC",
                     codec_sha256: Optional[str] = None, opset: int = 17,
                     components_per_gene: Optional[Sequence[int]] = None, extra_metadata: Optional[dict] = None) -> str:
    """Exports a GAN generator `module(z[, y]) → x` (gdw.family = gan-generator). Returns `path`."""
    meta = _common_metadata("gan-generator", layout, genes, channels, real_genes, num_classes, codec_sha256,
                            components_per_gene)
    gen = torch.Generator().manual_seed(0)
    args: tuple = (torch.randn(EXPORT_BATCH, latent_dim, generator=gen),)
    names = ["z"]
    if num_classes:
        args += (torch.randint(0, num_classes, (EXPORT_BATCH,), generator=gen),)
        names.append("y")
    _trace_to_onnx(_GeneratorGraph(module, bool(num_classes)), args, path, names, "x", opset)
    meta["gdw.null_class"] = _null_class(module, num_classes)
    _finish(path, {**meta, **(extra_metadata or {})}, ("batch", genes, channels) if layout == "BGC" else ("batch", channels, genes))
    return path


def export_model(model: nn.Module, path: str, *, schedule: Optional[dict] = None, real_genes: Optional[int] = None,
                 codec_sha256: Optional[str] = None, layout: str = "BGC", opset: int = 17,
                 components_per_gene: Optional[Sequence[int]] = None, extra_metadata: Optional[dict] = None) -> str:
    """Exports a model built by gdw_models.registry (its family, sizes and classes are known)."""
    if model.family == "gan-generator":
        return export_generator(model, path, latent_dim=model.latent_dim, genes=model.genes, channels=model.channels,
                                num_classes=model.num_classes, real_genes=real_genes, codec_sha256=codec_sha256,
                                layout=layout, opset=opset, components_per_gene=components_per_gene,
                                extra_metadata=extra_metadata)
    return export_backbone(model, path, genes=model.genes, channels=model.channels, family=model.family,
                           num_classes=model.num_classes, real_genes=real_genes, codec_sha256=codec_sha256,
                           layout=layout, opset=opset, components_per_gene=components_per_gene,
                           extra_metadata=extra_metadata, **(schedule or {}))


def parse_sizes(pairs: list) -> dict:
    """--size key=value pairs; a value is read as JSON when it parses ("[64, 32]", "4", "true")."""
    sizes = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise SystemExit(f"--size {pair!r}: expected key=value")
        try:
            sizes[key] = json.loads(value)
        except json.JSONDecodeError:
            sizes[key] = value
    return sizes


def parse_components(text: Optional[str]) -> Optional[list]:
    """--components "8,8,1,4" → [8, 8, 1, 4] (the gdw.components format)."""
    if text is None:
        return None
    try:
        return [int(part) for part in text.split(",")]
    except ValueError:
        raise SystemExit(f"--components {text!r}: expected comma-separated integers, one per real gene") from None


def _load_checkpoint(path: str) -> tuple:
    """(model with trained weights, its schedule dict, its real_genes, its codec hash, its components per gene,
    its extra gdw.* metadata such as gdw.train_rows) from a train.py or finetune.py checkpoint."""
    ckpt = torch.load(path, map_location="cpu")
    hp = ckpt["hyper_parameters"]
    model = model_from_config(hp["model"])
    model.load_state_dict(ckpt["state_dict"])
    return (model, hp.get("schedule"), hp.get("real_genes"), hp.get("codec_sha256"), hp.get("components_per_gene"),
            hp.get("export_metadata"))


def main(argv: Optional[list] = None) -> int:
    p = argparse.ArgumentParser(description="Build (or load) a reference backbone and export it to ONNX.")
    p.add_argument("--family", choices=list(FAMILIES))
    p.add_argument("--genes", type=int, help="G, gene slots including padding")
    p.add_argument("--channels", type=int, default=8, help="C, components per gene")
    p.add_argument("--num-classes", type=int, default=0, help="classes of y (0: unconditional, no y input)")
    p.add_argument("--real-genes", type=int, help="gdw.genes: real genes before the padding (default: all)")
    p.add_argument("--components", help="gdw.components: real components of each real gene, comma-separated "
                                        "(layout.json genes[].components; default: a checkpoint's, else all C)")
    p.add_argument("--schedule", choices=("linear", "cosine"), default="linear")
    p.add_argument("--timesteps", type=int, default=1000)
    p.add_argument("--beta-start", type=float, default=1e-4)
    p.add_argument("--beta-end", type=float, default=0.02)
    p.add_argument("--codec-sha256", help="gdw.codec_sha256 of the bundle the model was trained on")
    p.add_argument("--size", action="append", default=[], metavar="KEY=VALUE", help="size keyword, e.g. widths=[256,128]")
    p.add_argument("--checkpoint", help="a train.py checkpoint: its model, schedule and codec hash are exported")
    p.add_argument("--seed", type=int, default=0, help="initialisation seed when no checkpoint is given")
    p.add_argument("--opset", type=int, default=17)
    p.add_argument("--out", required=True)
    a = p.parse_args(argv)
    if a.checkpoint:
        model, schedule, real_genes, codec, components, extra = _load_checkpoint(a.checkpoint)
        real_genes, codec = a.real_genes or real_genes, a.codec_sha256 or codec
        components = parse_components(a.components) if a.components is not None else components
    else:
        if not a.family or not a.genes:
            p.error("--family and --genes are required without --checkpoint")
        torch.manual_seed(a.seed)
        model = build_model(a.family, a.genes, a.channels, a.num_classes or None, **parse_sizes(a.size))
        schedule = {"schedule": a.schedule, "timesteps": a.timesteps, "beta_start": a.beta_start, "beta_end": a.beta_end}
        real_genes, codec, components, extra = a.real_genes, a.codec_sha256, parse_components(a.components), None
    export_model(model, a.out, schedule=schedule, real_genes=real_genes, codec_sha256=codec, opset=a.opset,
                 components_per_gene=components, extra_metadata=extra)
    params = sum(p.numel() for p in model.parameters())
    print(f"wrote {a.out}: {model.family}, [B, {model.genes}, {model.channels}], {params} parameters")
    return 0


if __name__ == "__main__":
    sys.exit(main())
