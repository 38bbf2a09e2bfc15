#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The vcrypto authors
"""Every ERR/WARNING/NOTICE message the given PMD sources log must appear
in the guide: the fixed parts of its format string, in order (values are
written "..." there). Prints each message missing; exits 1 if any.

    check-doc-messages.py GUIDE.rst SOURCE.c...
"""

import re
import sys

LOG = re.compile(r'VCRYPTO_(?:CTRL_)?LOG\(\s*(?:ERR|WARNING|NOTICE)\s*,'
                 r'((?:\s*"(?:[^"\\]|\\.)*"|\s*PRI[a-zA-Z0-9]+)+)')
PIECE = re.compile(r'"((?:[^"\\]|\\.)*)"|(PRI[a-zA-Z0-9]+)')
SPEC = re.compile(r'%[-+ #0-9.]*(?:hh|h|ll|l|z|j|t)?[a-zA-Z]?')


def messages(path):
    for m in LOG.finditer(open(path).read()):
        # "...%" PRIx64 "..." is one conversion: keep a bare "%" there.
        yield ''.join(lit if lit else '' for lit, _ in PIECE.findall(m.group(1)))


def main():
    if len(sys.argv) < 3:
        sys.exit('usage: check-doc-messages.py GUIDE.rst SOURCE.c...')
    doc = re.sub(r'\s+', ' ', open(sys.argv[1]).read().replace('``', ''))
    missing = total = 0
    for path in sys.argv[2:]:
        for fmt in messages(path):
            total += 1
            parts = [p.strip(' :;,()') for p in SPEC.split(fmt)]
            pos = 0
            for p in (p for p in parts if len(p) >= 4):
                i = doc.find(p, pos)
                if i < 0:
                    print('%s: "%s" not in the guide (part "%s")'
                          % (path.rsplit('/', 1)[-1], fmt, p))
                    missing += 1
                    break
                pos = i + len(p)
    print('%d of %d messages documented' % (total - missing, total))
    sys.exit(1 if missing else 0)


if __name__ == '__main__':
    main()
