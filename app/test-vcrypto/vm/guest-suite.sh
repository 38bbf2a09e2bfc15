#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The vcrypto authors
#
# Runs inside a test-bed guest (devtools/vm/run.sh): every client we test
# against the real virtio-crypto device through crypto_vcrypto. One line
# per case, closing with "N passed, M failed".
#
#   guest-suite.sh PLUGIN BUILD_DIR PERF_DATA_DIR
set -u

plugin=$1 build=$2 perfdata=$3
: "${VCRYPTO_BDF:?not in a test-bed guest}" "${VCRYPTO_IOVA_MODE:?}"
eal="-l 0-1 -n 1 --iova-mode=$VCRYPTO_IOVA_MODE -a $VCRYPTO_BDF -d $plugin"
pass=0 fail=0 skip=0
log=$(mktemp)

ok() { echo "PASS $*"; pass=$((pass + 1)); }
ko() { echo "FAIL $*"; fail=$((fail + 1)); }
sk() { echo "SKIP $*"; skip=$((skip + 1)); }

# Add the counts of a sub-runner's closing "N passed, M failed" line.
add_summary() {
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1)
	if [ -z "$line" ]; then
		ko "$2: no summary line (crashed or hung?)"
		return
	fi
	p=${line%% passed*}
	f=${line#*passed, }; f=${f%% failed*}
	k=0
	case $line in *skipped*) k=${line#*failed, }; k=${k%% skipped*};; esac
	pass=$((pass + p)); fail=$((fail + f)); skip=$((skip + k))
}

echo "## known-answer and negative tests (dpdk-test-vcrypto)"
timeout 900 "$build/app/test-vcrypto/dpdk-test-vcrypto" $eal \
	--log-level=pmd.crypto.vcrypto:notice -- --driver crypto_vcrypto \
	--perf-data "$perfdata" > "$log" 2>&1
echo "(exit $?)" >> "$log"
grep -vE '^EAL:|^TELEMETRY:|^CRYPTODEV:' "$log"
add_summary "$log" dpdk-test-vcrypto

echo "## asymmetric known-answer and negative tests (dpdk-test-vcrypto-asym)"
timeout 900 "$build/app/test-vcrypto/asym/dpdk-test-vcrypto-asym" $eal \
	--log-level=pmd.crypto.vcrypto:notice > "$log" 2>&1
echo "(exit $?)" >> "$log"
grep -vE '^EAL:|^TELEMETRY:|^CRYPTODEV:|^(PASS|SKIP) (siggen|sigver)' "$log"
echo "(CAVP rows: $(grep -cE '^PASS (siggen|sigver)' "$log") passed, $(grep -cE '^SKIP (siggen|sigver)' "$log") skipped: hash the device refuses)"
add_summary "$log" dpdk-test-vcrypto-asym

echo "## seeded random ops against OpenSSL (dpdk-test-vcrypto-diff)"
# DPDK 22.11 vhost-crypto drops requests above ~2 KB, corrupts some
# chained write-backs and leaks its write-back pool on failed ops (see
# doc/guides/cryptodevs/vcrypto.rst): keep the random ops within what it
# does right there; its chains are proven by the KATs above.
diffopt=
[ "${VCRYPTO_VM_BACKEND:-builtin}" = builtin ] ||
	diffopt="--cipher-only --max-len 2048"
timeout 900 "$build/app/test-vcrypto/diff/dpdk-test-vcrypto-diff" $eal \
	--log-level=pmd.crypto.vcrypto:notice -- --driver crypto_vcrypto \
	$diffopt > "$log" 2>&1
echo "(exit $?)" >> "$log"
grep -vE '^EAL:|^TELEMETRY:|^CRYPTODEV:' "$log"
add_summary "$log" dpdk-test-vcrypto-diff

# crypto-perf: a result row is "lcore size burst enq deq ... failed-ops".
perf() {
	timeout 300 dpdk-test-crypto-perf $eal --log-level=pmd.crypto.vcrypto:warning \
		-- --devtype crypto_vcrypto --silent "$@" > "$log" 2>&1
}
row() { grep -E '^ +[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+' "$log" | tail -n 1; }
# A verify run of 2000 ops: all enqueued, all dequeued, none failed.
verified() {
	set -- "$1" $(row)
	if [ $# -ge 9 ] && [ "$5" = 2000 ] && [ "$6" = 2000 ] && [ "$9" = 0 ]; then
		ok "$1 (2000 ops, 0 failed)"
	else
		ko "$1: result row '$(row)'"; tail -n 5 "$log"
	fi
}

echo "## dpdk-test-crypto-perf verify (DPDK's test vectors)"
for ks in 128 192 256; do
	f=$perfdata/aes_cbc_${ks}_sha.data
	if [ ! -f "$f" ]; then sk "perf-verify aes-cbc-$ks: no $f"; continue; fi
	# The files' global plaintext is 2048 B: crypto-perf needs that size.
	for dir in encrypt decrypt; do
		name="perf-verify aes-cbc-$ks cipher-only $dir buf 2048"
		perf --ptest verify --test-file "$f" --test-name sha1_hmac_buff_2048 \
			--optype cipher-only --cipher-algo aes-cbc --cipher-op $dir \
			--cipher-key-sz $((ks / 8)) --cipher-iv-sz 16 --buffer-sz 2048 \
			--burst-sz 32 --total-ops 2000
		verified "$name"
	done
done

# Chained verify where the device chains (vhost-crypto: HMAC chains).
if [ "${VCRYPTO_VM_BACKEND:-builtin}" != builtin ]; then
	for ks in 128 256; do
		f=$perfdata/aes_cbc_${ks}_sha.data
		name="perf-verify aes-cbc-$ks+sha256-hmac cipher-then-auth buf 2048"
		perf --ptest verify --test-file "$f" --test-name sha256_hmac_buff_2048 \
			--optype cipher-then-auth --cipher-algo aes-cbc --cipher-op encrypt \
			--cipher-key-sz $((ks / 8)) --cipher-iv-sz 16 --auth-algo sha2-256-hmac \
			--auth-op generate --auth-key-sz 64 --digest-sz 32 --buffer-sz 2048 \
			--burst-sz 32 --total-ops 2000
		verified "$name"
	done
fi

echo "## dpdk-test-crypto-perf throughput and latency"
perf --ptest throughput --optype cipher-only --cipher-algo aes-cbc \
	--cipher-op encrypt --cipher-key-sz 16 --cipher-iv-sz 16 \
	--buffer-sz 64,2048 --burst-sz 32 --total-ops 20000
n=$(grep -cE '^ +[0-9]+ +(64|2048) +32 +20000 +20000 ' "$log")
if [ "$n" = 2 ]; then ok "perf-throughput aes-cbc-128 64/2048 B (20000 ops each)"
else ko "perf-throughput: $(grep -E '^ +[0-9]' "$log" | tr -s ' ')"; tail -n 5 "$log"; fi
perf --ptest latency --optype cipher-only --cipher-algo aes-cbc \
	--cipher-op decrypt --cipher-key-sz 32 --cipher-iv-sz 16 \
	--buffer-sz 256 --burst-sz 1 --total-ops 500
if grep -qE 'Average|avg' "$log" && ! grep -qiE 'error|fail' "$log"; then
	ok "perf-latency aes-cbc-256 decrypt burst 1"
else ko "perf-latency"; tail -n 8 "$log"; fi

# DPDK's own cryptodev suites, when the runner built them and named the
# binary in VCRYPTO_DPDK_SUITES (devtools/build-dpdk-suites.sh).
if [ -n "${VCRYPTO_DPDK_SUITES:-}" ]; then
	echo "## DPDK's cryptodev suites (app/test, symmetric and asymmetric)"
	"$(dirname "$0")/../dpdk-suites/guest.sh" "$plugin" "$VCRYPTO_DPDK_SUITES" > "$log" 2>&1
	echo "(exit $?)" >> "$log"
	cat "$log"
	add_summary "$log" dpdk-cryptodev-suites
fi

# DPDK's l2fwd-crypto sample, when the runner built it and named it in
# VCRYPTO_L2FWD (devtools/build-examples.sh; run.sh forwards VCRYPTO_*).
if [ -n "${VCRYPTO_L2FWD:-}" ]; then
	echo "## l2fwd-crypto sample app"
	timeout 900 "$(dirname "$0")/l2fwd-crypto.sh" "$plugin" "$VCRYPTO_L2FWD" > "$log" 2>&1
	echo "(exit $?)" >> "$log"
	grep -vE '^EAL:|^TELEMETRY:|^CRYPTODEV:|^## l2fwd' "$log"
	add_summary "$log" l2fwd-crypto
fi

rm -f "$log"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
