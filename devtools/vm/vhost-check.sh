#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The vcrypto authors
#
# dpdk-test-crypto-perf against the vhost-user crypto device (DPDK
# vhost_crypto behind QEMU's cryptodev-vhost-user, run.sh --vhost-pmd):
# verify + throughput, cipher-only AES-CBC-128 and AES-CBC-128 + SHA1-HMAC,
# with Debian's crypto_virtio PMD and, given --vcrypto, with ours. One guest
# boot per backend PMD. Closes with "N passed, M failed".
#
#   vhost-check.sh [--pmd aesni_mb|openssl|both] [--vcrypto PMD.so]
#                  [--no-virtio] [--ops N] [-- RUN.SH OPTIONS...]
#
# --vcrypto: the PMD must sit in a directory only root can write (EAL
# refuses plugins below world-writable ones), e.g. /var/cache/vcrypto/stage.
# Verify vectors: DPDK's aes_cbc_128_sha.data has one global 2048-byte
# plaintext, which crypto-perf 22.11 only accepts with --buffer-sz 2048; a
# copy cut to 256 bytes (CBC ciphertext prefixes stay valid, the file's
# sha1_hmac_buff_256 digest covers those 256 bytes) is made in the cache.
#
# (Internal: "vhost-check.sh --guest VECTOR OPS DEVTYPES [PMD.so]" is what
# runs in the guest; DEVTYPES is a comma list.)
# shellcheck disable=SC2086,SC2046,SC2012
set -u

here=$(cd "$(dirname "$0")" && pwd)
CACHE=${VCRYPTO_CACHE:-/var/cache/vcrypto}
. "$here/../common.sh"

# --- guest side ----------------------------------------------------------
guest() {
	local vec=$1 ops=$2 devs=$3 so=${4:-} dev eal log pass=0 fail=0 name
	: "${VCRYPTO_BDF:?not in a test-bed guest}" "${VCRYPTO_IOVA_MODE:?}"
	log=$(mktemp)
	local cipher="--cipher-algo aes-cbc --cipher-op encrypt --cipher-key-sz 16 --cipher-iv-sz 16"
	local auth="--auth-algo sha1-hmac --auth-op generate --auth-key-sz 64 --digest-sz 12"
	local vfile="--test-file $vec --test-name sha1_hmac_buff_256"
	row() { grep -E '^ +[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+' "$log" | tail -n 1; }
	for dev in ${devs//,/ }; do
		eal="-l 0-1 -n 1 --iova-mode=$VCRYPTO_IOVA_MODE -a $VCRYPTO_BDF"
		[ "$dev" = crypto_vcrypto ] &&
			eal+=" -d $so --log-level=pmd.crypto.vcrypto*:debug"
		# name|ptest|total|args
		while IFS='|' read -r name ptest total args; do
			[ -n "$name" ] || continue
			echo "## $dev: $name"
			local t0=$EPOCHREALTIME rc=0
			timeout 180 dpdk-test-crypto-perf $eal -- --devtype "$dev" \
				--silent --ptest "$ptest" --total-ops "$total" \
				--burst-sz 32 $args > "$log" 2>&1 || rc=$?
			local wall
			wall=$(awk "BEGIN { printf \"%.1f\", $EPOCHREALTIME - $t0 }")
			# Probe/session log of our PMD, errors of either.
			grep -E 'vcrypto|virtio_|VIRTIO|rror|ailed|not supported' "$log" |
				grep -vE '^EAL: (Probe|Detected)' | head -n 40
			set -- $(row)
			# lcore size burst enq deq fenq fdeq {failed | MOps Gbps cyc}
			if [ "$rc" != 0 ] || [ $# -lt 8 ] || [ "$5" != "$total" ]; then
				echo "FAIL $dev $name (exit $rc, ${wall}s): row '$*'"
				tail -n 8 "$log"
				fail=$((fail + 1))
			elif [ "$ptest" = verify ] && [ "$8" != 0 ]; then
				echo "FAIL $dev $name: $8 of $total ops failed verification"
				fail=$((fail + 1))
			elif [ "$ptest" = verify ]; then
				echo "PASS $dev $name: $total ops, 0 failed (${wall}s)"
				pass=$((pass + 1))
			else
				echo "PASS $dev $name: $total ops, $8 MOps, $9 Gbps (${wall}s)"
				pass=$((pass + 1))
			fi
		done <<EOF
verify cipher-only aes-cbc-128 256 B|verify|2000|--optype cipher-only $cipher $vfile --buffer-sz 256
throughput cipher-only aes-cbc-128 64 B|throughput|$ops|--optype cipher-only $cipher --buffer-sz 64
throughput cipher-only aes-cbc-128 256 B|throughput|$ops|--optype cipher-only $cipher --buffer-sz 256
verify cipher-then-auth aes-cbc-128 sha1-hmac 256 B|verify|2000|--optype cipher-then-auth $cipher $auth $vfile --buffer-sz 256
throughput cipher-then-auth aes-cbc-128 sha1-hmac 256 B|throughput|$ops|--optype cipher-then-auth $cipher $auth --buffer-sz 256
EOF
	done
	rm -f "$log"
	echo "vhost-check: $pass passed, $fail failed"
	[ "$fail" = 0 ]
}

if [ "${1:-}" = --guest ]; then
	shift
	guest "$@"
	exit
fi

# --- host side -----------------------------------------------------------
pmds=(aesni_mb openssl) so='' ops=100000 virtio=1
while [ $# -gt 0 ]; do
	case $1 in
	--pmd) case $2 in both) pmds=(aesni_mb openssl);; *) pmds=("$2");; esac; shift 2;;
	--vcrypto) so=$2; shift 2;;
	--no-virtio) virtio=0; shift;;
	--ops) ops=$2; shift 2;;
	--) shift; break;;
	*) sed -n '5,/^# shellcheck/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2;;
	esac
done
[ "$virtio" = 1 ] || [ -n "$so" ] || { echo "vhost-check.sh: nothing to test" >&2; exit 2; }

src=$(vcrypto_perf_data "$CACHE")/aes_cbc_128_sha.data
[ -f "$src" ] || src=/usr/share/dpdk/app/test-crypto-perf/data/aes_cbc_128_sha.data
[ -f "$src" ] || { echo "vhost-check.sh: no aes_cbc_128_sha.data (devtools/get-dpdk-sdk.sh)" >&2; exit 2; }
vec=$CACHE/vhost-crypto/data/aes_cbc_128_sha_256.data
mkdir -p "${vec%/*}"
python3 - "$src" "$vec.tmp" 256 <<'EOF' && mv "$vec.tmp" "$vec" || exit 2
import re, sys
src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
out, vals, cutting = [], [], False
def flush():
    v = vals[:n]
    if len(v) < n:
        sys.exit("%s: global value shorter than %d bytes" % (src, n))
    for i in range(0, n, 16):
        out.append(", ".join(v[i:i + 16]) + ("," if i + 16 < n else ""))
for line in open(src):
    line = line.rstrip("\n")
    if cutting:
        if re.search(r"0x[0-9a-fA-F]{2}", line) and "=" not in line:
            vals += re.findall(r"0x[0-9a-fA-F]{2}", line)
            continue
        flush()
        cutting, vals = False, []
    out.append(line)
    cutting = re.match(r"^(plaintext|ciphertext) =\s*$", line) is not None
if cutting:
    flush()
open(dst, "w").write("\n".join(out) + "\n")
EOF

guest_so=''
if [ -n "$so" ]; then
	guest_so=$(cd "$(dirname "$so")" && pwd -P)/$(basename "$so")
	[ -f "$guest_so" ] || { echo "vhost-check.sh: $so: no such file" >&2; exit 2; }
fi
devs=''
[ "$virtio" = 1 ] && devs=crypto_virtio
[ -z "$guest_so" ] || devs+=${devs:+,}crypto_vcrypto
pass=0 fail=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for pmd in "${pmds[@]}"; do
	echo "=== backend vhost_crypto + crypto_$pmd"
	"$here/run.sh" --vhost-pmd "$pmd" --timeout 1200 "$@" -- \
		"$here/vhost-check.sh" --guest "$vec" "$ops" "$devs" $guest_so 2>&1 |
		tee "$out"
	# The guest's own closing line, last, and run.sh's exit status.
	vcrypto_count "$out" "backend $pmd" "${PIPESTATUS[0]}" vhost-check
done
vcrypto_total
