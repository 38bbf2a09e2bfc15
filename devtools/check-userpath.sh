#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The vcrypto authors
#
# Host checks of the user's path (no guest, no device):
#   - meson setup as an unprivileged user without network succeeds and
#     writes nothing outside its build directory; without the SDK headers
#     it stops and names the command to run;
#   - meson install installs the PMD into DPDK's PMD directory and, by
#     default, no test program; -Dinstall_tests=true adds them;
#   - dpdk-pmdinfo.py shows the driver, its PCI ids, devargs and modules;
#   - features/vcrypto.ini passes DPDK's own overview-table generation
#     (doc/guides/conf.py of the installed version, warnings as errors)
#     and fills the Linux cell;
#   - meson test reads the unit tests' TAP (one result per case);
#   - every message the PMD logs at probe and on events is in the guide's
#     troubleshooting or events tables (devtools/check-doc-messages.py);
#   - QEMU accepts the guide's host command lines;
#   - examples/ runs against crypto_openssl;
#   - the benchmark plot exists and the guide includes it.
# Ends with "N passed, M failed, K skipped".
#
#   devtools/check-userpath.sh [BUILD]
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-${VCRYPTO_BUILD:-$root/build}}
cache=${VCRYPTO_CACHE:-/var/cache/vcrypto}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0 skip=0
ok() { echo "PASS $*"; pass=$((pass + 1)); }
ko() { echo "FAIL $*"; fail=$((fail + 1)); }
sk() { echo "SKIP $*"; skip=$((skip + 1)); }

# --- configure: unprivileged, offline, nothing written outside -------------
if [ "$(id -u)" != 0 ]; then
	sk "configure as nobody without network: needs root to drop to nobody"
elif ! setpriv --reuid=nobody --regid=nogroup --clear-groups \
		test -r "$root/meson.build" -a -x "$root/devtools"; then
	sk "configure as nobody: $root is not readable by nobody"
else
	chmod 755 "$tmp"
	# No network: a network namespace of our own, where one can be made.
	offline=(unshare -n) net="no network"
	unshare -n true 2>/dev/null || { offline=(); net="network namespace unavailable"; }
	mkdir "$tmp/home"
	chown nobody:nogroup "$tmp/home"
	# What get-dpdk-sdk.sh would change (other runs may write elsewhere
	# in the cache meanwhile).
	watch=(/etc/apt /etc/apt/sources.list.d "$cache/sdk" "$cache/dpdk-src")
	before=$(ls -la --time-style=full-iso "${watch[@]}" 2>&1 | md5sum)
	if "${offline[@]}" setpriv --reuid=nobody --regid=nogroup --clear-groups \
		env HOME="$tmp/home" meson setup "$tmp/home/b" "$root" \
		> "$tmp/setup.log" 2>&1; then
		ok "configure: meson setup as nobody ($net)"
	else
		ko "configure: meson setup as nobody ($net):"
		tail -n 15 "$tmp/setup.log" | sed 's/^/    /'
	fi
	after=$(ls -la --time-style=full-iso "${watch[@]}" 2>&1 | md5sum)
	if [ "$before" = "$after" ]; then
		ok "configure: ${watch[*]} unchanged"
	else
		ko "configure: changed one of ${watch[*]}"
	fi
	if "${offline[@]}" setpriv --reuid=nobody --regid=nogroup --clear-groups \
		env HOME="$tmp/home" meson setup "$tmp/home/nosdk" "$root" \
		-Ddpdk_sdk="$tmp/nonexistent" > "$tmp/nosdk.log" 2>&1; then
		ko "configure: succeeded without SDK headers"
	elif grep -q "devtools/install-deps.sh" "$tmp/nosdk.log"; then
		ok "configure: without SDK headers it stops and names devtools/install-deps.sh"
	else
		ko "configure: without SDK headers, no hint:"
		grep -A3 ERROR "$tmp/nosdk.log" | sed 's/^/    /'
	fi

	# --- install: what meson install would install ----------------------
	b=$tmp/home/b
	if [ -f "$b/build.ninja" ]; then
		pmddir=$(ls -d /usr/lib/*/dpdk/pmds-* | tail -n 1)
		meson introspect "$b" --installed > "$tmp/inst.json"
		files=$(python3 -c 'import json,sys; print("\n".join(json.load(open(sys.argv[1])).values()))' "$tmp/inst.json")
		# The PMD, and the device program (a product, app/vcrypto-device);
		# no test program.
		if echo "$files" | grep -qx "$pmddir/librte_crypto_vcrypto.so" &&
		   ! echo "$files" | grep -q 'dpdk-test-vcrypto\|/test-\|vhost-proxy\|vd-test'; then
			ok "install: the PMD into $pmddir, no test program ($(echo $files | wc -w) files)"
		else
			ko "install: installs $(echo $files)"
		fi
		"${offline[@]}" setpriv --reuid=nobody --regid=nogroup --clear-groups \
			env HOME="$tmp/home" meson setup --reconfigure "$b" "$root" \
			-Dinstall_tests=true > /dev/null 2>&1
		meson introspect "$b" --installed > "$tmp/inst.json"
		if grep -q '/bin/dpdk-test-vcrypto"' "$tmp/inst.json"; then
			ok "install: -Dinstall_tests=true adds the test programs"
		else
			ko "install: -Dinstall_tests=true installs no dpdk-test-vcrypto"
		fi
	fi
fi

# --- dpdk-pmdinfo.py ---------------------------------------------------------
so=$build/drivers/crypto/vcrypto/librte_crypto_vcrypto.so
if ! command -v dpdk-pmdinfo.py > /dev/null; then
	sk "pmdinfo: no dpdk-pmdinfo.py (package dpdk)"
elif ! dpdk-pmdinfo.py "$so" > "$tmp/pmdinfo.json" 2> "$tmp/pmdinfo.err"; then
	ko "pmdinfo: dpdk-pmdinfo.py failed: $(head -n 3 "$tmp/pmdinfo.err")"
elif python3 - "$tmp/pmdinfo.json" <<'EOF'
import json, sys
info = [d for d in json.load(open(sys.argv[1])) if d['name'] == 'crypto_vcrypto']
assert len(info) == 1, info
d = info[0]
assert {'vendor': '1af4', 'device': '1054'} in d['pci_ids'], d
for arg in ('ctrl_timeout_ms', 'dp_timeout_ms', 'event_idx', 'recover_max',
            'quiet_kick_us'):
    assert arg + '=' in d['params'], (arg, d['params'])
assert 'vfio-pci' in d['kmod'] and 'uio_pci_generic' in d['kmod'], d
EOF
then
	ok "pmdinfo: crypto_vcrypto, 1af4:1054, its devargs and kernel modules"
else
	ko "pmdinfo: incomplete:"
	sed 's/^/    /' "$tmp/pmdinfo.json"
fi

# --- features .ini through DPDK's conf.py -------------------------------------
src=$(ls -d "$cache"/dpdk-src/*/doc/guides 2>/dev/null | tail -n 1)
if [ -z "$src" ]; then
	sk "features ini: no DPDK source package under $cache/dpdk-src (devtools/install-deps.sh)"
else
	mkdir -p "$tmp/doc/features"
	cp "$src"/cryptodevs/features/*.ini "$tmp/doc/features/"
	cp "$root/doc/guides/cryptodevs/features/vcrypto.ini" "$tmp/doc/features/"
	if python3 - "$src/conf.py" "$tmp/doc" > "$tmp/ini.log" 2>&1 <<'EOF'
import ast, sys
# Run DPDK's own generate_overview_table() and its helpers, taken from
# its conf.py (which imports Sphinx at top level), warnings as errors.
tree = ast.parse(open(sys.argv[1]).read())
keep = [n for n in tree.body if isinstance(n, ast.FunctionDef) and
        (n.name.startswith('print_table') or n.name == 'generate_overview_table')]
code = compile(ast.Module(body=keep, type_ignores=[]), 'conf.py', 'exec')
import configparser
from os import listdir
from os.path import basename, dirname, join as path_join
from sys import stderr
g = dict(configparser=configparser, listdir=listdir, basename=basename,
         dirname=dirname, path_join=path_join, stderr=stderr,
         stop_on_error=True, feature_str_len=30)
exec(code, g)
out = sys.argv[2] + '/overview.txt'
for section in ('Features', 'Cipher', 'Auth', 'AEAD', 'Asymmetric', 'OS'):
    g['generate_overview_table'](out, 1, section, 'table_' + section, section)
    rows = open(out).read().splitlines()
    if section == 'OS':
        # Columns follow the sorted ini names; find vcrypto's.
        names = sorted(f[:-4] for f in listdir(sys.argv[2] + '/features')
                       if f.endswith('.ini') and f != 'default.ini')
        col = names.index('vcrypto')
        linux = [r for r in rows if r.strip().startswith('Linux')][0]
        cells = linux[3 + 30:].split(' ')[1:]
        assert cells[col] == 'Y', (col, linux)
print('ok')
EOF
	then
		ok "features ini: DPDK's overview tables accept it; Linux cell Y"
	else
		ko "features ini:"
		tail -n 5 "$tmp/ini.log" | sed 's/^/    /'
	fi
fi

# --- troubleshooting: every message the PMD logs at probe and on events ----
drv=$root/drivers/crypto/vcrypto
# The files that log at probe and on events, wherever they sit in the
# driver's folders; a name that matches no file fails the check.
msg_files=
for f in vcrypto_probe.c vcrypto_pci.c vcrypto_transport.c vcrypto_caps.c \
	vcrypto_recover.c vcrypto_ctrl.c vcrypto_ops.c vcrypto_sym.c \
	vcrypto_first.c vcrypto_vq_split.c vcrypto_dp_share.c; do
	p=$(find "$drv" -name "$f" | head -n 1)
	[ -n "$p" ] || p=$drv/missing/$f
	msg_files="$msg_files $p"
done
# shellcheck disable=SC2086
if python3 "$root/devtools/check-doc-messages.py" \
	"$root/doc/guides/cryptodevs/vcrypto.rst" $msg_files \
	> "$tmp/msgs.log" 2>&1; then
	ok "troubleshooting: $(tail -n 1 "$tmp/msgs.log") in the guide"
else
	ko "troubleshooting: log messages missing from the guide:"
	sed 's/^/    /' "$tmp/msgs.log"
fi

# --- host QEMU command lines of the guide ------------------------------------
if command -v qemu-system-x86_64 > /dev/null; then
	python3 "$root/devtools/check-qemu-recipes.py" \
		"$root/doc/guides/cryptodevs/vcrypto.rst" > "$tmp/qemu.log" 2>&1
	while read -r r rest; do
		case $r in PASS) ok "$rest";; FAIL) ko "$rest";; esac
	done < "$tmp/qemu.log"
	grep -q '^PASS\|^FAIL' "$tmp/qemu.log" || ko "qemu recipes: $(tail -n 1 "$tmp/qemu.log")"
else
	sk "qemu recipes: no qemu-system-x86_64 (package qemu-system-x86)"
fi

# --- meson test: TAP ------------------------------------------------------------
if meson test -C "$build" --no-rebuild pci > "$tmp/mtest.log" 2>&1 &&
   grep -q "pci .*OK .*[0-9]\+ subtests passed" "$tmp/mtest.log"; then
	ok "meson test: unit tests report their cases (TAP)"
else
	ko "meson test: no TAP subtests for pci:"
	tail -n 5 "$tmp/mtest.log" | sed 's/^/    /'
fi
# dpdk-test-vcrypto's host self-tests (Debian's crypto_openssl) too.
if meson test -C "$build" --no-rebuild --suite kat kat-openssl-neg \
		> "$tmp/mtest.log" 2>&1 &&
   grep -q "kat-openssl-neg .*OK .*[0-9]\+ subtests passed" "$tmp/mtest.log"; then
	ok "meson test: dpdk-test-vcrypto's host tests report their cases (TAP)"
else
	ko "meson test: no TAP subtests for kat-openssl-neg:"
	tail -n 5 "$tmp/mtest.log" | sed 's/^/    /'
fi

# --- examples ---------------------------------------------------------------------
ex=$build/examples/vcrypto-hello/dpdk-vcrypto-hello
if [ ! -x "$ex" ]; then
	sk "examples: not built (-Dexamples=false)"
elif timeout 120 "$ex" --no-huge -m 256 --iova-mode=va --no-pci --no-shconf \
		--log-level=lib.eal:warning --vdev crypto_openssl -- \
		--driver crypto_openssl > "$tmp/ex.log" 2>&1 &&
     grep -q "^vcrypto-hello: ok" "$tmp/ex.log"; then
	ok "examples: dpdk-vcrypto-hello against crypto_openssl"
else
	ko "examples: dpdk-vcrypto-hello:"
	tail -n 5 "$tmp/ex.log" | sed 's/^/    /'
fi

# --- benchmark plot -------------------------------------------------------------------
png=$root/doc/guides/cryptodevs/vcrypto_bench.png
if [ -s "$png" ] && [ "$(head -c 4 "$png" | od -An -c | tr -d ' ')" = '211PNG' ] &&
   grep -q "vcrypto_bench.png" "$root/doc/guides/cryptodevs/vcrypto.rst"; then
	ok "bench plot: vcrypto_bench.png is a PNG and the guide includes it"
else
	ko "bench plot: doc/guides/cryptodevs/vcrypto_bench.png missing, not a PNG or not in the guide"
fi

echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
