#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The vcrypto authors
#
# What vcrypto advertises on each real device: boots one guest per device
# (devtools/vm/run.sh), runs `dpdk-test-vcrypto --list-caps` through
# vcrypto there, and writes a table with one row per capability and one
# column per device (default doc/guides/cryptodevs/vcrypto_caps.txt, which
# the guide includes). Exits non-zero if a device gave no capabilities.
#
#   devtools/caps-table.sh [--out FILE] [--device builtin|vhost-aesni_mb|vhost-openssl]...
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/devtools/common.sh"
build=${VCRYPTO_BUILD:-$root/build}
cache=${VCRYPTO_CACHE:-/var/cache/vcrypto}
out=$root/doc/guides/cryptodevs/vcrypto_caps.txt
devices=()
while [ $# -gt 0 ]; do
	case $1 in
	--out) out=$2; shift;;
	--device) devices+=("$2"); shift;;
	*) echo "usage: $0 [--out FILE] [--device NAME]..." >&2; exit 2;;
	esac
	shift
done
[ ${#devices[@]} -gt 0 ] || devices=(builtin vhost-aesni_mb vhost-openssl)

[ -f "$build/build.ninja" ] || meson setup "$build" "$root" > /dev/null || exit 1
ninja -C "$build" > /dev/null || exit 1
plugin=$(vcrypto_stage_plugin "$build" "$cache")
mapfile -t share < <(vcrypto_guest_shares "$root" "$build")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

rc=0
for dev in "${devices[@]}"; do
	case $dev in
	builtin) vm=();;
	vhost-*) vm=(--vhost-pmd "${dev#vhost-}");;
	*) echo "caps-table: unknown device $dev" >&2; exit 2;;
	esac
	echo "caps-table: $dev" >&2
	"$root/devtools/vm/run.sh" "${vm[@]}" --timeout 900 -q "${share[@]}" -- \
		"$build/app/test-vcrypto/dpdk-test-vcrypto" -l 0 -n 1 \
		--iova-mode=pa -a 0000:00:01.0 -d "$plugin" \
		--log-level=lib.eal:warning -- --list-caps > "$tmp/$dev.log" 2>&1
	if ! grep -q '^# cap ' "$tmp/$dev.log"; then
		cp "$tmp/$dev.log" "$cache/caps-$dev.log"
		echo "caps-table: $dev: no capabilities listed (log: $cache/caps-$dev.log):" >&2
		grep -v "^VHOST_CONFIG\|^\[ *[0-9.]*\] [QB]>[QB]" "$tmp/$dev.log" | tail -n 40 >&2
		rc=1
	fi
done

python3 - "$out" "${devices[@]}" <<EOF
import re, sys
out, devs = sys.argv[1], sys.argv[2:]
caps, seen = {}, []
dpdk = ''
for d in devs:
    for line in open('$tmp/%s.log' % d):
        if line.startswith('# cap '):
            c = re.sub(r'\s+', ' ', line[6:].strip())
            caps.setdefault(c, set()).add(d)
            if c not in seen:
                seen.append(c)
w = max(len(c) for c in seen) if seen else 10
cw = [max(len(d), 3) for d in devs]
rows = ['Capabilities vcrypto advertises per device (dpdk-test-vcrypto --list-caps,',
        'QEMU 7.2 virtio-crypto-pci in a Debian 12 guest; written by devtools/caps-table.sh)',
        '',
        '%-*s  %s' % (w, 'capability (key/digest/iv sizes: min..max/step)',
                      '  '.join('%-*s' % (n, d) for n, d in zip(cw, devs))),
        '-' * (w + 2 + sum(cw) + 2 * (len(devs) - 1))]
for c in seen:
    rows.append(('%-*s  %s' % (w, c, '  '.join('%-*s' % (n, 'Y' if d in caps[c] else '-')
                                               for n, d in zip(cw, devs)))).rstrip())
open(out, 'w').write('\n'.join(rows) + '\n')
print(out)
EOF
exit $rc
