#!/usr/bin/env bash
# The quick models check (part of `npm test`): Debian torch if missing, then tiny versions of all
# six backbones built, exported to ONNX, read with the workbench's contract reader
# (`gdw inspect`) and compared with the workbench's engine (scripts/parity.ts); then the unit
# tests of models/tests and the check of the paper-style fixtures (models/paper). Exits non-zero
# on any failure. Run from anywhere.
set -euo pipefail

cd "$(dirname "$0")/.."
started=$(date +%s)
bash models/setup.sh
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"   # other test stages share the machine
/usr/bin/python3 models/parity.py --tiny
/usr/bin/python3 -m unittest discover models/tests
/usr/bin/python3 models/paper/check_fixtures.py   # the paper-style fixtures: no metadata, shapes, parity reproduces
# the workbench's sampler (TypeScript, ONNX Runtime) replays the PyTorch reference's x_T and z: 1e-4 relative
npx tsx scripts/paperParity.ts --dir models/paper/onnx/parity --model models/paper/onnx/unet-mlp.onnx \
  --zero-mask models/paper/onnx/zero_mask.npy
echo "models check: passed in $(( $(date +%s) - started )) s"
