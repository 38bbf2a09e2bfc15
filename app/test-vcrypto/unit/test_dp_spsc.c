/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * One queue pair, one enqueue thread, one dequeue thread (the contract in
 * the guide, "Threads on one queue pair"), and the data queue's device
 * (qp_fixture.c's model and handler) on a third: ops go through
 * vcrypto_dp_enqueue()/vcrypto_dp_dequeue() as a pipeline application
 * with separate rx and tx lcores sends them. Every op taken comes back
 * exactly once, with SUCCESS, no queue breaks and no stall is declared.
 * The device asks for no kicks, so only its thread touches the model.
 * The third case breaks the ring protocol mid-run with the device's watch
 * on a fourth thread: the device is failed and reset while both sides
 * run, and every op taken still comes back exactly once (SUCCESS before,
 * ERROR after), none is taken after.
 * The share cases run the same over two queue pairs sharing the data
 * queue (vcrypto_dp_share.c): the enqueue thread alternates between them,
 * so does the dequeue thread, and each op must come back on its own.
 * VCRYPTO_UT_SPSC_OPS=<n> ops per case (default 10^6).
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
#include <sched.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include <linux/virtio_ring.h>

#define DEADLINE_S 240

/* The fixture's helpers this test does not use. */
static void __rte_unused (*const unused_[])(void) = {
	(void (*)(void))collect, device_completes, (void (*)(void))dq_up_cbc,
};

static uint64_t total = 1000000;
static bool stop;
static int failed;
static char why[256];
/* Ops the dequeue thread gave back, for the enqueue thread (SPSC). */
static uint8_t free_ring[DPF_NB_OPS];
static uint32_t free_head, free_tail;	/* taken by enqueue / filled by dequeue */
static uint8_t state[DPF_NB_OPS];	/* 1: taken by enqueue, not back */
static uint64_t enqueued, dequeued, not_ok;
/* The failure case: the watch thread runs; enqueue is done (no more ops
 * will be taken: the device failed). */
static bool fail_mode, enq_done;
/* Share cases: two queue pairs on the data queue; the one op k went in on. */
static bool share_mode;
static uint8_t qp_of[DPF_NB_OPS];
static pthread_mutex_t model_lock = PTHREAD_MUTEX_INITIALIZER;

static void fail_once(const char *fmt, ...) __rte_format_printf(1, 2);

static void
fail_once(const char *fmt, ...)
{
	va_list ap;

	if (__atomic_exchange_n(&failed, 1, __ATOMIC_ACQ_REL) == 0) {
		va_start(ap, fmt);
		vsnprintf(why, sizeof(why), fmt, ap);
		va_end(ap);
	}
	__atomic_store_n(&stop, true, __ATOMIC_RELEASE);
}

static bool
stopped(void)
{
	return __atomic_load_n(&stop, __ATOMIC_ACQUIRE);
}

static void *
enqueue_thread(void *arg)
{
	struct rte_crypto_op *ops[DPF_NB_OPS];
	uint32_t tail, n, i, want = 1;
	uint64_t done = 0;
	unsigned int idle_dead = 0, round = 0;
	uint16_t took, q = 0;

	RTE_SET_USED(arg);
	while (done < total && !stopped()) {
		tail = __atomic_load_n(&free_tail, __ATOMIC_ACQUIRE);
		want = want % 32 + 1;
		for (n = 0; n < want && free_head != tail &&
		     done + n < total; n++)
			ops[n] = dpf_ops[free_ring[free_head++ % DPF_NB_OPS]];
		if (n == 0) {
			sched_yield();
			continue;
		}
		q = round++ % 2;
		for (i = 0; i < n; i++) {
			ops[i]->status = RTE_CRYPTO_OP_STATUS_NOT_PROCESSED;
			__atomic_store_n(&qp_of[dpf_index(ops[i])], (uint8_t)q,
					 __ATOMIC_RELAXED);
			__atomic_store_n(&state[dpf_index(ops[i])], 1,
					 __ATOMIC_RELAXED);
		}
		took = share_mode ?
			vcrypto_dp_share_enqueue(&dq.dev.vqps[q], ops,
						 (uint16_t)n) :
			vcrypto_dp_enqueue(dq.qp, ops, (uint16_t)n);
		if (fail_mode && took == 0 &&
		    __atomic_load_n(&dq.dev.dead, __ATOMIC_ACQUIRE))
			idle_dead++;
		/* What it did not take is ours again, in order. */
		for (i = took; i < n; i++)
			__atomic_store_n(&state[dpf_index(ops[i])], 0,
					 __ATOMIC_RELAXED);
		free_head -= n - took;
		done += took;
		if (took < n &&
		    ops[took]->status != RTE_CRYPTO_OP_STATUS_NOT_PROCESSED) {
			fail_once("op refused: status %u", ops[took]->status);
			break;
		}
		if (idle_dead > 1000)
			break;	/* failed for good: nothing more is taken */
		if (took == 0)
			sched_yield();
	}
	__atomic_store_n(&enqueued, done, __ATOMIC_RELAXED);
	__atomic_store_n(&enq_done, true, __ATOMIC_RELEASE);
	return NULL;
}

static void *
dequeue_thread(void *arg)
{
	time_t deadline = time(NULL) + DEADLINE_S;
	struct rte_crypto_op *out[DPF_NB_OPS];
	uint64_t done = 0;
	unsigned int k, round = 0;
	uint16_t n, i, q;

	RTE_SET_USED(arg);
	while (done < total && !stopped()) {
		if (__atomic_load_n(&enq_done, __ATOMIC_ACQUIRE) &&
		    done == __atomic_load_n(&enqueued, __ATOMIC_RELAXED))
			break;	/* all that was taken is back */
		q = round++ % 2;
		n = share_mode ?
			vcrypto_dp_share_dequeue(&dq.dev.vqps[q], out,
						 1 + done % DPF_NB_OPS) :
			vcrypto_dp_dequeue(dq.qp, out, 1 + done % DPF_NB_OPS);
		for (i = 0; i < n; i++) {
			k = dpf_index(out[i]);
			if (k >= DPF_NB_OPS ||
			    __atomic_load_n(&state[k], __ATOMIC_RELAXED) != 1) {
				fail_once("op %u back but not in flight (%"
					  PRIu64 " back)", k, done);
				return NULL;
			}
			if (share_mode &&
			    __atomic_load_n(&qp_of[k], __ATOMIC_RELAXED) != q) {
				fail_once("op %u back on qp %u, went in on %u",
					  k, q, qp_of[k]);
				return NULL;
			}
			not_ok += out[i]->status != RTE_CRYPTO_OP_STATUS_SUCCESS;
			__atomic_store_n(&state[k], 0, __ATOMIC_RELAXED);
			free_ring[free_tail % DPF_NB_OPS] = (uint8_t)k;
			__atomic_store_n(&free_tail, free_tail + 1,
					 __ATOMIC_RELEASE);
		}
		done += n;
		if (!fail_mode && dq.dev.dead) {
			fail_once("device failed after %" PRIu64 " ops: %s",
				  done, ut_log_last());
			break;
		}
		if (n == 0) {
			if (time(NULL) > deadline) {
				fail_once("deadline: %" PRIu64 " of %" PRIu64
					  " back", done, total);
				break;
			}
			sched_yield();
		}
	}
	dequeued = done;
	return NULL;
}

static void *
device_thread(void *arg)
{
	unsigned int n = 0;

	RTE_SET_USED(arg);
	while (!stopped()) {
		pthread_mutex_lock(&model_lock);
		if (dq_model_stopped ||
		    (vcrypto_model_fetch(&dq.m) == 0 && dq.m.nheld == 0)) {
			pthread_mutex_unlock(&model_lock);
			sched_yield();
			continue;
		}
		vcrypto_model_complete(&dq.m, 1 + n++ % 7);
		pthread_mutex_unlock(&model_lock);
	}
	return NULL;
}

/* The device's watch, as its EAL alarm runs it (every 10 ms there). */
static void *
watch_thread(void *arg)
{
	RTE_SET_USED(arg);
	while (!stopped()) {
		vcrypto_dev_watch(&dq.dev);
		usleep(200);
	}
	return NULL;
}

static void
spsc(bool indirect, bool fail, bool share)
{
	static const uint16_t lens[2] = { 100, 60 };
	pthread_t te, td, tv, tw;
	struct rte_mbuf *src;
	time_t t0 = time(NULL);
	unsigned int k;

	if (!dq_up(indirect, 64))
		return;
	UT_ASSERT_EQ(make_sess(0, RTE_CRYPTO_CIPHER_AES_CTR, true, 16, 16), 0);
	share_mode = share;
	if (share) {
		dq.dev.nb_qps = 2;
		UT_ASSERT_EQ(vcrypto_dp_share_create(&dq.dev, 0), 0);
		UT_ASSERT(vcrypto_dp_share_setup(&dq.dev, 0, 64) != NULL);
		UT_ASSERT(vcrypto_dp_share_setup(&dq.dev, 1, 64) != NULL);
	}
	/* No kicks: the enqueue thread never runs the model. */
	vcrypto_model_set_used_flags(&dq.m, VRING_USED_F_NO_NOTIFY);
	dq.m.order = VCRYPTO_MODEL_RANDOM;
	src = dpf_chain(0, lens, 2, 1);
	for (k = 0; k < DPF_NB_OPS; k++) {
		dpf_op(k, 0, src, NULL, k % 16, 100 + k % 40);
		free_ring[k] = (uint8_t)k;
		state[k] = 0;
	}
	free_head = 0;
	free_tail = DPF_NB_OPS;
	stop = false;
	failed = 0;
	why[0] = '\0';
	enqueued = dequeued = not_ok = 0;
	fail_mode = fail;
	enq_done = false;
	dq_model_lock = fail ? &model_lock : NULL;
	dq_model_stopped = false;
	/* Four threads on as few CPUs: the injected fault is the failure
	 * under test, not a stall of a starved device thread. */
	if (fail)
		dq.qp->timeout_cycles = UINT64_MAX / 2;
	/*
	 * Halfway: a used id outside the ring, a violation the driver always
	 * sees. (A used id the device never took may name a request the
	 * driver posted and the device has not read yet: the driver cannot
	 * tell it from a fast device, completes it with the status unset,
	 * ERROR, and the device then writes that slot: TSan reports the
	 * test's device, not the driver.)
	 */
	if (fail)
		vcrypto_model_set_fault(&dq.m,
					VCRYPTO_MODEL_FAULT_ID_RANGE,
					total / 2);
	UT_ASSERT(pthread_create(&tv, NULL, device_thread, NULL) == 0);
	UT_ASSERT(pthread_create(&td, NULL, dequeue_thread, NULL) == 0);
	UT_ASSERT(pthread_create(&te, NULL, enqueue_thread, NULL) == 0);
	if (fail)
		UT_ASSERT(pthread_create(&tw, NULL, watch_thread, NULL) == 0);
	pthread_join(te, NULL);
	pthread_join(td, NULL);
	__atomic_store_n(&stop, true, __ATOMIC_RELEASE);
	pthread_join(tv, NULL);
	if (fail)
		pthread_join(tw, NULL);
	dq_model_lock = NULL;
	printf("# %s%s: %" PRIu64 " ops in, %" PRIu64 " back in %ld s\n",
	       indirect ? "tables" : "chains",
	       share ? ", two queue pairs" : "", enqueued, dequeued,
	       (long)(time(NULL) - t0));
	if (why[0] != '\0') {
		ut_fail(__FILE__, __LINE__, "%s", why);
		return;
	}
	if (fail) {
		/* Failed halfway: each op taken back once, none after. */
		UT_ASSERT(dq.dev.dead);
		UT_ASSERT_EQ(dq.m.faults_fired, 1);
		UT_ASSERT(enqueued >= total / 2 && enqueued < total);
		UT_ASSERT_EQ(dequeued, enqueued);
		UT_ASSERT(not_ok > 0);
		UT_ASSERT_EQ(dq.qp->stats.enqueued_count, enqueued);
		UT_ASSERT_EQ(dq.qp->stats.dequeued_count, dequeued);
		printf("# failed halfway: %" PRIu64 " ops back with an error\n",
		       not_ok);
		return;
	}
	DPF_CLEAN(dq.m);
	UT_ASSERT_EQ(enqueued, total);
	UT_ASSERT_EQ(dequeued, total);
	UT_ASSERT_EQ(not_ok, 0);
	UT_ASSERT_EQ(dq.qp->stats.enqueued_count, total);
	UT_ASSERT_EQ(dq.qp->stats.dequeued_count, total);
	UT_ASSERT_EQ(vcrypto_vq_inflight(dq.qp->vq), 0);
	UT_ASSERT(!dq.dev.dead);
}

static void
t_dp_spsc_tables(void)
{
	spsc(true, false, false);
}

static void
t_dp_spsc_chains(void)
{
	spsc(false, false, false);
}

static void
t_dp_spsc_fail(void)
{
	spsc(true, true, false);
}

static void
t_dp_spsc_share(void)
{
	spsc(true, false, true);
}

static void
t_dp_spsc_share_fail(void)
{
	spsc(true, true, true);
}

static void
t_teardown(void)
{
	vcrypto_dp_share_destroy(&dq.dev);
	teardown();
}

static const struct ut_case cases[] = {
	{ "dp_spsc_tables", t_dp_spsc_tables },
	{ "dp_spsc_chains", t_dp_spsc_chains },
	{ "dp_spsc_fail", t_dp_spsc_fail },
	{ "dp_spsc_share", t_dp_spsc_share },
	{ "dp_spsc_share_fail", t_dp_spsc_share_fail },
};

int
main(void)
{
	const char *v = getenv("VCRYPTO_UT_SPSC_OPS");

	if (v != NULL && strtoull(v, NULL, 0) > 0)
		total = strtoull(v, NULL, 0);
	printf("# %" PRIu64 " ops per case\n", total);
	return ut_run(cases, RTE_DIM(cases), t_teardown) == 0 ? 0 : 1;
}
