"""Reference backbones of the Gene Diffusion Workbench: the paper's five diffusion denoisers
(Baseline, UNet-MLP, UNet-CNN, MLP + CNN, Transformer) and a WGAN-GP generator, all on gene
tensors x [B, G, C]. See models/README.md."""
from .baseline import Baseline
from .embeddings import ClassEmbedding, TimeEmbedding, drop_labels, sinusoidal_embedding
from .gan import Critic, Generator, critic_loss, generator_loss, gradient_penalty
from .layers import Backbone, PerGeneDense
from .losses import diffusion_loss, masked_mae, masked_mse
from .mlp_cnn import MLPCNN
from .registry import DIFFUSION_FAMILIES, FAMILIES, TINY_SIZES, build_critic, build_model, model_from_config
from .schedule import make_schedule, predict_x0, q_sample
from .transformer import GeneTransformer
from .unet_cnn import UNetCNN
from .unet_mlp import UNetMLP

__all__ = [
    "Backbone", "Baseline", "ClassEmbedding", "Critic", "DIFFUSION_FAMILIES", "FAMILIES", "GeneTransformer",
    "Generator", "MLPCNN", "PerGeneDense", "TINY_SIZES", "TimeEmbedding", "UNetCNN", "UNetMLP", "build_critic",
    "build_model", "critic_loss", "diffusion_loss", "drop_labels", "generator_loss", "gradient_penalty",
    "make_schedule", "masked_mae", "masked_mse", "model_from_config", "predict_x0", "q_sample",
    "sinusoidal_embedding",
]
