/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Limit cases on AES-CBC: a sessionless op with an xform, a burst larger
 * than the queue, and the largest op a linear mbuf holds. Called by
 * tv_neg.c with a CAVP MMT vector; each prints one case line.
 */

#ifndef TV_LIMITS_H
#define TV_LIMITS_H

#include "kat/kat.h"
#include "tv_dev.h"

/**
 * "neg/sessionless-xform": an op carrying an xform instead of a session
 * must succeed with @v's ciphertext where the device advertises
 * SYM_SESSIONLESS, and must not succeed elsewhere.
 */
void tv_limits_sessionless_xform(struct tv_dev *d, const struct kat_vec *v);

/**
 * "neg/queue-full": one burst of twice the queue's descriptors must be
 * taken only in part, and every op taken must come back once, SUCCESS,
 * with @v's ciphertext.
 */
void tv_limits_queue_full(struct tv_dev *d, const struct kat_vec *v);

/**
 * "neg/large-op": encrypt and decrypt 64 KiB - 16 B in one linear mbuf;
 * each either succeeds with the right bytes or ends in a clean error
 * status, never a timeout (decrypt is not sent once encrypt failed). The
 * known answer tiles @v (see tile()).
 * "neg/large-op-after": then @v's known answer on the same queue pair with
 * a session made before them must succeed with the right bytes, also
 * where the device stalled on them and had to be recovered.
 */
void tv_limits_large_op(struct tv_dev *d, const struct kat_vec *v);

#endif /* TV_LIMITS_H */
