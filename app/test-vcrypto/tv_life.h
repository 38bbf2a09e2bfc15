/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Device lifecycle cases: stop/start/re-configure cycles with a session
 * that lives across them, and session churn up to the device's limit.
 */

#ifndef TV_LIFE_H
#define TV_LIFE_H

#include "tv_dev.h"

/** Run the lifecycle cases on @d (AES-CBC MMT vectors from @vectors). */
void tv_life_run(struct tv_dev *d, const char *vectors);

#endif /* TV_LIFE_H */
