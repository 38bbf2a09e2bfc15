/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Unit tests of the data path (vcrypto_dp.c) when the ring fills up, and
 * against a device that stalls, reports DEVICE_NEEDS_RESET, breaks the ring
 * protocol or fails elsewhere: every op in flight comes back once with
 * ERROR and nothing more is taken.
 * Same fixture as test_dp.c (qp_fixture.c); recovery is test_recover.c's.
 */
#include "ut_clock.h"

/* Under test: */
#include "vcrypto_dp.c"
#include "vcrypto_dp_share.c"
#include "vcrypto_recover.c"
/* What it calls, real: */
#include "vcrypto_sym.c"
#include "vcrypto_sym_run.c"
#include "vcrypto_vq.c"
#include "vcrypto_vq_split.c"

#include "dp_fixture.h"
#include "qp_fixture.h"
#include "ut.h"

/* ---- cases: ring full -------------------------------------------------- */

static void
t_full_ring(void)
{
	unsigned int mode, round, i, want, got, n, base;

	for (mode = 0; mode < 2; mode++) {
		bool indirect = mode == 0;

		if (!dq_up(indirect, DQ_SIZE))
			return;
		UT_ASSERT_EQ(make_sess(0, RTE_CRYPTO_CIPHER_AES_CBC, true, 16,
				       16), 0);
		for (i = 0; i < DPF_NB_OPS; i++)
			dpf_op(i, 0, dpf_flat(0, 64, 1), NULL, 0, 32);
		/* Indirect: one slot per op; chained: 5 descriptors each. */
		want = indirect ? DQ_SIZE : DQ_SIZE / 5;
		n = vcrypto_dp_enqueue(dq.qp, dpf_ops, 20);
		UT_ASSERT_EQ(n, want);
		for (i = n; i < 20; i++)
			UT_ASSERT_EQ(dpf_ops[i]->status,
				     RTE_CRYPTO_OP_STATUS_NOT_PROCESSED);
		UT_ASSERT_EQ(vcrypto_dp_enqueue(dq.qp, &dpf_ops[n], 4), 0);
		UT_ASSERT_EQ(dq.qp->stats.enqueue_err_count, 0);
		device_completes();
		UT_ASSERT_EQ(collect(DPF_NB_OPS), n);
		DPF_ASSERT_RETURNED_ONCE(n);
		/* Rounds of uneven bursts wrap the ring several times. */
		for (round = 0, base = 0; round < 12; round++) {
			for (i = 0; i < DPF_NB_OPS; i++)
				dpf_op(i, 0, dpf_flat(0, 64, 1), NULL, 0, 32);
			memset(dpf.returned, 0, sizeof(dpf.returned));
			got = vcrypto_dp_enqueue(dq.qp, dpf_ops, 1 + (round * 7) %
						 DQ_SIZE);
			UT_ASSERT(got > 0);
			base += got;
			device_completes();
			UT_ASSERT_EQ(collect(1 + round % 5), got);
			DPF_ASSERT_RETURNED_ONCE(got);
			for (i = 0; i < got; i++)
				UT_ASSERT_EQ(dpf_ops[i]->status,
					     RTE_CRYPTO_OP_STATUS_SUCCESS);
		}
		DPF_ASSERT_STATS_CONSISTENT(dq.qp);
		UT_ASSERT_EQ(dq.qp->stats.enqueued_count, n + base);
		DPF_CLEAN(dq.m);
		teardown();
	}
}

/* ---- cases: a device that stalls or misbehaves ------------------------- */

/* After a failure: everything back once with ERROR, nothing accepted. */
static void
check_failed_and_drained(unsigned int n, unsigned int ok_before)
{
	struct rte_crypto_op *extra[1];
	unsigned int i, errors = 0;
	uint16_t avail;

	UT_ASSERT(dq.dev.dead);
	UT_ASSERT_EQ(dq.resets, 1);	/* DMA stopped before reclaiming */
	DPF_ASSERT_RETURNED_ONCE(n);
	for (i = 0; i < n; i++) {
		UT_ASSERT(dpf_ops[i]->status != RTE_CRYPTO_OP_STATUS_NOT_PROCESSED);
		if (i >= ok_before)
			UT_ASSERT_EQ(dpf_ops[i]->status * 1000 + i,
				     RTE_CRYPTO_OP_STATUS_ERROR * 1000 + i);
		if (dpf_ops[i]->status != RTE_CRYPTO_OP_STATUS_SUCCESS)
			errors++;
	}
	UT_ASSERT_EQ(vcrypto_vq_inflight(dq.qp->vq), 0);
	UT_ASSERT_EQ(dq.qp->stats.dequeue_err_count, errors);
	/* Nothing is accepted any more, and the op is left alone. */
	avail = dq.qp->vq->split.avail->idx;
	dpf_op(DPF_NB_OPS - 1, 0, dpf_flat(0, 64, 1), NULL, 0, 32);
	extra[0] = dpf_ops[DPF_NB_OPS - 1];
	UT_ASSERT_EQ(vcrypto_dp_enqueue(dq.qp, extra, 1), 0);
	UT_ASSERT_EQ(extra[0]->status, RTE_CRYPTO_OP_STATUS_NOT_PROCESSED);
	UT_ASSERT_EQ(dq.qp->vq->split.avail->idx, avail);
	UT_ASSERT_EQ(collect(DPF_NB_OPS), 0);
	/* Ops handed back by the drain are dequeued ops too. */
	DPF_ASSERT_STATS_CONSISTENT(dq.qp);
}

static void
t_stall(void)
{
	struct rte_crypto_op *out[4];
	unsigned int i, mode;

	for (mode = 0; mode < 2; mode++) {
		if (!dq_up(mode == 0, DQ_SIZE))
			return;
		ut_log_quiet(true);
		UT_ASSERT_EQ(make_sess(0, RTE_CRYPTO_CIPHER_AES_CBC, true, 16,
				       16), 0);
		for (i = 0; i < 3; i++)
			dpf_op(i, 0, dpf_flat(0, 64, 1), NULL, 0, 32);
		dpf.never = true;	/* takes them, never answers */
		UT_ASSERT_EQ(vcrypto_dp_enqueue(dq.qp, dpf_ops, 3), 3);
		device_completes();
		UT_ASSERT_EQ(vcrypto_dp_dequeue(dq.qp, out, 4), 0);
		ut_clock_advance_us(DP_TIMEOUT_MS * 1000 - 1000);
		UT_ASSERT_EQ(vcrypto_dp_dequeue(dq.qp, out, 4), 0);
		UT_ASSERT(!dq.dev.dead);
		ut_clock_advance_us(2000);
		/* One op at a time: the drain resumes where it stopped. */
		UT_ASSERT_EQ(collect(1), 3);
		check_failed_and_drained(3, 0);
		teardown();
	}
}

/* A device that flags NEEDS_RESET fails well before the timeout. */
static void
t_needs_reset(void)
{
	struct rte_crypto_op *out[4];
	unsigned int i;

	if (!dq_up_cbc())
		return;
	ut_log_quiet(true);
	for (i = 0; i < 3; i++)
		dpf_op(i, 0, dpf_flat(0, 64, 1), NULL, 0, 32);
	dpf.never = true;
	UT_ASSERT_EQ(vcrypto_dp_enqueue(dq.qp, dpf_ops, 3), 3);
	device_completes();
	ut_clock_advance_us(DP_TIMEOUT_MS * 1000 / 8 + 1000);
	UT_ASSERT_EQ(vcrypto_dp_dequeue(dq.qp, out, 4), 0);
	UT_ASSERT(!dq.dev.dead);	/* status still fine */
	dq.dev_status = VCRYPTO_STATUS_NEEDS_RESET;
	ut_clock_advance_us(DP_TIMEOUT_MS * 1000 / 8 + 1000);
	UT_ASSERT_EQ(collect(3), 3);
	UT_ASSERT(dq.dev.dead);
	check_failed_and_drained(3, 0);
	dq.dev_status = 0;
	teardown();
}

/* A slow device that keeps completing is not a stalled one. */
static void
t_slow_not_stalled(void)
{
	struct rte_crypto_op *out[4];
	unsigned int i;

	if (!dq_up_cbc())
		return;
	ut_log_quiet(true);
	for (i = 0; i < 4; i++)
		dpf_op(i, 0, dpf_flat(0, 64, 1), NULL, 0, 32);
	UT_ASSERT_EQ(vcrypto_dp_enqueue(dq.qp, dpf_ops, 4), 4);
	vcrypto_model_fetch(&dq.m);
	for (i = 0; i < 4; i++) {
		ut_clock_advance_us(DP_TIMEOUT_MS * 1000 * 3 / 4);
		UT_ASSERT_EQ(vcrypto_dp_dequeue(dq.qp, out, 4), 0);
		vcrypto_model_complete(&dq.m, 1);
		UT_ASSERT_EQ(vcrypto_dp_dequeue(dq.qp, out, 4), 1);
		UT_ASSERT_EQ(out[0]->status, RTE_CRYPTO_OP_STATUS_SUCCESS);
	}
	UT_ASSERT(!dq.dev.dead);
	/* Idle for long, then a new burst: the clock starts afresh. */
	ut_clock_advance_us(10 * 1000 * 1000);
	UT_ASSERT_EQ(vcrypto_dp_enqueue(dq.qp, dpf_ops, 1), 1);
	ut_clock_advance_us(DP_TIMEOUT_MS * 1000 / 2);
	UT_ASSERT_EQ(vcrypto_dp_dequeue(dq.qp, out, 4), 0);
	UT_ASSERT(!dq.dev.dead);
	device_completes();
	UT_ASSERT_EQ(vcrypto_dp_dequeue(dq.qp, out, 4), 1);
	/* Adding work does not hide a stuck request (none completes). */
	UT_ASSERT_EQ(vcrypto_dp_enqueue(dq.qp, dpf_ops, 1), 1);
	ut_clock_advance_us(DP_TIMEOUT_MS * 1000 * 3 / 4);
	UT_ASSERT_EQ(vcrypto_dp_enqueue(dq.qp, &dpf_ops[1], 1), 1);
	ut_clock_advance_us(DP_TIMEOUT_MS * 1000 / 2);
	UT_ASSERT_EQ(vcrypto_dp_dequeue(dq.qp, out, 4), 0);
	UT_ASSERT(!dq.dev.dead);	/* reported: the watch acts */
	vcrypto_dev_watch(&dq.dev);
	UT_ASSERT(dq.dev.dead);
	DPF_CLEAN(dq.m);
}

/* Protocol violations: the good completions before it, then ERROR. */
static void
t_protocol_violation(void)
{
	static const enum vcrypto_model_fault faults[] = {
		VCRYPTO_MODEL_FAULT_ID_RANGE,
		VCRYPTO_MODEL_FAULT_ID_NOT_INFLIGHT,
		VCRYPTO_MODEL_FAULT_LEN_TOO_BIG,
		VCRYPTO_MODEL_FAULT_IDX_JUMP,
	};
	unsigned int f, i, n, mode;

	for (f = 0; f < RTE_DIM(faults) * 2; f++) {
		mode = f % 2;
		n = mode == 0 ? 4 : 3;	/* chained: 5 descriptors each */
		if (!dq_up(mode == 0, DQ_SIZE))
			return;
		ut_log_quiet(true);
		UT_ASSERT_EQ(make_sess(0, RTE_CRYPTO_CIPHER_AES_CBC, true, 16,
				       16), 0);
		for (i = 0; i < n; i++)
			dpf_op(i, 0, dpf_flat(0, 64, 1), NULL, 0, 32);
		UT_ASSERT_EQ(vcrypto_dp_enqueue(dq.qp, dpf_ops, n), n);
		/* In order: op 0 completes fine, the 2nd entry is bad. */
		vcrypto_model_set_fault(&dq.m, faults[f / 2], 1);
		device_completes();
		UT_ASSERT_EQ(collect(DPF_NB_OPS), n);
		if (faults[f / 2] != VCRYPTO_MODEL_FAULT_IDX_JUMP)
			UT_ASSERT_EQ(dpf_ops[0]->status,
				     RTE_CRYPTO_OP_STATUS_SUCCESS);
		check_failed_and_drained(n, 1);
		if (ut_failed())
			return;
		teardown();
	}
}

/* A duplicated completion never hands an op back twice. */
static void
t_duplicate_completion(void)
{
	unsigned int variant, i, n = 4;

	for (variant = 0; variant < 2; variant++) {
		if (!dq_up(true, DQ_SIZE))
			return;
		ut_log_quiet(true);
		UT_ASSERT_EQ(make_sess(0, RTE_CRYPTO_CIPHER_AES_CBC, true, 16,
				       16), 0);
		for (i = 0; i < n; i++)
			dpf_op(i, 0, dpf_flat(0, 64, 1), NULL, 0, 32);
		UT_ASSERT_EQ(vcrypto_dp_enqueue(dq.qp, dpf_ops, n), n);
		vcrypto_model_fetch(&dq.m);
		vcrypto_model_set_fault(&dq.m, VCRYPTO_MODEL_FAULT_DUPLICATE, 0);
		/*
		 * Variant 0: the copy arrives with the others (used index
		 * runs ahead); 1: op 0 and its copy alone, so the copy is an
		 * id no longer in flight.
		 */
		vcrypto_model_complete(&dq.m, variant == 0 ? UINT32_MAX : 1);
		UT_ASSERT_EQ(collect(DPF_NB_OPS), n);
		check_failed_and_drained(n, 1);
		if (ut_failed())
			return;
		teardown();
	}
}

/* Another queue (or the control path) failed the device. */
static void
t_failed_elsewhere(void)
{
	unsigned int i, n = 6;

	if (!dq_up_cbc())
		return;
	ut_log_quiet(true);
	for (i = 0; i < n; i++)
		dpf_op(i, 0, dpf_flat(0, 64, 1), NULL, 0, 32);
	UT_ASSERT_EQ(vcrypto_dp_enqueue(dq.qp, dpf_ops, n), n);
	/* Half of them completed but not yet seen when the device fails. */
	vcrypto_model_fetch(&dq.m);
	vcrypto_model_complete(&dq.m, n / 2);
	vcrypto_dev_fail(&dq.dev, "unit test");
	vcrypto_dev_fail(&dq.dev, "again: no second reset");
	UT_ASSERT_EQ(collect(2), n);
	check_failed_and_drained(n, 0);
}

static const struct ut_case cases[] = {
	{ "full_ring", t_full_ring },
	{ "stall", t_stall },
	{ "needs_reset", t_needs_reset },
	{ "slow_not_stalled", t_slow_not_stalled },
	{ "protocol_violation", t_protocol_violation },
	{ "duplicate_completion", t_duplicate_completion },
	{ "failed_elsewhere", t_failed_elsewhere },
};

int
main(void)
{
	return ut_run(cases, RTE_DIM(cases), teardown) == 0 ? 0 : 1;
}
