# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The vcrypto authors
#
# Sourced by the host-side devtools scripts: the test totals and how a
# log's closing line is read (devtools/test.sh, its self-test), the PMD's
# staging for EAL and the guest's shares (everything that runs a guest).
#
# Totals: pass, fail and skip (globals of the sourcing script) are what
# vcrypto_count and vcrypto_count_guest add to; vcrypto_total prints them.

pass=${pass:-0} fail=${fail:-0} skip=${skip:-0}

# A closing line: "N passed, M failed[, K skipped]", optionally after one
# word and a colon ("guest-suite: ..."), and nothing after it.
VCRYPTO_SUMMARY_RE='^([A-Za-z0-9_.-]+: )?[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$'

# vcrypto_summary_counts LINE: print "P F K" of a closing line.
vcrypto_summary_counts() {
	local l=${1#*: } p f k=0
	case $1 in [0-9]*) l=$1;; esac
	p=${l%% passed*}
	f=${l#*passed, }; f=${f%% failed*}
	case $l in *skipped*) k=${l#*failed, }; k=${k%% skipped*};; esac
	echo "$p $f $k"
}

# vcrypto_last_line LOG: the log's last non-blank line, without CRs (a
# guest's serial console ends lines with CRLF).
vcrypto_last_line() {
	tr -d '\r' < "$1" | grep -v '^[[:space:]]*$' | tail -n 1
}

# vcrypto_count LOG NAME RC [WORD]: add a stage's totals. The stage counts
# only if its LAST line is its closing line (with "WORD: " before it when
# WORD is given: a sub-runner's line passed through does not do) and its
# exit status RC agrees (0 iff nothing failed); anything else (a crash, a
# timeout 124, a VM failure 125, a line that is not the last) adds one
# failure and none of its partial counts.
vcrypto_count() {
	local log=$1 name=$2 rc=$3 word=${4:-} line p f k
	line=$(vcrypto_last_line "$log")
	if ! [[ $line =~ $VCRYPTO_SUMMARY_RE ]] ||
	   { [ -n "$word" ] && [[ $line != "$word: "* ]]; } ||
	   { [ -z "$word" ] && [[ $line != [0-9]* ]]; }; then
		echo "FAIL $name: exit $rc and no closing ${word:+'$word: '}line of its own as its last line (crashed, killed, timed out or hung); last line: '${line:0:120}'"
		fail=$((fail + 1))
		return 1
	fi
	read -r p f k < <(vcrypto_summary_counts "$line")
	if [ "$rc" = 0 ] && [ "$f" != 0 ]; then
		echo "FAIL $name: exit 0 with $f failed"
		fail=$((fail + 1))
	elif [ "$rc" != 0 ] && [ "$f" = 0 ]; then
		echo "FAIL $name: exit $rc after '$line'"
		fail=$((fail + 1))
	fi
	pass=$((pass + p)); fail=$((fail + f)); skip=$((skip + k))
	[ "$rc" = 0 ] && [ "$f" = 0 ]
}

# vcrypto_count_guest LOG NAME RC: a guest suite run by devtools/vm/run.sh
# (RC is run.sh's: the suite's own, 124 timeout, 125 VM failure). Counts
# only with the suite's own "guest-suite: ..." line last.
vcrypto_count_guest() {
	vcrypto_count "$1" "$2" "$3" guest-suite
}

# vcrypto_total: the closing line of a runner; status 0 iff nothing failed.
vcrypto_total() {
	echo "$pass passed, $fail failed, $skip skipped"
	[ "$fail" = 0 ]
}

# Copy the PMD where EAL accepts it and print its path. EAL refuses -d
# plugins below a world-writable directory (a clone under /tmp), so it
# goes under the cache, which only root can write; one stage per build.
vcrypto_stage_plugin() {
	local build=$1 cache=$2 stage
	stage=$cache/stage/$(echo "$build" | md5sum | cut -c1-12)
	mkdir -p "$stage"
	chmod 755 "$cache" "$cache/stage" "$stage"
	# A new file renamed over the old one: a guest of another run may
	# have the old one mapped (rewriting it in place could SIGBUS it).
	cp "$build/drivers/crypto/vcrypto/librte_crypto_vcrypto.so" \
		"$stage/.librte_crypto_vcrypto.so.$$"
	mv -f "$stage/.librte_crypto_vcrypto.so.$$" "$stage/librte_crypto_vcrypto.so"
	echo "$stage/librte_crypto_vcrypto.so"
}

# run.sh arguments sharing each given tree with the guest when it lies
# where the guest mounts tmpfs (/tmp, /run, /var/tmp, /dev/shm), one per
# line: use with mapfile.
vcrypto_guest_shares() {
	local d
	for d in "$@"; do
		case $(cd "$d" && pwd -P) in
		/tmp/*|/run/*|/var/tmp/*|/dev/shm/*) printf '%s\n' --rw "$d";;
		esac
	done
}

# The DPDK source tree's crypto-perf data directory (the newest unpacked).
vcrypto_perf_data() {
	ls -d "$1"/dpdk-src/*/app/test-crypto-perf/data 2>/dev/null | tail -n 1
}

# vcrypto_hugepages_adjust CACHE DELTA: add DELTA 2 MiB host hugepages (or
# give back, negative) under CACHE/.hugepages.lock, so that concurrent
# runs add up; prints the number actually added (what to give back).
vcrypto_hugepages_adjust() {
	local sysfs=/proc/sys/vm/nr_hugepages cur want got
	exec 7>"$1/.hugepages.lock"
	flock 7
	cur=$(cat $sysfs)
	want=$((cur + $2))
	[ "$want" -ge 0 ] || want=0
	echo "$want" > $sysfs 2>/dev/null || true
	got=$(cat $sysfs)
	flock -u 7
	exec 7>&-
	echo $((got - cur))
}
