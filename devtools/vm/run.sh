#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The vcrypto authors
#
# Boot a throw-away QEMU guest with a virtio-crypto device, run one command
# in it (host root mounted read-only over virtio-9p, same working directory)
# and exit with that command's status. See devtools/vm/README.md.
#
#   devtools/vm/run.sh [options] -- COMMAND [ARGS...]
#
# The guest kernel console (ttyS0) goes to a per-run log; the command's
# stdout+stderr go to ttyS1, which is streamed to our stdout as it arrives.
# QEMU option strings contain commas; cleanup runs from a trap.
# shellcheck disable=SC2054,SC2317,SC2015
set -eu

here=$(cd "$(dirname "$0")" && pwd)
prog=run.sh
CACHE=${VCRYPTO_CACHE:-/var/cache/vcrypto}/vm

usage() {
	cat <<EOF
usage: $prog [options] -- COMMAND [ARGS...]
  --binding uio|vfio|kernel
                         guest driver for the crypto function (default uio;
                         kernel: Linux's virtio_pci + virtio_crypto keep it,
                         with AF_ALG and the PKCS#8 key parser loaded)
  --qemu 7|11            host QEMU (Debian 12: 7.2, default) or QEMU 11.x
                         from a Debian 13 root (devtools/vm/qemu11.sh,
                         built on first use, ~2.5 min) run through the
                         root's own dynamic loader
  --iommu-platform on|off
                         vfio only: device behind the vIOMMU (default on,
                         DPDK --iova-mode=va). off: device bypasses the
                         vIOMMU, DPDK must use --iova-mode=pa (for PMDs that
                         do not negotiate VIRTIO_F_ACCESS_PLATFORM, e.g.
                         DPDK 22.11's crypto_virtio)
  --viommu               kernel binding: the crypto function behind QEMU's
                         intel-iommu (iommu_platform=on, intel_iommu=on),
                         as a guest meant for vfio-pci has it; the command
                         binds vfio-pci itself (devtools/check-recipes.sh)
  --backend builtin|vhost-user|device|device-sessions
                         QEMU cryptodev backend (default builtin). device:
                         start --device-bin as a vhost-user back end and
                         give the guest QEMU 11's vhost-user-test-device-pci
                         (virtio id 20) on it; implies --qemu 11.
                         device-sessions: --device-bin with --session-msgs
                         behind QEMU's own virtio-crypto-pci and
                         cryptodev-vhost-user (QEMU keeps the control queue
                         and config space, sends sessions as vhost-user
                         messages: layout qemu-632 for QEMU 7.2, 1072 for 11)
  --device-bin PATH      vcrypto-device binary (with --backend device*)
  --device-arg ARG       extra vcrypto-device argument (repeatable)
  --device-queues N      data queues of the device (default 1)
  --vhost-sock PATH      vhost-user backend socket (with --backend vhost-user)
  --vhost-hugetlb        back guest RAM with host hugetlb (vhost-user only)
  --vhost-pmd aesni_mb|openssl
                         start a real vhost-user crypto backend for this run
                         (DPDK vhost_crypto with that cryptodev, behind
                         vhost-proxy; devtools/vm/vhost-crypto.sh), stopped
                         when the run ends. Implies --backend vhost-user and
                         host hugetlb for guest RAM (reserved for the run)
  --vhost-cpu N          host CPU the backend polls on (default: the last)
  --vhost-arg ARG        extra vhost-crypto.sh start argument (repeatable:
                         --zero-copy, --guest-polling, --proxy-arg=...)
  --no-vhost-hugetlb     with --vhost-pmd: plain shared memfd (4K pages;
                         the backend then needs ~10-30 s to map guest RAM)
  --guest-cpus LIST|rest pin QEMU to these host CPUs (taskset list; "rest":
                         all but --vhost-cpu). Default: no pinning (measured
                         faster under TCG than leaving QEMU one CPU)
  --mem SIZE             guest RAM (default 2G)
  --smp N                guest CPUs (default 2)
  --hugepages N          2 MiB hugepages reserved in the guest (default 512)
  --timeout SECONDS      kill the guest after this long, exit 124 (default 900)
  --accel auto|kvm|tcg   accelerator (default auto: KVM only if it works)
  --rw DIR               share host DIR writable at the same path (repeatable)
  --qemu-arg ARG         extra QEMU argument (repeatable)
  --keep                 keep the per-run directory (logs) for debugging
  --save-logs DIR        if the run fails (any non-zero exit), copy its
                         logs there: guest console, command output, QEMU,
                         vhost-user back end and proxy; the back end's
                         scheduling summary in any case
  -v, --verbose          stream the guest console (boot log) to stderr
  -q, --quiet            no status line on stderr
Exit status: COMMAND's; 124 on timeout; 125 if the VM itself failed.
EOF
}
die() { echo "$prog: error: $*" >&2; exit 125; }
need_arg() { [ $# -ge 2 ] || die "$1 needs an argument"; }

binding=uio iommu_platform=on backend=builtin vhost_sock='' vhost_hugetlb=0 mem=2G smp=2
hugepages=512 timeout_s=900 accel=auto keep=0 verbose=0 quiet=0 save_logs=''
vhost_pmd='' vhost_cpu='' vhost_nohuge=0 guest_cpus=''
qemu_extra=() rw_dirs=() vhost_args=()
qemu_ver=7 device_bin='' device_args=() device_queues=1 viommu=0
while [ $# -gt 0 ]; do
	case $1 in
	--binding) need_arg "$@"; binding=$2; shift 2;;
	--iommu-platform) need_arg "$@"; iommu_platform=$2; shift 2;;
	--viommu) viommu=1; shift;;
	--backend) need_arg "$@"; backend=$2; shift 2;;
	--vhost-sock) need_arg "$@"; vhost_sock=$2; shift 2;;
	--qemu) need_arg "$@"; qemu_ver=$2; shift 2;;
	--device-bin) need_arg "$@"; device_bin=$2; shift 2;;
	--device-arg) need_arg "$@"; device_args+=("$2"); shift 2;;
	--device-queues) need_arg "$@"; device_queues=$2; shift 2;;
	--vhost-hugetlb) vhost_hugetlb=1; shift;;
	--vhost-pmd) need_arg "$@"; vhost_pmd=$2; shift 2;;
	--vhost-cpu) need_arg "$@"; vhost_cpu=$2; shift 2;;
	--vhost-arg) need_arg "$@"; vhost_args+=("$2"); shift 2;;
	--no-vhost-hugetlb) vhost_nohuge=1; shift;;
	--guest-cpus) need_arg "$@"; guest_cpus=$2; shift 2;;
	--mem) need_arg "$@"; mem=$2; shift 2;;
	--smp) need_arg "$@"; smp=$2; shift 2;;
	--hugepages) need_arg "$@"; hugepages=$2; shift 2;;
	--timeout) need_arg "$@"; timeout_s=$2; shift 2;;
	--accel) need_arg "$@"; accel=$2; shift 2;;
	--rw) need_arg "$@"; rw_dirs+=("$2"); shift 2;;
	--qemu-arg) need_arg "$@"; qemu_extra+=("$2"); shift 2;;
	--keep) keep=1; shift;;
	--save-logs) need_arg "$@"; save_logs=$2; shift 2;;
	-v|--verbose) verbose=1; shift;;
	-q|--quiet) quiet=1; shift;;
	-h|--help) usage; exit 0;;
	--) shift; break;;
	-*) usage >&2; die "unknown option $1";;
	*) break;;
	esac
done
[ $# -gt 0 ] || { usage >&2; die "no command given"; }
case $binding in uio|vfio|kernel) ;; *) die "--binding must be uio, vfio or kernel";; esac
case $backend in
device|device-sessions)
	[ -x "$device_bin" ] || die "--backend $backend needs --device-bin PATH (got '$device_bin')"
	case $device_queues in ''|*[!0-9]*|0) die "--device-queues must be a positive number";; esac
	[ "$backend" = device-sessions ] || qemu_ver=11
	# vIOMMU + vhost-user: QEMU then hands the back end IOVAs through a
	# device IOTLB, which vcrypto-device does not implement.
	[ "$backend" != device-sessions ] || [ "$binding" != vfio ] ||
		[ "$iommu_platform" = off ] ||
		die "--backend device-sessions with --binding vfio needs --iommu-platform off (no device IOTLB in vcrypto-device)"
	;;
esac
case $qemu_ver in 7|11) ;; *) die "--qemu must be 7 or 11";; esac
[ "$qemu_ver" = 7 ] || [ -z "$vhost_pmd" ] ||
	die "--vhost-pmd needs --qemu 7 (vhost-proxy's fixes are for QEMU 7.2's messages)"
case $iommu_platform in on|off) ;; *) die "--iommu-platform must be on or off";; esac
[ "$viommu" = 0 ] || [ "$binding" = kernel ] || die "--viommu is for --binding kernel (vfio has it anyway)"
case $accel in auto|kvm|tcg) ;; *) die "--accel must be auto, kvm or tcg";; esac
case $hugepages in ''|*[!0-9]*) die "--hugepages must be a number";; esac
case $smp in ''|*[!0-9]*) die "--smp must be a number";; esac
case $timeout_s in ''|*[!0-9]*|0) die "--timeout must be a positive number";; esac
if [ -n "$vhost_pmd" ]; then
	case $vhost_pmd in aesni_mb|openssl) ;; *) die "--vhost-pmd must be aesni_mb or openssl";; esac
	[ -z "$vhost_sock" ] || die "--vhost-pmd starts its own backend: no --vhost-sock"
	case $backend in builtin|vhost-user) backend=vhost-user;; *) die "--vhost-pmd needs --backend vhost-user";; esac
	[ -n "$vhost_cpu" ] || vhost_cpu=$(($(nproc) - 1))
	case $vhost_cpu in ''|*[!0-9]*) die "--vhost-cpu must be a CPU number";; esac
	[ "$vhost_nohuge" = 1 ] || vhost_hugetlb=1
	# vIOMMU + vhost-user: QEMU switches to device-IOTLB mode, which DPDK
	# 22.11 vhost_crypto does not negotiate; the session request finds the
	# device not ready, the backend drops the connection, QEMU 7.2 crashes.
	[ "$binding" = uio ] || [ "$iommu_platform" = off ] ||
		die "--vhost-pmd with --binding vfio needs --iommu-platform off (no device IOTLB in vhost_crypto)"
fi
if [ "$guest_cpus" = rest ]; then
	# Every host CPU but the one the backend polls on.
	[ "$(nproc)" -gt 1 ] || die "--guest-cpus rest: only one CPU"
	guest_cpus=$(seq 0 $(($(nproc) - 1)) | grep -vx "${vhost_cpu:-$(($(nproc) - 1))}" |
		paste -sd, -)
fi
[ "$guest_cpus" != all ] || guest_cpus=''
[ "$(id -u)" = 0 ] || die "must run as root (9p passthrough of /)"
t0=$EPOCHREALTIME

# Kernel + initramfs; setup.sh is a no-op check when already cached.
KERNEL='' INITRD=''
while IFS='=' read -r k v; do
	case $k in KERNEL) KERNEL=$v;; INITRD) INITRD=$v;; esac
done < <("$here/setup.sh")
[ -f "$KERNEL" ] && [ -f "$INITRD" ] || die "setup.sh did not produce a kernel/initramfs"

# QEMU: Debian 12's, or QEMU 11 from the Debian 13 root qemu11.sh keeps
# (built on first use), started through that root's dynamic loader and
# libraries; QEMU_MODULE_DIR, else it loads the host's 7.2 modules; -L for
# its own firmware (SeaBIOS is a package of its own there).
qemu_bin=(qemu-system-x86_64) qtag=''
if [ "$qemu_ver" = 11 ]; then
	qtag=", QEMU 11"
	q11=''
	while IFS='=' read -r k v; do
		[ "$k" != QEMU11_ROOT ] || q11=$v
	done < <("$here/qemu11.sh")
	[ -n "$q11" ] || die "qemu11.sh did not produce a QEMU 11 root"
	qemu_bin=(env "QEMU_MODULE_DIR=$q11/usr/lib/x86_64-linux-gnu/qemu"
		"$q11/lib64/ld-linux-x86-64.so.2"
		--library-path "$q11/usr/lib/x86_64-linux-gnu:$q11/lib/x86_64-linux-gnu"
		"$q11/usr/bin/qemu-system-x86_64" -L "$q11/usr/share/qemu"
		-L "$q11/usr/share/seabios")
fi

# Per-run directory, reachable by the guest through the read-only root
# share at the same path. Not under /tmp: the guest mounts a tmpfs there.
mkdir -p "$CACHE/runs"
run=$(mktemp -d "$CACHE/runs/run.XXXXXX")
id=${run##*/}
tmo_pid='' tail_pids=() vhost_dir='' vhost_hugetlbfs='' device_pid=''
cleanup() {
	local rc=$? p
	trap - EXIT INT TERM HUP
	# Never leave QEMU behind: stop timeout(1) (it forwards the signal to
	# QEMU), then make sure the QEMU from our pidfile is gone.
	if [ -n "$tmo_pid" ] && kill -0 "$tmo_pid" 2>/dev/null; then
		kill -TERM "$tmo_pid" 2>/dev/null || true
		for _ in 1 2 3 4 5 6 7 8 9 10; do
			kill -0 "$tmo_pid" 2>/dev/null || break
			sleep 0.5
		done
	fi
	if [ -s "$run/qemu.pid" ]; then
		p=$(cat "$run/qemu.pid")
		if [ -n "$p" ] && grep -qs qemu "/proc/$p/cmdline"; then
			kill -KILL "$p" 2>/dev/null || true
		fi
	fi
	# The vhost-user backend (and proxy) only after QEMU is gone: it also
	# maps guest RAM, whose hugepages are released last.
	if [ -n "$vhost_dir" ]; then
		"$here/vhost-crypto.sh" stop --dir "$vhost_dir" || true
	fi
	! declare -F stop_device >/dev/null || stop_device
	for p in "${tail_pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	if [ "$rc" != 0 ] && [ -n "$save_logs" ] && mkdir -p "$save_logs"; then
		for p in console.log out.log qemu.log qemu.cmd cmd.sh \
			 vhost/backend.log vhost/proxy.log vhost/start.log \
			 vhost/sched.log vhost/sched-summary \
			 vhost/backend.cmd; do
			[ ! -f "$run/$p" ] || cp "$run/$p" "$save_logs/${p//\//-}"
		done
		echo "$prog: exit $rc: logs saved in $save_logs" >&2
	elif [ -n "$save_logs" ] && [ -s "$run/vhost/sched-summary" ] &&
	     mkdir -p "$save_logs"; then
		# How the back end was scheduled: kept on success too.
		cp "$run/vhost/sched-summary" "$save_logs/vhost-sched-summary"
	fi
	if [ "$keep" = 1 ]; then
		echo "$prog: kept $run" >&2
	else
		rm -rf "$run"
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# --- what the guest runs -------------------------------------------------
# A bash script with every word quoted by printf %q: no quoting of the
# command or cwd goes through the kernel command line.
cwd=$(pwd -P)
case $cwd/ in
/tmp/*|/run/*|/var/tmp/*|/dev/*|/proc/*|/sys/*)
	echo "$prog: warning: $cwd is hidden by a guest mount; the command will not find it" >&2;;
esac
{
	echo "# generated by devtools/vm/run.sh"
	while IFS= read -r v; do
		case $v in
		VCRYPTO_BDF|VCRYPTO_BINDING|VCRYPTO_IOVA_MODE) ;;	# set by the guest
		VCRYPTO_VM_BACKEND|VCRYPTO_VM_QEMU) ;;	# set below
		VCRYPTO_*) printf 'export %s=%q\n' "$v" "${!v}";;
		esac
	done < <(compgen -e)
	vm_backend=$backend
	[ -z "$vhost_pmd" ] || vm_backend+=:$vhost_pmd
	printf 'export VCRYPTO_VM_BACKEND=%q\n' "$vm_backend"
	printf 'export VCRYPTO_VM_QEMU=%q\n' "$qemu_ver"
	printf 'cd -- %q || exit 125\n' "$cwd"
	printf 'exec'
	printf ' %q' "$@"
	printf '\n'
} > "$run/cmd.sh"

# SeaBIOS/kernel console output carries CRs and terminal escapes (clear
# screen, no line wrap) that must not reach the user's terminal.
clean_tty() { LC_ALL=C sed 's/\x1b\[[0-9;?]*[A-Za-z]//g; s/\x1b[c78]//g; s/\r//g'; }

# --- QEMU command line ---------------------------------------------------
# A real vCPU, as the guest gets it: some hosts open /dev/kvm fine and then
# refuse the vCPU's MSRs (QEMU aborts in kvm_buf_set_msrs), which
# '-machine none' never reaches.
kvm_works() {
	[ -r /dev/kvm ] && [ -w /dev/kvm ] || return 1
	# Always probed with Debian 12's QEMU: on a host where that one aborts
	# here (nested KVM refusing MSRs), QEMU 11 passes this probe but its
	# guest then hangs right after "Booting from ROM".
	(echo quit | timeout 30 qemu-system-x86_64 -accel kvm -cpu host \
		-machine q35 -nodefaults -display none -S -monitor stdio) \
		>/dev/null 2>&1
}
if [ "$accel" = auto ]; then
	if kvm_works; then accel=kvm; else accel=tcg; fi
fi
if [ "$accel" = kvm ]; then
	accel_args=(-accel kvm -cpu host)
else
	accel_args=(-accel tcg,thread=multi -cpu max)
fi

# no_timer_check: on a loaded host a TCG vCPU can miss the boot-time
# IO-APIC timer check, and the kernel panics ("IO-APIC + timer doesn't
# work!", seen with a CPU hog on both host CPUs).
append="console=ttyS0 quiet loglevel=3 init_on_alloc=0 panic=-1 no_timer_check"
append+=" vcrypto.run=$run vcrypto.binding=$binding vcrypto.hugepages=$hugepages"
append+=" vcrypto.msize=512000"

machine=q35
iommu_args=() dev_opts=disable-legacy=on iova=pa
if [ "$binding" = vfio ] || [ "$viommu" = 1 ]; then
	# The IOMMU must be created before the devices behind it. intremap=off:
	# interrupt remapping would need a split irqchip, pointless under TCG
	# (the guest's vfio_iommu_type1 gets allow_unsafe_interrupts=1).
	iommu_args=(-device intel-iommu,intremap=off)
	append+=" intel_iommu=on"
	# iommu_platform=on makes the device offer VIRTIO_F_ACCESS_PLATFORM
	# and DMA through the vIOMMU (IOVA = what DPDK mapped = VA); QEMU then
	# refuses FEATURES_OK from a driver that does not accept that bit.
	# Without it the device DMAs to guest-physical addresses, so DPDK must
	# use IOVA = PA (vfio maps IOVA==PA 1:1 in the vIOMMU, harmless).
	if [ "$iommu_platform" = on ]; then
		dev_opts+=,iommu_platform=on
		iova=va
	fi
fi
append+=" vcrypto.iova=$iova"

# --vhost-pmd: DPDK vhost_crypto + vhost-proxy for this run only, state and
# logs in $run/vhost (stopped by cleanup). Guest RAM on host hugetlb needs
# mem/2M hugepages: vhost-crypto.sh reserves them in a hugetlbfs of its own
# (min_size), QEMU's RAM is a file there; "stop" releases them.
mem_mib() {	# QEMU -m syntax: plain number = MiB
	local n=${1%[MmGgTt]}
	case $n in ''|*[!0-9]*) echo 0; return;; esac
	case $1 in
	*[Gg]) echo $((n * 1024));; *[Tt]) echo $((n * 1024 * 1024));;
	*) echo "$n";;
	esac
}
start_vhost_backend() {
	local need=0 k v out
	if [ "$vhost_hugetlb" = 1 ]; then
		need=$(( ($(mem_mib "$mem") + 1) / 2 ))
		[ "$need" -gt 0 ] || die "--mem $mem: cannot size hugepages"
	fi
	vhost_dir=$run/vhost
	mkdir -p "$vhost_dir"
	# Its status line ("back-end ... up in N s") is ours unless -q.
	if ! out=$("$here/vhost-crypto.sh" start --dir "$vhost_dir" --pmd "$vhost_pmd" \
		--cpu "$vhost_cpu" --hugepages "$need" --owner $$ "${vhost_args[@]}" \
		2>"$vhost_dir/start.log"); then
		cat "$vhost_dir/start.log" >&2
		die "vhost-user backend did not start (logs in $vhost_dir)"
	fi
	[ "$quiet" = 1 ] || cat "$vhost_dir/start.log" >&2
	while IFS='=' read -r k v; do
		case $k in VHOST_SOCK) vhost_sock=$v;; VHOST_HUGETLBFS) vhost_hugetlbfs=$v;; esac
	done <<< "$out"
	if [ "$vhost_hugetlb" = 1 ] && [ -z "$vhost_hugetlbfs" ]; then
		echo "$prog: warning: no $need host hugepages: guest RAM on 4K pages" >&2
		vhost_hugetlb=0
	fi
}

# --backend device: our own vhost-user back end (app/vcrypto-device) for
# this run, in $run/device (device.cmd, device.log); QEMU 11 puts it in
# front of the guest as a generic vhost-user PCI function with virtio id 20
# (1af4:1054): config space, rings and requests are all the back end's.
stop_device() {
	[ -n "$device_pid" ] || return 0
	kill -TERM "$device_pid" 2>/dev/null || true
	for _ in $(seq 20); do
		kill -0 "$device_pid" 2>/dev/null || break
		sleep 0.25
	done
	kill -KILL "$device_pid" 2>/dev/null || true
	wait "$device_pid" 2>/dev/null || true
	device_pid=''
}
start_device() {
	local d=$run/device
	mkdir -p "$d"
	vhost_sock=$d/device.sock
	local cmd=("$device_bin" --socket "$vhost_sock" --queues "$device_queues")
	# The CREATE_CRYPTO_SESSION payload each QEMU sends (vd_sessmsg.h).
	if [ "$backend" = device-sessions ]; then
		if [ "$qemu_ver" = 7 ]; then cmd+=(--session-msgs qemu-632)
		else cmd+=(--session-msgs 1072); fi
	fi
	cmd+=("${device_args[@]}")
	printf '%q ' "${cmd[@]}" > "$d/device.cmd"
	"${cmd[@]}" </dev/null >"$d/device.log" 2>&1 &
	device_pid=$!
	for _ in $(seq 120); do
		[ -S "$vhost_sock" ] && return 0
		kill -0 "$device_pid" 2>/dev/null || break
		sleep 0.25
	done
	tail -n 20 "$d/device.log" >&2
	die "vcrypto-device did not create $vhost_sock (log: $d/device.log)"
}

# Backend hook: each backend sets the cryptodev0 object (+ what it needs)
# and, if it must share guest RAM with another process, mem_args.
mem_args=()
case $backend in
builtin)
	crypto_args=(-object cryptodev-backend-builtin,id=cryptodev0)
	;;
vhost-user)
	# The backend process (e.g. DPDK vhost-crypto) maps all guest RAM, so
	# RAM must be shared (memfd, or with --vhost-pmd a file on the run's
	# hugetlbfs), wired as NUMA node 0.
	if [ -n "$vhost_pmd" ]; then
		start_vhost_backend	# sets vhost_sock, may clear vhost_hugetlb
	fi
	[ -S "$vhost_sock" ] || die "--backend vhost-user needs --vhost-sock SOCKET (got '$vhost_sock')"
	crypto_args=(-chardev "socket,id=vhucrypto0,path=$vhost_sock"
		-object cryptodev-vhost-user,id=cryptodev0,chardev=vhucrypto0)
	mopt=share=on
	[ "$vhost_hugetlb" = 1 ] && mopt+=,hugetlb=on,hugetlbsize=2M
	mem_args=(-object "memory-backend-memfd,id=mem,size=$mem,$mopt"
		-numa node,memdev=mem)
	[ -z "$vhost_hugetlbfs" ] ||
		mem_args=(-object "memory-backend-file,id=mem,size=$mem,mem-path=$vhost_hugetlbfs,share=on"
		-numa node,memdev=mem)
	;;
device-sessions)
	# QEMU's own virtio-crypto-pci in front: like --backend vhost-user,
	# with our device on the socket.
	start_device	# sets vhost_sock
	crypto_args=(-chardev "socket,id=vhucrypto0,path=$vhost_sock"
		-object cryptodev-vhost-user,id=cryptodev0,chardev=vhucrypto0)
	mem_args=(-object "memory-backend-memfd,id=mem,size=$mem,share=on"
		-numa node,memdev=mem)
	;;
device)
	start_device	# sets vhost_sock
	# num_vqs: data queues + control queue; config_size: the 56-byte
	# virtio_crypto_config, served by the back end (GET_CONFIG). Modern
	# only: no disable-legacy property.
	crypto_args=(-chardev "socket,id=vhudev0,path=$vhost_sock"
		-device "vhost-user-test-device-pci,id=crypto0,chardev=vhudev0,virtio-id=20,num_vqs=$((device_queues + 1)),config_size=56${dev_opts#disable-legacy=on}")
	mem_args=(-object "memory-backend-memfd,id=mem,size=$mem,share=on"
		-numa node,memdev=mem)
	;;
*) die "--backend must be builtin, vhost-user, device or device-sessions";;
esac
[ "$backend" = device ] ||
	crypto_args+=(-device "virtio-crypto-pci,id=crypto0,cryptodev=cryptodev0,$dev_opts")

# Host root, read-only. multidevs=remap: / spans several host file systems
# whose inode numbers would otherwise collide in the guest.
share_args=(-fsdev local,id=hostfs,path=/,security_model=none,readonly=on,multidevs=remap
	-device virtio-9p-pci,fsdev=hostfs,mount_tag=hostroot)
: > "$run/shares"
n=0
for d in "${rw_dirs[@]}"; do
	d=$(cd "$d" && pwd -P) || die "--rw $d: no such directory"
	case $d in *,*|*[[:space:]]*) die "--rw $d: commas/blanks not supported";; esac
	share_args+=(-fsdev "local,id=rw$n,path=$d,security_model=none,multidevs=remap"
		-device "virtio-9p-pci,fsdev=rw$n,mount_tag=rw$n")
	echo "rw$n $d" >> "$run/shares"
	n=$((n + 1))
done

: > "$run/console.log"
: > "$run/out.log"
pin=()
[ -z "$guest_cpus" ] || pin=(taskset -c "$guest_cpus")
qemu=("${pin[@]}" "${qemu_bin[@]}" -machine "$machine" "${accel_args[@]}"
	-smp "$smp" -m "$mem" "${mem_args[@]}"
	-nodefaults -nographic -no-reboot -no-user-config
	-kernel "$KERNEL" -initrd "$INITRD" -append "$append"
	-serial "file:$run/console.log" -serial "file:$run/out.log"
	-pidfile "$run/qemu.pid"
	"${iommu_args[@]}" "${crypto_args[@]}" "${share_args[@]}"
	"${qemu_extra[@]}")
printf '%q ' "${qemu[@]}" > "$run/qemu.cmd"

# timeout(1) gives the hard limit; -k: SIGKILL if QEMU ignores SIGTERM.
timeout -k 10 "$timeout_s" "${qemu[@]}" </dev/null >"$run/qemu.log" 2>&1 &
tmo_pid=$!

# Command output -> our stdout as it arrives (tail exits when QEMU does).
tail -n +1 -F -s 0.2 --pid="$tmo_pid" "$run/out.log" 2>/dev/null &
tail_pids+=($!)
# Console: watch for the start marker (boot time), echo it all with -v.
(
	started=0
	tail -n +1 -F -s 0.2 --pid="$tmo_pid" "$run/console.log" 2>/dev/null |
	while IFS= read -r line; do
		line=${line%$'\r'}
		[ "$verbose" = 1 ] && printf '[guest] %s\n' "$(printf '%s\n' "$line" | clean_tty)" >&2
		if [ "$verbose" = 0 ] && [ "$quiet" = 0 ] && [[ $line == *vcrypto-warn:* ]]; then
			echo "$prog: guest ${line#*vcrypto-}" >&2
		fi
		if [ $started = 0 ] && [[ $line == *"vcrypto-start-$id "* ]]; then
			started=1
			if [ "$quiet" = 0 ]; then
				t=$EPOCHREALTIME
				printf '%s: guest up in %.1fs (%s, %s%s%s, guest %s)\n' "$prog" \
					"$(echo "$t - $t0" | awk '{print $1 - $3}')" "$accel" \
					"$binding" "${vhost_pmd:+, vhost-user $vhost_pmd}" \
					"$qtag${device_bin:+ + vcrypto-device}" \
					"${line#*vcrypto-start-"$id" }" >&2
			fi
		fi
	done
) &
tail_pids+=($!)

qrc=0
wait "$tmo_pid" || qrc=$?
tmo_pid=
# Let both tails drain what QEMU wrote last.
for p in "${tail_pids[@]}"; do wait "$p" 2>/dev/null || true; done
tail_pids=()

show_log() {
	echo "$prog: --- guest console (last 40 lines) ---" >&2
	tail -n 40 "$run/console.log" | clean_tty >&2
	if [ -s "$run/qemu.log" ]; then
		echo "$prog: --- QEMU ---" >&2
		tail -n 20 "$run/qemu.log" >&2
	fi
	for f in backend proxy; do
		[ -s "$vhost_dir/$f.log" ] || continue
		echo "$prog: --- vhost-user $f ($vhost_dir/$f.log) ---" >&2
		tail -n 15 "$vhost_dir/$f.log" >&2
	done
	if [ -s "$run/device/device.log" ]; then
		echo "$prog: --- vcrypto-device ---" >&2
		tail -n 15 "$run/device/device.log" >&2
	fi
}
if [ "$qrc" = 124 ] || [ "$qrc" = 137 ]; then
	echo "$prog: TIMEOUT: guest killed after ${timeout_s}s" >&2
	[ "$verbose" = 1 ] || show_log
	exit 124
fi
rc=$(tr -d '\r' < "$run/console.log" | sed -n "s/.*vcrypto-exit-$id=\([0-9]*\).*/\1/p" | tail -n1)
if [ -z "$rc" ]; then
	msg=$(tr -d '\r' < "$run/console.log" | sed -n "s/.*vcrypto-fail-$id: //p" | tail -n1)
	echo "$prog: VM failure: ${msg:-guest ended without an exit status (QEMU status $qrc)}" >&2
	[ "$verbose" = 1 ] || show_log
	exit 125
fi
if [ "$verbose" = 1 ] && [ -s "$run/qemu.log" ]; then
	sed 's/^/[qemu] /' "$run/qemu.log" >&2
fi
exit "$rc"
