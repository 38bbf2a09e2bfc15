#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The vcrypto authors
"""Turn bench-guest.sh result lines into one table: medians, min-max
spread over repetitions, and the vcrypto/crypto_virtio ratio of medians
(with the ratio's spread from per-repetition pairs)."""
import statistics
import sys
from collections import defaultdict

VC, VIRTIO = "crypto_vcrypto", "crypto_virtio"


def load(path):
    res = defaultdict(list)   # (dev, test, size, pmd) -> [(mops, gbps, cyc)]
    lat = defaultdict(list)   # (dev, burst, pmd) -> [us]
    split = defaultdict(list)  # (dev, test, pmd) -> [(total, enq, deq, empty, app)]
    ins = {}                   # (dev, test, pmd) -> (enq, deq, app)
    for line in open(path):
        f = line.strip().split(",")
        if f[1] == "RES":
            dev, _, pmd, test, size, _burst, mops, gbps, cyc = f
            res[(dev, test, int(size), pmd)].append(
                (float(mops), float(gbps), float(cyc)))
        elif f[1] == "LAT":
            dev, _, pmd, burst, us = f
            lat[(dev, int(burst), pmd)].append(float(us))
        elif f[1] == "CYC":
            dev, _, pmd, test = f[:4]
            total, enq, deq, _polls, empty, app = map(float, f[7:13])
            split[(dev, test, pmd)].append((total, enq, deq, empty, app))
        elif f[1] == "INS":
            dev, _, pmd, test, enq, deq, app = f
            ins[(dev, test, pmd)] = (int(enq), int(deq), int(app))
    return res, lat, split, ins


def spread(xs):
    return "%.3g-%.3g" % (min(xs), max(xs)) if len(xs) > 1 else "-"


def ratio(a, b):
    pairs = [x / y for x, y in zip(a, b) if y > 0]
    if not pairs:
        return "n/a", "-"
    return "%.2f" % (statistics.median(a) / statistics.median(b)), spread(pairs)


def main():
    path, reps, ops = sys.argv[1], sys.argv[2], sys.argv[3]
    res, lat, split, ins = load(path)
    print("vcrypto vs crypto_virtio, same device and guest boot "
          "(TCG guest, %s reps x %s ops; median, [min-max])" % (reps, ops))
    hdr = "%-16s %-7s %6s %-15s %10s %-13s %8s %10s %-13s" % (
        "device", "test", "size", "pmd", "Mops", "[spread]", "Gbps",
        "cycles/op", "ratio [spread]")
    print(hdr)
    print("-" * len(hdr))
    for (dev, test, size, pmd) in sorted(
            k for k in res if k[3] == VC):
        rows = {p: res.get((dev, test, size, p), []) for p in (VC, VIRTIO)}
        r, rs = ratio([m for m, _, _ in rows[VC]],
                      [m for m, _, _ in rows[VIRTIO]])
        for p in (VC, VIRTIO):
            v = rows[p]
            if not v:
                print("%-16s %-7s %6d %-15s %10s" % (dev, test, size, p,
                                                    "no result"))
                continue
            mops = [m for m, _, _ in v]
            print("%-16s %-7s %6d %-15s %10.4f %-13s %8.3f %10.0f %s" % (
                dev, test, size, p, statistics.median(mops), spread(mops),
                statistics.median(g for _, g, _ in v),
                statistics.median(c for _, _, c in v),
                "%s [%s]" % (r, rs) if p == VC else ""))
    print()
    print("%-16s %6s %-15s %12s %-13s %s" % ("device", "burst", "pmd",
                                             "latency us", "[spread]",
                                             "ratio [spread]"))
    for (dev, burst, pmd) in sorted(k for k in lat if k[2] == VC):
        a, b = lat[(dev, burst, VC)], lat.get((dev, burst, VIRTIO), [])
        r, rs = ratio(a, b)
        print("%-16s %6d %-15s %12.2f %-13s %s [%s]" % (
            dev, burst, VC, statistics.median(a), spread(a), r, rs))
        if b:
            print("%-16s %6d %-15s %12.2f %-13s" % (
                dev, burst, VIRTIO, statistics.median(b), spread(b)))

    print_cycles(split)
    print_instructions(ins)


def print_cycles(cyc):
    """Where a 64 B op's cycles go (dpdk-test-vcrypto-cycles): medians."""
    if not cyc:
        return
    print()
    print("cycles per 64 B op, burst 32 (TSC cycles; median over reps):")
    hdr = "%-16s %-7s %-15s %8s %8s %8s %8s %8s %10s" % (
        "device", "test", "pmd", "total", "enqueue", "dequeue", "empty",
        "app", "PMD share")
    print(hdr)
    print("-" * len(hdr))
    for (dev, test, pmd) in sorted(cyc):
        v = cyc[(dev, test, pmd)]
        med = [statistics.median(x[i] for x in v) for i in range(5)]
        pmd_cyc = med[1] + med[2] + med[3]
        print("%-16s %-7s %-15s %8.0f %8.0f %8.0f %8.0f %8.0f %9.0f%%" % (
            dev, test, pmd, med[0], med[1], med[2], med[3], med[4],
            100.0 * pmd_cyc / med[0] if med[0] else 0))


def print_instructions(ins):
    """Guest instructions per 64 B op (callgrind in the guest)."""
    if not ins:
        return
    print()
    print("guest instructions per 64 B op, burst 32 (callgrind in the guest, "
          "same device; exact, not timed):")
    print("  app = the loop around the PMD calls, the same code for both: "
          "crypto-perf's throughput")
    print("        loop (ops from the pool with the mbuf each owns, the "
          "fields it sets);")
    print("  2x budget = most PMD instructions per op at which the whole "
          "loop takes half of crypto_virtio's")
    hdr = "%-16s %-7s %-15s %8s %8s %8s %8s %8s %10s" % (
        "device", "test", "pmd", "enqueue", "dequeue", "PMD", "app",
        "ratio", "2x budget")
    print(hdr)
    print("-" * len(hdr))
    for (dev, test, pmd) in sorted(k for k in ins if k[2] == VC):
        a, b = ins[(dev, test, VC)], ins.get((dev, test, VIRTIO))
        print("%-16s %-7s %-15s %8d %8d %8d %8d %8s %10s" % (
            dev, test, VC, a[0], a[1], a[0] + a[1], a[2],
            "%.2f" % ((a[0] + a[1]) / (b[0] + b[1])) if b else "n/a",
            "%d" % ((b[0] + b[1] + b[2]) / 2 - a[2]) if b else "n/a"))
        if b:
            print("%-16s %-7s %-15s %8d %8d %8d %8d" % (
                dev, test, VIRTIO, b[0], b[1], b[0] + b[1], b[2]))

main()
