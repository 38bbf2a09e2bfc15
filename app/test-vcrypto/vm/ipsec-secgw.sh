#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The vcrypto authors
#
# Runs inside the two test-bed guests devtools/vm/ipsec-secgw.sh boots:
# DPDK's ipsec-secgw functional suite (/usr/share/dpdk/examples/
# ipsec-secgw/test, package dpdk-doc) between a gateway guest running
# ipsec-secgw and a Linux peer guest doing ESP in its kernel (xfrm).
#
#   ipsec-secgw.sh peer               sshd until the gateway says stop
#   ipsec-secgw.sh gw SGW_BIN CASE... the suite, one PASS/FAIL line per
#                                     case (a full mode: per IP version),
#                                     then "ipsec-secgw: N passed, M failed"
#
# CASE: MODE (run_test.sh -4 -6 MODE: IPv4 and IPv6, each in library
# mode, with ESN, with ESN and atomic sequence numbers) or
# MODE:ipv4|ipv6:library|esn|esn-atom (one linux_test.sh run, the
# variables load_env.sh sets for it). A run pings every size from 0 to
# 1199 B and scp's 1 KB to 57 MB both ways through the tunnel.
#
# Both guests have two links (QEMU socket netdevs, see the host script),
# found by MAC: a control link (virtio-net, 10.99.0.1 gw / .2 peer) for the
# suite's ssh, and the test link: e1000e at 0000:00:10.0 in the gateway,
# given to DPDK, and virtio-net "vtest0" in the peer.
#
# Environment (from the host script; VCRYPTO_* reach the guest):
#  VCRYPTO_IPSEC_DIR     host run dir: ssh keys (read-only here)
#  VCRYPTO_IPSEC_KROOT   the unpacked guest kernel tree (modules)
#  VCRYPTO_IPSEC_CRYPTO  EAL options giving ipsec-secgw its crypto device
#                        (the suite's CRYPTO_DEV); VCRYPTO_BDF is replaced
#                        by the test bed's virtio-crypto function
#  VCRYPTO_IPSEC_WAIT    seconds the suite waits for ipsec-secgw's tap
#                        (it has 10; TCG needs more), default 90
#  VCRYPTO_IPSEC_CASE_TIMEOUT  seconds per linux_test.sh case, default 1500
#  VCRYPTO_IPSEC_MODE_TIMEOUT  seconds per full mode, default 5400
#  VCRYPTO_IPSEC_DEBUG   a file the gateway sources (its variables set)
#                        before the suite: a monitor, a manual run
# shellcheck disable=SC2086
set -u

role=${1:?usage: $0 peer | gw SGW_BIN CASE...}
shift
dir=${VCRYPTO_IPSEC_DIR:?not started by devtools/vm/ipsec-secgw.sh}
kroot=${VCRYPTO_IPSEC_KROOT:?}
CTL_GW=10.99.0.1 CTL_PEER=10.99.0.2
MAC_CTL_GW=52:54:00:1c:00:01 MAC_CTL_PEER=52:54:00:1c:00:02
MAC_TEST_PEER=52:54:00:1e:00:02
GW_NIC=0000:00:10.0
work=/tmp/ipsec

say() { echo "ipsec-$role: $*"; }
die() { say "error: $*"; exit 1; }

# The guest runs Debian's kernel, not the host's: its modules come from
# the unpacked tree (the initramfs only has the test bed's own). The
# kernel's own requests (xfrm asks the crypto API for templates such as
# authenc(hmac(sha1),cbc(aes)), which loads modules by alias) run its
# module helper in the initramfs root, where there is no modprobe: give
# it one that runs ours in this root (/proc/1/root: init's, the
# initramfs).
modules() {
	local helper=/bin/vcrypto-modprobe
	# shellcheck disable=SC2015 # any step failing: no helper, warn
	if [ "$(cat /proc/sys/kernel/modprobe)" != "$helper" ]; then
		printf '#!/bin/sh\nexec /bin/chroot /newroot /sbin/modprobe -d %s -S %s "$@"\n' \
			"$kroot" "$(uname -r)" > "/proc/1/root$helper" &&
		chmod 755 "/proc/1/root$helper" &&
		echo "$helper" > /proc/sys/kernel/modprobe ||
			say "warning: no module helper for the kernel"
	fi
	modprobe -d "$kroot" -S "$(uname -r)" -a "$@" ||
		die "modprobe $* failed"
}

# Interface name with this MAC.
iface_of() {
	local f
	for f in /sys/class/net/*/address; do
		[ "$(cat "$f")" = "$1" ] && { f=${f%/address}; echo "${f##*/}"; return 0; }
	done
	return 1
}

ctl_up() {	# ctl_up MAC ADDR
	local i
	i=$(iface_of "$1") || die "no interface with MAC $1"
	{ ip addr add "$2/24" dev "$i" && ip link set "$i" up; } ||
		die "cannot configure control link $i"
	ip link set lo up
}

# --- peer --------------------------------------------------------------------
peer() {
	local i pid
	modules virtio_net esp4 esp6 xfrm_user authenc echainiv
	ctl_up "$MAC_CTL_PEER" "$CTL_PEER"
	i=$(iface_of "$MAC_TEST_PEER") || die "no test interface ($MAC_TEST_PEER)"
	ip link set "$i" name vtest0 || die "cannot rename $i"
	# scp writes into root's home: the host's, read-only here.
	mount -t tmpfs -o mode=700 tmpfs /root
	mkdir -p "$work" /run/sshd
	cat > "$work/sshd_config" <<EOF
Port 22
HostKey $dir/host_key
AuthorizedKeysFile $dir/id.pub
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
UseDNS no
PidFile $work/sshd.pid
Subsystem sftp internal-sftp
EOF
	/usr/sbin/sshd -D -e -f "$work/sshd_config" 2> "$work/sshd.log" &
	pid=$!
	sleep 1
	kill -0 "$pid" 2>/dev/null || { cat "$work/sshd.log"; die "sshd did not start"; }
	say "ready: sshd on $CTL_PEER, test link vtest0 ($MAC_TEST_PEER)"
	# The gateway ends us (ssh ... touch $work/stop); the host kills us
	# if it never does.
	while [ ! -e "$work/stop" ]; do sleep 1; done
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	say "kernel messages:"
	dmesg | grep -iE 'esp|xfrm|error|warn' | tail -n 20
	say "stopped"
	exit 0
}

# --- gateway -----------------------------------------------------------------
pass=0 fail=0
ok() { echo "PASS $*"; pass=$((pass + 1)); }
ko() { echo "FAIL $*"; fail=$((fail + 1)); }

# ssh and scp of the suite (plain "ssh HOST cmd", "scp f [IP]:f") with our
# key, no host-key prompts: wrappers first in PATH. ssh reads ~/.ssh of
# the passwd home (the host's /root), so everything goes through -F.
ssh_setup() {
	mkdir -p "$work/bin"
	cp "$dir/id" "$work/id"
	chmod 600 "$work/id"
	cat > "$work/ssh_config" <<EOF
Host *
	User root
	IdentityFile $work/id
	IdentitiesOnly yes
	StrictHostKeyChecking no
	UserKnownHostsFile /dev/null
	LogLevel ERROR
	ConnectTimeout 20
	ServerAliveInterval 15
	ServerAliveCountMax 8
EOF
	for c in ssh scp; do
		printf '#!/bin/sh\nexec /usr/bin/%s -F %s "$@"\n' "$c" "$work/ssh_config" \
			> "$work/bin/$c"
		chmod 755 "$work/bin/$c"
	done
	export PATH=$work/bin:$PATH
}

# The suite, copied and patched: its 10 s wait for ipsec-secgw's tap is
# too short under TCG (EAL start, PMD probing and mempools take longer).
suite_setup() {
	local src=/usr/share/dpdk/examples/ipsec-secgw/test wait=${VCRYPTO_IPSEC_WAIT:-90}
	[ -f "$src/run_test.sh" ] || die "no $src (package dpdk-doc)"
	rm -rf "$work/test"
	cp -r "$src" "$work/test"
	sed -i "s/\$i -ne 10 /\$i -ne $wait /" "$work/test/common_defs_secgw.sh"
	grep -q "\$i -ne $wait " "$work/test/common_defs_secgw.sh" ||
		die "could not patch the suite's wait (common_defs_secgw.sh changed?)"
}

gw() {
	local sgw=${1:?usage: gw SGW_BIN CASE...} c i
	shift
	[ $# -gt 0 ] || die "no case given"
	[ -x "$sgw" ] || die "no ipsec-secgw binary '$sgw'"
	modules virtio_net tun
	ctl_up "$MAC_CTL_GW" "$CTL_GW"
	[ -e "/sys/bus/pci/devices/$GW_NIC" ] || die "no test NIC at $GW_NIC"
	echo uio_pci_generic > "/sys/bus/pci/devices/$GW_NIC/driver_override"
	echo "$GW_NIC" > /sys/bus/pci/drivers_probe 2>/dev/null
	[ "$(basename "$(readlink "/sys/bus/pci/devices/$GW_NIC/driver")")" = uio_pci_generic ] ||
		die "$GW_NIC not bound to uio_pci_generic"
	mkdir -p "$work/run"
	ssh_setup
	suite_setup
	for i in $(seq 60); do
		ssh "$CTL_PEER" true 2>/dev/null && break
		sleep 1
	done
	ssh "$CTL_PEER" true || die "peer $CTL_PEER not reachable over ssh"

	export SGW_PATH=$sgw
	export ETH_DEV="-a $GW_NIC"
	export CRYPTO_DEV=${VCRYPTO_IPSEC_CRYPTO//VCRYPTO_BDF/$VCRYPTO_BDF}
	export REMOTE_HOST=$CTL_PEER REMOTE_IFACE=vtest0 SGW_LCORE=0
	# shellcheck disable=SC1090
	if [ -n "${VCRYPTO_IPSEC_DEBUG:-}" ]; then . "$VCRYPTO_IPSEC_DEBUG"; fi
	say "crypto device: $CRYPTO_DEV; test port $GW_NIC; wait ${VCRYPTO_IPSEC_WAIT:-90} s"
	for c in "$@"; do
		case $c in
		*:*) one_case "$c";;
		*) full_mode "$c";;
		esac
		# Nothing may be left running for the next case.
		kill_sgw
	done
	# shellcheck disable=SC2029 # the same path on both guests
	ssh "$CTL_PEER" touch "$work/stop" || true
	echo "ipsec-secgw: $pass passed, $fail failed"
	[ "$fail" = 0 ]
}

# run_logged LABEL LOG TIMEOUT CMD...: CMD in the suite's working
# directory (its files, ipsec-secgw.out1 and the scp data, land there),
# output to LOG, its progress shown.
run_logged() {
	local label=$1 log=$2 tmo=$3 pid prog rc
	shift 3
	: > "$log"
	(cd "$work/run" && exec timeout -k 10 "$tmo" "$@") > "$log" 2>&1 &
	pid=$!
	progress "$label" "$log" "$pid" &
	prog=$!
	wait "$pid"
	rc=$?
	wait "$prog"
	return "$rc"
}

# A failed case's evidence: the suite's output without the ping replies,
# ipsec-secgw's log of its last run.
show_logs() {	# show_logs LABEL LOG
	say "--- $1: suite output (last 60 lines) ---"
	grep -v '^[0-9]* bytes from\|^PING\|^--- \|packets transmitted\|^rtt\|^$' "$2" | tail -n 60
	say "--- $1: ipsec-secgw.out1 (last 40 lines) ---"
	tail -n 40 "$work/run/ipsec-secgw.out1" 2>/dev/null
}

timed_out() { [ "$1" != 124 ] || echo ": timed out after $2 s"; }

# One run of the suite's linux_test.sh: MODE:ipv4|ipv6:library|esn|esn-atom,
# with the variables load_env.sh sets for that sub-mode (library mode;
# with extended sequence numbers; with ESN and atomic sequence numbers).
one_case() {
	local mode proto sub env log rc t0=$SECONDS tmo=${VCRYPTO_IPSEC_CASE_TIMEOUT:-1500}
	IFS=: read -r mode proto sub <<< "$1"
	env="SGW_MODE=library SGW_ESN=esn-off SGW_ATOM=atom-off SGW_CRYPTO=regular SGW_CRYPTO_FLBK="
	case $sub in
	library) ;;
	esn) env="$env SGW_ESN=esn-on";;
	esn-atom) env="$env SGW_ESN=esn-on SGW_ATOM=atom-on";;
	*) ko "$1: unknown sub-mode '$sub' (library, esn, esn-atom)"; return;;
	esac
	case $proto in
	ipv4|ipv6) ;;
	*) ko "$1: unknown IP version '$proto' (ipv4, ipv6)"; return;;
	esac
	log=$work/${1//:/_}.log
	run_logged "$1" "$log" "$tmo" env $env bash "$work/test/linux_test.sh" "$proto-$proto" "$mode"
	rc=$?
	say "$1: linux_test.sh exit $rc in $((SECONDS - t0)) s"
	if [ "$rc" = 0 ]; then
		ok "$mode $proto $sub: every ping size and scp through the tunnel"
	else
		ko "$mode $proto $sub: linux_test.sh exit $rc$(timed_out "$rc" "$tmo")"
		show_logs "$1" "$log"
	fi
}

# The whole suite for a mode: run_test.sh -4 -6 MODE, IPv4 then IPv6,
# each in the three sub-modes above (load_env.sh).
full_mode() {
	local mode=$1 log=$work/$1.log rc st v t0=$SECONDS
	local tmo=${VCRYPTO_IPSEC_MODE_TIMEOUT:-5400}
	run_logged "$mode" "$log" "$tmo" bash "$work/test/run_test.sh" -4 -6 "$mode"
	rc=$?
	say "$mode: run_test.sh exit $rc in $((SECONDS - t0)) s"
	for v in IPv4 IPv6; do
		st=$(sed -n "s/^ *test $v $mode finished with status \([0-9]*\)$/\1/p" "$log" | tail -n 1)
		if [ "$st" = 0 ]; then
			ok "$mode $v: library, esn, esn-atom: every ping size and scp through the tunnel"
		elif [ -n "$st" ]; then
			ko "$mode $v: status $st"
		else
			ko "$mode $v: did not finish (run_test.sh exit $rc$(timed_out "$rc" "$tmo"))"
		fi
	done
	if [ "$rc" = 0 ] && ! grep -q 'All tests have ended successfully' "$log"; then
		ko "$mode: run_test.sh did not report success"
		rc=1
	fi
	[ "$rc" = 0 ] || show_logs "$mode" "$log"
}

# Progress of a mode, as the suite logs it: each ipsec-secgw run (sub-mode),
# every 300th ping size, each scp size, the verdicts. A quiet minute-long
# stretch under TCG is normal; a quarter of an hour is not.
progress() {	# progress LABEL LOG PID: until PID ends
	# mawk (Debian's awk) reads a pipe in blocks unless interactive: a
	# quiet stretch's lines would show late, stamped with a later time.
	local awk=(awk)
	awk -W version 2>/dev/null | grep -q mawk && awk=(awk -W interactive)
	# shellcheck disable=SC2016 # an awk program
	tail -n +1 -F -s 2 --pid="$3" "$2" 2>/dev/null | "${awk[@]}" -v m="$1" '
	function say(s) { printf "ipsec-gw: %s [%d s] %s\n", m, systime() - start, s; fflush() }
	BEGIN { start = systime() }
	/^\[enabled\]  (legacy|library) mode/ { sm = $2 }
	/^\[enabled\]  extended sequence number/ { sm = sm "+esn" }
	/^\[enabled\]  sequence number atomic/ { sm = sm "+atom" }
	/^\[disabled\] multi-segment/ { say("ipsec-secgw " sm) }
	/^[0-9]+ bytes from / { n = $1 - 8; if (n % 300 == 0) say("ping size " n) }
	/^[0-9]+ bytes \(.*copied/ { say("scp " $1 " B") }
	/finished with status|^ERROR/ { say($0) }'
}

# The suite kills its ipsec-secgw by pid; after a timeout one may remain
# (in this throw-away guest, only the suite starts that binary).
kill_sgw() {
	local p
	for p in $(pidof "$(basename "$SGW_PATH")" 2>/dev/null); do
		kill -KILL "$p" 2>/dev/null
	done
}

case $role in
peer) peer "$@";;
gw) gw "$@";;
*) die "role must be peer or gw";;
esac
