"""Draws the memorisation figure (seed 003 Fig. 4's layout) from `gdw memorisation` reports as one SVG,
with the standard library only (Debian's python3 here has no matplotlib): one panel per pair, the
histogram of same-seed pair cosines (blue: near 1 = the two models generalise) over the histogram of
model A's samples' closest-training cosines (orange: near 1 = memorised), and the real holdout's
closest-training cosines to the same rows as a grey outline (what unseen real data scores).

    /usr/bin/python3 models/demo/memorisation/figure.py REPORTS_DIR OUT.svg half-A:half-B n50-a:n50-b …
"""
from __future__ import annotations

import json
import sys

WIDTH, PANEL_H, LEFT, TOP, PLOT_W, PLOT_H = 700, 120, 160, 24, 520, 84
X_MIN, X_MAX = 0.0, 1.0
COLOURS = {"sameSeed": "#1f77b4", "aToTrain": "#ff7f0e"}


def x_of(value: float) -> float:
    return LEFT + (value - X_MIN) / (X_MAX - X_MIN) * PLOT_W


def panel(report: dict, top: float) -> list:
    h = report["histograms"]
    edges = h["edges"]
    series = {key: [c / max(1, sum(h[key])) for c in h[key]] for key in ("sameSeed", "aToTrain", "aHoldoutToTrain")}
    peak = max(max(v) for v in series.values()) or 1.0
    y0 = top + PLOT_H
    a, b = (bb["id"] for bb in report["backbones"])
    s = report["summary"]
    out = [f'<text x="8" y="{top + 30}" font-size="12" font-weight="bold">{a} vs {b}</text>',
           f'<text x="8" y="{top + 46}" font-size="10">same seed: {s["sameSeed"]["median"]:.2f}</text>',
           f'<text x="8" y="{top + 60}" font-size="10">{a} → train: {s["a"]["toTrain"]["median"]:.2f}</text>',
           f'<text x="8" y="{top + 74}" font-size="10">holdout → train: {s["a"]["holdoutToTrain"]["median"]:.2f}</text>',
           f'<line x1="{LEFT}" y1="{y0}" x2="{LEFT + PLOT_W}" y2="{y0}" stroke="#333"/>']
    for key in ("aToTrain", "sameSeed"):
        for k, share in enumerate(series[key]):
            lo, hi = edges[k], edges[k + 1]
            if share == 0 or hi <= X_MIN:
                continue
            height = share / peak * PLOT_H
            out.append(f'<rect x="{x_of(lo):.1f}" y="{y0 - height:.1f}" width="{x_of(hi) - x_of(lo):.1f}" '
                       f'height="{height:.1f}" fill="{COLOURS[key]}" fill-opacity="0.7"/>')
    points = []
    for k, share in enumerate(series["aHoldoutToTrain"]):
        if edges[k + 1] <= X_MIN:
            continue
        y = y0 - share / peak * PLOT_H
        points += [f"{x_of(edges[k]):.1f},{y:.1f}", f"{x_of(edges[k + 1]):.1f},{y:.1f}"]
    out.append(f'<polyline points="{" ".join(points)}" fill="none" stroke="#777" stroke-width="1"/>')
    for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
        out.append(f'<text x="{x_of(tick):.1f}" y="{y0 + 12}" font-size="9" text-anchor="middle">{tick:g}</text>')
    return out


def main(argv: list) -> int:
    reports, out_path, pairs = argv[0], argv[1], argv[2:]
    height = TOP + PANEL_H * len(pairs) + 10
    body = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" font-family="sans-serif">',
            f'<rect width="{WIDTH}" height="{height}" fill="white"/>',
            f'<text x="8" y="14" font-size="11"><tspan fill="{COLOURS["sameSeed"]}">■ same-seed pair cosine</tspan>'
            f'  <tspan fill="{COLOURS["aToTrain"]}">■ A\'s samples → closest own training row</tspan>'
            '  <tspan fill="#777">— holdout → the same rows</tspan></text>']
    for i, pair in enumerate(pairs):
        a, b = pair.split(":")
        with open(f"{reports}/{a}-{b}.json", encoding="utf-8") as f:
            body += panel(json.load(f), TOP + i * PANEL_H)
    body.append("</svg>")
    with open(out_path, "w", encoding="utf-8") as f:
        f.write("\n".join(body) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
