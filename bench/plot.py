#!/usr/bin/env python3
"""Draws the benchmark plots from the JSON that capture-bench's report module writes to stdin."""
import json
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

COLORS = {"capture": "#d62728", "capture-buffered": "#ff7f0e", "tcpdump": "#1f77b4", "dumpcap": "#2ca02c", "netsniff-ng": "#9467bd"}


def main():
    data = json.load(sys.stdin)
    out = data["out_dir"]
    os.makedirs(out, exist_ok=True)

    cases = data["loss"]
    n = len(cases)
    cols = min(n, 2) or 1
    rows = (n + cols - 1) // cols or 1
    fig, axes = plt.subplots(rows, cols, figsize=(6.5 * cols, 4 * rows), squeeze=False)
    order = data.get("tools") or []
    for ax, case in zip(axes.flat, cases):
        top = 0.0
        for tool in order or list(case["series"].keys()):
            pts = case["series"].get(tool) or []
            if pts:
                top = max(top, max(p[1] for p in pts))
                xs, ys = zip(*pts)
                ax.plot(xs, ys, "o", label=tool, color=COLORS.get(tool), markersize=4, alpha=0.8)
        ax.set_title(case["title"])
        ax.set_xlabel("rate delivered to the capture veth (kpps)")
        ax.set_ylabel("audited loss of those frames (%)")
        ax.set_ylim(-0.02 * max(top, 5.0), max(top, 5.0) * 1.05)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    for ax in list(axes.flat)[n:]:
        ax.axis("off")
    fig.tight_layout()
    fig.savefig(os.path.join(out, "loss.png"), dpi=90)
    plt.close(fig)

    bars(data, "cpu", "ns per captured packet (tool + NAPI)", "cpu.png", hatch_key="napi")
    bars(data, "zero", "max zero-loss rate (kpps)", "zeroloss.png")


def bars(data, key, ylabel, name, hatch_key=None):
    labels = data["cases"]
    tools = data.get("tools") or list(data[key].keys())
    width = 0.8 / max(len(tools), 1)
    fig, ax = plt.subplots(figsize=(max(6, 1.8 * len(labels)), 4))
    for i, tool in enumerate(tools):
        xs = [j + i * width for j in range(len(labels))]
        vals = [v or 0 for v in data[key][tool]]
        ax.bar(xs, vals, width, label=tool, color=COLORS.get(tool))
        if hatch_key:
            extra = [v or 0 for v in data[hatch_key][tool]]
            ax.bar(xs, extra, width, bottom=vals, color="white", edgecolor=COLORS.get(tool), hatch="//")
    ax.set_xticks([j + 0.4 - width / 2 for j in range(len(labels))])
    ax.set_xticklabels(labels, fontsize=8, rotation=15)
    ax.set_ylabel(ylabel)
    ax.grid(axis="y", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(os.path.join(data["out_dir"], name), dpi=90)
    plt.close(fig)


if __name__ == "__main__":
    main()
