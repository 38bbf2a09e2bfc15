/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Device bring-up and the bounded enqueue/dequeue loop. Ops that time out
 * are kept, never freed: the device may still write into them.
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_pause.h>

#include "tv_dev.h"

/* Pools hold a queue-full burst (twice the descriptors) plus slack. */
#define TV_NB_MIN 1024u
#define TV_NB_SLACK 256u
#define TV_NB_BIG 4
#define TV_BIG_DATA UINT16_MAX
#define TV_NB_SESS 1024
#define TV_BURST 32

int
tv_dev_find(const char *driver)
{
	struct rte_cryptodev_info info;
	unsigned int id;

	for (id = 0; id < RTE_CRYPTO_MAX_DEVS; id++) {
		if (!rte_cryptodev_is_valid_dev(id))
			continue;
		rte_cryptodev_info_get(id, &info);
		if (info.driver_name != NULL &&
				strcmp(info.driver_name, driver) == 0)
			return (int)id;
	}
	return -ENODEV;
}

static int
dev_pools(struct tv_dev *d)
{
	unsigned int nb = RTE_MAX(TV_NB_MIN, 2 * d->nb_desc + TV_NB_SLACK);
	unsigned int sess_size;

	d->op_pool = rte_crypto_op_pool_create("tv_ops",
		RTE_CRYPTO_OP_TYPE_SYMMETRIC, nb, 0, TV_IV_MAX, d->socket);
	d->mbuf_pool = rte_pktmbuf_pool_create("tv_mbufs", nb, 0, 0,
		RTE_PKTMBUF_HEADROOM + TV_MBUF_DATA, d->socket);
	d->big_pool = rte_pktmbuf_pool_create("tv_big", TV_NB_BIG, 0, 0,
		TV_BIG_DATA, d->socket);
	sess_size = rte_cryptodev_sym_get_private_session_size(d->id);
	d->sess_pool = rte_cryptodev_sym_session_pool_create("tv_sess",
		TV_NB_SESS, sess_size, 0, 0, d->socket);
	if (d->op_pool == NULL || d->mbuf_pool == NULL ||
			d->big_pool == NULL || d->sess_pool == NULL) {
		fprintf(stderr, "pool creation failed: %s\n",
			rte_strerror(rte_errno));
		return -ENOMEM;
	}
	return 0;
}

static int
dev_start(struct tv_dev *d)
{
	struct rte_cryptodev_config conf = {
		.socket_id = d->socket,
		.nb_queue_pairs = 1,
	};
	struct rte_cryptodev_qp_conf qp_conf = {
		.nb_descriptors = d->nb_desc,
		.mp_session = d->sess_pool,
	};
	int rc;

	rc = rte_cryptodev_configure(d->id, &conf);
	if (rc < 0) {
		fprintf(stderr, "rte_cryptodev_configure: %d\n", rc);
		return rc;
	}
	rc = rte_cryptodev_queue_pair_setup(d->id, d->qp, &qp_conf, d->socket);
	if (rc < 0) {
		fprintf(stderr, "queue pair setup (%u descriptors): %d\n",
			d->nb_desc, rc);
		return rc;
	}
	rc = rte_cryptodev_start(d->id);
	if (rc < 0) {
		fprintf(stderr, "rte_cryptodev_start: %d\n", rc);
		return rc;
	}
	d->started = true;
	return 0;
}

int
tv_dev_restart(struct tv_dev *d)
{
	if (d->started) {
		rte_cryptodev_stop(d->id);
		d->started = false;
	}
	return dev_start(d);
}

int
tv_dev_setup(struct tv_dev *d, uint8_t id, uint32_t nb_desc,
		unsigned int timeout_ms)
{
	int rc;

	memset(d, 0, sizeof(*d));
	d->id = id;
	d->nb_desc = nb_desc;
	d->timeout_ms = timeout_ms;
	d->timeout = rte_get_timer_hz() * timeout_ms / 1000;
	d->socket = rte_cryptodev_socket_id(id);
	if (d->socket < 0)
		d->socket = SOCKET_ID_ANY;
	rte_cryptodev_info_get(id, &d->info);
	rc = dev_pools(d);
	if (rc == 0)
		rc = dev_start(d);
	return rc;
}

void
tv_dev_teardown(struct tv_dev *d)
{
	if (d->started) {
		rte_cryptodev_stop(d->id);
		d->started = false;
	}
	/* A lost op may still be written by the device until it is closed. */
	rte_cryptodev_close(d->id);
	rte_mempool_free(d->sess_pool);
	rte_mempool_free(d->big_pool);
	rte_mempool_free(d->mbuf_pool);
	rte_mempool_free(d->op_pool);
	d->sess_pool = NULL;
	d->big_pool = NULL;
	d->mbuf_pool = NULL;
	d->op_pool = NULL;
}

void
tv_op_free(struct rte_crypto_op *op)
{
	if (op == NULL)
		return;
	rte_pktmbuf_free(op->sym->m_src);
	if (op->sym->m_dst != op->sym->m_src)
		rte_pktmbuf_free(op->sym->m_dst);
	rte_crypto_op_free(op);
}

void
tv_ops_release(struct rte_crypto_op **ops, const uint8_t *state, uint16_t n)
{
	uint16_t i;

	for (i = 0; i < n; i++)
		if (state[i] != TV_OP_LOST)
			tv_op_free(ops[i]);
}

/* An op we did not wait for: a late one we gave up on, or a stray. */
static int
dev_unexpected(struct tv_dev *d, struct rte_crypto_op *op)
{
	unsigned int i;

	for (i = 0; i < d->nb_lost; i++) {
		if (d->lost[i] != op)
			continue;
		d->lost[i] = d->lost[--d->nb_lost];
		d->nb_late++;
		tv_op_free(op);
		return 0;
	}
	d->nb_stray++;
	return -EIO;
}

static int
dev_collect(struct tv_dev *d, struct rte_crypto_op **ops, uint16_t n,
		uint8_t *state, uint16_t *nb_back)
{
	struct rte_crypto_op *deq[TV_BURST];
	uint16_t got, i, j;
	int rc = 0;

	got = rte_cryptodev_dequeue_burst(d->id, d->qp, deq, TV_BURST);
	for (i = 0; i < got; i++) {
		for (j = 0; j < n; j++)
			if (ops[j] == deq[i])
				break;
		if (j == n) {
			if (dev_unexpected(d, deq[i]) < 0)
				rc = -EIO;
		} else if (state[j] != TV_OP_QUEUED) {
			rc = -EIO;	/* returned twice */
		} else {
			state[j] = TV_OP_DONE;
			(*nb_back)++;
			d->timeouts_in_row = 0;
		}
	}
	return rc;
}

/* Enqueue from @next on; step over ops the driver rejects outright. */
static uint16_t
dev_push(struct tv_dev *d, struct rte_crypto_op **ops, uint16_t n,
		uint8_t *state, uint16_t next, uint16_t *nb_out)
{
	uint16_t sent, i;

	sent = rte_cryptodev_enqueue_burst(d->id, d->qp, &ops[next], n - next);
	for (i = 0; i < sent; i++)
		state[next + i] = TV_OP_QUEUED;
	*nb_out += sent;
	next += sent;
	/* The driver set a status on the op it stopped at: a refusal. */
	if (next < n && ops[next]->status !=
			RTE_CRYPTO_OP_STATUS_NOT_PROCESSED) {
		state[next] = TV_OP_REFUSED;
		next++;
	}
	return next;
}

static int
dev_give_up(struct tv_dev *d, uint8_t *state, struct rte_crypto_op **ops,
		uint16_t n)
{
	uint16_t i;

	for (i = 0; i < n; i++) {
		if (state[i] != TV_OP_QUEUED)
			continue;
		state[i] = TV_OP_LOST;
		if (d->nb_lost < TV_LOST_MAX)
			d->lost[d->nb_lost++] = ops[i];
	}
	if (++d->timeouts_in_row >= TV_DEAD_AFTER)
		d->dead = true;
	return -ETIMEDOUT;
}

const char *
tv_dev_strerror(const struct tv_dev *d, int rc, char *buf, size_t len)
{
	if (rc == -ETIMEDOUT)
		snprintf(buf, len, "timeout: no completion within %u ms",
			d->timeout_ms);
	else if (rc == -ENODEV)
		snprintf(buf, len, "not run: device silent for %u timeouts",
			TV_DEAD_AFTER);
	else if (rc == -EIO)
		snprintf(buf, len,
			"device returned an op twice or one it was not given");
	else
		snprintf(buf, len, "error %d", rc);
	return buf;
}

int
tv_dev_process(struct tv_dev *d, struct rte_crypto_op **ops, uint16_t n,
		uint8_t *state)
{
	uint64_t deadline = rte_get_timer_cycles() + d->timeout;
	uint16_t next = 0, nb_out = 0, nb_back = 0;
	int rc = 0;

	memset(state, TV_OP_PENDING, n);
	if (d->dead)
		return -ENODEV;
	for (;;) {
		if (next < n)
			next = dev_push(d, ops, n, state, next, &nb_out);
		if (dev_collect(d, ops, n, state, &nb_back) < 0)
			rc = -EIO;
		if (next == n && nb_back == nb_out)
			return rc;
		if (rte_get_timer_cycles() > deadline)
			return dev_give_up(d, state, ops, n);
		rte_pause();
	}
}

int
tv_dev_drain(struct tv_dev *d, struct rte_crypto_op **ops, uint16_t n,
		uint8_t *state)
{
	uint64_t deadline = rte_get_timer_cycles() + d->timeout;
	uint16_t nb_out = 0, nb_back = 0, i;
	int rc = 0;

	for (i = 0; i < n; i++)
		nb_out += state[i] == TV_OP_QUEUED;
	for (;;) {
		if (dev_collect(d, ops, n, state, &nb_back) < 0)
			rc = -EIO;
		if (nb_back == nb_out)
			return rc;
		if (rte_get_timer_cycles() > deadline)
			return dev_give_up(d, state, ops, n);
		rte_pause();
	}
}
