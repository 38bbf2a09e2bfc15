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
plugin=$1 perfdata=$2 ops=${3:-50000}
eal="-l 0-1 -n 1 --iova-mode=$VCRYPTO_IOVA_MODE -a $VCRYPTO_BDF"
out=$(mktemp)

perf() {
	pmd=$1; shift
	if [ "$pmd" = crypto_vcrypto ]; then extra="-d $plugin"; else extra=; fi
	dpdk-test-crypto-perf $eal $extra --log-level=pmd.crypto.*:warning \
		-- --devtype "$pmd" --silent "$@" > "$out" 2>&1
}

echo "verify: AES-CBC-128 cipher-only, DPDK vector sha1_hmac_buff_2048"
perf crypto_vcrypto --ptest verify --optype cipher-only --cipher-algo aes-cbc \
	--cipher-op encrypt --cipher-key-sz 16 --cipher-iv-sz 16 \
	--test-file "$perfdata/aes_cbc_128_sha.data" --test-name sha1_hmac_buff_2048 \
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
