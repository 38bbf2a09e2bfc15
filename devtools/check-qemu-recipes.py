#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The vcrypto authors
"""Start each host QEMU command line of the guide, paused (-S), and check
QEMU accepts it: the machine, the vIOMMU, memory, the cryptodev object
and the virtio-crypto-pci device with its properties. A vhost-user line
gets a listening socket of our own in place of its back end's (QEMU
connects, and waits for the back end's replies). The guest disk is left out and KVM becomes TCG (what
is checked is the options, and TCG works everywhere). Prints PASS/FAIL per command line; exits 1 on a
failure.

    check-qemu-recipes.py GUIDE.rst
"""

import os
import re
import shlex
import socket
import subprocess
import sys
import tempfile


def commands(text):
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        if lines[i].strip().startswith('qemu-system-x86_64'):
            cmd = lines[i].strip()
            while cmd.endswith('\\'):
                i += 1
                cmd = cmd[:-1] + ' ' + lines[i].strip()
            yield cmd
        i += 1


def main():
    kvm = False  # options are checked, not speed: TCG works everywhere
    failed = 0
    n = 0
    for cmd in commands(open(sys.argv[1]).read()):
        if 'virtio-crypto-pci' not in cmd:
            continue
        n += 1
        listener = None
        m = re.search(r'chardev socket,[^ ]*path=([^ ,]+)', cmd)
        if m:
            tmp = tempfile.mkdtemp()
            path = os.path.join(tmp, 'backend.sock')
            listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            listener.bind(path)
            listener.listen(1)
            cmd = cmd.replace(m.group(1), path)
        args = shlex.split(cmd)
        out = []
        skip = 0
        for k, a in enumerate(args):
            if skip:
                skip -= 1
                continue
            if a == '-drive':
                skip = 1
                continue
            if not kvm and a == '-accel' and args[k + 1] == 'kvm':
                out += ['-accel', 'tcg']
                skip = 1
                continue
            if not kvm and a == '-cpu' and args[k + 1] == 'host':
                out += ['-cpu', 'max']
                skip = 1
                continue
            out.append(a)
        out += ['-S', '-display', 'none', '-monitor', 'none', '-serial', 'none']
        try:
            p = subprocess.run(out, capture_output=True, text=True, timeout=8)
            ok = False
            why = (p.stderr or p.stdout).strip().splitlines()[-1:] or ['exit %d' % p.returncode]
        except subprocess.TimeoutExpired:
            ok = True   # still running, paused: every option accepted
        if listener is not None:
            listener.close()
            os.unlink(path)
            os.rmdir(tmp)
        name = re.sub(r'.*(virtio-crypto-pci\S*).*', r'\1', cmd)
        if ok:
            print('PASS qemu recipe accepted: %s' % name)
        else:
            print('FAIL qemu recipe refused: %s: %s' % (name, why[0]))
            failed += 1
    if n == 0:
        print('FAIL no qemu-system-x86_64 recipe with a virtio-crypto-pci device')
        failed += 1
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main()
