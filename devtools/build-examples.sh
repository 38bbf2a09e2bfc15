#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The vcrypto authors
#
# Build DPDK sample applications we test vcrypto with, from the sources
# Debian's dpdk-doc ships (/usr/share/dpdk/examples), against the system
# DPDK (pkg-config libdpdk). Nothing lands in the repository: each example
# is copied and built under
#   ${VCRYPTO_CACHE:-/var/cache/vcrypto}/examples/<libdpdk-dev version>/<name>/
# and rebuilt only when its sources or the installed DPDK change.
# Installs dpdk-doc and the build tools with apt-get if missing.
#
#   devtools/build-examples.sh [--no-install] [EXAMPLE...]   (default: l2fwd-crypto)
#
# Prints one binary path per example on stdout (build logs go to stderr).
# Adding an example: write build_<name> (see build_l2fwd_crypto) and list
# it in the case below.
set -eu

prog=build-examples
CACHE=${VCRYPTO_CACHE:-/var/cache/vcrypto}
EXAMPLES=/usr/share/dpdk/examples
install=1
while [ $# -gt 0 ]; do
	case $1 in
	--no-install) install=0;;
	-h|--help) sed -n '5,17s/^# \{0,1\}//p' "$0"; exit 0;;
	-*) echo "usage: $0 [--no-install] [EXAMPLE...]" >&2; exit 2;;
	*) break;;
	esac
	shift
done
[ $# -gt 0 ] || set -- l2fwd-crypto

die() { echo "$prog: error: $*" >&2; exit 1; }

# CI machines start fresh: fetch what the Makefile-based build needs.
ensure_packages() {
	missing=
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
			missing="$missing $p"
	done
	[ -n "$missing" ] || return 0
	[ "$install" = 1 ] || die "missing packages:$missing (run without --no-install)"
	[ "$(id -u)" = 0 ] || die "missing packages:$missing (need root to install)"
	echo "$prog: installing:$missing" >&2
	apt-get update -q >&2
	# shellcheck disable=SC2086 # a list of package names
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		--no-install-recommends $missing >&2
}

# The Debian version (not just the upstream one) names the cache: a
# rebuilt package may change headers under the same upstream version.
dpdk_version() {
	dpkg-query -W -f='${Version}' libdpdk-dev 2>/dev/null ||
		die "libdpdk-dev is not installed"
}

# Generic: build a Makefile-based example NAME (its Makefile uses
# pkg-config libdpdk and writes build/NAME). The sources are copied next to
# DPDK's examples/common (some examples use -I../common), built there, and
# the binary is installed as $dir/NAME. A stamp holding the checksum of
# the sources and of libdpdk.pc makes a second call a no-op.
build_make_example() {
	name=$1
	src=$EXAMPLES/$name
	[ -f "$src/Makefile" ] || die "no $src/Makefile (dpdk-doc installed?)"
	dir=$CACHE/examples/$(dpdk_version)/$name
	bin=$dir/$name
	pc=$(pkg-config --path libdpdk) || die "pkg-config finds no libdpdk"
	sum=$( (cd "$EXAMPLES" && find "$name" common -type f 2>/dev/null | LC_ALL=C sort |
		xargs md5sum; md5sum "$pc") | md5sum | cut -c1-32)
	if [ -x "$bin" ] && [ "$(cat "$dir/.stamp" 2>/dev/null)" = "$sum" ]; then
		echo "$bin"
		return 0
	fi
	echo "$prog: building $name against DPDK $(pkg-config --modversion libdpdk)" >&2
	mkdir -p "$dir"
	rm -rf "$dir/src"
	mkdir -p "$dir/src"
	cp -r "$src" "$dir/src/$name"
	[ ! -d "$EXAMPLES/common" ] || cp -r "$EXAMPLES/common" "$dir/src/common"
	# dpdk-doc may ship large sources gzip-compressed (Debian policy).
	find "$dir/src" -name '*.gz' -exec gunzip -f {} +
	if ! make -C "$dir/src/$name" -j"$(nproc)" shared >"$dir/build.log" 2>&1; then
		tail -n 30 "$dir/build.log" >&2
		die "$name failed to build (log: $dir/build.log)"
	fi
	# Install atomically: a concurrent reader never sees a partial file.
	cp "$dir/src/$name/build/$name-shared" "$bin.tmp.$$"
	mv -f "$bin.tmp.$$" "$bin"
	echo "$sum" > "$dir/.stamp"
	echo "$bin"
}

build_l2fwd_crypto() { build_make_example l2fwd-crypto; }
# Its Makefile adds -I../common (copied next to it above).
build_ipsec_secgw() { build_make_example ipsec-secgw; }

ensure_packages dpdk-doc libdpdk-dev pkg-config make gcc libc6-dev

# One builder at a time (test.sh runs may overlap on a CI machine). A
# read-only cache (a test-bed guest sees the host's) can only be read:
# no lock, and a stale example fails to build with a clear error.
if mkdir -p "$CACHE/examples" 2>/dev/null && [ -w "$CACHE/examples" ]; then
	exec 9>"$CACHE/examples/.lock"
	flock 9
fi

for ex in "$@"; do
	case $ex in
	l2fwd-crypto) build_l2fwd_crypto;;
	ipsec-secgw) build_ipsec_secgw;;
	*) die "unknown example '$ex' (known: l2fwd-crypto ipsec-secgw)";;
	esac
done
