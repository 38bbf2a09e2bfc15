#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The vcrypto authors
#
# Install what vcrypto needs on a Debian 12 machine (idempotent): the
# toolchain, DPDK 22.11 and its docs/examples, test vectors, QEMU and
# busybox for the guest test bed (ssh, ping and ifconfig for the
# ipsec-secgw suite's guests); then the driver-SDK headers and the
# guest kernel/initramfs. Run as root.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
pkgs="build-essential meson ninja-build pkg-config libdpdk-dev dpdk dpdk-dev
dpdk-doc python3 python3-cryptography-vectors libssl-dev openssl libipsec-mb-dev
qemu-system-x86 busybox-static cpio kmod dpkg-dev xz-utils valgrind
python3-pyelftools python3-matplotlib pciutils
openssh-server openssh-client iputils-ping net-tools"

missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "install-deps: installing:$missing"
	# No daemon starts on the host because of us (openssh-server is for
	# the guests' sshd): Debian's policy-rc.d hook, unless one exists.
	prc=/usr/sbin/policy-rc.d
	if [ ! -e "$prc" ]; then
		printf '#!/bin/sh\nexit 101\n' > "$prc"
		chmod 755 "$prc"
		trap 'rm -f "$prc"' EXIT
	fi
	apt-get update -q
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
fi
"$here/get-dpdk-sdk.sh" >/dev/null
"$here/vm/setup.sh" >/dev/null
echo "install-deps: done"
