#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The vcrypto authors
#
# Linux's own virtio_crypto driver against a virtio-crypto device: boots a
# test-bed guest with the function left to virtio_pci + virtio_crypto
# (run.sh --binding kernel) and runs app/test-vcrypto/vm/linux-driver.py in
# it (config, /proc/crypto self-tests, AF_ALG AES-CBC and keyctl RSA against
# CAVP files and OpenSSL). Every argument goes to run.sh, e.g.
#
#   devtools/vm/linux-driver-check.sh --qemu 11
#   devtools/vm/linux-driver-check.sh --backend device --device-bin build/app/vcrypto-device/vcrypto-device
#
# Ends with the guest's "N passed, N failed, N skipped" line (or one of its
# own when the guest did not get that far); exit status non-zero on failure.
# VCRYPTO_LD_ALL_VECTORS=1: every AES-CBC CAVP file (adds minutes under TCG).
set -u

root=$(cd "$(dirname "$0")/../.." && pwd)
# A device binary that was not built (meson without the device app) is a
# skip with its reason, not a failure of the driver check.
prev=''
for a in "$@"; do
	if [ "$prev" = --device-bin ] && [ ! -x "$a" ]; then
		echo "SKIP linux-driver: no vcrypto-device binary at $a (not built)"
		echo "0 passed, 0 failed, 1 skipped"
		exit 0
	fi
	prev=$a
done
out=$(mktemp)
trap 'rm -f "$out"' EXIT
# cd /: the script and the vectors are found by absolute path, whatever
# the caller's directory (a /tmp clone is hidden by the guest's tmpfs:
# share the tree then).
share=()
case $root/ in /tmp/*|/run/*|/var/tmp/*) share=(--rw "$root");; esac
(cd / && "$root/devtools/vm/run.sh" --binding kernel --hugepages 0 --timeout 900 \
	"${share[@]}" "$@" -- /usr/bin/python3 "$root/app/test-vcrypto/vm/linux-driver.py") |
	tee "$out"
rc=${PIPESTATUS[0]}
if ! grep -qE '^[0-9]+ passed, [0-9]+ failed' "$out"; then
	echo "FAIL linux-driver: no result from the guest (run.sh exit $rc)"
	echo "0 passed, 1 failed"
	exit 1
fi
# The guest's closing line again, last: run.sh's own messages (stderr)
# may have come after it.
grep -E '^[0-9]+ passed, [0-9]+ failed' "$out" | tail -n 1
exit "$rc"
