#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The vcrypto authors
"""Table of devtools/bench-user.sh's raw figures (medians, min-max).

    bench_user_table.py RAW REPS OPS

RAW lines: T|row|cipher/chain|size|Mops, L|row|burst|avg_us,
C|row|total cycles/op|enqueue cycles/op|dequeue cycles/op.
"""
import statistics
import sys
import time
from collections import defaultdict


def med(v):
    return statistics.median(v) if v else None


def cell(v, fmt="%.3f"):
    if not v:
        return "-"
    m = med(v)
    if len(v) == 1 or min(v) == max(v):
        return fmt % m
    return (fmt + " (" + fmt + "-" + fmt + ")") % (m, min(v), max(v))


def main():
    raw, reps, ops = sys.argv[1], sys.argv[2], sys.argv[3]
    thr = defaultdict(list)
    lat = defaultdict(list)
    cyc = defaultdict(list)
    rows = []
    with open(raw) as f:
        for line in f:
            p = line.strip().split("|")
            if len(p) < 4:
                continue
            if p[1] not in rows:
                rows.append(p[1])
            try:
                if p[0] == "T":
                    thr[(p[1], p[2], int(p[3]))].append(float(p[4]))
                elif p[0] == "L":
                    lat[(p[1], int(p[2]))].append(float(p[3]))
                elif p[0] == "C":
                    cyc[p[1]].append((float(p[2]), float(p[3]) + float(p[4])))
            except (ValueError, IndexError):
                continue
    print("crypto_vcrypto_user (virtio-user) on the host, %s; medians of %s "
          "reps (min-max), %s ops per point" %
          (time.strftime("%Y-%m-%d"), reps, ops))
    print("back end alone on the last CPU, crypto-perf's worker on CPU 0; "
          "devtools/bench-user.sh")
    print()
    print("Throughput, Mops, AES-128-CBC encrypt, burst 32 (ratio to the "
          "native cryptodev of the same engine)")
    sizes = [64, 256, 1024, 2048]
    print("%-24s" % "row" + "".join("%22s" % ("%d B" % s) for s in sizes))
    for r in rows:
        eng = r.split("+")[-1].split()[-1]
        line = "%-24s" % r
        for s in sizes:
            v = thr.get((r, "cipher", s))
            n = thr.get(("native " + eng, "cipher", s))
            txt = cell(v)
            if v and n and not r.startswith("native") and med(n) > 0:
                txt = "%.3f x%.2f" % (med(v), med(v) / med(n))
            line += "%22s" % txt
        print(line)
    print()
    print("AES-128-CBC + HMAC-SHA1 (12-byte digest), Mops, burst 32")
    print("%-24s%22s%22s" % ("row", "64 B", "2048 B"))
    for r in rows:
        print("%-24s%22s%22s" % (r, cell(thr.get((r, "chain", 64))),
                                 cell(thr.get((r, "chain", 2048)))))
    print()
    print("Latency, 64 B AES-128-CBC, average us per op; cycles per 64 B op "
          "(TSC): whole loop, in the PMD (enqueue + dequeue calls), PMD share")
    print("%-24s%14s%14s%12s%12s%10s" % ("row", "burst 1", "burst 32",
                                         "loop cyc", "PMD cyc", "PMD %"))
    for r in rows:
        c = cyc.get(r, [])
        tot = med([x[0] for x in c]) if c else None
        pmd = med([x[1] for x in c]) if c else None
        share = "%.1f" % (100.0 * pmd / tot) if tot and pmd is not None \
            and not r.startswith("native") else "-"
        print("%-24s%14s%14s%12s%12s%10s" % (
            r, cell(lat.get((r, 1)), "%.2f"), cell(lat.get((r, 32)), "%.2f"),
            "%.0f" % tot if tot else "-",
            "%.0f" % pmd if pmd is not None else "-", share))
    return 0


if __name__ == "__main__":
    sys.exit(main())
