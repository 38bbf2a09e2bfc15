/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Queue + device model fixture (see vq_fixture.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ut.h"
#include "vq_fixture.h"

struct fx fx;

bool
fx_up(uint16_t size, uint16_t max_segs, bool indirect, bool event_idx,
      bool order_platform)
{
	struct vcrypto_model_cfg mc = { 0 };
	struct vcrypto_vq_addrs a;
	int ret;

	fx.p = (struct vcrypto_vq_params){
		.name = "ut_q0", .index = 0, .size = size,
		.max_segs = max_segs, .socket_id = 0,
		.layout = VCRYPTO_VQ_SPLIT, .indirect = indirect,
		.event_idx = event_idx, .order_platform = order_platform,
	};
	ret = vcrypto_vq_create(&fx.p, &fx.vq);
	if (ret != 0) {
		ut_fail(__FILE__, __LINE__, "vcrypto_vq_create: %d", ret);
		return false;
	}
	vcrypto_vq_addrs(fx.vq, &a);
	mc.size = size;
	mc.indirect = indirect;
	mc.event_idx = event_idx;
	mc.head_is_slot = indirect;
	mc.desc = a.desc;
	mc.avail = a.driver;
	mc.used = a.device;
	mc.seed = 1;
	fx.data = aligned_alloc(64, (size_t)size * FX_DATA_PER_ID);
	fx.req = calloc(size, sizeof(*fx.req));
	if (fx.data == NULL || fx.req == NULL ||
	    vcrypto_model_init(&fx.m, &mc) != 0) {
		ut_fail(__FILE__, __LINE__, "fixture setup");
		return false;
	}
	fx.model_up = true;
	fx.serial = 0;
	return true;
}

void
fx_down(void)
{
	vcrypto_vq_destroy(fx.vq);
	if (fx.model_up)
		vcrypto_model_fini(&fx.m);
	free(fx.data);
	free(fx.req);
	memset(&fx, 0, sizeof(fx));
}

void
fx_reset(void)
{
	vcrypto_vq_reinit(fx.vq);
	vcrypto_model_reset(&fx.m);
	memset(fx.req, 0, sizeof(*fx.req) * fx.p.size);
}

/* Byte r of the readable stream of a request with pattern pat. */
static uint8_t
r_byte(uint8_t pat, uint32_t r)
{
	return (uint8_t)(pat + r * 7u);
}

/*
 * Lay out a request of id in its memory: lengths derived from shape, or
 * len0 for the first segment if not 0; readable ones filled with a
 * pattern, writable ones poisoned. *rlen, *wlen: readable, writable bytes.
 */
static void
layout(int id, uint16_t nr_ro, uint16_t nr_wo, uint32_t maxlen, uint32_t shape,
       uint32_t len0, struct vcrypto_vq_seg *segs, uint32_t *rlen,
       uint32_t *wlen)
{
	uint32_t k, n = (uint32_t)nr_ro + nr_wo, off = 0, r = 0;
	uint8_t *base = fx.data + (size_t)id * FX_DATA_PER_ID;

	*wlen = 0;
	for (k = 0; k < n; k++) {
		segs[k].len = k == 0 && len0 != 0 ? len0 :
			      1 + (shape * 31u + k * 17u) % maxlen;
		segs[k].iova = (uint64_t)(uintptr_t)(base + off);
		if (k < nr_ro) {
			for (uint32_t b = 0; b < segs[k].len; b++)
				base[off + b] = r_byte((uint8_t)shape, r++);
		} else {
			memset(base + off, 0xee, segs[k].len);
			*wlen += segs[k].len;
		}
		off += segs[k].len;
	}
	*rlen = r;
}

/* What was posted under id, for fx_check_cpl(). */
static void
record(int id, const struct vcrypto_vq_seg *segs, uint16_t nr_ro,
       uint16_t nr_wo, uint32_t rlen, uint32_t wlen, uint32_t shape)
{
	struct fx_req *q = &fx.req[id];

	memcpy(q->segs, segs, sizeof(segs[0]) * (nr_ro + nr_wo));
	q->nr_ro = nr_ro;
	q->nr_wo = nr_wo;
	q->rlen = rlen;
	q->wlen = wlen;
	q->pat = (uint8_t)shape;
	q->serial = fx.serial++;
	q->live = true;
}

void *
fx_cookie(uint64_t serial)
{
	return (void *)(uintptr_t)(0x10000 + serial);
}

int
fx_post(uint16_t nr_ro, uint16_t nr_wo, uint32_t maxlen, uint32_t shape)
{
	struct vcrypto_vq_seg segs[VCRYPTO_VQ_MAX_SEGS];
	uint32_t rlen, wlen;
	int id, ret;

	id = vcrypto_vq_next_id(fx.vq);
	if (id < 0)
		return id;
	if ((uint32_t)nr_ro + nr_wo > VCRYPTO_VQ_MAX_SEGS ||
	    maxlen > FX_MAX_SEGLEN || maxlen == 0)
		return -1000;
	layout(id, nr_ro, nr_wo, maxlen, shape, 0, segs, &rlen, &wlen);
	ret = vcrypto_vq_post(fx.vq, segs, nr_ro, nr_wo, fx_cookie(fx.serial));
	if (ret < 0)
		return ret;
	if (ret != id) {
		ut_fail(__FILE__, __LINE__, "post used id %d, next_id said %d",
			ret, id);
		return -1001;
	}
	record(id, segs, nr_ro, nr_wo, rlen, wlen, shape);
	return id;
}

int
fx_post_run(uint8_t tag, uint16_t nr_ro, uint16_t nr_wo, uint32_t maxlen,
	    uint32_t shape, uint16_t max, uint16_t count, uint64_t *unkept)
{
	struct vcrypto_vq_seg segs[VCRYPTO_VQ_MAX_SEGS];
	struct vcrypto_vq_run r;
	uint32_t rlen, wlen, k;
	int room, first;
	uint16_t j, id;
	uint64_t u;

	if ((uint32_t)nr_ro + nr_wo > VCRYPTO_VQ_MAX_SEGS ||
	    maxlen > FX_MAX_SEGLEN || maxlen == 0)
		return -1000;
	first = vcrypto_vq_next_id(fx.vq);
	room = vcrypto_vq_run_open(fx.vq, tag, nr_ro, nr_wo, max, &r);
	if (room < 0)
		return room;
	if (room > max || (room > 0 && first < 0)) {
		ut_fail(__FILE__, __LINE__, "room %d of %u, next_id says %d",
			room, max, first);
		return -1001;
	}
	*unkept = r.unkept;
	/* The recipe's fixed entry: the first, its length set by the tag. */
	RTE_BUILD_BUG_ON(64 > FX_MAX_SEGLEN);
	for (u = r.unkept; u != 0; u &= u - 1) {
		id = vcrypto_vq_run_id(&r, rte_bsf64(u));
		layout(id, nr_ro, nr_wo, maxlen, shape, 1 + tag % 64, segs,
		       &rlen, &wlen);
		vcrypto_vq_run_set(&r, id, 0, segs[0].iova, segs[0].len);
		vcrypto_vq_run_keep(&r, id);
	}
	for (j = 0; j < RTE_MIN(count, (uint16_t)room); j++) {
		id = vcrypto_vq_run_id(&r, j);
		if (id != ((first + j) & (fx.p.size - 1))) {
			ut_fail(__FILE__, __LINE__, "request %u of the run: "
				"id %u, not %u", j, id,
				(first + j) & (fx.p.size - 1));
			return -1001;
		}
		layout(id, nr_ro, nr_wo, maxlen, shape + j, 1 + tag % 64, segs,
		       &rlen, &wlen);
		for (k = 1; k < (uint32_t)nr_ro + nr_wo; k++)
			vcrypto_vq_run_set(&r, id, k, segs[k].iova,
					   segs[k].len);
		vcrypto_vq_run_post(&r, id, wlen, fx_cookie(fx.serial));
		record(id, segs, nr_ro, nr_wo, rlen, wlen, shape + j);
	}
	vcrypto_vq_run_close(fx.vq, &r);
	return room;
}

int
fx_post_table(uint8_t tag, uint16_t nr_ro, uint16_t nr_wo, uint32_t maxlen,
	      uint32_t shape, bool *kept)
{
	int first = vcrypto_vq_next_id(fx.vq);
	uint64_t unkept;
	int room;

	room = fx_post_run(tag, nr_ro, nr_wo, maxlen, shape, 1, 1, &unkept);
	if (room <= 0)
		return room < 0 ? room : -ENOSPC;
	*kept = !(unkept & 1);
	return first;
}

bool
fx_check_cpl(const struct vcrypto_vq_cpl *c)
{
	struct fx_req *q;
	uint32_t k, b, w = 0;
	uint8_t want, *p;

	if (c->id >= fx.p.size || !fx.req[c->id].live) {
		ut_fail(__FILE__, __LINE__, "completion of id %u not posted",
			c->id);
		return false;
	}
	q = &fx.req[c->id];
	if (c->cookie != fx_cookie(q->serial)) {
		ut_fail(__FILE__, __LINE__, "id %u: cookie %p, posted %p",
			c->id, c->cookie, fx_cookie(q->serial));
		return false;
	}
	if (c->len != q->wlen) {
		ut_fail(__FILE__, __LINE__, "id %u: len %u, posted %u writable",
			c->id, c->len, q->wlen);
		return false;
	}
	for (k = q->nr_ro; k < (uint32_t)q->nr_ro + q->nr_wo; k++) {
		p = (uint8_t *)(uintptr_t)q->segs[k].iova;
		for (b = 0; b < q->segs[k].len; b++, w++) {
			if (w + 1 == q->wlen)
				want = fx.m.status;
			else
				want = w < q->rlen ? r_byte(q->pat, w) : 0;
			if (p[b] != want) {
				ut_fail(__FILE__, __LINE__,
					"id %u: written byte %u is %#x, not %#x",
					c->id, w, p[b], want);
				return false;
			}
		}
	}
	q->live = false;
	return true;
}

int
fx_poll(uint16_t max)
{
	struct vcrypto_vq_cpl cpl[256];
	uint16_t n, k;

	if (max > RTE_DIM(cpl))
		max = RTE_DIM(cpl);
	n = vcrypto_vq_poll(fx.vq, cpl, max);
	for (k = 0; k < n; k++)
		if (!fx_check_cpl(&cpl[k]))
			return -1;
	return n;
}

bool
fx_cycle(unsigned int expect)
{
	unsigned int got = 0;
	int n;

	vcrypto_vq_flush(fx.vq);
	vcrypto_model_run(&fx.m);
	do {
		n = fx_poll(256);
		if (n < 0)
			return false;
		got += n;
	} while (n > 0);
	if (got != expect || fx.m.violations != 0 ||
	    vcrypto_vq_is_broken(fx.vq)) {
		ut_fail(__FILE__, __LINE__,
			"cycle: %u of %u completions, model: %s, broken %d",
			got, expect, fx.m.violation,
			vcrypto_vq_is_broken(fx.vq));
		return false;
	}
	return true;
}
