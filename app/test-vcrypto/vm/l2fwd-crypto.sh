#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The vcrypto authors
#
# Runs inside a test-bed guest (devtools/vm/run.sh): DPDK's l2fwd-crypto
# sample (devtools/build-examples.sh) forwarding packets through
# crypto_vcrypto, AES-CBC cipher-only, the only thing QEMU's builtin
# backend does. One PASS/FAIL/SKIP line per check, closing with
# "N passed, M failed, K skipped".
#
#   l2fwd-crypto.sh PLUGIN L2FWD_BINARY
#
# Traffic needs no network: a net_pcap port reads IPv4 frames we write
# here (net_null and a bare net_ring cannot serve: l2fwd-crypto drops, and
# leaks, anything that is not IPv4, and net_null's frames are all zeros).
# l2fwd-crypto wants at least one crypto device per port and the guest has
# one virtio-crypto function, so it runs one port (-p 0x1) forwarding to
# itself. Two kinds of run, encrypt and decrypt each:
#  * verify: a finite pcap of frames of awkward sizes, transmitted frames
#    written to a pcap and compared with OpenSSL's AES-CBC of the same
#    (zero-padded) payloads, or for decrypt, with the original frames;
#  * throughput: the pcap replayed forever (infinite_rx=1), statistics
#    every second, then SIGINT. The source outruns the device, so
#    l2fwd-crypto's "errors" (enqueue refused: queue pair full) are flow
#    control, not crypto failures; those are the PMD's enqueue/dequeue
#    error counters, read over DPDK telemetry while the app runs.
#
# Environment: VCRYPTO_BDF, VCRYPTO_IOVA_MODE (set by the test bed);
# or, on the host (app/test-vcrypto/user/session-tests.sh: virtio-user),
# VCRYPTO_L2FWD_EAL (the whole EAL device part, instead of the test bed's),
# VCRYPTO_L2FWD_PREFIX (its --file-prefix, for telemetry) and
# VCRYPTO_L2FWD_PROBE_RE (what the app's log shows once vcrypto probed);
# VCRYPTO_L2FWD_SECS (statistics periods measured, default 5),
# VCRYPTO_L2FWD_LOG (EAL --log-level, default pmd.crypto.vcrypto*:notice;
# pmd.crypto.vcrypto*:debug to chase a PMD problem).
# Conditions are eval'ed later (single quotes on purpose); EAL options and
# counters are split into words on purpose.
# shellcheck disable=SC2016,SC2046,SC2086
set -u
# Nothing here globs: keep the '*' of --log-level patterns out of the cwd.
set -f

plugin=${1:?usage: $0 PLUGIN L2FWD_BINARY} bin=${2:?usage: $0 PLUGIN L2FWD_BINARY}
[ -n "${VCRYPTO_L2FWD_EAL:-}" ] ||
	: "${VCRYPTO_BDF:?not in a test-bed guest}" "${VCRYPTO_IOVA_MODE:?}"
probe_re=${VCRYPTO_L2FWD_PROBE_RE:-Probe PCI driver: crypto_vcrypto}
prefix=${VCRYPTO_L2FWD_PREFIX:-rte}
secs=${VCRYPTO_L2FWD_SECS:-5}
loglevel=${VCRYPTO_L2FWD_LOG:-pmd.crypto.vcrypto*:notice}
# The throughput runs keep the device busy for seconds: QEMU's builtin
# device then holds QEMU's global lock for as long as the ring stays fed,
# and under TCG the guest's other vCPU (this script, telemetry) could not
# run. quiet_kick_us=2000 makes the PMD kick at least every 2 ms, which lets
# it in (doc/guides/cryptodevs/vcrypto.rst, Benchmarks).
PLUGIN=$plugin
. "$(dirname "$0")/lib.sh"
if [ -n "${VCRYPTO_L2FWD_EAL:-}" ]; then
	eal="$VCRYPTO_L2FWD_EAL --log-level=$loglevel"
else
	eal="$(vc_eal "quiet_kick_us=2000${VCRYPTO_DEVARGS:+,$VCRYPTO_DEVARGS}") --log-level=$loglevel"
fi
min_ops=10000	# a throughput run must move at least this many ops
window=2048	# l2fwd-crypto's qp nb_descriptors: ops in flight at most

tmp=$(mktemp -d)
pid=
cleanup() {
	[ -z "$pid" ] || kill -KILL "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

if [ ! -x "$bin" ]; then
	sk "l2fwd-crypto: no binary '$bin' (devtools/build-examples.sh)"
	vc_summary l2fwd-crypto
	exit
fi

key128=000102030405060708090A0B0C0D0E0F
key256=603DEB1015CA71BE2B73AEF0857D77811F352C073B6108D72D9810A30914DFF4
iv=F0E0D0C0B0A090807060504030201000
colons() { echo "$1" | sed 's/../&:/g; s/:$//'; }
now() { read -r up _ < /proc/uptime; echo "${up%.*}"; }	# s, no exec

# --- frames and pcaps ----------------------------------------------------
# Every exec costs ~0.3 s in a TCG guest: frames are built by one awk run,
# OpenSSL runs once per frame and key (two at a time), one od reads back.
# Frames travel as one hex string per line; awk writes the bytes (LC_ALL=C:
# printf "%c" is then one byte, NUL included).
pcap_write() {	# FILE < one frame (hex) per line
	LC_ALL=C awk -v out="$1" '
	function emit(h,   i, hi, lo) {
		for (i = 1; i < length(h); i += 2) {
			hi = index("0123456789ABCDEF", substr(h, i, 1)) - 1
			lo = index("0123456789ABCDEF", substr(h, i + 1, 1)) - 1
			printf "%c", hi * 16 + lo > out
		}
	}
	function le32(v) {
		return sprintf("%02X%02X%02X%02X", v % 256, int(v / 256) % 256,
			int(v / 65536) % 256, int(v / 16777216) % 256)
	}
	BEGIN { emit("D4C3B2A1" "02000400" "00000000" "00000000" "FFFF0000" "01000000") }
	{ len = length($0) / 2; emit(le32(0) le32(NR - 1) le32(len) le32(len) $0) }'
}
pcap_frames() {	# FILE > one frame (hex) per line
	od -An -v -tx1 "$1" | awk '
	function h(x) { return index("0123456789abcdef", substr(x, 1, 1)) * 16 + index("0123456789abcdef", substr(x, 2, 1)) - 17 }
	{ for (i = 1; i <= NF; i++) b[n++] = $i }
	END {
		for (p = 24; p + 16 <= n; p += 16 + len) {
			len = h(b[p + 8]) + 256 * h(b[p + 9]) + 65536 * h(b[p + 10])
			s = ""
			for (i = 0; i < len && p + 16 + i < n; i++) s = s b[p + 16 + i]
			print toupper(s)
		}
	}'
}

# Payload sizes around the block size and up to a 1500 B IP packet.
sizes="1 15 16 17 46 64 100 255 1024 1480"
nframes=$(echo $sizes | wc -w)
# Frame i: Ethernet + IPv4/UDP header (l2fwd-crypto ciphers from the end of
# the IP header to the end of the frame) and a payload pattern that differs
# per frame and per byte. plain.hex: the frames; hdr.hex: their headers;
# p<i>.bin: the payload zero-padded to the AES block, as l2fwd-crypto pads.
LC_ALL=C awk -v sizes="$sizes" -v dir="$tmp" 'BEGIN {
	n = split(sizes, sz, " ")
	for (f = 0; f < n; f++) {
		len = sz[f + 1]
		hdr = sprintf("020000000002" "020000000001" "0800" "4500%04X%04X" "4000" "4011" "0000" \
			"0A000001" "0A000002", 20 + len, f)
		pl = ""
		bin = dir "/p" f ".bin"
		for (i = 0; i < len; i++) {
			b = (f * 37 + i * 7 + 1) % 256
			pl = pl sprintf("%02X", b)
			printf "%c", b > bin
		}
		for (; i % 16; i++) printf "%c", 0 > bin
		close(bin)
		print hdr pl > (dir "/plain.hex")
		print hdr > (dir "/hdr.hex")
	}
}'
pcap_write "$tmp/plain.pcap" < "$tmp/plain.hex"
# The expected ciphertext frames, enc<key bits>.hex, from OpenSSL.
have_openssl=0
if command -v openssl >/dev/null 2>&1; then
	i=0
	while [ $i -lt "$nframes" ]; do
		for k in $key128 $key256; do
			echo "enc -aes-$((${#k} * 4))-cbc -K $k -iv $iv -nopad -in $tmp/p$i.bin -out $tmp/c$((${#k} * 4))_$i.bin"
		done
		i=$((i + 1))
	done | xargs -P 2 -L 1 openssl && have_openssl=1
fi
for bits in 128 256; do
	[ $have_openssl = 1 ] || break
	i=0 files=
	while [ $i -lt "$nframes" ]; do files="$files $tmp/c${bits}_$i.bin"; i=$((i + 1)); done
	od -An -v -tx1 $files | awk -v sizes="$sizes" -v hdrs="$tmp/hdr.hex" '
	{ for (i = 1; i <= NF; i++) b[nb++] = toupper($i) }
	END {
		n = split(sizes, sz, " ")
		for (f = 1; f <= n; f++) {
			getline h < hdrs
			s = h
			for (i = 0; i < int((sz[f] + 15) / 16) * 16; i++) s = s b[p++]
			print s
		}
	}' > "$tmp/enc$bits.hex"
done
[ $have_openssl = 0 ] || pcap_write "$tmp/enc256.pcap" < "$tmp/enc256.hex"
# Throughput traffic: one 64 B payload frame (ciphertext for decrypt runs
# need not be valid: cipher-only decryption has no padding to check).
sed -n 6p "$tmp/plain.hex" | pcap_write "$tmp/tput.pcap"

# --- running l2fwd-crypto ------------------------------------------------
# l2fwd-crypto VDEV LOG APP_ARGS...: start it in the background ($pid).
start() {
	vdev=$1 log=$2
	shift 2
	# Empty the log now: wait_for must not read a previous run's counters.
	: > "$log"
	"$bin" $eal --vdev "$vdev" -- -p 0x1 -T 1 --cryptodev_mask 0x1 \
		--cdev_type HW --chain CIPHER_ONLY --cipher_algo aes-cbc \
		--cipher_iv "$(colons $iv)" --no-mac-updating "$@" > "$log" 2>&1 &
	pid=$!
}
blocks() { grep -c '^Aggregate statistics' "$1"; }
# LOG [PERIODS] -> "received enqueued dequeued sent errors ops/s": the
# aggregate counters of the last statistics block, and the dequeued ops per
# period over the PERIODS periods after the first block.
counters() {
	awk -v s="${2:-0}" '/^Total packets [a-z ]*: *[0-9]+$/ {
		k = $0; sub(/^Total packets /, "", k); sub(/:.*/, "", k); v[k] = $NF
		if (k == "dequeued") d[++nd] = $NF
	}
	END {
		printf "%d %d %d %d %d %d\n", v["received"], v["enqueued"], v["dequeued"],
			v["sent"], v["crypto errors"], (s > 0 && nd > s) ? (d[s + 1] - d[1]) / s : 0
	}' "$1"
}
# Wait (up to $3 s) until "$2" holds; false if the app died or time ran out.
wait_for() {
	log=$1 cond=$2 t=$3
	while [ "$t" -gt 0 ]; do
		kill -0 "$pid" 2>/dev/null || return 1
		eval "$cond" && return 0
		sleep 1
		t=$((t - 1))
	done
	return 1
}
# SIGINT, as a user stops l2fwd-crypto; it must leave within 15 s, status 0.
stop() {
	name=$1 log=$2
	kill -INT "$pid" 2>/dev/null
	t=15
	while [ $t -gt 0 ] && kill -0 "$pid" 2>/dev/null; do sleep 1; t=$((t - 1)); done
	if kill -0 "$pid" 2>/dev/null; then
		kill -KILL "$pid"; wait "$pid" 2>/dev/null; pid=
		ko "$name: still running 15 s after SIGINT"; tail -n 20 "$log"
		return
	fi
	wait "$pid"; rc=$?; pid=
	if [ $rc = 0 ] && ! grep -qE 'Segmentation|PANIC|Caught signal|core dumped' "$log"; then
		ok "$name: exits cleanly on SIGINT"
	else
		ko "$name: exit status $rc after SIGINT"; tail -n 20 "$log"
	fi
	# EAL cleanup removes the PCI device of a cryptodev l2fwd-crypto never
	# stopped; the PMD's remove must stop it first or close is refused.
	if grep -q 'must be stopped before closing' "$log"; then
		echo "NOTE $name: cryptodev close refused at EAL cleanup (PMD remove left the device started)"
	fi
}
# The app took the vcrypto function as its (only) crypto device.
check_device() {
	name=$1 log=$2
	if grep -q "$probe_re" "$log" &&
	   grep -q 'Lcore 0: cryptodev 0' "$log"; then
		return 0
	fi
	ko "$name: crypto_vcrypto not in use"
	grep -vE '^(TELEMETRY|Port|Statistics|Packets|Total|Aggregate|Crypto statistics|=)' "$log" | tail -n 25
	return 1
}
# Crypto error counters of the PMD (DPDK telemetry) while the app runs.
# A bare socket client (python3 -S: no site, no readline/argparse as in
# dpdk-telemetry.py): with the device saturated, QEMU answers the guest's
# 9p reads slowly, and dpdk-telemetry.py took over 60 s to start (vfio).
telemetry() {	# COMMAND > reply (JSON); false if no app answers
	timeout 60 python3 -S "$(dirname "$0")/../telemetry.py" "$prefix" "$1" \
		2>/dev/null
}
pmd_stats() {
	# {"/cryptodev/stats":{"enqueued_count":N,...}} -> "enqueued_count N ..."
	telemetry /cryptodev/stats,0 | grep -o '"[a-z_]*_count": *[0-9]*' |
		tr -d '" ' | tr ':\n' '  '
}

# verify OP KEY IN_PCAP EXPECTED_HEX WHAT_EXPECTED
verify() {
	op=$1 key=$2 in=$3 exp=$4 what=$5
	name="verify $op aes-$((${#key} * 4))-cbc"
	log=$tmp/verify.log
	rm -f "$tmp/out.pcap"
	start "net_pcap0,rx_pcap=$in,tx_pcap=$tmp/out.pcap" "$log" \
		--cipher_op "$op" --cipher_key "$(colons "$key")"
	wait_for "$log" '[ "$(counters "$log" | cut -d" " -f4)" = "$nframes" ]' 120
	check_device "$name" "$log" || { stop "$name" "$log"; return; }
	stop "$name" "$log"
	set -- $(counters "$log")
	if [ "$1" = $nframes ] && [ "$2" = $nframes ] && [ "$3" = $nframes ] &&
	   [ "$4" = $nframes ] && [ "$5" = 0 ]; then
		ok "$name: $nframes frames received, enqueued, dequeued and sent, 0 crypto errors"
	else
		ko "$name: received/enqueued/dequeued/sent/errors '$1/$2/$3/$4/$5', want $nframes/$nframes/$nframes/$nframes/0"
		grep -vE '^(Port|Statistics|Packets|Total|Aggregate|Crypto statistics|=)' "$log" | tail -n 25
	fi
	pcap_frames "$tmp/out.pcap" > "$tmp/out.hex"
	bad=$(awk 'NR == FNR { want[FNR] = $0; n = FNR; next }
		{ got++; if ($0 != want[FNR]) bad = bad " " FNR }
		END { if (got != n) print "got " got " frames of " n; else if (bad != "") print "frames" bad " differ" }' \
		"$exp" "$tmp/out.hex")
	if [ -z "$bad" ]; then
		ok "$name: $nframes output frames ($sizes B payloads) match $what"
	else
		ko "$name: $bad"
	fi
}

# throughput OP KEY IN_PCAP
throughput() {
	op=$1 key=$2 in=$3
	name="throughput $op aes-$((${#key} * 4))-cbc"
	log=$tmp/tput.log
	t0=$(now)
	start "net_pcap0,rx_pcap=$in,infinite_rx=1" "$log" \
		--cipher_op "$op" --cipher_key "$(colons "$key")"
	# First statistics block: traffic flows. Then $secs more periods.
	if ! wait_for "$log" '[ "$(blocks "$log")" -ge 1 ]' 120 ||
	   ! wait_for "$log" '[ "$(blocks "$log")" -gt "$secs" ]' $((secs * 4 + 30)); then
		check_device "$name" "$log" || { stop "$name" "$log"; return; }
		ko "$name: no statistics (app died or stalled)"; tail -n 30 "$log"
		stop "$name" "$log"
		return
	fi
	check_device "$name" "$log" || { stop "$name" "$log"; return; }
	t1=$(now)
	pmd=
	[ $have_python = 0 ] || pmd=$(pmd_stats)
	t2=$(now)
	stop "$name" "$log"
	t3=$(now)

	# Counters of the last complete block (the app prints no final one);
	# ops/s as l2fwd-crypto shows it: dequeued ops over the $secs periods
	# after the first statistics block, before the telemetry query (whose
	# python start-up takes CPU from the guest) and the stop.
	set -- $(counters "$log" "$secs")
	rx=$1 enq=$2 deq=$3 sent=$4 err=$5 rate=$6
	echo "  $name: $rate ops/s (dequeued, over ${secs} x 1 s periods); rx $rx enq $enq deq $deq sent $sent, $err enqueue refusals (queue pair full); start+stats $((t1 - t0)) s, telemetry $((t2 - t1)) s, stop $((t3 - t2)) s"
	if [ "$enq" -ge $min_ops ]; then
		ok "$name: $enq ops enqueued (>= $min_ops), $rate ops/s"
	else
		ko "$name: only $enq ops enqueued (want >= $min_ops)"
	fi
	if [ "$deq" -le "$enq" ] && [ $((enq - deq)) -le $window ]; then
		ok "$name: dequeued $deq of $enq (in flight $((enq - deq)) <= $window)"
	else
		ko "$name: dequeued $deq vs enqueued $enq (window $window)"
	fi
	# Every received frame was enqueued, refused at a full queue pair, or
	# waits in the app's 32-op burst buffer; every dequeued one was sent
	# (up to a 32-frame TX buffer).
	if [ $((rx - enq - err)) -ge 0 ] && [ $((rx - enq - err)) -lt 32 ] &&
	   [ $((deq - sent)) -ge 0 ] && [ $((deq - sent)) -lt 32 ]; then
		ok "$name: counters consistent (rx = enq + refused + buffered, sent = deq - buffered)"
	else
		ko "$name: counters inconsistent: rx $rx enq $enq refused $err deq $deq sent $sent"
	fi
	if [ -z "$pmd" ]; then
		sk "$name: PMD error counters (no python3 or no telemetry answer)"
	else
		ee=$(echo "$pmd" | sed -n 's/.*enqueue_err_count \([0-9]*\).*/\1/p')
		de=$(echo "$pmd" | sed -n 's/.*dequeue_err_count \([0-9]*\).*/\1/p')
		if [ "$ee" = 0 ] && [ "$de" = 0 ]; then
			ok "$name: PMD reports 0 enqueue and 0 dequeue (crypto) errors"
		else
			ko "$name: PMD stats: $pmd"
		fi
	fi
}

# Load python3 into the guest's page cache while the device is idle (see
# telemetry()); no app runs yet, so this only checks python3 works.
have_python=0
if command -v python3 >/dev/null 2>&1; then
	have_python=1
	telemetry / >/dev/null
fi

echo "## l2fwd-crypto through crypto_vcrypto (net_pcap port, AES-CBC cipher-only)"
if [ $have_openssl = 1 ]; then
	verify ENCRYPT $key128 "$tmp/plain.pcap" "$tmp/enc128.hex" "OpenSSL's"
	# Input: OpenSSL's ciphertext. l2fwd-crypto trims a decrypted frame to
	# its IPv4 total length: the original frame must come back.
	verify DECRYPT $key256 "$tmp/enc256.pcap" "$tmp/plain.hex" "the originals"
else
	sk "verify: no openssl to compute the expected ciphertext"
fi
throughput ENCRYPT $key128 "$tmp/tput.pcap"
throughput DECRYPT $key256 "$tmp/tput.pcap"

vc_summary l2fwd-crypto
