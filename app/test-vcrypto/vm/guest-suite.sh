#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The vcrypto authors
#
# Runs inside a test-bed guest (devtools/vm/run.sh): every client we test
# against the real virtio-crypto device through crypto_vcrypto. One line
# per case; the sub-runners' own totals are folded in, and the suite closes
# with its own line, "guest-suite: N passed, M failed, K skipped", the only
# one devtools/test.sh reads (the last line of a guest that finished).
#
#   guest-suite.sh PLUGIN BUILD_DIR PERF_DATA_DIR
#
# Environment (run.sh forwards VCRYPTO_*):
#   VCRYPTO_SUITE_BUDGET  seconds the whole suite may take (below the
#                         guest's --timeout); each stage gets what is left
#   VCRYPTO_SUITE_STAGES  stages to run (default "kat asym diff perf suites
#                         l2fwd"; "soak" is the extended run)
#   VCRYPTO_DEVICE        name of the device's expected lists under
#                         expect/ (default: from the back end)
#   VCRYPTO_DEVARGS       crypto_vcrypto devargs (e.g. dp_timeout_ms=...)
#   VCRYPTO_L2FWD         l2fwd-crypto binary (devtools/build-examples.sh)
#   VCRYPTO_DPDK_SUITES   DPDK's app/test (devtools/build-dpdk-suites.sh)
set -u

PLUGIN=$1 build=$2 perfdata=$3
here=$(dirname "$0")
. "$here/lib.sh"
stages=${VCRYPTO_SUITE_STAGES:-kat asym diff perf suites l2fwd}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
eal=$(vc_eal)
wait_ms=$(vc_wait_ms)
want() { case " $stages " in *" $1 "*) return 0;; esac; return 1; }
# The sub-runner's log without EAL's chatter.
show() { grep -vE "^EAL:|^TELEMETRY:|^CRYPTODEV:${1:+|$1}" "$log"; }
echo "# device $(vc_device), budget ${vc_budget}s, stages: $stages${VCRYPTO_DEVARGS:+, devargs $VCRYPTO_DEVARGS}"

# shellcheck disable=SC2086 # $eal is words
if want kat; then
	echo "## known-answer and negative tests (dpdk-test-vcrypto)"
	vc_run "$log" 900 "$build/app/test-vcrypto/dpdk-test-vcrypto" $eal \
		--log-level=pmd.crypto.vcrypto:notice -- --driver crypto_vcrypto \
		--perf-data "$perfdata" --timeout "$wait_ms"
	show
	vc_add_summary "$log" dpdk-test-vcrypto
	vc_expect_caps "$log"
	vc_expect_skips kat "$log"
	echo "## two queue pairs sharing the data queue (devarg max_nb_queue_pairs=2)"
	# shellcheck disable=SC2046 # EAL options are words
	vc_run "$log" 300 "$build/app/test-vcrypto/dpdk-test-vcrypto" \
		$(vc_eal "${VCRYPTO_DEVARGS:+$VCRYPTO_DEVARGS,}max_nb_queue_pairs=2") \
		--log-level=pmd.crypto.vcrypto:notice -- --driver crypto_vcrypto \
		--filter life/queue-pairs-shared --timeout "$wait_ms"
	show
	vc_add_summary "$log" "dpdk-test-vcrypto (shared queue pairs)"
fi

# shellcheck disable=SC2086
if want asym; then
	echo "## asymmetric known-answer and negative tests (dpdk-test-vcrypto-asym)"
	vc_run "$log" 900 "$build/app/test-vcrypto/asym/dpdk-test-vcrypto-asym" \
		$eal --log-level=pmd.crypto.vcrypto:notice -- --timeout "$wait_ms"
	show '^PASS (siggen|sigver)'
	echo "(CAVP rows: $(grep -cE '^PASS (siggen|sigver)' "$log") passed, $(grep -cE '^SKIP (siggen|sigver)' "$log") skipped: hash the device refuses)"
	vc_add_summary "$log" dpdk-test-vcrypto-asym
	vc_expect_skips asym "$log"
fi

# shellcheck disable=SC2086
if want diff; then
	echo "## seeded random ops against OpenSSL (dpdk-test-vcrypto-diff)"
	# DPDK 22.11 vhost-crypto drops requests above ~2 KB, corrupts some
	# chained write-backs and leaks its write-back pool on failed ops (see
	# doc/guides/cryptodevs/vcrypto.rst): keep the random ops within what
	# it does right there; its chains are proven by the KATs above.
	# The project's device takes every layout, chains included (fewer
	# ops a group: chains make 8x the groups under TCG).
	case ${VCRYPTO_VM_BACKEND:-builtin} in
	builtin) diffopt=;;
	device) diffopt="--iterations 200";;
	*) diffopt="--cipher-only --max-len 2048";;
	esac
	vc_run "$log" 900 "$build/app/test-vcrypto/diff/dpdk-test-vcrypto-diff" \
		$eal --log-level=pmd.crypto.vcrypto:notice -- \
		--driver crypto_vcrypto --timeout "$wait_ms" $diffopt
	show
	vc_add_summary "$log" dpdk-test-vcrypto-diff
	vc_expect_skips diff "$log"
fi

# crypto-perf: a result row is "lcore size burst enq deq ... failed-ops".
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

if want perf; then
	echo "## dpdk-test-crypto-perf verify (DPDK's test vectors)"
	for ks in 128 192 256; do
		if ! f=$(vc_perf_file "$perfdata" $ks); then
			ko "perf-verify aes-cbc-$ks: no $perfdata/aes_cbc_${ks}_sha.data"
			continue
		fi
		# The files' global plaintext is 2048 B: crypto-perf needs that size.
		for dir in encrypt decrypt; do
			vc_perf "$log" crypto_vcrypto 300 --ptest verify --test-file "$f" \
				--test-name sha1_hmac_buff_2048 --optype cipher-only \
				--cipher-algo aes-cbc --cipher-op $dir \
				--cipher-key-sz $((ks / 8)) --cipher-iv-sz 16 --buffer-sz 2048 \
				--burst-sz 32 --total-ops 2000
			verified "perf-verify aes-cbc-$ks cipher-only $dir buf 2048"
		done
	done

	# Chained verify where the device chains (vhost-crypto: HMAC chains).
	if [ "${VCRYPTO_VM_BACKEND:-builtin}" != builtin ]; then
		for ks in 128 256; do
			name="perf-verify aes-cbc-$ks+sha256-hmac cipher-then-auth buf 2048"
			if ! f=$(vc_perf_file "$perfdata" $ks); then
				ko "$name: no $perfdata/aes_cbc_${ks}_sha.data"
				continue
			fi
			vc_perf "$log" crypto_vcrypto 300 --ptest verify --test-file "$f" \
				--test-name sha256_hmac_buff_2048 --optype cipher-then-auth \
				--cipher-algo aes-cbc --cipher-op encrypt \
				--cipher-key-sz $((ks / 8)) --cipher-iv-sz 16 \
				--auth-algo sha2-256-hmac --auth-op generate --auth-key-sz 64 \
				--digest-sz 32 --buffer-sz 2048 --burst-sz 32 --total-ops 2000
			verified "$name"
		done
	fi

	echo "## dpdk-test-crypto-perf throughput and latency"
	vc_perf "$log" crypto_vcrypto 300 --ptest throughput --optype cipher-only \
		--cipher-algo aes-cbc --cipher-op encrypt --cipher-key-sz 16 \
		--cipher-iv-sz 16 --buffer-sz 64,2048 --burst-sz 32 --total-ops 20000
	n=$(grep -cE '^ +[0-9]+ +(64|2048) +32 +20000 +20000 ' "$log")
	if [ "$n" = 2 ]; then ok "perf-throughput aes-cbc-128 64/2048 B (20000 ops each)"
	else ko "perf-throughput: $(grep -E '^ +[0-9]' "$log" | tr -s ' ')"; tail -n 5 "$log"; fi
	vc_perf "$log" crypto_vcrypto 300 --ptest latency --optype cipher-only \
		--cipher-algo aes-cbc --cipher-op decrypt --cipher-key-sz 32 \
		--cipher-iv-sz 16 --buffer-sz 256 --burst-sz 1 --total-ops 500
	if grep -qE 'Average|avg' "$log" && ! grep -qiE 'error|fail' "$log" &&
	   grep -qx '(exit 0)' "$log"; then
		ok "perf-latency aes-cbc-256 decrypt burst 1"
	else ko "perf-latency"; tail -n 8 "$log"; fi
fi

# DPDK's own cryptodev suites, when the runner built them and named the
# binary in VCRYPTO_DPDK_SUITES (devtools/build-dpdk-suites.sh). Their
# skips are checked against app/test-vcrypto/dpdk-suites/known-limits by
# the stage itself.
if want suites; then
	if [ -n "${VCRYPTO_DPDK_SUITES:-}" ]; then
		echo "## DPDK's cryptodev suites (app/test, symmetric and asymmetric)"
		vc_run "$log" 1800 "$here/../dpdk-suites/guest.sh" "$PLUGIN" \
			"$VCRYPTO_DPDK_SUITES"
		cat "$log"
		vc_add_summary "$log" dpdk-cryptodev-suites
	else
		ko "dpdk-cryptodev-suites: not built (the runner sets VCRYPTO_DPDK_SUITES)"
	fi
fi

# DPDK's l2fwd-crypto sample, when the runner built it and named it in
# VCRYPTO_L2FWD (devtools/build-examples.sh; run.sh forwards VCRYPTO_*).
if want l2fwd; then
	if [ -n "${VCRYPTO_L2FWD:-}" ]; then
		echo "## l2fwd-crypto sample app"
		vc_run "$log" 900 "$here/l2fwd-crypto.sh" "$PLUGIN" "$VCRYPTO_L2FWD"
		show '^## l2fwd'
		vc_add_summary "$log" l2fwd-crypto
		vc_expect_skips l2fwd "$log"
	else
		ko "l2fwd-crypto: not built (the runner sets VCRYPTO_L2FWD)"
	fi
fi

# Extended run only (devtools/test.sh --soak): VCRYPTO_SOAK_OPS (10^6)
# ops through the device, every one verified against DPDK's vectors, then
# VCRYPTO_SOAK_DIFF_OPS (20000) seeded random ops (sizes, layouts, keys)
# checked against OpenSSL; nothing
# lost (all enqueued ops dequeued, none failed) and the PMD never failing
# the device: a back end that is only slow (a CPU hog beside it) is not a
# failed device.
# shellcheck disable=SC2086
if want soak; then
	ops=${VCRYPTO_SOAK_OPS:-1000000}
	echo "## soak: $ops verified ops (dpdk-test-crypto-perf)"
	f=$(vc_perf_file "$perfdata" 128) || ko "soak: no aes_cbc_128_sha.data"
	t0=$(vc_uptime)
	vc_perf "$log" crypto_vcrypto 7200 --ptest verify --test-file "$f" \
		--test-name sha1_hmac_buff_2048 --optype cipher-only \
		--cipher-algo aes-cbc --cipher-op decrypt --cipher-key-sz 16 \
		--cipher-iv-sz 16 --buffer-sz 2048 --burst-sz 32 --total-ops "$ops"
	set -- "soak-perf-verify aes-cbc-128 decrypt 2048 B" $(row)
	if [ $# -ge 9 ] && [ "$5" = "$ops" ] && [ "$6" = "$ops" ] && [ "$9" = 0 ]; then
		ok "$1: $ops enqueued, $ops dequeued, 0 failed in $(($(vc_uptime) - t0)) s"
	else
		ko "$1: result row '$(row)'"; tail -n 5 "$log"
	fi
	grep -E 'failing device|recover|no completion' "$log" | head -n 5
	if grep -qE 'failing device|no completion' "$log"; then
		ko "soak-no-device-failure: the PMD failed the device (above)"
	else
		ok "soak-no-device-failure: the PMD never failed the device"
	fi
	dops=${VCRYPTO_SOAK_DIFF_OPS:-20000}
	echo "## soak: about $dops random ops against OpenSSL (dpdk-test-vcrypto-diff)"
	# The project's device takes every layout, chains included (fewer
	# ops a group: chains make 8x the groups under TCG).
	case ${VCRYPTO_VM_BACKEND:-builtin} in
	builtin) diffopt=;;
	device) diffopt="--iterations 200";;
	*) diffopt="--cipher-only --max-len 2048";;
	esac
	vc_run "$log" 7200 "$build/app/test-vcrypto/diff/dpdk-test-vcrypto-diff" \
		$eal --log-level=pmd.crypto.vcrypto:notice -- \
		--driver crypto_vcrypto --seed "$(date +%s)" --timeout "$wait_ms" \
		--iterations $((dops / 18 + 1)) $diffopt
	show
	vc_add_summary "$log" "soak dpdk-test-vcrypto-diff"
	if grep -qE 'failing device|no completion' "$log"; then
		ko "soak-diff-no-device-failure: the PMD failed the device"
	else
		ok "soak-diff-no-device-failure: the PMD never failed the device"
	fi
fi

vc_summary guest-suite
