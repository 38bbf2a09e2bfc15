/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Layout-neutral half of the virtqueue: parameter and segment checks, the
 * per-id shadow (what was posted, the caller's cookie), drain (oldest
 * first), the broken flag, and dispatch to the ring layout
 * (vcrypto_vq_split.c). Knows no descriptor format.
 */
#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include <rte_common.h>
#include <rte_malloc.h>

#include "vcrypto_vq_internal.h"

static int
check_params(const struct vcrypto_vq_params *p)
{
	if (p->name == NULL || p->name[0] == '\0' ||
	    strnlen(p->name, RTE_MEMZONE_NAMESIZE) > VCRYPTO_VQ_NAME_MAX) {
		VCRYPTO_LOG(ERR, "queue name missing or longer than %d",
			    VCRYPTO_VQ_NAME_MAX);
		return -EINVAL;
	}
	if (p->size == 0 || !rte_is_power_of_2(p->size) ||
	    p->size > VCRYPTO_VQ_MAX_SIZE) {
		VCRYPTO_LOG(ERR, "queue %s: size %u not a power of two <= %u",
			    p->name, p->size, VCRYPTO_VQ_MAX_SIZE);
		return -EINVAL;
	}
	if (p->max_segs == 0 || p->max_segs > VCRYPTO_VQ_MAX_SEGS) {
		VCRYPTO_LOG(ERR, "queue %s: max_segs %u not in 1..%u",
			    p->name, p->max_segs, VCRYPTO_VQ_MAX_SEGS);
		return -EINVAL;
	}
	/*
	 * *Split Virtqueues / Indirect Descriptors*: no descriptor chain,
	 * indirect table included, may be longer than the queue size.
	 */
	if (p->max_segs > p->size) {
		VCRYPTO_LOG(ERR, "queue %s: max_segs %u > ring size %u",
			    p->name, p->max_segs, p->size);
		return -EINVAL;
	}
	if (p->layout != VCRYPTO_VQ_SPLIT) {
		VCRYPTO_LOG(ERR, "queue %s: layout %d not supported",
			    p->name, (int)p->layout);
		return -EINVAL;
	}
	return 0;
}

/* The driver-private parts: shadow, drain scratch, the queue itself. */
static void
free_vq(struct vcrypto_vq *vq)
{
	rte_free(vq->req);
	rte_free(vq->order);
	rte_free(vq);
}

int
vcrypto_vq_create(const struct vcrypto_vq_params *params,
		  struct vcrypto_vq **vqp)
{
	struct vcrypto_vq *vq;
	int ret;

	if (params == NULL || vqp == NULL)
		return -EINVAL;
	ret = check_params(params);
	if (ret != 0)
		return ret;

	/* Driver-private state in shared memory: secondaries poll too. */
	vq = rte_zmalloc_socket("vcrypto_vq", sizeof(*vq), RTE_CACHE_LINE_SIZE,
				params->socket_id);
	if (vq == NULL)
		return -ENOMEM;
	/* One spare record past the ring: see vcrypto_vq_reap.prev. */
	vq->req = rte_zmalloc_socket("vcrypto_vq_req",
				     sizeof(*vq->req) * (params->size + 1),
				     RTE_CACHE_LINE_SIZE, params->socket_id);
	vq->order = rte_zmalloc_socket("vcrypto_vq_order",
				       sizeof(*vq->order) * params->size, 0,
				       params->socket_id);
	if (vq->req == NULL || vq->order == NULL) {
		free_vq(vq);
		return -ENOMEM;
	}
	snprintf(vq->name, sizeof(vq->name), "%s", params->name);
	vq->layout = params->layout;
	vq->index = params->index;
	vq->size = params->size;
	vq->mask = params->size - 1;
	vq->max_segs = params->max_segs;
	/* Only the split layout has tables (so far). */
	vq->table_max = params->indirect && params->layout == VCRYPTO_VQ_SPLIT ?
			params->max_segs : 0;
	vq->indirect = params->indirect;
	vq->event_idx = params->event_idx;
	vq->order_platform = params->order_platform;

	ret = vcrypto_vq_split_create(vq, params->socket_id);
	if (ret != 0) {
		free_vq(vq);
		return ret;
	}
	vcrypto_vq_reinit(vq);
	*vqp = vq;
	return 0;
}

void
vcrypto_vq_destroy(struct vcrypto_vq *vq)
{
	if (vq == NULL)
		return;
	switch (vq->layout) {
	case VCRYPTO_VQ_SPLIT:
		vcrypto_vq_split_destroy(vq);
		break;
	case VCRYPTO_VQ_PACKED:
		break;
	}
	free_vq(vq);
}

void
vcrypto_vq_addrs(const struct vcrypto_vq *vq, struct vcrypto_vq_addrs *addrs)
{
	*addrs = vq->addrs;
}

uint16_t
vcrypto_vq_size(const struct vcrypto_vq *vq)
{
	return vq->size;
}

void
vcrypto_vq_reinit(struct vcrypto_vq *vq)
{
	memset(vq->req, 0, sizeof(*vq->req) * (vq->size + 1));
	__atomic_store_n(&vq->broken, false, __ATOMIC_RELAXED);
	vq->broken_logged = false;
	switch (vq->layout) {
	case VCRYPTO_VQ_SPLIT:
		vcrypto_vq_split_reinit(vq);
		break;
	case VCRYPTO_VQ_PACKED:
		break;
	}
}

int
vcrypto_vq_next_id(struct vcrypto_vq *vq)
{
	if (vcrypto_vq_broken(vq))
		return -ENODEV;
	switch (vq->layout) {
	case VCRYPTO_VQ_SPLIT:
		return vcrypto_vq_split_next_id(vq);
	case VCRYPTO_VQ_PACKED:
		break;
	}
	return -ENOTSUP;
}

int
vcrypto_vq_post(struct vcrypto_vq *vq, const struct vcrypto_vq_seg *segs,
		uint16_t nr_ro, uint16_t nr_wo, void *cookie)
{
	unsigned int n = (unsigned int)nr_ro + nr_wo;

	if (vcrypto_vq_broken(vq))
		return -ENODEV;
	if (n == 0 || n > vq->max_segs || segs == NULL)
		return -EINVAL;
	switch (vq->layout) {
	case VCRYPTO_VQ_SPLIT:
		return vcrypto_vq_split_post(vq, segs, nr_ro, nr_wo, cookie);
	case VCRYPTO_VQ_PACKED:
		break;
	}
	return -ENOTSUP;
}

__rte_always_inline int
vcrypto_vq_run_open(struct vcrypto_vq *vq, uint64_t tag, uint16_t nr_ro,
		    uint16_t nr_wo, uint16_t max, struct vcrypto_vq_run *r)
{
	RTE_ASSERT(tag != 0);
	if (vcrypto_vq_broken(vq))
		return -ENODEV;
	/* vq->table_max is 0 for layouts without tables. */
	return vcrypto_vq_split_run_open(vq, tag, nr_ro, nr_wo, max, r);
}

/* Only the split layout opens runs. */
__rte_always_inline uint32_t
vcrypto_vq_run_id(const struct vcrypto_vq_run *r, uint32_t j)
{
	return vcrypto_vq_split_run_id(r, j);
}

__rte_always_inline void
vcrypto_vq_run_set(const struct vcrypto_vq_run *r, uint32_t id, uint16_t i,
		   uint64_t iova, uint32_t len)
{
	vcrypto_vq_split_run_set(r, id, i, iova, len);
}

__rte_always_inline void
vcrypto_vq_run_keep(const struct vcrypto_vq_run *r, uint32_t id)
{
	vcrypto_vq_split_run_keep(r, id);
}

__rte_always_inline void
vcrypto_vq_run_post(struct vcrypto_vq_run *r, uint32_t id, uint32_t wlen,
		    void *cookie)
{
	vcrypto_vq_split_run_post(r, id, wlen, cookie);
}

__rte_always_inline void
vcrypto_vq_run_close(struct vcrypto_vq *vq, const struct vcrypto_vq_run *r)
{
	vcrypto_vq_split_run_close(vq, r);
}

void
vcrypto_vq_untag(struct vcrypto_vq *vq, uint16_t id)
{
	RTE_ASSERT(id < vq->size && vq->req[id].state == 0);
	if (vq->indirect)
		vq->req[id].tag = 0;
}

bool
vcrypto_vq_flush(struct vcrypto_vq *vq)
{
	/* A broken queue publishes nothing more: the device is to be reset. */
	if (vcrypto_vq_broken(vq))
		return false;
	switch (vq->layout) {
	case VCRYPTO_VQ_SPLIT:
		return vcrypto_vq_split_flush(vq);
	case VCRYPTO_VQ_PACKED:
		break;
	}
	return false;
}

/* Only the split layout is implemented (vcrypto_vq_create()). */
__rte_always_inline uint16_t
vcrypto_vq_reap_open(struct vcrypto_vq *vq, uint16_t max,
		     struct vcrypto_vq_reap *r)
{
	if (vcrypto_vq_broken(vq) || max == 0) {
		r->start = r->last = 0;
		r->prev = &vq->req[vq->size].state;
		r->slow = false;
		return 0;
	}
	return vcrypto_vq_split_reap_open(vq, max, r);
}

__rte_always_inline bool
vcrypto_vq_reap_tables(const struct vcrypto_vq_reap *r)
{
	return !r->slow;
}

__rte_always_inline bool
vcrypto_vq_reap_next(struct vcrypto_vq *vq, struct vcrypto_vq_reap *r,
		     struct vcrypto_vq_cpl *c)
{
	return vcrypto_vq_split_reap_next(vq, r, c);
}

__rte_always_inline void
vcrypto_vq_reap_close(struct vcrypto_vq *vq, const struct vcrypto_vq_reap *r)
{
	vcrypto_vq_split_reap_close(vq, r);
}

uint16_t
vcrypto_vq_poll(struct vcrypto_vq *vq, struct vcrypto_vq_cpl *cpl,
		uint16_t max)
{
	struct vcrypto_vq_reap r;
	uint16_t n, i;

	n = vcrypto_vq_reap_open(vq, max, &r);
	for (i = 0; i < n && vcrypto_vq_reap_next(vq, &r, &cpl[i]); i++)
		;
	vcrypto_vq_reap_close(vq, &r);
	return i;
}

/* Give back the ring resources of id and forget it. */
static void
release(struct vcrypto_vq *vq, uint16_t id)
{
	switch (vq->layout) {
	case VCRYPTO_VQ_SPLIT:
		vcrypto_vq_split_drop(vq, id);
		break;
	case VCRYPTO_VQ_PACKED:
		break;
	}
}

static int
older_first(const void *a, const void *b, void *arg)
{
	const struct vcrypto_vq *vq = arg;
	uint64_t aa = vcrypto_vq_split_age(vq, *(const uint16_t *)a);
	uint64_t ab = vcrypto_vq_split_age(vq, *(const uint16_t *)b);

	return aa > ab ? -1 : aa < ab;
}

/*
 * The failure path only: sort what is in flight by age, so that posting
 * keeps no order list of its own (split is the only layout).
 */
uint16_t
vcrypto_vq_drain(struct vcrypto_vq *vq, struct vcrypto_vq_cpl *out,
		 uint16_t max)
{
	uint16_t n = 0, i;
	uint32_t id;

	for (id = 0; id < vq->size; id++)
		if (vq->req[id].state != 0)
			vq->order[n++] = id;
	qsort_r(vq->order, n, sizeof(vq->order[0]), older_first, vq);
	n = RTE_MIN(n, max);
	for (i = 0; i < n; i++) {
		id = vq->order[i];
		out[i] = (struct vcrypto_vq_cpl){
			.cookie = vq->req[id].cookie, .id = id, .len = 0,
		};
		release(vq, id);
	}
	return n;
}

bool
vcrypto_vq_device_idle(const struct vcrypto_vq *vq)
{
	switch (vq->layout) {
	case VCRYPTO_VQ_SPLIT:
		return vcrypto_vq_split_device_idle(vq);
	case VCRYPTO_VQ_PACKED:
		break;
	}
	return true;
}

uint16_t
vcrypto_vq_inflight(const struct vcrypto_vq *vq)
{
	return vcrypto_vq_split_inflight(vq);
}

void
vcrypto_vq_set_broken(struct vcrypto_vq *vq)
{
	__atomic_store_n(&vq->broken, true, __ATOMIC_RELAXED);
}

bool
vcrypto_vq_is_broken(const struct vcrypto_vq *vq)
{
	return vcrypto_vq_broken(vq);
}
