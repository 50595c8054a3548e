#!/usr/bin/env bash
# Reproduces the memorisation-test pairs of models/demo/memorisation/ (see README.md there): one
# small UNet-MLP architecture trained from scratch on disjoint parts of the demo cohort's training
# split (halves A/B, 200 + 200, 50 + 50), and fine-tuned from the half-B model onto the 50 + 50 rows
# of half A, fully and with LoRA. Every part comes from the same seeded order (--subset-seed 0), so
# the two models of a pair never saw a common row, and no fine-tuning row was in the base's half B.
#
#   bash models/demo/memorisation/train_pairs.sh            # all ten models
#
# BUNDLE (default /tmp/demo-bundle, made as models/demo/train_all.sh makes it) and RUNS (default
# /tmp/gdw-memorisation-runs) can be set in the environment. The ONNX files and each run's
# metrics.csv and hparams.yaml (copied to <name>/) are committed; the checkpoints are not.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
cd "$REPO"
BUNDLE=${BUNDLE:-/tmp/demo-bundle}
RUNS=${RUNS:-/tmp/gdw-memorisation-runs}
PY=/usr/bin/python3
OUT=models/demo/memorisation
export OMP_NUM_THREADS=1

if [ ! -f "$BUNDLE/layout.json" ]; then
  npx gdw encode --vcf public/demo/cohort/cohort.vcf.gz --genes public/demo/cohort/genes.bed \
    --pheno public/demo/cohort/phenotype.tsv --seed 1 --pad 128 --out "$BUNDLE"
fi
mkdir -p "$RUNS"

# One architecture for every model: small enough that ten exports stay a few MB.
SIZES=(--size 'widths=[64,32]' --size per_gene_dim=2 --size time_dim=32)
SCRATCH=(--family unet-mlp "${SIZES[@]}" --max-steps "${SCRATCH_STEPS:-2000}" --batch-size 32 --lr 1e-3)
TUNE=(--max-steps "${TUNE_STEPS:-1000}" --batch-size 32)

scratch() {  # name, subset flags…
  local name=$1
  shift
  rm -rf "${RUNS:?}/$name"
  nice -n 10 "$PY" models/train.py --bundle "$BUNDLE" --seed 1 --threads 1 --log-dir "$RUNS" --name "$name" \
    --val-every 500 --subset-seed 0 "${SCRATCH[@]}" --export "$OUT/$name.onnx" "$@"
  keep_logs "$name"
}

keep_logs() {
  mkdir -p "$OUT/$1"
  cp "$RUNS/$1/version_0/metrics.csv" "$RUNS/$1/version_0/hparams.yaml" "$OUT/$1/"
}

tune() {  # name, method, subset flags…
  local name=$1 method=$2
  shift 2
  rm -rf "${RUNS:?}/$name"
  nice -n 10 "$PY" models/finetune.py --checkpoint "$RUNS/half-B/version_0/checkpoints/last.ckpt" \
    --bundle "$BUNDLE" --method "$method" --seed 1 --threads 1 --log-dir "$RUNS" --name "$name" \
    --val-every 500 --subset-seed 0 "${TUNE[@]}" --export "$OUT/$name.onnx" "$@"
  keep_logs "$name"
}

# Halves: 450 + 450 rows. half-B is also the pretrained base of the fine-tuned models.
scratch half-A --subset-half A
scratch half-B --subset-half B
# 200 + 200 and 50 + 50 rows, all inside half A.
scratch n200-a --subset-half A --subset-size 200
scratch n200-b --subset-half A --subset-size 200 --subset-offset 200
scratch n50-a --subset-half A --subset-size 50
scratch n50-b --subset-half A --subset-size 50 --subset-offset 50
# The same 50 + 50 rows, fine-tuned from half-B with the same lr and steps: every weight, or LoRA r = 4,
# α = 4 on the linear layers. (README: full at lr 1e-4 too, not shipped: FULL_LR=1e-4 reproduces it.)
tune full50-a full --lr "${FULL_LR:-1e-3}" --subset-half A --subset-size 50
tune full50-b full --lr "${FULL_LR:-1e-3}" --subset-half A --subset-size 50 --subset-offset 50
tune lora50-a lora --rank 4 --alpha 4 --lr 1e-3 --subset-half A --subset-size 50
tune lora50-b lora --rank 4 --alpha 4 --lr 1e-3 --subset-half A --subset-size 50 --subset-offset 50
du -ch "$OUT"/*.onnx | tail -1
