/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * One producer and one consumer on one queue (the contract in
 * vcrypto_vq.h), with the device model on a third thread: the producer
 * posts (segment lists and runs) and flushes, the consumer reaps and
 * checks each completion's bytes in the id's memory before it asks for the
 * next one, as the PMD's dequeue does. Every request must come back
 * exactly once, with its own bytes, and the queue must never see a
 * violation the device did not commit.
 * VCRYPTO_UT_SPSC_OPS=<n> sets the number of requests per case
 * (default 10^6); VCRYPTO_UT_SEED=<n> the seed.
 */
#include "vcrypto_vq.c"
#include "vcrypto_vq_split.c"

#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "ut.h"
#include "vq_fixture.h"

/* Per id: readable bytes from 0, writable ones from WO_OFF. */
#define RO_MAX 96u
#define WO_OFF 128u
#define WO_MAX 96u
#define FIXED_LEN 8u		/* a run's fixed entry: the first 8 bytes */
#define RUN_TAG 5u
#define DEADLINE_S 240

struct info {
	uint16_t rlen;
	uint16_t wlen;
};

static uint64_t total = 1000000;
static uint64_t base_seed = 1;
static struct info *info;	/* per serial: producer writes, then posts */
static uint8_t *seen;		/* per serial: consumer only */
static bool stop;
static bool indirect_runs;
static char why[256];		/* first failure, by any thread */
static uint64_t posted_total, consumed_total, kicks;

static int failed;

static void fail_once(const char *fmt, ...) __rte_format_printf(1, 2);

static void
fail_once(const char *fmt, ...)
{
	va_list ap;

	/* The first thread to fail writes why; all stop. */
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

static uint32_t
rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return (uint32_t)(*s >> 11);
}

static uint8_t
pat(uint64_t serial, uint32_t k)
{
	return (uint8_t)(serial * 13u + k * 7u + 1u);
}

static uint8_t *
mem_of(uint32_t id)
{
	return fx.data + (size_t)id * FX_DATA_PER_ID;
}

static void *
cookie_of(uint64_t serial)
{
	return (void *)(uintptr_t)(serial + 1);
}

/* Fill id's memory for serial: readable pattern, writable poison. */
static void
fill(uint32_t id, uint64_t serial, uint32_t rlen, uint32_t wlen)
{
	uint8_t *m = mem_of(id);
	uint32_t k;

	for (k = 0; k < rlen; k++)
		m[k] = pat(serial, k);
	memset(m + WO_OFF, 0xee, wlen);
	info[serial] = (struct info){ .rlen = rlen, .wlen = wlen };
}

/* One request as a segment list: 1-2 readable, 1-2 writable segments. */
static bool
post_list(uint64_t serial, uint64_t *rng)
{
	struct vcrypto_vq_seg segs[4];
	uint32_t rlen = 2 + rnd(rng) % (RO_MAX - 1);
	uint32_t wlen = 2 + rnd(rng) % (WO_MAX - 1);
	uint16_t nr_ro = 1 + rnd(rng) % 2, nr_wo = 1 + rnd(rng) % 2;
	uint8_t *m;
	int id, rc;

	id = vcrypto_vq_next_id(fx.vq);
	if (id < 0)
		return false;
	m = mem_of(id);
	fill(id, serial, rlen, wlen);
	segs[0] = (struct vcrypto_vq_seg){ (uintptr_t)m, rlen };
	if (nr_ro == 2) {
		segs[0].len = rlen / 2;
		segs[1] = (struct vcrypto_vq_seg){ (uintptr_t)m + rlen / 2,
						   rlen - rlen / 2 };
	}
	segs[nr_ro] = (struct vcrypto_vq_seg){ (uintptr_t)m + WO_OFF, wlen };
	if (nr_wo == 2) {
		segs[nr_ro].len = wlen / 2;
		segs[nr_ro + 1] = (struct vcrypto_vq_seg){
			(uintptr_t)m + WO_OFF + wlen / 2, wlen - wlen / 2 };
	}
	rc = vcrypto_vq_post(fx.vq, segs, nr_ro, nr_wo, cookie_of(serial));
	if (rc == -ENOSPC && !fx.p.indirect)
		return false;	/* an id, but not descriptors enough */
	if (rc != id) {
		fail_once("post of serial %" PRIu64 " returned %d", serial,
			  rc);
		return false;
	}
	return true;
}

/* Up to max requests as a run of recipe RUN_TAG. @return posted. */
static uint32_t
post_run(uint64_t serial, uint32_t max, uint64_t *rng)
{
	struct vcrypto_vq_run r;
	uint32_t j, id, rlen, wlen;
	uint64_t u;
	int room;

	room = vcrypto_vq_run_open(fx.vq, RUN_TAG, 2, 1, RTE_MIN(max, 32u),
				   &r);
	if (room <= 0)
		return 0;
	for (u = r.unkept; u != 0; u &= u - 1) {
		if (rte_bsf64(u) >= (uint32_t)room)
			break;
		id = vcrypto_vq_run_id(&r, rte_bsf64(u));
		vcrypto_vq_run_set(&r, id, 0, (uintptr_t)mem_of(id), FIXED_LEN);
		vcrypto_vq_run_keep(&r, id);
	}
	for (j = 0; j < (uint32_t)room; j++) {
		id = vcrypto_vq_run_id(&r, j);
		rlen = FIXED_LEN + 1 + rnd(rng) % (RO_MAX - FIXED_LEN);
		wlen = 2 + rnd(rng) % (WO_MAX - 1);
		fill(id, serial + j, rlen, wlen);
		vcrypto_vq_run_set(&r, id, 1, (uintptr_t)mem_of(id) + FIXED_LEN,
				   rlen - FIXED_LEN);
		vcrypto_vq_run_set(&r, id, 2, (uintptr_t)mem_of(id) + WO_OFF,
				   wlen);
		vcrypto_vq_run_post(&r, id, wlen, cookie_of(serial + j));
	}
	vcrypto_vq_run_close(fx.vq, &r);
	return room;
}

static void *
producer(void *arg)
{
	uint64_t rng = base_seed * 0x9e3779b97f4a7c15ULL + 3, serial = 0;
	uint32_t burst, k, n;

	RTE_SET_USED(arg);
	while (serial < total && !stopped()) {
		burst = 1 + rnd(&rng) % 32;
		for (k = 0; k < burst && serial < total; k += n) {
			n = 0;
			if (indirect_runs && rnd(&rng) % 2)
				n = post_run(serial, RTE_MIN(burst - k,
						total - serial), &rng);
			if (n == 0)
				n = post_list(serial, &rng);
			if (n == 0)
				break;
			serial += n;
		}
		kicks += vcrypto_vq_flush(fx.vq);
		if (k == 0)
			sched_yield();
	}
	posted_total = serial;
	return NULL;
}

/* The id's memory holds serial's echo (ut model: readable bytes, then 0s,
 * the status byte last). Read before the next reap_next hands id back. */
static bool
check(const struct vcrypto_vq_cpl *c)
{
	uint64_t serial = (uintptr_t)c->cookie - 1;
	const uint8_t *w;
	struct info in;
	uint32_t k;

	if ((uintptr_t)c->cookie == 0 || serial >= total) {
		fail_once("bad cookie %p (id %u)", c->cookie, c->id);
		return false;
	}
	if (seen[serial]++ != 0) {
		fail_once("serial %" PRIu64 " completed twice (id %u)",
			  serial, c->id);
		return false;
	}
	in = info[serial];
	if (c->len != in.wlen) {
		fail_once("serial %" PRIu64 ": len %u, posted %u writable",
			  serial, c->len, in.wlen);
		return false;
	}
	w = mem_of(c->id) + WO_OFF;
	for (k = 0; k + 1 < in.wlen; k++) {
		if (w[k] != (k < in.rlen ? pat(serial, k) : 0)) {
			fail_once("serial %" PRIu64 " (id %u): byte %u of %u "
				  "not its own", serial, c->id, k, in.wlen);
			return false;
		}
	}
	return true;
}

static void *
consumer(void *arg)
{
	time_t deadline = time(NULL) + DEADLINE_S;
	struct vcrypto_vq_reap r;
	struct vcrypto_vq_cpl c;
	uint64_t done = 0;
	uint16_t n, i;

	RTE_SET_USED(arg);
	while (done < total && !stopped()) {
		n = vcrypto_vq_reap_open(fx.vq, 32, &r);
		for (i = 0; i < n && vcrypto_vq_reap_next(fx.vq, &r, &c); i++)
			if (!check(&c))
				break;
		vcrypto_vq_reap_close(fx.vq, &r);
		done += i;
		if (vcrypto_vq_is_broken(fx.vq)) {
			fail_once("queue broken (no fault injected) after %"
				  PRIu64 " completions: %s", done, ut_log_last());
			break;
		}
		if (n == 0) {
			if (time(NULL) > deadline) {
				fail_once("deadline: %" PRIu64 " of %" PRIu64
					  " completed", done, total);
				break;
			}
			sched_yield();
		}
	}
	consumed_total = done;
	return NULL;
}

static void *
device(void *arg)
{
	unsigned int n = 0;

	RTE_SET_USED(arg);
	while (!stopped()) {
		if (vcrypto_model_fetch(&fx.m) == 0 && fx.m.nheld == 0)
			sched_yield();
		vcrypto_model_complete(&fx.m, 1 + n++ % 7);
	}
	return NULL;
}

static void
teardown(void)
{
	fx_down();
	free(info);
	free(seen);
	info = NULL;
	seen = NULL;
}

static void
spsc(uint16_t size, bool indirect, bool event_idx, bool runs)
{
	pthread_t tp, tc, td;
	uint64_t s, once = 0;
	time_t t0 = time(NULL);

	if (!fx_up(size, 4, indirect, event_idx, false))
		return;
	info = calloc(total, sizeof(*info));
	seen = calloc(total, 1);
	UT_ASSERT(info != NULL && seen != NULL);
	memset(why, 0, sizeof(why));
	failed = 0;
	stop = false;
	indirect_runs = runs;
	posted_total = consumed_total = kicks = 0;
	fx.m.order = VCRYPTO_MODEL_RANDOM;
	UT_ASSERT(pthread_create(&td, NULL, device, NULL) == 0);
	UT_ASSERT(pthread_create(&tc, NULL, consumer, NULL) == 0);
	UT_ASSERT(pthread_create(&tp, NULL, producer, NULL) == 0);
	pthread_join(tp, NULL);
	pthread_join(tc, NULL);
	__atomic_store_n(&stop, true, __ATOMIC_RELEASE);
	pthread_join(td, NULL);
	printf("# size %u %s%s: %" PRIu64 " posted, %" PRIu64
	       " completed in %ld s\n", size, indirect ? "tables" : "chains",
	       runs ? " + runs" : "", posted_total, consumed_total,
	       (long)(time(NULL) - t0));
	if (why[0] != '\0') {
		ut_fail(__FILE__, __LINE__, "%s", why);
		return;
	}
	if (fx.m.violations != 0) {
		ut_fail(__FILE__, __LINE__, "model: %s", fx.m.violation);
		return;
	}
	for (s = 0; s < total; s++)
		once += seen[s] == 1;
	UT_ASSERT_EQ(once, total);
	UT_ASSERT_EQ(posted_total, total);
	UT_ASSERT_EQ(consumed_total, total);
	UT_ASSERT_EQ(fx.m.completed, total);
	UT_ASSERT_EQ(vcrypto_vq_inflight(fx.vq), 0);
	UT_ASSERT(!vcrypto_vq_is_broken(fx.vq));
}

static void
t_spsc_tables(void)
{
	spsc(64, true, true, true);
}

static void
t_spsc_tables_no_event_idx(void)
{
	spsc(16, true, false, false);
}

static void
t_spsc_chains(void)
{
	spsc(32, false, true, false);
}

static const struct ut_case cases[] = {
	{ "spsc_tables", t_spsc_tables },
	{ "spsc_tables_no_event_idx", t_spsc_tables_no_event_idx },
	{ "spsc_chains", t_spsc_chains },
};

int
main(void)
{
	const char *v = getenv("VCRYPTO_UT_SEED");

	if (v != NULL)
		base_seed = strtoull(v, NULL, 0);
	v = getenv("VCRYPTO_UT_SPSC_OPS");
	if (v != NULL && strtoull(v, NULL, 0) > 0)
		total = strtoull(v, NULL, 0);
	printf("# seed %" PRIu64 ", %" PRIu64 " requests per case\n",
	       base_seed, total);
	return ut_run(cases, RTE_DIM(cases), teardown) == 0 ? 0 : 1;
}
