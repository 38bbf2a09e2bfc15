#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The vcrypto authors
#
# A real vhost-user crypto back-end for the guest test bed: DPDK's
# vhost_crypto example (built here against the system DPDK) behind
# app/vhost-proxy, which fixes up the QEMU 7.2 <-> DPDK 22.11 control
# protocol. run.sh --vhost-pmd calls "start" before QEMU and "stop" from its
# cleanup; it can also be used by hand. See devtools/vm/README.md.
#
#   vhost-crypto.sh build
#       build (once) vhost-crypto and vhost-proxy under
#       ${VCRYPTO_CACHE:-/var/cache/vcrypto}/vhost-crypto/<dpdk version>/,
#       print VHOST_CRYPTO=... VHOST_PROXY=...
#   vhost-crypto.sh start --dir DIR [--pmd aesni_mb|openssl] [--cpu N]
#           [--hugepages N] [--owner PID] [--zero-copy] [--guest-polling]
#           [--proxy-arg ARG | --proxy-arg=ARG]...
#       start back-end + proxy, state and logs in DIR (created), wait until
#       the proxy listens, print VHOST_SOCK=DIR/proxy.sock (QEMU's socket)
#       on stdout. --hugepages N: N more 2 MiB host hugepages for guest RAM,
#       held by a hugetlbfs mounted with min_size (a reservation no other
#       process can take) on DIR/hugetlbfs; prints VHOST_HUGETLBFS=DIR/...
#       for QEMU's memory-backend-file mem-path (nothing if that failed).
#       --owner PID: a watchdog runs "stop" once PID is gone (covers a
#       SIGKILLed run.sh, whose trap cannot run).
#   vhost-crypto.sh stop --dir DIR
#       stop what start left in DIR (idempotent), release its hugepages.
#
# The back-end busy-polls: its two EAL lcores (main + worker) both run on
# host CPU --cpu (default: the last one); the main lcore only spins in
# rte_eal_wait_lcore(), so it is set to SCHED_IDLE and the worker keeps
# that CPU. It uses no hugepages itself (--no-huge -m 512).
# shellcheck disable=SC2015
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=devtools/common.sh
. "$root/devtools/common.sh"
prog=vhost-crypto.sh
CACHE=${VCRYPTO_CACHE:-/var/cache/vcrypto}
EXAMPLE=${VCRYPTO_VHOST_EXAMPLE:-/usr/share/dpdk/examples/vhost_crypto}
log() { echo "$prog: $*" >&2; }
die() { log "error: $*"; exit 1; }

# --- build ---------------------------------------------------------------
# One edit of the example's source at build time (nothing of DPDK is kept
# in this tree): its destroy_device() frees the device's vrings
# (rte_vhost_crypto_free) right after clearing "initialized", while the
# worker may still be inside rte_vhost_crypto_fetch_requests() for it
# from a check made just before: a use-after-free that segfaults the
# worker in librte_vhost ("segfault at 44 ... in librte_vhost.so.23.0"),
# seen on loaded machines whenever a guest closed the device. The edit
# counts the worker's rounds and makes destroy_device() wait (at most 1 s)
# until the worker went round twice after the flag was cleared.
# Fails (so the build stops) if the source is not as expected.
patch_example() {
	python3 - "$1" <<'PYEOF'
import sys
p = sys.argv[1]
s = open(p).read()
edits = [
    ("static void\ndestroy_device(int vid)\n{",
     "/* vcrypto test bed: rounds of the worker loop (see destroy_device). */\n"
     "static volatile uint64_t worker_rounds;\n\n"
     "static void\ndestroy_device(int vid)\n{"),
    ("\tinfo->initialized[j] = 0;\n\n\trte_wmb();\n\n\trte_vhost_crypto_free(vid);",
     "\tinfo->initialized[j] = 0;\n\n\trte_wmb();\n\n"
     "\t{\t/* vcrypto test bed: the worker may still be fetching. */\n"
     "\t\tuint64_t seen = worker_rounds;\n"
     "\t\tuint64_t end = rte_get_timer_cycles() + rte_get_timer_hz();\n\n"
     "\t\twhile (worker_rounds - seen < 2 &&\n"
     "\t\t       rte_get_timer_cycles() < end)\n"
     "\t\t\trte_pause();\n\t}\n\n"
     "\trte_vhost_crypto_free(vid);"),
    ("\twhile (1) {\n\t\tfor (i = 0; i < info->nb_vids; i++) {",
     "\twhile (1) {\n\t\tworker_rounds++;\n"
     "\t\tfor (i = 0; i < info->nb_vids; i++) {"),
]
for old, new in edits:
    if s.count(old) != 1:
        sys.exit("patch_example: %r not found once" % old[:40])
    s = s.replace(old, new)
if "#include <rte_cycles.h>" not in s:
    s = s.replace("#include <rte_vhost.h>", "#include <rte_cycles.h>\n#include <rte_vhost.h>", 1)
open(p, "w").write(s)
PYEOF
}

# Prints VHOST_CRYPTO=... VHOST_PROXY=... Serialised with flock; rebuilds
# only when a source changed (sha256 stamps).
build() {
	local ver dir sum
	command -v pkg-config >/dev/null && pkg-config --exists libdpdk ||
		die "libdpdk not found (devtools/install-deps.sh)"
	[ -f "$EXAMPLE/main.c" ] && [ -f "$EXAMPLE/Makefile" ] ||
		die "$EXAMPLE: DPDK vhost_crypto example missing (package dpdk-doc)"
	ver=$(pkg-config --modversion libdpdk)
	dir=$CACHE/vhost-crypto/$ver
	mkdir -p "$dir"
	exec 8>"$dir/.lock"
	flock 8
	sum=$( (cat "$EXAMPLE/main.c" "$EXAMPLE/Makefile" \
		"$(pkg-config --path libdpdk)"; declare -f patch_example) |
		sha256sum | cut -c1-16)
	if [ ! -x "$dir/src/build/vhost-crypto" ] || [ "$(cat "$dir/src/.stamp" 2>/dev/null)" != "$sum" ]; then
		log "building vhost-crypto (DPDK $ver) in $dir/src"
		rm -rf "$dir/src"
		mkdir -p "$dir/src"
		cp "$EXAMPLE/main.c" "$EXAMPLE/Makefile" "$dir/src/"
		patch_example "$dir/src/main.c" ||
			die "vhost-crypto: the example's destroy_device/worker loop is not as expected (DPDK $ver): patch_example() needs updating"
		make -s -C "$dir/src" >"$dir/build.log" 2>&1 ||
			{ cat "$dir/build.log" >&2; die "vhost-crypto build failed"; }
		echo "$sum" > "$dir/src/.stamp"
	fi
	local psrc=$root/app/vhost-proxy/vhost-proxy.c
	sum=$(sha256sum < "$psrc" | cut -c1-16)
	if [ ! -x "$dir/vhost-proxy" ] || [ "$(cat "$dir/vhost-proxy.stamp" 2>/dev/null)" != "$sum" ]; then
		log "building vhost-proxy"
		${CC:-cc} -O2 -g -Wall -Wextra -D_GNU_SOURCE -o "$dir/vhost-proxy.tmp" "$psrc" ||
			die "vhost-proxy build failed"
		mv "$dir/vhost-proxy.tmp" "$dir/vhost-proxy"
		echo "$sum" > "$dir/vhost-proxy.stamp"
	fi
	flock -u 8
	exec 8>&-
	echo "VHOST_CRYPTO=$dir/src/build/vhost-crypto"
	echo "VHOST_PROXY=$dir/vhost-proxy"
}

# --- start ---------------------------------------------------------------
alive() {	# alive PID NAME: PID is ours and running
	[ -n "$1" ] && [ -r "/proc/$1/cmdline" ] &&
		tr '\0' ' ' < "/proc/$1/cmdline" | grep -q -- "$2"
}

start() {
	local dir='' pmd=aesni_mb cpu='' hp=0 zc=0 gp=0 proxy_args=() vdev owner=
	while [ $# -gt 0 ]; do
		case $1 in
		--dir) dir=$2; shift 2;;
		--pmd) pmd=$2; shift 2;;
		--cpu) cpu=$2; shift 2;;
		--hugepages) hp=$2; shift 2;;
		--owner) owner=$2; shift 2;;
		--zero-copy) zc=1; shift;;
		--guest-polling) gp=1; shift;;
		--proxy-arg) proxy_args+=("$2"); shift 2;;
		--proxy-arg=*) proxy_args+=("${1#*=}"); shift;;
		*) die "start: unknown option $1";;
		esac
	done
	[ -n "$dir" ] || die "start needs --dir DIR"
	case $pmd in
	aesni_mb) vdev=crypto_aesni_mb;;
	openssl) vdev=crypto_openssl;;
	*) die "--pmd must be aesni_mb or openssl";;
	esac
	[ -n "$cpu" ] || cpu=$(($(nproc) - 1))
	case $cpu in ''|*[!0-9]*) die "--cpu must be a CPU number";; esac
	[ "$cpu" -lt "$(nproc)" ] || die "--cpu $cpu: this host has CPUs 0-$(($(nproc) - 1))"
	case $hp in ''|*[!0-9]*) die "--hugepages must be a number";; esac
	mkdir -p "$dir"
	dir=$(cd "$dir" && pwd -P)
	[ ! -s "$dir/backend.pid" ] || die "$dir already has a running back-end (stop it first)"
	local VHOST_CRYPTO VHOST_PROXY k v
	while IFS='=' read -r k v; do
		case $k in VHOST_CRYPTO) VHOST_CRYPTO=$v;; VHOST_PROXY) VHOST_PROXY=$v;; esac
	done < <(build)
	[ -x "${VHOST_CRYPTO:-}" ] && [ -x "${VHOST_PROXY:-}" ] || die "build failed"

	local t0=$EPOCHREALTIME
	if [ "$hp" -gt 0 ]; then
		# Grow the pool, then pin our share with a min_size mount: the
		# pool is global and other runs (or pages of a QEMU still exiting,
		# which the kernel counts as surplus and converts first) could
		# otherwise eat into it before our QEMU maps its RAM.
		local got
		mkdir -p "$dir/hugetlbfs"
		for _ in 1 2; do
			got=$(vcrypto_hugepages_adjust "$CACHE" "$hp")
			echo $(( $(cat "$dir/hugepages" 2>/dev/null || echo 0) + got )) > "$dir/hugepages"
			if mount -t hugetlbfs -o "pagesize=2M,min_size=$((hp * 2))M,size=$((hp * 2))M,mode=0700" \
					vhost-crypto "$dir/hugetlbfs" 2>/dev/null; then
				echo 1 > "$dir/hugetlbfs.mounted"
				break
			fi
		done
		[ -s "$dir/hugetlbfs.mounted" ] ||
			log "warning: cannot reserve $hp host hugepages (pool $(cat /proc/sys/vm/nr_hugepages))"
	fi

	# Back-end. Socket path: DPDK wants it absent. --no-huge: its own
	# memory (mempools, ~40 MB) needs no hugepages; IOVA does not matter
	# for the software PMDs. --file-prefix/--no-shconf: no clash with
	# other DPDK processes on the host.
	local bsock=$dir/backend.sock prefix args
	prefix=vhc$(echo "$dir" | cksum | cut -d' ' -f1)
	rm -f "$bsock" "$dir/proxy.sock"
	args=(--lcores "0@$cpu,1@$cpu" --no-pci --no-huge -m 512 --no-shconf
		--no-telemetry --file-prefix "$prefix" --vdev "$vdev"
		-- --config "(1,0,0)" --socket-file "1,$bsock")
	[ "$zc" = 1 ] && args+=(--zero-copy)
	[ "$gp" = 1 ] && args+=(--guest-polling)
	echo "$prefix" > "$dir/file-prefix"
	printf '%q ' "$VHOST_CRYPTO" "${args[@]}" > "$dir/backend.cmd"
	setsid "$VHOST_CRYPTO" "${args[@]}" </dev/null >"$dir/backend.log" 2>&1 &
	echo $! > "$dir/backend.pid"
	local bpid=$!
	# Proxy: connects to the back-end (retrying until its socket listens),
	# then listens for QEMU. Its socket appearing means both are up.
	setsid "$VHOST_PROXY" --listen "$dir/proxy.sock" --backend "$bsock" \
		--connect-timeout 60 "${proxy_args[@]}" \
		</dev/null >/dev/null 2>"$dir/proxy.log" &
	echo $! > "$dir/proxy.pid"
	local ppid=$! i
	for ((i = 0; i < 600; i++)); do
		[ -S "$dir/proxy.sock" ] && break
		if ! kill -0 "$bpid" 2>/dev/null; then
			tail -n 20 "$dir/backend.log" >&2
			stop --dir "$dir"
			die "back-end exited during start-up ($dir/backend.log)"
		fi
		if ! kill -0 "$ppid" 2>/dev/null; then
			tail -n 20 "$dir/proxy.log" >&2
			stop --dir "$dir"
			die "proxy exited during start-up ($dir/proxy.log)"
		fi
		sleep 0.1
	done
	if [ ! -S "$dir/proxy.sock" ]; then
		stop --dir "$dir"
		die "back-end/proxy not listening after 60 s"
	fi
	# The main lcore (pid == tid of the main thread) only spins waiting
	# for the worker; SCHED_IDLE hands the shared CPU to the worker.
	chrt --idle -p 0 "$bpid" >/dev/null 2>&1 || log "warning: chrt --idle failed"
	# Scheduling record of the back end's threads (sched.log, 5 per
	# second: time, tid, name, ns on CPU, ns waiting for it), so that a
	# stall seen by the guest can be told from a starved worker: the
	# worker busy-polls, its CPU time only stops growing when it does not
	# run. "stop" sums it up in sched-summary.
	setsid bash -c 'while [ -s "$1/backend.pid" ] && kill -0 "$2" 2>/dev/null; do
		for t in /proc/"$2"/task/*; do
			read -r run wait _ < "$t/schedstat" 2>/dev/null || continue
			read -r comm < "$t/comm" 2>/dev/null
			echo "$EPOCHREALTIME ${t##*/} $comm $run $wait"
		done
		sleep 0.2
	done' - "$dir" "$bpid" </dev/null >"$dir/sched.log" 2>/dev/null &
	if [ -n "$owner" ]; then
		# Until stop removed backend.pid, or the owner died: then stop.
		# shellcheck disable=SC2016 # expanded by the inner bash
		setsid bash -c 'while [ -s "$2/backend.pid" ] && kill -0 "$3" 2>/dev/null; do
			sleep 1; done
			kill -0 "$3" 2>/dev/null || exec "$1" stop --dir "$2"' \
			- "$here/vhost-crypto.sh" "$dir" "$owner" \
			</dev/null >/dev/null 2>&1 &
	fi
	printf '%s: back-end %s (pid %s, CPU %s) + proxy up in %.2fs\n' "$prog" \
		"$vdev" "$bpid" "$cpu" "$(awk "BEGIN { print $EPOCHREALTIME - $t0 }")" >&2
	echo "VHOST_SOCK=$dir/proxy.sock"
	[ ! -s "$dir/hugetlbfs.mounted" ] || echo "VHOST_HUGETLBFS=$dir/hugetlbfs"
}

# sched_summary DIR: per back-end thread, the longest stretch between two
# samples of sched.log in which it got no CPU time, and its share of CPU.
sched_summary() {
	[ -s "$1/sched.log" ] || return 0
	awk '
		{ t = $1; id = $2 " " $3
		  if (id in last) {
			if ($4 == run[id]) { if (!(id in since)) since[id] = last[id] }
			else delete since[id]
			if ((id in since) && t - since[id] > gap[id]) gap[id] = t - since[id]
		  } else first[id] = t
		  if (!(id in run0)) run0[id] = $4
		  last[id] = t; run[id] = $4 }
		END { for (id in last) {
			span = last[id] - first[id]
			pct = 0
			if (span > 0) pct = (run[id] - run0[id]) / 1e7 / span
			printf "%s: %.1f s sampled, on CPU %.0f%%, longest without CPU %.2f s\n",
				id, span, pct, gap[id] + 0 } }
	' "$1/sched.log" | sort > "$1/sched-summary"
}

# --- stop ----------------------------------------------------------------
stop() {
	local dir='' f p name
	while [ $# -gt 0 ]; do
		case $1 in
		--dir) dir=$2; shift 2;;
		*) die "stop: unknown option $1";;
		esac
	done
	[ -n "$dir" ] || die "stop needs --dir DIR"
	[ -d "$dir" ] || return 0
	# run.sh's trap and the --owner watchdog may both get here.
	exec 6>>"$dir/.stop.lock"
	flock 6
	for f in proxy backend; do
		[ -s "$dir/$f.pid" ] || continue
		p=$(cat "$dir/$f.pid")
		case $f in proxy) name=vhost-proxy;; *) name=vhost-crypto;; esac
		if alive "$p" "$name"; then
			kill -TERM "$p" 2>/dev/null || true
			for _ in $(seq 30); do
				alive "$p" "$name" || break
				sleep 0.1
			done
			alive "$p" "$name" && kill -KILL "$p" 2>/dev/null || true
		fi
		rm -f "$dir/$f.pid"
	done
	rm -f "$dir/backend.sock" "$dir/proxy.sock"
	sched_summary "$dir"
	if [ -s "$dir/file-prefix" ]; then
		rm -rf "/var/run/dpdk/$(cat "$dir/file-prefix")"
		rm -f "$dir/file-prefix"
	fi
	if [ -s "$dir/hugetlbfs.mounted" ]; then
		# Busy only while a process still maps guest RAM: lazy then.
		umount "$dir/hugetlbfs" 2>/dev/null || umount -l "$dir/hugetlbfs" || true
		rm -f "$dir/hugetlbfs.mounted"
	fi
	rmdir "$dir/hugetlbfs" 2>/dev/null || true
	if [ -s "$dir/hugepages" ]; then
		# Guest RAM pages come back once QEMU and the back-end are gone.
		vcrypto_hugepages_adjust "$CACHE" "-$(cat "$dir/hugepages")" >/dev/null
		rm -f "$dir/hugepages"
	fi
}

[ $# -gt 0 ] || { sed -n '5,/^# shellcheck/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
[ "$(id -u)" = 0 ] || die "must run as root"
mkdir -p "$CACHE"
cmd=$1; shift
case $cmd in
build) build "$@";;
start) start "$@";;
stop) stop "$@";;
*) die "unknown action $cmd (build|start|stop)";;
esac
