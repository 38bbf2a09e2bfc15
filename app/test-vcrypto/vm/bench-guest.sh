#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The vcrypto authors
#
# Runs inside a test-bed guest for devtools/bench.sh: crypto-perf
# throughput and latency, and dpdk-test-vcrypto-cycles' per-op cycle split
# at 64 B, for crypto_vcrypto and Debian's crypto_virtio on the same device
# and boot, REPS times, alternating the PMD order; first, once, the guest
# instructions each PMD executes per op (callgrind). Prints machine-readable
# lines (RES/LAT/CYC/INS) and "progress:" lines.
#
#   bench-guest.sh PLUGIN DEVARGS|- CYCLES_APP REPS OPS [chain]
# DEVARGS are crypto_vcrypto's only (e.g. event_idx=1).
set -u
PLUGIN=$1 devargs=$2 cycles_app=$3 reps=$4 ops=$5 chain=${6:-}
[ "$devargs" != - ] || devargs=
VCRYPTO_DEVARGS=$devargs
. "$(dirname "$0")/lib.sh"

# EAL arguments that select the device for PMD $1 (and load vcrypto).
pmd_eal() {
	if [ "$1" = crypto_vcrypto ]; then
		vc_eal
	else
		PLUGIN='' vc_eal ''
	fi
}
out=$(mktemp)
sizes=64,256,1024,2048

perf() {
	pmd=$1; shift
	vc_perf "$out" "$pmd" 1800 "$@"
}

cipher="--cipher-algo aes-cbc --cipher-op encrypt --cipher-key-sz 16 --cipher-iv-sz 16"
auth="--auth-algo sha1-hmac --auth-op generate --auth-key-sz 64 --digest-sz 12"

# RES,pmd,test,size,burst,mops,gbps,cycles_per_op
throughput() {
	pmd=$1 test=$2; shift 2
	perf "$pmd" --ptest throughput --buffer-sz $sizes --burst-sz 32 \
		--total-ops "$ops" "$@"
	grep -E '^ +[0-9]+ +[0-9]+ +32 ' "$out" | awk -v p="$pmd" -v t="$test" \
		'$4 == $5 { printf "RES,%s,%s,%s,%s,%s,%s,%s\n", p, t, $2, $3, $8, $9, $10 }'
	grep -qE '^ +[0-9]+ +[0-9]+ +32 ' "$out" ||
		echo "ERR,$pmd,$test: $(tail -n 3 "$out" | tr '\n' ' ')"
}

# LAT,pmd,burst,avg_us
latency() {
	pmd=$1 burst=$2
	perf "$pmd" --ptest latency --optype cipher-only $cipher \
		--buffer-sz 64 --burst-sz "$burst" --total-ops $((ops / 20))
	awk -v p="$pmd" -v b="$burst" \
		'/time \[us\]/ { printf "LAT,%s,%s,%s\n", p, b, $5 }' "$out"
}

# CYC,pmd,test,size,burst,mops,total,enq,deq,empty_polls,empty_cyc,app
# (cycles per op: in enqueue, in dequeue that returned ops, in empty
# polls, in the application; dpdk-test-vcrypto-cycles)
cycles() {
	pmd=$1; shift
	"$cycles_app" $(pmd_eal "$pmd") --log-level=pmd.crypto.*:warning -- \
		--devtype "$pmd" --size 64 --ops "$ops" "$@" > "$out" 2>&1
	grep -E '^(CYC|ERR),' "$out" ||
		echo "ERR,$pmd,cycles: $(tail -n 3 "$out" | tr '\n' ' ')"
}

# INS,pmd,test,enq,deq,app: guest instructions per 64 B op inside the PMD's
# enqueue and dequeue, and in the application's own loop around them,
# counted by callgrind (dpdk-test-vcrypto-cycles calls the PMD only through
# cy_enqueue/cy_dequeue from run(); --settle-us lets each poll find a
# completed burst). Unlike time, the count does not depend on the host:
# once per PMD and test is enough. A warm-up lap of the queue pair's ring
# first (not counted), as a long run would have: vcrypto writes what each
# slot keeps (header, table) on the slot's first use only.
instrs() {
	pmd=$1 test=$2; shift 2
	cg=/tmp/bench.cg n=3200 desc=512
	command -v valgrind > /dev/null ||
		{ echo "ERR,$pmd,instructions: valgrind not installed"; return; }
	valgrind --tool=callgrind --callgrind-out-file=$cg \
		--toggle-collect=run \
		"$cycles_app" $(pmd_eal "$pmd") --log-level=pmd.crypto.*:warning \
		-- --devtype "$pmd" --size 64 --ops $n --settle-us 2000 \
		--desc $desc --warmup $desc "$@" \
		> "$out" 2>&1
	callgrind_annotate --inclusive=yes --threshold=100 $cg 2>/dev/null |
	awk -v p="$pmd" -v t="$test" -v n=$n '
		# + 0: after gsub() a field compares as a string.
		/:cy_enqueue \[/ { gsub(",", "", $1); e = $1 + 0 }
		/:cy_dequeue \[/ { gsub(",", "", $1); d = $1 + 0 }
		/:run \[/ { gsub(",", "", $1); r = $1 + 0 }
		END { if (e > 0 && d > 0 && r > e + d)
			printf "INS,%s,%s,%.0f,%.0f,%.0f\n", p, t, e / n,
			       d / n, (r - e - d) / n }' |
	grep . || echo "ERR,$pmd,instructions: $(tail -n 3 "$out" | tr '\n' ' ')"
	grep -q '^CYC,' "$out" && ! grep -q '^ERR,' "$out" ||
		echo "ERR,$pmd,instructions: ops failed under callgrind"
	rm -f $cg
}

for pmd in crypto_vcrypto crypto_virtio; do
	echo "progress: $pmd instructions per op (callgrind)"
	instrs "$pmd" cipher
	[ -z "$chain" ] || instrs "$pmd" chain --chain
done

order="crypto_vcrypto crypto_virtio"
for rep in $(seq 1 "$reps"); do
	for pmd in $order; do
		echo "progress: rep $rep/$reps $pmd cipher-only"
		throughput "$pmd" cipher --optype cipher-only $cipher
		if [ -n "$chain" ]; then
			echo "progress: rep $rep/$reps $pmd cipher-then-auth"
			throughput "$pmd" chain --optype cipher-then-auth $cipher $auth
		fi
		echo "progress: rep $rep/$reps $pmd cycles per op"
		cycles "$pmd"
		[ -z "$chain" ] || cycles "$pmd" --chain
		echo "progress: rep $rep/$reps $pmd latency"
		latency "$pmd" 1
		latency "$pmd" 32
	done
	# Alternate who goes first: guest speed drifts within a boot.
	order=$(echo "$order" | awk '{ print $2, $1 }')
done
rm -f "$out"
