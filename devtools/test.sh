#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The vcrypto authors
#
# Run every test: install what is missing, build, host unit/model tests,
# then the guest suites through real virtio-crypto devices (QEMU's builtin
# backend under both bindings; DPDK's vhost-crypto behind QEMU's
# cryptodev-vhost-user with aesni_mb and with openssl). Closes with
# "N passed, M failed, K skipped".
#
#   devtools/test.sh [--no-install] [--only unit|vm] [--runs LIST]
#                    [--load] [--soak]
#
# --runs: guest runs to do, e.g. "builtin:uio vhost-user:uio:aesni_mb"
# (backend:binding[:vhost PMD]; default all four).
# --load: a CPU hog (a busy shell loop, nice 0) on every host CPU while
# the guests run: the suite must stay deterministic on a loaded machine.
# --soak: the extended run instead of the guest suite: VCRYPTO_SOAK_OPS
# (10^6) verified ops and a tenth of that in random ops against OpenSSL
# through the device, nothing lost, the device never failed (guest-suite.sh
# stage "soak"); default run vhost-user:uio:aesni_mb, 2 h per guest.
# Example: devtools/test.sh --no-install --only vm --soak --load
#
# How a stage counts (devtools/common.sh vcrypto_count): only by its own
# closing line, as the last line of its output, and an exit status that
# agrees with it. A guest counts only by the guest suite's own
# "guest-suite: ..." line and run.sh exit 0 (or 1 with failures): a guest
# killed, timed out (124) or failed as a VM (125) is a failure, whatever
# its sub-runners printed before. devtools/test-selftest.sh proves that.
#
# Adding a stage: write a script that prints one line per case and closes
# with "N passed, M failed[, K skipped]" (exit non-zero on failure), then
# add one line below: host_stage NAME script args... (see "host stages").
#
# Logs: every stage's log goes to $VCRYPTO_CACHE/testlogs/<time>-<pid>/
# (guests: also console, QEMU and vhost back-end logs when run.sh failed).
# Deleted when all passed; kept, and named in the closing line, otherwise.
#
# Environment: VCRYPTO_BUILD (build dir), VCRYPTO_CACHE
# (/var/cache/vcrypto), VCRYPTO_GUEST_TIMEOUT (s per guest, default 2100;
# the guest's stages must end 90 s before it, counted from the guest
# kernel's boot: firmware and shutdown), VCRYPTO_L2FWD (an
# l2fwd-crypto binary: not built then), VCRYPTO_RUN_SH (run.sh stand-in,
# for the self-test), VCRYPTO_DEVARGS (crypto_vcrypto devargs in the
# guests; vhost-user runs default to dp_timeout_ms=$VCRYPTO_VHOST_DP_TIMEOUT_MS,
# 20000), VCRYPTO_IPSEC_CRYPTO and VCRYPTO_IPSEC_CASES (the ipsec-secgw
# stage's crypto device and cases, devtools/vm/ipsec-secgw.sh).
set -u

root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/devtools/common.sh"
build=${VCRYPTO_BUILD:-$root/build}
cache=${VCRYPTO_CACHE:-/var/cache/vcrypto}
guest_timeout=${VCRYPTO_GUEST_TIMEOUT:-2100}
install=1 only= load=0 soak=0 runs=
while [ $# -gt 0 ]; do
	case $1 in
	--no-install) install=0;;
	--only) only=$2; shift;;
	--runs) runs=$2; shift;;
	--load) load=1;;
	--soak) soak=1;;
	*) echo "usage: $0 [--no-install] [--only unit|vm] [--runs LIST] [--load] [--soak]" >&2; exit 2;;
	esac
	shift
done
if [ "$soak" = 1 ]; then
	: "${runs:=vhost-user:uio:aesni_mb}"
	guest_timeout=${VCRYPTO_GUEST_TIMEOUT:-7200}
	export VCRYPTO_SUITE_STAGES=soak
fi
default_runs="builtin:uio builtin:vfio vhost-user:uio:aesni_mb vhost-user:uio:openssl builtin:uio::11 builtin:vfio::11 device:uio::11 device-sessions:uio"
: "${runs:=$default_runs}"

t0=$(date +%s)
step() { echo "== [$(( $(date +%s) - t0 ))s] $*"; }
mkdir -p "$cache/testlogs"
logdir=$cache/testlogs/$(date -u +%Y%m%dT%H%M%SZ)-$$
mkdir -p "$logdir"

# --load: one busy loop per host CPU, ended by PID.
hogs=()
start_load() {
	local i
	for ((i = 0; i < $(nproc); i++)); do
		nice -n 0 sh -c 'while :; do :; done' &
		hogs+=($!)
	done
	echo "  CPU hog on $(nproc) CPUs: pids ${hogs[*]}"
}
stop_load() {
	[ "${#hogs[@]}" = 0 ] || kill "${hogs[@]}" 2>/dev/null
	hogs=()
}
trap stop_load EXIT

# The closing line; the logs stay when anything failed.
finish() {
	stop_load
	step "done in $(( $(date +%s) - t0 ))s"
	if [ "$fail" = 0 ]; then
		rm -rf "$logdir"
		vcrypto_total
		exit 0
	fi
	echo "$pass passed, $fail failed, $skip skipped (logs: $logdir)"
	exit 1
}
# An early end (build failure): one failure, the closing line.
abort() { echo "FAIL $*"; fail=$((fail + 1)); finish; }

# host_stage NAME CMD...: run a host stage, its output shown indented and
# kept in $logdir/NAME.log, counted by its closing line.
host_stage() {
	local name=$1 rc log; shift
	log=$logdir/$name.log
	step "$name"
	"$@" > "$log" 2>&1
	rc=$?
	grep -E '^(FAIL|SKIP|PANIC)' "$log" | sed 's/^/  /'
	vcrypto_last_line "$log" | sed "s|^|  $name: |"
	vcrypto_count "$log" "$name" "$rc" || tail -n 20 "$log" | sed 's/^/  | /'
}

if [ "$install" = 1 ]; then
	step "install dependencies"
	"$root/devtools/install-deps.sh" || abort "install-deps"
fi

step "build ($build)"
if [ ! -f "$build/build.ninja" ]; then
	meson setup "$build" "$root" >/dev/null || abort "meson setup"
fi
if ! ninja -C "$build" >"$build/ninja.log" 2>&1; then
	tail -n 40 "$build/ninja.log"
	abort "build"
fi

# DPDK sample apps the guest suite also drives, built outside the repo.
l2fwd=${VCRYPTO_L2FWD:-}
suites=${VCRYPTO_DPDK_SUITES:-}
if { [ -z "$only" ] || [ "$only" = vm ]; } && [ -z "$l2fwd" ]; then
	step "build DPDK examples (l2fwd-crypto)"
	noinst=; [ "$install" = 1 ] || noinst=--no-install
	l2fwd=$("$root/devtools/build-examples.sh" $noinst l2fwd-crypto) ||
		{ echo "FAIL build-examples l2fwd-crypto"; fail=$((fail + 1)); l2fwd=; }
fi
if { [ -z "$only" ] || [ "$only" = vm ]; } && [ -z "$suites" ] && [ "$soak" = 0 ]; then
	noinst=; [ "$install" = 1 ] || noinst=--no-install
	step "build DPDK's cryptodev suites (app/test) for crypto_vcrypto"
	suites=$("$root/devtools/build-dpdk-suites.sh" $noinst) ||
		{ echo "FAIL build-dpdk-suites"; fail=$((fail + 1)); suites=; }
fi

# --- host stages (no device) ------------------------------------------------
if [ -z "$only" ] || [ "$only" = unit ]; then
	host_stage runner-selftest "$root/devtools/test-selftest.sh"
	host_stage vector-checksums "$root/devtools/check-vectors.sh" "$cache"
	host_stage check-layers python3 "$root/devtools/check-layers.py"
	step "host unit and model tests (no device)"
	for exe in $(cd "$build" && find app/test-vcrypto/unit app/test-vcrypto/asym \
			-maxdepth 1 -type f -perm -u+x -name 'test-*' | sort); do
		log=$logdir/unit-${exe##*/}.log
		"$build/$exe" > "$log" 2>&1
		rc=$?
		grep -E '^(FAIL|SKIP|PANIC)' "$log"
		vcrypto_count "$log" "$exe" "$rc"
		vcrypto_last_line "$log" | sed "s|^|  $exe: |"
	done
	# Again with RTE_ASSERT() compiled in: the queue's run and reap
	# functions assert how they are called. The same cases: one check per
	# executable (all its cases pass with asserts on), not a second total.
	step "host unit tests with RTE_ENABLE_ASSERT (one check per executable)"
	abuild="$build-assert"
	exes=$(cd "$build" && find app/test-vcrypto/unit -maxdepth 1 -type f \
		-perm -u+x -name 'test-*' | sort)
	if { [ -f "$abuild/build.ninja" ] ||
	     meson setup "$abuild" "$root" -Dc_args=-DRTE_ENABLE_ASSERT \
		>/dev/null; } &&
	   ninja -C "$abuild" $exes >"$abuild/ninja.log" 2>&1; then
		for exe in $exes; do
			log=$logdir/unit-${exe##*/}-assert.log
			"$abuild/$exe" > "$log" 2>&1
			rc=$?
			line=$(vcrypto_last_line "$log")
			if [ "$rc" = 0 ] && [[ $line =~ $VCRYPTO_SUMMARY_RE ]] &&
			   [[ $line == *" 0 failed"* ]]; then
				pass=$((pass + 1))
				echo "  $exe (asserts): $line: PASS"
			else
				grep -E '^(FAIL|PANIC)' "$log"
				echo "FAIL $exe (asserts): exit $rc, last line '$line'"
				fail=$((fail + 1))
			fi
		done
	else
		tail -n 20 "$abuild/ninja.log"
		echo "FAIL build with RTE_ENABLE_ASSERT"; fail=$((fail + 1))
	fi
	# The project's own device: socket-level driver tests and its parser
	# fuzz test (ASan), no guest.
	host_stage vcrypto-device bash "$root/app/vcrypto-device/test/run-tests.sh" \
		"$build"
	# crypto_vcrypto_user (virtio-user) on the host against vcrypto-device.
	host_stage virtio-user bash "$root/app/test-vcrypto/user/run-tests.sh" "$build"
	host_stage check-userpath "$root/devtools/check-userpath.sh" "$build"
	# Unit tests and fuzz targets under ASan+UBSan and TSan.
	host_stage sanitizers "$root/devtools/test-sanitizers.sh" --build "$build"
fi

# --- guests -----------------------------------------------------------------
if [ -z "$only" ] || [ "$only" = vm ]; then
	plugin=$(vcrypto_stage_plugin "$build" "$cache")
	perfdata=$(vcrypto_perf_data "$cache")
	mapfile -t share < <(vcrypto_guest_shares "$root" "$build")
	[ "$load" = 0 ] || start_load
	# Two real devices: QEMU's builtin backend under both bindings, and
	# DPDK's vhost-crypto (QEMU cryptodev-vhost-user) with each software
	# PMD behind it. vhost_crypto cannot follow a vIOMMU: uio only.
	# QEMU 11.1's builtin too (run.sh --qemu 11, Debian 13 root), ours
	# behind QEMU 11's vhost-user-test-device-pci (device) and behind QEMU
	# 7.2's own virtio-crypto-pci + cryptodev-vhost-user, sessions as
	# vhost-user messages (device-sessions): RUN is
	# BACKEND:BINDING[:VHOST_PMD[:QEMU]].
	for run in $runs; do
		IFS=: read -r backend binding pmd qemu <<< "$run"
		tag=${run//:/-}
		vm=(--backend "$backend" --qemu "${qemu:-7}")
		[ -z "$pmd" ] || vm+=(--vhost-pmd "$pmd")
		case $backend in device*)
			vm+=(--device-bin "$build/app/vcrypto-device/vcrypto-device");;
		esac
		step "guest suite: $backend backend${pmd:+ ($pmd)}, $binding binding${qemu:+, QEMU $qemu}"
		log=$logdir/vm-$tag.log
		# A software back end shares the host's CPUs: under load its
		# worker was measured going 1.7 s without a CPU (sched-summary);
		# CI once saw 3 s, which the PMD's default dp_timeout_ms (3000)
		# took for a dead device. A slow back end is not a failed one:
		# 20 s still catches a real stall (neg/large-op: vhost-crypto
		# drops requests above ~2 KB, the PMD fails and recovers).
		devargs=${VCRYPTO_DEVARGS:-}
		# Expected lists (app/test-vcrypto/vm/expect/DEVICE): QEMU 11's
		# builtin device is a device of its own (no RSA, 1 MiB max_size).
		device=
		[ "${qemu:-7}" = 7 ] || device=$backend-qemu$qemu
		[ "$backend" != vhost-user ] ||
			devargs=${devargs:-dp_timeout_ms=${VCRYPTO_VHOST_DP_TIMEOUT_MS:-20000}}
		VCRYPTO_DEVICE=$device VCRYPTO_DEVARGS=$devargs VCRYPTO_L2FWD=$l2fwd VCRYPTO_DPDK_SUITES=$suites \
		VCRYPTO_SUITE_BUDGET=$((guest_timeout - 90)) \
		"${VCRYPTO_RUN_SH:-$root/devtools/vm/run.sh}" --binding "$binding" \
			"${vm[@]}" --timeout "$guest_timeout" -q \
			--save-logs "$logdir/vm-$tag" "${share[@]}" -- \
			"$root/app/test-vcrypto/vm/guest-suite.sh" \
			"$plugin" "$build" "$perfdata" > "$log" 2> "$log.run.sh"
		rc=$?
		# The guest's output (run.sh's stdout) is what counts; run.sh's
		# own messages (timeout, VM failure, console tail) come after.
		sed "s/^/  [$tag] /" "$log" "$log.run.sh"
		echo "  [$tag] (run.sh exit $rc)"
		# The vhost back end's threads: CPU share, longest off-CPU.
		f=$logdir/vm-$tag/vhost-sched-summary
		[ ! -f "$f" ] || sed "s/^/  [$tag] back end thread /" "$f"
		vcrypto_count_guest "$log" "guest suite ($tag)" "$rc"
	done
	# Linux's own virtio_crypto driver on QEMU 11's builtin device and on
	# ours: with the default guest runs only (not with --runs or --soak).
	[ "$runs" != "$default_runs" ] || host_stage "linux-driver-qemu11" "$root/devtools/vm/linux-driver-check.sh" -q --qemu 11
	[ "$runs" != "$default_runs" ] || host_stage "linux-driver-device" "$root/devtools/vm/linux-driver-check.sh" -q \
		--backend device --device-bin "$build/app/vcrypto-device/vcrypto-device"
	# Ours behind QEMU 11.1's own virtio-crypto-pci and cryptodev-vhost-user:
	# QEMU sends the sessions as 1072-byte vhost-user messages.
	[ "$runs" != "$default_runs" ] || host_stage "linux-driver-device-sessions" "$root/devtools/vm/linux-driver-check.sh" -q \
		--qemu 11 --backend device-sessions --device-bin "$build/app/vcrypto-device/vcrypto-device"
	# The guide's recipes from an installed tree, virtio_pci owning the
	# function (l2fwd-crypto on a NIC included), then the vfio-pci ones
	# behind a vIOMMU: with the default guest runs only, like the stages
	# above.
	[ "$runs" != "$default_runs" ] || host_stage check-recipes "$root/devtools/check-recipes.sh" "$build"
	# DPDK's ipsec-secgw suite (AES-CBC + HMAC-SHA1) between a gateway
	# guest and a Linux peer guest doing ESP, through crypto_vcrypto on
	# DPDK's vhost-crypto (aesni_mb) with max_nb_queue_pairs=2: default
	# guest runs only. Two linux_test.sh runs, tunnel over IPv4 and
	# transport over IPv6 (~10 min each under TCG with the back end
	# polling a CPU); the four-run default of ipsec-secgw.sh and --full
	# are the extended runs. VCRYPTO_IPSEC_CASES and VCRYPTO_IPSEC_CRYPTO
	# (aesni_mb|openssl: the bed alone, no virtio-crypto) override.
	if [ "$runs" = "$default_runs" ]; then
		noinst=; [ "$install" = 1 ] || noinst=--no-install
		if sgw=$("$root/devtools/build-examples.sh" $noinst ipsec-secgw); then
			# shellcheck disable=SC2086 # a list of cases
			host_stage ipsec-secgw "$root/devtools/vm/ipsec-secgw.sh" -q \
				--crypto "${VCRYPTO_IPSEC_CRYPTO:-vcrypto}" \
				--plugin "$plugin" --sgw "$sgw" --save-logs "$logdir/ipsec-secgw" \
				${VCRYPTO_IPSEC_CASES:-tun_aescbc_sha1:ipv4:library trs_aescbc_sha1:ipv6:esn-atom}
		else
			echo "FAIL build-examples ipsec-secgw"; fail=$((fail + 1))
		fi
	fi
fi

finish
