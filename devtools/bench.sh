#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The vcrypto authors
#
# Benchmark crypto_vcrypto against Debian's crypto_virtio on the same
# virtio-crypto device and guest boot: crypto-perf throughput (64-2048 B,
# cipher-only, and cipher-then-auth where the device chains) and latency
# (burst 1 and 32), repeated; prints one table of medians with min-max
# spread and the vcrypto/crypto_virtio ratio, and writes it to a file
# that doc/ includes. Figures are for comparison within one run only:
# guest speed under TCG varies a lot between boots.
#
#   devtools/bench.sh [--reps N] [--ops N] [--out FILE]
#                     [--device builtin|vhost-aesni_mb|vhost-openssl[,DEVARGS]]...
# A device may carry vcrypto devargs, e.g. --device builtin,event_idx=0;
# it is then a row of its own in the table.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/devtools/common.sh"
build=${VCRYPTO_BUILD:-$root/build}
cache=${VCRYPTO_CACHE:-/var/cache/vcrypto}
reps=3 ops=200000 devices=() out=$root/doc/guides/cryptodevs/vcrypto_bench.txt
while [ $# -gt 0 ]; do
	case $1 in
	--reps) reps=$2; shift;;
	--ops) ops=$2; shift;;
	--device) devices+=("$2"); shift;;
	--out) out=$2; shift;;
	*) echo "usage: $0 [--reps N] [--ops N] [--device D]... [--out FILE]" >&2; exit 2;;
	esac
	shift
done
[ ${#devices[@]} -gt 0 ] || devices=(builtin)

[ -f "$build/build.ninja" ] || meson setup "$build" "$root" >/dev/null
ninja -C "$build" >/dev/null
plugin=$(vcrypto_stage_plugin "$build" "$cache")
mapfile -t share < <(vcrypto_guest_shares "$root" "$build")

raw=$(mktemp)
trap 'rm -f "$raw"' EXIT
for dev in "${devices[@]}"; do
	devargs=- label=${dev//,/:}	# the table is comma-separated
	case $dev in *,*) devargs=${dev#*,};; esac
	case ${dev%%,*} in
	builtin) vm=(--backend builtin); chain=;;
	vhost-*) pmd=${dev%%,*}
		vm=(--backend vhost-user --vhost-pmd "${pmd#vhost-}"); chain=chain;;
	*) echo "bench: unknown device $dev" >&2; exit 2;;
	esac
	echo "bench: $dev: booting guest ($reps reps, $ops ops per point)"
	# uio: crypto_virtio (22.11) cannot drive a device behind an IOMMU.
	"$root/devtools/vm/run.sh" --binding uio -q "${vm[@]}" "${share[@]}" -- \
		"$root/app/test-vcrypto/vm/bench-guest.sh" "$plugin" "$devargs" \
		"$build/app/test-vcrypto/cycles/dpdk-test-vcrypto-cycles" \
		"$reps" "$ops" $chain |
	while IFS= read -r line; do
		case $line in
		progress:*) echo "bench: $dev: ${line#progress: }";;
		RES,*|LAT,*|CYC,*|INS,*) echo "$label,$line" >> "$raw";;
		ERR,*) echo "bench: $dev: $line";;
		esac
	done
done

python3 "$root/devtools/bench_table.py" "$raw" "$reps" "$ops" | tee "$out"
echo "bench: table written to $out"
# The same throughput rows as a plot next to the table (python3-matplotlib).
"$root/devtools/bench_plot.py" "$out" > /dev/null &&
	echo "bench: plot written to ${out%.txt}.png"
