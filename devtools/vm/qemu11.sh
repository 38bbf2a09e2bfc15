#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The vcrypto authors
#
# A newer QEMU for the test bed: a small Debian 13 (trixie) root made with
# debootstrap --variant=minbase, plus trixie-backports' qemu-system-x86
# (QEMU 11.x). Debian 12's QEMU 7.2 has no vhost-user-test-device-pci and
# an older builtin virtio-crypto. The root's QEMU needs trixie's glibc, so
# run.sh (--qemu 11) starts it from the host through the root's own dynamic
# loader and libraries: no chroot, no bind mounts.
#
# Idempotent: the root lives under ${VCRYPTO_CACHE:-/var/cache/vcrypto}/qemu11
# and a second run only checks that its QEMU starts (~0.1 s). Prints shell
# assignments on stdout:
#   QEMU11_ROOT=DIR  QEMU11_VERSION=11.1.3  QEMU11_PKG=1:11.1.3+ds-1~bpo13+1
#
# Packages come from the Debian mirror the host's apt already uses (or
# VCRYPTO_DEBIAN_MIRROR). Fresh build: ~500 MB, a few minutes (debootstrap).
#
#   devtools/vm/qemu11.sh [--rebuild]
#
# Environment:
#   VCRYPTO_CACHE            cache root (default /var/cache/vcrypto)
#   VCRYPTO_DEBIAN_MIRROR    Debian archive URL (default: from host apt)
# shellcheck disable=SC1091,SC2016 # os-release; apt/dpkg format strings
set -eu

CACHE=${VCRYPTO_CACHE:-/var/cache/vcrypto}/qemu11
ROOT=$CACHE/root
log() { echo "qemu11: $*" >&2; }
die() { log "error: $*"; exit 1; }

rebuild=0
case ${1:-} in
'') ;;
--rebuild) rebuild=1;;
-h|--help) sed -n '3,/^set -eu/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0;;
*) die "unknown option $1 (usage: qemu11.sh [--rebuild])";;
esac
case $CACHE in *[[:space:]]*) die "cache path must not contain blanks: $CACHE";; esac
[ "$(id -u)" = 0 ] || die "must run as root (debootstrap)"

# The command that runs the root's QEMU from the host (run.sh does the same).
root_qemu() {
	QEMU_MODULE_DIR=$ROOT/usr/lib/x86_64-linux-gnu/qemu \
		"$ROOT/lib64/ld-linux-x86-64.so.2" \
		--library-path "$ROOT/usr/lib/x86_64-linux-gnu:$ROOT/lib/x86_64-linux-gnu" \
		"$ROOT/usr/bin/qemu-system-x86_64" -L "$ROOT/usr/share/qemu" "$@"
}
# "QEMU emulator version 11.1.3 (Debian 1:11.1.3+ds-1~bpo13+1)" -> 11.1.3
root_qemu_version() {
	root_qemu --version 2>/dev/null | sed -n 's/^QEMU emulator version \([0-9.]*\).*/\1/p'
}
report() {
	local v
	v=$(root_qemu_version)
	case $v in
	1[1-9].*|[2-9][0-9].*) ;;
	*) return 1;;
	esac
	echo "QEMU11_ROOT=$ROOT"
	echo "QEMU11_VERSION=$v"
	echo "QEMU11_PKG=$(cat "$ROOT/.vcrypto-qemu-pkg")"
}

mkdir -p "$CACHE"
exec 9>"$CACHE/.lock"
flock 9

if [ "$rebuild" = 0 ] && [ -f "$ROOT/.vcrypto-done" ]; then
	report && exit 0
	log "cached root does not run its QEMU: rebuilding"
fi

# --- mirror: the one host apt uses for its own Debian release ------------
mirror=${VCRYPTO_DEBIAN_MIRROR:-}
if [ -z "$mirror" ]; then
	codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
	mirror=$(apt-get indextargets --format '$(REPO_URI) $(RELEASE) $(COMPONENT)' 2>/dev/null |
		awk -v c="$codename" '$2 == c && $3 == "main" { print $1; exit }')
	[ -n "$mirror" ] || die "no Debian main archive for '$codename' in apt's sources; set VCRYPTO_DEBIAN_MIRROR"
fi
mirror=${mirror%/}

if ! command -v debootstrap >/dev/null; then
	log "installing debootstrap"
	apt-get update -q >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
		debootstrap >&2
fi

# --- build into a staging directory, then swap it in ---------------------
t0=$(date +%s)
stage=$CACHE/root.new
cleanup() {
	umount "$stage/proc" 2>/dev/null || true
	rm -rf "$stage"
}
trap cleanup EXIT
cleanup
log "debootstrap --variant=minbase trixie ($mirror)"
debootstrap --variant=minbase trixie "$stage" "$mirror" > "$CACHE/debootstrap.log" 2>&1 ||
	{ tail -n 20 "$CACHE/debootstrap.log" >&2; die "debootstrap failed (log: $CACHE/debootstrap.log)"; }

# Docs, man pages and translations are never read here.
cat > "$stage/etc/dpkg/dpkg.cfg.d/01-vcrypto-nodoc" <<'EOF'
path-exclude=/usr/share/doc/*
path-exclude=/usr/share/man/*
path-exclude=/usr/share/locale/*
path-exclude=/usr/share/info/*
EOF
echo "deb $mirror trixie-backports main" > "$stage/etc/apt/sources.list.d/backports.list"
mount -t proc proc "$stage/proc"
log "installing qemu-system-x86 from trixie-backports"
{
	chroot "$stage" apt-get update -q &&
	DEBIAN_FRONTEND=noninteractive chroot "$stage" apt-get install -y -q \
		--no-install-recommends -t trixie-backports qemu-system-x86 &&
	chroot "$stage" apt-get clean
} > "$CACHE/apt.log" 2>&1 ||
	{ tail -n 20 "$CACHE/apt.log" >&2; die "apt-get in the trixie root failed (log: $CACHE/apt.log)"; }
umount "$stage/proc"
chroot "$stage" dpkg-query -W -f='${Version}' qemu-system-x86 > "$stage/.vcrypto-qemu-pkg"
rm -rf "$stage"/var/lib/apt/lists/* "$stage"/var/cache/apt/*.bin

rm -rf "$ROOT.old"
[ ! -d "$ROOT" ] || mv "$ROOT" "$ROOT.old"
mv "$stage" "$ROOT"
rm -rf "$ROOT.old"
touch "$ROOT/.vcrypto-done"
report || die "the new root's QEMU does not start: $(root_qemu --version 2>&1 | tail -n 3)"
log "root ready in $(( $(date +%s) - t0 )) s, $(du -sh "$ROOT" | cut -f1)"
