"""Five small denoisers written in the conventions of the paper's published code
(TheMody/GeneDiffusion: utils/model.py, utils/unets.py, main_als.py). They are our own code, sized
for G = 512 and a CPU, and exist to produce ONNX fixtures that look like what that code exports
with a plain `torch.onnx.export` and no metadata.

The conventions, checked against the paper's code (see README.md, "The paper's conventions"):

- x is [B, C = 8, G]: the training loop permutes the [B, G, C] gene tensor to [B, C, G] before
  the model (`genes.permute(0, 2, 1)` in main_als.py), and ε̂ comes back [B, C, G].
- t is an int64 index 0 … T−1 with T = max_steps = 500. The dense, combined and transformer models
  divide it by T inside (`t.unsqueeze(-1).float() / max_steps` → a Linear(1, ·)). The 1-D U-Net
  does not: it takes the raw index into a sinusoidal embedding (guided-diffusion's
  `timestep_embedding`, max_period 10000).
- y is an int64 index. num_classes + 1 slots; the last (index num_classes) is the unconditional
  token. Baseline and the transformer use nn.Embedding, the MLP U-Net F.one_hot + Linear, the
  1-D U-Net nn.Embedding added to the time embedding.
- ε-prediction; the outputs add the input back (x_skip) as the paper's models do.

Export traps these models keep on purpose, as the paper's code has them (export_recipes.py
works around them): nn.GroupNorm on a rank-2 [B, F] input (PaperUnetMLP), a class token stacked
per sample over range(B) (PaperTransformer(batch_token="stack")) and nn.TransformerEncoderLayer's
fast path under torch.no_grad(). The attention of PaperUNet1d is plain (the paper wraps it in a
custom autograd Function; that trap is documented in README.md, "Export recipes").
"""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

MAX_STEPS = 500          # ALS/config.py max_steps: T of the cosine schedule
NUM_CLASSES = 2          # ALS/config.py num_classes; the models keep num_classes + 1 label slots
CHANNELS = 8             # ALS/config.py num_channels: PCA components per gene

FAMILIES = ("baseline", "unet-mlp", "unet-cnn", "mlp-cnn", "transformer", "transformer-frozen")


def _time_scalar(t: torch.Tensor) -> torch.Tensor:
    """[B] int64 index → [B, 1] float t/T, the paper's `t.unsqueeze(-1).float() / max_steps`."""
    return t.unsqueeze(-1).float() / MAX_STEPS


# --------------------------------------------------------------------------------------------
# Baseline: a dense net on the flattened C·G vector (model.py BaselineNet's conventions)


class PaperBaseline(nn.Module):
    """flatten → Linear → SiLU → (· class Embedding + time Linear(t/T)) → Linear → SiLU → Linear,
    plus the input (x_skip)."""

    def __init__(self, genes: int, channels: int = CHANNELS, hidden: int = 32, num_classes: int = NUM_CLASSES):
        super().__init__()
        dim = genes * channels
        self.inp = nn.Linear(dim, hidden)
        self.mid = nn.Linear(hidden, hidden)
        self.out = nn.Linear(hidden, dim)
        self.time_embedding = nn.Linear(1, hidden)
        self.class_embedding = nn.Embedding(num_classes + 1, hidden)

    def forward(self, x: torch.Tensor, t: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        shape = x.shape
        flat = x.flatten(1)
        h = F.silu(self.inp(flat))
        h = h * self.class_embedding(y) + self.time_embedding(_time_scalar(t))
        h = self.out(F.silu(self.mid(h)))
        return (h + flat).reshape(shape)


# --------------------------------------------------------------------------------------------
# UnetMLP: dense U-Net, GroupNorm on [B, F], one-hot labels (model.py UnetMLP's conventions)


class _DenseDown(nn.Module):
    def __init__(self, width_in: int, width: int, groups: int):
        super().__init__()
        self.a = nn.Linear(width_in, width)
        self.b = nn.Linear(width, width)
        self.c = nn.Linear(width, width)
        self.norm = nn.GroupNorm(groups, width)      # rank-2 input: the export trap

    def forward(self, h):
        h = F.silu(self.a(h))
        res = h
        skip = F.silu(self.b(h))
        return res + F.silu(self.c(self.norm(skip))), skip


class _DenseUp(nn.Module):
    def __init__(self, width_in: int, width: int, groups: int, label_slots: int):
        super().__init__()
        self.a = nn.Linear(width_in, width)
        self.b = nn.Linear(2 * width, width)
        self.c = nn.Linear(width, width)
        self.norm = nn.GroupNorm(groups, width)
        self.t_lin = nn.Linear(1, width)
        self.y_lin = nn.Linear(label_slots, width)

    def forward(self, h, skip, t_scaled, y_onehot):
        h = F.silu(self.a(h))
        res = h
        h = F.silu(self.b(torch.cat((self.norm(h), skip), dim=1)))
        h = h * self.y_lin(y_onehot) + self.t_lin(t_scaled)
        return F.silu(self.c(h)) + res


class PaperUnetMLP(nn.Module):
    """Widths halve on the way down (w, w/2, w/4) and double back up; x_skip at the output."""

    def __init__(self, genes: int, channels: int = CHANNELS, width: int = 32, groups: int = 8,
                 num_classes: int = NUM_CLASSES):
        super().__init__()
        dim = genes * channels
        w0, w1, w2 = width, width // 2, width // 4
        self.label_slots = num_classes + 1
        self.down = nn.ModuleList([_DenseDown(dim, w0, groups), _DenseDown(w0, w1, groups)])
        self.bottleneck = nn.Sequential(nn.Linear(w1, w2), nn.GroupNorm(min(groups, w2), w2), nn.SiLU(),
                                        nn.Linear(w2, w2), nn.SiLU())
        self.up = nn.ModuleList([_DenseUp(w2, w1, groups, self.label_slots), _DenseUp(w1, w0, groups, self.label_slots)])
        self.out = nn.Sequential(nn.GroupNorm(groups, w0), nn.SiLU(), nn.Linear(w0, dim))

    def forward(self, x: torch.Tensor, t: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        shape = x.shape
        h = x.flatten(1)
        skips = [h]
        y_onehot = F.one_hot(y, self.label_slots).float()
        t_scaled = t / MAX_STEPS
        for block in self.down:
            h, skip = block(h)
            skips.append(skip)
        h = self.bottleneck(h)
        for block in self.up:
            h = block(h, skips.pop(), t_scaled.unsqueeze(-1).float(), y_onehot)
        return (self.out(h) + skips.pop()).reshape(shape)


# --------------------------------------------------------------------------------------------
# UNet1d: Conv1d over G with the C components as channels (unets.py UNetModel, dims = 1)


def sinusoidal_embedding(t: torch.Tensor, dim: int, max_period: float = 10000.0) -> torch.Tensor:
    """guided-diffusion's timestep embedding of the raw index (cos half, then sin half)."""
    half = dim // 2
    freqs = torch.exp(-math.log(max_period) * torch.arange(half, dtype=torch.float32) / half)
    args = t[:, None].float() * freqs[None]
    return torch.cat([torch.cos(args), torch.sin(args)], dim=-1)


def _norm(channels: int) -> nn.GroupNorm:
    return nn.GroupNorm(8, channels)


def _zero(module: nn.Module) -> nn.Module:
    for p in module.parameters():
        p.detach().zero_()
    return module


class _ResBlock1d(nn.Module):
    """Scale-shift conditioned residual block; `resample` is 'down' (avg-pool), 'up' (nearest) or None."""

    def __init__(self, ch_in: int, ch_out: int, emb_dim: int, resample: str | None = None):
        super().__init__()
        self.in_norm = _norm(ch_in)
        self.in_conv = nn.Conv1d(ch_in, ch_out, 3, padding=1)
        self.resample = resample
        self.emb = nn.Linear(emb_dim, 2 * ch_out)
        self.out_norm = _norm(ch_out)
        self.out_conv = _zero(nn.Conv1d(ch_out, ch_out, 3, padding=1))
        self.skip = nn.Identity() if ch_in == ch_out else nn.Conv1d(ch_in, ch_out, 1)

    def _resample(self, h):
        if self.resample == "down":
            return F.avg_pool1d(h, 2)
        if self.resample == "up":
            return F.interpolate(h, scale_factor=2.0, mode="nearest")
        return h

    def forward(self, x, emb):
        h = F.silu(self.in_norm(x))
        h = self.in_conv(self._resample(h))
        x = self._resample(x)
        scale, shift = self.emb(F.silu(emb)).unsqueeze(-1).chunk(2, dim=1)
        h = self.out_conv(F.silu(self.out_norm(h) * (1 + scale) + shift))
        return self.skip(x) + h


class _Attention1d(nn.Module):
    """Self-attention over the positions (QKV from a 1×1 conv, heads split after chunking)."""

    def __init__(self, ch: int, heads: int = 2):
        super().__init__()
        self.heads = heads
        self.norm = _norm(ch)
        self.qkv = nn.Conv1d(ch, 3 * ch, 1)
        self.proj = _zero(nn.Conv1d(ch, ch, 1))

    def forward(self, x):
        b, c, length = x.shape
        q, k, v = self.qkv(self.norm(x)).chunk(3, dim=1)
        d = c // self.heads
        scale = 1 / math.sqrt(math.sqrt(d))
        q = (q * scale).reshape(-1, d, length)
        k = (k * scale).reshape(-1, d, length)
        w = torch.softmax(torch.matmul(q.transpose(1, 2), k), dim=-1)                   # [B·heads, t, s]
        a = torch.matmul(v.reshape(-1, d, length), w.transpose(1, 2)).reshape(-1, c, length)
        return x + self.proj(a)


class PaperUNet1d(nn.Module):
    """A two-level 1-D U-Net (channels base, 2·base), attention in the middle (G/2 positions), the
    raw-t sinusoidal embedding plus a label Embedding, and x_skip at the output."""

    def __init__(self, channels: int = CHANNELS, base: int = 16, num_classes: int = NUM_CLASSES):
        super().__init__()
        emb = 4 * base
        c0, c1 = base, 2 * base
        self.base = base
        self.time_embed = nn.Sequential(nn.Linear(base, emb), nn.SiLU(), nn.Linear(emb, emb))
        self.label_emb = nn.Embedding(num_classes + 1, emb)
        self.conv_in = nn.Conv1d(channels, c0, 3, padding=1)
        self.down0 = _ResBlock1d(c0, c0, emb)
        self.pool = _ResBlock1d(c0, c0, emb, "down")
        self.down1 = _ResBlock1d(c0, c1, emb)
        self.mid_a = _ResBlock1d(c1, c1, emb)
        self.mid_attn = _Attention1d(c1)
        self.mid_b = _ResBlock1d(c1, c1, emb)
        # output side: one block per input-side activation, concatenated skips (c0, c0 | c0, c1)
        self.up1 = nn.ModuleList([_ResBlock1d(c1 + c1, c1, emb), _ResBlock1d(c1 + c0, c1, emb)])
        self.unpool = _ResBlock1d(c1, c1, emb, "up")
        self.up0 = nn.ModuleList([_ResBlock1d(c1 + c0, c0, emb), _ResBlock1d(c0 + c0, c0, emb)])
        self.out = nn.Sequential(_norm(c0), nn.SiLU(), _zero(nn.Conv1d(c0, channels, 3, padding=1)))

    def forward(self, x: torch.Tensor, t: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        emb = self.time_embed(sinusoidal_embedding(t, self.base)) + self.label_emb(y)
        h = self.conv_in(x)
        hs = [h]
        h = self.down0(h, emb); hs.append(h)
        h = self.pool(h, emb); hs.append(h)
        h = self.down1(h, emb); hs.append(h)
        h = self.mid_b(self.mid_attn(self.mid_a(h, emb)), emb)
        for block in self.up1:
            h = block(torch.cat([h, hs.pop()], dim=1), emb)
        h = self.unpool(h, emb)
        for block in self.up0:
            h = block(torch.cat([h, hs.pop()], dim=1), emb)
        return x + self.out(h)


# --------------------------------------------------------------------------------------------
# MLP + CNN: learned time-dependent weighing (model.py UnetMLPandCNN's conventions)


class PaperMLPCNN(nn.Module):
    """(1 − λ(t))·UnetMLP(x) + λ(t)·UNet1d(x), λ = sigmoid(MLP(t/T)) ∈ (0, 1), shaped [B, 1, 1]."""

    def __init__(self, genes: int, channels: int = CHANNELS, mlp_width: int = 16, cnn_base: int = 16,
                 num_classes: int = NUM_CLASSES):
        super().__init__()
        self.MLP = PaperUnetMLP(genes, channels, width=mlp_width, groups=4, num_classes=num_classes)
        self.CNN = PaperUNet1d(channels, base=cnn_base, num_classes=num_classes)
        self.learnable_weight_time = nn.Sequential(nn.Linear(1, 128), nn.SiLU(), nn.Linear(128, 1))

    def weighing_factor(self, t: torch.Tensor) -> torch.Tensor:
        return torch.sigmoid(self.learnable_weight_time(_time_scalar(t))).unsqueeze(-1)

    def forward(self, x: torch.Tensor, t: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        lam = self.weighing_factor(t)
        return self.MLP(x, t, y) * (1 - lam) + self.CNN(x, t, y) * lam


# --------------------------------------------------------------------------------------------
# Transformer: one token per group of 16 consecutive genes (model.py EncoderModelDiffusion's
# conventions: MultichannelLinear(num_genes, 8, hidden, project=16)), 32 tokens at G = 512


class GeneGroupLinear(nn.Module):
    """A separate dense map per group of `project` consecutive genes (model.py MultichannelLinear's
    idea). down: [B, G, C] → [B, G/p, D]; up: [B, G/p, D] → [B, G, C]."""

    def __init__(self, groups: int, features_in: int, features_out: int, project: int, up: bool = False):
        super().__init__()
        self.project, self.up = project, up
        fan_in = features_in if up else features_in * project
        rows, cols = (features_out * project, features_in) if up else (features_out, features_in * project)
        bound = 1 / math.sqrt(fan_in)
        self.weight = nn.Parameter(torch.empty(groups, rows, cols).uniform_(-bound, bound))
        self.bias = nn.Parameter(torch.empty(groups, rows).uniform_(-bound, bound))

    def forward(self, x):
        if not self.up:
            x = x.reshape(x.shape[0], x.shape[1] // self.project, x.shape[2] * self.project)
        x = torch.matmul(self.weight.unsqueeze(0), x.unsqueeze(-1)).squeeze(-1) + self.bias.unsqueeze(0)
        if self.up:
            x = x.reshape(x.shape[0], x.shape[1] * self.project, x.shape[2] // self.project)
        return x


class PaperTransformer(nn.Module):
    """[cls, time, class, gene-group tokens…] through nn.TransformerEncoderLayer(batch_first=True,
    gelu); the gene tokens are mapped back and added to the input.

    batch_token="stack" builds the cls token as the paper does,
    `torch.stack([token.unsqueeze(0) for _ in range(x.shape[0])])`: tracing unrolls the loop, so an
    export is frozen at the traced batch even when dynamic_axes says otherwise. "expand" uses
    `token.expand(x.shape[0], 1, -1)`, which exports with a symbolic batch. Same weights either way.
    """

    def __init__(self, genes: int, channels: int = CHANNELS, hidden: int = 32, layers: int = 2, heads: int = 4,
                 project: int = 16, num_classes: int = NUM_CLASSES, batch_token: str = "expand"):
        super().__init__()
        if genes % project:
            raise ValueError(f"genes ({genes}) must be a multiple of project ({project})")
        if batch_token not in ("stack", "expand"):
            raise ValueError(f"batch_token must be 'stack' or 'expand', got {batch_token!r}")
        self.batch_token = batch_token
        tokens = genes // project
        self.embed = GeneGroupLinear(tokens, channels, hidden, project)
        self.layers = nn.ModuleList([
            nn.TransformerEncoderLayer(d_model=hidden, nhead=heads, dim_feedforward=4 * hidden, batch_first=True,
                                       activation="gelu") for _ in range(layers)])
        self.classification_token = nn.Parameter(torch.empty(hidden).uniform_(-1 / math.sqrt(hidden), 1 / math.sqrt(hidden)))
        self.time_embedding = nn.Linear(1, hidden)
        self.class_embedding = nn.Embedding(num_classes + 1, hidden)
        self.unembed = GeneGroupLinear(tokens, hidden, channels, project, up=True)

    def forward(self, x: torch.Tensor, t: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        x = x.permute(0, 2, 1)                               # [B, G, C]
        skip = x
        h = self.embed(x)
        if self.batch_token == "stack":
            cls = torch.stack([self.classification_token.unsqueeze(0) for _ in range(x.shape[0])])
        else:
            cls = self.classification_token.expand(x.shape[0], 1, -1)
        time_token = self.time_embedding(_time_scalar(t)).unsqueeze(1)
        class_token = self.class_embedding(y).unsqueeze(1)
        h = torch.cat((cls, time_token, class_token, h), dim=1)
        for layer in self.layers:
            h = layer(h)
        return (skip + self.unembed(h[:, 3:, :])).permute(0, 2, 1)


def build(family: str, genes: int, channels: int = CHANNELS, num_classes: int = NUM_CLASSES) -> nn.Module:
    """The fixture model of one family, at the sizes the fixtures use."""
    if family == "baseline":
        return PaperBaseline(genes, channels, num_classes=num_classes)
    if family == "unet-mlp":
        return PaperUnetMLP(genes, channels, num_classes=num_classes)
    if family == "unet-cnn":
        return PaperUNet1d(channels, num_classes=num_classes)
    if family == "mlp-cnn":
        return PaperMLPCNN(genes, channels, num_classes=num_classes)
    if family in ("transformer", "transformer-frozen"):
        token = "stack" if family == "transformer-frozen" else "expand"
        return PaperTransformer(genes, channels, num_classes=num_classes, batch_token=token)
    raise ValueError(f"unknown family {family!r}; expected one of {', '.join(FAMILIES)}")
