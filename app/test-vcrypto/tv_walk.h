/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * The capability walk: every algorithm the device advertises is tested by
 * the rows that name it, or fails as having no vectors. Chained rows run
 * when both of their algorithms are advertised.
 */

#ifndef TV_WALK_H
#define TV_WALK_H

#include "tv_dev.h"

struct tv_paths {
	const char *vectors;	/**< cryptography_vectors directory */
	const char *perf;	/**< crypto-perf data directory, or NULL */
};

/** Walk @d's capabilities and run the known answers; results reported. */
void tv_walk_run(struct tv_dev *d, const struct tv_paths *paths);

#endif /* TV_WALK_H */
