"""WGAN-GP (Gulrajani et al. 2017), the non-diffusion baseline on the same gene tensors (seed
002 uses this family; so do Yelmen et al.'s genome GANs). The generator maps z [B, Dz] (+ y)
to x [B, G, C] through residual dense blocks; the critic scores x (+ y) with a plain MLP (no
batch norm, as the gradient penalty requires). Padded slots of the generator's output are
zeroed by its `mask` buffer."""
from __future__ import annotations

from typing import Optional

import torch
from torch import nn

from .layers import Backbone


class _ResidualDense(nn.Module):
    def __init__(self, features: int):
        super().__init__()
        self.body = nn.Sequential(nn.LayerNorm(features), nn.LeakyReLU(0.2), nn.Linear(features, features))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.body(x)


class Generator(Backbone):
    family = "gan-generator"

    def __init__(self, genes: int, channels: int, num_classes: Optional[int] = None, *, latent_dim: int = 64,
                 hidden: int = 256, depth: int = 2, label_dim: int = 16, mask: Optional[torch.Tensor] = None):
        super().__init__(genes, channels, num_classes)
        self.latent_dim = latent_dim
        self.label = nn.Embedding(self.num_classes, label_dim) if self.num_classes else None
        in_features = latent_dim + (label_dim if self.label is not None else 0)
        self.body = nn.Sequential(nn.Linear(in_features, hidden), *[_ResidualDense(hidden) for _ in range(depth)],
                                  nn.LayerNorm(hidden), nn.LeakyReLU(0.2), nn.Linear(hidden, genes * channels))
        self.register_buffer("mask", torch.ones(genes, channels) if mask is None else mask.to(torch.float32).clone())

    def forward(self, z: torch.Tensor, y: Optional[torch.Tensor] = None) -> torch.Tensor:
        h = z
        if self.label is not None:
            if y is None:
                raise ValueError("this generator is class-conditional: pass y")
            h = torch.cat([z, self.label(y)], dim=1)
        return self.body(h).reshape(-1, self.genes, self.channels) * self.mask


class Critic(nn.Module):
    """x [B, G, C] (+ y) → score [B]. Conditional by concatenating a class embedding."""

    def __init__(self, genes: int, channels: int, num_classes: Optional[int] = None, *, hidden: int = 256,
                 depth: int = 2, label_dim: int = 16):
        super().__init__()
        self.label = nn.Embedding(num_classes, label_dim) if num_classes else None
        layers: list[nn.Module] = [nn.Linear(genes * channels + (label_dim if self.label is not None else 0), hidden),
                                   nn.LeakyReLU(0.2)]
        for _ in range(depth - 1):
            layers += [nn.Linear(hidden, hidden), nn.LeakyReLU(0.2)]
        layers.append(nn.Linear(hidden, 1))
        self.body = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor, y: Optional[torch.Tensor] = None) -> torch.Tensor:
        h = x.flatten(1)
        if self.label is not None:
            if y is None:
                raise ValueError("this critic is class-conditional: pass y")
            h = torch.cat([h, self.label(y)], dim=1)
        return self.body(h).squeeze(-1)


def gradient_penalty(critic: nn.Module, real: torch.Tensor, fake: torch.Tensor, y: Optional[torch.Tensor] = None,
                     weight: float = 10.0, generator: Optional[torch.Generator] = None) -> torch.Tensor:
    """weight · E[(‖∇_x̃ D(x̃)‖₂ − 1)²] at x̃ = εx + (1−ε)x̂, ε ~ U[0, 1] per sample (Gulrajani et al. eq. 3)."""
    eps = torch.rand((real.shape[0],) + (1,) * (real.dim() - 1), generator=generator, device=real.device)
    mixed = (eps * real + (1 - eps) * fake.detach()).requires_grad_(True)
    scores = critic(mixed, y)
    grads, = torch.autograd.grad(scores.sum(), mixed, create_graph=True)
    return weight * ((grads.flatten(1).norm(2, dim=1) - 1) ** 2).mean()


def critic_loss(critic: nn.Module, real: torch.Tensor, fake: torch.Tensor, y: Optional[torch.Tensor] = None,
                gp_weight: float = 10.0, generator: Optional[torch.Generator] = None) -> tuple[torch.Tensor, torch.Tensor]:
    """(critic loss E[D(x̂)] − E[D(x)] + GP, Wasserstein estimate E[D(x)] − E[D(x̂)])."""
    wasserstein = critic(real, y).mean() - critic(fake.detach(), y).mean()
    return -wasserstein + gradient_penalty(critic, real, fake, y, gp_weight, generator), wasserstein.detach()


def generator_loss(critic: nn.Module, fake: torch.Tensor, y: Optional[torch.Tensor] = None) -> torch.Tensor:
    return -critic(fake, y).mean()
