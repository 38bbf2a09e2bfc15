#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright (c) 2026 The vcrypto authors
#
# Extended soak of the data path against the device model (test-soak):
# 10^8 ops by default, with faults injected at random points, sessions
# remade underneath and the device brought up again after each failure.
# Prints the soak's figures (ops, time, faults, RSS after warm-up and at
# the end) and ends with its "N passed, N failed" line. CI runs the same
# program with 10^6 ops in the unit stage.
#
#   devtools/soak.sh [ops] [seed]        (BUILD: VCRYPTO_BUILD, ./build)
set -u

root=$(cd "$(dirname "$0")/.." && pwd)
build=${VCRYPTO_BUILD:-$root/build}
ninja -C "$build" app/test-vcrypto/unit/test-soak >/dev/null || exit 1
export VCRYPTO_SOAK_OPS=${1:-100000000}
export VCRYPTO_UT_SEED=${2:-$(date +%s)}
# The driver's logs (one per injected fault) are dropped: figures only.
"$build/app/test-vcrypto/unit/test-soak" 2>/dev/null
