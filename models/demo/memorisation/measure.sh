#!/usr/bin/env bash
# Runs `gdw memorisation` on each demo pair of this folder and prints the README's table (markdown).
#
#   bash models/demo/memorisation/measure.sh            # reports in $REPORTS (default /tmp/gdw-memorisation-reports)
#
# BUNDLE (default /tmp/demo-bundle) must be the demo bundle the models were trained on (train_pairs.sh makes it).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
cd "$REPO"
BUNDLE=${BUNDLE:-/tmp/demo-bundle}
REPORTS=${REPORTS:-/tmp/gdw-memorisation-reports}
DIR=models/demo/memorisation
mkdir -p "$REPORTS"
# The five pairs, then three controls: the fine-tuned and the from-scratch 50-row models against
# half-B, the base the fine-tuned ones started from (how far each moved from it).
PAIRS="half-A:half-B n200-a:n200-b n50-a:n50-b full50-a:full50-b lora50-a:lora50-b half-B:full50-a half-B:lora50-a half-B:n50-a"

for pair in $PAIRS; do
  a=${pair%%:*} b=${pair##*:}
  npx gdw memorisation --bundle "$BUNDLE" --backbone "$a=$DIR/$a.onnx" --backbone "$b=$DIR/$b.onnx" \
    --n 200 --seed 1 --steps 50 --threshold 0.9 2>/dev/null --out "$REPORTS/$a-$b.json" --csv "$REPORTS/$a-$b.csv" >/dev/null
done

/usr/bin/python3 - "$REPORTS" $PAIRS <<'PY'
import json, sys
reports, pairs = sys.argv[1], sys.argv[2:]
print("| pair | rows each | same-seed cosine mean / median (share ≥ 0.9) | closest own training: A / B mean (median) | holdout → training: A / B mean | pairs closer to each other than to training |")
print("|---|---:|---|---|---|---:|")
for pair in pairs:
    a, b = pair.split(":")
    r = json.load(open(f"{reports}/{a}-{b}.json"))
    s = r["summary"]
    rows = "/".join(str(b["training"]["count"]) for b in r["backbones"])
    ids = " vs ".join(b["id"] for b in r["backbones"])
    print(f"| {ids} | {rows} | {s['sameSeed']['mean']:.3f} / {s['sameSeed']['median']:.3f} ({s['sameSeed']['shareAtLeastThreshold']:.2f}) "
          f"| {s['a']['toTrain']['mean']:.3f} ({s['a']['toTrain']['median']:.3f}) / {s['b']['toTrain']['mean']:.3f} ({s['b']['toTrain']['median']:.3f}) "
          f"| {s['a']['holdoutToTrain']['mean']:.3f} / {s['b']['holdoutToTrain']['mean']:.3f} | {s['shareGeneralising']:.3f} |")
PY
