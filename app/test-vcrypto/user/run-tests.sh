#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The vcrypto authors
#
# crypto_vcrypto_user (virtio-user over vhost-user, control-vring mode) on
# the host, no guest: app/vcrypto-device serves a socket in a private
# directory (session-message mode against DPDK's vhost_crypto:
# session-tests.sh, called at the end); the project's KAT, asymmetric and differential apps and
# dpdk-test-crypto-perf run through the PMD with --no-huge memory (a memfd
# EAL shares through SET_MEM_TABLE); then probe refusals and a back end
# killed mid-run. One line per case, closing "N passed, N failed, N skipped".
#
#   app/test-vcrypto/user/run-tests.sh [BUILD_DIR]
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
# shellcheck source=devtools/common.sh
. "$root/devtools/common.sh"
cache=${VCRYPTO_CACHE:-/var/cache/vcrypto}
plugin=$(vcrypto_stage_plugin "$build" "$cache")
device=$build/app/vcrypto-device/vcrypto-device
perfdata=$(vcrypto_perf_data "$cache")
dir=$(mktemp -d "${TMPDIR:-/tmp}/vcrypto-user.XXXXXX")
chmod 700 "$dir"
sock=$dir/vc.sock
log=$dir/run.log
devpid=
pass=0 fail=0 skip=0

ok() { echo "PASS $*"; pass=$((pass + 1)); }
ko() { echo "FAIL $*"; fail=$((fail + 1)); }
sk() { echo "SKIP $*"; skip=$((skip + 1)); }

stop_device() {
	if [ -n "$devpid" ]; then
		kill "$devpid" 2>/dev/null
		# Disowned: wait by polling, so that it cannot remove the
		# socket of the next one on its way out.
		for _ in $(seq 50); do
			kill -0 "$devpid" 2>/dev/null || break
			sleep 0.1
		done
		devpid=
	fi
}
cleanup() {
	stop_device
	! mountpoint -q "$dir/huge" || umount "$dir/huge"
	[ "${hp_added:-0}" = 0 ] || hp_adjust "-$hp_added"
	rm -rf "$dir"
}
trap cleanup EXIT

# start_device [vcrypto-device options]: a fresh back end on $sock.
start_device() {
	local _
	stop_device
	rm -f "$sock"
	"$device" --socket "$sock" "$@" > "$dir/device.log" 2>&1 &
	devpid=$!
	disown "$devpid" 2>/dev/null	# no "Killed" notice from bash
	for _ in $(seq 50); do
		[ -S "$sock" ] && return 0
		sleep 0.1
	done
	ko "vcrypto-device did not listen on $sock"; cat "$dir/device.log"
	return 1
}

# EAL arguments; the file prefix keeps us apart from other DPDK processes.
eal() {
	echo "-l 0-1 -n 1 --no-huge -m 512 --iova-mode=va --no-pci" \
		"--file-prefix=vcu$$ -d $plugin" \
		"--vdev crypto_vcrypto_user0,path=$sock${1:+,$1}"
}

# Add the counts of a sub-runner's closing "N passed, M failed" line.
add_summary() {
	local line p f k=0
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1)
	if [ -z "$line" ]; then
		ko "$2: no summary line (crashed or hung?)"; tail -n 5 "$1"
		return
	fi
	p=${line%% passed*}
	f=${line#*passed, }; f=${f%% failed*}
	case $line in *skipped*) k=${line#*failed, }; k=${k%% skipped*};; esac
	echo "$2: $line"
	pass=$((pass + p)); fail=$((fail + f)); skip=$((skip + k))
}

for b in "$device" "$build/app/test-vcrypto/dpdk-test-vcrypto"; do
	[ -x "$b" ] || { echo "missing $b (build first)"; echo "0 passed, 1 failed"; exit 1; }
done

echo "## back end: vcrypto-device --engine openssl"
start_device --engine openssl --queues 2 || exit 1

echo "## capabilities the device advertised"
# shellcheck disable=SC2046
timeout 120 "$build/app/test-vcrypto/dpdk-test-vcrypto" $(eal) \
	--log-level=pmd.crypto.vcrypto:info -- --driver crypto_vcrypto_user \
	--list-caps > "$log" 2>&1
grep -E 'vcrypto_caps_validate|negotiate|attach\(\)|^# (cap|features)' "$log"

echo "## known-answer and negative tests (dpdk-test-vcrypto)"
# shellcheck disable=SC2046
timeout 900 "$build/app/test-vcrypto/dpdk-test-vcrypto" $(eal) \
	--log-level=pmd.crypto.vcrypto:notice -- --driver crypto_vcrypto_user \
	${perfdata:+--perf-data "$perfdata"} > "$log" 2>&1
echo "(exit $?)" >> "$log"
grep -vE '^EAL:|^TELEMETRY:|^CRYPTODEV:|^# cap' "$log"
add_summary "$log" dpdk-test-vcrypto

if [ -x "$build/app/test-vcrypto/asym/dpdk-test-vcrypto-asym" ]; then
	echo "## asymmetric known-answer tests (dpdk-test-vcrypto-asym)"
	# shellcheck disable=SC2046
	timeout 900 "$build/app/test-vcrypto/asym/dpdk-test-vcrypto-asym" $(eal) \
		--log-level=pmd.crypto.vcrypto:notice -- --driver crypto_vcrypto_user \
		> "$log" 2>&1
	echo "(exit $?)" >> "$log"
	# vcrypto-device (OpenSSL) takes an RSA key with an even modulus,
	# which the standard leaves to the device: that one case, when it is
	# the only failure, is the device's and counted as a skip.
	if [ "$(grep -c '^FAIL' "$log")" = 1 ] &&
	   grep -q '^FAIL neg-key-even-modulus' "$log"; then
		sed -i -E -e 's/^([0-9]+) passed, 1 failed, ([0-9]+) skipped/\1 passed, 0 failed, \2 skipped/' \
			-e 's/^FAIL neg-key-even-modulus/XFAIL neg-key-even-modulus/' "$log"
		sk "asym neg-key-even-modulus: vcrypto-device accepts an even RSA modulus (device's choice, not the transport)"
	fi
	grep -vE '^EAL:|^TELEMETRY:|^CRYPTODEV:|^(PASS|SKIP) (siggen|sigver)' "$log"
	add_summary "$log" dpdk-test-vcrypto-asym
fi

if [ -x "$build/app/test-vcrypto/diff/dpdk-test-vcrypto-diff" ]; then
	echo "## seeded random ops against OpenSSL (dpdk-test-vcrypto-diff)"
	# Ciphers and cipher+MAC chains, every layout; 300 ops a group
	# (624 groups: ~20 s here).
	# shellcheck disable=SC2046
	timeout 900 "$build/app/test-vcrypto/diff/dpdk-test-vcrypto-diff" $(eal) \
		--log-level=pmd.crypto.vcrypto:notice -- --driver crypto_vcrypto_user \
		--iterations 300 > "$log" 2>&1
	echo "(exit $?)" >> "$log"
	grep -vE '^EAL:|^TELEMETRY:|^CRYPTODEV:|^PASS' "$log" | tail -n 15
	add_summary "$log" dpdk-test-vcrypto-diff
fi

# crypto-perf: a result row is "lcore size burst enq deq ... failed-ops".
perf() {
	local args
	args=$(eal "${devargs:-}")
	# shellcheck disable=SC2086
	timeout "${perf_timeout:-300}" dpdk-test-crypto-perf $args \
		--log-level=pmd.crypto.vcrypto:notice \
		-- --devtype crypto_vcrypto_user --silent "$@" > "$log" 2>&1
}
row() { grep -E '^ +[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+' "$log" | tail -n 1; }

echo "## queue pairs sharing one data queue (max_nb_queue_pairs=3, --queues 1)"
start_device --engine openssl --queues 1 || exit 1
# Every known answer through the shared queue pairs' bursts, and the case
# that runs on two of them at once.
# shellcheck disable=SC2046
timeout 900 "$build/app/test-vcrypto/dpdk-test-vcrypto" \
	$(eal max_nb_queue_pairs=3) \
	--log-level=pmd.crypto.vcrypto:info -- --driver crypto_vcrypto_user \
	${perfdata:+--perf-data "$perfdata"} > "$log" 2>&1
echo "(exit $?)" >> "$log"
grep -E '^(FAIL|PASS life/queue-pairs-shared)|queue pairs over|^[0-9]+ passed' "$log"
add_summary "$log" "dpdk-test-vcrypto (shared queue pairs)"
start_device --engine openssl --queues 2 || exit 1

# perf_verify PREFIX KEYBITS encrypt|decrypt: crypto-perf verify, AES-CBC
# cipher-only, 2000 ops of 2048 B against DPDK's vectors; all must pass.
perf_verify() {
	local name="${1}perf-verify aes-cbc-$2 cipher-only $3 buf 2048"
	perf --ptest verify --test-file "$perfdata/aes_cbc_${2}_sha.data" \
		--test-name sha1_hmac_buff_2048 --optype cipher-only \
		--cipher-algo aes-cbc --cipher-op "$3" \
		--cipher-key-sz $(($2 / 8)) --cipher-iv-sz 16 \
		--buffer-sz 2048 --burst-sz 32 --total-ops 2000
	# shellcheck disable=SC2046
	set -- $(row)
	if [ $# -ge 8 ] && [ "$4" = 2000 ] && [ "$5" = 2000 ] && [ "$8" = 0 ]; then
		ok "$name (2000 ops, 0 failed)"
	else
		ko "$name: result row '$(row)'"; tail -n 5 "$log"
	fi
}

echo "## dpdk-test-crypto-perf verify (DPDK's test vectors)"
if ! command -v dpdk-test-crypto-perf > /dev/null; then
	sk "perf-verify: dpdk-test-crypto-perf not installed (dpdk package)"
elif [ -z "$perfdata" ]; then
	sk "perf-verify: no crypto-perf data (devtools/get-dpdk-sdk.sh)"
else
	for ks in 128 256; do
		for dir_ in encrypt decrypt; do
			perf_verify "" "$ks" "$dir_"
		done
	done
fi

echo "## hugepages, EAL's dynamic memory (--single-file-segments): hot-plug"
# EAL's default with hugepages: memory grows as the app allocates, after
# the PMD sent its table. Each allocation must reach the back end
# (SET_MEM_TABLE again) before anything in it is posted, or the device
# refuses those buffers (strict: "outside guest memory"). 256 more 2 MiB
# pages for the run, in a hugetlbfs of our own, given back after.
hp_added=0
hp_adjust() {	# hp_adjust DELTA: pages added (or given back) counted
	hp_added=$((hp_added + $(vcrypto_hugepages_adjust "$cache" "$1")))
}
mkdir -p "$dir/huge"
if [ "$(id -u)" != 0 ]; then
	sk "hugepages: needs root (nr_hugepages, a hugetlbfs mount)"
elif hp_adjust 256 && [ "$hp_added" -lt 256 ]; then
	sk "hugepages: only $hp_added of 256 2 MiB pages free on this host"
elif ! mount -t hugetlbfs -o pagesize=2M,size=512M,mode=0700 nodev "$dir/huge"; then
	sk "hugepages: cannot mount a hugetlbfs"
else
	start_device --engine openssl --queues 1 || exit 1
	# shellcheck disable=SC2046
	timeout 900 "$build/app/test-vcrypto/dpdk-test-vcrypto" \
		$(eal | sed "s|--no-huge -m 512|--huge-dir $dir/huge --single-file-segments|") \
		--log-level=pmd.crypto.vcrypto:info -- --driver crypto_vcrypto_user \
		${perfdata:+--perf-data "$perfdata"} > "$log" 2>&1
	echo "(exit $?)" >> "$log"
	grep -E '^FAIL|memory table|^[0-9]+ passed' "$log" | sort | uniq -c | head -n 8
	add_summary "$log" "dpdk-test-vcrypto (hugepages, dynamic memory)"
	n=$(grep -c 'memory table re-sent after EAL allocated' "$log")
	if [ "$n" -gt 0 ]; then
		ok "hugepages: memory table re-sent after $n EAL allocation(s)"
	else
		ko "hugepages: EAL allocated no memory after probe, or the PMD did not re-send its table"
	fi
	v=$(grep -c 'VIOLATION address' "$dir/device.log")
	if [ "$v" = 0 ]; then
		ok "hugepages: the device saw no buffer outside the memory table"
	else
		ko "hugepages: $v buffers outside the memory table"; grep -m 3 VIOLATION "$dir/device.log"
	fi
	stop_device
	umount "$dir/huge"
fi
[ "$hp_added" = 0 ] || hp_adjust "-$hp_added"

echo "## a back end that polls (vcrypto-device --poll-us)"
# The device polls 200 us after each request with the PMD's kicks off,
# then turns them on and sleeps. Round trips of one op, back to back
# (served by polling, no kick) and 2 ms apart (each must wake the device
# with a kick again): an op the device never sees fails the run after
# 5 s. Then crypto-perf verify through the polling device.
cyc=$build/app/test-vcrypto/cycles/dpdk-test-vcrypto-cycles
if [ -x "$cyc" ]; then
	start_device --engine openssl --queues 1 --poll-us 200 || exit 1
	for gap in 0 2000; do
		# shellcheck disable=SC2046
		timeout 120 "$cyc" $(eal) --log-level=pmd.crypto.vcrypto:notice -- \
			--devtype crypto_vcrypto_user --size 64 --burst 1 --rtt \
			--ops 500 --gap-us "$gap" > "$log" 2>&1
		rc=$?
		r=$(grep '^RTT,' "$log")
		if [ $rc -eq 0 ] && [ -n "$r" ]; then
			ok "poll: 500 round trips ${gap} us apart (median/p99/max us: $(echo "$r" | cut -d, -f8-10))"
		else
			ko "poll: round trips ${gap} us apart (exit $rc)"; tail -n 5 "$log"
		fi
	done
	if command -v dpdk-test-crypto-perf > /dev/null && [ -n "$perfdata" ]; then
		perf_verify "poll: " 128 encrypt
	else
		sk "poll: perf-verify: no dpdk-test-crypto-perf or crypto-perf data"
	fi
	start_device --engine openssl --queues 2 || exit 1
else
	sk "poll: dpdk-test-vcrypto-cycles not built"
fi

echo "## probe refusals"
# shellcheck disable=SC2046
timeout 60 "$build/app/test-vcrypto/dpdk-test-vcrypto" $(eal) \
	--vdev "crypto_vcrypto_user1,path=$dir/none.sock" \
	--log-level=pmd.crypto.vcrypto:notice -- --driver crypto_vcrypto_user \
	--list-caps > "$log" 2>&1
rc=$?
if [ $rc -ne 124 ] && grep -q "cannot connect to vhost-user back end $dir/none.sock" "$log"; then
	ok "probe: no back end at the socket is refused with a message"
else
	ko "probe: no back end (exit $rc)"; tail -n 5 "$log"
fi
args=$(eal queue_size=100)
# shellcheck disable=SC2086
timeout 60 "$build/app/test-vcrypto/dpdk-test-vcrypto" $args \
	--log-level=pmd.crypto.vcrypto:notice -- --driver crypto_vcrypto_user \
	--list-caps > "$log" 2>&1
if grep -q "bad devargs" "$log"; then ok "probe: queue_size=100 refused (power of 2)"
else ko "probe: queue_size=100 accepted"; tail -n 5 "$log"; fi
args=$(eal | sed 's/--iova-mode=va/--iova-mode=pa/')
# shellcheck disable=SC2086
timeout 60 "$build/app/test-vcrypto/dpdk-test-vcrypto" $args \
	--log-level=pmd.crypto.vcrypto:notice -- --driver crypto_vcrypto_user \
	--list-caps > "$log" 2>&1
if grep -q "Selected IOVA mode 'VA'" "$log"; then
	sk "probe: IOVA as PA: EAL picks VA anyway here (no physical addresses with --no-huge)"
elif grep -q "iova-mode=va" "$log"; then ok "probe: IOVA as PA refused, message names --iova-mode=va"
else ko "probe: --iova-mode=pa"; tail -n 5 "$log"; fi

echo "## misbehaving back ends (app/test-vcrypto/user/bad-peer.py)"
# Each breaks the protocol once; the probe must fail with the message
# given here, within the PMD's 2 s reply deadline, without a crash.
while IFS='|' read -r mode want; do
	rm -f "$dir/bad.sock"
	python3 "$here/bad-peer.py" "$dir/bad.sock" "$mode" &
	peer=$!
	for _ in $(seq 50); do [ -S "$dir/bad.sock" ] && break; sleep 0.1; done
	args=$(eal | sed "s|path=$sock|path=$dir/bad.sock|")
	# shellcheck disable=SC2086
	timeout 60 "$build/app/test-vcrypto/dpdk-test-vcrypto" $args \
		--log-level=pmd.crypto.vcrypto:notice -- --driver crypto_vcrypto_user \
		--list-caps > "$log" 2>&1
	rc=$?
	kill "$peer" 2>/dev/null; wait "$peer" 2>/dev/null
	if [ $rc -eq 124 ] || [ $rc -gt 128 ]; then
		ko "bad peer $mode: the app hung or crashed (exit $rc)"; tail -n 5 "$log"
	elif grep -q "probed on" "$log"; then
		ko "bad peer $mode: device probed"; tail -n 5 "$log"
	elif grep -qE "$want" "$log"; then
		ok "bad peer $mode: refused at probe ($(grep -oE "$want" "$log" | head -n 1))"
	else
		ko "bad peer $mode: no '$want' in the log"; grep vcrypto "$log" | tail -n 5
	fi
done <<'MODES'
noproto|offers no protocol features
noconfig|lack CONFIG
badsize|bad reply to GET_FEATURES
wrongreq|bad reply to GET_FEATURES
noreplyflag|bad reply to GET_FEATURES
fds|GET_FEATURES reply carries fds
close|connection closed
silent|no reply within 2 s
nack|back end refused SET_FEATURES
badqnum|GET_QUEUE_NUM 1 \(need 2..256\)
badconfig|GET_CONFIG reply for offset
sessbadsize|bad reply to CREATE_CRYPTO_SESSION: .* size 624
sesswrongreq|bad reply to CREATE_CRYPTO_SESSION: request 27
sessneg|accepted no trial cipher session
sessclose|broke the session protocol during the trial sessions
MODES

# Until the device has taken data requests (its SIGUSR1 counter dump),
# then a little more: the kill finds ops in flight, not a probe.
wait_data_served() {
	for _ in $(seq 240); do
		kill -USR1 "$devpid" 2>/dev/null
		sleep 0.5
		grep -qE 'queue 0: [1-9][0-9]* requests' "$dir/device.log" && break
	done
	sleep 1
}

# Ask the app (pid $1, EAL file prefix vcu$$) for /vcrypto/health,0 over
# DPDK telemetry until it says failed (up to 20 s or the app's exit);
# prints the last reply.
health_failed() {
	local r= i
	for i in $(seq 40); do
		kill -0 "$1" 2>/dev/null || break
		r=$(timeout 10 python3 -S "$here/../telemetry.py" "vcu$$" \
			/vcrypto/health,0 2>/dev/null)
		echo "$r" | grep -qE '"state": *"failed' && break
		sleep 0.5
	done
	echo "$r"
}

echo "## back end killed mid-run"
# A long differential run (AES, checked against OpenSSL op by op); the
# device is killed once it serves data requests. Wanted: the PMD fails the device (the
# reconnect attempts of its recovery find nobody),
# the burst in flight comes back with status ERROR (each op once: the app
# reports lost or doubled ops), the app ends on its own, no crash.
if [ -x "$build/app/test-vcrypto/diff/dpdk-test-vcrypto-diff" ]; then
	# Every data request held 1 s by the device: ops are in flight when
	# it dies (data queue 0 only; the control queue answers at once).
	start_device --engine openssl --fault 0:delay --fault-delay-ms 1000 ||
		exit 1
	args=$(eal dp_timeout_ms=5000)
	t0=$(date +%s)
	# shellcheck disable=SC2086
	timeout 300 "$build/app/test-vcrypto/diff/dpdk-test-vcrypto-diff" $args \
		--log-level=pmd.crypto.vcrypto:notice -- --driver crypto_vcrypto_user \
		--cipher-only --filter diff/aes- --iterations 100000 > "$log" 2>&1 &
	app=$!
	# Kill once the app has been through probe and runs ops.
	wait_data_served
	kill -9 "$devpid"
	# The failure as telemetry shows it while the app still runs.
	health=$(health_failed "$app")
	wait "$app"
	rc=$?
	t1=$(date +%s)
	wait "$devpid" 2>/dev/null
	devpid=
	if echo "$health" | grep -qE '"state": *"failed'; then
		ok "kill: telemetry /vcrypto/health while the app runs: $(echo "$health" | grep -oE '"(state|failures)": *("[^"]*"|[0-9]+)' | tr '\n' ' ')"
	else
		ko "kill: telemetry /vcrypto/health never said failed: ${health:-no answer}"
	fi
	if [ $rc -eq 124 ]; then
		ko "kill: the app hung after the back end was killed"; tail -n 8 "$log"
	elif [ $rc -gt 128 ] || ! grep -qE '^[0-9]+ passed, [0-9]+ failed' "$log"; then
		ko "kill: the app crashed (exit $rc)"; tail -n 8 "$log"
	elif ! grep -q "back end .*: connection closed" "$log" ||
	     ! grep -q "failing device" "$log" ||
	     ! grep -q "not back within" "$log"; then
		ko "kill: the PMD did not fail the device"; grep -E "^vcrypto|^VCRYPTO" "$log" | tail -n 12
	elif ! grep -q "status ERROR, want SUCCESS" "$log"; then
		ko "kill: no op in flight came back with status ERROR"; tail -n 8 "$log"
	elif grep -qiE "twice|duplicate|lost|never (came back|completed)" "$log"; then
		ko "kill: ops lost or completed twice"; grep -iE "twice|duplicate|lost|never" "$log" | head -n 5
	else
		ok "kill: back end killed while serving data: device failed, no reconnect, ops in flight returned with status ERROR ($(grep -c 'status ERROR, want SUCCESS' "$log") shown), app done in $((t1 - t0)) s"
	fi
else
	sk "kill: dpdk-test-vcrypto-diff not built"
fi

echo "## back end killed and restarted mid-run"
# Killed while serving data and started again on the same socket: the
# recovery reconnects (memory table, rings, sessions again) and the run
# goes on. Wanted: reconnected and recovered in the PMD's log, the app
# done on its own, only the group running at the kill fails, and the new
# back end served requests.
if [ -x "$build/app/test-vcrypto/diff/dpdk-test-vcrypto-diff" ]; then
	# The first back end holds each data request 200 ms, so the kill
	# finds ops in flight (queue pairs that never see the failure on
	# their ring do not park, and the recovery waits for them); the
	# second one answers at once.
	start_device --engine openssl --fault 0:delay --fault-delay-ms 200 ||
		exit 1
	args=$(eal)
	# shellcheck disable=SC2086
	timeout 300 "$build/app/test-vcrypto/diff/dpdk-test-vcrypto-diff" $args \
		--log-level=pmd.crypto.vcrypto:notice -- --driver crypto_vcrypto_user \
		--cipher-only --filter diff/aes- --iterations 20000 > "$log" 2>&1 &
	app=$!
	wait_data_served
	kill -9 "$devpid"
	devpid=
	sleep 0.3
	start_device --engine openssl || exit 1
	wait "$app"
	rc=$?
	stop_device
	nfail=$(grep -c '^FAIL' "$log")
	served=$(grep -oE 'queue 0: [0-9]+ requests, [0-9]+ completed, 0 non-OK' \
		"$dir/device.log" | awk '{print $5}')
	if [ $rc -eq 124 ] || [ $rc -gt 128 ] ||
	   ! grep -qE '^[0-9]+ passed, [0-9]+ failed' "$log"; then
		ko "restart: the app hung or crashed (exit $rc)"; tail -n 8 "$log"
	elif ! grep -q "reconnected to vhost-user back end" "$log" ||
	     ! grep -q "recovered: device re-initialised" "$log"; then
		ko "restart: no reconnect and recovery"; grep -E "^vcrypto|^VCRYPTO|^[0-9]+ passed" "$log" | tail -n 12
	elif [ "$nfail" -gt 2 ] || [ -z "$served" ] || [ "$served" = 0 ]; then
		ko "restart: $nfail groups failed, new back end completed '${served:-none}'"
		grep '^FAIL' "$log" | cut -c1-160 | head -n 5
	else
		ok "restart: back end killed and restarted: reconnected, recovered, run went on ($nfail group(s) failed at the kill; the new back end completed $served requests, 0 non-OK)"
	fi
else
	sk "restart: dpdk-test-vcrypto-diff not built"
fi

echo "## session messages to vcrypto-device, both payload layouts"
# ctrl=session: no control vring, sessions by CREATE/CLOSE_CRYPTO_SESSION
# in the layout session_layout= names; vcrypto-device --session-msgs reads
# the same layout (its decoder is checked against QEMU 7.2 and 11.1 by
# the guest runs with run.sh --backend device-sessions). KATs (chains
# included) and the differential test through the PMD, no driver
# violation (--strict). The differential test is cipher-only, as against
# DPDK's vhost_crypto (session-tests.sh): session messages are the sign
# the PMD takes for that back end's chained write-back quirk, and it
# refuses the SGL layouts the quirk would corrupt (INVALID_ARGS).
for layout in 632 1072; do
	start_device --engine openssl --queues 1 --session-msgs "$layout" --strict ||
		exit 1
	# shellcheck disable=SC2046
	timeout 600 "$build/app/test-vcrypto/dpdk-test-vcrypto" \
		$(eal "ctrl=session,session_layout=$layout") \
		--log-level=pmd.crypto.vcrypto:notice -- --driver crypto_vcrypto_user \
		${perfdata:+--perf-data "$perfdata"} > "$log" 2>&1
	echo "(exit $?)" >> "$log"
	grep -E '^FAIL|session messages|synthesized' "$log" | head -n 20
	add_summary "$log" "dpdk-test-vcrypto (session_layout=$layout)"
	if [ -x "$build/app/test-vcrypto/diff/dpdk-test-vcrypto-diff" ]; then
		# shellcheck disable=SC2046
		timeout 600 "$build/app/test-vcrypto/diff/dpdk-test-vcrypto-diff" \
			$(eal "ctrl=session,session_layout=$layout") \
			--log-level=pmd.crypto.vcrypto:notice -- \
			--driver crypto_vcrypto_user --cipher-only > "$log" 2>&1
		grep -E '^FAIL' "$log" | head -n 10
		add_summary "$log" "dpdk-test-vcrypto-diff (session_layout=$layout)"
	fi
	stop_device
	if grep -q 'violations total 0' "$dir/device.log" &&
	   ! grep -q 'VIOLATION' "$dir/device.log"; then
		ok "session_layout=$layout: vcrypto-device --session-msgs $layout --strict saw no violation"
	else
		ko "session_layout=$layout: device reported violations"; grep VIOLATION "$dir/device.log" | head -n 5
	fi
done
# Layouts that disagree: the device refuses the payload size and drops the
# connection; the probe fails with a message, no hang.
start_device --engine openssl --queues 1 --session-msgs 632 || exit 1
# shellcheck disable=SC2046
timeout 120 "$build/app/test-vcrypto/dpdk-test-vcrypto" \
	$(eal "ctrl=session,session_layout=1072") \
	--log-level=pmd.crypto.vcrypto:notice -- --driver crypto_vcrypto_user \
	--list-caps > "$log" 2>&1
rc=$?
stop_device
if [ $rc -ne 124 ] && [ $rc -lt 128 ] &&
   grep -q 'CREATE_CRYPTO_SESSION: payload 1072 bytes, layout wants 632' "$dir/device.log" &&
   grep -qiE 'vcrypto.*(closed|refused|failed|no cipher)' "$log"; then
	ok "session_layout=1072 against a 632 back end: refused at probe with a message (exit $rc)"
else
	ko "session layout mismatch (exit $rc)"; tail -n 5 "$log"; tail -n 3 "$dir/device.log"
fi

# Session messages against DPDK's vhost_crypto example (its own runner:
# aesni_mb and openssl back ends, about a minute).
stop_device
bash "$here/session-tests.sh" "$build" > "$dir/session.log" 2>&1
grep -vE '^PASS diff/' "$dir/session.log"
add_summary "$dir/session.log" session-tests.sh

echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
