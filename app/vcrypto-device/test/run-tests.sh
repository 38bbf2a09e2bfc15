#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The vcrypto authors
#
# vcrypto-device tests: the socket-level driver test (vd-test, from the
# meson build) and the parser/walker fuzz test built here with ASan+UBSan.
# Ends with "N passed, N failed[, N skipped]"; non-zero exit on failure.
#   run-tests.sh [BUILD_DIR]   (env: VD_FUZZ_SECONDS, default 30)
set -u
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/.." && pwd)
root=$(cd "$src/../.." && pwd)
build=${1:-${VCRYPTO_BUILD:-$root/build}}
vectors=${VD_VECTORS:-/usr/lib/python3/dist-packages/cryptography_vectors}
fuzz_s=${VD_FUZZ_SECONDS:-30}
pass=0 fail=0 skip=0

add() {
	local line p f k=0
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1)
	if [ -z "$line" ]; then
		echo "FAIL $2: no summary line"; fail=$((fail + 1)); return
	fi
	p=${line%% passed*}; f=${line#*passed, }; f=${f%% failed*}
	case $line in *skipped*) k=${line#*failed, }; k=${k%% skipped*};; esac
	pass=$((pass + p)); fail=$((fail + f)); skip=$((skip + k))
}

log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT

dev=$build/app/vcrypto-device/vcrypto-device
vdt=$build/app/vcrypto-device/test/vd-test
if [ ! -x "$dev" ] || [ ! -x "$vdt" ]; then
	echo "FAIL vcrypto-device not built in $build (ninja -C $build)"
	echo "0 passed, 1 failed"; exit 1
fi
if [ ! -d "$vectors" ]; then
	echo "SKIP vector tests: $vectors missing (apt-get install python3-cryptography-vectors)"
fi
echo "== vd-test (socket-level, device $dev)"
timeout 600 "$vdt" "$dev" "$vectors" >"$log/vdt.out" 2>"$log/vdt.err"
grep -E '^(FAIL|SKIP|--)' "$log/vdt.out"
add "$log/vdt.out" vd-test
tail -n 1 "$log/vdt.out"

echo "== vd-fuzz (ASan+UBSan, ${fuzz_s}s)"
cc=${CC:-cc}
if $cc -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=undefined \
	-fno-omit-frame-pointer -D_GNU_SOURCE -I"$src" -I"$root/lib" \
	"$src"/vd_log.c "$src"/vd_vring.c "$src"/vd_algo.c "$src"/vd_crypto.c \
	"$src"/vd_engine_openssl.c "$src"/vd_engine_null.c "$here"/vd_fuzz.c \
	-lcrypto -o "$log/vd-fuzz" 2>"$log/fuzz-build.err"; then
	timeout $((fuzz_s + 120)) "$log/vd-fuzz" "$fuzz_s" >"$log/fuzz.out" 2>&1
	grep -E '^(FAIL|vd-fuzz|==)' "$log/fuzz.out" | head -20
	grep -q 'ERROR: AddressSanitizer\|runtime error' "$log/fuzz.out" &&
		{ echo "FAIL vd-fuzz: sanitizer report"; tail -n 30 "$log/fuzz.out"; fail=$((fail + 1)); }
	add "$log/fuzz.out" vd-fuzz
else
	if grep -q 'asan\|sanitizer' "$log/fuzz-build.err"; then
		echo "SKIP vd-fuzz: compiler has no ASan runtime"; skip=$((skip + 1))
	else
		cat "$log/fuzz-build.err"; echo "FAIL vd-fuzz build"; fail=$((fail + 1))
	fi
fi
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
