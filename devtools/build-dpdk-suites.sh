#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The vcrypto authors
#
# Build DPDK's own cryptodev test suites (app/test: test_cryptodev.c,
# test_cryptodev_asym.c and what they need) from the Debian source package
# of exactly the installed DPDK, plus our glue in
# app/test-vcrypto/dpdk-suites/, into one small test binary that knows
# driver names DPDK's list lacks:
#   cryptodev_vcrypto_autotest, cryptodev_vcrypto_asym_autotest,
#   cryptodev_virtio_autotest (DPDK's own), cryptodev_virtio_asym_autotest
# (and the crypto_vcrypto_user pair). Run it as DPDK's dpdk-test:
#   DPDK_TEST=cryptodev_vcrypto_autotest dpdk-test-suites EAL-ARGS
# Nothing from DPDK is committed: the sources are read from
#   ${VCRYPTO_CACHE:-/var/cache/vcrypto}/dpdk-src/<libdpdk-dev version>/
# (fetched by devtools/get-dpdk-sdk.sh when missing) and the binary lands in
#   ${VCRYPTO_CACHE}/dpdk-suites/<libdpdk-dev version>/dpdk-test-suites,
# rebuilt only when the sources, the glue or libdpdk change (~30 s to
# 3 min on 2 shared cores; only the files the suites need are compiled).
#
# One edit, made here at build time to a copy (see patch_md5 below and the
# guide, section "DPDK's cryptodev suites"): the HMAC-MD5 auth-only cases
# turn their own helper's TEST_SKIPPED (session create -ENOTSUP) into
# TEST_FAILED; the copy returns what the helper returned.
#
#   devtools/build-dpdk-suites.sh [--no-install]
#
# Prints the binary's path on stdout (compiler output goes to stderr).
set -eu

prog=build-dpdk-suites
root=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${VCRYPTO_CACHE:-/var/cache/vcrypto}
glue=$root/app/test-vcrypto/dpdk-suites
install=1
case ${1:-} in
--no-install) install=0;;
'') ;;
-h|--help) sed -n '5,24s/^# \{0,1\}//p' "$0"; exit 0;;
*) echo "usage: $0 [--no-install]" >&2; exit 2;;
esac
die() { echo "$prog: error: $*" >&2; exit 1; }

ver=$(dpkg-query -W -f='${Version}' libdpdk-dev 2>/dev/null) ||
	die "libdpdk-dev is not installed"
src=$CACHE/dpdk-src/$ver/app/test
if [ ! -f "$src/test_cryptodev.c" ]; then
	[ "$install" = 1 ] || die "no $src (run devtools/get-dpdk-sdk.sh)"
	"$root/devtools/get-dpdk-sdk.sh" >/dev/null ||
		die "devtools/get-dpdk-sdk.sh failed"
fi
[ -f "$src/test_cryptodev.c" ] || die "no $src/test_cryptodev.c"

# The suites, the test runner (test.c, commands.c) and the helpers the
# suites call; our glue includes test_cryptodev.c / test_cryptodev_asym.c.
dpdk_files="test.c commands.c test_cryptodev_blockcipher.c
	test_cryptodev_security_ipsec.c test_cryptodev_security_pdcp.c"
glue_files="suites_sym.c suites_asym.c stubs.c"

dir=$CACHE/dpdk-suites/$ver
bin=$dir/dpdk-test-suites
mkdir -p "$dir"
# One build at a time per version (two test runs may start together).
exec 9>"$dir/.lock"
flock 9
pc=$(pkg-config --path libdpdk) || die "pkg-config finds no libdpdk"
# shellcheck disable=SC2086 # a list of file names
sum=$( (cd "$src" && md5sum ./*.c ./*.h; cd "$glue" && md5sum $glue_files;
	md5sum "$pc" "$root/devtools/$prog.sh") | md5sum | cut -c1-32)
if [ -x "$bin" ] && [ "$(cat "$dir/.stamp" 2>/dev/null)" = "$sum" ]; then
	echo "$bin"
	exit 0
fi

echo "$prog: building DPDK $ver cryptodev suites (a few minutes)" >&2
mkdir -p "$dir/obj" "$dir/include" "$dir/src"
# test.h includes EAL's rte_test.h, which Debian does not install.
cp "$CACHE/dpdk-src/$ver/lib/eal/include/rte_test.h" "$dir/include/"
# EAL refuses nothing here, but the guest reads this tree: keep it 755.
chmod 755 "$CACHE" "$CACHE/dpdk-suites" "$dir"
# As app/test's meson.build: experimental APIs, its warning relaxations.
# -O1: the vector tables are large and the binary is only a test driver.
cflags="-O1 -g0 -DALLOW_EXPERIMENTAL_API -DALLOW_INTERNAL_API
	-Wno-format-truncation -Wno-address-of-packed-member
	-Wno-deprecated-declarations $(pkg-config --cflags libdpdk)
	-I$dir/src -I$src -I$dir/include"

# test_MD5_HMAC_generate()/test_MD5_HMAC_verify() call
#	if (MD5_HMAC_create_session(ts_params, ut_params,
#			RTE_CRYPTO_AUTH_OP_..., test_case))
#		return TEST_FAILED;
# although MD5_HMAC_create_session() returns TEST_SKIPPED when the PMD
# answers -ENOTSUP (as DPDK's other cases take it). Return its value
# instead (vcrypto_md5_rc is declared by suites_sym.c). Two call sites,
# checked: another DPDK version must be looked at again, not half-patched.
patch_md5() {
	sed '/^[[:space:]]*if (MD5_HMAC_create_session(ts_params, ut_params,$/,/return TEST_FAILED;/{
		s/if (MD5_HMAC_create_session(/if ((vcrypto_md5_rc = MD5_HMAC_create_session(/
		s/, test_case))/, test_case)) != 0)/
		s/return TEST_FAILED;/return vcrypto_md5_rc;/
	}' "$src/test_cryptodev.c" > "$dir/src/test_cryptodev.c"
	f=$dir/src/test_cryptodev.c
	if [ "$(grep -c 'vcrypto_md5_rc = MD5_HMAC_create_session(' "$f")" != 2 ] ||
	   [ "$(grep -c 'return vcrypto_md5_rc;' "$f")" != 2 ] ||
	   [ "$(diff "$src/test_cryptodev.c" "$f" | grep -c '^>')" != 6 ]; then
		die "test_cryptodev.c: the HMAC-MD5 patch does not apply as expected"
	fi
}
patch_md5
objs=
jobs=
for f in $glue_files; do
	objs="$objs $dir/obj/glue_${f%.c}.o"
	jobs="$jobs $glue/$f $dir/obj/glue_${f%.c}.o"
done
for f in $dpdk_files; do
	objs="$objs $dir/obj/${f%.c}.o"
	jobs="$jobs $src/$f $dir/obj/${f%.c}.o"
done
# Two compilers at a time (the machine is shared); suites_sym.c (all of
# test_cryptodev.c) first, it is the slowest.
# shellcheck disable=SC2086,SC2016,SC2116 # word lists; sh -c's own $0..$2
printf '%s %s\n' $jobs | xargs -P 2 -n 2 sh -c \
	'exec nice -n 10 cc $0 -c "$1" -o "$2"' "$(echo $cflags)" >&2 ||
	die "compilation failed"
# Drivers the suites call directly (scheduler API, vdev bus) are not in
# libdpdk.pc's default list.
# shellcheck disable=SC2086,SC2046 # flag lists
cc -o "$bin.new" $objs $(pkg-config --libs libdpdk) \
	-Wl,--no-as-needed -lrte_crypto_scheduler -lrte_bus_vdev -lm >&2 ||
	die "link failed"
mv "$bin.new" "$bin"
echo "$sum" > "$dir/.stamp"
echo "$bin"
