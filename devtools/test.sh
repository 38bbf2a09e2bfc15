#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The vcrypto authors
#
# Run every test: install what is missing, build, host unit/model tests,
# then the guest suites through two real virtio-crypto devices (QEMU's
# builtin backend under both bindings; DPDK's vhost-crypto behind QEMU's
# cryptodev-vhost-user with aesni_mb and with openssl). Closes with
# "N passed, M failed".
#
#   devtools/test.sh [--no-install] [--only unit|vm]
set -u

root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/devtools/common.sh"
build=${VCRYPTO_BUILD:-$root/build}
cache=${VCRYPTO_CACHE:-/var/cache/vcrypto}
install=1 only=
while [ $# -gt 0 ]; do
	case $1 in
	--no-install) install=0;;
	--only) only=$2; shift;;
	*) echo "usage: $0 [--no-install] [--only unit|vm]" >&2; exit 2;;
	esac
	shift
done

pass=0 fail=0 skip=0
t0=$(date +%s)
step() { echo "== [$(( $(date +%s) - t0 ))s] $*"; }

# Add the closing "N passed, M failed[, K skipped]" line of a log.
add_summary() {
	local line p f k
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1)
	if [ -z "$line" ]; then
		echo "FAIL $2: no summary line (crashed, hung or did not run)"
		fail=$((fail + 1))
		return
	fi
	p=${line%% passed*}
	f=${line#*passed, }; f=${f%% failed*}
	k=0
	case $line in *skipped*) k=${line#*failed, }; k=${k%% skipped*};; esac
	pass=$((pass + p)); fail=$((fail + f)); skip=$((skip + k))
}

if [ "$install" = 1 ]; then
	step "install dependencies"
	"$root/devtools/install-deps.sh" || { echo "FAIL install-deps"; echo "0 passed, 1 failed"; exit 1; }
fi

step "build ($build)"
if [ ! -f "$build/build.ninja" ]; then
	meson setup "$build" "$root" >/dev/null || { echo "0 passed, 1 failed"; exit 1; }
fi
if ! ninja -C "$build" >"$build/ninja.log" 2>&1; then
	tail -n 40 "$build/ninja.log"
	echo "FAIL build"; echo "0 passed, 1 failed"; exit 1
fi

# DPDK sample apps the guest suite also drives, built outside the repo.
l2fwd=
suites=
if [ -z "$only" ] || [ "$only" = vm ]; then
	step "build DPDK examples (l2fwd-crypto)"
	noinst=; [ "$install" = 1 ] || noinst=--no-install
	l2fwd=$("$root/devtools/build-examples.sh" $noinst l2fwd-crypto) ||
		{ echo "FAIL build-examples l2fwd-crypto"; fail=$((fail + 1)); l2fwd=; }
	step "build DPDK's cryptodev suites (app/test) for crypto_vcrypto"
	suites=$("$root/devtools/build-dpdk-suites.sh" $noinst) ||
		{ echo "FAIL build-dpdk-suites"; fail=$((fail + 1)); suites=; }
fi

logdir=$(mktemp -d "$cache/testlogs.XXXXXX")
trap 'rm -rf "$logdir"' EXIT

if [ -z "$only" ] || [ "$only" = unit ]; then
	step "host unit and model tests (no device)"
	for exe in $(cd "$build" && find app/test-vcrypto/unit app/test-vcrypto/asym \
			-maxdepth 1 -type f -perm -u+x -name 'test-*' | sort); do
		"$build/$exe" > "$logdir/unit.log" 2>&1
		grep -E '^(FAIL|SKIP)' "$logdir/unit.log"
		add_summary "$logdir/unit.log" "$exe"
		tail -n 1 "$logdir/unit.log" | sed "s|^|  $exe: |"
	done
	python3 "$root/devtools/check-layers.py" >"$logdir/layers.log" 2>&1; grep '^FAIL' "$logdir/layers.log"; add_summary "$logdir/layers.log" check-layers; tail -n 1 "$logdir/layers.log" | sed 's/^/  check-layers: /'
	# Again with RTE_ASSERT() compiled in: the queue's run and reap
	# functions assert how they are called.
	step "host unit tests with RTE_ENABLE_ASSERT"
	abuild="$build-assert"
	exes=$(cd "$build" && find app/test-vcrypto/unit -maxdepth 1 -type f \
		-perm -u+x -name 'test-*' | sort)
	if { [ -f "$abuild/build.ninja" ] ||
	     meson setup "$abuild" "$root" -Dc_args=-DRTE_ENABLE_ASSERT \
		>/dev/null; } &&
	   ninja -C "$abuild" $exes >"$abuild/ninja.log" 2>&1; then
		for exe in $exes; do
			"$abuild/$exe" > "$logdir/unit.log" 2>&1
			grep -E '^(FAIL|SKIP|PANIC)' "$logdir/unit.log"
			add_summary "$logdir/unit.log" "$exe (asserts)"
			tail -n 1 "$logdir/unit.log" | sed "s|^|  $exe (asserts): |"
		done
	else
		tail -n 20 "$abuild/ninja.log"
		echo "FAIL build with RTE_ENABLE_ASSERT"; fail=$((fail + 1))
	fi
	# The project's own device: socket-level driver tests and its parser
	# fuzz test (ASan), no guest.
	step "vcrypto-device: socket tests and parser fuzz"
	bash "$root/app/vcrypto-device/test/run-tests.sh" "$build" \
		> "$logdir/device.log" 2>&1
	grep -E '^(FAIL|SKIP)' "$logdir/device.log"
	add_summary "$logdir/device.log" vcrypto-device
	tail -n 1 "$logdir/device.log" | sed 's/^/  vcrypto-device: /'
	step "user's path on the host: configure, install, pmdinfo, docs, example"
	"$root/devtools/check-userpath.sh" "$build" > "$logdir/userpath.log" 2>&1
	sed 's/^/  /' "$logdir/userpath.log"; add_summary "$logdir/userpath.log" check-userpath
fi

if [ -z "$only" ] || [ "$only" = vm ]; then
	plugin=$(vcrypto_stage_plugin "$build" "$cache")
	perfdata=$(ls -d "$cache"/dpdk-src/*/app/test-crypto-perf/data | tail -n 1)
	mapfile -t share < <(vcrypto_guest_shares "$root" "$build")
	# Two real devices: QEMU's builtin backend under both bindings, and
	# DPDK's vhost-crypto (QEMU cryptodev-vhost-user) with each software
	# PMD behind it. vhost_crypto cannot follow a vIOMMU: uio only.
	for run in builtin:uio builtin:vfio vhost-user:uio:aesni_mb \
		   vhost-user:uio:openssl; do
		IFS=: read -r backend binding pmd <<< "$run"
		tag=${run//:/-}
		vm=(--backend "$backend")
		[ -z "$pmd" ] || vm+=(--vhost-pmd "$pmd")
		step "guest suite: $backend backend${pmd:+ ($pmd)}, $binding binding"
		VCRYPTO_L2FWD=$l2fwd VCRYPTO_DPDK_SUITES=$suites \
			"$root/devtools/vm/run.sh" --binding "$binding" \
			"${vm[@]}" --timeout 2100 -q "${share[@]}" -- \
			"$root/app/test-vcrypto/vm/guest-suite.sh" \
			"$plugin" "$build" "$perfdata" \
			> "$logdir/vm-$tag.log" 2>&1
		echo "  (run.sh exit $?)" >> "$logdir/vm-$tag.log"
		sed "s/^/  [$tag] /" "$logdir/vm-$tag.log"
		add_summary "$logdir/vm-$tag.log" "guest suite ($tag)"
	done
	step "guest: the guide's recipes from an installed tree, virtio_pci first"
	"$root/devtools/check-recipes.sh" "$build" > "$logdir/recipes.log" 2>&1
	sed 's/^/  [recipes] /' "$logdir/recipes.log"; add_summary "$logdir/recipes.log" check-recipes
fi

step "done in $(( $(date +%s) - t0 ))s"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
