#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The vcrypto authors
#
# Coverage-guided fuzzing of the fuzz targets in app/test-vcrypto/fuzz
# with clang's libFuzzer under ASan+UBSan: an extended run, not part of
# CI (CI replays the corpus and mutates it for a few seconds per target
# through devtools/test-sanitizers.sh). New inputs that add coverage are
# merged into the corpus in the tree (commit them). Needs clang.
#
#   devtools/fuzz.sh [-t seconds per target] [target...]   (default: all, 60 s)
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
secs=60
if [ "${1:-}" = -t ]; then secs=$2; shift 2; fi
fz=$root/app/test-vcrypto/fuzz
targets=${*:-$(cd "$fz" && ls fuzz_*.c | sed 's/^fuzz_\(.*\)\.c$/\1/' |
	grep -v '^main$\|^common$')}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
sdk=$(ls -d /var/cache/vcrypto/sdk/*/include 2>/dev/null | head -n 1)
cflags="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
	-D_GNU_SOURCE -DALLOW_INTERNAL_API -DALLOW_EXPERIMENTAL_API
	-I$fz -I$root/app/test-vcrypto/unit -I$root/app/test-vcrypto/model
	-I$root/drivers/crypto/vcrypto -I$root/drivers/crypto/vcrypto/queue
	-I$root/drivers/crypto/vcrypto/transport -I$root/drivers/crypto/vcrypto/services -I$root/lib ${sdk:+-I$sdk}
	$(pkg-config --cflags libdpdk)"

for t in $targets; do
	echo "== $t"
	# shellcheck disable=SC2086
	extra=
	case $t in
	cfg) extra="$root/lib/vcrypto_algo.c";;
	ctrl) extra="$root/app/test-vcrypto/model/vcrypto_model.c";;
	dp) extra="$root/app/test-vcrypto/unit/dp_fixture.c
		$root/app/test-vcrypto/unit/qp_fixture.c
		$root/app/test-vcrypto/model/vcrypto_model.c $root/lib/vcrypto_algo.c";;
	esac
	clang $cflags -o "$out/fuzz-$t" "$fz/fuzz_$t.c" "$fz/fuzz_common.c" \
		"$root/app/test-vcrypto/unit/ut_dpdk.c" $extra
	mkdir -p "$fz/corpus/$t" "$out/new-$t"
	"$out/fuzz-$t" -max_total_time="$secs" -max_len=2048 \
		-artifact_prefix="$out/" "$out/new-$t" "$fz/corpus/$t"
	"$out/fuzz-$t" -merge=1 "$fz/corpus/$t" "$out/new-$t"
done
