#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The vcrypto authors
#
# The main job: install what is missing, build, boot a guest with QEMU's
# virtio-crypto-pci (builtin backend), run AES-CBC through crypto_vcrypto
# (verify, then throughput next to Debian's crypto_virtio on the same boot)
# and print the results.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/devtools/common.sh"
build=${VCRYPTO_BUILD:-$root/build}
cache=${VCRYPTO_CACHE:-/var/cache/vcrypto}

"$root/devtools/install-deps.sh"
[ -f "$build/build.ninja" ] || meson setup "$build" "$root" >/dev/null
ninja -C "$build" >/dev/null
plugin=$(vcrypto_stage_plugin "$build" "$cache")
perfdata=$(vcrypto_perf_data "$cache")
# uio binding: crypto_virtio (DPDK 22.11) cannot drive a device behind an
# IOMMU, and the comparison must use the same device and boot.
mapfile -t share < <(vcrypto_guest_shares "$root" "$build")
exec "$root/devtools/vm/run.sh" --binding uio "${share[@]}" -- \
	"$root/app/test-vcrypto/vm/demo-guest.sh" \
	"$plugin" "$perfdata" "${VCRYPTO_DEMO_OPS:-50000}"
