# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The vcrypto authors
"""One DPDK telemetry command to a running DPDK app, for the test scripts.

    python3 -S telemetry.py FILE_PREFIX COMMAND

Prints the app's JSON reply; exits 1 when no app answers on
/var/run/dpdk/FILE_PREFIX/dpdk_telemetry.v2. The same protocol as DPDK's
dpdk-telemetry.py (which the guide's recipes use), without its start-up
cost: -S and no imports beyond socket and sys, for TCG guests where
Python starts slowly.
"""
import socket
import sys


def main():
    if len(sys.argv) != 3:
        sys.stderr.write("usage: telemetry.py FILE_PREFIX COMMAND\n")
        return 2
    s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    try:
        s.connect("/var/run/dpdk/%s/dpdk_telemetry.v2" % sys.argv[1])
        s.recv(1024)                    # the app's greeting
        s.send(sys.argv[2].encode())
        print(s.recv(65536).decode())
    except OSError:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
