#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The vcrypto authors
#
# Fetch the driver-SDK headers DPDK does not package (cryptodev_pmd.h,
# dev_driver.h, bus_driver.h, bus_pci_driver.h, bus_vdev_driver.h) and the crypto-perf test
# data from Debian's dpdk source package of exactly the installed version.
# Nothing fetched here is committed: it lands under $VCRYPTO_CACHE.
#
# Prints the SDK include directory on stdout. Run by devtools/install-deps.sh
# (as root: it may add a deb-src entry and run apt-get). meson setup only
# asks where the headers are, with --print, which never fetches: it prints
# the directory if the headers are there and fails otherwise.
#
#   devtools/get-dpdk-sdk.sh [--print]
set -eu

print_only=0
case ${1:-} in
--print) print_only=1;;
'') ;;
*) echo "usage: $0 [--print]" >&2; exit 2;;
esac

CACHE=${VCRYPTO_CACHE:-/var/cache/vcrypto}
ver=$(dpkg-query -W -f='${Version}' libdpdk-dev 2>/dev/null) || {
	echo "get-dpdk-sdk: libdpdk-dev is not installed" >&2; exit 1; }
upver=${ver%-*}
src=$CACHE/dpdk-src/$ver
sdk=$CACHE/sdk/$ver/include

hdrs="lib/cryptodev/cryptodev_pmd.h lib/eal/include/dev_driver.h
      lib/eal/include/bus_driver.h drivers/bus/pci/bus_pci_driver.h
      drivers/bus/vdev/bus_vdev_driver.h"
# Source already unpacked: (re)copy the headers a newer list added.
if [ -f "$src/drivers/bus/vdev/bus_vdev_driver.h" ] &&
   [ -d "$src/app/test-crypto-perf/data" ]; then
	mkdir -p "$sdk"
	for h in $hdrs; do
		[ -f "$sdk/${h##*/}" ] || cp "$src/$h" "$sdk/"
	done
	echo "$sdk"
	exit 0
fi
if [ "$print_only" = 1 ]; then
	echo "get-dpdk-sdk: no driver-SDK headers for dpdk $ver in $sdk" >&2
	exit 1
fi

# A deb-src entry mirroring the binary sources (deb822 or one-line style).
srclist=/etc/apt/sources.list.d/vcrypto-deb-src.sources
if ! grep -rqs '^Types:.*deb-src\|^deb-src ' /etc/apt/sources.list /etc/apt/sources.list.d/; then
	if [ -f /etc/apt/sources.list.d/debian.sources ]; then
		sed 's/^Types: deb$/Types: deb-src/' \
			/etc/apt/sources.list.d/debian.sources > "$srclist"
	else
		grep '^deb ' /etc/apt/sources.list | sed 's/^deb /deb-src /' \
			> /etc/apt/sources.list.d/vcrypto-deb-src.list
	fi
	apt-get update -q >&2
fi

tmp=$CACHE/dpdk-src/.dl.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && apt-get source -q --download-only "dpdk=$ver" >&2)
rm -rf "$src"
mkdir -p "$(dirname "$src")"
# dpkg-source applies Debian's patches: the headers are those of the
# installed binaries, not of the upstream tarball.
(cd "$tmp" && dpkg-source -q -x --no-check dpdk_*.dsc tree >&2)
mv "$tmp/tree" "$src"

mkdir -p "$sdk"
for h in $hdrs; do
	cp "$src/$h" "$sdk/"
done
echo "$upver" > "$sdk/../VERSION"
echo "$sdk"
