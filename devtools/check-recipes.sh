#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The vcrypto authors
#
# The user's path, end to end: `meson install --destdir` of the build (the
# host is not touched), then a guest where virtio_pci owns the crypto
# function, as in a stock guest, running the guide's recipe-guest-* blocks
# as written, autoload without -d against Debian's crypto_virtio, the
# telemetry commands, l2fwd-crypto on a NIC with frames checked and the
# sample application (app/test-vcrypto/vm/recipes-guest.sh); then a second
# guest, the function behind a vIOMMU, runs the vfio-pci recipes. Ends
# with "N passed, M failed, K skipped".
#
#   devtools/check-recipes.sh [BUILD] [--out DIR]
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/devtools/common.sh"
build=$(cd "${1:-${VCRYPTO_BUILD:-$root/build}}" && pwd) || exit 1
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
# The l2fwd-crypto recipe's NIC (0000:00:10.0) and, linked to it by two
# UDP sockets on loopback, the NIC the guest kernel keeps (0000:00:11.0).
p1=$((20000 + RANDOM % 20000))
p2=$((p1 + 1))
nics=(--qemu-arg -netdev --qemu-arg "socket,id=nic0,udp=127.0.0.1:$p2,localaddr=127.0.0.1:$p1"
	--qemu-arg -device --qemu-arg "e1000e,netdev=nic0,mac=52:54:00:1e:00:10,addr=0x10"
	--qemu-arg -netdev --qemu-arg "socket,id=nic1,udp=127.0.0.1:$p1,localaddr=127.0.0.1:$p2"
	--qemu-arg -device --qemu-arg "e1000e,netdev=nic1,mac=52:54:00:1e:00:11,addr=0x11")
guest=$root/app/test-vcrypto/vm/recipes-guest.sh
# One guest, counted as devtools/test.sh counts a guest: only with the
# guest's own closing line last (its stdout) and run.sh's exit status
# agreeing; run.sh's own messages (stderr) shown after it.
run_guest() {	# TAG RUN.SH-OPTIONS... -- GUEST-ARGS...
	local tag=$1 log=$stage.$1.log r
	shift
	"$root/devtools/vm/run.sh" --hugepages 0 --timeout 1800 -q "${share[@]}" "$@" \
		> "$log" 2> "$log.run.sh"
	r=$?
	# The tag after PASS/FAIL/SKIP: devtools/test.sh shows a stage's
	# lines that start with FAIL.
	sed -E "s/^(PASS|FAIL|SKIP) /\1 [$tag] /; t; s/^/[$tag] /" "$log" "$log.run.sh"
	vcrypto_count "$log" "check-recipes ($tag)" "$r"
}
# Build l2fwd-crypto here: the guest sees the cache read-only.
"$root/devtools/build-examples.sh" l2fwd-crypto > /dev/null
run_guest uio --binding kernel "${nics[@]}" -- "$guest" "$root" "$build" "$stage" ${out:+"$out"}
run_guest vfio --binding kernel --viommu -- "$guest" --vfio "$root" "$build" "$stage" ${out:+"$out"}
rm -rf "$stage" "$stage.log" "$stage".*.log "$stage".*.log.run.sh
vcrypto_total
