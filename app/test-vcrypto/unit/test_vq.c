/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Unit tests of the virtqueue (vcrypto_vq.c, vcrypto_vq_split.c), included
 * here so the tests can look at private state; DPDK is stubbed (ut_dpdk.c)
 * and the device is the software model (model/vcrypto_model.c).
 */
#include "vcrypto_vq.c"
#include "vcrypto_vq_split.c"

#include <stdlib.h>

#include "ut.h"
#include "vq_fixture.h"

int vq_header_check(void);

#define QSIZE 16

static void
teardown(void)
{
	fx_down();
	ut_log_quiet(false);
}

static struct vcrypto_vq_params
good_params(void)
{
	return (struct vcrypto_vq_params){
		.name = "ut_p", .size = 64, .max_segs = 8,
		.layout = VCRYPTO_VQ_SPLIT, .indirect = true,
	};
}

static void
t_header_standalone(void)
{
	UT_ASSERT_EQ(vq_header_check(), 0);
}

static void
t_create_bad_params(void)
{
	static const char long_name[] = "a_queue_name_of_29_characters";
	struct vcrypto_vq_params bad[14];
	struct vcrypto_vq *vq = NULL;
	unsigned int i;

	ut_log_quiet(true);
	for (i = 0; i < RTE_DIM(bad); i++)
		bad[i] = good_params();
	bad[0].name = NULL;
	bad[1].name = "";
	bad[2].name = long_name;
	bad[3].size = 0;
	bad[4].size = 3;
	bad[5].size = 100;
	bad[6].size = 65535;
	bad[7].max_segs = 0;
	bad[8].max_segs = VCRYPTO_VQ_MAX_SEGS + 1;
	bad[9].indirect = false, bad[9].size = 8, bad[9].max_segs = 16;
	bad[10].layout = VCRYPTO_VQ_PACKED;
	bad[11].layout = (enum vcrypto_vq_layout)7;
	bad[12].size = 0, bad[12].name = NULL;
	bad[13].size = 4, bad[13].max_segs = 8;
	UT_ASSERT_EQ(vcrypto_vq_create(NULL, &vq), -EINVAL);
	UT_ASSERT_EQ(vcrypto_vq_create(&bad[0], NULL), -EINVAL);
	for (i = 0; i < RTE_DIM(bad); i++) {
		UT_ASSERT_EQ(vcrypto_vq_create(&bad[i], &vq) * 100 + (int)i,
			     -EINVAL * 100 + (int)i);
		UT_ASSERT(vq == NULL);
		UT_ASSERT_EQ(ut_allocs_live(), 0);
	}
	vcrypto_vq_destroy(NULL);
}

static void
t_create_edges(void)
{
	struct vcrypto_vq_params p = good_params();
	struct vcrypto_vq *vq = NULL, *vq2 = NULL;

	p.name = "a_queue_name_of_28_character";
	p.size = 1;
	p.max_segs = 1;
	UT_ASSERT_EQ(vcrypto_vq_create(&p, &vq), 0);
	UT_ASSERT_EQ(vcrypto_vq_size(vq), 1);
	vcrypto_vq_destroy(vq);
	p.size = VCRYPTO_VQ_MAX_SIZE;
	p.max_segs = VCRYPTO_VQ_MAX_SEGS;
	UT_ASSERT_EQ(vcrypto_vq_create(&p, &vq), 0);
	UT_ASSERT_EQ(vcrypto_vq_size(vq), VCRYPTO_VQ_MAX_SIZE);
	/* Same name twice: the memzone names clash. */
	ut_log_quiet(true);
	UT_ASSERT_EQ(vcrypto_vq_create(&p, &vq2), -ENOMEM);
	vcrypto_vq_destroy(vq);
	p.indirect = false;
	p.size = 1;
	p.max_segs = 1;
	UT_ASSERT_EQ(vcrypto_vq_create(&p, &vq), 0);
	vcrypto_vq_destroy(vq);
}

static void
t_create_enomem(void)
{
	struct vcrypto_vq_params p = good_params();
	struct vcrypto_vq *vq = NULL;
	unsigned int k, mode;

	ut_log_quiet(true);
	for (mode = 0; mode < 2; mode++) {
		p.indirect = mode == 0;
		/* vq, req array, drain scratch, ring memzone, indirect
		 * memzone or next[] and freed[] */
		for (k = 1; k <= 5u + mode; k++) {
			ut_alloc_fail_at(k);
			UT_ASSERT_EQ(vcrypto_vq_create(&p, &vq), -ENOMEM);
			UT_ASSERT_EQ(ut_allocs_live(), 0);
		}
		ut_alloc_fail_at(6 + mode);
		UT_ASSERT_EQ(vcrypto_vq_create(&p, &vq), 0);
		ut_alloc_fail_at(0);
		vcrypto_vq_destroy(vq);
		UT_ASSERT_EQ(ut_allocs_live(), 0);
	}
}

/*
 * Areas aligned per spec (16/2/4), apart, zeroed, interrupts off. With
 * indirect tables, slot i holds id i and descriptor i points at the table
 * of id i for good (INDIRECT, length written per request).
 */
static void
check_layout(bool event_idx)
{
	struct vcrypto_vq_split *s = &fx.vq->split;
	struct vcrypto_vq_addrs a;
	const uint8_t *d;
	size_t i;

	if (fx.vq->indirect) {
		for (i = 0; i < QSIZE; i++) {
			UT_ASSERT_EQ(s->avail->ring[i], i);
			UT_ASSERT_EQ(s->desc[i].addr, fx.vq->ind_iova +
				     16u * VCRYPTO_VQ_MAX_SEGS * i);
			UT_ASSERT_EQ(s->desc[i].len, 0);
			UT_ASSERT_EQ(s->desc[i].flags, VRING_DESC_F_INDIRECT);
			UT_ASSERT_EQ(s->desc[i].next, 0);
		}
	}

	vcrypto_vq_addrs(fx.vq, &a);
	UT_ASSERT_EQ(a.desc % 16, 0);
	UT_ASSERT_EQ(a.driver % 2, 0);
	UT_ASSERT_EQ(a.device % 4, 0);
	UT_ASSERT(a.driver >= a.desc + 16u * QSIZE);
	UT_ASSERT(a.device >= a.driver + 6u + 2u * QSIZE);
	UT_ASSERT_EQ(a.desc, (uintptr_t)s->desc);
	d = (const uint8_t *)s->desc;
	for (i = 0; !fx.vq->indirect && i < 16u * QSIZE; i++)
		UT_ASSERT_EQ(d[i], 0);
	UT_ASSERT_EQ(s->avail->idx, 0);
	UT_ASSERT_EQ(s->used->idx, 0);
	UT_ASSERT_EQ(s->used->flags, 0);
	if (event_idx) {
		UT_ASSERT_EQ(s->avail->flags, 0);
		UT_ASSERT_EQ(s->avail->ring[QSIZE], 0xffff);
	} else {
		UT_ASSERT_EQ(s->avail->flags, VRING_AVAIL_F_NO_INTERRUPT);
	}
	if (fx.vq->ind_mz != NULL) {
		d = fx.vq->ind_mz->addr;
		for (i = 0; i < fx.vq->ind_mz->len; i++)
			UT_ASSERT_EQ(d[i], 0);
	}
}

static void
t_layout(void)
{
	unsigned int mode;

	for (mode = 0; mode < 4; mode++) {
		if (!fx_up(QSIZE, 4, mode & 1, mode & 2, false))
			return;
		check_layout(mode & 2);
		if (ut_failed())
			return;
		fx_down();
	}
}

static void
t_roundtrip_direct(void)
{
	struct vring_desc *d;
	int id;

	if (!fx_up(QSIZE, 4, false, false, false))
		return;
	id = fx_post(0, 1, 64, 5);
	UT_ASSERT(id >= 0);
	d = &fx.vq->split.desc[id];
	UT_ASSERT_EQ(d->flags, VRING_DESC_F_WRITE);
	UT_ASSERT(fx_cycle(1));
	id = fx_post(1, 0, 64, 9);
	UT_ASSERT(id >= 0);
	UT_ASSERT_EQ(fx.vq->split.desc[id].flags, 0);
	UT_ASSERT(fx_cycle(1));
	UT_ASSERT_EQ(fx.m.interrupts, 0);
}

/* Check the descriptors of id: n of them, R first, NEXT-linked. */
static bool
chain_ok(const struct vring_desc *table, uint16_t first, uint16_t n,
	 uint16_t nr_ro)
{
	uint16_t i = first, k;
	uint16_t want;

	for (k = 0; k < n; k++) {
		want = (k >= nr_ro ? VRING_DESC_F_WRITE : 0) |
		       (k + 1 < n ? VRING_DESC_F_NEXT : 0);
		if (table[i].flags != want)
			return false;
		i = table[i].next;
	}
	return true;
}

static void
roundtrip_all_shapes(bool indirect)
{
	const struct vring_desc *d, *table;
	uint16_t n, ro;
	int id;

	if (!fx_up(64, VCRYPTO_VQ_MAX_SEGS, indirect, false, false))
		return;
	for (n = 1; n <= VCRYPTO_VQ_MAX_SEGS; n++) {
		for (ro = 0; ro <= n; ro += (n > 2 ? n / 2 : 1)) {
			id = fx_post(ro, n - ro, FX_MAX_SEGLEN, n * 3u + ro);
			UT_ASSERT(id >= 0);
			d = &fx.vq->split.desc[id];
			table = fx.vq->split.desc;
			if (indirect) {
				UT_ASSERT_EQ(d->flags, VRING_DESC_F_INDIRECT);
				UT_ASSERT_EQ(d->len, 16u * n);
				table = &fx.vq->ind[id * fx.vq->max_segs];
				UT_ASSERT_EQ(d->addr, (uintptr_t)table);
				UT_ASSERT(chain_ok(table, 0, n, ro));
			} else {
				UT_ASSERT(chain_ok(table, id, n, ro));
			}
			UT_ASSERT(fx_cycle(1));
		}
	}
	UT_ASSERT_EQ(fx.m.violations, 0);
}

static void
t_roundtrip_chained(void)
{
	roundtrip_all_shapes(false);
}

static void
t_roundtrip_indirect(void)
{
	roundtrip_all_shapes(true);
}

/* With indirect tables the id is the avail slot, whatever completes when. */
static void
t_id_is_avail_slot(void)
{
	uint16_t posted = 0;
	unsigned int round;
	int id, n;

	if (!fx_up(8, 4, true, false, false))
		return;
	fx.m.order = VCRYPTO_MODEL_RANDOM;
	for (round = 0; round < 2000; round++) {
		while ((id = fx_post(1, 1, 16, round)) >= 0) {
			UT_ASSERT_EQ(id, posted & 7);
			posted++;
		}
		UT_ASSERT_EQ(id, -ENOSPC);
		/* Out of order completion: a busy slot blocks the ring. */
		UT_ASSERT(vcrypto_vq_inflight(fx.vq) <= 8);
		vcrypto_vq_flush(fx.vq);
		vcrypto_model_fetch(&fx.m);
		vcrypto_model_complete(&fx.m, 1 + round % 3);
		n = fx_poll(8);
		UT_ASSERT(n >= 0);
	}
	UT_ASSERT_EQ(fx.m.violations, 0);
	UT_ASSERT(!vcrypto_vq_is_broken(fx.vq));
}

/* Many thousands of requests: 16-bit indices wrap more than once. */
static void
wraparound(bool indirect, bool event_idx, bool order_platform)
{
	uint32_t total = 0, batch;
	uint32_t k;

	if (!fx_up(QSIZE, 8, indirect, event_idx, order_platform))
		return;
	fx.m.status = 0x5a;
	while (total < 140000) {
		/* Chain mode: at most 3 requests of <= 5 descriptors. */
		batch = 1 + total % (indirect ? QSIZE : 3);
		for (k = 0; k < batch; k++)
			UT_ASSERT(fx_post(1 + k % 3, 1 + total % 2, 24,
					  total + k) >= 0);
		UT_ASSERT(fx_cycle(batch));
		total += batch;
	}
	UT_ASSERT_EQ(fx.vq->split.avail_idx, (uint16_t)total);
	UT_ASSERT(total > 2 * 65536);
	UT_ASSERT_EQ(fx.m.interrupts, 0);
}

static void
t_wraparound_chain(void)
{
	wraparound(false, false, false);
}

static void
t_wraparound_indirect(void)
{
	wraparound(true, false, false);
}

static void
t_wraparound_event_idx_platform(void)
{
	wraparound(true, true, true);
}

static void
t_full_ring_indirect(void)
{
	unsigned int k;

	if (!fx_up(8, 4, true, false, false))
		return;
	for (k = 0; k < 8; k++)
		UT_ASSERT(fx_post(1, 1, 8, k) >= 0);
	UT_ASSERT_EQ(vcrypto_vq_next_id(fx.vq), -ENOSPC);
	UT_ASSERT_EQ(fx_post(1, 1, 8, 0), -ENOSPC);
	UT_ASSERT_EQ(vcrypto_vq_inflight(fx.vq), 8);
	UT_ASSERT(fx_cycle(8));
	for (k = 0; k < 8; k++)
		UT_ASSERT(fx_post(2, 2, 8, k) >= 0);
	UT_ASSERT(fx_cycle(8));
}

static void
t_full_ring_chain(void)
{
	struct vcrypto_vq_split *s;
	uint16_t idx, nfree;

	if (!fx_up(8, 8, false, false, false))
		return;
	s = &fx.vq->split;
	UT_ASSERT(fx_post(1, 2, 8, 1) >= 0);
	UT_ASSERT(fx_post(2, 1, 8, 2) >= 0);
	idx = s->avail_idx;
	nfree = s->num_free;
	UT_ASSERT_EQ(nfree, 2);
	/* All or nothing: a 3-segment request does not fit, leaves no trace. */
	UT_ASSERT_EQ(fx_post(1, 2, 8, 3), -ENOSPC);
	UT_ASSERT_EQ(s->avail_idx, idx);
	UT_ASSERT_EQ(s->num_free, nfree);
	UT_ASSERT_EQ(vcrypto_vq_inflight(fx.vq), 2);
	UT_ASSERT(fx_post(1, 1, 8, 4) >= 0);
	UT_ASSERT_EQ(vcrypto_vq_next_id(fx.vq), -ENOSPC);
	UT_ASSERT(fx_cycle(3));
	/* Completed chains come back to the list at the next post. */
	UT_ASSERT(vcrypto_vq_next_id(fx.vq) >= 0);
	UT_ASSERT_EQ(s->num_free, 8);
	UT_ASSERT(fx_post(4, 4, 8, 5) >= 0);
	UT_ASSERT(fx_cycle(1));
}

/*
 * A full ring whose chains all came back, then a post with no next_id()
 * before it (the control queue posts so): the chains are taken back
 * then, and the chain starts at the new head, not at the old one.
 */
static void
t_chain_post_after_full(void)
{
	static uint8_t buf[4][16];
	struct vcrypto_vq_seg segs[4];
	struct vcrypto_vq_cpl c;
	unsigned int k;
	int id;

	if (!fx_up(8, 4, false, false, false))
		return;
	UT_ASSERT(fx_post(2, 2, 8, 1) >= 0);
	UT_ASSERT(fx_post(2, 2, 8, 2) >= 0);
	UT_ASSERT_EQ(fx.vq->split.num_free, 0);
	UT_ASSERT(fx_cycle(2));
	for (k = 0; k < 4; k++)
		segs[k] = (struct vcrypto_vq_seg){ (uintptr_t)buf[k], 16 };
	id = vcrypto_vq_post(fx.vq, segs, 2, 2, &buf);
	UT_ASSERT(id >= 0 && id < 8);
	vcrypto_vq_flush(fx.vq);
	UT_ASSERT_EQ(vcrypto_model_run(&fx.m), 1);
	UT_ASSERT_EQ(vcrypto_vq_poll(fx.vq, &c, 1), 1);
	UT_ASSERT_EQ(c.id, id);
	UT_ASSERT(c.cookie == &buf);
	UT_ASSERT_EQ(c.len, 32);
	UT_ASSERT_EQ(fx.m.violations, 0);
	UT_ASSERT(!vcrypto_vq_is_broken(fx.vq));
}

static void
t_post_bad_args(void)
{
	struct vcrypto_vq_seg segs[VCRYPTO_VQ_MAX_SEGS + 1];
	unsigned int k;

	if (!fx_up(QSIZE, 4, true, false, false))
		return;
	for (k = 0; k < RTE_DIM(segs); k++) {
		segs[k].iova = (uintptr_t)fx.data;
		segs[k].len = 8;
	}
	UT_ASSERT_EQ(vcrypto_vq_post(fx.vq, segs, 0, 0, NULL), -EINVAL);
	UT_ASSERT_EQ(vcrypto_vq_post(fx.vq, segs, 3, 2, NULL), -EINVAL);
	UT_ASSERT_EQ(vcrypto_vq_post(fx.vq, NULL, 1, 0, NULL), -EINVAL);
	UT_ASSERT_EQ(vcrypto_vq_post(fx.vq, segs, 0xffff, 2, NULL), -EINVAL);
	segs[1].len = 0;
	UT_ASSERT_EQ(vcrypto_vq_post(fx.vq, segs, 1, 1, NULL), -EINVAL);
	segs[0].len = 3u << 30;
	segs[1].len = 3u << 30;
	UT_ASSERT_EQ(vcrypto_vq_post(fx.vq, segs, 1, 1, NULL), -EINVAL);
	UT_ASSERT_EQ(vcrypto_vq_inflight(fx.vq), 0);
	UT_ASSERT_EQ(vcrypto_vq_next_id(fx.vq), 0);
	UT_ASSERT(!vcrypto_vq_flush(fx.vq));
	UT_ASSERT(fx_post(1, 1, 8, 1) >= 0);
	UT_ASSERT(fx_cycle(1));
}

/*
 * Six requests; the fault replaces the third of three completions. The
 * queue must return the valid completions before it, nothing after, break,
 * log once, refuse new work, and drain exactly what was left, oldest first.
 */
static void
fault_case(enum vcrypto_model_fault f, bool indirect, uint16_t want_valid,
	   const char *want_log)
{
	struct vcrypto_vq_cpl drained[QSIZE];
	uint16_t ids[QSIZE], n, k, left;
	unsigned int logs;
	int poll;

	if (!fx_up(QSIZE, 4, indirect, false, false))
		return;
	ut_log_quiet(true);
	for (k = 0; k < 6; k++) {
		ids[k] = fx_post(1, 1 + k % 2, 16, k);
		UT_ASSERT(ids[k] < QSIZE);
	}
	vcrypto_vq_flush(fx.vq);
	vcrypto_model_set_fault(&fx.m, f, 2);
	/* Three: the used idx stays within what is in flight (bar idx_jump). */
	vcrypto_model_fetch(&fx.m);
	vcrypto_model_complete(&fx.m, 3);
	UT_ASSERT_EQ(fx.m.faults_fired, 1);
	logs = ut_log_count();
	poll = fx_poll(QSIZE);
	UT_ASSERT_EQ(poll, want_valid);
	UT_ASSERT(vcrypto_vq_is_broken(fx.vq));
	UT_ASSERT_EQ(ut_log_count(), logs + 1);
	if (strstr(ut_log_last(), want_log) == NULL ||
	    strstr(ut_log_last(), "ut_q0") == NULL) {
		ut_fail(__FILE__, __LINE__, "log \"%s\" lacks \"%s\"",
			ut_log_last(), want_log);
		return;
	}
	UT_ASSERT_EQ(fx_poll(QSIZE), 0);
	UT_ASSERT_EQ(ut_log_count(), logs + 1);
	UT_ASSERT_EQ(vcrypto_vq_next_id(fx.vq), -ENODEV);
	UT_ASSERT_EQ(fx_post(1, 1, 8, 0), -ENODEV);
	UT_ASSERT(!vcrypto_vq_flush(fx.vq));
	/* Device reset, then drain: the rest, oldest first, once each. */
	left = 6 - want_valid;
	UT_ASSERT_EQ(vcrypto_vq_inflight(fx.vq), left);
	n = vcrypto_vq_drain(fx.vq, drained, QSIZE);
	UT_ASSERT_EQ(n, left);
	for (k = 0; k < n; k++) {
		UT_ASSERT_EQ(drained[k].id, ids[want_valid + k]);
		UT_ASSERT(drained[k].cookie == fx_cookie(want_valid + k));
	}
	UT_ASSERT_EQ(vcrypto_vq_drain(fx.vq, drained, QSIZE), 0);
	fx_reset();
	UT_ASSERT(fx_post(1, 1, 8, 0) >= 0);
	UT_ASSERT(fx_cycle(1));
	UT_ASSERT_EQ(fx.m.violations, 0);
}

#define FAULT_CASES(name, fault, valid, log) \
static void t_fault_##name##_indirect(void) \
{ fault_case(fault, true, valid, log); } \
static void t_fault_##name##_chain(void) \
{ fault_case(fault, false, valid, log); }

FAULT_CASES(id_range, VCRYPTO_MODEL_FAULT_ID_RANGE, 2,
	    "used id 22 >= ring size 16")
FAULT_CASES(id_not_inflight, VCRYPTO_MODEL_FAULT_ID_NOT_INFLIGHT, 2,
	    "not in flight")
FAULT_CASES(duplicate, VCRYPTO_MODEL_FAULT_DUPLICATE, 3, "not in flight")
FAULT_CASES(len_too_big, VCRYPTO_MODEL_FAULT_LEN_TOO_BIG, 2,
	    "writable bytes posted")
FAULT_CASES(idx_jump, VCRYPTO_MODEL_FAULT_IDX_JUMP, 0, "in flight")

/* The device completes what was posted but not yet published. */
static void
t_fault_unpublished(void)
{
	struct vcrypto_vq_split *s;
	int id;

	if (!fx_up(QSIZE, 4, true, false, false))
		return;
	ut_log_quiet(true);
	s = &fx.vq->split;
	UT_ASSERT(fx_post(1, 1, 8, 0) >= 0);
	UT_ASSERT(fx_post(1, 1, 8, 1) >= 0);
	vcrypto_vq_flush(fx.vq);
	id = fx_post(1, 1, 8, 2);
	UT_ASSERT(id == 2);
	s->used->ring[0].id = 2;
	s->used->ring[0].len = 1;
	__atomic_store_n(&s->used->idx, 1, __ATOMIC_RELEASE);
	UT_ASSERT_EQ(fx_poll(4), 0);
	UT_ASSERT(vcrypto_vq_is_broken(fx.vq));
	UT_ASSERT(strstr(ut_log_last(), "used id 2 not in flight") != NULL);
	/* Used idx ahead of what was published (2), counting the unpublished. */
	fx_reset();
	UT_ASSERT(fx_post(1, 1, 8, 0) >= 0);
	UT_ASSERT(fx_post(1, 1, 8, 1) >= 0);
	vcrypto_vq_flush(fx.vq);
	UT_ASSERT(fx_post(1, 1, 8, 2) >= 0);
	__atomic_store_n(&s->used->idx, 3, __ATOMIC_RELEASE);
	UT_ASSERT_EQ(fx_poll(4), 0);
	UT_ASSERT(strstr(ut_log_last(), "3 > 2 in flight") != NULL);
}

static void
t_never_complete(void)
{
	struct vcrypto_vq_cpl drained[8];
	uint16_t k;

	if (!fx_up(8, 4, true, false, false))
		return;
	fx.m.hold = true;
	for (k = 0; k < 5; k++)
		UT_ASSERT(fx_post(1, 1, 8, k) >= 0);
	vcrypto_vq_flush(fx.vq);
	UT_ASSERT_EQ(vcrypto_model_run(&fx.m), 0);
	UT_ASSERT_EQ(fx.m.fetched, 5);
	UT_ASSERT_EQ(fx_poll(8), 0);
	UT_ASSERT(!vcrypto_vq_is_broken(fx.vq));
	UT_ASSERT_EQ(vcrypto_vq_inflight(fx.vq), 5);
	vcrypto_vq_set_broken(fx.vq);
	UT_ASSERT(vcrypto_vq_is_broken(fx.vq));
	UT_ASSERT_EQ(vcrypto_vq_drain(fx.vq, drained, 2), 2);
	UT_ASSERT_EQ(vcrypto_vq_drain(fx.vq, drained + 2, 8), 3);
	for (k = 0; k < 5; k++) {
		UT_ASSERT_EQ(drained[k].id, k);
		UT_ASSERT(drained[k].cookie == fx_cookie(k));
	}
	UT_ASSERT_EQ(vcrypto_vq_inflight(fx.vq), 0);
}

static void
t_out_of_order(void)
{
	unsigned int mode, round, k;

	for (mode = 0; mode < 4; mode++) {
		if (!fx_up(32, 4, mode & 1, false, false))
			return;
		fx.m.order = mode & 2 ? VCRYPTO_MODEL_RANDOM :
					VCRYPTO_MODEL_REVERSE;
		for (round = 0; round < 50; round++) {
			for (k = 0; k < 10; k++)
				UT_ASSERT(fx_post(2, 1, 16, round + k) >= 0);
			UT_ASSERT(fx_cycle(10));
		}
		fx_down();
	}
}

/*
 * Drain hands back what is in flight oldest first. A chain records its
 * posting sequence; with tables the order comes from the avail slots, so
 * rounds of random completions and id reuse (wrapping the ring several
 * times) must not confuse it.
 */
static void
drain_order(bool indirect)
{
	struct vcrypto_vq_cpl out[32];
	uint16_t order[32], n, got, k, j;
	uint64_t serial[32];
	unsigned int round;
	int id;

	if (!fx_up(32, 2, indirect, false, false))
		return;
	fx.m.order = VCRYPTO_MODEL_RANDOM;
	for (round = 0; round < 40; round++) {
		n = 0;
		got = 0;
		/* Start anywhere in the ring: tables then wrap it. */
		for (k = 0; k < (round * 7) % 29; k++) {
			UT_ASSERT(fx_post(1, 1, 8, k) >= 0);
			UT_ASSERT(fx_cycle(1));
		}
		/* At most 10 - 2 + 6 in flight: a chain ring of 32 takes 16. */
		for (k = 0; k < 6 + round % 5; k++) {
			id = fx_post(1, 1, 8, k);
			UT_ASSERT(id >= 0);
			serial[n] = fx.req[id].serial;
			order[n++] = id;
		}
		vcrypto_vq_flush(fx.vq);
		vcrypto_model_fetch(&fx.m);
		vcrypto_model_complete(&fx.m, 2 + round % 4);
		UT_ASSERT_EQ(fx_poll(32), 2 + round % 4);
		for (k = 0; k < 4 + round % 3; k++) {
			id = fx_post(1, 1, 8, k);
			UT_ASSERT(id >= 0);
			serial[n] = fx.req[id].serial;
			order[n++] = id;
			if (k == 3)
				vcrypto_vq_flush(fx.vq);
		}
		/* Drop the completed ones (ids may have been reused since). */
		for (k = 0, j = 0; k < n; k++) {
			if (fx.req[order[k]].live &&
			    fx.req[order[k]].serial == serial[k]) {
				serial[j] = serial[k];
				order[j++] = order[k];
			}
		}
		n = j;
		UT_ASSERT_EQ(vcrypto_vq_inflight(fx.vq), n);
		while ((k = vcrypto_vq_drain(fx.vq, out + got, 3)) > 0)
			got += k;
		UT_ASSERT_EQ(got, n);
		for (k = 0; k < n; k++) {
			UT_ASSERT_EQ(out[k].id, order[k]);
			UT_ASSERT(out[k].cookie == fx_cookie(serial[k]));
		}
		UT_ASSERT_EQ(vcrypto_vq_inflight(fx.vq), 0);
		if (!indirect)
			UT_ASSERT_EQ(fx.vq->split.num_free, 32);
		fx_reset();
	}
	fx_down();
}

static void
t_drain_order(void)
{
	drain_order(false);
	drain_order(true);
}

static void
t_kick_no_event_idx(void)
{
	if (!fx_up(QSIZE, 4, true, false, false))
		return;
	UT_ASSERT(!vcrypto_vq_flush(fx.vq));
	UT_ASSERT(fx_post(1, 1, 8, 0) >= 0);
	UT_ASSERT(vcrypto_vq_flush(fx.vq));
	UT_ASSERT(!vcrypto_vq_flush(fx.vq));
	vcrypto_model_set_used_flags(&fx.m, VRING_USED_F_NO_NOTIFY);
	UT_ASSERT(fx_post(1, 1, 8, 1) >= 0);
	UT_ASSERT(!vcrypto_vq_flush(fx.vq));
	vcrypto_model_set_used_flags(&fx.m, 0);
	UT_ASSERT(fx_post(1, 1, 8, 2) >= 0);
	UT_ASSERT(vcrypto_vq_flush(fx.vq));
	UT_ASSERT(fx_cycle(3));
}

/*
 * EVENT_IDX: the device wants a kick once avail idx moves past
 * avail_event, i.e. iff avail_event is among the indices just published.
 */
static void
kick_event_round(uint16_t n, uint16_t delta)
{
	uint16_t old = fx.vq->split.avail_pub;
	bool want = delta < n;
	uint16_t k;

	for (k = 0; k < n; k++)
		UT_ASSERT(fx_post(1, 1, 8, k) >= 0);
	vcrypto_model_set_avail_event(&fx.m, (uint16_t)(old + delta));
	if (vcrypto_vq_flush(fx.vq) != want) {
		ut_fail(__FILE__, __LINE__, "old %u n %u event %u: kick %d",
			old, n, (uint16_t)(old + delta), !want);
		return;
	}
	vcrypto_model_run(&fx.m);
	while (fx_poll(QSIZE) > 0)
		;
}

static void
t_kick_event_idx(void)
{
	static const uint16_t deltas[] = { 0, 1, 2, 3, 4, 100, 0x8000, 0xffff };
	uint32_t k;
	unsigned int i, n;

	if (!fx_up(QSIZE, 4, true, true, false))
		return;
	for (k = 0; k < 2; k++) {
		for (n = 1; n <= 4; n++)
			for (i = 0; i < RTE_DIM(deltas); i++) {
				kick_event_round(n, deltas[i]);
				if (ut_failed())
					return;
			}
		/* Move to just before the 16-bit wrap and do it again. */
		while (fx.vq->split.avail_pub < 65530 && k == 0) {
			UT_ASSERT(fx_post(1, 1, 8, 0) >= 0);
			vcrypto_vq_flush(fx.vq);
			vcrypto_model_run(&fx.m);
			UT_ASSERT_EQ(fx_poll(QSIZE), 1);
		}
	}
	UT_ASSERT(fx.vq->split.avail_pub < 1000);
	UT_ASSERT_EQ(fx.m.violations, 0);
	UT_ASSERT_EQ(fx.m.interrupts, 0);
}

static void
t_reinit(void)
{
	struct vcrypto_vq_split *s;
	unsigned int mode, k;

	for (mode = 0; mode < 2; mode++) {
		if (!fx_up(QSIZE, 4, mode, false, false))
			return;
		ut_log_quiet(true);
		s = &fx.vq->split;
		for (k = 0; k < 21; k++)
			UT_ASSERT(fx_post(1, 1, 8, k) >= 0 || k >= 8);
		vcrypto_vq_flush(fx.vq);
		vcrypto_model_set_fault(&fx.m, VCRYPTO_MODEL_FAULT_ID_RANGE, 3);
		vcrypto_model_run(&fx.m);
		UT_ASSERT_EQ(fx_poll(QSIZE), 3);
		UT_ASSERT(vcrypto_vq_is_broken(fx.vq));
		/* Reinit forgets what is in flight, even without drain. */
		fx_reset();
		check_layout(false);
		if (ut_failed())
			return;
		UT_ASSERT(!vcrypto_vq_is_broken(fx.vq));
		UT_ASSERT_EQ(vcrypto_vq_inflight(fx.vq), 0);
		UT_ASSERT_EQ(vcrypto_vq_next_id(fx.vq), 0);
		UT_ASSERT_EQ(s->last_used, 0);
		for (k = 0; k < 100; k++) {
			UT_ASSERT(fx_post(1, 2, 8, k) >= 0);
			UT_ASSERT(fx_cycle(1));
		}
		fx_down();
	}
}

static void
t_poll_max(void)
{
	struct vcrypto_vq_cpl cpl[4];
	unsigned int k;

	if (!fx_up(QSIZE, 4, true, false, false))
		return;
	for (k = 0; k < 10; k++)
		UT_ASSERT(fx_post(1, 1, 8, k) >= 0);
	vcrypto_vq_flush(fx.vq);
	vcrypto_model_run(&fx.m);
	UT_ASSERT_EQ(vcrypto_vq_poll(fx.vq, cpl, 0), 0);
	UT_ASSERT_EQ(fx_poll(3), 3);
	UT_ASSERT_EQ(fx_poll(3), 3);
	UT_ASSERT_EQ(fx_poll(3), 3);
	UT_ASSERT_EQ(fx_poll(3), 1);
	UT_ASSERT_EQ(fx_poll(3), 0);
	UT_ASSERT_EQ(vcrypto_vq_inflight(fx.vq), 0);
}

/*
 * Tables written in place: a recipe's fixed entry is skipped exactly when
 * the id's table still holds it (same tag, no list post or reinit since),
 * and the device reads every request right, whichever way each id was
 * posted last. A wrongly kept entry would feed the model the wrong bytes.
 */
static void
t_table_post(void)
{
	uint8_t last[8] = { 0 };	/* test's own record of each id's recipe */
	unsigned int round, k, kept_seen = 0;
	struct vcrypto_vq_run r;
	uint8_t tag;
	bool kept;
	int id;

	if (!fx_up(8, 4, false, false, false))
		return;
	UT_ASSERT_EQ(vcrypto_vq_run_open(fx.vq, 1, 1, 1, 1, &r), -ENOTSUP);
	fx_down();
	if (!fx_up(8, 4, true, false, false))
		return;
	UT_ASSERT_EQ(vcrypto_vq_run_open(fx.vq, 1, 3, 2, 1, &r), -ENOTSUP);
	UT_ASSERT_EQ(vcrypto_vq_run_open(fx.vq, 1, 0, 0, 1, &r), -ENOTSUP);
	fx.m.status = 0x3c;
	for (round = 0; round < 400; round++) {
		for (k = 0; k < 1 + round % 8; k++) {
			/* Mostly tag 1 (2+2), some tag 2 (1+2), some lists. */
			tag = (round * 7 + k) % 5 == 0 ? 0 :
			      (round + k) % 4 == 0 ? 2 : 1;
			if (tag == 0) {
				id = fx_post(1 + k % 3, 1, 16, round + k);
			} else {
				id = fx_post_table(tag, tag == 1 ? 2 : 1, 2, 16,
						   round + k, &kept);
				UT_ASSERT(id >= 0);
				UT_ASSERT_EQ(kept, last[id & 7] == tag);
				kept_seen += kept;
			}
			UT_ASSERT(id >= 0);
			last[id & 7] = tag;
		}
		UT_ASSERT(fx_cycle(k));
		if (round == 200) {	/* reinit forgets every table */
			fx_reset();
			memset(last, 0, sizeof(last));
		}
	}
	UT_ASSERT(kept_seen > 300);
	/* Ring full and broken, as for lists. */
	for (k = 0; k < 8; k++)
		UT_ASSERT(fx_post_table(1, 2, 2, 16, k, &kept) >= 0);
	UT_ASSERT_EQ(vcrypto_vq_run_open(fx.vq, 1, 2, 2, 4, &r), 0);
	vcrypto_vq_run_close(fx.vq, &r);
	UT_ASSERT_EQ(vcrypto_vq_inflight(fx.vq), 8);
	UT_ASSERT(fx_cycle(8));
	vcrypto_vq_set_broken(fx.vq);
	UT_ASSERT_EQ(vcrypto_vq_run_open(fx.vq, 1, 2, 2, 1, &r), -ENODEV);
	UT_ASSERT_EQ(fx.m.violations, 0);
}

/*
 * Runs of several requests over a ring whose ids complete out of order:
 * room ends at the first id still in flight, the ring's end or max;
 * unkept names exactly the tables that lack the run's tag (the test keeps
 * its own record: list posts and untag clear it, reinit too); a run may
 * post fewer than its room; every request reads right on the device.
 */
static void
t_run_many(void)
{
	uint8_t last[16] = { 0 };	/* tag each id's table holds */
	unsigned int round, posted = 0, j, want_room;
	uint16_t max, count, size = 16, next;
	uint64_t unkept, want_unkept;
	uint32_t rnd = 12345;
	uint8_t tag;
	int room, id, n;

	if (!fx_up(size, 4, true, false, false))
		return;
	fx.m.order = VCRYPTO_MODEL_RANDOM;
	for (round = 0; round < 600; round++) {
		rnd = rnd * 1103515245 + 12345;
		next = (uint16_t)vcrypto_vq_next_id(fx.vq);
		if ((rnd >> 8) % 7 == 0 && vcrypto_vq_next_id(fx.vq) >= 0) {
			/* A list post, or an untag: the table is not kept. */
			if ((rnd >> 12) % 2 == 0) {
				id = fx_post(1, 1, 16, round);
				UT_ASSERT_EQ(id, next);
				posted++;
			} else {
				vcrypto_vq_untag(fx.vq, next);
			}
			last[next] = 0;
		} else {
			tag = 1 + (rnd >> 16) % 3;
			max = 1 + (rnd >> 20) % 10;
			count = (rnd >> 24) % (max + 1);
			want_room = 0;
			want_unkept = 0;
			if (vcrypto_vq_next_id(fx.vq) >= 0) {
				/* A run ends at the end of the ring. */
				for (j = 0; j < max && next + j < size; j++) {
					id = next + j;
					if (fx.req[id].live)
						break;
					if (last[id] != tag)
						want_unkept |= UINT64_C(1) << j;
				}
				want_room = j;
			}
			room = fx_post_run(tag, tag == 2 ? 1 : 2, 2, 16, round,
					   max, count, &unkept);
			UT_ASSERT_EQ(room, (int)want_room);
			UT_ASSERT_EQ(unkept, want_unkept);
			for (j = 0; j < want_room; j++)
				last[(next + j) & (size - 1)] = tag;
			posted += RTE_MIN(count, want_room);
		}
		/* Let some complete, in random order. */
		vcrypto_vq_flush(fx.vq);
		vcrypto_model_fetch(&fx.m);
		vcrypto_model_complete(&fx.m, (rnd >> 4) % 4);
		n = fx_poll(size);
		UT_ASSERT(n >= 0);
		posted -= n;
		UT_ASSERT_EQ(vcrypto_vq_inflight(fx.vq), posted);
		if (round == 300) {	/* reinit forgets every table */
			UT_ASSERT(fx_cycle(posted));
			posted = 0;
			fx_reset();
			memset(last, 0, sizeof(last));
		}
	}
	UT_ASSERT(fx_cycle(posted));
	UT_ASSERT_EQ(fx.m.violations, 0);
}

static const struct ut_case cases[] = {
	{ "header_standalone", t_header_standalone },
	{ "create_bad_params", t_create_bad_params },
	{ "create_edges", t_create_edges },
	{ "create_enomem", t_create_enomem },
	{ "layout", t_layout },
	{ "roundtrip_direct", t_roundtrip_direct },
	{ "roundtrip_chained", t_roundtrip_chained },
	{ "roundtrip_indirect", t_roundtrip_indirect },
	{ "id_is_avail_slot", t_id_is_avail_slot },
	{ "wraparound_chain", t_wraparound_chain },
	{ "wraparound_indirect", t_wraparound_indirect },
	{ "wraparound_event_idx_platform", t_wraparound_event_idx_platform },
	{ "full_ring_indirect", t_full_ring_indirect },
	{ "full_ring_chain", t_full_ring_chain },
	{ "chain_post_after_full", t_chain_post_after_full },
	{ "post_bad_args", t_post_bad_args },
	{ "fault_id_range_indirect", t_fault_id_range_indirect },
	{ "fault_id_range_chain", t_fault_id_range_chain },
	{ "fault_id_not_inflight_indirect", t_fault_id_not_inflight_indirect },
	{ "fault_id_not_inflight_chain", t_fault_id_not_inflight_chain },
	{ "fault_duplicate_indirect", t_fault_duplicate_indirect },
	{ "fault_duplicate_chain", t_fault_duplicate_chain },
	{ "fault_len_too_big_indirect", t_fault_len_too_big_indirect },
	{ "fault_len_too_big_chain", t_fault_len_too_big_chain },
	{ "fault_idx_jump_indirect", t_fault_idx_jump_indirect },
	{ "fault_idx_jump_chain", t_fault_idx_jump_chain },
	{ "fault_unpublished", t_fault_unpublished },
	{ "never_complete", t_never_complete },
	{ "out_of_order", t_out_of_order },
	{ "drain_order", t_drain_order },
	{ "kick_no_event_idx", t_kick_no_event_idx },
	{ "kick_event_idx", t_kick_event_idx },
	{ "reinit", t_reinit },
	{ "poll_max", t_poll_max },
	{ "table_post", t_table_post },
	{ "run_many", t_run_many },
};

int
main(void)
{
	return ut_run(cases, RTE_DIM(cases), teardown) == 0 ? 0 : 1;
}
