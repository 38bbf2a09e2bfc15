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
# Device limits DPDK 22.11's API cannot express (listed, with evidence, in
# known-limits next to this script and in the guide): a vcrypto case that
# fails on a listed device, with the listed evidence in its log, is
# counted as skipped and says why; a listed case that passes fails the run
# (the list must be kept true).
#
#   guest.sh [--driver crypto_vcrypto|crypto_virtio] [--suite sym|asym]...
#            [--log DIR] PLUGIN SUITES_BINARY
set -u

driver=crypto_vcrypto suites='' logdir=''
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
limits=$(dirname "$0")/known-limits
backend=${VCRYPTO_VM_BACKEND:-builtin}

# The known-limits entries for this device and suite:
# "case|evidence|why" lines (crypto_vcrypto only).
limits_for() {
	[ "$driver" = crypto_vcrypto ] && [ -f "$limits" ] || return 0
	grep -vE '^[[:space:]]*(#|$)' "$limits" |
	while IFS='|' read -r dev suite case evidence why; do
		# shellcheck disable=SC2254 # dev is a pattern
		case $backend in $dev) ;; *) continue;; esac
		[ "$suite" = "$1" ] || continue
		printf '%s|%s|%s\n' "$case" "$evidence" "$why"
	done
}

# Case names of the log's TestCase lines that ended with $1.
cases_with() {
	sed -n "s/^ + TestCase \[ *[0-9]*\] : \(.*\) $1\$/\1/p" "$log"
}

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
	DPDK_TEST=$test timeout -k 10 900 "$bin" $eal \
		--log-level=pmd.crypto.vcrypto:notice > "$log" 2>&1
	rc=$?
	secs=$(( $(date +%s) - t0 ))
	[ -z "$logdir" ] || cp "$log" "$logdir/$test.log"
	T=$(count Total) S=$(count Skipped) U=$(count Unsupported)
	P=$(count Passed) F=$(count Failed)
	known=0 stale=0
	failed=$(cases_with failed)
	passed=$(cases_with succeeded)
	ents=$(limits_for "$s")
	while IFS='|' read -r case evidence why; do
		[ -n "$case" ] || continue
		if printf '%s\n' "$failed" | grep -qxF -- "$case"; then
			if grep -qE -- "$evidence" "$log"; then
				echo "SKIP dpdk $test: $case: device limit: $why"
				known=$((known + 1))
				failed=$(printf '%s\n' "$failed" | grep -vxF -- "$case")
			fi
		elif printf '%s\n' "$passed" | grep -qxF -- "$case"; then
			echo "FAIL dpdk $test: $case passed: remove it from known-limits and the guide"
			stale=$((stale + 1))
		fi
	done <<EOT
$ents
EOT
	printf '%s\n' "$failed" | sed "/^$/d; s/^/  [$test] failed: /"
	# The test command's last word: without it the summary read above is
	# an inner suite's, or none (crash, hang).
	if ! grep -qE '^Test (OK|Failed|Skipped)$' "$log" || [ -z "$T" ]; then
		P=$(cases_with succeeded | grep -c .)
		S=$(cases_with skipped | grep -c .)
		U=$(cases_with unsupported | grep -c .)
		F=$(cases_with failed | grep -c .)
		echo "FAIL dpdk $test: did not finish (exit $rc after ${secs}s:" \
			"crash or hang) after $P passed, $S skipped, $U unsupported," \
			"$F failed"
		tail -n 5 "$log"
		pass=$((pass + P)); fail=$((fail + F + 1)); skip=$((skip + S + U))
		continue
	fi
	what="$P passed, $S skipped, $U unsupported, $F failed of $T (${secs}s)"
	[ "$known" = 0 ] || what="$what; $known of them a listed device limit"
	F=$((F - known))
	# dpdk-test exits 0 (passed) or 77 (all skipped), 255 on a failure
	# (a listed device limit is one to it).
	ok_rc="0 77"
	[ "$known" = 0 ] || ok_rc="$ok_rc 255"
	case " $ok_rc " in *" $rc "*) rc_ok=1;; *) rc_ok=0;; esac
	if [ "$F" != 0 ] || [ "$stale" != 0 ] || [ "$rc_ok" = 0 ] ||
	   [ $((P + S + U + F + known)) != "$T" ]; then
		echo "FAIL dpdk $test: $what, exit $rc"
		# A failure that is no TestCase line (a sub-suite's setup
		# counts all its cases failed) is explained only by the log.
		grep -nE 'failed|[Ee]rror|violation|vcrypto|Suite Setup|Suite Summary' "$log" |
			grep -vE 'succeeded$|skipped$|unsupported$|: 0$' | head -n 40 |
			sed "s/^/  [$test] log:/"
		[ "$F" != 0 ] || F=1
	else
		echo "PASS dpdk $test: $what"
	fi
	pass=$((pass + P)); fail=$((fail + F + stale))
	skip=$((skip + S + U + known))
done
rm -f "$log"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
