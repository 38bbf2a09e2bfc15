#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The vcrypto authors
#
# A test of the test runner: a total that says "0 failed" must mean that
# every stage finished and said so itself. Feeds simulated logs to the
# host library (devtools/common.sh) and the guest library
# (app/test-vcrypto/vm/lib.sh, under dash as in the guest), then runs
# devtools/test.sh itself against a guest killed in the middle of the
# differential stage (a stand-in for run.sh replays a real guest's output
# up to that point and exits 124): the total must fail and keep the logs.
# No device, no guest; a few seconds.
#
#   devtools/test-selftest.sh
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
npass=0 nfail=0
ok() { echo "PASS $*"; npass=$((npass + 1)); }
ko() { echo "FAIL $*"; nfail=$((nfail + 1)); }

# A guest's output up to the middle of the diff stage: the kat and asym
# sub-runners' own closing lines are in it, the suite's is not.
cat > "$tmp/killed.log" <<'EOF'
## known-answer and negative tests (dpdk-test-vcrypto)
PASS aes-cbc/CBCGFSbox128 (7 vectors)
82 passed, 0 failed, 16 skipped
(exit 0)
PASS expect/caps: 2 capabilities and the feature flags as in expect/builtin/caps
## asymmetric known-answer and negative tests (dpdk-test-vcrypto-asym)
PASS keygen-512
300 passed, 0 failed
(exit 0)
## seeded random ops against OpenSSL (dpdk-test-vcrypto-diff)
# seed 1, 1000 ops per group, bursts of 1..32
PASS aes-cbc-128/linear-inplace
EOF
{ cat "$tmp/killed.log"; printf 'PASS x\r\nguest-suite: 606 passed, 0 failed, 301 skipped\r\n'; } > "$tmp/whole.log"
{ cat "$tmp/whole.log"; echo "[  812.1] Kernel panic - not syncing"; } > "$tmp/after.log"
{ cat "$tmp/killed.log"; echo "guest-suite: 90 passed, 2 failed, 1 skipped"; } > "$tmp/failed.log"
{ cat "$tmp/killed.log"; echo "12 passed, 0 failed, 0 skipped"; } > "$tmp/subline.log"
: > "$tmp/empty.log"
printf 'PASS a\nPASS b\n2 passed, 0 failed\n' > "$tmp/host.log"
printf 'PASS a\n2 passed, 0 failed\nSegmentation fault\n' > "$tmp/crash.log"

# case NAME LOG RC KIND WANT_P WANT_F WANT_K
tcase() {
	local name=$1 log=$2 rc=$3 kind=$4 wp=$5 wf=$6 wk=$7 got
	got=$(
		pass=0 fail=0 skip=0
		. "$root/devtools/common.sh"
		if [ "$kind" = guest ]; then
			vcrypto_count_guest "$tmp/$log" "$name" "$rc" >/dev/null
		else
			vcrypto_count "$tmp/$log" "$name" "$rc" >/dev/null
		fi
		echo "$pass $fail $skip")
	if [ "$got" = "$wp $wf $wk" ]; then
		ok "count/$name ($got)"
	else
		ko "count/$name: counted '$got' (passed failed skipped), want '$wp $wf $wk'"
	fi
}
tcase guest-killed-in-diff killed.log 124 guest 0 1 0
tcase guest-killed-exit0 killed.log 0 guest 0 1 0
tcase guest-vm-failure killed.log 125 guest 0 1 0
tcase guest-whole-crlf whole.log 0 guest 606 0 301
tcase guest-whole-but-125 whole.log 125 guest 606 1 301
tcase guest-output-after-line after.log 0 guest 0 1 0
tcase guest-with-failures failed.log 1 guest 90 2 1
tcase guest-failures-exit0 failed.log 0 guest 90 3 1
tcase guest-sub-runner-line-last subline.log 0 guest 0 1 0
tcase guest-no-output empty.log 124 guest 0 1 0
tcase host-stage host.log 0 host 2 0 0
tcase host-stage-exit-139 host.log 139 host 2 1 0
tcase host-stage-crash-after-line crash.log 139 host 0 1 0

# --- the guest library, under the guest's shell ------------------------------
gsh=$(command -v dash || echo sh)
glib() {	# glib 'commands': run with lib.sh sourced, print "P F K" last
	VCRYPTO_BDF=0000:00:01.0 VCRYPTO_IOVA_MODE=pa VCRYPTO_DEVICE=selftest \
	VCRYPTO_EXPECT_DIR=$tmp/expect $gsh -c \
		". '$root/app/test-vcrypto/vm/lib.sh'; $1; echo \"\$pass \$fail \$skip\""
}
gcase() {	# gcase NAME 'commands' WANT
	local got
	got=$(glib "$2" 2>&1 | tail -n 1)
	if [ "$got" = "$3" ]; then ok "guest-lib/$1 ($got)"
	else ko "guest-lib/$1: '$got', want '$3'"; glib "$2" 2>&1 | sed 's/^/  | /'; fi
}
printf 'PASS a\n3 passed, 0 failed, 1 skipped\n(exit 0)\n' > "$tmp/sub-ok.log"
printf 'PASS a\n(timed out after 900s)\n(exit 124)\n' > "$tmp/sub-timeout.log"
printf 'PASS a\n3 passed, 0 failed, 1 skipped\n(exit 139)\n' > "$tmp/sub-crash.log"
gcase sub-runner-ok "vc_add_summary $tmp/sub-ok.log x" "3 0 1"
gcase sub-runner-timeout "vc_add_summary $tmp/sub-timeout.log x" "0 1 0"
gcase sub-runner-crash-after-line "vc_add_summary $tmp/sub-crash.log x" "3 1 1"
gcase stage-budget-spent "vc_budget=$(( $(cut -d. -f1 /proc/uptime) + 10 )); vc_run $tmp/o.log 900 true; vc_add_summary $tmp/o.log x" "0 1 0"
gcase stage-timeout-within-budget \
	"vc_budget=\$(( \$(vc_uptime) + 100 )); t=\$(vc_stage_timeout 900); [ \$t -le 85 ] && ok t" "1 0 0"

mkdir -p "$tmp/expect/selftest"
printf 'SKIP a/b: why\nSKIP cross-sign-2048: zero byte\nPASS c\nSKIP d+e/oop: flag\n' > "$tmp/skips.log"
printf '# comment\na/b\nd+e/oop\n? cross-sign-*\n? sign-leading-zero-*\n' > "$tmp/expect/selftest/s1.skips"
printf 'a/b\n' > "$tmp/expect/selftest/s2.skips"
printf 'a/b\nd+e/oop\nf\n? cross-sign-*\n' > "$tmp/expect/selftest/s3.skips"
gcase skips-as-expected "vc_expect_skips s1 $tmp/skips.log" "1 0 0"
gcase skips-unexpected "vc_expect_skips s2 $tmp/skips.log" "0 1 0"
gcase skips-expected-ran "vc_expect_skips s3 $tmp/skips.log" "0 1 0"
gcase skips-no-list "vc_expect_skips s4 $tmp/skips.log" "0 1 0"
printf '# features 0x3: A B\n# cap cipher aes-cbc  key 16\nPASS x\n' > "$tmp/caps.log"
printf 'features 0x3: A B\ncap cipher aes-cbc  key 16\n' > "$tmp/expect/selftest/caps"
gcase caps-as-expected "vc_expect_caps $tmp/caps.log" "1 0 0"
printf '# features 0x1: A\n# cap cipher aes-cbc  key 16\n' > "$tmp/caps2.log"
gcase caps-flag-dropped "vc_expect_caps $tmp/caps2.log" "0 1 0"

# --- devtools/test.sh end to end, a guest killed in the middle ----------------
build=${VCRYPTO_BUILD:-$root/build}
if [ -f "$build/build.ninja" ]; then
	cat > "$tmp/run.sh" <<EOF
#!/bin/sh
cat "$tmp/killed.log"
echo "run.sh: TIMEOUT: guest killed after 1500s" >&2
exit 124
EOF
	chmod +x "$tmp/run.sh"
	VCRYPTO_RUN_SH=$tmp/run.sh VCRYPTO_L2FWD=/nonexistent \
	VCRYPTO_DPDK_SUITES=/nonexistent VCRYPTO_BUILD=$build \
		"$root/devtools/test.sh" --no-install --only vm --runs builtin:uio \
		> "$tmp/test.out" 2>&1
	rc=$?
	last=$(tail -n 1 "$tmp/test.out")
	kept=$(echo "$last" | sed -n 's/.*(logs: \(.*\))$/\1/p')
	if [ "$rc" = 1 ] && [[ $last == "0 passed, 1 failed, 0 skipped (logs: "* ]] &&
	   [ -f "$kept/vm-builtin-uio.log" ]; then
		ok "test.sh/guest-killed-mid-run: exit 1, '$last'"
	else
		ko "test.sh/guest-killed-mid-run: exit $rc, '$last'"
		tail -n 15 "$tmp/test.out" | sed 's/^/  | /'
	fi
	# Only the directory test.sh made and named (under its testlogs).
	case $kept in */testlogs/*-[0-9]*) rm -rf "$kept";; esac
else
	ko "test.sh/guest-killed-mid-run: no build in $build (VCRYPTO_BUILD)"
fi

echo "$npass passed, $nfail failed"
[ "$nfail" = 0 ]
