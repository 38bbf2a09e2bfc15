/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Unit tests of the data path (vcrypto_dp.c: bursts, status mapping,
 * refusals, kicks; the symmetric builders' cases are in test_sym.c) over
 * the real queue (vcrypto_vq*.c), with the
 * software model as the data queue's device (dp_fixture.c: a handler that
 * parses each request as a device would, checks its framing, applies a
 * fake cipher and writes a status). vcrypto_recover.c is included for the real
 * vcrypto_dev_fail(); the transport, control queue, capabilities and asym
 * service are stubbed.
 */
#include "ut_clock.h"

/* Under test: */
#include "vcrypto_dp.c"
#include "vcrypto_dp_share.c"
/* What it calls, real (the builders, the queue, failing the device): */
#include "vcrypto_recover.c"
#include "vcrypto_sym.c"
#include "vcrypto_sym_run.c"
#include "vcrypto_vq.c"
#include "vcrypto_vq_split.c"

#include "dp_fixture.h"
#include "qp_fixture.h"
#include "ut.h"

/*
 * A device that asks for no kicks (NO_NOTIFY, no EVENT_IDX) gets none; with
 * devarg quiet_kick_us=2000 it gets one once flushes have gone without for
 * 2 ms (QEMU's builtin device holds its global lock while it works its
 * ring, and only a kick makes the driver wait for it).
 */
static void
t_quiet_kick(void)
{
	unsigned int k;

	if (!dq_up_cbc())
		return;
	vcrypto_model_set_used_flags(&dq.m, VRING_USED_F_NO_NOTIFY);
	for (k = 1; k <= 12 && !ut_failed(); k++) {
		dpf_op(0, 0, dpf_flat(0, 64, 1), NULL, 0, 32);
		UT_ASSERT_EQ(vcrypto_dp_enqueue(dq.qp, dpf_ops, 1), 1);
		device_completes();
		UT_ASSERT_EQ(collect(DPF_NB_OPS), 1);
		ut_clock_advance_us(500);
	}
	UT_ASSERT_EQ(dq.notifies, 0);
	teardown();

	dq_quiet_kick_us = 2000;
	if (!dq_up_cbc())
		return;
	vcrypto_model_set_used_flags(&dq.m, VRING_USED_F_NO_NOTIFY);
	/* A flush every 0.5 ms: the 5th after the first quiet one kicks. */
	for (k = 1; k <= 12 && !ut_failed(); k++) {
		dpf_op(0, 0, dpf_flat(0, 64, 1), NULL, 0, 32);
		UT_ASSERT_EQ(vcrypto_dp_enqueue(dq.qp, dpf_ops, 1), 1);
		UT_ASSERT_EQ(dq.notifies, k / 5);
		device_completes();
		UT_ASSERT_EQ(collect(DPF_NB_OPS), 1);
		UT_ASSERT_EQ(dpf_ops[0]->status, RTE_CRYPTO_OP_STATUS_SUCCESS);
		ut_clock_advance_us(500);
	}
	/* A device that asks again is kicked at every flush. */
	vcrypto_model_set_used_flags(&dq.m, 0);
	dpf_op(0, 0, dpf_flat(0, 64, 1), NULL, 0, 32);
	UT_ASSERT_EQ(vcrypto_dp_enqueue(dq.qp, dpf_ops, 1), 1);
	UT_ASSERT_EQ(dq.notifies, 3);
	device_completes();
	UT_ASSERT_EQ(collect(DPF_NB_OPS), 1);
	DPF_CLEAN(dq.m);
}

static void
t_status_map(void)
{
	static const struct {
		int dev;
		uint8_t op;
	} map[] = {
		{ VIRTIO_CRYPTO_OK, RTE_CRYPTO_OP_STATUS_SUCCESS },
		{ VIRTIO_CRYPTO_ERR, RTE_CRYPTO_OP_STATUS_ERROR },
		{ VIRTIO_CRYPTO_BADMSG, RTE_CRYPTO_OP_STATUS_AUTH_FAILED },
		{ VIRTIO_CRYPTO_NOTSUPP, RTE_CRYPTO_OP_STATUS_INVALID_ARGS },
		{ VIRTIO_CRYPTO_INVSESS, RTE_CRYPTO_OP_STATUS_INVALID_SESSION },
		{ VCRYPTO_S_KEY_REJECTED, RTE_CRYPTO_OP_STATUS_AUTH_FAILED },
		{ VIRTIO_CRYPTO_NOSPC, RTE_CRYPTO_OP_STATUS_ERROR },
		{ 42, RTE_CRYPTO_OP_STATUS_ERROR },
		{ 0xfe, RTE_CRYPTO_OP_STATUS_ERROR },
		{ DPF_STATUS_NONE, RTE_CRYPTO_OP_STATUS_ERROR },	/* unset: 0xff */
		{ VIRTIO_CRYPTO_OK, RTE_CRYPTO_OP_STATUS_SUCCESS },
	};
	unsigned int i, n = RTE_DIM(map), errors = 0;

	if (!dq_up_cbc())
		return;
	ut_log_quiet(true);
	for (i = 0; i < n; i++) {
		dpf_op(i, 0, dpf_flat(0, 64, 1), NULL, 0, 64);
		dpf.status[i] = map[i].dev;
		if (map[i].op != RTE_CRYPTO_OP_STATUS_SUCCESS)
			errors++;
	}
	UT_ASSERT_EQ(vcrypto_dp_enqueue(dq.qp, dpf_ops, n), n);
	device_completes();
	UT_ASSERT_EQ(collect(DPF_NB_OPS), n);
	DPF_ASSERT_RETURNED_ONCE(n);
	for (i = 0; i < n; i++)
		UT_ASSERT_EQ(dpf_ops[i]->status * 1000 + i, map[i].op * 1000 + i);
	UT_ASSERT_EQ(dq.qp->stats.dequeue_err_count, errors);
	UT_ASSERT_EQ(dq.qp->stats.dequeued_count, n);
	DPF_ASSERT_STATS_CONSISTENT(dq.qp);
	UT_ASSERT(!dq.dev.dead);	/* bad statuses are not fatal */
	DPF_CLEAN(dq.m);
}

/*
 * Completion (9.4): the status byte is read at its place even when the
 * used length does not cover it (devices that report result bytes only).
 */
static void
t_status_despite_len0(void)
{
	struct rte_crypto_op *op;
	unsigned int i;

	if (!dq_up_cbc())
		return;
	dpf.len0 = true;
	for (i = 0; i < 2; i++) {
		dpf.status[i] = i == 0 ? VIRTIO_CRYPTO_OK : VIRTIO_CRYPTO_BADMSG;
		op = dpf_op(i, 0, dpf_flat(i, 64, 1), NULL, 0, 64);
	}
	UT_ASSERT_EQ(vcrypto_dp_enqueue(dq.qp, dpf_ops, 2), 2);
	device_completes();
	UT_ASSERT_EQ(collect(DPF_NB_OPS), 2);
	UT_ASSERT_EQ(dpf_ops[0]->status, RTE_CRYPTO_OP_STATUS_SUCCESS);
	UT_ASSERT(dpf_check_output(dpf_ops[0], 1));
	UT_ASSERT_EQ(op->status, RTE_CRYPTO_OP_STATUS_AUTH_FAILED);
	UT_ASSERT(!vcrypto_vq_is_broken(dq.qp->vq));
	DPF_CLEAN(dq.m);
}

static void
t_bad_session(void)
{
	struct rte_crypto_op *op;

	if (!dq_up_cbc())
		return;
	op = dpf_op(0, 0, dpf_flat(0, 64, 1), NULL, 0, 64);
	op->sym->session = NULL;
	REFUSED(op, RTE_CRYPTO_OP_STATUS_INVALID_SESSION);
	op = dpf_op(0, 0, dpf_flat(0, 64, 1), NULL, 0, 64);
	dpf_sess(0)->driver_id = vcrypto_driver_id + 1;
	REFUSED(op, RTE_CRYPTO_OP_STATUS_INVALID_SESSION);
	dpf_sess(0)->driver_id = vcrypto_driver_id;
	op = dpf_op(0, 0, dpf_flat(0, 64, 1), NULL, 0, 64);
	op->sess_type = RTE_CRYPTO_OP_SESSIONLESS;
	REFUSED(op, RTE_CRYPTO_OP_STATUS_INVALID_SESSION);
	/* Ours, but never configured (or already destroyed). */
	dpf_sess_blank(1);
	op = dpf_op(0, 1, dpf_flat(0, 64, 1), NULL, 0, 64);
	REFUSED(op, RTE_CRYPTO_OP_STATUS_INVALID_SESSION);
	/* An asymmetric op goes to the asym builder, whose verdict counts. */
	op = dpf_op(0, 0, dpf_flat(0, 64, 1), NULL, 0, 64);
	op->type = RTE_CRYPTO_OP_TYPE_ASYMMETRIC;
	dpf.asym_builds = 0;
	REFUSED(op, RTE_CRYPTO_OP_STATUS_INVALID_ARGS);
	UT_ASSERT_EQ(dpf.asym_builds, 1);
	UT_ASSERT_EQ(dq.notifies, 0);
	UT_ASSERT_EQ(dq.qp->stats.enqueued_count, 0);
	DPF_CLEAN(dq.m);
}

/*
 * Issue 16 defect 7 (asym part): an RSA op whose padding/hash pair has no
 * device session yet is not made on the data path. Enqueue leaves the op
 * to the caller (untouched, not an error) and asks the watch; the watch
 * makes it (a control request, off the data path); the next enqueue goes
 * on. A session the application clears is forgotten by the queue pairs.
 */
static void
t_asym_made_by_watch(void)
{
	static int sess_a, sess_b;
	struct rte_crypto_op *op;

	if (!dq_up_cbc())
		return;
	op = dpf_op(0, 0, dpf_flat(0, 64, 1), NULL, 0, 64);
	op->type = RTE_CRYPTO_OP_TYPE_ASYMMETRIC;
	dpf.asym_rc = -EAGAIN;
	dpf.asym_want = &sess_a;
	dpf.asym_makes = 0;
	UT_ASSERT_EQ(vcrypto_dp_enqueue(dq.qp, dpf_ops, 1), 0);
	UT_ASSERT_EQ(op->status, RTE_CRYPTO_OP_STATUS_NOT_PROCESSED);
	UT_ASSERT_EQ(dq.qp->stats.enqueue_err_count, 0);
	UT_ASSERT_EQ(dpf.asym_makes, 0);	/* nothing made on the data path */
	UT_ASSERT_EQ(dpf.requests, 0);
	vcrypto_dev_watch(&dq.dev);
	UT_ASSERT_EQ(dpf.asym_makes, 1);
	UT_ASSERT(dpf.asym_made == &sess_a);
	vcrypto_dev_watch(&dq.dev);		/* asked once, made once */
	UT_ASSERT_EQ(dpf.asym_makes, 1);
	/* Made: the builder's verdict now counts (the stub refuses). */
	dpf.asym_rc = 0;
	REFUSED(op, RTE_CRYPTO_OP_STATUS_INVALID_ARGS);
	/* Cleared by the application while asked for: never made. */
	op = dpf_op(0, 0, dpf_flat(0, 64, 1), NULL, 0, 64);
	op->type = RTE_CRYPTO_OP_TYPE_ASYMMETRIC;
	dpf.asym_rc = -EAGAIN;
	dpf.asym_want = &sess_b;
	UT_ASSERT_EQ(vcrypto_dp_enqueue(dq.qp, dpf_ops, 1), 0);
	vcrypto_dev_forget_asym_session(&dq.dev, &sess_b);
	vcrypto_dev_watch(&dq.dev);
	UT_ASSERT_EQ(dpf.asym_makes, 1);
	dpf.asym_rc = 0;
	DPF_CLEAN(dq.m);
}

/* An op without a source mbuf is refused, not followed into. */
static void
t_no_source(void)
{
	struct rte_crypto_op *op;

	if (!dq_up_cbc())
		return;
	op = dpf_op(0, 0, dpf_flat(0, 64, 1), NULL, 0, 64);
	op->sym->m_src = NULL;
	REFUSED(op, RTE_CRYPTO_OP_STATUS_INVALID_ARGS);
	/* Out of place too: a destination does not make up for it. */
	op = dpf_op(0, 0, dpf_flat(0, 64, 1), dpf_flat(1, 64, 2), 0, 64);
	op->sym->m_src = NULL;
	REFUSED(op, RTE_CRYPTO_OP_STATUS_INVALID_ARGS);
	DPF_CLEAN(dq.m);
}

/* A bad op stops the burst: ops before it go, ops after it are untouched. */
static void
t_bad_op_mid_burst(void)
{
	unsigned int i;

	if (!dq_up_cbc())
		return;
	for (i = 0; i < 5; i++)
		dpf_op(i, 0, dpf_flat(0, 64, 1), NULL, 0, 64);
	dpf_ops[2]->sym->session = NULL;
	UT_ASSERT_EQ(vcrypto_dp_enqueue(dq.qp, dpf_ops, 5), 2);
	UT_ASSERT_EQ(dpf_ops[2]->status, RTE_CRYPTO_OP_STATUS_INVALID_SESSION);
	UT_ASSERT_EQ(dpf_ops[3]->status, RTE_CRYPTO_OP_STATUS_NOT_PROCESSED);
	UT_ASSERT_EQ(dpf_ops[4]->status, RTE_CRYPTO_OP_STATUS_NOT_PROCESSED);
	UT_ASSERT_EQ(dpf.requests, 2);
	UT_ASSERT_EQ(dq.qp->stats.enqueued_count, 2);
	UT_ASSERT_EQ(dq.qp->stats.enqueue_err_count, 1);
	device_completes();
	UT_ASSERT_EQ(collect(DPF_NB_OPS), 2);
	UT_ASSERT_EQ(dpf.returned[0] + dpf.returned[1], 2);
	UT_ASSERT_EQ(dpf_ops[0]->status, RTE_CRYPTO_OP_STATUS_SUCCESS);
	UT_ASSERT_EQ(dpf_ops[1]->status, RTE_CRYPTO_OP_STATUS_SUCCESS);
	/* The rest of the burst goes next time. */
	UT_ASSERT_EQ(vcrypto_dp_enqueue(dq.qp, &dpf_ops[3], 2), 2);
	device_completes();
	UT_ASSERT_EQ(collect(DPF_NB_OPS), 2);
	DPF_ASSERT_STATS_CONSISTENT(dq.qp);
	DPF_CLEAN(dq.m);
}

static void
t_enqueue_nothing(void)
{
	struct rte_crypto_op *out[1];

	if (!dq_up(true, DQ_SIZE))
		return;
	UT_ASSERT_EQ(vcrypto_dp_enqueue(dq.qp, dpf_ops, 0), 0);
	UT_ASSERT_EQ(vcrypto_dp_dequeue(dq.qp, out, 0), 0);
	UT_ASSERT_EQ(vcrypto_dp_dequeue(dq.qp, out, 1), 0);
	UT_ASSERT_EQ(dq.notifies, 0);
	UT_ASSERT_EQ(dq.qp->vq->split.avail->idx, 0);
	/* An idle queue never "stalls". */
	ut_clock_advance_us(10 * 1000 * 1000);
	UT_ASSERT_EQ(vcrypto_dp_dequeue(dq.qp, out, 1), 0);
	UT_ASSERT(!dq.dev.dead);
}

/* Allocation failures: the documented errno, nothing left behind. */
static void
t_queue_create_enomem(void)
{
	struct vcrypto_qp *qp = NULL;
	unsigned int k;
	int rc, live;

	if (!dq_up(true, DQ_SIZE))
		return;
	ut_log_quiet(true);
	live = ut_allocs_live();
	/* qp, request slots, vq, vq shadow, ring, indirect tables */
	for (k = 1; k <= 6; k++) {
		ut_alloc_fail_at(k);
		rc = vcrypto_dp_queue_create(&dq.dev, 1, DQ_SIZE, 0, &qp);
		UT_ASSERT_EQ(rc * 10 + (int)k, -ENOMEM * 10 + (int)k);
		UT_ASSERT_EQ(ut_allocs_live(), live);
	}
	ut_alloc_fail_at(0);
	UT_ASSERT_EQ(vcrypto_dp_queue_create(&dq.dev, 1, DQ_SIZE, 0, &qp), 0);
	vcrypto_dp_queue_destroy(qp);
	vcrypto_dp_queue_destroy(NULL);
}

static const struct ut_case cases[] = {
	{ "quiet_kick", t_quiet_kick },
	{ "status_map", t_status_map },
	{ "status_despite_len0", t_status_despite_len0 },
	{ "bad_session", t_bad_session },
	{ "asym_made_by_watch", t_asym_made_by_watch },
	{ "no_source", t_no_source },
	{ "bad_op_mid_burst", t_bad_op_mid_burst },
	{ "enqueue_nothing", t_enqueue_nothing },
	{ "queue_create_enomem", t_queue_create_enomem },
};

int
main(void)
{
	return ut_run(cases, RTE_DIM(cases), teardown) == 0 ? 0 : 1;
}
