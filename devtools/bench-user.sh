#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The vcrypto authors
#
# Host benchmark of crypto_vcrypto_user (virtio-user, no guest) in one
# run, same cores for every row: the back end's worker alone on the last
# CPU, crypto-perf's worker on CPU 0 (its main lcore, which only waits,
# beside the back end at SCHED_IDLE).
#
#   native <pmd>        crypto-perf on the back end's cryptodev directly
#                       (crypto_openssl, crypto_aesni_mb): the limit
#   vhost_crypto+<pmd>  DPDK 22.11's vhost_crypto example with that
#                       cryptodev, through crypto_vcrypto_user in
#                       session-message mode
#   vcrypto-device+openssl / +null
#                       the project's device (control-vring mode) polling
#                       its data queue (--poll-us 100, as vhost_crypto
#                       polls); the null engine does no crypto (output =
#                       input): what is left is the cost of a request
#   vcrypto-device+null,sleep
#                       the same with the device's default: it sleeps in
#                       epoll until the PMD kicks (an eventfd write)
#
# Throughput: AES-128-CBC encrypt, 64/256/1024/2048 B, burst 32, and
# AES-128-CBC + HMAC-SHA1 at 64 and 2048 B; latency at 64 B: the round
# trip of one op (dpdk-test-vcrypto-cycles --rtt: enqueue, poll until it
# is back; median and 99th percentile) and crypto-perf's latency test at
# burst 1 and 32 (which keeps enqueuing while it polls: on an
# asynchronous device that is the wait behind a full ring); cycles per op
# inside the PMD at 64 B (dpdk-test-vcrypto-cycles: enqueue + dequeue
# calls that returned ops, against the whole loop). Medians of --reps.
# Writes the table to --out (default doc/guides/cryptodevs/
# vcrypto_bench_user.txt). Compare ratios within one run.
#
#   devtools/bench-user.sh [--reps N] [--ops N] [--out FILE]
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/devtools/common.sh"
build=${VCRYPTO_BUILD:-$root/build}
cache=${VCRYPTO_CACHE:-/var/cache/vcrypto}
reps=3 ops=200000 out=$root/doc/guides/cryptodevs/vcrypto_bench_user.txt
while [ $# -gt 0 ]; do
	case $1 in
	--reps) reps=$2; shift;;
	--ops) ops=$2; shift;;
	--out) out=$2; shift;;
	*) echo "usage: $0 [--reps N] [--ops N] [--out FILE]" >&2; exit 2;;
	esac
	shift
done

[ -f "$build/build.ninja" ] || meson setup "$build" "$root" >/dev/null
ninja -C "$build" >/dev/null || exit 1
plugin=$(vcrypto_stage_plugin "$build" "$cache")
device=$build/app/vcrypto-device/vcrypto-device
cyc=$build/app/test-vcrypto/cycles/dpdk-test-vcrypto-cycles
vc=$(bash "$root/devtools/vm/vhost-crypto.sh" build 2>/dev/null |
	sed -n 's/^VHOST_CRYPTO=//p')
perf=$(command -v dpdk-test-crypto-perf)
[ -x "$vc" ] && [ -x "$device" ] && [ -n "$perf" ] || {
	echo "bench-user: needs vhost_crypto (devtools/vm/vhost-crypto.sh build)," \
		"vcrypto-device and dpdk-test-crypto-perf" >&2
	exit 1
}
cpu=$(($(nproc) - 1))
[ "$cpu" -ge 1 ] || { echo "bench-user: needs 2 CPUs" >&2; exit 1; }
dir=$(mktemp -d "${TMPDIR:-/tmp}/vcrypto-bench.XXXXXX")
chmod 700 "$dir"
sock=$dir/b.sock
raw=$dir/raw
bepid=
stop_backend() {
	[ -n "$bepid" ] || return 0
	kill "$bepid" 2>/dev/null
	for _ in $(seq 30); do kill -0 "$bepid" 2>/dev/null || break; sleep 0.1; done
	kill -9 "$bepid" 2>/dev/null
	bepid=
}
trap 'stop_backend; rm -rf "$dir"' EXIT

# start_backend ROW: the row's back end on $sock, alone on CPU $cpu.
start_backend() {
	stop_backend
	rm -f "$sock"
	case $1 in
	vhost_crypto+*)
		setsid "$vc" --lcores "0@$cpu,1@$cpu" --no-pci --no-huge -m 512 \
			--no-shconf --no-telemetry --file-prefix "vcbb$$" \
			--vdev "crypto_${1#vhost_crypto+}" -- --config "(1,0,0)" \
			--socket-file "1,$sock" < /dev/null > "$dir/be.log" 2>&1 &
		bepid=$!;;
	vcrypto-device+*)
		local eng=${1#vcrypto-device+} poll=100
		case $eng in *,sleep) eng=${eng%,sleep} poll=0;; esac
		setsid taskset -c "$cpu" "$device" --socket "$sock" --queues 1 \
			--engine "$eng" --poll-us "$poll" -q < /dev/null \
			> "$dir/be.log" 2>&1 &
		bepid=$!;;
	*) return 0;;
	esac
	for _ in $(seq 100); do [ -S "$sock" ] && break; sleep 0.1; done
	[ -S "$sock" ] || { echo "bench-user: $1 did not listen" >&2; cat "$dir/be.log" >&2; return 1; }
	# vhost_crypto's main lcore only waits for its worker.
	case $1 in vhost_crypto+*) chrt --idle -p 0 "$bepid" >/dev/null 2>&1;; esac
	return 0
}

# EAL and devtype of a row.
row_eal() {
	local common="--lcores 0@$cpu,1@0 -n 1 --no-huge -m 1024 --iova-mode=va --no-pci --file-prefix=vcb$$"
	case $1 in
	native\ *) echo "$common --vdev crypto_${1#native }";;
	*) echo "$common -d $plugin --vdev crypto_vcrypto_user0,path=$sock";;
	esac
}
row_dev() {
	case $1 in
	native\ *) echo "crypto_${1#native }";;
	*) echo crypto_vcrypto_user;;
	esac
}

# run_bg LOG CMD...: run CMD with its main thread (EAL's main lcore,
# which only waits) at SCHED_IDLE once it started.
run_bg() {
	local log=$1 pid app _; shift
	timeout 600 "$@" > "$log" 2>&1 &
	pid=$!
	# Once EAL made the worker lcore (threads made later would inherit
	# the policy), the main thread only: its TID is the process id.
	for _ in $(seq 100); do
		app=$(pgrep -P "$pid" | head -n 1)
		[ -n "$app" ] && grep -qs '^lcore-worker' /proc/"$app"/task/*/comm &&
			{ chrt --idle -p 0 "$app" >/dev/null 2>&1; break; }
		sleep 0.05
	done
	wait "$pid"
}

cipher="--cipher-algo aes-cbc --cipher-op encrypt --cipher-key-sz 16 --cipher-iv-sz 16"
auth="--auth-algo sha1-hmac --auth-op generate --auth-key-sz 64 --digest-sz 12"

# measure ROW REP: every figure of one row, appended to $raw.
measure() {
	local row=$1 rep=$2 log=$dir/perf.log eal dev
	eal=$(row_eal "$row") dev=$(row_dev "$row")
	start_backend "$row" || return 1
	# shellcheck disable=SC2086
	run_bg "$log" "$perf" $eal -- --devtype "$dev" --ptest throughput \
		--optype cipher-only $cipher --buffer-sz 64,256,1024,2048 \
		--burst-sz 32 --total-ops "$ops" --silent
	grep -E '^ +[0-9]+ +[0-9]+ +32 ' "$log" | awk -v r="$row" \
		'$4 == $5 { printf "T|%s|cipher|%s|%s\n", r, $2, $8 }' >> "$raw"
	start_backend "$row" || return 1
	# shellcheck disable=SC2086
	run_bg "$log" "$perf" $eal -- --devtype "$dev" --ptest throughput \
		--optype cipher-then-auth $cipher $auth --buffer-sz 64,2048 \
		--burst-sz 32 --total-ops "$ops" --silent
	grep -E '^ +[0-9]+ +[0-9]+ +32 ' "$log" | awk -v r="$row" \
		'$4 == $5 { printf "T|%s|chain|%s|%s\n", r, $2, $8 }' >> "$raw"
	for b in 1 32; do
		start_backend "$row" || return 1
		# shellcheck disable=SC2086
		run_bg "$log" "$perf" $eal -- --devtype "$dev" --ptest latency \
			--optype cipher-only $cipher --buffer-sz 64 --burst-sz "$b" \
			--total-ops $((ops / 20)) --silent
		awk -v r="$row" -v b="$b" \
			'/time \[us\]/ { printf "L|%s|%s|%s\n", r, b, $5 }' "$log" >> "$raw"
	done
	# The cycles tool runs its loop on EAL's main lcore: that one on CPU 0.
	start_backend "$row" || return 1
	# shellcheck disable=SC2086
	timeout 600 "$cyc" ${eal/--lcores 0@$cpu,1@0/--lcores 0@0} \
		--log-level=pmd.crypto.*:warning -- \
		--devtype "$dev" --size 64 --ops "$ops" --burst 32 > "$log" 2>&1
	sed -n 's/^CYC,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,\([^,]*\),\([^,]*\),\([^,]*\),.*/C|'"$row"'|\1|\2|\3/p' \
		"$log" >> "$raw"
	start_backend "$row" || return 1
	# shellcheck disable=SC2086
	timeout 600 "$cyc" ${eal/--lcores 0@$cpu,1@0/--lcores 0@0} \
		--log-level=pmd.crypto.*:warning -- \
		--devtype "$dev" --size 64 --ops $((ops / 20)) --burst 1 --rtt > "$log" 2>&1
	awk -F, -v r="$row" '$1 == "RTT" { printf "R|%s|%s|%s\n", r, $8, $9 }' \
		"$log" >> "$raw"
	stop_backend
	echo "bench-user: $row rep $rep done" >&2
}

rows=("native openssl" "vhost_crypto+openssl" "vcrypto-device+openssl"
      "vcrypto-device+null" "vcrypto-device+null,sleep" "native aesni_mb"
      "vhost_crypto+aesni_mb")
: > "$raw"
for rep in $(seq "$reps"); do
	for row in "${rows[@]}"; do
		measure "$row" "$rep"
	done
done
python3 "$root/devtools/bench_user_table.py" "$raw" "$reps" "$ops" | tee "$out"
echo "bench-user: table written to $out"
