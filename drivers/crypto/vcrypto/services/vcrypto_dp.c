/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Data path (Crypto Device / Device Operation / Data Virtqueue). Request
 * slots are allocated per ring id when the queue is created, so no mempool
 * get/put pair can leak on an error path. A burst stops at the first op it
 * cannot post; a malformed op gets its status and stops the burst. A queue
 * whose device breaks the protocol or stops answering reports it
 * (qp->fault); the device's watch (vcrypto_recover.c, a control thread) fails
 * and resets the device; every op still in flight then comes back once,
 * oldest first, with an error status, the queue pair parks, and the watch
 * re-initialises the device once every queue pair set up has parked. The
 * data path never waits for any of it, never takes a lock and never sends
 * a control request; the fast paths pay one compare per burst (qp->epoch).
 *
 * Enqueue and dequeue may run on two lcores (one each). Then only the
 * dequeue side drains and parks, and only while no enqueue burst is
 * touching the ring: enqueue marks its bursts (enq_active, a store and a
 * full fence, then the epoch check: either the drain sees the burst, or
 * the burst sees the failed epoch and leaves the ring alone). Either side
 * may resume once the device is back and nothing is left to hand back.
 */
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_malloc.h>
#include <rte_memzone.h>
#include <cryptodev_pmd.h>

#include "vcrypto_asym.h"
#include "vcrypto_dev.h"
#include "vcrypto_dp.h"
#include "vcrypto_log.h"
#include "vcrypto_req.h"
#include "vcrypto_sym.h"
#include "vcrypto_vq.h"
#include "vcrypto_wire.h"

int
vcrypto_dp_queue_create(struct vcrypto_dev *dev, uint16_t vq_index,
			uint16_t size, int socket_id, struct vcrypto_qp **qpp)
{
	struct vcrypto_vq_params p = {
		.index = vq_index,
		.size = size,
		.socket_id = socket_id,
	};
	char name[RTE_MEMZONE_NAMESIZE];
	struct vcrypto_qp *qp;
	int rc;

	vcrypto_dev_vq_params(dev, &p);
	/* Without indirect tables a request is a chain inside the ring. */
	p.max_segs = p.indirect ? RTE_MIN(size, (uint16_t)VCRYPTO_VQ_MAX_SEGS) :
			       RTE_MIN(size, (uint16_t)8);
	qp = rte_zmalloc_socket("vcrypto_qp", sizeof(*qp) +
		size * sizeof(qp->drained[0]), RTE_CACHE_LINE_SIZE, socket_id);
	if (qp == NULL)
		return -ENOMEM;
	qp->drained = (struct vcrypto_vq_cpl *)(qp + 1);
	rc = -ENAMETOOLONG;
	if (snprintf(name, sizeof(name), "vc_rq%u_%s", vq_index,
		     dev->hw.name) < (int)sizeof(name)) {
		qp->mz = rte_memzone_reserve_aligned(name,
			size * (sizeof(*qp->reqs) + sizeof(*qp->akcs)), socket_id,
			RTE_MEMZONE_IOVA_CONTIG, RTE_CACHE_LINE_SIZE);
		if (qp->mz == NULL)
			rc = -ENOMEM;
	}
	if (qp->mz != NULL && snprintf(name, sizeof(name), "vc_q%u_%s",
				       vq_index, dev->hw.name) < (int)sizeof(name)) {
		p.name = name;
		rc = vcrypto_vq_create(&p, &qp->vq);
	}
	if (rc != 0) {
		vcrypto_dp_queue_destroy(qp);
		return rc;
	}
	memset(qp->mz->addr, 0, qp->mz->len);
	qp->reqs = qp->mz->addr;
	qp->reqs_iova = qp->mz->iova;
	qp->akcs = (struct vcrypto_req_akc *)(qp->reqs + size);
	qp->akcs_iova = qp->reqs_iova + size * sizeof(*qp->reqs);
	qp->dev = dev;
	qp->vq_index = vq_index;
	qp->max_segs = p.max_segs;
	qp->max_inflight = size;
	qp->timeout_cycles = rte_get_timer_hz() * dev->dp_timeout_ms / 1000;
	qp->quiet_kick_cycles = rte_get_timer_hz() * dev->quiet_kick_us /
				1000000;
	qp->epoch = dev->epoch;
	*qpp = qp;
	return 0;
}

void
vcrypto_dp_queue_destroy(struct vcrypto_qp *qp)
{
	if (qp == NULL)
		return;
	vcrypto_vq_destroy(qp->vq);
	/* Slots and RSA bounce areas may hold plaintext, MACs, IVs. */
	if (qp->mz != NULL)
		explicit_bzero(qp->mz->addr, qp->mz->len);
	rte_memzone_free(qp->mz);
	rte_free(qp);
}

/* Take what the reset left in flight, oldest first, to hand it back. */
static void
drain_ring(struct vcrypto_qp *qp)
{
	if (qp->drain_left > 0)
		return;
	qp->drain_next = 0;
	__atomic_store_n(&qp->drain_left,
			 vcrypto_vq_drain(qp->vq, qp->drained,
					  vcrypto_vq_size(qp->vq)),
			 __ATOMIC_RELAXED);
}

void
vcrypto_dp_queue_reinit(struct vcrypto_qp *qp)
{
	drain_ring(qp);
	vcrypto_vq_reinit(qp->vq);
}

enum vcrypto_qp_fault
vcrypto_dp_queue_fault(const struct vcrypto_qp *qp, uint32_t epoch)
{
	uint8_t f = __atomic_load_n(&qp->fault, __ATOMIC_ACQUIRE);

	return f != VCRYPTO_QP_FAULT_NONE && qp->fault_epoch == epoch ?
		(enum vcrypto_qp_fault)f : VCRYPTO_QP_FAULT_NONE;
}

uint64_t
vcrypto_dp_queue_completed(const struct vcrypto_qp *qp)
{
	/* Read by the watch while the queue's lcore counts: whole loads. */
	return __atomic_load_n(&qp->stats.dequeued_count, __ATOMIC_RELAXED) -
	       __atomic_load_n(&qp->stats.dequeue_err_count, __ATOMIC_RELAXED);
}

struct vcrypto_sym_sess *
vcrypto_dp_queue_take_remake(struct vcrypto_qp *qp)
{
	return __atomic_exchange_n(&qp->remake, NULL, __ATOMIC_ACQ_REL);
}

void
vcrypto_dp_queue_forget_remake(struct vcrypto_qp *qp,
			       const struct vcrypto_sym_sess *sess)
{
	struct vcrypto_sym_sess *s = (struct vcrypto_sym_sess *)(uintptr_t)sess;

	__atomic_compare_exchange_n(&qp->remake, &s, NULL, false,
				    __ATOMIC_ACQ_REL, __ATOMIC_RELAXED);
}

void *
vcrypto_dp_queue_take_asym_want(struct vcrypto_qp *qp)
{
	return __atomic_exchange_n(&qp->asym_want, NULL, __ATOMIC_ACQ_REL);
}

void
vcrypto_dp_queue_forget_asym_want(struct vcrypto_qp *qp, const void *priv)
{
	void *s = (void *)(uintptr_t)priv;

	__atomic_compare_exchange_n(&qp->asym_want, &s, NULL, false,
				    __ATOMIC_ACQ_REL, __ATOMIC_RELAXED);
}

/*
 * The lcore saw something that needs the device failed: say so once per
 * epoch, for the watch. The log carries the detail; the watch says what
 * it did.
 */
static __rte_noinline void
report_fault(struct vcrypto_qp *qp, enum vcrypto_qp_fault f, const char *why)
{
	uint32_t epoch = __atomic_load_n(&qp->epoch, __ATOMIC_RELAXED);

	if (qp->fault != VCRYPTO_QP_FAULT_NONE && qp->fault_epoch == epoch)
		return;
	VCRYPTO_DP_LOG(ERR, "%s: %s; the device will be reset",
		       qp->dev->hw.name, why);
	qp->fault_epoch = epoch;
	__atomic_store_n(&qp->fault, (uint8_t)f, __ATOMIC_RELEASE);
}

/*
 * Session s's device session died with a reset: ask the watch to make it
 * again (one slot per queue pair; a busy slot is asked again next time).
 * @return -EAGAIN: leave the op to the caller, the burst stops;
 *   -ENOENT: the device refused to make it again (INVALID_SESSION).
 */
static __rte_noinline int
want_remake(struct vcrypto_qp *qp, struct vcrypto_sym_sess *s)
{
	struct vcrypto_sym_sess *none = NULL;

	__atomic_compare_exchange_n(&qp->remake, &none, s, false,
				    __ATOMIC_RELEASE, __ATOMIC_RELAXED);
	return vcrypto_sym_session_refused(s) ? -ENOENT : -EAGAIN;
}

/*
 * An asym session's padding/hash pair has no device session yet: ask the
 * watch to make it (one slot per queue pair; a busy slot is asked again
 * next time). The op stays with the caller.
 * @return -EAGAIN: the burst stops.
 */
static __rte_noinline int
want_asym(struct vcrypto_qp *qp, void *priv)
{
	void *none = NULL;

	__atomic_compare_exchange_n(&qp->asym_want, &none, priv, false,
				    __ATOMIC_RELEASE, __ATOMIC_RELAXED);
	return -EAGAIN;
}

/* op's session private data: ours, made on dev (not on another device). */
static int
op_session(const struct vcrypto_dev *dev, const struct rte_crypto_op *op,
	   struct vcrypto_sym_sess **s)
{
	struct rte_cryptodev_sym_session *sess = op->sym->session;

	if (op->type != RTE_CRYPTO_OP_TYPE_SYMMETRIC)
		return -ENOTSUP;
	if (op->sess_type != RTE_CRYPTO_OP_WITH_SESSION || sess == NULL ||
	    sess->driver_id != vcrypto_driver_id)
		return -ENOENT;
	*s = CRYPTODEV_GET_SYM_SESS_PRIV(sess);
	if ((*s)->magic != VCRYPTO_SYM_SESS_MAGIC || (*s)->dev != dev)
		return -ENOENT;
	return 0;
}

static int
build_one(struct vcrypto_qp *qp, struct rte_crypto_op *op, uint16_t id,
	  struct vcrypto_req_ctx *ctx)
{
	struct vcrypto_sym_sess *s;
	int rc;

	ctx->req = &qp->reqs[id];
	/* The builders write hdr their own way: no run's prefix any more. */
	vcrypto_vq_untag(qp->vq, id);
	ctx->iova = qp->reqs_iova + (uint64_t)id * sizeof(struct vcrypto_req);
	ctx->max_segs = qp->max_segs;
	ctx->post = false;
	if (op->type == RTE_CRYPTO_OP_TYPE_ASYMMETRIC) {	/* asym hook */
		ctx->post = true;	/* result lengths are checked */
		ctx->akc = &qp->akcs[id];
		ctx->akc_iova = qp->akcs_iova +
			(uint64_t)id * sizeof(struct vcrypto_req_akc);
		ctx->want = NULL;
		rc = vcrypto_asym_build(qp->dev, op, ctx);
		return rc == -EAGAIN ? want_asym(qp, ctx->want) : rc;
	}
	rc = op_session(qp->dev, op, &s);
	if (rc != 0)
		return rc;
	/* Made before the last device reset: the watch makes it again. */
	if (unlikely(!vcrypto_sym_session_current(s, qp->dev->generation)))
		return want_remake(qp, s);
	return vcrypto_sym_build(qp->dev, s, op, ctx);
}

/*
 * Build op into a segment list and post it under the next id (off the
 * fast path: never inlined into the burst).
 * @return id; negative errno of the builder or the queue.
 */
static __rte_noinline int
post_built(struct vcrypto_qp *qp, struct rte_crypto_op *op)
{
	struct vcrypto_req_ctx ctx;
	int id, rc;

	id = vcrypto_vq_next_id(qp->vq);
	if (id < 0)
		return id;	/* ring full, or queue broken */
	rc = build_one(qp, op, id, &ctx);
	if (rc != 0)
		return rc;
	return vcrypto_vq_post(qp->vq, ctx.segs, ctx.nr_ro, ctx.nr_wo,
			       vcrypto_req_cookie(op, ctx.post, qp->cookie_tag));
}

/*
 * The session private data of op if ops of it can be posted in a run
 * (vcrypto_sym_post_run()), else NULL.
 */
static inline struct vcrypto_sym_sess *
run_session(const struct vcrypto_dev *dev, const struct rte_crypto_op *op,
	    uint32_t generation)
{
	struct vcrypto_sym_sess *s;

	if (op_session(dev, op, &s) == 0 &&
	    vcrypto_sym_session_current(s, generation) && s->direct)
		return s;
	return NULL;
}

static uint8_t
build_error_status(int rc)
{
	switch (rc) {
	case -ENOENT:
		return RTE_CRYPTO_OP_STATUS_INVALID_SESSION;
	default:
		return RTE_CRYPTO_OP_STATUS_INVALID_ARGS;
	}
}

static bool back_on(struct vcrypto_qp *qp, struct rte_crypto_op **ops,
		    uint8_t *owners, uint16_t max, uint16_t *n);

/*
 * Enqueue's side of a recovery: the device failed, or came back since
 * this queue pair last posted. Never drains or parks (dequeue does, maybe
 * on another lcore); resumes once the device is alive and the ops the
 * failure left are all handed back.
 * @return true if the ring is usable again.
 */
static __rte_noinline bool
enq_back_on(struct vcrypto_qp *qp)
{
	struct vcrypto_dev *dev = qp->dev;
	uint32_t epoch = __atomic_load_n(&dev->epoch, __ATOMIC_ACQUIRE);

	if (vcrypto_dev_is_stuck(dev) || vcrypto_dev_is_dead(dev) ||
	    __atomic_load_n(&qp->drain_left, __ATOMIC_RELAXED) > 0)
		return false;
	__atomic_store_n(&qp->parked, false, __ATOMIC_RELAXED);
	__atomic_store_n(&qp->epoch, epoch, __ATOMIC_RELEASE);
	return true;
}

/*
 * A flush the device wants no kick for: has it been so for longer than
 * devarg quiet_kick_us (0: never kick against the device's wish)?
 *
 * QEMU's virtio-crypto works its queue in a bottom half that runs until
 * the ring is empty, holding QEMU's global lock. A driver that keeps the
 * ring fed without kicking keeps that lock from every other vCPU under TCG
 * (seen: l2fwd-crypto starving the guest's shell). A kick takes the lock,
 * so the driver then waits for the ring to drain, which lets the others
 * in, at a cost in throughput (NO_NOTIFY is only a SHOULD NOT).
 */
static inline bool
quiet_too_long(struct vcrypto_qp *qp)
{
	uint64_t now;

	if (qp->quiet_kick_cycles == 0)
		return false;
	now = rte_get_timer_cycles();
	if (qp->quiet_since == 0) {
		qp->quiet_since = now;
		return false;
	}
	return now - qp->quiet_since >= qp->quiet_kick_cycles;
}

static __rte_always_inline uint16_t
enqueue_marked(struct vcrypto_qp *qp, struct rte_crypto_op **ops, uint16_t nb_ops)
{
	struct vcrypto_sym_sess *s;
	uint32_t generation;
	uint16_t inflight;
	int id;
	uint16_t i, n;

	if (unlikely(__atomic_load_n(&qp->epoch, __ATOMIC_RELAXED) !=
		     __atomic_load_n(&qp->dev->epoch, __ATOMIC_RELAXED)) &&
	    !enq_back_on(qp))
		return 0;
	/* Nothing to post (crypto-perf warms up so): no more loads. */
	if (unlikely(nb_ops == 0))
		return 0;
	inflight = vcrypto_vq_inflight(qp->vq);
	/* The caller sized the queue pair with nb_descriptors: honour it. */
	if (unlikely(inflight >= qp->max_inflight))
		return 0;
	nb_ops = RTE_MIN(nb_ops, (uint16_t)(qp->max_inflight - inflight));
	generation = qp->dev->generation;	/* after a recovery above */
	/*
	 * Runs of the common symmetric op go straight into their tables; the
	 * op a run stops at goes the general way, which also tells what is
	 * wrong with it. A NULL op ends the burst there: the caller gets the
	 * count of ops before it.
	 */
	for (i = 0; i < nb_ops;) {
		if (unlikely(ops[i] == NULL))
			break;
		s = run_session(qp->dev, ops[i], generation);
		if (s != NULL) {
			n = vcrypto_sym_post_run(s, ops[i]->sym->session,
						 ops + i, nb_ops - i, qp->vq,
						 qp->reqs, qp->reqs_iova,
						 qp->cookie_tag);
			i += n;
			if (n > 0)
				continue;
		}
		id = post_built(qp, ops[i]);
		if (unlikely(id < 0)) {
			if (id == -ENOSPC || id == -ENODEV || id == -EAGAIN)
				break;	/* ring full, queue broken, remake */
			ops[i]->status = build_error_status(id);
			qp->stats.enqueue_err_count++;
			break;
		}
		i++;
	}
	if (i == 0)
		return 0;
	if (vcrypto_vq_flush(qp->vq) || quiet_too_long(qp)) {
		qp->quiet_since = 0;
		vcrypto_transport_ops(&qp->dev->hw)->notify(&qp->dev->hw,
							    qp->vq_index);
	}
	/*
	 * Was idle (rare on a busy queue): the stall clock starts now. The
	 * clock is dequeue's, which may run on another lcore: hand it the
	 * start and the count done by then (all, nothing was in flight).
	 * Atomics outside the queue files (STYLE 9): two stores, here only.
	 */
	if (inflight == 0) {
		__atomic_store_n(&qp->busy_mark, qp->stats.enqueued_count,
				 __ATOMIC_RELAXED);
		__atomic_store_n(&qp->busy_since, rte_get_timer_cycles(),
				 __ATOMIC_RELEASE);
	}
	qp->stats.enqueued_count += i;
	return i;
}

uint16_t
vcrypto_dp_enqueue(void *qpv, struct rte_crypto_op **ops, uint16_t nb_ops)
{
	struct vcrypto_qp *qp = qpv;
	uint16_t n;

	/* Dekker with the drain (back_on()): mark, full fence, then the
	 * epoch check inside. */
	__atomic_store_n(&qp->enq_active, 1, __ATOMIC_RELAXED);
	rte_atomic_thread_fence(__ATOMIC_SEQ_CST);
	n = enqueue_marked(qp, ops, nb_ops);
	__atomic_store_n(&qp->enq_active, 0, __ATOMIC_RELEASE);
	return n;
}

/* A cpl_map[] entry for a byte that is not a data-request status. */
#define CPL_BAD 0xff

/*
 * Device status to op status, by table: the switch it replaces compiled to
 * a jump table, an indirect jump per completed op, which costs a
 * translation-block lookup under TCG. One entry per byte value, so no
 * range check; an op status as it is (no op status is CPL_BAD), so the
 * lookup is a load and a compare. Every entry is written once, in order
 * (an entry written twice is a -Woverride-init warning): the statuses
 * are 0 to 6 with no gap, 5 (NOSPC) being a control-queue one.
 */
static_assert(VIRTIO_CRYPTO_OK == 0 && VIRTIO_CRYPTO_ERR == 1 &&
	      VIRTIO_CRYPTO_BADMSG == 2 && VIRTIO_CRYPTO_NOTSUPP == 3 &&
	      VIRTIO_CRYPTO_INVSESS == 4 && VCRYPTO_S_KEY_REJECTED == 6,
	      "cpl_map[] lists the statuses in order, with no gap");
static const uint8_t cpl_map[256] = {
	[VIRTIO_CRYPTO_OK] = RTE_CRYPTO_OP_STATUS_SUCCESS,
	[VIRTIO_CRYPTO_ERR] = RTE_CRYPTO_OP_STATUS_ERROR,
	[VIRTIO_CRYPTO_BADMSG] = RTE_CRYPTO_OP_STATUS_AUTH_FAILED,
	[VIRTIO_CRYPTO_NOTSUPP] = RTE_CRYPTO_OP_STATUS_INVALID_ARGS,
	[VIRTIO_CRYPTO_INVSESS] = RTE_CRYPTO_OP_STATUS_INVALID_SESSION,
	[VIRTIO_CRYPTO_INVSESS + 1] = CPL_BAD,
	[VCRYPTO_S_KEY_REJECTED] = RTE_CRYPTO_OP_STATUS_AUTH_FAILED,
	[VCRYPTO_S_KEY_REJECTED + 1 ... 255] = CPL_BAD,
};

static __rte_noinline uint8_t
cpl_bad(struct vcrypto_qp *qp, uint8_t st)
{
	if (!qp->bad_status_logged) {
		qp->bad_status_logged = true;
		VCRYPTO_DP_LOG(ERR, "%s: dataq %u: invalid status %u%s",
			qp->dev->hw.name, qp->vq_index, st,
			st == VCRYPTO_REQ_STATUS_UNSET ?
			" (device did not write it)" : "");
	}
	return RTE_CRYPTO_OP_STATUS_ERROR;
}

static inline uint8_t
cpl_status(struct vcrypto_qp *qp, uint8_t st)
{
	uint8_t s = cpl_map[st];

	return likely(s != CPL_BAD) ? s : cpl_bad(qp, st);
}

/*
 * The dequeue counters move on: n ops handed back, errors of them not
 * SUCCESS. Only the queue's dequeue lcore writes them; the watch reads them
 * (vcrypto_dp_queue_completed()): whole stores, same instructions.
 */
static inline void
count_dequeued(struct vcrypto_qp *qp, uint16_t n, uint16_t errors)
{
	__atomic_store_n(&qp->stats.dequeued_count,
			 qp->stats.dequeued_count + n, __ATOMIC_RELAXED);
	__atomic_store_n(&qp->stats.dequeue_err_count,
			 qp->stats.dequeue_err_count + errors,
			 __ATOMIC_RELAXED);
}

/*
 * After the device was failed and reset (its DMA stopped): every op in
 * flight, once, ERROR, in the order they were posted.
 */
static uint16_t
drain_failed(struct vcrypto_qp *qp, struct rte_crypto_op **ops,
	     uint8_t *owners, uint16_t max)
{
	const void *cookie;
	uint16_t n = 0;

	drain_ring(qp);
	while (n < max && qp->drain_left > 0) {
		cookie = qp->drained[qp->drain_next++].cookie;
		ops[n] = vcrypto_req_cookie_op(cookie);
		if (owners != NULL)
			owners[n] = vcrypto_req_cookie_owner(cookie);
		ops[n]->status = RTE_CRYPTO_OP_STATUS_ERROR;
		/* Release: enqueue resumes once it reads 0. */
		__atomic_store_n(&qp->drain_left, qp->drain_left - 1,
				 __ATOMIC_RELEASE);
		n++;
	}
	count_dequeued(qp, n, n);
	return n;
}

/*
 * Off the fast path: the device failed, or recovered since this queue pair
 * last looked. Hand back (dequeue) what the failure left in flight, then
 * park: the watch re-initialises the device once every queue pair set up
 * has parked, and a parked queue pair reads nothing of its ring meanwhile.
 * Resume once the device is alive again. A device whose reset never
 * completed still owns the ring and the ops' buffers: nothing comes back.
 * Loads and stores only: no lock, no wait.
 * @return true if the ring is usable again; *n ops handed back.
 */
static bool
back_on(struct vcrypto_qp *qp, struct rte_crypto_op **ops, uint8_t *owners,
	uint16_t max, uint16_t *n)
{
	struct vcrypto_dev *dev = qp->dev;
	uint32_t epoch = __atomic_load_n(&dev->epoch, __ATOMIC_ACQUIRE);

	*n = 0;
	if (vcrypto_dev_is_stuck(dev))
		return false;
	if (vcrypto_dev_is_dead(dev)) {
		if (!qp->parked || qp->park_epoch != epoch) {
			/* An enqueue burst begun before the failure may still
			 * be posting: drain after it (see enqueue). */
			rte_atomic_thread_fence(__ATOMIC_SEQ_CST);
			if (__atomic_load_n(&qp->enq_active, __ATOMIC_ACQUIRE))
				return false;
			*n = drain_failed(qp, ops, owners, max);
			if (qp->drain_left > 0)
				return false;
			/* Parked in this failure: the watch may rewrite the
			 * ring once it sees this (release: the drain is
			 * done). */
			qp->park_epoch = epoch;
			__atomic_store_n(&qp->parked, true, __ATOMIC_RELEASE);
		}
		return false;
	}
	/* Alive: first what a reset took while the queue pair was unused. */
	if (qp->drain_left > 0) {
		*n = drain_failed(qp, ops, owners, max);
		return false;
	}
	__atomic_store_n(&qp->parked, false, __ATOMIC_RELAXED);
	__atomic_store_n(&qp->epoch, epoch, __ATOMIC_RELEASE);
	return true;
}

/*
 * Requests in flight and nothing completed. A device that gave up on the
 * queue says so with DEVICE_NEEDS_RESET (QEMU's virtio_error()): look at
 * the status now and then (an MMIO read, so at most every 1/8 of the
 * timeout) to fail fast; a device that says nothing fails at the timeout.
 */
static void
check_stall(struct vcrypto_qp *qp)
{
	struct vcrypto_dev *dev = qp->dev;
	uint64_t now = rte_get_timer_cycles();
	uint64_t since = __atomic_load_n(&qp->busy_since, __ATOMIC_ACQUIRE);
	uint64_t idle;
	char why[96];
	uint8_t st;

	if (qp->fault != VCRYPTO_QP_FAULT_NONE &&
	    qp->fault_epoch == __atomic_load_n(&qp->epoch, __ATOMIC_RELAXED))
		return;	/* reported: the watch acts */

	/* Enqueue found the queue idle since we last looked: start there. */
	if (since != qp->busy_seen) {
		qp->busy_seen = since;
		qp->last_progress = since;
		qp->progress_mark = __atomic_load_n(&qp->busy_mark,
						    __ATOMIC_RELAXED);
	}

	/*
	 * Progress is counted, not timed, on busy paths (a timer read costs a
	 * helper call under TCG): the clock restarts at the first empty poll
	 * after new completions.
	 */
	if (qp->stats.dequeued_count != qp->progress_mark) {
		qp->progress_mark = qp->stats.dequeued_count;
		qp->last_progress = now;
		return;
	}
	idle = now - qp->last_progress;
	if (idle <= qp->timeout_cycles / 8)
		return;
	if (idle > qp->timeout_cycles) {
		snprintf(why, sizeof(why), "dataq %u: no completion in %u ms "
			 "with %u requests in flight", qp->vq_index,
			 dev->dp_timeout_ms, vcrypto_vq_inflight(qp->vq));
		report_fault(qp, VCRYPTO_QP_FAULT_STALL, why);
	} else {
		if (now < qp->next_status_check)
			return;
		qp->next_status_check = now + qp->timeout_cycles / 8;
		st = vcrypto_transport_ops(&dev->hw)->get_status(&dev->hw);
		if (st != 0xff && !(st & (VCRYPTO_STATUS_NEEDS_RESET |
					  VCRYPTO_STATUS_FAILED)))
			return;
		snprintf(why, sizeof(why), "dataq %u: device status 0x%02x "
			 "with %u requests in flight", qp->vq_index, st,
			 vcrypto_vq_inflight(qp->vq));
		report_fault(qp, VCRYPTO_QP_FAULT_STATUS, why);
	}
}

/* Ops of ops[0, n) whose status is not SUCCESS. */
static __rte_noinline uint16_t
count_errors(struct rte_crypto_op **ops, uint16_t n)
{
	uint16_t i, errors = 0;

	for (i = 0; i < n; i++)
		errors += ops[i]->status != RTE_CRYPTO_OP_STATUS_SUCCESS;
	return errors;
}

/*
 * The completions of an open reap, up to n, into ops (and owners): each
 * op's status from its slot's, through the service's check when its
 * cookie asks for one. The loop ORs the statuses (SUCCESS is 0); only
 * when one is not SUCCESS are the errors counted, over ops.
 * @return ops handed back; *errors of them not SUCCESS.
 */
static __rte_always_inline uint16_t
complete(struct vcrypto_qp *qp, struct vcrypto_vq *vq,
	 struct vcrypto_vq_reap *r, struct rte_crypto_op **ops,
	 uint8_t *owners, uint16_t n, uint16_t *errors)
{
	/* Read once: the loop's byte stores (op->status) could alias qp. */
	const struct vcrypto_req *reqs = qp->reqs;
	struct rte_crypto_op **o, **end = ops + n;
	struct rte_crypto_op *op;
	struct vcrypto_vq_cpl c;
	uint8_t st, any = RTE_CRYPTO_OP_STATUS_SUCCESS;

	RTE_BUILD_BUG_ON(RTE_CRYPTO_OP_STATUS_SUCCESS != 0);
	for (o = ops; o < end && vcrypto_vq_reap_next(vq, r, &c); o++) {
		op = vcrypto_req_cookie_op(c.cookie);
		st = cpl_status(qp, reqs[c.id].status);
		if (unlikely(vcrypto_req_cookie_check(c.cookie)))
			st = op->type == RTE_CRYPTO_OP_TYPE_ASYMMETRIC ?
				vcrypto_asym_complete(op, &qp->akcs[c.id],
						      c.len, st) :
				vcrypto_sym_complete(op, &reqs[c.id], st);
		op->status = st;
		any |= st;
		*o = op;
		if (owners != NULL)
			owners[o - ops] = vcrypto_req_cookie_owner(c.cookie);
	}
	n = (uint16_t)(o - ops);
	*errors = unlikely(any != RTE_CRYPTO_OP_STATUS_SUCCESS) ?
		count_errors(ops, n) : 0;
	return n;
}

/*
 * The dequeue burst; owners (a constant NULL on the plain path, folded
 * away) gets each op's owner (vcrypto_req_cookie_owner()). The loop is
 * compiled twice: once for a reap of indirect tables only (the common
 * case), in which the queue's chain-mode tests fold away, once for the
 * rest.
 */
static __rte_always_inline uint16_t
dp_dequeue(struct vcrypto_qp *qp, struct rte_crypto_op **ops, uint8_t *owners,
	uint16_t nb_ops)
{
	struct vcrypto_vq_reap r;
	struct vcrypto_vq *vq;
	uint16_t n, errors;

	if (unlikely(__atomic_load_n(&qp->epoch, __ATOMIC_RELAXED) !=
		     __atomic_load_n(&qp->dev->epoch, __ATOMIC_RELAXED)) &&
	    (!back_on(qp, ops, owners, nb_ops, &n) || n > 0))
		return n;
	vq = qp->vq;
	n = vcrypto_vq_reap_open(vq, nb_ops, &r);
	if (likely(vcrypto_vq_reap_tables(&r)))
		n = complete(qp, vq, &r, ops, owners, n, &errors);
	else
		n = complete(qp, vq, &r, ops, owners, n, &errors);
	vcrypto_vq_reap_close(vq, &r);
	if (n > 0) {
		count_dequeued(qp, n, errors);
	} else if (unlikely(vcrypto_vq_is_broken(qp->vq))) {
		report_fault(qp, VCRYPTO_QP_FAULT_PROTOCOL,
			     "data queue protocol violation");
	} else if (vcrypto_vq_inflight(qp->vq) > 0) {
		check_stall(qp);
	}
	return n;
}

uint16_t
vcrypto_dp_dequeue(void *qp, struct rte_crypto_op **ops, uint16_t nb_ops)
{
	return dp_dequeue(qp, ops, NULL, nb_ops);
}

uint16_t
vcrypto_dp_dequeue_owned(struct vcrypto_qp *qp, struct rte_crypto_op **ops,
			 uint8_t *owners, uint16_t nb_ops)
{
	return dp_dequeue(qp, ops, owners, nb_ops);
}
