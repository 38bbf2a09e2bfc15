/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Unit tests of vcrypto_recover.c: bring-up, and a device that stalls,
 * asks for a reset, keeps failing, never finishes its reset or vanishes,
 * driven through the whole stack (stack_fixture.c). The watch runs where
 * its EAL alarm would.
 */
#include "stack_fixture.c"

/* ---- cases --------------------------------------------------------------- */

/* A stall: ERROR once per op, then the same queue pair works again. */
static void
t_stall_recovers(void)
{
	if (!up())
		return;
	WORKS(0, 0);
	stall_and_drain(5);
	if (ut_failed())
		return;
	/* qp 1 was never polled: the device waits for it to park. */
	UT_ASSERT(t.dev.dead);
	UT_ASSERT_EQ(t.dev.generation, 0);
	UT_ASSERT_EQ(vcrypto_dp_dequeue(qp_of(1), dpf_ops, 1), 0);
	UT_ASSERT(t.dev.dead);	/* parked: the watch recovers */
	watch();
	UT_ASSERT(!t.dev.dead);
	UT_ASSERT_EQ(t.dev.generation, 1);
	UT_ASSERT_EQ(vd.resets, 3);	/* probe, failure, recovery */
	UT_ASSERT_EQ(vd.nb_sid, 0);	/* the reset took every session */
	UT_ASSERT_EQ(vd.creates, 1);
	/* The session made before the failure is made again on first use,
	 * once, whichever queue pair uses it. */
	WORKS(0, 0);
	UT_ASSERT_EQ(vd.creates, 2);
	WORKS(1, 0);
	WORKS(0, 0);
	UT_ASSERT_EQ(vd.creates, 2);
	UT_ASSERT_EQ(vd.nb_sid, 1);
	DPF_ASSERT_STATS_CONSISTENT(qp_of(0));
	UT_ASSERT_EQ(dpf.invsess, 0);
	CLEAN();
}

/*
 * An idle queue pair parks on its next dequeue; enqueue never parks (it
 * may run on another lcore than dequeue: only the dequeue side drains and
 * parks) and leaves its ops untouched.
 */
static void
t_idle_qp_parks_on_dequeue(void)
{
	struct rte_crypto_op *out[2];
	struct rte_crypto_op *op;

	if (!up())
		return;
	stall_and_drain(3);
	if (ut_failed())
		return;
	UT_ASSERT(t.dev.dead);
	UT_ASSERT_EQ(cbc_sess(1), -ENODEV);
	/* Enqueue takes nothing and does not park; the dequeue that parks
	 * the last queue pair hands nothing back; the watch recovers. */
	op = dpf_op(10, 0, dpf_flat(1, 64, 3), NULL, 0, 32);
	UT_ASSERT_EQ(vcrypto_dp_enqueue(qp_of(1), &op, 1), 0);
	UT_ASSERT(!qp_of(1)->parked);
	watch();
	UT_ASSERT(t.dev.dead);
	UT_ASSERT_EQ(vcrypto_dp_dequeue(qp_of(1), out, 2), 0);
	UT_ASSERT(qp_of(1)->parked);
	watch();
	UT_ASSERT(!t.dev.dead);
	UT_ASSERT_EQ(op->status, RTE_CRYPTO_OP_STATUS_NOT_PROCESSED);
	UT_ASSERT_EQ(vd.creates, 1);
	/* Its session died with the reset: the burst stops at the op and
	 * asks; the watch makes it again, not the enqueue. */
	UT_ASSERT_EQ(vcrypto_dp_enqueue(qp_of(1), &op, 1), 0);
	UT_ASSERT_EQ(op->status, RTE_CRYPTO_OP_STATUS_NOT_PROCESSED);
	UT_ASSERT_EQ(vd.creates, 1);
	UT_ASSERT(vcrypto_dev_watch(&t.dev));	/* busy: back sooner */
	UT_ASSERT_EQ(vd.creates, 2);
	UT_ASSERT(!vcrypto_dev_watch(&t.dev));	/* nothing asked */
	UT_ASSERT_EQ(vcrypto_dp_enqueue(qp_of(1), &op, 1), 1);
	UT_ASSERT_EQ(vcrypto_dp_dequeue(qp_of(1), dpf_ops, 2), 1);
	UT_ASSERT_EQ(op->status, RTE_CRYPTO_OP_STATUS_SUCCESS);
	UT_ASSERT(dpf_check_output(op, 3));
	WORKS(0, 0);
	CLEAN();
}

/*
 * Enqueue and dequeue on two lcores, with a failure (issue 16, defect 4):
 * only the dequeue side drains and parks, and only when no enqueue burst
 * is touching the ring (a burst begun before the failure may still be
 * posting); enqueue takes nothing, drains nothing and does not park.
 */
static void
t_drain_waits_for_enqueue(void)
{
	struct rte_crypto_op *out[8];
	struct vcrypto_qp *qp;
	unsigned int i;

	if (!up())
		return;
	qp = qp_of(0);
	dpf.never = true;
	mk_ops(0, 5, 0);
	ENQ(0, 0, 4);
	ut_clock_advance_us(TIMEOUT_MS * 1000 + 1000);
	UT_ASSERT_EQ(vcrypto_dp_dequeue(qp, out, 8), 0);	/* stall seen */
	watch();
	UT_ASSERT(t.dev.dead);
	UT_ASSERT_EQ(vcrypto_dp_enqueue(qp, &dpf_ops[4], 1), 0);
	UT_ASSERT_EQ(qp->drain_left, 0);
	UT_ASSERT(!qp->parked);
	/* A burst in progress on the enqueue lcore: the drain waits. */
	__atomic_store_n(&qp->enq_active, 1, __ATOMIC_RELAXED);
	UT_ASSERT_EQ(vcrypto_dp_dequeue(qp, out, 8), 0);
	UT_ASSERT_EQ(qp->drain_left, 0);
	UT_ASSERT(!qp->parked);
	__atomic_store_n(&qp->enq_active, 0, __ATOMIC_RELEASE);
	UT_ASSERT_EQ(vcrypto_dp_dequeue(qp, out, 8), 4);
	for (i = 0; i < 4; i++) {	/* each once, oldest first */
		UT_ASSERT(out[i] == dpf_ops[i]);
		UT_ASSERT_EQ(out[i]->status, RTE_CRYPTO_OP_STATUS_ERROR);
	}
	UT_ASSERT_EQ(vcrypto_dp_dequeue(qp, out, 8), 0);
	UT_ASSERT(qp->parked);
	UT_ASSERT_EQ(vcrypto_dp_dequeue(qp_of(1), out, 1), 0);
	watch();
	UT_ASSERT(!t.dev.dead);
	UT_ASSERT_EQ(dpf_ops[4]->status, RTE_CRYPTO_OP_STATUS_NOT_PROCESSED);
	dpf.never = false;
	WORKS(0, 0);
	CLEAN();
}

/* DEVICE_NEEDS_RESET fails the device early; recovery follows. */
static void
t_needs_reset_recovers(void)
{
	if (!up())
		return;
	dpf.never = true;
	mk_ops(0, 4, 0);
	ENQ(0, 0, 4);
	vd.status |= VCRYPTO_STATUS_NEEDS_RESET;
	ut_clock_advance_us(TIMEOUT_MS * 1000 / 8 + 1000);
	UT_ASSERT_EQ(dpf_collect(qp_of(0), 3), 4);
	DPF_ASSERT_RETURNED_ONCE(4);
	UT_ASSERT_EQ(vcrypto_dp_dequeue(qp_of(1), dpf_ops, 1), 0);
	watch();
	UT_ASSERT(!t.dev.dead);
	UT_ASSERT_EQ(vd.status & VCRYPTO_STATUS_NEEDS_RESET, 0);
	dpf.never = false;
	WORKS(0, 0);
	CLEAN();
}

/* A protocol violation is a failure like a stall. */
static void
t_violation_recovers(void)
{
	if (!up())
		return;
	vcrypto_model_set_fault(&vd.m[1], VCRYPTO_MODEL_FAULT_ID_RANGE, 0);
	mk_ops(0, 2, 0);
	ENQ(1, 0, 2);
	UT_ASSERT_EQ(dpf_collect(qp_of(1), 4), 2);
	DPF_ASSERT_RETURNED_ONCE(2);
	UT_ASSERT(t.dev.dead);
	UT_ASSERT_EQ(vcrypto_dp_dequeue(qp_of(0), dpf_ops, 1), 0);
	watch();
	UT_ASSERT(!t.dev.dead);
	WORKS(1, 0);
	CLEAN();
}

/*
 * A device that fails again right at DRIVER_OK: recover_max attempts,
 * then it is left failed; polls stay cheap and never reset it again.
 */
static void
t_keeps_failing_gives_up(void)
{
	unsigned int i, resets;

	if (!up())
		return;
	vd.refuse_ok = true;
	stall_and_drain(2);
	if (ut_failed())
		return;
	for (i = 0; i < 20; i++) {
		UT_ASSERT_EQ(vcrypto_dp_dequeue(qp_of(1), dpf_ops, 1), 0);
		UT_ASSERT_EQ(vcrypto_dp_enqueue(qp_of(0), dpf_ops, 1), 0);
		watch();
	}
	UT_ASSERT(t.dev.dead && t.dev.gave_up);
	/* probe, failure, then a reset and a stop per attempt */
	UT_ASSERT_EQ(vd.resets, 2 + 2 * VCRYPTO_DEF_RECOVER_MAX);
	resets = vd.resets;
	ut_clock_advance_us(10 * TIMEOUT_MS * 1000);
	UT_ASSERT_EQ(dpf_collect(qp_of(0), 4), 0);
	UT_ASSERT_EQ(vd.resets, resets);
	UT_ASSERT_EQ(dpf_ops[0]->status, RTE_CRYPTO_OP_STATUS_ERROR);
	/* dev_start tries again when asked, with a fresh budget. */
	vd.refuse_ok = false;
	UT_ASSERT_EQ(vcrypto_dev_ops.dev_start(&t.cdev), 0);
	UT_ASSERT(!t.dev.dead && !t.dev.gave_up);
	WORKS(0, 0);
	CLEAN();
}

/*
 * Recovers, but stalls again before any request completes: each such
 * failure counts, and after recover_max of them the device stays failed.
 */
static void
t_stalls_again_gives_up(void)
{
	unsigned int round;

	if (!up())
		return;
	WORKS(0, 0);
	for (round = 0; round <= VCRYPTO_DEF_RECOVER_MAX; round++) {
		memset(dpf.returned, 0, sizeof(dpf.returned));
		dpf.never = true;
		dpf_op(0, 0, dpf_flat(0, 64, 1), NULL, 0, 32);
		if (round > 0) {	/* session 0 is made again first */
			UT_ASSERT_EQ(vcrypto_dp_enqueue(qp_of(0), dpf_ops, 1),
				     0);
			watch();
		}
		ENQ(0, 0, 1);
		ut_clock_advance_us(TIMEOUT_MS * 1000 + 1000);
		UT_ASSERT_EQ(dpf_collect(qp_of(0), 4), 1);
		DPF_ASSERT_RETURNED_ONCE(1);
		UT_ASSERT_EQ(vcrypto_dp_dequeue(qp_of(1), dpf_ops, 1), 0);
		watch();
		UT_ASSERT_EQ(t.dev.dead, round == VCRYPTO_DEF_RECOVER_MAX);
	}
	UT_ASSERT(t.dev.gave_up);
	UT_ASSERT_EQ(t.dev.generation, VCRYPTO_DEF_RECOVER_MAX);
	/* The session was made again once in each new generation. */
	UT_ASSERT_EQ(vd.creates, 1 + VCRYPTO_DEF_RECOVER_MAX);
	CLEAN();
}

/* A device that reads all-ones is gone: drained, never recovered. */
static void
t_gone_not_recovered(void)
{
	unsigned int resets;

	if (!up())
		return;
	dpf.never = true;
	mk_ops(0, 3, 0);
	ENQ(0, 0, 3);
	vd.gone = true;
	resets = vd.resets;
	ut_clock_advance_us(TIMEOUT_MS * 1000 / 8 + 1000);
	UT_ASSERT_EQ(dpf_collect(qp_of(0), 2), 3);
	DPF_ASSERT_RETURNED_ONCE(3);
	UT_ASSERT_EQ(vcrypto_dp_dequeue(qp_of(1), dpf_ops, 1), 0);
	watch();
	UT_ASSERT(t.dev.dead && t.dev.hw.gone && t.dev.gave_up);
	UT_ASSERT_EQ(vd.resets, resets);	/* nothing written to it */
	UT_ASSERT_EQ(vcrypto_dev_ops.dev_start(&t.cdev), -ENODEV);
	UT_ASSERT_EQ(t.dev.generation, 0);
	UT_ASSERT_EQ(dpf_ops[2]->status, RTE_CRYPTO_OP_STATUS_ERROR);
}

/* After reset the device offers less than was advertised: stays failed. */
static void
t_caps_shrunk_stays_dead(void)
{
	if (!up())
		return;
	vd.cipher_after_reset = BIT(VIRTIO_CRYPTO_CIPHER_AES_CBC);
	stall_and_drain(1);
	if (ut_failed())
		return;
	UT_ASSERT_EQ(vcrypto_dp_dequeue(qp_of(1), dpf_ops, 1), 0);
	watch();
	UT_ASSERT(t.dev.dead);
	UT_ASSERT(strstr(ut_log_last(), "not recovering") != NULL ||
		  strstr(ut_log_last(), "recovery failed") != NULL);
	UT_ASSERT_EQ(vcrypto_dev_ops.dev_start(&t.cdev), -ENODEV);
	/* Offering more than before is fine. */
	vd.cipher_after_reset = BIT(VIRTIO_CRYPTO_CIPHER_AES_CBC) |
		BIT(VIRTIO_CRYPTO_CIPHER_AES_CTR) |
		BIT(VIRTIO_CRYPTO_CIPHER_AES_XTS);
	UT_ASSERT_EQ(vcrypto_dev_ops.dev_start(&t.cdev), 0);
	WORKS(1, 0);
	CLEAN();
}

/*
 * The application stops and restarts a failed device without draining:
 * the ops still in flight come back first, once, ERROR; then it works.
 */
static void
t_restart_recovers(void)
{
	if (!up())
		return;
	dpf.never = true;
	mk_ops(0, 4, 0);
	ENQ(1, 0, 4);
	vcrypto_dev_fail(&t.dev, "unit test");
	vcrypto_dev_ops.dev_stop(&t.cdev);
	UT_ASSERT_EQ(app_start(), 0);
	UT_ASSERT(!t.dev.dead);
	dpf.never = false;
	UT_ASSERT_EQ(dpf_collect(qp_of(1), 3), 4);
	DPF_ASSERT_RETURNED_ONCE(4);
	UT_ASSERT_EQ(dpf_ops[3]->status, RTE_CRYPTO_OP_STATUS_ERROR);
	WORKS(1, 0);
	WORKS(0, 0);
	CLEAN();
}

/* Fail the device and let both queue pairs bring the recovery about. */
static void
fail_and_recover(void)
{
	vcrypto_dev_fail(&t.dev, "unit test");
	UT_ASSERT_EQ(vcrypto_dp_dequeue(qp_of(0), dpf_ops, 1), 0);
	UT_ASSERT_EQ(vcrypto_dp_dequeue(qp_of(1), dpf_ops, 1), 0);
	watch();
	UT_ASSERT(!t.dev.dead);
}

#define RECOVER() do { \
	fail_and_recover(); \
	if (ut_failed()) \
		return; \
} while (0)

/*
 * Sessions after a reset: destroying one made before it sends nothing
 * (its id is dead, and may be another session's); one made again, or
 * made after it, is destroyed on the device.
 */
static void
t_session_destroy_after_reset(void)
{
	if (!up())
		return;
	SESS(1);
	SESS(2);
	RECOVER();
	WORKS(0, 1);	/* made again */
	SESS(3);	/* made after */
	UT_ASSERT_EQ(vd.nb_sid, 2);
	vcrypto_sym_session_destroy(&t.dev, dpf_priv(0));
	vcrypto_sym_session_destroy(&t.dev, dpf_priv(2));
	UT_ASSERT_EQ(vd.destroys, 0);
	vcrypto_sym_session_destroy(&t.dev, dpf_priv(1));
	vcrypto_sym_session_destroy(&t.dev, dpf_priv(3));
	UT_ASSERT_EQ(vd.destroys, 2);
	UT_ASSERT_EQ(vd.bad_destroys, 0);
	UT_ASSERT_EQ(vd.nb_sid, 0);
	/* Wiped, keys included: not sent again. */
	UT_ASSERT(dpf_zero((const uint8_t *)dpf_priv(1),
			   sizeof(struct vcrypto_sym_sess)));
	vcrypto_sym_session_destroy(&t.dev, dpf_priv(1));
	UT_ASSERT_EQ(vd.destroys, 2);
	CLEAN();
}

/*
 * The device refuses to make a session again: its ops get
 * INVALID_SESSION (logged once), other ops go on; once the device takes
 * it, the session works again.
 */
static void
t_session_remake_refused(void)
{
	struct rte_crypto_op *op;
	unsigned int logs;

	if (!up())
		return;
	SESS(1);
	RECOVER();
	vd.refuse_create = true;
	op = dpf_op(0, 0, dpf_flat(0, 64, 1), NULL, 0, 32);
	UT_ASSERT_EQ(vcrypto_dp_enqueue(qp_of(0), &op, 1), 0);
	UT_ASSERT_EQ(op->status, RTE_CRYPTO_OP_STATUS_NOT_PROCESSED);
	watch();	/* asked to make it again: refused */
	UT_ASSERT(strstr(ut_log_last(), "INVALID_SESSION") != NULL);
	UT_ASSERT_EQ(vcrypto_dp_enqueue(qp_of(0), &op, 1), 0);
	UT_ASSERT_EQ(op->status, RTE_CRYPTO_OP_STATUS_INVALID_SESSION);
	logs = ut_log_count();
	op = dpf_op(0, 0, dpf_flat(0, 64, 1), NULL, 0, 32);
	UT_ASSERT_EQ(vcrypto_dp_enqueue(qp_of(0), &op, 1), 0);
	UT_ASSERT_EQ(op->status, RTE_CRYPTO_OP_STATUS_INVALID_SESSION);
	watch();	/* asked again, refused again, not logged again */
	UT_ASSERT(ut_log_count() <= logs + 1);	/* the ctrl debug line */
	UT_ASSERT_EQ(qp_of(0)->stats.enqueue_err_count, 2);
	vd.refuse_create = false;
	UT_ASSERT_EQ(vcrypto_dp_enqueue(qp_of(0), &op, 1), 0);
	watch();	/* asked once more: made */
	WORKS(0, 1);
	WORKS(0, 0);
	UT_ASSERT(!t.dev.dead);
	CLEAN();
}

/*
 * A control request that times out fails the device (the control queue
 * is disabled until a reset); recovery brings it back, from session
 * configure and from a session made again on the data path alike.
 */
static void
t_ctrl_timeout_recovers(void)
{
	struct rte_crypto_op *op, *out[1];
	uint64_t sleeps;
	uint32_t epoch;

	if (!up())
		return;
	vd.cq_never = true;
	UT_ASSERT_EQ(cbc_sess(1), -ETIMEDOUT);
	UT_ASSERT(!t.dev.dead);	/* the broken queue reports it */
	watch();
	UT_ASSERT(t.dev.dead);
	vd.cq_never = false;
	UT_ASSERT_EQ(vcrypto_dp_dequeue(qp_of(0), out, 1), 0);
	UT_ASSERT_EQ(vcrypto_dp_dequeue(qp_of(1), out, 1), 0);
	watch();
	UT_ASSERT(!t.dev.dead);
	SESS(1);
	WORKS(0, 1);
	/* The watch makes session 0 again, and that times out: the op is
	 * left to the caller, the device failed and then recovered. */
	vd.cq_never = true;
	op = dpf_op(0, 0, dpf_flat(0, 64, 2), NULL, 0, 32);
	sleeps = ut_clock_sleeps();
	UT_ASSERT_EQ(vcrypto_dp_enqueue(qp_of(1), &op, 1), 0);
	UT_ASSERT_EQ(op->status, RTE_CRYPTO_OP_STATUS_NOT_PROCESSED);
	UT_ASSERT_EQ(ut_clock_sleeps(), sleeps);	/* never waits */
	watch();
	watch();
	UT_ASSERT(t.dev.dead);
	vd.cq_never = false;
	UT_ASSERT_EQ(vcrypto_dp_dequeue(qp_of(0), out, 1), 0);
	UT_ASSERT_EQ(vcrypto_dp_dequeue(qp_of(1), out, 1), 0);
	watch();
	UT_ASSERT(!t.dev.dead);
	UT_ASSERT_EQ(vcrypto_dp_enqueue(qp_of(1), &op, 1), 0);
	watch();
	UT_ASSERT_EQ(vcrypto_dp_enqueue(qp_of(1), &op, 1), 1);
	UT_ASSERT_EQ(vcrypto_dp_dequeue(qp_of(1), out, 1), 1);
	UT_ASSERT_EQ(op->status, RTE_CRYPTO_OP_STATUS_SUCCESS);
	UT_ASSERT(dpf_check_output(op, 2));
	/* A failure seen in an epoch that has passed fails nothing. */
	epoch = t.dev.epoch;
	RECOVER();
	qp_of(0)->fault_epoch = epoch;
	qp_of(0)->fault = VCRYPTO_QP_FAULT_STALL;
	watch();
	UT_ASSERT(!t.dev.dead);
	qp_of(0)->fault_epoch = t.dev.epoch;
	watch();
	UT_ASSERT(t.dev.dead);
	CLEAN();
}

/*
 * A feature the devargs leave out (event_idx=0) stays out when the device
 * is negotiated again, or the features would differ and recovery fail.
 */
static void
t_devarg_features_kept(void)
{
	no_event_idx = true;
	if (!up())
		return;
	UT_ASSERT(!(vd.acked & BIT(VCRYPTO_F_EVENT_IDX)));
	WORKS(0, 0);
	RECOVER();
	UT_ASSERT(!(vd.acked & BIT(VCRYPTO_F_EVENT_IDX)));
	UT_ASSERT_EQ(t.dev.generation, 1);
	WORKS(0, 0);
	WORKS(1, 0);
	CLEAN();
}

/* ---- issue 16: defects 1, 2, 7, 10, 11 and tiny queues -------------------- */

/*
 * Defect 7: a stall is seen on the data path, but the reset (slow here:
 * 40 status reads), the recovery and the session made again all happen
 * in the watch; no enqueue or dequeue sleeps, resets or sends a request.
 */
static void
t_data_path_never_waits(void)
{
	struct rte_crypto_op *out[8];
	unsigned int resets, creates, i;
	uint64_t sleeps;

	if (!up())
		return;
	vd.reset_reads = 40;
	dpf.never = true;
	mk_ops(0, 4, 0);
	ENQ(0, 0, 4);
	ut_clock_advance_us(TIMEOUT_MS * 1000 + 1000);
	resets = vd.resets;
	creates = vd.creates;
	sleeps = ut_clock_sleeps();
	for (i = 0; i < 4; i++) {
		UT_ASSERT_EQ(vcrypto_dp_dequeue(qp_of(0), out, 8), 0);
		UT_ASSERT_EQ(vcrypto_dp_dequeue(qp_of(1), out, 8), 0);
		UT_ASSERT_EQ(vcrypto_dp_enqueue(qp_of(1), &dpf_ops[4], 1), 1);
		mk_ops(4, 1, 0);
	}
	UT_ASSERT(!t.dev.dead);		/* reported, not acted on */
	UT_ASSERT_EQ(vd.resets, resets);
	UT_ASSERT_EQ(ut_clock_sleeps(), sleeps);
	watch();			/* fails it: the slow reset is here */
	UT_ASSERT(t.dev.dead);
	UT_ASSERT_EQ(vd.resets, resets + 1);
	sleeps = ut_clock_sleeps();
	UT_ASSERT(dpf_collect(qp_of(0), 8) >= 4);
	UT_ASSERT(dpf_collect(qp_of(1), 8) >= 1);	/* recovered by now */
	vd.reset_reads = 0;
	dpf.never = false;
	UT_ASSERT(!t.dev.dead);
	mk_ops(8, 1, 0);
	UT_ASSERT_EQ(vcrypto_dp_enqueue(qp_of(0), &dpf_ops[8], 1), 0);
	UT_ASSERT_EQ(vd.creates, creates);	/* asked, not sent */
	watch();
	UT_ASSERT_EQ(vd.creates, creates + 1);
	UT_ASSERT_EQ(vcrypto_dp_enqueue(qp_of(0), &dpf_ops[8], 1), 1);
	UT_ASSERT_EQ(vcrypto_dp_dequeue(qp_of(0), out, 8), 1);
	UT_ASSERT_EQ(dpf_ops[8]->status, RTE_CRYPTO_OP_STATUS_SUCCESS);
	CLEAN();
}

/* Defect 10: a failed device's ops come back oldest first. */
static void
t_drain_oldest_first(void)
{
	struct rte_crypto_op *out[1];
	unsigned int i, n = 6;

	if (!up())
		return;
	dpf.never = true;
	mk_ops(0, n, 0);
	ENQ(0, 0, n);
	vcrypto_dev_fail(&t.dev, "unit test");
	for (i = 0; i < n; i++) {
		UT_ASSERT_EQ(vcrypto_dp_dequeue(qp_of(0), out, 1), 1);
		UT_ASSERT_EQ(dpf_index(out[0]), i);
		UT_ASSERT_EQ(out[0]->status, RTE_CRYPTO_OP_STATUS_ERROR);
	}
	UT_ASSERT_EQ(vcrypto_dp_dequeue(qp_of(0), out, 1), 0);
	CLEAN();
}

/*
 * Defect 1: a reset that never completes. The device may still write the
 * rings and the ops' buffers: no op is handed back, nothing is recovered,
 * and close leaks (never frees) the memory, logged.
 */
static void
t_stuck_reset_keeps_memory(void)
{
	struct vcrypto_qp *qps[VD_NB_DQ];
	const struct rte_memzone *ctrl_mz;
	struct vcrypto_vq *ctrlq;
	unsigned int i, resets;
	int live;

	if (!up())
		return;
	dpf.never = true;
	mk_ops(0, 4, 0);
	ENQ(0, 0, 4);
	vd.reset_stuck = true;
	ut_clock_advance_us(TIMEOUT_MS * 1000 + 1000);
	UT_ASSERT_EQ(dpf_collect(qp_of(0), 8), 0);
	UT_ASSERT(t.dev.dead && t.dev.stuck);
	for (i = 0; i < 4; i++)
		UT_ASSERT_EQ(dpf_ops[i]->status,
			     RTE_CRYPTO_OP_STATUS_NOT_PROCESSED);
	UT_ASSERT_EQ(dpf_collect(qp_of(1), 8), 0);
	resets = vd.resets;
	watch();
	UT_ASSERT(t.dev.dead);
	UT_ASSERT_EQ(vd.resets, resets);
	UT_ASSERT_EQ(vcrypto_vq_inflight(qp_of(0)->vq), 4);
	for (i = 0; i < VD_NB_DQ; i++)
		qps[i] = qp_of(i);
	ctrlq = t.dev.ctrlq;
	ctrl_mz = t.dev.ctrl_mz;
	live = ut_allocs_live();
	vcrypto_dev_fini(&t.dev);
	UT_ASSERT(strstr(ut_log_last(), "leaking") != NULL);
	/* Only the capabilities went: nothing the device may write. */
	UT_ASSERT_EQ(ut_allocs_live(), live - 1);
	for (i = 0; i < 4; i++)
		UT_ASSERT_EQ(dpf_ops[i]->status,
			     RTE_CRYPTO_OP_STATUS_NOT_PROCESSED);
	/* The test frees it, to keep the harness's leak count. */
	for (i = 0; i < VD_NB_DQ; i++)
		vcrypto_dp_queue_destroy(qps[i]);
	vcrypto_vq_destroy(ctrlq);
	rte_memzone_free(ctrl_mz);
}

/* A data queue too small for one request is refused at probe. */
static void
t_tiny_dataq_refused(void)
{
	static const uint16_t sizes[] = { 1, 2, 4, 7 };
	unsigned int i;
	int rc;

	for (i = 0; i < RTE_DIM(sizes); i++) {
		memset(&t, 0, sizeof(t));
		ut_log_quiet(getenv("UT_VERBOSE") == NULL);
		vd_init();
		vd.dq_max = sizes[i];
		snprintf(t.dev.hw.name, sizeof(t.dev.hw.name), "ut0");
		t.dev.ctrl_timeout_ms = TIMEOUT_MS;
		t.dev.dp_timeout_ms = TIMEOUT_MS;
		vd_attach(&t.dev.hw);
		rc = vcrypto_dev_init(&t.dev, 0);
		UT_ASSERT_EQ(rc * 100 + (int)i, -EIO * 100 + (int)i);
		UT_ASSERT(strstr(ut_log_last(), "too small") != NULL);
		vd_reset();
	}
	vd_init();
	vd.dq_max = 8;
	memset(&t, 0, sizeof(t));
	snprintf(t.dev.hw.name, sizeof(t.dev.hw.name), "ut0");
	t.dev.ctrl_timeout_ms = TIMEOUT_MS;
	t.dev.dp_timeout_ms = TIMEOUT_MS;
	vd_attach(&t.dev.hw);
	UT_ASSERT_EQ(vcrypto_dev_init(&t.dev, 0), 0);
}

/*
 * The MAC service with an empty MAC mask (a device quirk): bring-up sends
 * one trial chained session per HMAC, after DRIVER_OK and before the
 * capabilities, and the limits come from what the device took; a device
 * that takes none, or offers a mask, gets no trial taken into its limits.
 */
static void
t_mac_trials_at_bring_up(void)
{
	unsigned int round;
	int rc;

	for (round = 0; round < 3; round++) {
		memset(&t, 0, sizeof(t));
		ut_log_quiet(getenv("UT_VERBOSE") == NULL);
		vd_init();
		vd.cfg.crypto_services |= rte_cpu_to_le_32(
			BIT(VCRYPTO_SERVICE_MAC));
		vd.cfg.max_auth_key_len = rte_cpu_to_le_32(64);
		if (round == 1)
			vd.refuse_create = true;
		if (round == 2)
			vd.cfg.mac_algo_l = rte_cpu_to_le_32(
				BIT(VIRTIO_CRYPTO_MAC_HMAC_SHA_256));
		snprintf(t.dev.hw.name, sizeof(t.dev.hw.name), "ut0");
		t.dev.ctrl_timeout_ms = TIMEOUT_MS;
		t.dev.dp_timeout_ms = TIMEOUT_MS;
		vd_attach(&t.dev.hw);
		rc = vcrypto_dev_init(&t.dev, 0);
		UT_ASSERT_EQ(rc, 0);
		if (round == 0) {
			UT_ASSERT(vd.creates > 0);
			UT_ASSERT_EQ(vd.destroys, vd.creates);
			UT_ASSERT(t.dev.lim.mac_mask &
				  BIT(VIRTIO_CRYPTO_MAC_HMAC_SHA1));
			UT_ASSERT_EQ(t.dev.lim.mac_mask, t.dev.mac_trials);
		} else if (round == 1) {
			UT_ASSERT(vd.creates > 0);
			UT_ASSERT_EQ(t.dev.lim.mac_mask, 0);
		} else {
			UT_ASSERT_EQ(vd.creates, 0);
			UT_ASSERT_EQ(t.dev.lim.mac_mask,
				     BIT(VIRTIO_CRYPTO_MAC_HMAC_SHA_256));
		}
		vcrypto_dev_fini(&t.dev);
		vd_reset();
		if (ut_failed())
			return;
	}
}

/* ---- close with requests in flight ---------------------------------------- */

static unsigned int finish_after_us;	/* 0: the device never finishes */
static unsigned int finished_at_resets;

/* Clock hook: the held requests of dataq 0 complete once the time comes. */
static void
device_finishes(void)
{
	if (finish_after_us == 0 || !vd.m[0].hold ||
	    ut_clock_elapsed_us() < finish_after_us)
		return;
	vd.m[0].hold = false;
	vcrypto_model_complete(&vd.m[0], UINT32_MAX);
	finished_at_resets = vd.resets;
}

/*
 * Close (EAL cleanup, dev_close) with ops in flight: the device finishes
 * them first, then is reset; the completions are left unread. A device
 * that does not finish is reset at dp_timeout_ms; an idle one at once.
 */
static void
close_with(unsigned int n, unsigned int after_us)
{
	unsigned int resets;

	mk_ops(0, n, 0);
	vd.m[0].hold = true;
	if (n > 0)
		ENQ(0, 0, n);
	finish_after_us = after_us;
	ut_clock_reset();
	ut_clock_set_hook(device_finishes);
	resets = vd.resets;
	vcrypto_dev_fini(&t.dev);
	UT_ASSERT_EQ(vd.resets, resets + 1);
	CLEAN();
}

static void
t_close_lets_device_finish(void)
{
	if (!up())
		return;
	close_with(8, 10000);
	UT_ASSERT_EQ(finished_at_resets, vd.resets - 1);	/* before it */
	UT_ASSERT(ut_clock_elapsed_us() >= 10000);
	UT_ASSERT(ut_clock_elapsed_us() < 10000 + 1000);
}

static void
t_close_busy_device_bounded(void)
{
	if (!up())
		return;
	close_with(8, 0);
	UT_ASSERT(ut_clock_elapsed_us() >= TIMEOUT_MS * 1000);
	UT_ASSERT(ut_clock_elapsed_us() < TIMEOUT_MS * 1000 + 1000);
}

static void
t_close_idle_at_once(void)
{
	if (!up())
		return;
	WORKS(0, 0);
	close_with(0, 0);
	UT_ASSERT_EQ(ut_clock_sleeps(), 0);
}

static const struct ut_case cases[] = {
	{ "stall_recovers", t_stall_recovers },
	{ "idle_qp_parks_on_dequeue", t_idle_qp_parks_on_dequeue },
	{ "drain_waits_for_enqueue", t_drain_waits_for_enqueue },
	{ "needs_reset_recovers", t_needs_reset_recovers },
	{ "violation_recovers", t_violation_recovers },
	{ "keeps_failing_gives_up", t_keeps_failing_gives_up },
	{ "stalls_again_gives_up", t_stalls_again_gives_up },
	{ "gone_not_recovered", t_gone_not_recovered },
	{ "caps_shrunk_stays_dead", t_caps_shrunk_stays_dead },
	{ "restart_recovers", t_restart_recovers },
	{ "session_destroy_after_reset", t_session_destroy_after_reset },
	{ "session_remake_refused", t_session_remake_refused },
	{ "ctrl_timeout_recovers", t_ctrl_timeout_recovers },
	{ "devarg_features_kept", t_devarg_features_kept },
	{ "data_path_never_waits", t_data_path_never_waits },
	{ "drain_oldest_first", t_drain_oldest_first },
	{ "stuck_reset_keeps_memory", t_stuck_reset_keeps_memory },
	{ "tiny_dataq_refused", t_tiny_dataq_refused },
	{ "mac_trials_at_bring_up", t_mac_trials_at_bring_up },
	{ "close_lets_device_finish", t_close_lets_device_finish },
	{ "close_busy_device_bounded", t_close_busy_device_bounded },
	{ "close_idle_at_once", t_close_idle_at_once },
};

int
main(void)
{
	return ut_run(cases, RTE_DIM(cases), teardown) == 0 ? 0 : 1;
}
