/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Queue pairs sharing a data queue (vcrypto_dp_share.h). Why: DPDK
 * applications size their use of a crypto device by max_nb_queue_pairs,
 * and some want more queue pairs than a virtio-crypto device has data
 * queues (ipsec-secgw: one per --config entry, inbound and outbound, on
 * one lcore; every device seen has one data queue). The sharers are one
 * producer and one consumer of the ring, as an unshared queue pair is
 * (vcrypto_dp.c); the thread check is what makes that a rule, not a hope.
 */
#include <errno.h>
#include <string.h>

#include <rte_eal.h>
#include <rte_malloc.h>

#include "vcrypto_dev.h"
#include "vcrypto_dp.h"
#include "vcrypto_dp_share.h"
#include "vcrypto_log.h"
#include "vcrypto_req.h"
#include "vcrypto_vq.h"

/** Ops a dequeue takes from the ring at a time (a stack array). */
#define SHARE_BURST 64

uint16_t
vcrypto_dp_share_count(const char *name, uint16_t nb_dataqs, uint32_t asked)
{
	uint32_t most = (uint32_t)nb_dataqs * VCRYPTO_REQ_COOKIE_OWNERS;

	if (asked == 0)
		return nb_dataqs;
	if (asked > most) {
		VCRYPTO_LOG(WARNING, "%s: max_nb_queue_pairs=%u: %u data "
			    "queue(s) carry at most %u queue pairs; %u offered",
			    name, asked, nb_dataqs, most, most);
		return most;
	}
	return asked;
}

int
vcrypto_dp_share_create(struct vcrypto_dev *dev, int socket_id)
{
	struct vcrypto_share *sh;
	struct vcrypto_vqp *v;
	uint32_t stash;
	uint16_t q, d;
	size_t sz;

	if (dev->nb_qps <= dev->nb_dataqs)
		return 0;
	sz = sizeof(*dev->shares) * dev->nb_dataqs +
	     sizeof(*dev->vqps) * dev->nb_qps;
	dev->shares = rte_zmalloc_socket("vcrypto_share", sz,
					 RTE_CACHE_LINE_SIZE, socket_id);
	if (dev->shares == NULL)
		return -ENOMEM;
	dev->vqps = (struct vcrypto_vqp *)(dev->shares + dev->nb_dataqs);
	for (q = 0; q < dev->nb_qps; q++) {
		d = q % dev->nb_dataqs;
		sh = &dev->shares[d];
		v = &dev->vqps[q];
		/* A sharer's stash holds what it has in flight, at most a
		 * ring: no dispatch ever finds it full. */
		stash = rte_align32pow2(vcrypto_vq_size(dev->qps[d]->vq));
		v->stash = rte_zmalloc_socket("vcrypto_stash",
					      stash * sizeof(*v->stash),
					      RTE_CACHE_LINE_SIZE, socket_id);
		if (v->stash == NULL) {
			vcrypto_dp_share_destroy(dev);
			return -ENOMEM;
		}
		v->stash_mask = stash - 1;
		v->qp = dev->qps[d];
		v->sh = sh;
		v->id = q;
		v->owner = sh->nb;
		v->tag = vcrypto_req_cookie_tag(v->owner);
		v->max_inflight = vcrypto_vq_size(v->qp->vq);
		sh->vqp[sh->nb++] = v;
	}
	VCRYPTO_LOG(INFO, "%s: %u queue pairs over %u data queue(s)",
		    dev->hw.name, dev->nb_qps, dev->nb_dataqs);
	return 0;
}

void
vcrypto_dp_share_destroy(struct vcrypto_dev *dev)
{
	uint16_t q;

	if (dev->shares == NULL)
		return;
	for (q = 0; q < dev->nb_qps; q++)
		rte_free(dev->vqps[q].stash);
	rte_free(dev->shares);
	dev->shares = NULL;
	dev->vqps = NULL;
}

static bool
any_in_use(const struct vcrypto_share *sh)
{
	uint16_t i;

	for (i = 0; i < sh->nb; i++)
		if (sh->vqp[i]->in_use)
			return true;
	return false;
}

static void
forget_threads(struct vcrypto_share *sh)
{
	sh->enq_tid = 0;
	sh->deq_tid = 0;
	sh->enq_refused_logged = false;
	sh->deq_refused_logged = false;
}

struct vcrypto_vqp *
vcrypto_dp_share_setup(struct vcrypto_dev *dev, uint16_t id, uint16_t nb_desc)
{
	struct vcrypto_vqp *v;

	if (dev->vqps == NULL || id >= dev->nb_qps)
		return NULL;
	v = &dev->vqps[id];
	v->max_inflight = RTE_MIN(nb_desc, vcrypto_vq_size(v->qp->vq));
	vcrypto_dp_share_stats_reset(v);	/* the totals go on */
	v->in_use = true;
	v->qp->in_use = true;
	forget_threads(v->sh);
	return v;
}

void
vcrypto_dp_share_release(struct vcrypto_dev *dev, uint16_t id)
{
	struct vcrypto_vqp *v;

	if (dev->vqps == NULL || id >= dev->nb_qps)
		return;
	v = &dev->vqps[id];
	v->in_use = false;
	v->qp->in_use = any_in_use(v->sh);	/* no longer polled */
}

void
vcrypto_dp_share_forget_threads(struct vcrypto_dev *dev)
{
	uint16_t d;

	if (dev->shares != NULL)
		for (d = 0; d < dev->nb_dataqs; d++)
			forget_threads(&dev->shares[d]);
}

void
vcrypto_dp_share_stats_add(const struct vcrypto_vqp *v,
			   struct rte_cryptodev_stats *stats)
{
	stats->enqueued_count += v->enqueued - v->stats_zero.enqueued_count;
	stats->dequeued_count += v->dequeued - v->stats_zero.dequeued_count;
	stats->enqueue_err_count += v->enqueue_errors -
				    v->stats_zero.enqueue_err_count;
	stats->dequeue_err_count += v->dequeue_errors -
				    v->stats_zero.dequeue_err_count;
}

void
vcrypto_dp_share_stats_reset(struct vcrypto_vqp *v)
{
	v->stats_zero.enqueued_count = v->enqueued;
	v->stats_zero.dequeued_count = v->dequeued;
	v->stats_zero.enqueue_err_count = v->enqueue_errors;
	v->stats_zero.dequeue_err_count = v->dequeue_errors;
}

/*
 * Whether the calling thread is the side's thread (*tid), claiming it if
 * nobody has. Another thread gets false, and the first refusal is logged.
 */
static inline bool
own_side(struct vcrypto_vqp *v, int *tid, bool *logged, const char *side)
{
	int me = rte_gettid();
	int cur = __atomic_load_n(tid, __ATOMIC_RELAXED);

	if (likely(cur == me))
		return true;
	if (cur == 0 && __atomic_compare_exchange_n(tid, &cur, me, false,
						    __ATOMIC_RELAXED,
						    __ATOMIC_RELAXED))
		return true;
	if (!*logged) {
		*logged = true;
		VCRYPTO_DP_LOG(ERR, "%s: qp %u: %s from thread %d refused: the "
			       "queue pairs sharing data queue %u %s from "
			       "thread %d (one thread per side)",
			       v->qp->dev->hw.name, v->id, side, me,
			       v->qp->vq_index, side, cur);
	}
	return false;
}

uint16_t
vcrypto_dp_share_enqueue(void *vqp, struct rte_crypto_op **ops,
			 uint16_t nb_ops)
{
	struct vcrypto_vqp *v = vqp;
	struct vcrypto_qp *qp = v->qp;
	uint64_t inflight, errors;
	uint16_t n;

	if (unlikely(!own_side(v, &v->sh->enq_tid, &v->sh->enq_refused_logged,
			       "enqueue")))
		return 0;
	inflight = v->enqueued - __atomic_load_n(&v->dequeued,
						 __ATOMIC_ACQUIRE);
	if (inflight >= v->max_inflight)
		return 0;
	nb_ops = RTE_MIN(nb_ops, (uint16_t)(v->max_inflight - inflight));
	errors = qp->stats.enqueue_err_count;
	qp->cookie_tag = v->tag;
	n = vcrypto_dp_enqueue(qp, ops, nb_ops);
	v->enqueue_errors += qp->stats.enqueue_err_count - errors;
	__atomic_store_n(&v->enqueued, v->enqueued + n, __ATOMIC_RELEASE);
	return n;
}

/* Up to max of v's stashed ops into ops, oldest first. */
static uint16_t
stash_take(struct vcrypto_vqp *v, struct rte_crypto_op **ops, uint16_t max)
{
	uint16_t n = 0;

	while (n < max && v->stash_head != v->stash_tail)
		ops[n++] = v->stash[v->stash_head++ & v->stash_mask];
	return n;
}

static void
stash_put(struct vcrypto_vqp *v, struct rte_crypto_op *op)
{
	/* Cannot be full: a sharer has at most a ring of ops out. */
	RTE_ASSERT(v->stash_tail - v->stash_head <= v->stash_mask);
	v->stash[v->stash_tail++ & v->stash_mask] = op;
}

uint16_t
vcrypto_dp_share_dequeue(void *vqp, struct rte_crypto_op **ops,
			 uint16_t nb_ops)
{
	struct vcrypto_vqp *v = vqp;
	struct vcrypto_share *sh = v->sh;
	struct rte_crypto_op *got[SHARE_BURST];
	uint8_t owner[SHARE_BURST];
	uint16_t n, m, k, want, errors = 0;

	if (unlikely(!own_side(v, &sh->deq_tid, &sh->deq_refused_logged,
			       "dequeue")))
		return 0;
	n = stash_take(v, ops, nb_ops);
	/* The stash is empty if there is room left: the ring's ops of this
	 * queue pair go straight out, in order after the stashed ones. */
	while (n < nb_ops) {
		want = RTE_MIN(nb_ops - n, SHARE_BURST);
		m = vcrypto_dp_dequeue_owned(v->qp, got, owner, want);
		for (k = 0; k < m; k++) {
			/* Tags are ours (< sh->nb), never the device's. */
			RTE_ASSERT(owner[k] < sh->nb);
			if (owner[k] == v->owner)
				ops[n++] = got[k];	/* <= want of them */
			else
				stash_put(sh->vqp[owner[k]], got[k]);
		}
		if (m < want)
			break;
	}
	for (k = 0; k < n; k++)
		errors += ops[k]->status != RTE_CRYPTO_OP_STATUS_SUCCESS;
	v->dequeue_errors += errors;
	__atomic_store_n(&v->dequeued, v->dequeued + n, __ATOMIC_RELEASE);
	return n;
}
