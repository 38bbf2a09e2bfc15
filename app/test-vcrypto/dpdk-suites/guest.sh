#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The vcrypto authors
#
# Runs inside a test-bed guest (devtools/vm/run.sh): DPDK's own symmetric
# and asymmetric cryptodev suites (devtools/build-dpdk-suites.sh) against
# the guest's virtio-crypto device, through crypto_vcrypto (PLUGIN), or
# with --driver crypto_virtio through Debian's PMD (no plugin loaded).
# One line per suite with DPDK's counts, the failed cases, then
# "N passed, M failed, K skipped" (skipped = DPDK's skipped + unsupported).
# Fails on any failed case, a crash, a timeout or counts that do not add
# up.
#
#   guest.sh [--driver crypto_vcrypto|crypto_virtio] [--suite sym|asym]...
#            [--log DIR] PLUGIN SUITES_BINARY
set -u

driver=crypto_vcrypto suites= logdir=
while [ $# -gt 0 ]; do
	case $1 in
	--driver) driver=$2; shift 2;;
	--suite) suites="$suites $2"; shift 2;;
	--log) logdir=$2; shift 2;;
	-*) echo "guest.sh: unknown option $1" >&2; exit 2;;
	*) break;;
	esac
done
[ $# = 2 ] || { sed -n '14,15s/^# \{0,1\}//p' "$0" >&2; exit 2; }
plugin=$1 bin=$2
: "${VCRYPTO_BDF:?not in a test-bed guest}" "${VCRYPTO_IOVA_MODE:?}"
[ -n "$suites" ] || suites="sym asym"
eal="-l 0-1 -n 1 --iova-mode=$VCRYPTO_IOVA_MODE -a $VCRYPTO_BDF"
case $driver in
crypto_vcrypto) eal="$eal -d $plugin"; name=vcrypto;;
crypto_virtio) name=virtio;;
*) echo "guest.sh: --driver crypto_vcrypto or crypto_virtio" >&2; exit 2;;
esac
pass=0 fail=0 skip=0
log=$(mktemp)

# The last " + Tests <what> : N" of the log: the outermost suite's summary.
count() {
	grep -E "^ \+ Tests $1 *:" "$log" | tail -n 1 | sed 's/.*: *//'
}

for s in $suites; do
	case $s in
	sym) test=cryptodev_${name}_autotest;;
	asym) test=cryptodev_${name}_asym_autotest;;
	*) echo "guest.sh: --suite sym or asym" >&2; exit 2;;
	esac
	t0=$(date +%s)
	# shellcheck disable=SC2086 # EAL argument list
	DPDK_TEST=$test timeout -k 10 1800 "$bin" $eal \
		--log-level=pmd.crypto.vcrypto:notice > "$log" 2>&1
	rc=$?
	secs=$(( $(date +%s) - t0 ))
	[ -z "$logdir" ] || cp "$log" "$logdir/$test.log"
	T=$(count Total) S=$(count Skipped) U=$(count Unsupported)
	P=$(count Passed) F=$(count Failed)
	grep -E '^ \+ TestCase .* failed$' "$log" | sed "s/^ + /  [$test] /"
	if [ -z "$T" ] || [ -z "$S" ] || [ -z "$U" ] || [ -z "$P" ] || [ -z "$F" ]; then
		echo "FAIL dpdk $test: no summary (exit $rc after ${secs}s: crash or hang)"
		tail -n 15 "$log"
		fail=$((fail + 1))
		continue
	fi
	what="$P passed, $S skipped, $U unsupported, $F failed of $T (${secs}s)"
	# dpdk-test exits 0 (passed) or 77 (all skipped), -1 on a failure.
	if [ "$F" != 0 ] || { [ "$rc" != 0 ] && [ "$rc" != 77 ]; } ||
	   [ $((P + S + U + F)) != "$T" ]; then
		echo "FAIL dpdk $test: $what, exit $rc"
		[ "$F" != 0 ] || F=1
	else
		echo "PASS dpdk $test: $what"
	fi
	pass=$((pass + P)); fail=$((fail + F)); skip=$((skip + S + U))
done
rm -f "$log"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
