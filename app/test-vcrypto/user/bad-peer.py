#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The vcrypto authors
"""A vhost-user back end that misbehaves once, on purpose.

Serves one front end on PATH, answers the set-up messages plainly (REPLY_ACK
acks, GET_* replies) and breaks the protocol in the way MODE names; then
keeps the connection until the front end closes it. For run-tests.sh:
the PMD must refuse the device at probe with a clear message, never crash
or hang. The sess* modes offer CRYPTO_SESSION (session messages, as DPDK
22.11's vhost_crypto) instead of CONFIG and break CREATE_CRYPTO_SESSION,
which the probe's trial sessions send.

    bad-peer.py PATH MODE
"""
import array
import os
import socket
import struct
import sys
import time

GET_FEATURES, SET_FEATURES, GET_PROTOCOL_FEATURES = 1, 2, 15
GET_QUEUE_NUM, GET_CONFIG, SET_STATUS, GET_STATUS = 17, 24, 39, 40
GET_VRING_BASE, CREATE_SESSION, CLOSE_SESSION = 11, 26, 27
SESS_SIZE = 632
FEATURES = 1 << 32 | 1 << 30 | 1 << 28          # VERSION_1, PROTOCOL, INDIRECT
PFEATURES = 1 << 0 | 1 << 3 | 1 << 9 | 1 << 16  # MQ, REPLY_ACK, CONFIG, STATUS
SESS_PFEATURES = 1 << 3 | 1 << 7 | 1 << 16      # REPLY_ACK, CRYPTO_SESSION, STATUS
REPLY = 0x5
MODES = ("noproto", "noconfig", "badsize", "wrongreq", "noreplyflag", "fds",
         "close", "silent", "nack", "badqnum", "badconfig",
         "sessbadsize", "sesswrongreq", "sessneg", "sessclose", "sessok")


def session_reply(c, mode, req, p):
    """CREATE_CRYPTO_SESSION: False once the connection is to end."""
    if mode == "sessbadsize":
        send(c, req, p[:SESS_SIZE - 8])
    elif mode == "sesswrongreq":
        send(c, CLOSE_SESSION, p)
    elif mode == "sessneg":
        send(c, req, struct.pack("<q", -1) + p[8:])
    elif mode == "sessclose":
        c.send(struct.pack("<III", req, REPLY, SESS_SIZE) + p[:100])
        c.close()
        return False
    else:
        session_reply.sid += 1
        send(c, req, struct.pack("<q", session_reply.sid) + p[8:])
    return True


session_reply.sid = 0


def recv_exact(c, n):
    buf = b""
    while len(buf) < n:
        data, anc, _, _ = c.recvmsg(n - len(buf), socket.CMSG_SPACE(64))
        for level, kind, fds in anc:
            if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                for fd in array.array("i", fds[:len(fds) - len(fds) % 4]):
                    os.close(fd)
        if not data:
            raise EOFError
        buf += data
    return buf


def send(c, req, payload, flags=REPLY, size=None, fds=None):
    msg = struct.pack("<III", req, flags,
                      len(payload) if size is None else size) + payload
    anc = []
    if fds:
        anc = [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", fds))]
    c.sendmsg([msg], anc)


def main():
    path, mode = sys.argv[1], sys.argv[2]
    if mode not in MODES:
        sys.exit("bad-peer: unknown mode %s (%s)" % (mode, " ".join(MODES)))
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(path)
    s.listen(1)
    c, _ = s.accept()
    status = 0
    try:
        while True:
            req, flags, size = struct.unpack("<III", recv_exact(c, 12))
            p = recv_exact(c, size)
            u64 = None
            if req == GET_FEATURES:
                if mode == "badsize":
                    send(c, req, b"\0" * 4)
                    continue
                if mode == "wrongreq":
                    send(c, GET_PROTOCOL_FEATURES, struct.pack("<Q", FEATURES))
                    continue
                if mode == "noreplyflag":
                    send(c, req, struct.pack("<Q", FEATURES), flags=0x1)
                    continue
                if mode == "fds":
                    fd = os.open("/dev/null", os.O_RDONLY)
                    send(c, req, struct.pack("<Q", FEATURES), fds=[fd])
                    os.close(fd)
                    continue
                if mode == "close":
                    c.send(struct.pack("<III", req, REPLY, 8)[:6])
                    c.close()
                    return
                if mode == "silent":
                    time.sleep(30)
                    return
                u64 = FEATURES & ~(1 << 30 if mode == "noproto" else 0)
            elif req == GET_PROTOCOL_FEATURES:
                u64 = PFEATURES & ~(1 << 9 if mode == "noconfig" else 0)
                if mode.startswith("sess"):
                    u64 = SESS_PFEATURES
            elif req == CREATE_SESSION:
                if not session_reply(c, mode, req, p):
                    return
                continue
            elif req == GET_VRING_BASE:
                send(c, req, p[:4] + struct.pack("<I", 0))
                continue
            elif req == GET_QUEUE_NUM:
                u64 = 1 if mode == "badqnum" else 2
            elif req == GET_STATUS:
                u64 = status
            elif req == GET_CONFIG:
                off, sz = struct.unpack("<II", p[:8])
                if mode == "badconfig":
                    off += 4
                send(c, req, struct.pack("<III", off, sz, 0) + b"\0" * sz)
                continue
            if u64 is not None:
                send(c, req, struct.pack("<Q", u64))
                continue
            if req == SET_STATUS:
                status = struct.unpack("<Q", p)[0] & 0xff
            if flags & 0x8:
                nack = mode == "nack" and req == SET_FEATURES
                send(c, req, struct.pack("<Q", 1 if nack else 0))
    except (EOFError, ConnectionError):
        pass


if __name__ == "__main__":
    main()
