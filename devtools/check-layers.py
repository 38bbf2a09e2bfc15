#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The vcrypto authors
"""Check the PMD's layering (doc/guides/cryptodevs/vcrypto_architecture.rst).

Every file of drivers/crypto/vcrypto and lib/ belongs to a layer; a file
may include the headers of its own layer and of the layers below, and may
call the vcrypto_* functions those headers declare, nothing above; a
transport's header is private to its file and the probe; a driver file
sits in its layer's folder (FOLDER). A .c file
declares nothing extern itself (a shared declaration lives in one
header). One line per file, then "N passed, N failed".

With --self-test the check is also run on a copy of the tree with a
planted violation of each kind, each of which must be found (a check that cannot fail proves nothing).

    devtools/check-layers.py [--root DIR] [--no-self-test]
"""
import argparse
import os
import re
import shutil
import sys
import tempfile

# Lowest first. Within a layer anything goes.
LAYERS = ["shared", "queue", "transport", "state", "services",
          "recovery", "glue"]

# By file name; a name not listed is an error (a new file takes a layer).
FILES = {
    # lib/: wire structs and the algorithm table (PMD, device, tests)
    "vcrypto_wire.h": "shared", "vcrypto_algo.h": "shared",
    "vcrypto_algo.c": "shared",
    "vcrypto_log.h": "shared", "vcrypto_log.c": "shared",
    # the ring: descriptor layouts live here only
    "vcrypto_vq.h": "queue", "vcrypto_vq.c": "queue",
    "vcrypto_vq_internal.h": "queue", "vcrypto_vq_split.c": "queue",
    "vcrypto_vq_packed.c": "queue",
    # transports: registers, notify, config space
    "vcrypto_transport.h": "transport", "vcrypto_transport.c": "transport",
    "vcrypto_pci.h": "transport", "vcrypto_pci.c": "transport",
    "vcrypto_user.h": "transport", "vcrypto_user.c": "transport",
    "vcrypto_user_msg.h": "transport", "vcrypto_user_msg.c": "transport",
    "vcrypto_user_sess.h": "transport", "vcrypto_user_sess.c": "transport",
    # the device's state (data only) and the validated config it holds
    "vcrypto_dev.h": "state", "vcrypto_caps.h": "state",
    # services: control queue, capabilities, requests, data path
    "vcrypto_caps.c": "services",
    "vcrypto_ctrl.h": "services", "vcrypto_ctrl.c": "services",
    "vcrypto_req.h": "services",
    "vcrypto_sym.h": "services", "vcrypto_sym.c": "services",
    "vcrypto_sym_run.c": "services", "vcrypto_sym_layout.h": "services",
    "vcrypto_asym.h": "services", "vcrypto_asym.c": "services",
    "vcrypto_asym_key.c": "services",
    "vcrypto_dp.h": "services", "vcrypto_dp.c": "services",
    "vcrypto_dp_share.h": "services", "vcrypto_dp_share.c": "services",
    # the one owner of failure, parking, re-initialisation, generations
    "vcrypto_recover.h": "recovery", "vcrypto_recover.c": "recovery",
    # cryptodev glue
    "vcrypto_ops.h": "glue", "vcrypto_ops.c": "glue",
    "vcrypto_probe.c": "glue", "vcrypto_user_probe.c": "glue",
    # PCI driver order and telemetry: beside the probe, reading the state
    "vcrypto_first.h": "glue", "vcrypto_first.c": "glue",
    "vcrypto_telemetry.c": "glue",
}

# Headers only some files may include, whatever their layer: a transport's
# own header is for its file and the probe entry that picks it.
PRIVATE = {
    "vcrypto_pci.h": {"vcrypto_pci.c", "vcrypto_probe.c"},
    "vcrypto_user.h": {"vcrypto_user.c", "vcrypto_user_probe.c",
                       "vcrypto_user_msg.h"},
    "vcrypto_user_sess.h": {"vcrypto_user.c", "vcrypto_user_sess.c",
                            "vcrypto_user_msg.h"},
    "vcrypto_user_msg.h": {"vcrypto_user.c", "vcrypto_user_msg.c"},
}

DIRS = ["drivers/crypto/vcrypto", "lib"]

# The driver's folder of each layer (relative to DIRS[0]): the folders
# show the layers. The state, recovery and glue stay at the top (one
# file or two each, and the probe sits with what it wires together).
FOLDER = {"shared": "", "queue": "queue", "transport": "transport",
          "state": "", "services": "services", "recovery": "",
          "glue": ""}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
# A prototype in a header: "type name(" at the start of a line, or the
# name alone on a line after its return type (DPDK style).
DECL = re.compile(r'^(?:[A-Za-z_][\w \t\*]*?[ \t\*])?(vcrypto_\w+)\s*\(',
                  re.M)
CALL = re.compile(r'\b(vcrypto_\w+)\s*\(')
EXTERN = re.compile(r'^\s*extern\b', re.M)
COMMENT = re.compile(r'/\*.*?\*/|//[^\n]*', re.S)


def sources(root):
    """@return {file name: (text without comments, folder under DIRS[i])}."""
    out = {}
    for i, d in enumerate(DIRS):
        path = os.path.join(root, d)
        if not os.path.isdir(path):
            continue
        for top, dirs, names in os.walk(path):
            dirs[:] = sorted(x for x in dirs if not x.startswith("build"))
            for name in sorted(names):
                if name.endswith((".c", ".h")):
                    with open(os.path.join(top, name)) as f:
                        rel = os.path.relpath(top, path)
                        out[name] = (COMMENT.sub(" ", f.read()),
                                     (i, "" if rel == "." else rel))
    return out


def rank(name):
    return LAYERS.index(FILES[name])


def check(root):
    """@return list of (file, [problems])."""
    src = sources(root)
    where = {name: w for name, (text, w) in src.items()}
    src = {name: text for name, (text, w) in src.items()}
    # Which layer declares each function (static inlines included).
    declared = {}
    for name, text in src.items():
        if name.endswith(".h") and name in FILES:
            for fn in DECL.findall(text):
                declared.setdefault(fn, name)
    results = []
    for name, text in src.items():
        bad = []
        if name not in FILES:
            results.append((name, ["no layer: add it to FILES in "
                                   "devtools/check-layers.py"]))
            continue
        me = rank(name)
        tree, folder = where[name]
        if tree == 0 and folder != FOLDER[FILES[name]]:
            bad.append("sits in %s/, the %s layer's folder is %s/" %
                       (folder or ".", FILES[name],
                        FOLDER[FILES[name]] or "."))
        for inc in INCLUDE.findall(text):
            if inc not in FILES:
                continue	# test or system header: not ours to rank
            if rank(inc) > me:
                bad.append("includes %s (%s above %s)" %
                           (inc, FILES[inc], FILES[name]))
            elif inc in PRIVATE and name not in PRIVATE[inc]:
                bad.append("includes %s, private to %s" %
                           (inc, ", ".join(sorted(PRIVATE[inc]))))
        if name.endswith(".c"):
            if EXTERN.search(text):
                bad.append("declares something extern: put it in the "
                           "header of the module that defines it")
            for fn in sorted(set(CALL.findall(text))):
                hdr = declared.get(fn)
                if hdr is not None and rank(hdr) > me:
                    bad.append("calls %s() of %s (%s above %s)" %
                               (fn, hdr, FILES[hdr], FILES[name]))
        results.append((name, bad))
    return results


def report(results, quiet=False):
    failed = 0
    for name, bad in results:
        if bad:
            failed += 1
        if quiet:
            continue
        if bad:
            for b in bad:
                print("FAIL layers/%s: %s" % (name, b))
        else:
            print("PASS layers/%s (%s)" % (name, FILES.get(name, "?")))
    return failed


def plant(root, tmp, target, line, move_to=None):
    """Copy the checked dirs to tmp with line added to target (found in
    any folder), or target moved to folder move_to of the driver."""
    for d in DIRS:
        src = os.path.join(root, d)
        if os.path.isdir(src):
            shutil.copytree(src, os.path.join(tmp, d),
                            ignore=shutil.ignore_patterns("*.o", "build*"))
    for top, _, names in os.walk(os.path.join(tmp, DIRS[0])):
        if target in names:
            path = os.path.join(top, target)
            break
    else:
        raise SystemExit("check-layers: self-test target %s missing" % target)
    if move_to is not None:
        dst = os.path.join(tmp, DIRS[0], move_to)
        os.makedirs(dst, exist_ok=True)
        shutil.move(path, os.path.join(dst, target))
        return
    with open(path, "a") as f:
        f.write(line)


def self_test(root):
    """Each planted violation must be found. @return failures."""
    plants = [
        ("vcrypto_dp.c", '#include "vcrypto_recover.h"\n',
         "upward include (dp -> recovery)"),
        ("vcrypto_ctrl.c",
         "static void f(struct vcrypto_dev *d)\n"
         "{ vcrypto_dev_fail(d, \"x\"); }\n",
         "upward call (ctrl -> recovery)"),
        ("vcrypto_vq.c", '#include "vcrypto_transport.h"\n',
         "upward include (queue -> transport)"),
        ("vcrypto_dp.c", "extern uint8_t vcrypto_driver_id;\n",
         "extern in a .c file"),
        ("vcrypto_recover.c", '#include "vcrypto_pci.h"\n',
         "a transport's header outside its file and the probe"),
        ("vcrypto_sym.c", None, "a service file in the queue's folder"),
    ]
    failed = 0
    for target, line, what in plants:
        with tempfile.TemporaryDirectory() as tmp:
            plant(root, tmp, target, line,
                  move_to="queue" if line is None else None)
            found = [b for n, b in check(tmp) if n == target and b]
        if found:
            print("PASS layers/self-test: planted %s found" % what)
        else:
            print("FAIL layers/self-test: planted %s NOT found" % what)
            failed += 1
    return failed, len(plants)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), ".."))
    ap.add_argument("--no-self-test", action="store_true")
    args = ap.parse_args()
    results = check(args.root)
    failed = report(results)
    total = len(results)
    if not args.no_self_test:
        f, n = self_test(args.root)
        failed += f
        total += n
    print("%d passed, %d failed" % (total - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
