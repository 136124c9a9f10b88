#!/usr/bin/env python3
"""Draws the query benchmark's plot (time per selection, three ways) from JSON on stdin."""
import json
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main():
    data = json.load(sys.stdin)
    rows = data["rows"]
    labels = ["%.3f %%" % r["matched_pct"] for r in rows]
    series = [
        ("capture query", "capture_query_s", "#d62728"),
        ("tcpdump -r, all files", "tcpdump_s", "#1f77b4"),
        ("capture -r, all files", "capture_scan_s", "#ff7f0e"),
    ]
    fig, ax = plt.subplots(figsize=(7, 4))
    width = 0.27
    for i, (name, key, color) in enumerate(series):
        xs = [j + (i - 1) * width for j in range(len(rows))]
        ax.bar(xs, [r[key] for r in rows], width, label=name, color=color)
    ax.set_xticks(range(len(rows)))
    ax.set_xticklabels(labels)
    ax.set_xlabel("packets selected")
    ax.set_ylabel("seconds (log scale)")
    ax.set_yscale("log")
    top = max(r[k] for r in rows for _, k, _ in series)
    ax.set_ylim(top=top * 6)
    ax.legend(loc="upper left", ncol=3, fontsize=8)
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    os.makedirs(os.path.dirname(data["out"]), exist_ok=True)
    fig.savefig(data["out"], dpi=110)


if __name__ == "__main__":
    main()
