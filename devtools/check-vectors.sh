#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The vcrypto authors
#
# The test vectors are what the known answers come from: check every file
# the tests read against the checksums recorded in the tree
# (app/test-vcrypto/kat/vectors.sha256, perf-data.sha256). A missing or
# changed file fails. One line per checksum file, closing with
# "N passed, M failed".
#
#   devtools/check-vectors.sh [CACHE]
#
# CACHE (default /var/cache/vcrypto) holds DPDK's unpacked source, whose
# app/test-crypto-perf/data the perf rows read; VCRYPTO_VECTORS overrides
# python3-cryptography-vectors' directory.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/devtools/common.sh"
cache=${1:-${VCRYPTO_CACHE:-/var/cache/vcrypto}}
kat=$root/app/test-vcrypto/kat

# check NAME DIR SUMS: every file listed in SUMS present in DIR, same sum.
check() {
	local n out
	n=$(grep -c '^[0-9a-f]\{64\}  ' "$3")
	if [ -z "$2" ] || [ ! -d "$2" ]; then
		echo "FAIL $1: directory '$2' not found"; fail=$((fail + 1)); return
	fi
	if out=$(cd "$2" && sha256sum --strict -c --quiet "$3" 2>&1); then
		echo "PASS $1: $n files in $2 match $(basename "$3")"
		pass=$((pass + 1))
	else
		echo "FAIL $1: $2 against $(basename "$3"):"
		echo "$out" | head -n 20 | sed 's/^/  /'
		fail=$((fail + 1))
	fi
}

check vectors "${VCRYPTO_VECTORS:-/usr/lib/python3/dist-packages/cryptography_vectors}" \
	"$kat/vectors.sha256"
check perf-data "$(vcrypto_perf_data "$cache")" "$kat/perf-data.sha256"
vcrypto_total
