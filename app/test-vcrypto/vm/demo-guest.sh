#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The vcrypto authors
#
# Runs inside a test-bed guest: AES-CBC through the virtio-crypto device,
# first a crypto-perf verify with DPDK's vectors, then throughput for
# crypto_vcrypto and Debian's crypto_virtio on the same device and boot.
# Prints one table.
#
#   demo-guest.sh PLUGIN PERF_DATA_DIR [OPS]
set -u
PLUGIN=$1 perfdata=$2 ops=${3:-50000}
. "$(dirname "$0")/lib.sh"
out=$(mktemp)

perf() {
	pmd=$1; shift
	vc_perf "$out" "$pmd" 1800 "$@"
}

echo "verify: AES-CBC-128 cipher-only, DPDK vector sha1_hmac_buff_2048"
perf crypto_vcrypto --ptest verify --optype cipher-only --cipher-algo aes-cbc \
	--cipher-op encrypt --cipher-key-sz 16 --cipher-iv-sz 16 \
	--test-file "$(vc_perf_file "$perfdata" 128)" --test-name sha1_hmac_buff_2048 \
	--buffer-sz 2048 --total-ops 1000
grep -E '^ +[0-9]+ +2048' "$out" | awk '{ printf "  enqueued %s dequeued %s failed ops %s\n", $4, $5, $8 }'

printf "\n%-16s %8s %8s %10s %10s %12s\n" PMD "buf(B)" burst Mops Gbps cycles/op
for pmd in crypto_vcrypto crypto_virtio; do
	perf "$pmd" --ptest throughput --optype cipher-only --cipher-algo aes-cbc \
		--cipher-op encrypt --cipher-key-sz 16 --cipher-iv-sz 16 \
		--buffer-sz 64,256,1024,2048 --burst-sz 32 --total-ops "$ops"
	grep -E '^ +[0-9]+ +[0-9]+ +32 ' "$out" | awk -v p="$pmd" \
		'{ printf "%-16s %8s %8s %10s %10s %12s\n", p, $2, $3, $8, $9, $10 }'
done
rm -f "$out"
