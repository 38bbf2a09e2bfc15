/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Negative and limit cases: what the device must refuse, and how it
 * behaves at a full queue and with a 64 KiB op. Each prints PASS/FAIL
 * with the status it observed.
 */

#ifndef TV_NEG_H
#define TV_NEG_H

#include "tv_dev.h"

/** Run the negative cases on @d, taking AES-CBC data from @vectors. */
void tv_neg_run(struct tv_dev *d, const char *vectors);

#endif /* TV_NEG_H */
