#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The vcrypto authors
"""Table of devtools/bench-user.sh's raw figures (medians, min-max).

    bench_user_table.py RAW REPS OPS

RAW lines: T|row|cipher/chain|size|Mops, L|row|burst|avg_us,
C|row|total cycles/op|enqueue cycles/op|dequeue cycles/op,
R|row|median round trip us|p99 round trip us.
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


def engine(row):
    """openssl for 'native openssl', 'vcrypto-device+openssl', ..."""
    return row.split("+")[-1].split()[-1].split(",")[0]


def main():
    raw, reps, ops = sys.argv[1], sys.argv[2], sys.argv[3]
    thr = defaultdict(list)
    lat = defaultdict(list)
    cyc = defaultdict(list)
    rtt = defaultdict(list)
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
                elif p[0] == "R":
                    rtt[(p[1], "p50")].append(float(p[2]))
                    rtt[(p[1], "p99")].append(float(p[3]))
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
    print("%-26s" % "row" + "".join("%22s" % ("%d B" % s) for s in sizes))
    for r in rows:
        eng = engine(r)
        line = "%-26s" % r
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
    print("%-26s%22s%22s" % ("row", "64 B", "2048 B"))
    for r in rows:
        print("%-26s%22s%22s" % (r, cell(thr.get((r, "chain", 64))),
                                 cell(thr.get((r, "chain", 2048)))))
    print()
    print("Latency, 64 B AES-128-CBC, us: round trip of one op (median, "
          "99th percentile;")
    print("dpdk-test-vcrypto-cycles --rtt) and crypto-perf's latency test "
          "(average; it keeps enqueuing while")
    print("it polls, so on an asynchronous device it measures the wait "
          "behind a full ring)")
    print("%-26s%20s%20s%26s%26s" % ("row", "rtt p50", "rtt p99",
                                     "crypto-perf b1", "crypto-perf b32"))
    for r in rows:
        print("%-26s%20s%20s%26s%26s" % (
            r, cell(rtt.get((r, "p50")), "%.2f"),
            cell(rtt.get((r, "p99")), "%.2f"),
            cell(lat.get((r, 1)), "%.2f"), cell(lat.get((r, 32)), "%.2f")))
    print()
    print("Cycles per 64 B op (TSC), burst 32: the client's whole loop, in "
          "the PMD (enqueue + dequeue")
    print("calls that returned ops), and the PMD's share of PMD + crypto "
          "(the native row's loop of the same engine)")
    print("%-26s%12s%12s%10s" % ("row", "loop cyc", "PMD cyc", "PMD %"))
    for r in rows:
        c = cyc.get(r, [])
        tot = med([x[0] for x in c]) if c else None
        pmd = med([x[1] for x in c]) if c else None
        nat = cyc.get("native " + engine(r), [])
        ntot = med([x[0] for x in nat]) if nat else None
        share = "%.1f" % (100.0 * pmd / (pmd + ntot)) \
            if ntot and pmd is not None and not r.startswith("native") \
            else "-"
        print("%-26s%12s%12s%10s" % (
            r, "%.0f" % tot if tot else "-",
            "%.0f" % pmd if pmd is not None else "-", share))
    return 0


if __name__ == "__main__":
    sys.exit(main())
