#!/usr/bin/python3
"""Reference side of bench/train.mjs: the workbench's default MLP classifier trained in PyTorch.

  train_reference.py --bundle DIR --epochs E --threads T [--seed K]

The same work per epoch as src/core/classify/train.ts with defaultClassifierSpecs.mlp: gene slots
without a real component dropped (layout.json mask), [G', 8] flattened -> Linear(64) + ReLU ->
Dropout(0.5) -> Linear(2), Glorot-uniform weights and zero biases; a stratified 20 % validation
split of the labelled training samples; Adam (lr 1e-3, betas 0.9/0.999, eps 1e-7 as tfjs), batch
64, reshuffled every epoch; loss = sum_i w_i CE_i / B with balanced class weights
w_k = n / (K n_k) from the fit rows, + 1e-4 * sum of squared weights of rank >= 2; after each
epoch the weighted cross-entropy and accuracy on the validation rows; the weights of the epoch
with the lowest validation loss are kept, and their accuracy on the labelled holdout reported.
The random streams (split, initial weights, dropout, shuffling) are numpy's and torch's, not the
workbench's: the accuracies are comparable, not identical. Prints one JSON line.
"""
import argparse
import json
import os
import time

import numpy as np
import torch
from torch import nn

HIDDEN_UNITS = 64
DROPOUT = 0.5
BATCH_SIZE = 64
LEARNING_RATE = 1e-3
L2 = 1e-4
VALIDATION_FRACTION = 0.2
ADAM_EPSILON = 1e-7  # tfjs' default; torch's is 1e-8


def load_bundle(folder):
    with open(os.path.join(folder, 'layout.json')) as f:
        layout = json.load(f)
    tensor = np.load(os.path.join(folder, 'tensor.npy'))
    labels = np.load(os.path.join(folder, 'labels.npy')).astype(np.int64)
    roles = np.load(os.path.join(folder, 'split.npy'))
    mask = np.array(layout['mask'], dtype=np.float32)
    kept_genes = mask.any(axis=1)
    features = (tensor[:, kept_genes, :] * mask[kept_genes]).reshape(tensor.shape[0], -1)
    return features.astype(np.float32), labels, roles


def stratified_split(labels, classes, rng):
    """round(fraction * n_k) of each class to validation (at least 1 when the class has 2 or more)."""
    fit, validation = [], []
    for k in range(classes):
        members = rng.permutation(np.flatnonzero(labels == k))
        take = int(round(VALIDATION_FRACTION * len(members)))
        if len(members) >= 2:
            take = max(1, take)
        validation.extend(members[:take])
        fit.extend(members[take:])
    return np.sort(np.array(fit)), np.sort(np.array(validation))


def build(features, classes):
    model = nn.Sequential(nn.Linear(features, HIDDEN_UNITS), nn.ReLU(), nn.Dropout(DROPOUT), nn.Linear(HIDDEN_UNITS, classes))
    for layer in (model[0], model[3]):
        nn.init.xavier_uniform_(layer.weight)
        nn.init.zeros_(layer.bias)
    return model


def weighted_ce(logits, y, weights):
    return (weights[y] * nn.functional.cross_entropy(logits, y, reduction='none')).sum() / len(y)


def train_epoch(model, optimizer, x, y, weights, order):
    model.train()
    for start in range(0, len(order), BATCH_SIZE):
        rows = order[start:start + BATCH_SIZE]
        loss = weighted_ce(model(x[rows]), y[rows], weights)
        loss = loss + L2 * sum((p * p).sum() for p in model.parameters() if p.dim() >= 2)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()


def score(model, x, y, weights):
    model.eval()
    with torch.no_grad():
        logits = model(x)
        return float(weighted_ce(logits, y, weights)), float((logits.argmax(1) == y).float().mean())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--bundle', required=True)
    parser.add_argument('--epochs', type=int, required=True)
    parser.add_argument('--threads', type=int, required=True)
    parser.add_argument('--seed', type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)

    features, labels, roles = load_bundle(args.bundle)
    train_rows = np.flatnonzero((roles == 0) & (labels >= 0))
    holdout_rows = np.flatnonzero((roles == 1) & (labels >= 0))
    classes = max(2, int(labels.max()) + 1)
    fit_idx, val_idx = stratified_split(labels[train_rows], classes, rng)
    fit_rows, val_rows = train_rows[fit_idx], train_rows[val_idx]
    x, y = torch.from_numpy(features), torch.from_numpy(labels)
    fit_counts = np.bincount(labels[fit_rows], minlength=classes)
    weights = torch.tensor(len(fit_rows) / (classes * np.maximum(fit_counts, 1)), dtype=torch.float32)

    model = build(features.shape[1], classes)
    optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE, eps=ADAM_EPSILON)
    x_fit, y_fit, x_val, y_val = x[fit_rows], y[fit_rows], x[val_rows], y[val_rows]
    epoch_ends, best = [], None
    started, cpu_started = time.perf_counter(), time.process_time()
    for epoch in range(1, args.epochs + 1):
        train_epoch(model, optimizer, x_fit, y_fit, weights, torch.from_numpy(rng.permutation(len(fit_rows))))
        val_loss, _ = score(model, x_val, y_val, weights)
        epoch_ends.append({'epoch': epoch, 'seconds': time.perf_counter() - started,
                           'cpuSeconds': time.process_time() - cpu_started, 'valLoss': val_loss})
        if best is None or val_loss < best[1]:
            best = (epoch, val_loss, {k: v.clone() for k, v in model.state_dict().items()})
    model.load_state_dict(best[2])
    _, holdout_accuracy = score(model, x[holdout_rows], y[holdout_rows], weights)
    print(json.dumps({
        'epochEnds': epoch_ends, 'selectedEpoch': best[0], 'threads': torch.get_num_threads(), 'torch': torch.__version__,
        'parameterCount': sum(p.numel() for p in model.parameters()), 'features': features.shape[1],
        'fitPerClass': fit_counts.tolist(), 'holdout': {'samples': len(holdout_rows), 'accuracy': holdout_accuracy},
    }))


if __name__ == '__main__':
    main()
