#!/usr/bin/env bash
# Python for models/: Debian's python3-torch, python3-onnx and python3-numpy, installed with
# apt-get only when /usr/bin/python3 cannot import them (no pip, no virtualenv). Idempotent.
set -euo pipefail

PYTHON=/usr/bin/python3
if [ -x "$PYTHON" ] && "$PYTHON" -c 'import torch, onnx, numpy' 2>/dev/null; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "models/setup.sh: python3-torch, python3-onnx or python3-numpy is missing and this user cannot" \
      "run apt-get (not root, no sudo). Install them: apt-get install python3-torch python3-onnx python3-numpy" >&2
    exit 1
  fi
fi

echo "models/setup.sh: installing python3-torch python3-onnx python3-numpy with apt-get" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends python3 python3-torch python3-onnx python3-numpy
"$PYTHON" -c 'import torch, onnx, numpy; print("torch", torch.__version__, "onnx", onnx.__version__, "numpy", numpy.__version__)'
