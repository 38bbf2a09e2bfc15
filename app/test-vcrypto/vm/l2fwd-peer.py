#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The vcrypto authors
"""Traffic peer of the guide's l2fwd-crypto recipe (recipes-guest.sh).

Runs in a test-bed guest on a NIC the kernel owns, linked to the port
l2fwd-crypto forwards on. Sends IPv4/UDP frames of a few payload sizes
(multiples of the AES block: l2fwd-crypto pads the rest with zeros) and
checks each IPv4 frame that comes back: payload = AES-128-CBC of what was
sent (key and IV as the recipe gives them, computed by the openssl
command), IP header unchanged, destination MAC 02:00:00:00:00:00 (l2fwd's
MAC updating). Until SECONDS have passed or SIGTERM, rewriting OUT once a
second with one line:

    sent S received R matched M mismatched X sizes 64:n,512:n,1472:n

and, after a mismatch, a line "first mismatch SIZE: got HEX".

    l2fwd-peer.py NIC_BDF SECONDS OUT KEY_HEX IV_HEX
"""
import os
import select
import signal
import socket
import struct
import subprocess
import sys
import time

SIZES = (64, 512, 1472)
ETH_P_IP = 0x0800
SOL_PACKET = 263
PACKET_ADD_MEMBERSHIP = 1
PACKET_MR_PROMISC = 1
PACKET_OUTGOING = 4
SRC_MAC = bytes.fromhex('020000000002')
L2FWD_DST = bytes.fromhex('020000000000')
SRC_IP = bytes([10, 0, 0, 1])
DST_IP = bytes([10, 0, 0, 2])


def payload(size):
    """The payload sent for SIZE: a pattern that differs per size and byte."""
    return bytes((size * 31 + i * 7 + 1) & 0xff for i in range(size))


def ip_header(size, ident):
    hdr = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + size, ident, 0x4000,
                      64, 17, 0, SRC_IP, DST_IP)
    csum = sum(struct.unpack('!10H', hdr))
    while csum >> 16:
        csum = (csum & 0xffff) + (csum >> 16)
    return hdr[:10] + struct.pack('!H', ~csum & 0xffff) + hdr[12:]


def aes_cbc(key, iv, data):
    out = subprocess.run(['openssl', 'enc', '-aes-128-cbc', '-K', key,
                          '-iv', iv, '-nopad'], input=data,
                         stdout=subprocess.PIPE, check=True).stdout
    if len(out) != len(data):
        raise RuntimeError('openssl returned %d bytes for %d' %
                           (len(out), len(data)))
    return out


def open_nic(bdf):
    iface = os.listdir('/sys/bus/pci/devices/%s/net' % bdf)[0]
    subprocess.run(['ip', 'link', 'set', 'dev', iface, 'up'], check=True)
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                         socket.htons(ETH_P_IP))
    sock.bind((iface, 0))
    mreq = struct.pack('iHH8s', socket.if_nametoindex(iface),
                       PACKET_MR_PROMISC, 0, b'')
    sock.setsockopt(SOL_PACKET, PACKET_ADD_MEMBERSHIP, mreq)
    return sock


class Check:
    """Counts what came back and compares it with what was expected."""

    def __init__(self, expected):
        self.expected = expected
        self.sent = self.received = self.matched = self.mismatched = 0
        self.per_size = {s: 0 for s in SIZES}
        self.first_bad = ''

    def frame(self, data):
        if len(data) < 34 or data[12:14] != b'\x08\x00':
            return
        if data[26:30] != SRC_IP or data[30:34] != DST_IP:
            return
        self.received += 1
        size = struct.unpack('!H', data[16:18])[0] - 20
        want = self.expected.get(size)
        ok = (want is not None and data[0:6] == L2FWD_DST and
              data[34:34 + size] == want and
              data[14:34] == ip_header(size, struct.unpack('!H', data[18:20])[0]))
        if ok:
            self.matched += 1
            self.per_size[size] += 1
        else:
            self.mismatched += 1
            if not self.first_bad:
                self.first_bad = 'first mismatch %d: got %s' % (
                    size, data[:34 + min(size, 48)].hex())

    def write(self, path):
        sizes = ','.join('%d:%d' % (s, n) for s, n in self.per_size.items())
        text = 'sent %d received %d matched %d mismatched %d sizes %s\n' % (
            self.sent, self.received, self.matched, self.mismatched, sizes)
        if self.first_bad:
            text += self.first_bad + '\n'
        with open(path + '.tmp', 'w') as f:
            f.write(text)
        os.replace(path + '.tmp', path)


def main():
    if len(sys.argv) != 6:
        sys.exit('usage: l2fwd-peer.py NIC_BDF SECONDS OUT KEY_HEX IV_HEX')
    bdf, secs, out, key, iv = sys.argv[1:]
    expected = {s: aes_cbc(key, iv, payload(s)) for s in SIZES}
    sock = open_nic(bdf)
    check = Check(expected)
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    end = time.monotonic() + float(secs)
    ident = 0
    next_send = next_write = 0.0
    while not stop and time.monotonic() < end:
        now = time.monotonic()
        if now >= next_send:
            for s in SIZES:
                ident = (ident + 1) & 0xffff
                sock.send(L2FWD_DST[:5] + b'\x01' + SRC_MAC + b'\x08\x00' +
                          ip_header(s, ident) + payload(s))
                check.sent += 1
            next_send = now + 0.5
        if now >= next_write:
            check.write(out)
            next_write = now + 1.0
        if select.select([sock], [], [], 0.1)[0]:
            data, addr = sock.recvfrom(2048)
            if addr[2] != PACKET_OUTGOING:
                check.frame(data)
    check.write(out)


if __name__ == '__main__':
    main()
