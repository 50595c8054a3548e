"""Reads a dataset bundle folder as src/core/encode/bundle.ts writes it:
    tensor.npy  [N, G, C] float32, padded slots exactly 0
    labels.npy  int8 or int64 [N], −1 = no label
    split.npy   uint8 [N]: 0 train, 1 holdout, 2 excluded
    layout.json geneSlots, componentsPerGene, realGenes, mask [G][C], labels.classNames, codecSha256, …
The tensor is memory-mapped, so a cohort larger than memory is read one batch at a time."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Optional

import numpy as np

ROLE_TRAIN, ROLE_HOLDOUT, ROLE_EXCLUDED = 0, 1, 2


class BundleError(ValueError):
    """A bundle that does not match its layout.json; the message names the file."""


@dataclass
class Bundle:
    folder: str
    tensor: np.ndarray          # [N, G, C] float32 (memory-mapped)
    labels: np.ndarray          # [N] int64, −1 = no label
    split: np.ndarray           # [N] uint8 roles
    mask: np.ndarray            # [G, C] float32, 1 real, 0 padded
    real_genes: int
    class_names: list
    codec_sha256: Optional[str]
    layout: dict
    #: Real components of each real gene (gdw.components), read off the mask; None when the mask
    #: is not of that form (real slots 0 … k−1 of each real gene, padded genes all 0).
    components_per_gene: Optional[list] = None

    @property
    def genes(self) -> int:
        return self.tensor.shape[1]

    @property
    def channels(self) -> int:
        return self.tensor.shape[2]

    def indices(self, role: int) -> np.ndarray:
        return np.flatnonzero(self.split == role)


def _load(folder: str, name: str, mmap: bool = False) -> np.ndarray:
    path = os.path.join(folder, name)
    if not os.path.exists(path):
        raise BundleError(f"{path}: missing; a dataset bundle has tensor.npy, labels.npy, split.npy and layout.json")
    return np.load(path, mmap_mode="r" if mmap else None, allow_pickle=False)


def load_bundle(folder: str) -> Bundle:
    layout_path = os.path.join(folder, "layout.json")
    try:
        with open(layout_path, encoding="utf-8") as f:
            layout = json.load(f)
    except (OSError, json.JSONDecodeError) as err:
        raise BundleError(f"{layout_path}: {err}") from err
    tensor = _load(folder, layout.get("tensor", {}).get("file", "tensor.npy"), mmap=True)
    if tensor.ndim != 3 or tensor.dtype != np.float32:
        raise BundleError(f"{folder}/tensor.npy: expected float32 [N, G, C], found {tensor.dtype} {list(tensor.shape)}")
    n, g, c = tensor.shape
    want = (layout.get("sampleCount", n), layout.get("geneSlots", g), layout.get("componentsPerGene", c))
    if (n, g, c) != want:
        raise BundleError(f"{folder}/tensor.npy is [{n}, {g}, {c}]; layout.json says [{want[0]}, {want[1]}, {want[2]}]")
    labels = _load(folder, layout.get("labels", {}).get("file", "labels.npy")).astype(np.int64)
    split = _load(folder, layout.get("split", {}).get("file", "split.npy")).astype(np.uint8)
    for name, arr in (("labels.npy", labels), ("split.npy", split)):
        if arr.shape != (n,):
            raise BundleError(f"{folder}/{name}: expected {n} values, found shape {list(arr.shape)}")
    if split.max(initial=0) > ROLE_EXCLUDED:
        raise BundleError(f"{folder}/split.npy: roles must be 0 train, 1 holdout, 2 excluded")
    mask = np.asarray(layout["mask"], dtype=np.float32) if "mask" in layout else np.ones((g, c), np.float32)
    if mask.shape != (g, c):
        raise BundleError(f"{layout_path}: mask is {list(mask.shape)}, expected [{g}, {c}]")
    class_names = list(layout.get("labels", {}).get("classNames", []))
    if not class_names and (labels >= 0).any():
        class_names = [str(k) for k in range(int(labels.max()) + 1)]
    if labels.max(initial=-1) >= len(class_names):
        raise BundleError(f"{folder}/labels.npy: label {labels.max()} but only {len(class_names)} class names")
    genes_field = layout.get("genes")
    real = int(layout.get("realGenes", len(genes_field) if isinstance(genes_field, list) else g))
    return Bundle(folder, tensor, labels, split, mask, real, class_names, layout.get("codecSha256"), layout,
                  slot_mask_components(mask, real))


def slot_mask_components(mask: np.ndarray, real_genes: int) -> Optional[list]:
    """The components k of each of the first `real_genes` genes when the [G, C] mask is exactly
    "slots 0 … k−1 of gene g real, every slot of the trailing padded genes 0" (what `gdw encode`
    writes, where k = layout.json genes[g].components); None for any other mask."""
    real = np.asarray(mask) > 0
    counts = real.sum(axis=1)
    prefix = np.arange(real.shape[1])[None, :] < counts[:, None]
    if not np.array_equal(real, prefix) or counts[real_genes:].any():
        return None
    return [int(k) for k in counts[:real_genes]]
