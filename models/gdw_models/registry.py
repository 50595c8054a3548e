"""Builds a backbone by its contract family name (gdw.family) with size keyword arguments, and
rebuilds one from the `build_config` a checkpoint stores."""
from __future__ import annotations

from typing import Optional

from torch import nn

from .baseline import Baseline
from .gan import Critic, Generator
from .layers import Backbone
from .mlp_cnn import MLPCNN
from .transformer import GeneTransformer
from .unet_cnn import UNetCNN
from .unet_mlp import UNetMLP

FAMILIES: dict[str, type[Backbone]] = {
    "baseline": Baseline,
    "unet-mlp": UNetMLP,
    "unet-cnn": UNetCNN,
    "mlp-cnn": MLPCNN,
    "transformer": GeneTransformer,
    "gan-generator": Generator,
}

DIFFUSION_FAMILIES = tuple(f for f in FAMILIES if f != "gan-generator")

#: Sizes for the quick checks (check.sh, unit tests): seconds to build and export, not to train well.
TINY_SIZES: dict[str, dict] = {
    "baseline": {"hidden": 32, "depth": 2, "time_dim": 16},
    "unet-mlp": {"widths": (32, 16), "time_dim": 16, "per_gene_dim": 4},
    "unet-cnn": {"base_channels": 8, "channel_mults": (1, 2), "heads": 2, "time_dim": 16},
    "mlp-cnn": {"mlp": {"widths": (32, 16), "time_dim": 16},
                "cnn": {"base_channels": 8, "channel_mults": (1, 2), "heads": 2, "time_dim": 16}, "lambda_hidden": 8},
    "transformer": {"patch_genes": 4, "dim": 16, "depth": 1, "heads": 2},
    "gan-generator": {"latent_dim": 8, "hidden": 32, "depth": 1},
}


def build_model(family: str, genes: int, channels: int, num_classes: Optional[int] = None, **sizes) -> Backbone:
    """A fresh model of `family`; `sizes` are the family's keyword arguments (see each class)."""
    if family not in FAMILIES:
        raise ValueError(f"unknown family {family!r}; expected one of {', '.join(FAMILIES)}")
    model = FAMILIES[family](genes, channels, num_classes, **sizes)
    model.build_config = {"family": family, "genes": genes, "channels": channels, "num_classes": num_classes,
                          "sizes": dict(sizes)}
    return model


def model_from_config(config: dict) -> Backbone:
    """The inverse of `model.build_config`: rebuilds an untrained model of the same shape."""
    return build_model(config["family"], config["genes"], config["channels"], config.get("num_classes"),
                       **config.get("sizes", {}))


def build_critic(genes: int, channels: int, num_classes: Optional[int] = None, **sizes) -> nn.Module:
    return Critic(genes, channels, num_classes, **sizes)
