#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The vcrypto authors
#
# Prepare what devtools/vm/run.sh boots: Debian's own kernel (unpacked from
# the linux-image package, never installed on the host) and a small busybox
# initramfs holding /init plus the few modules that initramfs needs before
# the host root is reachable over virtio-9p (virtio_pci, 9p stack) and for
# binding the crypto function (uio_pci_generic, vfio-pci).
#
# Idempotent: everything lands under ${VCRYPTO_CACHE:-/var/cache/vcrypto}/vm
# and a second run only checks that it is there. Prints the artefact paths
# as shell assignments (KERNEL=..., INITRD=..., KVER=...) on stdout.
#
# Environment:
#   VCRYPTO_CACHE           cache root (default /var/cache/vcrypto)
#   VCRYPTO_VM_KERNEL_PKG   kernel package to use instead of the one
#                           linux-image-amd64 currently depends on
# ls only lists directories this script made (safe names).
# shellcheck disable=SC2012,SC2015
set -eu

here=$(cd "$(dirname "$0")" && pwd)
CACHE=${VCRYPTO_CACHE:-/var/cache/vcrypto}/vm
log() { echo "vm-setup: $*" >&2; }
die() { log "error: $*"; exit 1; }

case $CACHE in *[[:space:]]*) die "cache path must not contain blanks: $CACHE";; esac
[ "$(id -u)" = 0 ] || die "must run as root (apt-get, dpkg -x ownership)"

# Concurrent run.sh invocations all call us: serialise (flock: util-linux).
mkdir -p "$CACHE"
exec 9>"$CACHE/.setup.lock"
flock 9

# --- host packages -------------------------------------------------------
# qemu-system-x86: the VM; busybox-static: initramfs userland (static, so no
# libraries to copy); cpio+gzip: initramfs archive; kmod: depmod/modprobe to
# compute module dependencies of the unpacked kernel (Debian ships no
# modules.dep in the package, postinst generates it); xz-utils/zstd: in case
# the kernel's modules are compressed; coreutils gives timeout for run.sh.
need_pkgs="qemu-system-x86 busybox-static cpio gzip kmod xz-utils zstd coreutils"
apt_updated=
apt_update_once() {
	[ -n "$apt_updated" ] && return 0
	log "apt-get update"
	apt-get update -q >&2
	apt_updated=1
}
missing=
# shellcheck disable=SC2086 # word lists on purpose
installed=$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' $need_pkgs 2>/dev/null |
	awk '$2 == "installed" { print $1 }' || true)
for p in $need_pkgs; do
	echo "$installed" | grep -qx "$p" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	apt_update_once
	log "installing:$missing"
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing >&2
fi

# --- kernel package ------------------------------------------------------
# linux-image-amd64 is a metapackage; its Depends names the real image
# (linux-image-6.1.0-NN-amd64). Resolved without installing anything.
resolve_kpkg() {
	apt-cache depends linux-image-amd64 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*\)$/\1/p' | head -n1
}
# apt-cache takes ~1.5 s; remember the answer until the package lists
# change (apt-get update touches /var/lib/apt/lists).
resolved=$CACHE/kernel/resolved
kpkg='' kver_pkg=''
if [ -s "$resolved" ] && [ "$resolved" -nt /var/lib/apt/lists ]; then
	read -r want kpkg kver_pkg < "$resolved"
	[ "$want" = "${VCRYPTO_VM_KERNEL_PKG:-auto}" ] || kpkg='' kver_pkg=''
fi
if [ -z "$kpkg" ] || [ -z "$kver_pkg" ]; then
	kpkg=${VCRYPTO_VM_KERNEL_PKG:-}
	if [ -z "$kpkg" ]; then
		kpkg=$(resolve_kpkg)
		if [ -z "$kpkg" ]; then
			apt_update_once	# fresh machine: no package lists yet
			kpkg=$(resolve_kpkg)
		fi
	fi
	[ -n "$kpkg" ] || die "cannot resolve linux-image-amd64 to a kernel package"
	kver_pkg=$(apt-cache policy "$kpkg" | sed -n 's/^ *Candidate: //p')
	if [ -z "$kver_pkg" ] || [ "$kver_pkg" = "(none)" ]; then
		apt_update_once
		kver_pkg=$(apt-cache policy "$kpkg" | sed -n 's/^ *Candidate: //p')
	fi
	[ -n "$kver_pkg" ] && [ "$kver_pkg" != "(none)" ] || die "no candidate for $kpkg"
	mkdir -p "$CACHE/kernel"
	echo "${VCRYPTO_VM_KERNEL_PKG:-auto} $kpkg $kver_pkg" > "$resolved"
fi

kroot=$CACHE/kernel/${kpkg}_$kver_pkg
if [ ! -f "$kroot/.done" ]; then
	debdir=$CACHE/debs
	mkdir -p "$debdir"
	deb=$(ls "$debdir/${kpkg}_"*"${kver_pkg##*:}"*.deb 2>/dev/null | head -n1 || true)
	if [ -z "$deb" ]; then
		log "downloading $kpkg $kver_pkg"
		# apt-get download writes into the cwd; let the _apt sandbox user
		# own it (else apt warns and downloads unsandboxed as root).
		dl=$(mktemp -d "$debdir/.dl.XXXXXX")
		chmod 755 "$dl"
		chown _apt "$dl" 2>/dev/null || true
		( cd "$dl" && apt-get download -q "$kpkg=$kver_pkg" >&2 ) ||
			{ rm -rf "$dl"; die "apt-get download $kpkg failed"; }
		mv "$dl"/*.deb "$debdir/"
		rmdir "$dl"
		deb=$(ls "$debdir/${kpkg}_"*"${kver_pkg##*:}"*.deb | head -n1)
	fi
	log "unpacking $(basename "$deb")"
	rm -rf "$kroot"
	mkdir -p "$kroot"
	dpkg -x "$deb" "$kroot"
	kv=$(ls "$kroot/lib/modules" | head -n1)
	[ -n "$kv" ] || die "no modules in $deb"
	# modules.dep & co. are made by the package's postinst; do it here.
	depmod -b "$kroot" "$kv"
	touch "$kroot/.done"
	# A new kernel supersedes older ones (~400 MB unpacked each).
	for d in "$CACHE"/kernel/linux-image-*; do
		[ "$d" = "$kroot" ] || rm -rf "$d"
	done
	for f in "$debdir"/*.deb; do
		[ "$f" = "$deb" ] || rm -f "$f"
	done
fi
KVER=$(ls "$kroot/lib/modules" | head -n1)
KERNEL=$kroot/boot/vmlinuz-$KVER
[ -f "$KERNEL" ] || die "missing $KERNEL"

# --- initramfs -----------------------------------------------------------
# Module sets, loaded by /init in the order listed (dependencies first).
# Names the kernel has built in are skipped by modprobe --show-depends.
MODS_9P="virtio_pci 9pnet_virtio 9p"
MODS_UIO="uio_pci_generic"
MODS_VFIO="vfio vfio_iommu_type1 vfio_pci"
# run.sh --binding kernel: Linux's own driver + AF_ALG + PKCS#8 keys.
MODS_KERNEL="virtio_crypto af_alg algif_skcipher algif_hash algif_aead pkcs8_key_parser"

# The initramfs is rebuilt when the kernel, busybox, /init or this script
# change: their checksums name the file.
bbox=$(command -v busybox)
case $(file -b "$bbox" 2>/dev/null || echo static) in
*dynamic*) die "$bbox is not static (install busybox-static)";;
esac
key=$( { echo "$KVER $kver_pkg $MODS_9P $MODS_UIO $MODS_VFIO $MODS_KERNEL"
	cat "$here/init" "$0" "$bbox"; } | sha256sum | cut -c1-16)
INITRD=$CACHE/initramfs-$KVER-$key.cpio.gz

if [ ! -f "$INITRD" ]; then
	log "building initramfs for $KVER"
	stage=$(mktemp -d "$CACHE/.initramfs.XXXXXX")
	trap 'rm -rf "$stage" "$stage.cpio.gz"' EXIT
	mkdir -p "$stage"/bin "$stage"/dev "$stage"/proc "$stage"/sys \
		"$stage"/newroot "$stage"/lib/vcrypto/modules "$stage"/tmp
	cp "$bbox" "$stage/bin/busybox"
	# Only the applets /init uses; avoids shadowing nothing since the
	# initramfs has no other binaries.
	for a in sh mount umount mkdir insmod cat echo sleep chroot poweroff \
		readlink basename ls stty sync env grep sed tr test [ printf \
		head cut mknod dmesg uname rm ln; do
		ln -s busybox "$stage/bin/$a"
	done
	install -m 755 "$here/init" "$stage/init"

	# modprobe -d/-S resolves the unpacked tree's modules.dep (and softdeps)
	# into insmod lines in load order; builtins come out as "builtin X".
	# Debian 12's 6.1 modules are plain .ko, later kernels use .ko.xz or
	# .ko.zst: decompress here so busybox insmod needs no codec.
	add_set() {	# add_set LISTNAME MODULE...
		local list=$stage/lib/vcrypto/$1.list m line path base
		shift
		: > "$list"
		for m in "$@"; do
			modprobe -d "$kroot" -S "$KVER" --show-depends "$m" >"$stage/.deps" ||
				die "module $m not found for $KVER"
			while read -r line; do
				case $line in
				"insmod "*) ;;
				*) continue;;	# builtin
				esac
				path=${line#insmod }
				path=${path%% *}	# drop module options, if any
				base=$(basename "$path")
				case $base in
				*.ko.xz) base=${base%.xz}; xz -dc "$path" > "$stage/lib/vcrypto/modules/$base";;
				*.ko.zst) base=${base%.zst}; zstd -qdc "$path" > "$stage/lib/vcrypto/modules/$base";;
				*.ko.gz) base=${base%.gz}; gzip -dc "$path" > "$stage/lib/vcrypto/modules/$base";;
				*.ko) cp "$path" "$stage/lib/vcrypto/modules/$base";;
				*) die "unexpected module file $path";;
				esac
				grep -qx "$base" "$list" || echo "$base" >> "$list"
			done < "$stage/.deps"
		done
		rm -f "$stage/.deps"
	}
	# shellcheck disable=SC2086
	add_set 9p $MODS_9P
	add_set uio $MODS_UIO
	# shellcheck disable=SC2086
	add_set vfio $MODS_VFIO
	# shellcheck disable=SC2086
	add_set kernel $MODS_KERNEL
	echo "$KVER" > "$stage/lib/vcrypto/kver"

	( cd "$stage" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet ) |
		gzip -6 > "$stage.cpio.gz"
	mv "$stage.cpio.gz" "$INITRD"
	rm -rf "$stage" "$stage.cpio.gz"
	trap - EXIT
	# Older images are stale, but a concurrent run.sh may be about to
	# boot one: keep the newest three.
	ls -t "$CACHE"/initramfs-*.cpio.gz | tail -n +4 | while read -r f; do
		rm -f "$f"
	done
fi

echo "KERNEL=$KERNEL"
echo "INITRD=$INITRD"
echo "KVER=$KVER"
