#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The vcrypto authors
"""Plot the throughput part of a benchmark table (devtools/bench_table.py's
output, e.g. doc/guides/cryptodevs/vcrypto_bench.txt) into a PNG next to
it: one panel per device, Mops against buffer size for each PMD and test,
the median with the min-max spread as error bars.

    bench_plot.py TABLE.txt [OUT.png]
"""

import os
import re
import sys

import matplotlib
matplotlib.use('Agg')
import matplotlib.pyplot as plt  # noqa: E402

ROW = re.compile(r'^(\S+)\s+(cipher|chain)\s+(\d+)\s+(\S+)\s+([\d.]+)\s+'
                 r'([\d.e+-]+)-([\d.e+-]+)\s')


def load(path):
    """{device: {(test, pmd): [(size, median, lo, hi)]}} and the title."""
    data = {}
    lines = open(path).read().splitlines()
    for line in lines:
        m = ROW.match(line)
        if not m:
            continue
        dev, test, size, pmd, med, lo, hi = m.groups()
        data.setdefault(dev, {}).setdefault((test, pmd), []).append(
            (int(size), float(med), float(lo), float(hi)))
    return data, lines[0] if lines else ''


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit('usage: bench_plot.py TABLE.txt [OUT.png]')
    table = sys.argv[1]
    out = sys.argv[2] if len(sys.argv) == 3 else os.path.splitext(table)[0] + '.png'
    data, title = load(table)
    if not data:
        sys.exit('bench_plot.py: no throughput rows in %s' % table)
    devs = sorted(data)
    fig, axes = plt.subplots(1, len(devs), figsize=(5 * len(devs), 4.2),
                             squeeze=False)
    for ax, dev in zip(axes[0], devs):
        for (test, pmd), pts in sorted(data[dev].items()):
            pts.sort()
            x = [p[0] for p in pts]
            y = [p[1] for p in pts]
            err = [[p[1] - p[2] for p in pts], [p[3] - p[1] for p in pts]]
            ax.errorbar(x, y, yerr=err, capsize=3, marker='o',
                        linestyle='-' if test == 'cipher' else '--',
                        color='tab:blue' if pmd == 'crypto_vcrypto' else 'tab:gray',
                        label='%s %s' % (pmd, test))
        ax.set_xscale('log', base=2)
        ax.set_xticks([64, 256, 1024, 2048])
        ax.set_xticklabels(['64', '256', '1024', '2048'])
        ax.set_xlabel('buffer size (B)')
        ax.set_ylabel('Mops (median, min-max)')
        ax.set_title(dev)
        ax.set_ylim(bottom=0)
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=8)
    fig.suptitle(title, fontsize=9)
    fig.tight_layout()
    fig.savefig(out, dpi=90)
    print(out)


if __name__ == '__main__':
    main()
