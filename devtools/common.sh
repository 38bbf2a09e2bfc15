# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The vcrypto authors
#
# Sourced by the devtools scripts that run the PMD in a test-bed guest.

# Copy the PMD where EAL accepts it and print its path. EAL refuses -d
# plugins below a world-writable directory (a clone under /tmp), so it
# goes under the cache, which only root can write; one stage per build.
vcrypto_stage_plugin() {
	local build=$1 cache=$2 stage
	stage=$cache/stage/$(echo "$build" | md5sum | cut -c1-12)
	mkdir -p "$stage"
	chmod 755 "$cache" "$cache/stage" "$stage"
	cp "$build/drivers/crypto/vcrypto/librte_crypto_vcrypto.so" "$stage/"
	echo "$stage/librte_crypto_vcrypto.so"
}

# run.sh arguments sharing each given tree with the guest when it lies
# where the guest mounts tmpfs (/tmp, /run, /var/tmp, /dev/shm), one per
# line: use with mapfile.
vcrypto_guest_shares() {
	local d
	for d in "$@"; do
		case $(cd "$d" && pwd -P) in
		/tmp/*|/run/*|/var/tmp/*|/dev/shm/*) printf '%s\n' --rw "$d";;
		esac
	done
}
