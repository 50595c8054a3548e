#!/usr/bin/env bash
# Reproduces the six demo backbones of models/demo/ (see README.md there): encodes the demo cohort
# into a dataset bundle, trains each family on it with models/train.py (seed 1) and exports
# models/demo/<family>.onnx; copies each run's metrics.csv and hparams.yaml to models/demo/<family>/.
#
#   bash models/demo/train_all.sh                  # all six
#   bash models/demo/train_all.sh transformer      # some of them
#
# BUNDLE (default /tmp/demo-bundle) and RUNS (default /tmp/gdw-demo-runs, the Lightning-style log
# folders with the checkpoints) can be set in the environment. Nothing here is committed but the
# ONNX files, metrics.csv and hparams.yaml.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$REPO"
BUNDLE=${BUNDLE:-/tmp/demo-bundle}
RUNS=${RUNS:-/tmp/gdw-demo-runs}
PY=/usr/bin/python3
OUT=models/demo
# One torch thread: on this 2-core machine shared with other jobs, 2 threads were 5–20× slower
# per step than 1 (the OpenMP workers spin against the other load).
export OMP_NUM_THREADS=1

# 1. The dataset bundle: 1,000 samples × 128 gene slots (84 real genes + 44 padded) × 8 components.
if [ ! -f "$BUNDLE/layout.json" ]; then
  npx gdw encode --vcf public/demo/cohort/cohort.vcf.gz --genes public/demo/cohort/genes.bed \
    --pheno public/demo/cohort/phenotype.tsv --seed 1 --pad 128 --out "$BUNDLE"
fi

# 2. No modified copy: every family trains on the bundle's own per-component padding mask ([G][C];
# genes with 1 or 4 PCA components have padded components, 366 real slots of 84 × 8). train.py
# keeps padded slots noise-free and exports the mask as gdw.components (layout.json
# genes[].components), so the workbench's samplers zero exactly those slots too.

# 3. The runs. Each: --seed 1, the paper's linear schedule (β 1e-4 … 0.02, T = 1000) for the
# diffusion families, class-conditional on control/case with 10 % null-class dropout (train.py's
# defaults), validation on the 50 holdout samples every 100 steps. baseline and unet-mlp have
# their input_skip path (the default; a learned g(t, y)·x added to ε̂), without which their DDIM
# samples diverged. With it they reach the Gaussian-optimal val loss (≈ 0.228) within 100 steps
# and then memorise the 450 training samples (val loss up, DDIM diverging again), so the dense
# models (baseline, unet-mlp and mlp-cnn's MLP branch) train with dropout and fewer steps.
# Running two of these at once, as for the README's times, is fine: each uses one thread.
run() {
  local family=$1 bundle=$2
  shift 2
  rm -rf "${RUNS:?}/$family"
  local started=$SECONDS
  nice -n 10 "$PY" models/train.py --bundle "$bundle" --family "$family" --seed 1 --threads 1 \
    --log-dir "$RUNS" --export "$OUT/$family.onnx" "$@"
  local took=$((SECONDS - started))
  mkdir -p "$OUT/$family"
  cp "$RUNS/$family/version_0/metrics.csv" "$RUNS/$family/version_0/hparams.yaml" "$OUT/$family/"
  printf '%s\t%s s\n' "$family" "$took" | tee -a "$RUNS/wall_times.tsv"
}

want() { [[ " ${SELECTED} " == *" $1 "* ]]; }
SELECTED="$*"
mkdir -p "$RUNS"

if [ -z "$SELECTED" ] || want baseline; then
  run baseline "$BUNDLE" --max-steps 2000 --batch-size 64 --lr 1e-3 \
    --size hidden=768 --size depth=2 --size time_dim=64 --size dropout=0.6
fi
if [ -z "$SELECTED" ] || want unet-mlp; then
  run unet-mlp "$BUNDLE" --max-steps 1500 --batch-size 64 --lr 1e-3 \
    --size 'widths=[256,128,64]' --size per_gene_dim=8 --size time_dim=64 --size dropout=0.5
fi
if [ -z "$SELECTED" ] || want unet-cnn; then
  run unet-cnn "$BUNDLE" --max-steps 4000 --batch-size 32 --lr 2e-3 \
    --size base_channels=16 --size 'channel_mults=[1,2,2]' --size heads=4 --size time_dim=64
fi
if [ -z "$SELECTED" ] || want mlp-cnn; then
  run mlp-cnn "$BUNDLE" --max-steps 3000 --batch-size 32 --lr 2e-3 \
    --size 'mlp={"widths":[256,128],"time_dim":64,"per_gene_dim":8,"dropout":0.5}' \
    --size 'cnn={"base_channels":16,"channel_mults":[1,2,2],"heads":4,"time_dim":64}' --size lambda_hidden=32
fi
if [ -z "$SELECTED" ] || want transformer; then
  run transformer "$BUNDLE" --max-steps 4000 --batch-size 64 --lr 2e-3 \
    --size patch_genes=4 --size dim=64 --size depth=2 --size heads=4
fi
if [ -z "$SELECTED" ] || want gan-generator; then
  # WGAN-GP (train.py's defaults: 5 critic updates per generator update, GP weight 10, Adam 1e-4,
  # β = (0.5, 0.9)). The generator zeroes padded slots itself (its mask buffer); its export carries
  # gdw.components too.
  run gan-generator "$BUNDLE" --max-steps 3000 --batch-size 64 \
    --size latent_dim=64 --size hidden=256 --size depth=2
fi
