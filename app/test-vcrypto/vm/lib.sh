# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The vcrypto authors
#
# Sourced by the scripts that run inside a test-bed guest
# (devtools/vm/run.sh): case accounting, sub-runner totals, the EAL
# options, crypto-perf and its data files, the time budget and the
# expected capability and skip lists. POSIX sh (the guest runs dash).
#
# Before sourcing, set PLUGIN (the PMD's .so, or empty for a DPDK PMD).
# Case lines are "PASS|FAIL|SKIP name[: reason]"; a script closes with
# vc_summary WORD, which prints "WORD: N passed, M failed, K skipped" and
# returns the exit status.

pass=0 fail=0 skip=0
ok() { echo "PASS $*"; pass=$((pass + 1)); }
ko() { echo "FAIL $*"; fail=$((fail + 1)); }
sk() { echo "SKIP $*"; skip=$((skip + 1)); }

# The closing line; status 0 iff nothing failed.
vc_summary() {
	echo "$1: $pass passed, $fail failed, $skip skipped"
	[ "$fail" = 0 ]
}

# EAL options for the test-bed's crypto function, loading PLUGIN when set,
# with crypto_vcrypto devargs $1 (default: VCRYPTO_DEVARGS, which the
# host's runner may set, e.g. dp_timeout_ms for a back end it loads).
vc_eal() {
	: "${VCRYPTO_BDF:?not in a test-bed guest}" "${VCRYPTO_IOVA_MODE:?}"
	set -- "${1-${VCRYPTO_DEVARGS:-}}"
	echo "-l 0-1 -n 1 --iova-mode=$VCRYPTO_IOVA_MODE -a $VCRYPTO_BDF${1:+,$1}${PLUGIN:+ -d $PLUGIN}"
}

# How long a test app waits for a completion (its --timeout, ms): longer
# than the PMD's own stall timeout (devarg dp_timeout_ms, 3000 by default)
# so that the PMD's verdict shows, not the app's.
vc_wait_ms() {
	dp=$(echo ",${VCRYPTO_DEVARGS:-}," | sed -n 's/.*,dp_timeout_ms=\([0-9]*\),.*/\1/p')
	echo $(( ${dp:-3000} + 2000 ))
}

# --- time budget -----------------------------------------------------------
# VCRYPTO_SUITE_BUDGET (seconds since the guest kernel booted, set by
# devtools/test.sh below the guest's own --timeout) bounds the whole run:
# each stage's timeout is its own maximum or what is left, whichever is
# smaller, so boot and stages can never add up to more than the guest is
# given, however slowly it booted. Uptime: no exec, no clock jumps.
# Unset: no budget.
vc_uptime() { read -r up _ < /proc/uptime; echo "${up%.*}"; }
vc_t0=0
vc_budget=${VCRYPTO_SUITE_BUDGET:-999999999}

# Seconds a stage of at most $1 s may take now (0: no time left).
vc_stage_timeout() {
	left=$((vc_budget - ($(vc_uptime) - vc_t0) - 15))
	[ "$left" -gt 0 ] || left=0
	[ "$left" -lt "$1" ] && echo "$left" || echo "$1"
}

# vc_run LOG MAX_S CMD...: CMD under its share of the budget, stdout+stderr
# to LOG, then a "(exit N)" line; a stage with no time left fails.
vc_run() {
	log=$1 t=$(vc_stage_timeout "$2"); shift 2
	if [ "$t" = 0 ]; then
		echo "(no time left in the suite budget of ${vc_budget}s)" > "$log"
		echo "(exit 124)" >> "$log"
		return 124
	fi
	timeout -k 10 "$t" "$@" > "$log" 2>&1
	rc=$?
	[ "$rc" != 124 ] || echo "(timed out after ${t}s)" >> "$log"
	echo "(exit $rc)" >> "$log"
	return "$rc"
}

# --- sub-runner totals -------------------------------------------------------
# vc_add_summary LOG NAME: add the counts of a sub-runner's closing
# "[word: ]N passed, M failed[, K skipped]" line (its last such line), as
# written by vc_run. No such line, or an exit status that disagrees with
# it (a crash after the line, a timeout), is a failure of its own.
vc_add_summary() {
	line=$(grep -E '^([A-Za-z0-9_.-]+: )?[0-9]+ passed, [0-9]+ failed' "$1" |
		tail -n 1)
	rc=$(sed -n 's/^(exit \([0-9]*\))$/\1/p' "$1" | tail -n 1)
	if [ -z "$line" ]; then
		ko "$2: no summary line (exit ${rc:-?}: crashed, hung or timed out)"
		return
	fi
	line=${line#*: }
	case $line in [0-9]*) ;; *) line=${line#*: };; esac
	p=${line%% passed*}
	f=${line#*passed, }; f=${f%% failed*}
	k=0
	case $line in *skipped*) k=${line#*failed, }; k=${k%% skipped*};; esac
	pass=$((pass + p)); fail=$((fail + f)); skip=$((skip + k))
	if [ "${rc:-0}" != 0 ] && [ "$f" = 0 ]; then
		ko "$2: exit status $rc after '$line'"
	fi
}

# --- crypto-perf ------------------------------------------------------------
# vc_perf_file DIR KEYBITS: DPDK's aes_cbc_<bits>_sha.data, or fail (a
# missing vector file is a failure, never a skip).
vc_perf_file() {
	f=$1/aes_cbc_$2_sha.data
	[ -f "$f" ] && echo "$f"
}

# vc_perf OUT PMD MAX_S ARGS...: dpdk-test-crypto-perf on the test-bed
# device with PMD (crypto_vcrypto loads PLUGIN), output in OUT.
vc_perf() {
	out=$1 pmd=$2 t=$3; shift 3
	if [ "$pmd" = crypto_vcrypto ]; then
		eal=$(vc_eal)
	else
		eal="-l 0-1 -n 1 --iova-mode=$VCRYPTO_IOVA_MODE -a $VCRYPTO_BDF"
	fi
	# shellcheck disable=SC2086 # EAL options are words
	vc_run "$out" "$t" dpdk-test-crypto-perf $eal \
		--log-level='pmd.crypto.*:warning' -- --devtype "$pmd" --silent "$@"
}

# --- expected capabilities and skips ------------------------------------------
# A capability the device stops advertising, or a case that turns into a
# skip, must not pass quietly: each test-bed device has, under
# app/test-vcrypto/vm/expect/DEVICE/, "caps" (the "# features" and
# "# cap" lines dpdk-test-vcrypto prints) and STAGE.skips (the names of
# the cases a stage skips there, one per line; "? GLOB" for a skip that
# may or may not happen, e.g. a random key's signature starting with a
# zero byte). Any difference fails.
vc_expect_dir() {
	echo "${VCRYPTO_EXPECT_DIR:-$(dirname "$0")/expect}/$1"
}

# The test-bed device's name: VCRYPTO_DEVICE, else from the back end.
vc_device() {
	if [ -n "${VCRYPTO_DEVICE:-}" ]; then echo "$VCRYPTO_DEVICE"; return; fi
	case ${VCRYPTO_VM_BACKEND:-builtin} in
	vhost-user:*) echo "vhost-${VCRYPTO_VM_BACKEND#vhost-user:}";;
	*) echo "${VCRYPTO_VM_BACKEND:-builtin}";;
	esac
}

# vc_expect_caps LOG: the capability lines of a dpdk-test-vcrypto log
# against DEVICE/caps.
vc_expect_caps() {
	exp=$(vc_expect_dir "$(vc_device)")/caps
	got=$(sed -n 's/\r$//; s/^# \(features \|cap \)/\1/p' "$1")
	if [ ! -f "$exp" ]; then
		ko "expect/caps: no $exp; this device advertises:"
		echo "$got" | sed 's/^/  /'
		return
	fi
	d=$(echo "$got" | diff "$exp" - | grep '^[<>]')
	if [ -z "$d" ] && [ -n "$got" ]; then
		ok "expect/caps: $(echo "$got" | grep -c '^cap ') capabilities and the feature flags as in $exp"
	else
		ko "expect/caps: capabilities differ from $exp (< expected, > advertised)"
		echo "$d" | sed 's/^/  /'
	fi
}

# vc_expect_skips STAGE LOG: the SKIP names in LOG against
# DEVICE/STAGE.skips.
vc_expect_skips() {
	exp=$(vc_expect_dir "$(vc_device)")/$1.skips
	got=$(sed -n 's/\r$//; s/^SKIP //p' "$2" | sed 's/: .*//' | sort -u)
	if [ ! -f "$exp" ]; then
		ko "expect/$1-skips: no $exp; skipped here:"
		echo "$got" | sed 's/^/  /'
		return
	fi
	d=$(echo "$got" | awk -v ef="$exp" '
		# A glob as a regular expression: * any, ? one, the rest literal.
		function re(g,   r, i, c) {
			for (i = 1; i <= length(g); i++) {
				c = substr(g, i, 1)
				r = r (c == "*" ? ".*" : c == "?" ? "." : c ~ /[A-Za-z0-9_-]/ ? c : "[" c "]")
			}
			return "^" r "$"
		}
		BEGIN {
			while ((getline l < ef) > 0) {
				sub(/[ \t]+$/, "", l)
				if (l == "" || l ~ /^#/) continue
				if (l ~ /^\? /) opt[++nopt] = re(substr(l, 3))
				else want[l] = 1
			}
		}
		NF == 0 { next }
		{ if ($0 in want) { seen[$0] = 1; next }
		  for (i = 1; i <= nopt; i++) if ($0 ~ opt[i]) next
		  print "> " $0 " (skipped, not expected)" }
		END { for (w in want) if (!(w in seen)) print "< " w " (expected skip, ran)" }')
	if [ -z "$d" ]; then
		ok "expect/$1-skips: $(echo "$got" | grep -c .) skips, as in $exp"
	else
		ko "expect/$1-skips: skips differ from $exp"
		echo "$d" | sort | head -n 40 | sed 's/^/  /'
		[ "$(echo "$d" | wc -l)" -le 40 ] || echo "  ... $(echo "$d" | wc -l) differences"
	fi
}
