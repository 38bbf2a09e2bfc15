/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * The split ring (*Split Virtqueues*): descriptor table, avail and used
 * rings, indirect tables, free list, barriers, notification suppression,
 * and the checks on every used entry. The only file that knows the split
 * descriptor format; it knows nothing about crypto or the transport.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/virtio_ring.h>

#include <rte_atomic.h>
#include <rte_byteorder.h>
#include <rte_common.h>
#include <rte_malloc.h>
#include <rte_memzone.h>

#include "vcrypto_vq_internal.h"

/* Ring memory: every area starts on its own cache line. */
#define RING_ALIGN RTE_CACHE_LINE_SIZE
#define MZ_ALIGN 4096

struct ring_layout {
	size_t avail_off;
	size_t used_off;
	size_t len;
};

/*
 * Descriptor table, then avail ring (flags, idx, ring[size], used_event),
 * then used ring (flags, idx, ring[size], avail_event). The spec asks for
 * 16/2/4 byte alignment; cache lines keep driver and device stores apart.
 */
static void
ring_layout(uint16_t size, struct ring_layout *l)
{
	size_t avail_len = sizeof(struct vring_avail) +
			   sizeof(uint16_t) * ((size_t)size + 1);
	size_t used_len = sizeof(struct vring_used) +
			  sizeof(struct vring_used_elem) * size +
			  sizeof(uint16_t);

	l->avail_off = RTE_ALIGN_CEIL(sizeof(struct vring_desc) * size,
				      RING_ALIGN);
	l->used_off = RTE_ALIGN_CEIL(l->avail_off + avail_len, RING_ALIGN);
	l->len = l->used_off + used_len;
}

static inline uint16_t *
used_event(const struct vcrypto_vq_split *s, uint16_t size)
{
	return &s->avail->ring[size];
}

static inline uint16_t *
avail_event(const struct vcrypto_vq_split *s, uint16_t size)
{
	return (uint16_t *)&s->used->ring[size];
}

/*
 * Indirect tables: VCRYPTO_VQ_MAX_SEGS entries per id whatever max_segs
 * is (512 bytes), so finding one is a shift.
 */
static inline struct vring_desc *
table_of(struct vring_desc *ind, uint32_t id)
{
	return &ind[(size_t)id * VCRYPTO_VQ_MAX_SEGS];
}

/* Bus address of the indirect table of id. */
static inline uint64_t
table_iova(const struct vcrypto_vq *vq, uint16_t id)
{
	return vq->ind_iova + sizeof(struct vring_desc) *
			      ((size_t)id * VCRYPTO_VQ_MAX_SEGS);
}

static const struct rte_memzone *
reserve(const struct vcrypto_vq *vq, const char *suffix, size_t len,
	int socket_id)
{
	char name[RTE_MEMZONE_NAMESIZE];
	int n;

	n = snprintf(name, sizeof(name), "%s_%s", vq->name, suffix);
	if (n < 0 || (size_t)n >= sizeof(name)) {
		VCRYPTO_LOG(ERR, "queue %s: memzone name too long", vq->name);
		return NULL;
	}
	return rte_memzone_reserve_aligned(name, len, socket_id,
					   RTE_MEMZONE_IOVA_CONTIG, MZ_ALIGN);
}

int
vcrypto_vq_split_create(struct vcrypto_vq *vq, int socket_id)
{
	struct vcrypto_vq_split *s = &vq->split;
	struct ring_layout l;
	uint8_t *base;

	ring_layout(vq->size, &l);
	vq->ring_mz = reserve(vq, "vr", l.len, socket_id);
	if (vq->ring_mz == NULL)
		goto nomem;
	if (vq->indirect) {
		vq->ind_mz = reserve(vq, "vi", sizeof(struct vring_desc) *
				     VCRYPTO_VQ_MAX_SEGS * vq->size, socket_id);
		if (vq->ind_mz == NULL)
			goto nomem;
		vq->ind = vq->ind_mz->addr;
		vq->ind_iova = vq->ind_mz->iova;
	} else {
		s->next = rte_zmalloc_socket("vcrypto_vq_next",
					     sizeof(*s->next) * vq->size, 0,
					     socket_id);
		s->freed = rte_zmalloc_socket("vcrypto_vq_freed",
					      sizeof(*s->freed) * vq->size, 0,
					      socket_id);
		if (s->next == NULL || s->freed == NULL)
			goto nomem;
	}
	base = vq->ring_mz->addr;
	s->desc = (struct vring_desc *)base;
	s->avail = (struct vring_avail *)(base + l.avail_off);
	s->used = (struct vring_used *)(base + l.used_off);
	vq->addrs.desc = vq->ring_mz->iova;
	vq->addrs.driver = vq->ring_mz->iova + l.avail_off;
	vq->addrs.device = vq->ring_mz->iova + l.used_off;
	return 0;
nomem:
	VCRYPTO_LOG(ERR, "queue %s: no memory for a ring of %u", vq->name,
		    vq->size);
	vcrypto_vq_split_destroy(vq);
	return -ENOMEM;
}

void
vcrypto_vq_split_destroy(struct vcrypto_vq *vq)
{
	if (vq->ind_mz != NULL)
		rte_memzone_free(vq->ind_mz);
	if (vq->ring_mz != NULL)
		rte_memzone_free(vq->ring_mz);
	rte_free(vq->split.next);
	rte_free(vq->split.freed);
	vq->ind_mz = NULL;
	vq->ring_mz = NULL;
	vq->split.next = NULL;
	vq->split.freed = NULL;
}

void
vcrypto_vq_split_reinit(struct vcrypto_vq *vq)
{
	struct vcrypto_vq_split *s = &vq->split;
	uint16_t i;

	memset(vq->ring_mz->addr, 0, vq->ring_mz->len);
	if (vq->ind_mz != NULL)
		memset(vq->ind_mz->addr, 0, vq->ind_mz->len);
	/*
	 * We poll, so ask for no used-buffer notifications: the flag without
	 * EVENT_IDX; with it the flag must stay 0 and used_event is parked
	 * one behind the used index, as far from being hit as it can be.
	 */
	if (vq->event_idx)
		*used_event(s, vq->size) = rte_cpu_to_le_16(UINT16_MAX);
	else
		s->avail->flags = rte_cpu_to_le_16(VRING_AVAIL_F_NO_INTERRUPT);
	s->avail_idx = 0;
	s->avail_pub = 0;
	s->last_used = 0;
	s->done = 0;
	s->free_head = 0;
	s->free_tail = vq->size - 1;
	s->num_free = vq->size;
	s->freed_head = 0;
	s->freed_tail = 0;
	s->post_seq = 0;
	s->pub_seq = 0;
	s->pub_seq_seen = 0;
	if (s->next != NULL)
		for (i = 0; i < vq->size; i++)
			s->next[i] = i + 1;
	/* Indirect: slot i always carries id i and the table of id i. */
	for (i = 0; vq->indirect && i < vq->size; i++) {
		s->avail->ring[i] = rte_cpu_to_le_16(i);
		s->desc[i].addr = rte_cpu_to_le_64(table_iova(vq, i));
		s->desc[i].flags = rte_cpu_to_le_16(VRING_DESC_F_INDIRECT);
	}
}

/* Chain mode, producer: put the descriptors of id at the free list's end. */
static void
free_chain(struct vcrypto_vq *vq, uint16_t id)
{
	struct vcrypto_vq_split *s = &vq->split;
	const struct vcrypto_vq_req *req = &vq->req[id];

	if (s->num_free == 0)
		s->free_head = id;
	else
		s->next[s->free_tail] = id;
	s->free_tail = req->last;
	s->num_free += req->ndesc;
}

/*
 * Chain mode, producer: take back the chains the consumer gave back
 * (give_back()). Appended at the end, so the head vcrypto_vq_next_id()
 * named stays the head.
 */
static void
reclaim(struct vcrypto_vq *vq)
{
	struct vcrypto_vq_split *s = &vq->split;
	uint16_t tail = __atomic_load_n(&s->freed_tail, __ATOMIC_ACQUIRE);

	while (s->freed_head != tail)
		free_chain(vq, s->freed[s->freed_head++ & vq->mask]);
}

int
vcrypto_vq_split_next_id(struct vcrypto_vq *vq)
{
	struct vcrypto_vq_split *s = &vq->split;
	uint16_t slot = s->avail_idx & vq->mask;

	if (vq->indirect)
		return vcrypto_vq_id_free(vq, slot) ? slot : -ENOSPC;
	reclaim(vq);
	return s->num_free > 0 ? s->free_head : -ENOSPC;
}

/* Producer: the avail index moves on (read by the consumer's inflight). */
static inline void
advance(struct vcrypto_vq_split *s, uint16_t n)
{
	__atomic_store_n(&s->avail_idx, (uint16_t)(s->avail_idx + n),
			 __ATOMIC_RELAXED);
}

/* A descriptor's links: WRITE if device-writable, NEXT if another follows. */
static inline void
link_desc(struct vring_desc *d, bool write, bool more, uint16_t next)
{
	d->flags = rte_cpu_to_le_16((write ? VRING_DESC_F_WRITE : 0) |
				    (more ? VRING_DESC_F_NEXT : 0));
	d->next = rte_cpu_to_le_16(more ? next : 0);
}

/* One descriptor: a segment and its links. */
static inline void
fill_desc(struct vring_desc *d, const struct vcrypto_vq_seg *seg,
	  bool write, bool more, uint16_t next)
{
	d->addr = rte_cpu_to_le_64(seg->iova);
	d->len = rte_cpu_to_le_32(seg->len);
	link_desc(d, write, more, next);
}

/*
 * One ring descriptor, INDIRECT only (never with NEXT), pointing at the
 * table of this id. The id is the avail slot: DPDK 22.11 vhost-crypto
 * writes the used entry of a request at the slot it was taken from. So the
 * ring descriptor's address and flags and the avail entry never change:
 * reinit writes them once, a post writes the table and the length.
 */
static int
post_indirect(struct vcrypto_vq *vq, const struct vcrypto_vq_seg *segs,
	      uint16_t nr_ro, uint16_t n, uint32_t *wlen, void *cookie)
{
	struct vcrypto_vq_split *s = &vq->split;
	uint16_t id = s->avail_idx & vq->mask;
	struct vring_desc *table;
	uint64_t total = 0;
	bool ok = true;
	uint16_t i;

	if (!vcrypto_vq_id_free(vq, id))
		return -ENOSPC;
	/* The table is not the device's until the avail index covers id. */
	table = table_of(vq->ind, id);
	for (i = 0; i < nr_ro; i++) {
		vcrypto_vq_seg_check(&segs[i], &total, &ok);
		fill_desc(&table[i], &segs[i], false, i + 1 < n, i + 1);
	}
	for (; i < n; i++) {
		vcrypto_vq_seg_check(&segs[i], &total, &ok);
		fill_desc(&table[i], &segs[i], true, i + 1 < n, i + 1);
		*wlen += segs[i].len;
	}
	if (!vcrypto_vq_segs_ok(total, ok))
		return -EINVAL;
	s->desc[id].len = rte_cpu_to_le_32(sizeof(*table) * n);
	vq->req[id].tag = 0;	/* no recipe's table any more */
	vcrypto_vq_track(vq, id, *wlen, cookie,
			 VCRYPTO_VQ_MARK(s->avail_idx, vq->size));
	return id;
}

/* A chain of n ring descriptors taken from the free list. */
static int
post_chain(struct vcrypto_vq *vq, const struct vcrypto_vq_seg *segs,
	   uint16_t nr_ro, uint16_t n, uint32_t *wlen, void *cookie)
{
	struct vcrypto_vq_split *s = &vq->split;
	uint16_t head, i, last;
	uint64_t total = 0;
	bool ok = true;
	uint16_t k;

	for (k = 0; k < n; k++)
		vcrypto_vq_seg_check(&segs[k], &total, &ok);
	if (!vcrypto_vq_segs_ok(total, ok))
		return -EINVAL;
	if (s->num_free < n)
		reclaim(vq);	/* an empty list gets a new head */
	if (s->num_free < n)
		return -ENOSPC;
	head = i = last = s->free_head;
	for (k = 0; k < n; k++) {
		fill_desc(&s->desc[i], &segs[k], k >= nr_ro, k + 1 < n,
			  s->next[i]);
		if (k >= nr_ro)
			*wlen += segs[k].len;
		last = i;
		i = s->next[i];
	}
	s->free_head = i;
	s->num_free -= n;
	vq->req[head].seq = s->post_seq++;
	vq->req[head].ndesc = n;
	vq->req[head].last = last;
	vcrypto_vq_track(vq, head, *wlen, cookie, 1);
	return head;
}

int
vcrypto_vq_split_post(struct vcrypto_vq *vq, const struct vcrypto_vq_seg *segs,
		      uint16_t nr_ro, uint16_t nr_wo, void *cookie)
{
	struct vcrypto_vq_split *s = &vq->split;
	uint16_t n = nr_ro + nr_wo;
	uint32_t wlen = 0;
	int id;

	if (vq->indirect)
		id = post_indirect(vq, segs, nr_ro, n, &wlen, cookie);
	else
		id = post_chain(vq, segs, nr_ro, n, &wlen, cookie);
	if (id < 0)
		return id;
	/* Not visible to the device before the release store of idx. */
	if (!vq->indirect)
		s->avail->ring[s->avail_idx & vq->mask] = rte_cpu_to_le_16(id);
	advance(s, 1);
	return id;
}

/*
 * How long ago id, in flight, was posted, in posts (drain's order). A
 * chain records its sequence (other chains may have come and gone many
 * times around it); with tables the id is its avail slot, and every id in
 * flight was posted within the last size posts.
 */
uint64_t
vcrypto_vq_split_age(const struct vcrypto_vq *vq, uint16_t id)
{
	if (!vq->indirect)
		return vq->split.post_seq - vq->req[id].seq;
	return (uint16_t)(vq->split.avail_idx - id - 1) & vq->mask;
}

/*
 * Posted and not completed or drained: the producer's count less the
 * consumer's, each read once (either side may call; the other's count is
 * at worst a little old, so the answer errs high for the producer and low
 * for the consumer... both by requests in passage only).
 */
uint16_t
vcrypto_vq_split_inflight(const struct vcrypto_vq *vq)
{
	const struct vcrypto_vq_split *s = &vq->split;

	return (uint16_t)(__atomic_load_n(&s->avail_idx, __ATOMIC_RELAXED) -
			  __atomic_load_n(&s->done, __ATOMIC_ACQUIRE));
}

/*
 * One pass over the records of the ids the run may use: the first in
 * flight ends the room (ids are avail slots, so posts take them in
 * order), and so does the end of the ring; each whose table holds
 * another tag is marked. The states are read through a local pointer
 * (vcrypto_vq_id_free()'s acquire load, without its vq->req: the acquire
 * made the compiler load vq->req again for every id).
 */
__rte_always_inline int
vcrypto_vq_split_run_open(struct vcrypto_vq *vq, uint64_t tag, uint16_t nr_ro,
			  uint16_t nr_wo, uint16_t max,
			  struct vcrypto_vq_run *r)
{
	unsigned int n = (unsigned int)nr_ro + nr_wo;
	const uint16_t first = vq->split.avail_idx & vq->mask;
	const struct vcrypto_vq_req *req = &vq->req[first], *p, *end;
	uint64_t unkept = 0;

	RTE_ASSERT(max <= VCRYPTO_VQ_RUN_MAX);
	if (n == 0 || n > vq->table_max)
		return -ENOTSUP;
	end = req + RTE_MIN(max, (uint16_t)(vq->size - first));
	for (p = req; p < end &&
		      __atomic_load_n(&p->state, __ATOMIC_ACQUIRE) == 0; p++)
		if (p->tag != tag)
			unkept |= UINT64_C(1) << (p - req);
	r->ind = vq->ind;
	r->ring = vq->split.desc;
	r->req = vq->req;
	r->tag = tag;
	r->unkept = unkept;
	r->first = first;
	r->posted = 0;
	r->nr_ro = nr_ro;
	r->n = n;
	r->mark = VCRYPTO_VQ_MARK(vq->split.avail_idx, vq->size);
	return (int)(p - req);
}

__rte_always_inline uint32_t
vcrypto_vq_split_run_id(const struct vcrypto_vq_run *r, uint32_t j)
{
	return r->first + j;
}

__rte_always_inline void
vcrypto_vq_split_run_set(const struct vcrypto_vq_run *r, uint32_t id,
			 uint16_t i, uint64_t iova, uint32_t len)
{
	struct vring_desc *d = &table_of(r->ind, id)[i];

	RTE_ASSERT(i < r->n && len != 0);
	d->addr = rte_cpu_to_le_64(iova);
	d->len = rte_cpu_to_le_32(len);
}

/*
 * Flags and links depend on the shape only, so a kept table has them; so
 * has the ring descriptor its length (address and flags never change,
 * post_indirect()).
 */
__rte_always_inline void
vcrypto_vq_split_run_keep(const struct vcrypto_vq_run *r, uint32_t id)
{
	struct vring_desc *table = table_of(r->ind, id);
	uint16_t i;

	for (i = 0; i < r->n; i++)
		link_desc(&table[i], i >= r->nr_ro, i + 1 < r->n, i + 1);
	r->ring[id].len = rte_cpu_to_le_32(sizeof(*table) * r->n);
	r->req[id].tag = r->tag;
}

/*
 * vcrypto_vq_track(), the queue's part at close. The table is not the
 * device's until the avail index covers id (vcrypto_vq_flush()).
 */
__rte_always_inline void
vcrypto_vq_split_run_post(struct vcrypto_vq_run *r, uint32_t id,
			  uint32_t wlen, void *cookie)
{
	struct vcrypto_vq_req *req = &r->req[id];

	RTE_ASSERT(id == vcrypto_vq_split_run_id(r, r->posted) &&
		   req->tag == r->tag && req->state == 0);
	req->cookie = cookie;
	req->wlen = wlen;
	__atomic_store_n(&req->state, r->mark, __ATOMIC_RELAXED);
	r->posted++;
}

__rte_always_inline void
vcrypto_vq_split_run_close(struct vcrypto_vq *vq,
			   const struct vcrypto_vq_run *r)
{
	advance(&vq->split, r->posted);
}

/*
 * Drain (no producer or consumer at work): id is forgotten, and counted
 * as done.
 */
void
vcrypto_vq_split_drop(struct vcrypto_vq *vq, uint16_t id)
{
	struct vcrypto_vq_split *s = &vq->split;

	if (!vq->indirect)
		free_chain(vq, id);
	__atomic_store_n(&vq->req[id].state, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&s->done, (uint16_t)(s->done + 1), __ATOMIC_RELEASE);
}

/*
 * *Split Virtqueues / Supplying Buffers to The Device*: descriptors and
 * avail entries must be visible before the new idx (release store; with
 * ORDER_PLATFORM an I/O write barrier first, for hardware devices), and
 * idx visible before we read the device's suppression fields (full
 * barrier), else device and driver may each think the other will act.
 */
bool
vcrypto_vq_split_flush(struct vcrypto_vq *vq)
{
	struct vcrypto_vq_split *s = &vq->split;
	uint16_t new_idx = s->avail_idx;
	uint16_t old_idx = s->avail_pub;
	uint16_t flags, event;

	if (new_idx == old_idx)
		return false;
	if (vq->order_platform)
		rte_io_wmb();
	/*
	 * Our copy first: a consumer that sees a completion of one of these
	 * (acquire on the used idx, after the device's acquire on ours) then
	 * sees them published (vcrypto_vq_split_reap_open()).
	 */
	__atomic_store_n(&s->pub_seq, s->post_seq, __ATOMIC_RELAXED);
	__atomic_store_n(&s->avail_pub, new_idx, __ATOMIC_RELEASE);
	__atomic_store_n(&s->avail->idx, rte_cpu_to_le_16(new_idx),
			 __ATOMIC_RELEASE);
	if (vq->order_platform)
		rte_io_mb();
	else
		rte_atomic_thread_fence(__ATOMIC_SEQ_CST);

	if (!vq->event_idx) {
		flags = rte_le_to_cpu_16(__atomic_load_n(&s->used->flags,
							 __ATOMIC_RELAXED));
		return !(flags & VRING_USED_F_NO_NOTIFY);
	}
	event = rte_le_to_cpu_16(__atomic_load_n(avail_event(s, vq->size),
						 __ATOMIC_RELAXED));
	return (uint16_t)(new_idx - event - 1) < (uint16_t)(new_idx - old_idx);
}

bool
vcrypto_vq_split_device_idle(const struct vcrypto_vq *vq)
{
	const struct vcrypto_vq_split *s = &vq->split;

	return rte_le_to_cpu_16(__atomic_load_n(&s->used->idx,
						__ATOMIC_ACQUIRE)) ==
	       __atomic_load_n(&s->avail_pub, __ATOMIC_RELAXED);
}

/*
 * Check one used entry against our shadow (*Split Virtqueues / The
 * Virtqueue Used Ring*; Linux virtqueue_get_buf_ctx_split). The id must be
 * a head published before the reap opened (r->pub) and not seen back; len
 * bounded by what we posted as writable. A table's state says both at once
 * (VCRYPTO_VQ_MARK(): the lap it was posted in); a chain's record has its
 * posting sequence. The state is read atomically: only a device naming an id
 * it was not given can make the producer write it meanwhile.
 */
static inline bool
used_entry_ok(struct vcrypto_vq *vq, const struct vcrypto_vq_reap *r,
	      uint32_t id, uint32_t len)
{
	const struct vcrypto_vq_req *req;
	uint8_t st;
	bool ok;

	if (unlikely(id > r->mask)) {
		VCRYPTO_VQ_FAULT(vq, "used id %u >= ring size %u", id,
				 r->mask + 1);
		return false;
	}
	req = &r->req[id];
	st = __atomic_load_n(&req->state, __ATOMIC_RELAXED);
	if (likely(!r->slow))
		ok = st == (id < r->pub_slot ? r->mark_lo : r->mark_hi);
	else
		ok = st != 0 && req->seq < vq->split.pub_seq_seen;
	if (unlikely(!ok)) {
		VCRYPTO_VQ_FAULT(vq, "used id %u not in flight", id);
		return false;
	}
	if (unlikely(len > req->wlen)) {
		VCRYPTO_VQ_FAULT(vq, "used len %u > %u writable bytes posted for id %u",
				 len, req->wlen, id);
		return false;
	}
	return true;
}

/* vcrypto_vq_reap.prev when no id is handed out. */
static inline uint8_t *
reap_none(const struct vcrypto_vq *vq, bool slow)
{
	return slow ? NULL : &vq->req[vq->size].state;
}

/*
 * Consumer: the caller is done with the id handed out last (cookie and
 * per-id memory): the producer may post it again. With tables one store,
 * with no test: before the first entry r->prev is the spare record's
 * state. A chain goes through the freed ring, its descriptors being the
 * producer's list (reclaim()).
 */
static inline void
give_back(struct vcrypto_vq *vq, const struct vcrypto_vq_reap *r)
{
	struct vcrypto_vq_split *s = &vq->split;
	uint16_t id;

	if (likely(!r->slow)) {
		__atomic_store_n(r->prev, 0, __ATOMIC_RELEASE);
		return;
	}
	if (r->prev == NULL)
		return;
	id = (uint16_t)(container_of(r->prev, struct vcrypto_vq_req, state) -
			r->req);
	__atomic_store_n(r->prev, 0, __ATOMIC_RELAXED);
	s->freed[s->freed_tail & r->mask] = id;
	__atomic_store_n(&s->freed_tail, (uint16_t)(s->freed_tail + 1),
			 __ATOMIC_RELEASE);
}

/*
 * What the completion loop needs of the queue is copied into the reap
 * (the caller's local): the loop's stores (the caller's too) could alias
 * the queue's fields as far as the compiler knows, and it would load them
 * again for every entry.
 */
__rte_always_inline uint16_t
vcrypto_vq_split_reap_open(struct vcrypto_vq *vq, uint16_t max,
			   struct vcrypto_vq_reap *r)
{
	struct vcrypto_vq_split *s = &vq->split;
	uint16_t used_idx, pending, pub;

	r->start = r->last = s->last_used;
	r->req = vq->req;
	r->mask = vq->mask;
	r->slow = !vq->indirect;
	r->prev = reap_none(vq, r->slow);
	/* Entries are read only after the index that covers them. */
	used_idx = rte_le_to_cpu_16(__atomic_load_n(&s->used->idx,
						    __ATOMIC_ACQUIRE));
	if (vq->order_platform)
		rte_io_rmb();
	/*
	 * After the used idx: what the device completed was published by
	 * then (vcrypto_vq_split_flush() stores our copy first). The producer
	 * may publish more meanwhile; those are not checked against.
	 */
	pub = __atomic_load_n(&s->avail_pub, __ATOMIC_ACQUIRE);
	if (!vq->indirect)
		s->pub_seq_seen = __atomic_load_n(&s->pub_seq,
						  __ATOMIC_RELAXED);
	pending = used_idx - s->last_used;
	if (unlikely(pending > (uint16_t)(pub - s->last_used))) {
		VCRYPTO_VQ_FAULT(vq, "used idx %u - %u = %u > %u in flight",
				 used_idx, s->last_used, pending,
				 (uint16_t)(pub - s->last_used));
		return 0;
	}
	r->ring = s->used->ring;
	r->pub = pub;
	/* Published tables below pub's slot were posted in pub's lap. */
	r->pub_slot = pub & vq->mask;
	r->mark_lo = VCRYPTO_VQ_MARK(pub, vq->size);
	r->mark_hi = VCRYPTO_VQ_MARK((uint16_t)(pub - vq->size), vq->size);
	return RTE_MIN(pending, max);
}

/*
 * The id handed out before is given back first: the caller asks for the
 * next only when done with it, and a device naming it again is caught.
 */
__rte_always_inline bool
vcrypto_vq_split_reap_next(struct vcrypto_vq *vq, struct vcrypto_vq_reap *r,
			   struct vcrypto_vq_cpl *c)
{
	const struct vring_used_elem *e = &r->ring[r->last & r->mask];
	uint32_t id, len;

	give_back(vq, r);
	/* One read of each field: what we check is what we use. */
	id = rte_le_to_cpu_32(__atomic_load_n(&e->id, __ATOMIC_RELAXED));
	len = rte_le_to_cpu_32(__atomic_load_n(&e->len, __ATOMIC_RELAXED));
	if (!used_entry_ok(vq, r, id, len)) {
		r->prev = reap_none(vq, r->slow);	/* given back */
		return false;
	}
	c->cookie = r->req[id].cookie;
	c->id = id;
	c->len = len;
	r->prev = &r->req[id].state;
	r->last++;
	return true;
}

__rte_always_inline void
vcrypto_vq_split_reap_close(struct vcrypto_vq *vq,
			    const struct vcrypto_vq_reap *r)
{
	struct vcrypto_vq_split *s = &vq->split;

	give_back(vq, r);
	if (r->last == r->start)
		return;
	s->last_used = (uint16_t)r->last;
	__atomic_store_n(&s->done, (uint16_t)(s->done + r->last - r->start),
			 __ATOMIC_RELEASE);
	if (vq->event_idx)
		__atomic_store_n(used_event(s, vq->size),
				 rte_cpu_to_le_16((uint16_t)(r->last - 1)),
				 __ATOMIC_RELAXED);
}
