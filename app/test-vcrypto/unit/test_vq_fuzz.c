/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Randomised tests of the virtqueue against the device model: a seeded,
 * bounded mix of posts, flushes, device steps, polls and injected faults,
 * with every request accounted for (completed or drained, exactly once);
 * and the model on its own thread, so the barriers see real concurrency
 * (the idea of Linux tools/virtio/vringh_test.c's parallel mode).
 * VCRYPTO_UT_SEED=<n> in the environment changes the seeds.
 */
#include "vcrypto_vq.c"
#include "vcrypto_vq_split.c"

#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "ut.h"
#include "vq_fixture.h"

#define FUZZ_OPS 60000u

enum fate { POSTED = 0, COMPLETED, DRAINED };

static uint64_t rng;
static uint8_t *fate;
static uint64_t base_seed = 1;

static uint32_t
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 11);
}

static void
teardown(void)
{
	fx_down();
	free(fate);
	fate = NULL;
	ut_log_quiet(false);
}

static bool
settle(uint64_t serial, enum fate f)
{
	if (fate[serial] != POSTED) {
		ut_fail(__FILE__, __LINE__, "request %" PRIu64 " ended twice",
			serial);
		return false;
	}
	fate[serial] = f;
	return true;
}

/* Poll up to max and account for every completion. */
static bool
fuzz_poll(uint16_t max)
{
	struct vcrypto_vq_cpl cpl[32];
	uint16_t n, k;
	uint64_t serial;

	n = vcrypto_vq_poll(fx.vq, cpl, RTE_MIN(max, RTE_DIM(cpl)));
	for (k = 0; k < n; k++) {
		serial = fx.req[cpl[k].id].serial;
		if (!fx_check_cpl(&cpl[k]) || !settle(serial, COMPLETED))
			return false;
	}
	return true;
}

/* After a detected fault: reset, drain, account, reinit. */
static bool
recover(void)
{
	struct vcrypto_vq_cpl out[8];
	struct fx_req *q;
	uint16_t n, k;

	while ((n = vcrypto_vq_drain(fx.vq, out, RTE_DIM(out))) > 0) {
		for (k = 0; k < n; k++) {
			q = &fx.req[out[k].id];
			if (!q->live || out[k].cookie != fx_cookie(q->serial) ||
			    !settle(q->serial, DRAINED))
				return false;
			q->live = false;
		}
	}
	fx_reset();
	return true;
}

/* One random step; *armed is set while an injected fault is pending. */
static bool
fuzz_step(bool *armed)
{
	uint32_t op = rnd() % 100, nr, ro;
	bool kept;
	int id;

	/*
	 * Once a fault fired, publish nothing until the queue notices: a
	 * bogus used entry naming an id we re-posted and published since
	 * would look like its completion, which no driver can tell apart.
	 */
	if (*armed && fx.m.faults_fired > 0 && op < 55)
		return true;
	if (op < 40 && fx.p.indirect && fx.p.max_segs >= 4 && rnd() % 2) {
		/* In place, three recipes of their own shapes on one ring. */
		ro = 1 + rnd() % 3;
		id = fx_post_table((uint8_t)ro, ro, 1,
				   1 + rnd() % FX_MAX_SEGLEN, rnd(), &kept);
		return id >= 0 || id == -ENOSPC;
	} else if (op < 40) {
		nr = 1 + rnd() % fx.p.max_segs;
		ro = rnd() % (nr + 1);
		id = fx_post(ro, nr - ro, 1 + rnd() % FX_MAX_SEGLEN, rnd());
		return id >= 0 || id == -ENOSPC;
	} else if (op < 55) {
		vcrypto_vq_flush(fx.vq);
	} else if (op < 75) {
		/* Fetch first: the model then holds every published id. */
		vcrypto_model_fetch(&fx.m);
		vcrypto_model_complete(&fx.m, rnd() % 8);
	} else if (op < 96) {
		return fuzz_poll(1 + rnd() % 12);
	} else if (op < 99) {
		fx.m.order = (enum vcrypto_model_order)(rnd() % 3);
	} else if (!*armed && rnd() % 4 == 0) {
		vcrypto_model_set_fault(&fx.m, (enum vcrypto_model_fault)
				(1 + rnd() % (VCRYPTO_MODEL_FAULT_COUNT - 1)),
				rnd() % 4);
		fx.m.faults_fired = 0;
		*armed = true;
	}
	return true;
}

static void
fuzz(uint16_t size, uint16_t max_segs, bool indirect, bool event_idx,
     uint64_t seed)
{
	unsigned int it, faults = 0, spins;
	bool armed = false;
	uint64_t s, done;

	rng = seed * 0x9e3779b97f4a7c15ULL + 1;
	if (!fx_up(size, max_segs, indirect, event_idx, seed & 1))
		return;
	ut_log_quiet(true);
	fate = calloc(FUZZ_OPS, 1);
	UT_ASSERT(fate != NULL);
	for (it = 0; it < FUZZ_OPS; it++) {
		UT_ASSERT(fuzz_step(&armed));
		if (vcrypto_vq_is_broken(fx.vq)) {
			/* Only an injected fault may break the queue. */
			UT_ASSERT(armed && fx.m.faults_fired == 1);
			UT_ASSERT(recover());
			armed = false;
			faults++;
		}
	}
	/* Finish: no more faults; everything completes or is drained. */
	fx.m.fault = VCRYPTO_MODEL_FAULT_NONE;
	for (spins = 0; spins < 1000 && vcrypto_vq_inflight(fx.vq) > 0 &&
	     !vcrypto_vq_is_broken(fx.vq); spins++) {
		vcrypto_vq_flush(fx.vq);
		vcrypto_model_run(&fx.m);
		UT_ASSERT(fuzz_poll(32));
	}
	UT_ASSERT(recover());
	for (s = 0, done = 0; s < fx.serial; s++)
		done += fate[s] != POSTED;
	UT_ASSERT_EQ(done, fx.serial);
	UT_ASSERT(fx.serial > FUZZ_OPS / 20);
	UT_ASSERT(faults > 0);
	if (fx.m.violations != 0) {
		ut_fail(__FILE__, __LINE__, "model: %s", fx.m.violation);
		return;
	}
}

static void
t_fuzz_chain(void)
{
	fuzz(16, 6, false, false, base_seed);
}

static void
t_fuzz_indirect(void)
{
	fuzz(32, VCRYPTO_VQ_MAX_SEGS, true, false, base_seed + 1);
}

static void
t_fuzz_indirect_event_idx(void)
{
	fuzz(32, 4, true, true, base_seed + 2);
}

static void
t_fuzz_chain_tiny(void)
{
	fuzz(4, 4, false, true, base_seed + 3);
}

static void
t_fuzz_indirect_tiny(void)
{
	fuzz(2, 2, true, false, base_seed + 4);
}

static bool device_stop;

static void *
device_thread(void *arg)
{
	unsigned int n = 0;

	RTE_SET_USED(arg);
	while (!__atomic_load_n(&device_stop, __ATOMIC_ACQUIRE)) {
		if (vcrypto_model_fetch(&fx.m) == 0 && fx.m.nheld == 0)
			sched_yield();
		vcrypto_model_complete(&fx.m, 1 + n++ % 5);
	}
	return NULL;
}

/* Driver and device on two threads over the same ring. */
static void
parallel(bool indirect)
{
	const uint64_t total = 100000;
	time_t deadline = time(NULL) + 120;
	pthread_t t;
	int id, n;

	rng = base_seed + 7;
	if (!fx_up(64, 4, indirect, true, false))
		return;
	fate = calloc(total, 1);
	UT_ASSERT(fate != NULL);
	fx.m.order = VCRYPTO_MODEL_RANDOM;
	device_stop = false;
	UT_ASSERT(pthread_create(&t, NULL, device_thread, NULL) == 0);
	while ((fx.serial < total || vcrypto_vq_inflight(fx.vq) > 0) &&
	       time(NULL) < deadline && !ut_failed() &&
	       !vcrypto_vq_is_broken(fx.vq)) {
		id = 0;
		while (fx.serial < total && id >= 0 && rnd() % 8 != 0)
			id = fx_post(1 + rnd() % 2, 1 + rnd() % 2,
				     1 + rnd() % 64, rnd());
		vcrypto_vq_flush(fx.vq);
		n = vcrypto_vq_inflight(fx.vq);
		if (!fuzz_poll(32))
			break;
		if (n == vcrypto_vq_inflight(fx.vq))
			sched_yield();
	}
	__atomic_store_n(&device_stop, true, __ATOMIC_RELEASE);
	pthread_join(t, NULL);
	if (ut_failed())
		return;
	if (fx.m.violations != 0)
		ut_fail(__FILE__, __LINE__, "model: %s", fx.m.violation);
	UT_ASSERT(!vcrypto_vq_is_broken(fx.vq));
	UT_ASSERT_EQ(vcrypto_vq_inflight(fx.vq), 0);
	UT_ASSERT_EQ(fx.serial, total);
	UT_ASSERT_EQ(fx.m.completed, total);
}

static void
t_parallel_indirect(void)
{
	parallel(true);
}

static void
t_parallel_chain(void)
{
	parallel(false);
}

static const struct ut_case cases[] = {
	{ "fuzz_chain", t_fuzz_chain },
	{ "fuzz_indirect", t_fuzz_indirect },
	{ "fuzz_indirect_event_idx", t_fuzz_indirect_event_idx },
	{ "fuzz_chain_tiny", t_fuzz_chain_tiny },
	{ "fuzz_indirect_tiny", t_fuzz_indirect_tiny },
	{ "parallel_indirect", t_parallel_indirect },
	{ "parallel_chain", t_parallel_chain },
};

int
main(void)
{
	const char *seed = getenv("VCRYPTO_UT_SEED");

	if (seed != NULL)
		base_seed = strtoull(seed, NULL, 0);
	printf("# seed %" PRIu64 "\n", base_seed);
	return ut_run(cases, RTE_DIM(cases), teardown) == 0 ? 0 : 1;
}
