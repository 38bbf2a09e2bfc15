#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The vcrypto authors
#
# DPDK's ipsec-secgw functional suite (/usr/share/dpdk/examples/
# ipsec-secgw/test, package dpdk-doc) across two test-bed guests
# (devtools/vm/run.sh): a Linux peer doing ESP in its kernel (xfrm; the
# host kernel has no ESP) and a gateway running DPDK's ipsec-secgw with
# an e1000e test port, a net_tap port, and the crypto device under test.
#
#   devtools/vm/ipsec-secgw.sh [--crypto aesni_mb|openssl|vcrypto]
#       [--plugin SO] [--vhost-pmd aesni_mb|openssl] [--sgw BIN]
#       [--save-logs DIR] [-q] [--full | CASE...]
#
# CASE (app/test-vcrypto/vm/ipsec-secgw.sh): MODE:ipv4|ipv6:SUB, one run
# of the suite's linux_test.sh (SUB: library, esn or esn-atom, as its
# load_env.sh sets them), or a bare MODE: the whole suite for it,
# run_test.sh -4 -6 MODE (IPv4 and IPv6 in all three sub-modes). Each run
# pings every size from 0 to 1199 B and scp's 1 KB to 57 MB both ways
# through the tunnel: about 6 minutes under TCG, so a full mode is ~35.
# Default, both modes and IP versions and every sub-mode's code once
# (~25 min): tun_aescbc_sha1:ipv4:library tun_aescbc_sha1:ipv6:esn-atom
# trs_aescbc_sha1:ipv4:esn-atom trs_aescbc_sha1:ipv6:esn.
# --full: tun_aescbc_sha1 trs_aescbc_sha1 (run_test.sh -4 -6, ~70 min).
# --crypto: the gateway's crypto device (default $VCRYPTO_IPSEC_CRYPTO,
# else auto: vcrypto if --plugin has the max_nb_queue_pairs devarg, else
# aesni_mb):
#   aesni_mb, openssl  DPDK's software PMD as a vdev in the gateway (proves
#                      the bed; no virtio-crypto involved)
#   vcrypto            crypto_vcrypto (--plugin SO) on the guest's
#                      virtio-crypto function with max_nb_queue_pairs=2
#                      (and dp_timeout_ms=$VCRYPTO_VHOST_DP_TIMEOUT_MS,
#                      20000)
#                      (ipsec-secgw wants a queue pair per --config entry,
#                      the suite has two), DPDK's vhost_crypto with
#                      --vhost-pmd (default aesni_mb) behind it
#   anything else      used as the EAL options themselves (VCRYPTO_BDF is
#                      replaced by the function's address in the guest)
# --sgw: an ipsec-secgw binary (default: devtools/build-examples.sh builds
# DPDK's example against the system DPDK).
#
# The guests are linked by QEMU socket netdevs over loopback, peer
# listening (booted first), gateway connecting: a control link
# (virtio-net, 10.99.0.0/24: the suite's ssh to the peer) and the test
# link (gateway e1000e at 0000:00:10.0, bound to uio_pci_generic for
# DPDK's net_e1000_em; peer virtio-net). The gateway cannot use virtio-net:
# ipsec-secgw 22.11 requires RX checksum offloads DPDK's virtio PMD lacks.
#
# Prints the gateway's PASS|FAIL line per case (per IP version for a full
# mode) and closes with "N passed, M failed"; exit status non-zero on
# failure. Environment: VCRYPTO_IPSEC_WAIT (s the suite waits for
# ipsec-secgw's tap, default 90), VCRYPTO_IPSEC_CASE_TIMEOUT (s per case,
# default 1500), VCRYPTO_IPSEC_MODE_TIMEOUT (s per full mode, default
# 5400), VCRYPTO_CACHE.
set -u

root=$(cd "$(dirname "$0")/../.." && pwd)
prog=ipsec-secgw
CACHE=${VCRYPTO_CACHE:-/var/cache/vcrypto}
crypto=${VCRYPTO_IPSEC_CRYPTO:-auto} plugin='' vhost_pmd='' sgw='' save_logs='' quiet=0
while [ $# -gt 0 ]; do
	case $1 in
	--crypto) crypto=$2; shift 2;;
	--plugin) plugin=$2; shift 2;;
	--vhost-pmd) vhost_pmd=$2; shift 2;;
	--sgw) sgw=$2; shift 2;;
	--save-logs) save_logs=$2; shift 2;;
	-q) quiet=1; shift;;
	--full) shift; set -- tun_aescbc_sha1 trs_aescbc_sha1; break;;
	-h|--help) sed -n '5,53s/^# \{0,1\}//p' "$0"; exit 0;;
	-*) echo "$prog: unknown option $1" >&2; exit 2;;
	*) break;;
	esac
done
[ $# -gt 0 ] || set -- tun_aescbc_sha1:ipv4:library tun_aescbc_sha1:ipv6:esn-atom \
	trs_aescbc_sha1:ipv4:esn-atom trs_aescbc_sha1:ipv6:esn

pass=0 fail=0
ko() { echo "FAIL $*"; fail=$((fail + 1)); }
closing() {
	echo "$pass passed, $fail failed"
	[ "$fail" = 0 ]
}
bail() { ko "$prog: $*"; closing; exit 1; }

# auto: vcrypto once the PMD can give ipsec-secgw its two queue pairs.
if [ "$crypto" = auto ]; then
	crypto=aesni_mb
	[ -f "$plugin" ] && grep -qa 'max_nb_queue_pairs' "$plugin" && crypto=vcrypto
fi
gw_vm=()
case $crypto in
aesni_mb|openssl) crypto_eal="--vdev crypto_${crypto}0";;
vcrypto)
	[ -f "$plugin" ] || bail "--crypto vcrypto needs --plugin SO (got '$plugin')"
	# dp_timeout_ms: a software back end on a busy host is slow, not
	# failed (as devtools/test.sh gives every vhost-user run).
	crypto_eal="-a VCRYPTO_BDF,max_nb_queue_pairs=2,dp_timeout_ms=${VCRYPTO_VHOST_DP_TIMEOUT_MS:-20000} -d $plugin"
	gw_vm=(--vhost-pmd "${vhost_pmd:-aesni_mb}");;
*) crypto_eal=$crypto;;
esac

if [ -z "$sgw" ]; then
	sgw=$("$root/devtools/build-examples.sh" ipsec-secgw) || bail "cannot build ipsec-secgw"
fi
[ -x "$sgw" ] || bail "no ipsec-secgw binary '$sgw'"
for c in ssh-keygen /usr/sbin/sshd ssh scp ifconfig ping; do
	command -v "$c" >/dev/null || bail "missing $c (devtools/install-deps.sh)"
done
[ -f /usr/share/dpdk/examples/ipsec-secgw/test/run_test.sh ] ||
	bail "no ipsec-secgw test suite (package dpdk-doc)"

# The guest kernel's module tree: both guests load ESP, virtio_net, tun
# from it (modprobe -d).
kernel=$("$root/devtools/vm/setup.sh" | sed -n 's/^KERNEL=//p')
[ -f "$kernel" ] || bail "devtools/vm/setup.sh gave no kernel"
kroot=$(dirname "$(dirname "$kernel")")

# Per-run directory (ssh keys, logs), visible to both guests through the
# read-only root share: not under /tmp.
mkdir -p "$CACHE/ipsec"
run=$(mktemp -d "$CACHE/ipsec/run.XXXXXX")
peer_pid='' gw_pid=''
cleanup() {
	local rc=$? p
	# run.sh stops its QEMU on TERM.
	for p in $gw_pid $peer_pid; do
		kill -0 "$p" 2>/dev/null || continue
		kill -TERM "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	if [ "$rc" != 0 ] && [ -n "$save_logs" ] && mkdir -p "$save_logs"; then
		cp "$run"/*.log "$save_logs/" 2>/dev/null
		echo "$prog: logs saved in $save_logs" >&2
	fi
	rm -rf "$run"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

ssh-keygen -q -t ed25519 -N '' -C ipsec-secgw-test -f "$run/id" || bail "ssh-keygen failed"
ssh-keygen -q -t ed25519 -N '' -C ipsec-secgw-peer -f "$run/host_key" || bail "ssh-keygen failed"
export VCRYPTO_IPSEC_DIR=$run VCRYPTO_IPSEC_KROOT=$kroot VCRYPTO_IPSEC_CRYPTO=$crypto_eal

# Two free loopback ports for the peer's listening netdevs.
free_port() {
	local p
	while :; do
		p=$((20000 + RANDOM % 20000))
		ss -Htln "sport = :$p" | grep -q . || { echo "$p"; return; }
	done
}
pctl=$(free_port)
ptest=$(free_port)
while [ "$ptest" = "$pctl" ]; do ptest=$(free_port); done

gw_tmo=300
for c in "$@"; do
	case $c in
	*:*) gw_tmo=$((gw_tmo + ${VCRYPTO_IPSEC_CASE_TIMEOUT:-1500}));;
	*) gw_tmo=$((gw_tmo + ${VCRYPTO_IPSEC_MODE_TIMEOUT:-5400}));;
	esac
done
guest=$root/app/test-vcrypto/vm/ipsec-secgw.sh
share=()
case $root/ in /tmp/*|/run/*|/var/tmp/*) share=(--rw "$root");; esac
rq=(-q); [ "$quiet" = 1 ] || rq=()

# --- peer: boots first, its netdevs listen ---------------------------------
(cd / && exec "$root/devtools/vm/run.sh" "${rq[@]}" --mem 1G --hugepages 0 \
	--timeout $((gw_tmo + 300)) "${share[@]}" \
	--qemu-arg -netdev --qemu-arg "socket,id=ctl,listen=127.0.0.1:$pctl" \
	--qemu-arg -device --qemu-arg "virtio-net-pci,netdev=ctl,mac=52:54:00:1c:00:02" \
	--qemu-arg -netdev --qemu-arg "socket,id=test,listen=127.0.0.1:$ptest" \
	--qemu-arg -device --qemu-arg "virtio-net-pci,netdev=test,mac=52:54:00:1e:00:02" \
	-- "$guest" peer) > "$run/peer.log" 2>&1 &
peer_pid=$!
t=0
until grep -q '^ipsec-peer: ready' "$run/peer.log"; do
	if ! kill -0 "$peer_pid" 2>/dev/null || [ "$t" -ge 240 ]; then
		sed 's/^/  peer| /' "$run/peer.log"
		bail "peer guest did not come up (${t} s)"
	fi
	sleep 1
	t=$((t + 1))
done
[ "$quiet" = 1 ] || echo "$prog: peer up in ${t} s" >&2

# --- gateway: connects to the peer ---------------------------------------------
(cd / && exec "$root/devtools/vm/run.sh" "${rq[@]}" --timeout "$gw_tmo" "${share[@]}" "${gw_vm[@]}" \
	--qemu-arg -netdev --qemu-arg "socket,id=ctl,connect=127.0.0.1:$pctl" \
	--qemu-arg -device --qemu-arg "virtio-net-pci,netdev=ctl,mac=52:54:00:1c:00:01" \
	--qemu-arg -netdev --qemu-arg "socket,id=test,connect=127.0.0.1:$ptest" \
	--qemu-arg -device --qemu-arg "e1000e,netdev=test,mac=52:54:00:1e:00:01,addr=0x10" \
	-- "$guest" gw "$sgw" "$@") > "$run/gw.log" 2>&1 &
gw_pid=$!
# Stream the gateway's output; its closing line is not ours. In the
# background: a signal's trap runs during wait, not a foreground pipe.
tail -n +1 -F -s 1 --pid="$gw_pid" "$run/gw.log" 2>/dev/null |
	grep --line-buffered -v '^ipsec-secgw: [0-9]* passed' &
stream_pid=$!
wait "$gw_pid"
rc=$?
wait "$stream_pid"

line=$(grep -E '^ipsec-secgw: [0-9]+ passed, [0-9]+ failed$' "$run/gw.log" | tail -n 1)
pass=$(grep -c '^PASS ' "$run/gw.log")
fail=$(grep -c '^FAIL ' "$run/gw.log")
if [ -z "$line" ]; then
	ko "$prog: gateway guest ended without its closing line (run.sh exit $rc: 124 timeout, 125 VM failure)"
elif [ "$rc" != 0 ] && [ "$fail" = 0 ]; then
	ko "$prog: gateway exit $rc after '$line'"
fi

# The peer ends when the gateway tells it (ssh); give it a little time.
for _ in $(seq 60); do
	kill -0 "$peer_pid" 2>/dev/null || break
	sleep 1
done
if kill -0 "$peer_pid" 2>/dev/null; then
	[ "$fail" = 0 ] || echo "$prog: peer still running, stopped" >&2
else
	wait "$peer_pid"
	prc=$?
	[ "$prc" = 0 ] || [ "$fail" != 0 ] || ko "$prog: peer guest exit $prc"
fi
if [ "$fail" != 0 ]; then
	echo "--- peer guest (last 30 lines) ---"
	tail -n 30 "$run/peer.log"
fi
closing
