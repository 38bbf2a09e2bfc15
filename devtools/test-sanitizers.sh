#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The vcrypto authors
#
# The host unit tests under sanitizers: ASan+UBSan (build-asan) and
# ThreadSanitizer (build-tsan), each a build directory of its own beside
# the main one (BUILD-asan, BUILD-tsan; BUILD defaults to ./build), building only the unit-test programs. A sanitizer report
# fails the program (halt_on_error, a distinct exit code) even when its
# own cases pass. Ends with "N passed, N failed" (one count per program
# and sanitizer) and exits non-zero on any failure.
# Under ASan it also runs each fuzz target (app/test-vcrypto/fuzz): the
# corpus in the tree, then FUZZ_SECONDS (default 10) of mutations.
#
#   devtools/test-sanitizers.sh [--build BUILD] [--only asan|tsan]
#
# The two-thread queue test runs VCRYPTO_UT_SPSC_OPS requests per case and
# the soak VCRYPTO_SOAK_OPS ops (both 200000 here, 10^6 in the plain
# build), to keep CI time small.
set -u

root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build
only=
while [ $# -gt 0 ]; do
	case $1 in
	--build) build=$2; shift 2;;
	--only) only=$2; shift 2;;
	*) echo "usage: $0 [--build BUILD] [--only asan|tsan]" >&2; exit 2;;
	esac
done

pass=0
fail=0
logdir=$(mktemp -d)
trap 'rm -rf "$logdir"' EXIT

export VCRYPTO_UT_SPSC_OPS=${VCRYPTO_UT_SPSC_OPS:-200000}
export VCRYPTO_SOAK_OPS=${VCRYPTO_SOAK_OPS:-200000}
fuzz_seconds=${FUZZ_SECONDS:-10}
# A report stops the program with an exit code no test uses.
export ASAN_OPTIONS=halt_on_error=1:detect_leaks=1:exitcode=86:abort_on_error=0
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:exitcode=87
export TSAN_OPTIONS=halt_on_error=1:exitcode=88:second_deadlock_stack=1

# $1 name, $2 meson -Db_sanitize value
run_one() {
	local name=$1 san=$2 dir=$build-$1 exes exe rc last
	if [ ! -f "$dir/build.ninja" ] &&
	   ! meson setup "$dir" "$root" -Db_sanitize="$san" -Db_lundef=false \
		-Dc_args=-DRTE_ENABLE_ASSERT >"$logdir/setup.log" 2>&1; then
		tail -n 20 "$logdir/setup.log"
		echo "FAIL $name: meson setup"
		fail=$((fail + 1))
		return
	fi
	# Regenerate first (the tree may have moved): then list the targets.
	ninja -C "$dir" build.ninja >"$logdir/ninja.log" 2>&1
	exes=$(ninja -C "$dir" -t targets all 2>/dev/null |
		sed -n 's#^\(app/test-vcrypto/\(unit\|asym\|fuzz\)/\(test\|fuzz\)-[a-z0-9-]*\): .*#\1#p' |
		sort -u)
	[ "$name" = asan ] || exes=$(echo "$exes" | grep -v /fuzz-)
	if [ -z "$exes" ] ||
	   ! ninja -C "$dir" $exes >"$logdir/ninja.log" 2>&1; then
		tail -n 30 "$logdir/ninja.log"
		echo "FAIL $name: build"
		fail=$((fail + 1))
		return
	fi
	for exe in $exes; do
		case $exe in
		*/fuzz-*)
			[ "$name" = asan ] || continue
			"$dir/$exe" -t "$fuzz_seconds" -s "$RANDOM" \
				-o "$dir/${exe##*/}.finding" \
				"$root/app/test-vcrypto/fuzz/corpus/${exe##*/fuzz-}" \
				>"$logdir/run.log" 2>&1;;
		*)	"$dir/$exe" >"$logdir/run.log" 2>&1;;
		esac
		rc=$?
		last=$(tail -n 1 "$logdir/run.log")
		if [ $rc -eq 0 ] && ! grep -qE \
		     '^(==[0-9]+==ERROR|SUMMARY: (Address|Undefined|Thread)Sanitizer|WARNING: ThreadSanitizer)|runtime error:' \
		     "$logdir/run.log"; then
			pass=$((pass + 1))
			echo "  PASS $name ${exe##*/}: $last"
		else
			fail=$((fail + 1))
			echo "FAIL $name ${exe##*/} (exit $rc): $last"
			grep -E '^FAIL|FINDING|kept in|Sanitizer|runtime error:|^    #[0-9]' \
				"$logdir/run.log" | head -n 40 | sed 's/^/    /'
		fi
	done
}

if [ -z "$only" ] || [ "$only" = asan ]; then
	run_one asan address,undefined
fi
if [ -z "$only" ] || [ "$only" = tsan ]; then
	run_one tsan thread
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
