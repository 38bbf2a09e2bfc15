/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Unit tests of queue pairs sharing a data queue (vcrypto_dp_share.c,
 * devarg max_nb_queue_pairs): every op comes back once, on the queue pair
 * it went in on, in the order it went in, whichever sharer dequeues first;
 * each sharer's nb_descriptors and counts are its own; a failed device's
 * ops come back once, with ERROR, on their own queue pair; a second
 * thread on a side is refused, untouched, until the threads are
 * forgotten (dev_start). Same fixture as test_dp.c (qp_fixture.c).
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

#include <pthread.h>

/* Queue pairs share dq's data queue (DQ_SIZE entries). */
static bool
share_up(uint16_t nb_qps, uint16_t nb_desc)
{
	uint16_t q;

	if (!dq_up_cbc())
		return false;
	dq.dev.nb_qps = vcrypto_dp_share_count("ut0", 1, nb_qps);
	if (vcrypto_dp_share_create(&dq.dev, 0) != 0 || dq.dev.vqps == NULL) {
		ut_fail(__FILE__, __LINE__, "vcrypto_dp_share_create");
		return false;
	}
	for (q = 0; q < nb_qps; q++)
		if (vcrypto_dp_share_setup(&dq.dev, q, nb_desc) !=
		    &dq.dev.vqps[q]) {
			ut_fail(__FILE__, __LINE__, "setup of qp %u", q);
			return false;
		}
	return true;
}

static void
share_down(void)
{
	vcrypto_dp_share_destroy(&dq.dev);
	teardown();
}

/* Ops [first, first + n) fresh, on queue pair q. @return ops taken. */
static uint16_t
enq(uint16_t q, unsigned int first, unsigned int n)
{
	unsigned int i;

	for (i = first; i < first + n; i++)
		dpf_op(i, 0, dpf_flat(0, 64, 1), NULL, 0, 32);
	return vcrypto_dp_share_enqueue(&dq.dev.vqps[q], &dpf_ops[first], n);
}

/*
 * Dequeue from queue pair q in bursts of burst until it has been quiet
 * for three calls, running the watch after each: the op indices, in the
 * order they came back, into got[]. @return how many.
 */
static unsigned int
deq(uint16_t q, uint16_t burst, unsigned int *got, unsigned int max)
{
	struct rte_crypto_op *out[DPF_NB_OPS];
	unsigned int total = 0, quiet = 0, i;
	uint16_t n;

	while (quiet < 3) {
		n = vcrypto_dp_share_dequeue(&dq.dev.vqps[q], out, burst);
		quiet = n == 0 ? quiet + 1 : 0;
		vcrypto_dev_watch(&dq.dev);
		for (i = 0; i < n; i++) {
			dpf.returned[dpf_index(out[i]) % DPF_NB_OPS]++;
			if (total < max)
				got[total] = dpf_index(out[i]);
			total++;
		}
	}
	return total;
}

/* got[0, n) is first, first + 1, ... */
#define ASSERT_RUN(got, n, first) do { \
	unsigned int j_; \
	for (j_ = 0; j_ < (n); j_++) \
		UT_ASSERT_EQ((got)[j_], (first) + j_); \
} while (0)

static struct rte_cryptodev_stats
stats_of(uint16_t q)
{
	struct rte_cryptodev_stats s = { 0 };

	vcrypto_dp_share_stats_add(&dq.dev.vqps[q], &s);
	return s;
}

static void
t_count(void)
{
	ut_log_quiet(true);
	UT_ASSERT_EQ(vcrypto_dp_share_count("ut0", 1, 0), 1);
	UT_ASSERT_EQ(vcrypto_dp_share_count("ut0", 3, 0), 3);
	UT_ASSERT_EQ(vcrypto_dp_share_count("ut0", 1, 2), 2);
	UT_ASSERT_EQ(vcrypto_dp_share_count("ut0", 2, 3), 3);
	UT_ASSERT_EQ(vcrypto_dp_share_count("ut0", 1, 9),
		     VCRYPTO_REQ_COOKIE_OWNERS);
	/* Not more than data queues: nothing shared, no queue pairs made. */
	UT_ASSERT(dq_up_cbc());
	dq.dev.nb_qps = 1;
	UT_ASSERT_EQ(vcrypto_dp_share_create(&dq.dev, 0), 0);
	UT_ASSERT(dq.dev.vqps == NULL);
	UT_ASSERT(vcrypto_dp_share_setup(&dq.dev, 0, 16) == NULL);
}

/* Three queue pairs, ops interleaved: each gets its own back, in order. */
static void
t_own_ops_in_order(void)
{
	unsigned int got[DPF_NB_OPS];
	struct rte_cryptodev_stats s;
	unsigned int i;

	if (!share_up(3, DQ_SIZE))
		return;
	UT_ASSERT_EQ(enq(0, 0, 3), 3);
	UT_ASSERT_EQ(enq(1, 3, 4), 4);
	UT_ASSERT_EQ(enq(2, 7, 2), 2);
	UT_ASSERT_EQ(enq(0, 9, 2), 2);
	UT_ASSERT_EQ(enq(1, 11, 1), 1);
	device_completes();
	/* The first dequeue reads them all: qp 0's and 2's are stashed. */
	UT_ASSERT_EQ(deq(1, 2, got, DPF_NB_OPS), 5);
	ASSERT_RUN(got, 4, 3);
	UT_ASSERT_EQ(got[4], 11);
	UT_ASSERT_EQ(deq(0, 1, got, DPF_NB_OPS), 5);
	ASSERT_RUN(got, 3, 0);
	ASSERT_RUN(got + 3, 2, 9);
	UT_ASSERT_EQ(deq(2, 32, got, DPF_NB_OPS), 2);
	ASSERT_RUN(got, 2, 7);
	DPF_ASSERT_RETURNED_ONCE(12);
	for (i = 0; i < 12; i++)
		UT_ASSERT_EQ(dpf_ops[i]->status, RTE_CRYPTO_OP_STATUS_SUCCESS);
	/* Each queue pair counts its own; the ring's are the sum. */
	s = stats_of(0);
	UT_ASSERT_EQ(s.enqueued_count, 5);
	UT_ASSERT_EQ(s.dequeued_count, 5);
	s = stats_of(1);
	UT_ASSERT_EQ(s.enqueued_count, 5);
	UT_ASSERT_EQ(s.dequeued_count, 5);
	UT_ASSERT_EQ(stats_of(2).dequeued_count, 2);
	UT_ASSERT_EQ(dq.qp->stats.dequeued_count, 12);
	DPF_ASSERT_STATS_CONSISTENT(dq.qp);
	vcrypto_dp_share_stats_reset(&dq.dev.vqps[0]);
	UT_ASSERT_EQ(stats_of(0).enqueued_count, 0);
	/* Rounds that wrap the ring and the stashes, queue pair 0 idle. */
	for (i = 0; i < 10; i++) {
		memset(dpf.returned, 0, sizeof(dpf.returned));
		UT_ASSERT_EQ(enq(1, 0, 7), 7);
		UT_ASSERT_EQ(enq(2, 7, 9), 9);
		device_completes();
		UT_ASSERT_EQ(deq(2, 4, got, DPF_NB_OPS), 9);
		ASSERT_RUN(got, 9, 7);
		UT_ASSERT_EQ(deq(0, 4, got, DPF_NB_OPS), 0);
		UT_ASSERT_EQ(deq(1, 3, got, DPF_NB_OPS), 7);
		ASSERT_RUN(got, 7, 0);
		DPF_ASSERT_RETURNED_ONCE(16);
	}
	share_down();
}

/* nb_descriptors bounds each sharer; the ring bounds them all. */
static void
t_descriptors(void)
{
	unsigned int got[DPF_NB_OPS];

	if (!share_up(2, 4))
		return;
	UT_ASSERT_EQ(enq(0, 0, 10), 4);
	UT_ASSERT_EQ(dpf_ops[4]->status, RTE_CRYPTO_OP_STATUS_NOT_PROCESSED);
	UT_ASSERT_EQ(enq(1, 10, 10), 4);
	UT_ASSERT_EQ(enq(0, 20, 1), 0);
	device_completes();
	/* Completed but stashed is still out: qp 0 takes nothing more. */
	UT_ASSERT_EQ(deq(1, 8, got, DPF_NB_OPS), 4);
	ASSERT_RUN(got, 4, 10);
	UT_ASSERT_EQ(enq(0, 20, 1), 0);
	UT_ASSERT_EQ(deq(0, 8, got, DPF_NB_OPS), 4);
	ASSERT_RUN(got, 4, 0);
	UT_ASSERT_EQ(enq(0, 20, 3), 3);
	/* Set up again with the whole ring (and more asked): the ring. */
	device_completes();
	UT_ASSERT_EQ(deq(0, 8, got, DPF_NB_OPS), 3);
	UT_ASSERT(vcrypto_dp_share_setup(&dq.dev, 0, 1000) != NULL);
	UT_ASSERT(vcrypto_dp_share_setup(&dq.dev, 1, 1000) != NULL);
	UT_ASSERT_EQ(enq(0, 0, 12), 12);
	UT_ASSERT_EQ(enq(1, 12, 12), DQ_SIZE - 12);
	device_completes();
	UT_ASSERT_EQ(deq(1, 32, got, DPF_NB_OPS), DQ_SIZE - 12);
	UT_ASSERT_EQ(deq(0, 32, got, DPF_NB_OPS), 12);
	ASSERT_RUN(got, 12, 0);
	share_down();
}

/* A failed device: each sharer's ops come back once, ERROR, on it. */
static void
t_failure(void)
{
	unsigned int got[DPF_NB_OPS], i;

	if (!share_up(2, DQ_SIZE))
		return;
	ut_log_quiet(true);
	UT_ASSERT_EQ(enq(0, 0, 5), 5);
	UT_ASSERT_EQ(enq(1, 5, 6), 6);
	/* Two of qp 0's completed but unread when the device fails. */
	vcrypto_model_fetch(&dq.m);
	vcrypto_model_complete(&dq.m, 2);
	vcrypto_dev_fail(&dq.dev, "unit test");
	UT_ASSERT_EQ(deq(1, 2, got, DPF_NB_OPS), 6);
	ASSERT_RUN(got, 6, 5);
	UT_ASSERT_EQ(deq(0, 2, got, DPF_NB_OPS), 5);
	ASSERT_RUN(got, 5, 0);
	DPF_ASSERT_RETURNED_ONCE(11);
	for (i = 0; i < 11; i++)
		UT_ASSERT_EQ(dpf_ops[i]->status * 100 + i,
			     RTE_CRYPTO_OP_STATUS_ERROR * 100 + i);
	UT_ASSERT_EQ(stats_of(0).dequeue_err_count, 5);
	UT_ASSERT_EQ(stats_of(1).dequeue_err_count, 6);
	/* Failed: nothing taken, the op untouched. */
	UT_ASSERT_EQ(enq(1, 20, 1), 0);
	UT_ASSERT_EQ(dpf_ops[20]->status, RTE_CRYPTO_OP_STATUS_NOT_PROCESSED);
	DPF_ASSERT_STATS_CONSISTENT(dq.qp);
	share_down();
}

struct other {
	uint16_t q;
	bool dequeue;
	uint16_t n;
};

static void *
other_thread(void *arg)
{
	struct other *o = arg;
	struct rte_crypto_op *out[4];

	o->n = o->dequeue ?
		vcrypto_dp_share_dequeue(&dq.dev.vqps[o->q], out, 4) :
		vcrypto_dp_share_enqueue(&dq.dev.vqps[o->q], &dpf_ops[30], 2);
	return NULL;
}

static uint16_t
on_other_thread(uint16_t q, bool dequeue)
{
	struct other o = { .q = q, .dequeue = dequeue, .n = UINT16_MAX };
	pthread_t t;

	if (pthread_create(&t, NULL, other_thread, &o) != 0 ||
	    pthread_join(t, NULL) != 0)
		ut_fail(__FILE__, __LINE__, "thread");
	return o.n;
}

/* One thread per side for all sharers, until the threads are forgotten. */
static void
t_one_thread_per_side(void)
{
	unsigned int got[DPF_NB_OPS];

	if (!share_up(2, DQ_SIZE))
		return;
	ut_log_quiet(true);
	UT_ASSERT_EQ(enq(0, 0, 2), 2);
	dpf_op(30, 0, dpf_flat(0, 64, 1), NULL, 0, 32);
	dpf_op(31, 0, dpf_flat(0, 64, 1), NULL, 0, 32);
	/* Another thread, another sharer: refused, ops untouched. */
	UT_ASSERT_EQ(on_other_thread(1, false), 0);
	UT_ASSERT_EQ(dpf_ops[30]->status, RTE_CRYPTO_OP_STATUS_NOT_PROCESSED);
	UT_ASSERT_EQ(dq.dev.vqps[1].enqueued, 0);
	UT_ASSERT(dq.dev.shares[0].enq_refused_logged);
	device_completes();
	/* Dequeue is its own side: the first thread to dequeue has it. */
	UT_ASSERT_EQ(on_other_thread(1, true), 0);
	UT_ASSERT_EQ(deq(0, 4, got, DPF_NB_OPS), 0);	/* refused */
	UT_ASSERT(dq.dev.shares[0].deq_refused_logged);
	UT_ASSERT_EQ(on_other_thread(0, true), 0);	/* another thread */
	/* dev_start forgets them: this thread takes the dequeue side. */
	vcrypto_dp_share_forget_threads(&dq.dev);
	UT_ASSERT_EQ(deq(0, 4, got, DPF_NB_OPS), 2);
	ASSERT_RUN(got, 2, 0);
	UT_ASSERT_EQ(on_other_thread(1, false), 2);	/* enqueue side free */
	UT_ASSERT_EQ(enq(1, 0, 1), 0);	/* now the other thread's */
	device_completes();
	UT_ASSERT_EQ(deq(1, 4, got, DPF_NB_OPS), 2);
	ASSERT_RUN(got, 2, 30);
	share_down();
}

static void
t_teardown(void)
{
	if (dq.dev.shares != NULL)
		vcrypto_dp_share_destroy(&dq.dev);
	teardown();
}

static const struct ut_case cases[] = {
	{ "count", t_count },
	{ "own_ops_in_order", t_own_ops_in_order },
	{ "descriptors", t_descriptors },
	{ "failure", t_failure },
	{ "one_thread_per_side", t_one_thread_per_side },
};

int
main(void)
{
	return ut_run(cases, RTE_DIM(cases), t_teardown) == 0 ? 0 : 1;
}
