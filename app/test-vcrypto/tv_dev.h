/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * The one cryptodev under test: finding it, configuring one queue pair and
 * the pools, and moving ops through it with every wait bounded in time and
 * every op accounted for. Builds no op; tv_sym.c does.
 */

#ifndef TV_DEV_H
#define TV_DEV_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_crypto.h>
#include <rte_cryptodev.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

/** Where ops carry their IV: right after the symmetric op. */
#define TV_IV_OFF \
	(sizeof(struct rte_crypto_op) + sizeof(struct rte_crypto_sym_op))
/** Room for an IV in each op's private area. */
#define TV_IV_MAX 64
/** Data room of a normal mbuf: crypto-perf buffers (2048) plus digests. */
#define TV_MBUF_DATA 4096
/** Ops that timed out and are held for good (the device may still write). */
#define TV_LOST_MAX 4096
/** Room for tv_dev_strerror(). */
#define TV_ERR_LEN 96
/** Timeouts in a row after which the device is not given more ops. */
#define TV_DEAD_AFTER 3

/** Per-op outcome of tv_dev_process(). */
enum tv_op_state {
	TV_OP_PENDING,	/**< not enqueued yet (deadline hit first) */
	TV_OP_QUEUED,	/**< enqueued, not back yet */
	TV_OP_DONE,	/**< dequeued once: read op->status */
	TV_OP_REFUSED,	/**< enqueue rejected it and set op->status */
	TV_OP_LOST,	/**< enqueued, never returned: now owned by tv_dev */
};

struct tv_dev {
	uint8_t id;
	int socket;
	uint16_t qp;
	uint32_t nb_desc;
	uint64_t timeout;	/**< per tv_dev_process() call, timer cycles */
	unsigned int timeout_ms;
	struct rte_cryptodev_info info;
	struct rte_mempool *op_pool;
	struct rte_mempool *mbuf_pool;
	struct rte_mempool *big_pool;	/**< few mbufs of 64 KiB data room */
	struct rte_mempool *sess_pool;
	bool started;
	unsigned int nb_lost;
	struct rte_crypto_op *lost[TV_LOST_MAX];
	unsigned int nb_late;	/**< lost ops that came back later */
	unsigned int nb_stray;	/**< ops dequeued that were never ours */
	unsigned int timeouts_in_row;
	bool dead;		/**< TV_DEAD_AFTER timeouts in a row */
};

/**
 * Find the first cryptodev whose driver name is @driver.
 * Returns its id, or -ENODEV.
 */
int tv_dev_find(const char *driver);

/**
 * Configure device @id with one queue pair of @nb_desc descriptors, create
 * the op, mbuf and session pools and start it. @timeout_ms bounds every
 * wait of tv_dev_process().
 * Returns 0, or a negative errno with a line printed on stderr; on failure
 * tv_dev_teardown() still cleans up.
 */
int tv_dev_setup(struct tv_dev *d, uint8_t id, uint32_t nb_desc,
		unsigned int timeout_ms);

/** Stop and close the device and free the pools. */
void tv_dev_teardown(struct tv_dev *d);

/** Stop, re-configure, set the queue pair up again and start. */
int tv_dev_restart(struct tv_dev *d);

/**
 * Enqueue @ops[0..n) on the queue pair, retrying while it is full, and
 * dequeue until each is back once; the whole call is bounded by the
 * device's timeout. @state[i] says what became of ops[i] (enum
 * tv_op_state). An op the driver rejects at enqueue (status no longer
 * NOT_PROCESSED) is skipped as REFUSED. Ops still out at the deadline
 * become LOST: they are kept by tv_dev and must not be freed or reused,
 * nor their sessions. Late returns of earlier LOST ops are freed here.
 * After TV_DEAD_AFTER timeouts in a row the device is deemed dead and
 * nothing more is enqueued, so a hung device costs seconds, not hours.
 * Returns 0; -ETIMEDOUT if any op is PENDING or LOST; -ENODEV (all ops
 * PENDING) once the device is dead; -EIO if the device returned an op
 * twice or one it was never given (the rest still counted).
 */
int tv_dev_process(struct tv_dev *d, struct rte_crypto_op **ops, uint16_t n,
		uint8_t *state);

/**
 * Dequeue until every op of @ops marked TV_OP_QUEUED in @state (enqueued
 * by the caller) is back, bounded by the device's timeout; @state updated
 * as by tv_dev_process(). An op not QUEUED coming back counts as returned
 * twice. Returns as tv_dev_process().
 */
int tv_dev_drain(struct tv_dev *d, struct rte_crypto_op **ops, uint16_t n,
		uint8_t *state);

/** Why tv_dev_process()/tv_dev_drain() returned @rc, for a FAIL line. */
const char *tv_dev_strerror(const struct tv_dev *d, int rc, char *buf,
		size_t len);

/** Free @op and its mbufs (m_src, m_dst); @op may be NULL. */
void tv_op_free(struct rte_crypto_op *op);

/** Free every op of @ops that tv_dev_process() did not mark LOST. */
void tv_ops_release(struct rte_crypto_op **ops, const uint8_t *state,
		uint16_t n);

#endif /* TV_DEV_H */
