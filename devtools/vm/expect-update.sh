#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The vcrypto authors
#
# Write a test-bed device's expected capability and skip lists
# (app/test-vcrypto/vm/expect/DEVICE/) from the output of a guest suite
# run on it: a devtools/test.sh log (lines prefixed "[tag] "), its kept
# testlogs/<run>/vm-<tag>.log, or guest-suite.sh's own output. Optional
# skips ("? GLOB" lines) and comments of the existing files are kept, and
# names they match are not written as required. Review the diff: a skip
# that appears here is a case that no longer runs.
#
#   devtools/vm/expect-update.sh DEVICE LOG [TAG]
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
device=${1:?usage: $0 DEVICE LOG [TAG]} log=${2:?usage: $0 DEVICE LOG [TAG]}
tag=${3:-}
dir=$root/app/test-vcrypto/vm/expect/$device
mkdir -p "$dir"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The guest's lines only (of run TAG), without the prefix and CRs.
tr -d '\r' < "$log" |
if [ -n "$tag" ]; then sed -n "s/^  \[$tag\] //p"; else sed 's/^  \[[^]]*\] //'; fi |
awk -v out="$tmp" '
	/^## known-answer/ { s = "kat" } /^## asymmetric/ { s = "asym" }
	/^## seeded/ { s = "diff" } /^## dpdk-test-crypto-perf/ { s = "perf" }
	/^## l2fwd/ { s = "l2fwd" }
	s == "kat" && /^# (features|cap) / && !capseen[$0]++ { print substr($0, 3) > (out "/caps") }
	s != "" && s != "perf" && /^SKIP / { n = substr($0, 6); sub(/: .*/, "", n); print n > (out "/" s ".skips") }
	s != "" && s != "perf" { seen[s] = 1 }
	END { for (x in seen) print x > (out "/stages") }'
[ -s "$tmp/caps" ] && cp "$tmp/caps" "$dir/caps" && echo "wrote $dir/caps"
for s in $(cat "$tmp/stages" 2>/dev/null); do
	f=$dir/$s.skips
	{
		if [ -f "$f" ]; then grep -E '^(#|\? )' "$f" || true
		else echo "# Cases the $s stage skips on $device (devtools/vm/expect-update.sh)"; fi
		touch "$tmp/$s.skips"
		opt=$( [ -f "$f" ] && sed -n 's/^? //p' "$f" || true)
		sort -u "$tmp/$s.skips" | while IFS= read -r n; do
			m=0
			while IFS= read -r g; do
				# shellcheck disable=SC2053 # glob on purpose
				[ -n "$g" ] && [[ $n == $g ]] && m=1 && break
			done <<< "$opt"
			[ "$m" = 1 ] || echo "$n"
		done
	} > "$f.new"
	mv "$f.new" "$f"
	echo "wrote $f ($(grep -vcE '^(#|\? )' "$f") required)"
done
