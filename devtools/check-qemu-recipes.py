#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The vcrypto authors
"""Start each host QEMU command line of the guide that uses QEMU's builtin
cryptodev backend, paused (-S), and check QEMU accepts it: the machine,
the vIOMMU, the cryptodev object and the virtio-crypto-pci device with
its properties. The guest disk is left out and KVM becomes TCG (what
is checked is the options, and TCG works everywhere). Prints PASS/FAIL per command line; exits 1 on a
failure. (The vhost-user line needs a running back end: the guest suites
run that set-up through devtools/vm/run.sh.)

    check-qemu-recipes.py GUIDE.rst
"""

import re
import shlex
import subprocess
import sys


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
        if 'cryptodev-backend-builtin' not in cmd:
            continue
        n += 1
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
        name = re.sub(r'.*(virtio-crypto-pci\S*).*', r'\1', cmd)
        if ok:
            print('PASS qemu recipe accepted: %s' % name)
        else:
            print('FAIL qemu recipe refused: %s: %s' % (name, why[0]))
            failed += 1
    if n == 0:
        print('FAIL no qemu-system-x86_64 recipe with the builtin backend')
        failed += 1
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main()
