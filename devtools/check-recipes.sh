#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The vcrypto authors
#
# The user's path, end to end: `meson install --destdir` of the build (the
# host is not touched), then a guest where virtio_pci owns the crypto
# function, as in a stock guest, running the guide's recipe-guest-* blocks
# as written, autoload without -d against Debian's crypto_virtio, the
# telemetry commands and the sample application
# (app/test-vcrypto/vm/recipes-guest.sh). Ends with
# "N passed, M failed, K skipped".
#
#   devtools/check-recipes.sh [BUILD] [--out DIR]
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/devtools/common.sh"
build=${1:-${VCRYPTO_BUILD:-$root/build}}
out=
[ "${2:-}" = --out ] && out=$(cd "$3" && pwd)
cache=${VCRYPTO_CACHE:-/var/cache/vcrypto}

# The stage must be readable in the guest and not below a world-writable
# directory (EAL refuses plugins there).
stage=$cache/stage/install-$(echo "$build" | md5sum | cut -c1-12)
rm -rf "$stage"
mkdir -p "$stage"
chmod 755 "$cache" "$cache/stage" "$stage"
if ! meson install -C "$build" --no-rebuild --quiet --destdir "$stage" \
		> "$stage.log" 2>&1; then
	cat "$stage.log"
	echo "FAIL meson install --destdir"
	echo "0 passed, 1 failed"
	exit 1
fi
mapfile -t share < <(vcrypto_guest_shares "$root" "$build")
[ -z "$out" ] || share+=(--rw "$out")
"$root/devtools/vm/run.sh" --binding kernel --hugepages 0 --timeout 1800 -q \
	"${share[@]}" -- "$root/app/test-vcrypto/vm/recipes-guest.sh" \
	"$root" "$build" "$stage" $out
rc=$?
rm -rf "$stage" "$stage.log"
exit $rc
