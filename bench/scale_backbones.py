#!/usr/bin/python3
"""Backbones for bench/scale.mjs: two small denoisers of the paper's families at the bundle's full
shape ([B, G = 18,432, C = 8] with its padding), untrained (seeded random weights), exported with
models/export.py's export_backbone and the bundle's codec hash, real genes and components per gene,
so `gdw evaluate --bundle` takes them without asking anything. They exist to measure time and
memory, not to generate anything meaningful.

  scale_backbones.py --bundle DIR --out DIR [--seed 0]

Writes DIR/baseline.onnx and DIR/unet-mlp.onnx, prints one JSON line with their sizes.
"""
import argparse
import json
import os
import sys

import torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "models"))

from export import export_model  # noqa: E402
from gdw_models.registry import build_model  # noqa: E402

#: Small sizes: the flattened [G·C] (or [G·4]) input and output layers dominate the parameters.
BACKBONES = {
    "baseline": {"hidden": 64, "depth": 2, "time_dim": 32},
    "unet-mlp": {"widths": [64, 32], "time_dim": 32, "per_gene_dim": 4},
}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--bundle", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    with open(os.path.join(a.bundle, "layout.json")) as f:
        layout = json.load(f)
    genes, channels = layout["geneSlots"], layout["componentsPerGene"]
    real = layout["realGenes"]
    components = [g["components"] for g in layout["genes"]][:real]
    classes = len(layout["labels"]["classNames"]) or None
    os.makedirs(a.out, exist_ok=True)
    written = []
    for family, sizes in BACKBONES.items():
        torch.manual_seed(a.seed)
        model = build_model(family, genes, channels, classes, **sizes)
        path = os.path.join(a.out, f"{family}.onnx")
        export_model(model, path, real_genes=real, codec_sha256=layout["codecSha256"], components_per_gene=components)
        written.append({"family": family, "path": path, "parameters": sum(p.numel() for p in model.parameters()),
                        "bytes": os.path.getsize(path), "sizes": sizes})
    print(json.dumps({"genes": genes, "channels": channels, "realGenes": real, "classes": classes, "models": written}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
