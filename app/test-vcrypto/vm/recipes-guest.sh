#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The vcrypto authors
#
# Guest side of devtools/check-recipes.sh: the user's path, in a guest
# booted with --binding kernel (virtio_pci owns the crypto function, as in
# a stock guest) and no hugepages reserved.
#   1. "meson install": the PMD from the host's `meson install --destdir`
#      goes into DPDK's PMD directory (a tmpfs copy mounted over it, the
#      root being read-only), arranged so that EAL reads Debian's
#      crypto_virtio before vcrypto: the worst case for autoload.
#   2. Every code block named recipe-guest-* in the guide, as written, in
#      order, in one shell. One substitution: the guest kernel's modules
#      are not under /lib/modules of the shared host root, so `modprobe`
#      is a wrapper adding -d <the unpacked guest kernel>.
#   3. Autoload: vcrypto drove the device, crypto_virtio was moved behind
#      it (log line), and with VCRYPTO_PCI_FIRST=0 crypto_virtio takes it.
#   4. Telemetry: /vcrypto/* through dpdk-telemetry.py while crypto-perf
#      runs on the device.
#   5. examples/: the sample application through vcrypto.
# The recipe-guest-l2fwd block needs a NIC for DPDK at 0000:00:10.0 linked
# to one the kernel keeps at 0000:00:11.0 (both e1000e: check-recipes.sh):
# l2fwd-peer.py sends frames from the second while the recipes run and
# checks what l2fwd-crypto sends back.
# --vfio (a guest with the function behind the vIOMMU, run.sh --viommu):
# step 1, then the blocks recipe-vfio-bind, recipe-guest-hugepages and
# recipe-vfio-perf, as written, and what they did.
# Ends with "N passed, M failed, K skipped".
#
#   recipes-guest.sh [--vfio] ROOT BUILD STAGE [OUTDIR]
set -u
mode=uio
[ "${1:-}" != --vfio ] || { mode=vfio; shift; }
root=$1 build=$2 stage=$3 outdir=${4:-}
nic_dpdk=0000:00:10.0 nic_peer=0000:00:11.0
guide=$root/doc/guides/cryptodevs/vcrypto.rst
cache=${VCRYPTO_CACHE:-/var/cache/vcrypto}
tmp=$(mktemp -d /tmp/recipes.XXXXXX)
pass=0 fail=0 skip=0
ok() { echo "PASS $*"; pass=$((pass + 1)); }
ko() { echo "FAIL $*"; fail=$((fail + 1)); }
sk() { echo "SKIP $*"; skip=$((skip + 1)); }
finish() {
	echo "$pass passed, $fail failed, $skip skipped"
	[ "$fail" = 0 ]
	exit
}

# --- modprobe for the guest kernel ------------------------------------------
kroot=$(ls -d "$cache"/vm/kernel/linux-image-"$(uname -r)"_* 2>/dev/null | tail -n 1)
if [ -z "$kroot" ]; then
	ko "setup: no unpacked kernel for $(uname -r) under $cache/vm/kernel"
	finish
fi
mkdir -p "$tmp/bin"
printf '#!/bin/sh\nexec /sbin/modprobe -d %q "$@"\n' "$kroot" > "$tmp/bin/modprobe"
chmod 755 "$tmp/bin/modprobe"
export PATH=$tmp/bin:$PATH

# --- 1. install ---------------------------------------------------------------
pmddir=$(ls -d /usr/lib/*/dpdk/pmds-* | tail -n 1)
plugin=$stage$pmddir/librte_crypto_vcrypto.so
if [ -f "$plugin" ]; then
	ok "install: meson install put the PMD in $pmddir"
else
	ko "install: no $plugin (meson install --destdir $stage)"
	finish
fi
# tmpfs lists the newest entry first: copy vcrypto, then Debian's PMDs.
# Check the order EAL will see instead of trusting that.
# ls -U: readdir() order, the order EAL reads (no glob gives it).
# shellcheck disable=SC2010
pos() { ls -U "$pmddir" | grep -n -m1 "^$1" | cut -d: -f1; }
mkdir "$tmp/pmds"
cp "$plugin" "$tmp/pmds/"
cp -a "$pmddir"/. "$tmp/pmds/"
mount --bind "$tmp/pmds" "$pmddir"
pv=$(pos librte_crypto_virtio.so) pc=$(pos librte_crypto_vcrypto.so)
if [ -n "$pv" ] && [ -n "$pc" ] && [ "$pv" -lt "$pc" ]; then
	ok "install: EAL reads crypto_virtio (entry $pv) before vcrypto (entry $pc)"
	virtio_first=1
else
	ko "install: could not put crypto_virtio ($pv) before vcrypto ($pc) in readdir order"
	virtio_first=0
fi

# --- 2. the guide's recipes ---------------------------------------------------
# Blocks ".. code-block:: sh" with ":name: recipe-NAME", their body
# indented: one script, a marker line around each block. Which blocks:
# every recipe-guest-* in the guide's order, or the NAMEs given, in order.
extract_recipes() {	# [NAME...]
	python3 - "$guide" "$tmp/recipes.sh" "$tmp/recipes.names" "$@" <<'EOF'
import re, sys
text = open(sys.argv[1]).read().splitlines()
blocks = {}
i = 0
while i < len(text):
    m = re.match(r'\s*:name:\s*(recipe-\S+)', text[i])
    if not m or not re.match(r'\.\. code-block:: *(sh|console|bash)', text[i - 1]):
        i += 1
        continue
    name = m.group(1)
    i += 1
    body = []
    while i < len(text) and (text[i].strip() == '' or text[i].startswith(' ')):
        body.append(text[i][4:] if text[i].startswith('    ') else text[i].strip())
        i += 1
    blocks[name] = body
names = sys.argv[4:] or [n for n in blocks if n.startswith('recipe-guest-')]
out = []
for name in names:
    out.append('echo "@@begin %s"' % name)
    out.extend(blocks.get(name, ['echo "no block %s in the guide"; false' % name]))
    out.append('echo "@@end %s"' % name)
open(sys.argv[2], 'w').write('set -e\n' + '\n'.join(out) + '\n')
open(sys.argv[3], 'w').write('\n'.join(names) + '\n')
EOF
}

run_recipes() {	# [NAME...]: the blocks in one shell, a line per block
	extract_recipes "$@"
	nblocks=$(grep -c . "$tmp/recipes.names")
	if [ "$#" = 0 ] && [ "$nblocks" -lt 6 ]; then
		ko "recipes: only $nblocks recipe-guest-* blocks found in $guide"
	fi
	# The guide's paths are relative to a source tree with its build in
	# build/.
	mkdir -p "$tmp/work"
	ln -sfn "$build" "$tmp/work/build"
	ln -sfn "$root/devtools" "$tmp/work/devtools"
	(cd "$tmp/work" && timeout 900 bash "$tmp/recipes.sh") > "$tmp/recipes.log" 2>&1
	rc=$?
	failed_one=0
	while read -r name; do
		if grep -q "^@@end $name\$" "$tmp/recipes.log"; then
			ok "recipe $name"
		elif [ "$failed_one" = 0 ] && grep -q "^@@begin $name\$" "$tmp/recipes.log"; then
			ko "recipe $name: exit $rc; output:"
			sed -n "/^@@begin $name\$/,\$p" "$tmp/recipes.log" | tail -n 25 | sed 's/^/    /'
			failed_one=1
		else
			sk "recipe $name: an earlier block failed"
		fi
	done < "$tmp/recipes.names"
	[ -z "$outdir" ] || cp "$tmp/recipes.log" "$outdir/recipes-$mode.log"
}

# The crypto function ($bdf) and the driver bound to it now ($drv).
crypto_function() {
	bdf=$(lspci -Dn -d 1af4:1054 2>/dev/null | cut -d' ' -f1)
	drv=$(basename "$(readlink "/sys/bus/pci/devices/$bdf/driver" 2>/dev/null)")
}

# vfio: the function behind the vIOMMU; the blocks for it, then what they
# did: vfio-pci has the function, crypto-perf's rows (100000 ops of each
# size, none failed) through crypto_vcrypto.
if [ "$mode" = vfio ]; then
	run_recipes recipe-vfio-bind recipe-guest-hugepages recipe-vfio-perf
	crypto_function
	if [ "$drv" = vfio-pci ]; then
		ok "vfio: $bdf is bound to vfio-pci"
	else
		ko "vfio: $bdf is bound to '$drv', not vfio-pci"
	fi
	rows=$(sed -n '/^@@begin recipe-vfio-perf$/,/^@@end/p' "$tmp/recipes.log" |
		awk 'NF >= 7 && ($2 == 64 || $2 == 1024) && $4 == 100000 &&
			$5 == 100000' | wc -l)
	if [ "$rows" = 2 ] && grep -q "crypto_vcrypto" "$tmp/recipes.log"; then
		ok "vfio: crypto-perf through crypto_vcrypto: 64 and 1024 B, 100000 ops each enqueued and dequeued"
	else
		ko "vfio: crypto-perf rows: $rows of 2 (64 and 1024 B, all ops back)"
		sed -n '/^@@begin recipe-vfio-perf$/,/^@@end/p' "$tmp/recipes.log" |
			tail -n 15 | sed 's/^/    /'
	fi
	finish
fi

# l2fwd-crypto's traffic: the peer on the kernel's NIC, for as long as the
# recipes may take; it rewrites its summary once a second.
peer=
key=000102030405060708090a0b0c0d0e0f
if [ -e "/sys/bus/pci/devices/$nic_dpdk" ] && [ -e "/sys/bus/pci/devices/$nic_peer" ]; then
	modprobe e1000e
	for _ in $(seq 1 30); do
		[ -d "/sys/bus/pci/devices/$nic_peer/net" ] && break
		sleep 1
	done
	python3 "$root/app/test-vcrypto/vm/l2fwd-peer.py" "$nic_peer" 900 \
		"$tmp/peer.out" "$key" "$key" > "$tmp/peer.log" 2>&1 &
	peer=$!
fi
run_recipes
if [ -z "$peer" ]; then
	ko "l2fwd: no NIC pair at $nic_dpdk and $nic_peer (devtools/check-recipes.sh adds them)"
else
	kill -TERM "$peer" 2>/dev/null
	wait "$peer"
	res=$(head -n 1 "$tmp/peer.out" 2>/dev/null)
	echo "    l2fwd-peer: $res"
	set -- $res
	# sent S received R matched M mismatched X sizes 64:n,512:n,1472:n
	if [ "${6:-0}" -gt 0 ] && [ "${8:-1}" = 0 ] &&
	   ! echo "${10:-}" | grep -q ':0\b'; then
		ok "l2fwd: $6 frames back through l2fwd-crypto, each AES-128-CBC of what was sent (every size)"
	else
		ko "l2fwd: frames back through l2fwd-crypto: ${res:-none}"
		sed 1d "$tmp/peer.out" 2>/dev/null | sed 's/^/    /'
		tail -n 5 "$tmp/peer.log" | sed 's/^/    /'
		sed -n '/^@@begin recipe-guest-l2fwd$/,$p' "$tmp/recipes.log" |
			grep -v "^Port statistics\|^Packets\|^---\|^Statistics" | tail -n 20 | sed 's/^/    /'
	fi
fi

# --- 3. which driver took the device ------------------------------------------
crypto_function
if [ "$drv" != uio_pci_generic ]; then
	ko "autoload: $bdf is bound to '$drv' after the recipes, not uio_pci_generic"
	finish
fi
# The guide says Debian 12's dpdk-devbind.py cannot bind the function
# (class 0xff): keep that claim true.
if dpdk-devbind.py -b uio_pci_generic "$bdf" > "$tmp/devbind.log" 2>&1; then
	ko "dpdk-devbind.py now binds $bdf: update the guide's binding recipe"
elif grep -q "Unknown device" "$tmp/devbind.log"; then
	ok "dpdk-devbind.py refuses $bdf (Unknown device), as the guide says"
else
	ko "dpdk-devbind.py: $(tail -n 1 "$tmp/devbind.log")"
fi
if grep -q "Crypto Performance Test\|crypto_vcrypto" "$tmp/recipes.log" &&
   grep -q "^@@end recipe-guest-perf" "$tmp/recipes.log"; then
	ok "autoload: crypto-perf --devtype crypto_vcrypto ran without -d"
else
	ko "autoload: the crypto-perf recipe did not run through crypto_vcrypto"
fi
if [ "$virtio_first" = 1 ]; then
	if grep -q "PCI driver crypto_virtio claims ids of crypto_vcrypto" "$tmp/recipes.log"; then
		ok "autoload: crypto_virtio registered first and moved behind vcrypto (logged)"
	else
		ko "autoload: no log line of crypto_virtio being moved behind vcrypto"
	fi
	perf=(dpdk-test-crypto-perf -l 0-1 -n 1 --iova-mode=pa -a "$bdf" --
		--ptest throughput --optype cipher-only --cipher-algo aes-cbc
		--cipher-op encrypt --cipher-key-sz 16 --cipher-iv-sz 16
		--buffer-sz 64 --burst-sz 32 --total-ops 2000)
	if VCRYPTO_PCI_FIRST=0 timeout 300 "${perf[@]}" --devtype crypto_virtio \
		> "$tmp/off.log" 2>&1 &&
	   ! VCRYPTO_PCI_FIRST=0 timeout 300 "${perf[@]}" --devtype crypto_vcrypto \
		> "$tmp/off2.log" 2>&1; then
		ok "autoload: VCRYPTO_PCI_FIRST=0 leaves the device to crypto_virtio"
	else
		ko "autoload: with VCRYPTO_PCI_FIRST=0 crypto_virtio did not take the device"
		tail -n 5 "$tmp/off.log" "$tmp/off2.log" | sed 's/^/    /'
	fi
else
	sk "autoload: mechanism cases need crypto_virtio read first"
fi

# --- 4. telemetry ---------------------------------------------------------------
# One dpdk-telemetry.py, started once crypto-perf's socket exists (Python
# starts slowly in a TCG guest over 9p), fed on its standard input: the
# queue counters each second until ops flow, then every command once. Its
# reply to each command is one JSON line keyed by the command without its
# parameters. crypto-perf's throughput test first makes one empty enqueue
# call per op (its warm-up), then runs the ops: 10^8 of them, so that a
# slow Python start (a CI run saw crypto-perf's 3x10^7 ops finish before
# dpdk-telemetry.py connected) still finds it running; it is stopped
# once the replies are in.
sock=/var/run/dpdk/rte/dpdk_telemetry.v2
rm -f "$sock"
dpdk-test-crypto-perf -l 0-1 -n 1 --iova-mode=pa -a "$bdf" -- \
	--devtype crypto_vcrypto --ptest throughput --optype cipher-only \
	--cipher-algo aes-cbc --cipher-op encrypt --cipher-key-sz 16 \
	--cipher-iv-sz 16 --buffer-sz 64 --burst-sz 32 --total-ops 100000000 \
	--silent > "$tmp/tel-app.log" 2>&1 &
app=$!
for _ in $(seq 1 300); do
	[ -S "$sock" ] && break
	kill -0 "$app" 2>/dev/null || break
	sleep 1
done
: > "$tmp/tel.out"
if [ -S "$sock" ]; then
	{
		for _ in $(seq 1 300); do
			echo /vcrypto/queues,0
			sleep 1
			grep -q '"qp0": {"enqueued": [1-9]' "$tmp/tel.out" && break
			kill -0 "$app" 2>/dev/null || break
		done
		printf '%s\n' /vcrypto/list /vcrypto/health,0 /vcrypto/limits,0 \
			/vcrypto/queues,0 /vcrypto/health,63
	} | PYTHONUNBUFFERED=1 timeout 600 dpdk-telemetry.py > "$tmp/tel.out" 2>&1
fi
tel=$(cat "$tmp/tel.out")
tq() { echo "$tel" | grep -F "\"$1\"" | tail -n "${2:-1}" | head -n 1; }
if echo "$tel" | grep -q '"/vcrypto/'; then
	list=$(tq /vcrypto/list) health=$(tq /vcrypto/health 2)
	limits=$(tq /vcrypto/limits) queues=$(tq /vcrypto/queues)
	bad=$(tq /vcrypto/health 1)
	printf '%s\n' "$list" "$health" "$limits" "$queues" "$bad" | sed 's/^/    /'
	case $list in *'[0]'*|*'[0,'*) ok "telemetry: /vcrypto/list names cryptodev 0";;
		*) ko "telemetry: /vcrypto/list: $list";; esac
	if echo "$health" | grep -q '"state": "running"' &&
	   echo "$health" | grep -q '"failures": 0' &&
	   echo "$health" | grep -q '"recoveries": 0'; then
		ok "telemetry: /vcrypto/health: running, no failure, no recovery"
	else
		ko "telemetry: /vcrypto/health: $health"
	fi
	if echo "$limits" | grep -q '"max_dataqueues": [1-9]' &&
	   echo "$limits" | grep -q '"crypto_services": [1-9]' &&
	   echo "$limits" | grep -q '"max_size": [1-9]'; then
		ok "telemetry: /vcrypto/limits: the device's config space"
	else
		ko "telemetry: /vcrypto/limits: $limits"
	fi
	if echo "$queues" | grep -q '"qp0": {"enqueued": [1-9]' &&
	   echo "$queues" | grep -q '"enqueue_errors": 0' &&
	   echo "$queues" | grep -q '"parked": 0'; then
		ok "telemetry: /vcrypto/queues: qp0 counting, no errors"
	else
		ko "telemetry: /vcrypto/queues: $queues"
	fi
	case $bad in *'null'*) ok "telemetry: /vcrypto/health,63 (no such device) gives null";;
		*) ko "telemetry: /vcrypto/health,63: $bad";; esac
else
	ko "telemetry: no /vcrypto reply from crypto-perf's telemetry socket:"
	{ echo "$tel"; tail -n 15 "$tmp/tel-app.log"; } | sed 's/^/    /'
fi
kill -INT "$app" 2>/dev/null
for _ in $(seq 1 30); do kill -0 "$app" 2>/dev/null || break; sleep 1; done
kill -KILL "$app" 2>/dev/null
wait "$app" 2>/dev/null

# --- 5. the sample application ----------------------------------------------------
ex=$build/examples/vcrypto-hello/dpdk-vcrypto-hello
if [ -x "$ex" ]; then
	if timeout 300 "$ex" -l 0 -n 1 --iova-mode=pa -a "$bdf" > "$tmp/ex.log" 2>&1 &&
	   grep -q "^vcrypto-hello: ok" "$tmp/ex.log"; then
		ok "examples: dpdk-vcrypto-hello through crypto_vcrypto"
	else
		ko "examples: dpdk-vcrypto-hello failed:"
		tail -n 15 "$tmp/ex.log" | sed 's/^/    /'
	fi
else
	sk "examples: $ex not built (-Dexamples=false)"
fi
finish
