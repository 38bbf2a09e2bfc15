/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Private to vcrypto_vq*.c: the queue structure, the driver-private shadow
 * of every request id, and the entry points of each ring layout. Nothing
 * outside the queue files may include this header.
 */
#ifndef VCRYPTO_VQ_INTERNAL_H
#define VCRYPTO_VQ_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_memzone.h>

#include "vcrypto_log.h"
#include "vcrypto_vq.h"

struct vring_desc;
struct vring_avail;
struct vring_used;

/** Memzone names are the queue name plus "_vr"/"_vi". */
#define VCRYPTO_VQ_MZ_SUFFIX_LEN 3
#define VCRYPTO_VQ_NAME_MAX \
	(RTE_MEMZONE_NAMESIZE - 1 - VCRYPTO_VQ_MZ_SUFFIX_LEN)

/** Largest ring (split rings: power of two, 16-bit indices). */
#define VCRYPTO_VQ_MAX_SIZE 32768

/**
 * What the driver posted under one request id, kept in driver memory so
 * that completions are checked against our own record, never against
 * anything the device can write (Linux: desc_extra).
 *
 * One producer (post, runs, flush) and one consumer (poll, reap) may work
 * on the queue at once. The producer writes a record and then sets its
 * state; the consumer hands the id back with a release store of state 0
 * once the caller is done with it (the next vcrypto_vq_reap_next(), or
 * reap close), and the producer reuses the id only after an acquire load
 * saw that 0. So neither side writes what the other reads at the same time.
 */
struct vcrypto_vq_req {
	void *cookie;		/**< the caller's (vcrypto_vq_post()) */
	union {
		uint64_t seq;	/**< chain mode: posting sequence number */
		uint64_t tag;	/**< tables: what the id's table holds, 0
				 * for no run's (struct vcrypto_vq_run) */
	};
	uint32_t wlen;		/**< device-writable bytes posted */
	uint16_t ndesc;		/**< ring descriptors held (chain mode) */
	uint16_t last;		/**< last ring descriptor of the chain
				 * (chain mode) */
	/** 0 free; else in flight: VCRYPTO_VQ_MARK() of the avail index it
	 *  was posted at (tables), or 1 (chain mode). Written with atomics. */
	uint8_t state;
};

/*
 * A table's id is its avail slot, so the avail index it was posted at is
 * known but for the lap: 1 + the lap's parity tells a request published
 * before the consumer's snapshot of the published index from one posted
 * since in the same slot (vcrypto_vq_split_reap_open()).
 */
#define VCRYPTO_VQ_MARK(idx, size) ((uint8_t)(1 + (((idx) & (size)) != 0)))

/**
 * Split ring state. The producer's fields and the consumer's sit on cache
 * lines of their own; each side reads what the other writes only through
 * the atomics documented on the field.
 */
struct vcrypto_vq_split {
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
	uint16_t *next;		/**< private copy of the free list/chain links */
	uint16_t *freed;	/**< chain heads the consumer gave back (size) */
	/* Producer (post, runs, flush). */
	/** next avail index to fill; stored atomically (inflight count) */
	uint16_t avail_idx __rte_cache_aligned;
	/** avail index last published; stored with release before the
	 *  ring's idx, loaded with acquire by the consumer */
	uint16_t avail_pub;
	uint16_t free_head;	/**< first free descriptor (chain mode) */
	uint16_t free_tail;	/**< last free descriptor, if any (chain) */
	uint16_t num_free;	/**< free descriptors (chain mode) */
	uint16_t freed_head;	/**< next entry of freed to take back */
	uint64_t post_seq;	/**< sequence number of the next post (chain) */
	/** posts below this were published (chain); stored with release
	 *  before the ring's idx, as avail_pub */
	uint64_t pub_seq;
	/* Consumer (poll, reap). */
	uint16_t last_used __rte_cache_aligned; /**< next used index to consume */
	/** completed or drained, free-running; stored with release */
	uint16_t done;
	/** next entry of freed to fill; stored with release */
	uint16_t freed_tail;
	uint64_t pub_seq_seen;	/**< pub_seq when the reap opened (chain) */
};

struct vcrypto_vq {
	char name[RTE_MEMZONE_NAMESIZE];
	enum vcrypto_vq_layout layout;
	uint16_t index;
	uint16_t size;
	uint16_t mask;
	uint16_t max_segs;
	/** Entries a table may have (vcrypto_vq_run_open()): max_segs
	 *  with indirect tables in the split layout, else 0. */
	uint16_t table_max;
	bool indirect;
	bool event_idx;
	bool order_platform;
	bool broken;		/**< loaded and stored with atomics */
	bool broken_logged;
	const struct rte_memzone *ring_mz;
	const struct rte_memzone *ind_mz;	/**< indirect tables, or NULL */
	struct vcrypto_vq_addrs addrs;
	uint64_t ind_iova;
	struct vring_desc *ind;	/**< max_segs entries per request id */
	/** One per id, size entries, and a spare one after them whose
	 *  state a reap of tables gives back before its first entry. */
	struct vcrypto_vq_req *req;
	uint16_t *order;	/**< drain's scratch: size ids */
	union {
		struct vcrypto_vq_split split;
	};
};

/**
 * Record a protocol violation: mark the queue broken and log the first
 * one (naming the queue, the value and the limit). Device misbehaviour is
 * logged once per queue, not per request.
 */
#define VCRYPTO_VQ_FAULT(vq, fmt, ...) do { \
	if (!(vq)->broken_logged) { \
		VCRYPTO_LOG(ERR, "queue %s: " fmt, (vq)->name, \
			    ##__VA_ARGS__); \
		(vq)->broken_logged = true; \
	} \
	__atomic_store_n(&(vq)->broken, true, __ATOMIC_RELAXED); \
} while (0)

/* Either side, any thread: the queue saw a violation or was marked broken. */
static inline bool
vcrypto_vq_broken(const struct vcrypto_vq *vq)
{
	return __atomic_load_n(&vq->broken, __ATOMIC_RELAXED);
}

/*
 * Segment rules shared by every layout, checked while the layout copies
 * the segments (one pass): none empty, and the whole request within 4 GiB
 * (*Split Virtqueues / The Virtqueue Descriptor Table*: the total chain
 * length may not exceed 2^32). Start with total = 0, ok = true.
 */
static inline void
vcrypto_vq_seg_check(const struct vcrypto_vq_seg *seg, uint64_t *total,
		     bool *ok)
{
	*total += seg->len;
	*ok &= seg->len != 0;
}

static inline bool
vcrypto_vq_segs_ok(uint64_t total, bool ok)
{
	return ok && total <= UINT32_MAX;
}

/*
 * Producer: id is in flight under mark (VCRYPTO_VQ_MARK(), or 1 for a
 * chain), with wlen writable bytes. The consumer reads the record only
 * once the ring's idx published it (release in the flush).
 */
static inline void
vcrypto_vq_track(struct vcrypto_vq *vq, uint16_t id, uint32_t wlen,
		 void *cookie, uint8_t mark)
{
	struct vcrypto_vq_req *req = &vq->req[id];

	req->cookie = cookie;
	req->wlen = wlen;
	__atomic_store_n(&req->state, mark, __ATOMIC_RELAXED);
}

/* Producer: whether id is free to post (its last consumer is done). */
static inline bool
vcrypto_vq_id_free(const struct vcrypto_vq *vq, uint16_t id)
{
	return __atomic_load_n(&vq->req[id].state, __ATOMIC_ACQUIRE) == 0;
}

/* Split ring (vcrypto_vq_split.c). */
int vcrypto_vq_split_create(struct vcrypto_vq *vq, int socket_id);
void vcrypto_vq_split_destroy(struct vcrypto_vq *vq);
void vcrypto_vq_split_reinit(struct vcrypto_vq *vq);
int vcrypto_vq_split_next_id(struct vcrypto_vq *vq);
int vcrypto_vq_split_post(struct vcrypto_vq *vq,
			  const struct vcrypto_vq_seg *segs,
			  uint16_t nr_ro, uint16_t nr_wo, void *cookie);
bool vcrypto_vq_split_flush(struct vcrypto_vq *vq);
bool vcrypto_vq_split_device_idle(const struct vcrypto_vq *vq);
uint16_t vcrypto_vq_split_reap_open(struct vcrypto_vq *vq, uint16_t max,
				    struct vcrypto_vq_reap *r);
bool vcrypto_vq_split_reap_next(struct vcrypto_vq *vq,
				struct vcrypto_vq_reap *r,
				struct vcrypto_vq_cpl *c);
void vcrypto_vq_split_reap_close(struct vcrypto_vq *vq,
				 const struct vcrypto_vq_reap *r);
void vcrypto_vq_split_drop(struct vcrypto_vq *vq, uint16_t id);
uint64_t vcrypto_vq_split_age(const struct vcrypto_vq *vq, uint16_t id);
uint16_t vcrypto_vq_split_inflight(const struct vcrypto_vq *vq);
int vcrypto_vq_split_run_open(struct vcrypto_vq *vq, uint64_t tag,
			      uint16_t nr_ro, uint16_t nr_wo, uint16_t max,
			      struct vcrypto_vq_run *r);
uint32_t vcrypto_vq_split_run_id(const struct vcrypto_vq_run *r, uint32_t j);
void vcrypto_vq_split_run_set(const struct vcrypto_vq_run *r, uint32_t id,
			      uint16_t i, uint64_t iova, uint32_t len);
void vcrypto_vq_split_run_keep(const struct vcrypto_vq_run *r, uint32_t id);
void vcrypto_vq_split_run_post(struct vcrypto_vq_run *r, uint32_t id,
			       uint32_t wlen, void *cookie);
void vcrypto_vq_split_run_close(struct vcrypto_vq *vq,
				const struct vcrypto_vq_run *r);

#endif /* VCRYPTO_VQ_INTERNAL_H */
