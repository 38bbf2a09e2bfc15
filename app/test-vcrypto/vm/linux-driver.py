#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The vcrypto authors
"""Linux's own virtio_crypto driver against the device, in a test-bed guest.

Run by devtools/vm/linux-driver-check.sh inside `run.sh --binding kernel`
(virtio_pci + virtio_crypto own the function, AF_ALG and the PKCS#8 key
parser are loaded). A driver nobody here wrote, so the device is checked
by someone else's reading of the spec:

1. the device config (read through the VIRTIO_PCI_CAP_PCI_CFG window of
   PCI config space, so the running driver is not disturbed);
2. /proc/crypto: every algorithm the driver registers for what the config
   offers is there, with the kernel's self-test passed;
3. AES-CBC through AF_ALG, bound by driver name (so nothing but
   virtio_crypto_aes_cbc can answer), against NIST CAVP files from
   python3-cryptography-vectors, and random buffers against OpenSSL;
4. RSA through keyctl (asymmetric key from PKCS#8, KEYCTL_PKEY_SIGN /
   VERIFY) against the CAVP PKCS#1 v1.5 signature file; the kernel then
   shows pkcs1pad instances over the virtio RSA in /proc/crypto.

One line per case, closing with "N passed, N failed, N skipped".

    linux-driver.py [--all-vectors]   (or VCRYPTO_LD_ALL_VECTORS=1)
"""
import ctypes
import glob
import hashlib
import math
import os
import socket
import struct
import subprocess
import sys

VECTORS = os.environ.get("VCRYPTO_VECTORS",
                         "/usr/lib/python3/dist-packages/cryptography_vectors")
counts = {"passed": 0, "failed": 0, "skipped": 0}


def ok(msg):
    print("PASS " + msg, flush=True)
    counts["passed"] += 1


def ko(msg):
    print("FAIL " + msg, flush=True)
    counts["failed"] += 1


def sk(msg):
    print("SKIP " + msg, flush=True)
    counts["skipped"] += 1


# --- 1. device config ------------------------------------------------------
def read_config(bdf):
    """The 56-byte virtio_crypto_config, through the PCI_CFG capability."""
    path = "/sys/bus/pci/devices/%s/config" % bdf
    fd = os.open(path, os.O_RDWR)
    try:
        cfg = os.pread(fd, 256, 0)
        dev_cfg = pci_cfg = None
        pos = cfg[0x34] if cfg[0x06] & 0x10 else 0
        seen = set()
        while pos and pos not in seen and pos + 16 <= len(cfg):
            seen.add(pos)
            cap_id, nxt = cfg[pos], cfg[pos + 1]
            if cap_id == 0x09:  # vendor specific: virtio_pci_cap
                cfg_type, bar = cfg[pos + 3], cfg[pos + 4]
                offset, = struct.unpack_from("<I", cfg, pos + 8)
                if cfg_type == 4 and dev_cfg is None:
                    dev_cfg = (bar, offset)
                elif cfg_type == 5 and pci_cfg is None:
                    pci_cfg = pos
            pos = nxt
        if dev_cfg is None or pci_cfg is None:
            raise OSError("no DEVICE_CFG or PCI_CFG capability")
        out = b""
        for off in range(0, 56, 4):
            os.pwrite(fd, bytes([dev_cfg[0]]), pci_cfg + 4)
            os.pwrite(fd, struct.pack("<II", dev_cfg[1] + off, 4), pci_cfg + 8)
            out += os.pread(fd, 4, pci_cfg + 16)
    finally:
        os.close(fd)
    names = ("status max_dataqueues crypto_services cipher_algo_l "
             "cipher_algo_h hash_algo mac_algo_l mac_algo_h aead_algo "
             "max_cipher_key_len max_auth_key_len akcipher_algo").split()
    vals = struct.unpack("<12IQ", out)
    conf = dict(zip(names, vals))
    conf["max_size"] = vals[12]
    return conf


# What Linux's virtio_crypto registers per (service, algorithm) bit:
# driver names (the PKCS#1 one was "virtio-pkcs1-rsa-with-sha1" before the
# kernel dropped the hash from pkcs1pad) -> (service bit, config mask
# field, algorithm bit).
LINUX_ALGS = {
    ("virtio_crypto_aes_cbc",): (0, "cipher_algo_l", 3),   # CIPHER, AES_CBC
    ("virtio-crypto-rsa",): (4, "akcipher_algo", 1),       # AKCIPHER, RSA
    ("virtio-pkcs1-rsa", "virtio-pkcs1-rsa-with-sha1"): (4, "akcipher_algo", 1),
}


def kernel_log(word):
    """Kernel log lines mentioning word (self-test results)."""
    try:
        out = subprocess.run(["dmesg"], capture_output=True, text=True).stdout
    except OSError:
        return []
    return [l.split("] ", 1)[-1] for l in out.splitlines() if word in l]


def proc_crypto():
    entries, cur = [], {}
    with open("/proc/crypto") as f:
        for line in f:
            if not line.strip():
                if cur:
                    entries.append(cur)
                cur = {}
                continue
            k, _, v = line.partition(":")
            cur[k.strip()] = v.strip()
    if cur:
        entries.append(cur)
    return entries


# --- 3. AF_ALG skcipher ----------------------------------------------------
def alg_cbc(driver, key, iv, data, encrypt):
    with socket.socket(socket.AF_ALG, socket.SOCK_SEQPACKET, 0) as s:
        s.bind(("skcipher", driver))
        s.setsockopt(socket.SOL_ALG, socket.ALG_SET_KEY, key)
        op, _ = s.accept()
        with op:
            op.sendmsg_afalg([data], iv=iv,
                             op=socket.ALG_OP_ENCRYPT if encrypt else socket.ALG_OP_DECRYPT)
            out = b""
            while len(out) < len(data):
                chunk = op.recv(len(data) - len(out))
                if not chunk:
                    break
                out += chunk
            return out


def cavp_blocks(path):
    """Yield (section, dict) per record of a NIST .rsp file."""
    section, rec = None, {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("["):
                section = line.strip("[]")
                continue
            if not line or line.startswith("#"):
                if rec:
                    yield section, rec
                rec = {}
                continue
            k, _, v = line.partition("=")
            rec[k.strip()] = v.strip()
    if rec:
        yield section, rec


def openssl_cbc(key, iv, data, encrypt):
    """The same operation computed by OpenSSL (python3-cryptography or the
    openssl command), None if neither is available."""
    try:
        from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
        c = Cipher(algorithms.AES(key), modes.CBC(iv))
        ctx = c.encryptor() if encrypt else c.decryptor()
        return ctx.update(data) + ctx.finalize()
    except ImportError:
        pass
    try:
        r = subprocess.run(["openssl", "enc", "-aes-%d-cbc" % (len(key) * 8),
                            "-e" if encrypt else "-d", "-nopad", "-K", key.hex(),
                            "-iv", iv.hex()], input=data, capture_output=True,
                           check=True)
        return r.stdout
    except (OSError, subprocess.CalledProcessError):
        return None


def test_cbc(driver, max_key, every_file):
    # Multi-block (MMT) and S-box vectors by default; the 1920 single-block
    # VarKey/VarTxt ones (minutes under TCG) with --all-vectors.
    pat = "CBC*.rsp" if every_file else "CBC[GKM]*.rsp"
    files = sorted(glob.glob(os.path.join(VECTORS, "ciphers/AES/CBC", pat)))
    if not files:
        ko("aes-cbc: no CAVP files under %s/ciphers/AES/CBC" % VECTORS)
        return
    for path in files:
        name = os.path.basename(path)
        n = bad = 0
        first = ""
        for section, r in cavp_blocks(path):
            if "KEY" not in r:
                continue
            key, iv = bytes.fromhex(r["KEY"]), bytes.fromhex(r["IV"])
            pt, ct = bytes.fromhex(r["PLAINTEXT"]), bytes.fromhex(r["CIPHERTEXT"])
            if len(key) > max_key:
                continue
            enc = section == "ENCRYPT"
            try:
                got = alg_cbc(driver, key, iv, pt if enc else ct, enc)
            except OSError as e:
                got = "error %s" % e
            n += 1
            if got != (ct if enc else pt):
                bad += 1
                if not first:
                    first = "%s COUNT %s: got %s" % (section, r.get("COUNT"),
                                                     got if isinstance(got, str) else got.hex())
        if n == 0:
            sk("aes-cbc %s: key longer than max_cipher_key_len %d" % (name, max_key))
        elif bad:
            ko("aes-cbc %s: %d of %d vectors wrong (%s)" % (name, bad, n, first))
        else:
            ok("aes-cbc %s: %d vectors (AF_ALG %s)" % (name, n, driver))
    # Random multi-block buffers, both directions, against OpenSSL.
    rnd = os.urandom
    for klen in (16, 24, 32):
        if klen > max_key:
            sk("aes-cbc random key %d B: over max_cipher_key_len" % klen)
            continue
        for size in (16, 1008, 4096, 16384):
            key, iv, data = rnd(klen), rnd(16), rnd(size)
            ref = openssl_cbc(key, iv, data, True)
            if ref is None:
                sk("aes-cbc random: neither python3-cryptography nor openssl available")
                return
            try:
                got = alg_cbc(driver, key, iv, data, True)
                back = alg_cbc(driver, key, iv, ref, False)
            except OSError as e:
                ko("aes-cbc-%d random %d B: %s" % (klen * 8, size, e))
                continue
            if got == ref and back == data:
                ok("aes-cbc-%d random %d B encrypt+decrypt = OpenSSL" % (klen * 8, size))
            else:
                ko("aes-cbc-%d random %d B: encrypt %s, decrypt %s" % (
                    klen * 8, size, "ok" if got == ref else "differs",
                    "ok" if back == data else "differs"))


# --- 4. RSA through keyctl -------------------------------------------------
def der_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def der(tag, body):
    return bytes([tag]) + der_len(len(body)) + body


def der_int(v):
    b = v.to_bytes(v.bit_length() // 8 + 1, "big")  # keeps a sign byte
    return der(0x02, b)


def recover_pq(n, e, d):
    """p, q from n, e, d (the usual randomised-free search over small g)."""
    k = d * e - 1
    t = k
    while t % 2 == 0:
        t //= 2
    for g in range(2, 1000):
        x = pow(g, t, n)
        while x not in (1, n - 1):
            y = pow(x, 2, n)
            if y == 1:
                p = math.gcd(x - 1, n)
                return p, n // p
            x = y
            if x == 1:
                break
    raise ValueError("cannot factor n")


def pkcs8_rsa(n, e, d):
    p, q = recover_pq(n, e, d)
    if p < q:
        p, q = q, p
    rsakey = der(0x30, b"".join(der_int(v) for v in (
        0, n, e, d, p, q, d % (p - 1), d % (q - 1), pow(q, -1, p))))
    algid = der(0x30, der(0x06, bytes.fromhex("2a864886f70d010101")) + b"\x05\x00")
    return der(0x30, der_int(0) + algid + der(0x04, rsakey))


libc = ctypes.CDLL(None, use_errno=True)
SYS_add_key, SYS_keyctl = 248, 250
KEYCTL_PKEY_SIGN, KEYCTL_PKEY_VERIFY = 27, 28
KEY_SPEC_PROCESS_KEYRING = -2


class PkeyParams(ctypes.Structure):
    _fields_ = [("key_id", ctypes.c_int32), ("in_len", ctypes.c_uint32),
                ("out_len", ctypes.c_uint32), ("spare", ctypes.c_uint32 * 7)]


def syscall(*args):
    r = libc.syscall(*args)
    if r < 0:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err))
    return r


def add_key(blob):
    return syscall(ctypes.c_long(SYS_add_key), b"asymmetric", b"vcrypto-test",
                   blob, ctypes.c_size_t(len(blob)),
                   ctypes.c_int(KEY_SPEC_PROCESS_KEYRING))


def pkey_sign(key, info, digest, siglen):
    out = ctypes.create_string_buffer(siglen)
    p = PkeyParams(key, len(digest), siglen)
    n = syscall(ctypes.c_long(SYS_keyctl), ctypes.c_int(KEYCTL_PKEY_SIGN),
                ctypes.byref(p), info, digest, out)
    return out.raw[:n]


def pkey_verify(key, info, digest, sig):
    p = PkeyParams(key, len(digest), len(sig))
    syscall(ctypes.c_long(SYS_keyctl), ctypes.c_int(KEYCTL_PKEY_VERIFY),
            ctypes.byref(p), info, digest, sig)


def test_rsa():
    path = os.path.join(VECTORS, "asymmetric/RSA/FIPS_186-2/SigGen15_186-2.txt")
    if not os.path.exists(path):
        ko("rsa: no %s" % path)
        return
    keys, cur = [], None
    with open(path) as f:
        for line in f:
            k, _, v = line.partition("=")
            k, v = k.strip(), v.strip()
            if k == "n":
                cur = {"n": int(v, 16), "vec": []}
                keys.append(cur)
            elif k in ("e", "d"):
                cur[k] = int(v, 16)
            elif k == "SHAAlg":
                cur["vec"].append([v.lower()])
            elif k in ("Msg", "S"):
                cur["vec"][-1].append(bytes.fromhex(v))
    for kd in keys:
        bits = kd["n"].bit_length()
        try:
            kid = add_key(pkcs8_rsa(kd["n"], kd["e"], kd["d"]))
        except (OSError, ValueError) as e:
            ko("rsa-%d: cannot add PKCS#8 key: %s" % (bits, e))
            continue
        for hname in ("sha1", "sha224", "sha256", "sha384", "sha512"):
            vec = [v for v in kd["vec"] if v[0] == hname]
            if not vec:
                continue
            info = ("enc=pkcs1 hash=%s" % hname).encode()
            bad, first = 0, ""
            for _, msg, sig in vec:
                dg = hashlib.new(hname, msg).digest()
                try:
                    got = pkey_sign(kid, info, dg, len(sig))
                    if got != sig:
                        raise OSError("sign: got %s" % got.hex()[:32])
                    pkey_verify(kid, info, dg, sig)
                    forged = sig[:-1] + bytes([sig[-1] ^ 1])  # stays < n
                    try:
                        pkey_verify(kid, info, dg, forged)
                        raise OSError("verify accepted a changed signature")
                    except OSError as e:
                        if e.errno not in (129, 74, 22):  # EKEYREJECTED, EBADMSG, EINVAL
                            raise
                except OSError as e:
                    bad += 1
                    first = first or str(e)
            if bad:
                ko("rsa-%d pkcs1 %s: %d of %d vectors wrong (%s)" % (bits, hname, bad, len(vec), first))
            else:
                ok("rsa-%d pkcs1 %s: %d vectors sign = CAVP, verify, forged refused" % (
                    bits, hname, len(vec)))


def main():
    bdf = os.environ.get("VCRYPTO_BDF", "")
    try:
        conf = read_config(bdf)
    except OSError as e:
        ko("device config of %s unreadable: %s" % (bdf, e))
        conf = None
    if conf:
        print("config: " + " ".join("%s=%#x" % kv for kv in conf.items()), flush=True)
        if conf["status"] & 1:
            ok("config status HW_READY")
        else:
            ko("config status %#x: not HW_READY" % conf["status"])

    entries = proc_crypto()
    virtio = [e for e in entries if e.get("module") == "virtio_crypto"]
    for e in virtio:
        print("proc-crypto: %s driver=%s type=%s priority=%s selftest=%s" % (
            e.get("name"), e.get("driver"), e.get("type"), e.get("priority"),
            e.get("selftest")), flush=True)
    have = {e.get("driver"): e for e in virtio}
    tested = set()
    for names, (svc, field, bit) in LINUX_ALGS.items():
        drv = next((n for n in names if n in have), names[0])
        offered = conf is not None and conf["crypto_services"] >> svc & 1 and conf[field] >> bit & 1
        if drv not in have:
            if offered:
                ko("%s: device offers it (%s bit %d) but not registered" % (drv, field, bit))
            elif conf is not None:
                sk("%s: device does not offer it (%s bit %d clear)" % (drv, field, bit))
            else:
                sk("%s: not registered, config unknown" % drv)
            continue
        if conf is not None and not offered:
            ko("%s registered although the config does not offer it" % drv)
        name = have[drv].get("name")
        notest = [l for l in kernel_log("No test for") if "(%s)" % drv in l]
        if have[drv].get("selftest") != "passed":
            why = [l for l in kernel_log("alg:") if drv in l or "test failed" in l]
            ko("%s: selftest %s (%s)" % (drv, have[drv].get("selftest"),
                                         "; ".join(why[:3]) or "no kernel message"))
        elif notest:
            sk("%s (%s) registered; the kernel has no self-test for it ('%s')" % (
                drv, name, notest[0]))
        else:
            ok("%s (%s) registered, kernel self-test passed" % (drv, name))
            tested.add(drv)

    if "virtio_crypto_aes_cbc" in tested:
        max_key = conf["max_cipher_key_len"] if conf else 32
        test_cbc("virtio_crypto_aes_cbc", max_key, "--all-vectors" in sys.argv
                 or os.environ.get("VCRYPTO_LD_ALL_VECTORS") == "1")
    else:
        sk("AF_ALG aes-cbc: virtio_crypto_aes_cbc not registered or not self-tested")

    if "virtio-crypto-rsa" in tested:
        test_rsa()
        used = [e for e in proc_crypto() if "virtio" in e.get("driver", "")
                and e.get("module") != "virtio_crypto"]
        for e in used:
            print("proc-crypto: %s driver=%s selftest=%s" % (
                e.get("name"), e.get("driver"), e.get("selftest")), flush=True)
        if any("(virtio-crypto-rsa" in e.get("driver", "") for e in used):
            ok("keyctl RSA went through virtio-crypto-rsa (template instances over it)")
        else:
            ko("no template instance over virtio-crypto-rsa: keyctl did not use the device")
    elif "virtio-crypto-rsa" in have:
        sk("keyctl rsa: virtio-crypto-rsa failed its self-test, so the kernel never uses it")
    else:
        sk("keyctl rsa: virtio-crypto-rsa not registered")

    print("%d passed, %d failed, %d skipped" % (
        counts["passed"], counts["failed"], counts["skipped"]))
    return 1 if counts["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
