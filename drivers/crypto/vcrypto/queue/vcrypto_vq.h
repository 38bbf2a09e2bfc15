/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * A device-agnostic virtqueue: post a request as a list of segments, publish,
 * poll completions. Knows descriptor layouts (split now, packed later),
 * barriers, free lists and indirect tables; knows nothing about crypto and
 * nothing about the transport (the caller rings the doorbell).
 *
 * Threads: one producer and one consumer may use a queue at the same time,
 * with no lock: the producer calls next_id, post, the run functions, untag
 * and flush; the consumer calls poll and the reap functions. Each side
 * must be one thread at a time (two producers, or two consumers, on one
 * queue corrupt it: serialise them yourself). inflight, is_broken,
 * set_broken and device_idle may be called from any thread. create,
 * destroy, reinit and drain need the queue quiet: neither side at work
 * (the device reset and the queue's users stopped or parked).
 * The producer hands a request to the consumer through the flush (release
 * on the avail index, acquire on the used index); the consumer hands an id
 * back to the producer once its caller is done with the id's memory: at
 * the next vcrypto_vq_reap_next() or at reap close, not before.
 */
#ifndef VCRYPTO_VQ_H
#define VCRYPTO_VQ_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_common.h>

/** Ring layouts. Only split is implemented today. */
enum vcrypto_vq_layout {
	VCRYPTO_VQ_SPLIT = 0,
	VCRYPTO_VQ_PACKED = 1,
};

/** Largest number of segments in one request (one indirect table). */
#define VCRYPTO_VQ_MAX_SEGS 32

/** One buffer of a request, as the device sees it. */
struct vcrypto_vq_seg {
	uint64_t iova;		/**< bus address (IOVA) */
	uint32_t len;		/**< bytes, > 0 */
};

/** Creation parameters. */
struct vcrypto_vq_params {
	const char *name;	/**< unique, used for memzone names */
	uint16_t index;		/**< virtqueue index on the device */
	uint16_t size;		/**< number of ring entries, power of two <= 32768 */
	uint16_t max_segs;	/**< max segments per request, 1..VCRYPTO_VQ_MAX_SEGS */
	int socket_id;
	enum vcrypto_vq_layout layout;
	bool indirect;		/**< VIRTIO_F_INDIRECT_DESC negotiated */
	bool event_idx;		/**< VIRTIO_F_EVENT_IDX negotiated */
	bool order_platform;	/**< VIRTIO_F_ORDER_PLATFORM negotiated: I/O barriers */
};

/** Bus addresses of the three ring areas, for the transport. */
struct vcrypto_vq_addrs {
	uint64_t desc;
	uint64_t driver;	/**< split: avail ring */
	uint64_t device;	/**< split: used ring */
};

/** One validated completion (or, from vcrypto_vq_drain(), abandoned request). */
struct vcrypto_vq_cpl {
	void *cookie;		/**< the caller's, given at post */
	uint16_t id;		/**< request id given by vcrypto_vq_post() */
	uint32_t len;		/**< bytes the device says it wrote, <= writable bytes posted */
};

struct vcrypto_vq;
struct vcrypto_vq_req;
struct vring_desc;
struct vring_used_elem;

/**
 * Allocate a virtqueue with its rings and, when indirect is set, one
 * indirect table of max_segs entries per request id, all in IOVA-contiguous
 * DMA memory on params->socket_id. Rings start zeroed with
 * interrupts suppressed (we poll).
 *
 * @return 0 and *vqp set; -EINVAL bad params (size not a power of two,
 *   max_segs out of range, packed layout); -ENOMEM.
 */
int vcrypto_vq_create(const struct vcrypto_vq_params *params,
		      struct vcrypto_vq **vqp);

/** Free a virtqueue. The device must be reset first (no DMA in flight). NULL ok. */
void vcrypto_vq_destroy(struct vcrypto_vq *vq);

/** Ring areas' bus addresses. */
void vcrypto_vq_addrs(const struct vcrypto_vq *vq, struct vcrypto_vq_addrs *addrs);

/** Number of ring entries. */
uint16_t vcrypto_vq_size(const struct vcrypto_vq *vq);

/**
 * Return the ring to its just-created state (indices 0, nothing in flight,
 * not broken). Only after a device reset, before the queue is re-enabled.
 * Requests still in flight are forgotten: drain them first.
 */
void vcrypto_vq_reinit(struct vcrypto_vq *vq);

/**
 * The request id the next vcrypto_vq_post() will use, so the caller can lay
 * out per-id request memory before posting. Ids are in [0, size).
 * With indirect descriptors the id is the ring head, equal to the avail
 * slot (avail_idx % size): DPDK's vhost-crypto relies on this.
 *
 * Producer. Without indirect tables it takes back the chains the consumer
 * gave back, so it writes the queue.
 *
 * @return id >= 0; -ENOSPC no free entry; -ENODEV queue broken.
 */
int vcrypto_vq_next_id(struct vcrypto_vq *vq);

/**
 * Post one request: nr_ro device-readable segments followed by nr_wo
 * device-writable ones, under the id vcrypto_vq_next_id() returned. The
 * request is written to the ring but not published to the device until
 * vcrypto_vq_flush(). All or nothing: on error nothing is changed. The
 * queue keeps cookie (anything) and hands it back with the completion.
 *
 * @return id (>= 0) used; -EINVAL nr_ro + nr_wo is 0 or > max_segs, or a
 *   segment of length 0; -ENOSPC not enough free descriptors; -ENODEV broken.
 */
int vcrypto_vq_post(struct vcrypto_vq *vq, const struct vcrypto_vq_seg *segs,
		    uint16_t nr_ro, uint16_t nr_wo, void *cookie);

/**
 * A run: requests of one recipe posted back to back straight into their
 * indirect tables, for requests whose shape recurs: no segment list in
 * between, and no rewrite of what a table already holds. The caller names
 * each recipe with a tag (any value but 0): one shape (nr_ro, nr_wo) per
 * tag, and entries the recipe fixes per id (same address and length every
 * time, e.g. the id's own header). While no post of another tag (or
 * vcrypto_vq_post(), vcrypto_vq_untag(), or reinit) used the id, its
 * table keeps them. A caller may keep more under the same tag in its own
 * per-id memory (the header's content).
 *
 * 1. vcrypto_vq_run_open() says how many requests the run can post (room:
 *    ids free, one after the other, first + j for request j: a run ends
 *    at the end of the ring) and which of their tables do not keep the
 *    tag (unkept).
 * 2. For each of those: set the fixed entries (vcrypto_vq_run_set()) and
 *    whatever the caller keeps, then vcrypto_vq_run_keep().
 * 3. Per request, in order, up to room: set the other entries, then
 *    vcrypto_vq_run_post(). The caller may stop at any request.
 * 4. vcrypto_vq_run_close() hands the posting state back to the queue.
 *
 * Nothing else may post on the queue between open and close, and nothing
 * is published before vcrypto_vq_flush(). So the posting loop (3) checks
 * nothing of the queue, and has few values to keep in registers.
 *
 * The run holds the queue's posting state: a caller that keeps it in a
 * local and hands it to these functions only lets the compiler keep it in
 * registers. They are defined always-inline; the PMD's link-time
 * optimisation makes them part of the caller's loops. (Fields of the
 * queue itself would be loaded again after every byte store of the loop:
 * a char store may alias anything.)
 */
struct vcrypto_vq_run {
	struct vring_desc *ind;		/**< tables, VCRYPTO_VQ_MAX_SEGS apart */
	struct vring_desc *ring;	/**< ring descriptors */
	struct vcrypto_vq_req *req;	/**< the queue's record of each id */
	uint64_t tag;
	uint64_t unkept;	/**< bit j: the table of request j lacks tag */
	uint16_t first;		/**< id of request 0 */
	uint16_t posted;	/**< requests posted so far */
	uint8_t nr_ro;
	uint8_t n;		/**< entries: nr_ro + nr_wo */
	uint8_t mark;		/**< what a post records as in flight */
};

/** Most requests in one run (bits of vcrypto_vq_run.unkept). */
#define VCRYPTO_VQ_RUN_MAX 64

/**
 * Open a run of up to max (<= VCRYPTO_VQ_RUN_MAX) requests of a recipe of
 * nr_ro + nr_wo segments.
 * @return room: requests the run can post (0 the next id is in flight);
 *   -ENOTSUP no indirect tables, or more segments than max_segs;
 *   -ENODEV broken.
 */
int vcrypto_vq_run_open(struct vcrypto_vq *vq, uint64_t tag, uint16_t nr_ro,
			uint16_t nr_wo, uint16_t max, struct vcrypto_vq_run *r);

/**
 * The id of request j (< room) of the run: the first's + j. Run ids are
 * 32-bit: a loop's arithmetic on them then has no 16-bit wrap to keep,
 * and the compiler steps pointers instead.
 */
uint32_t vcrypto_vq_run_id(const struct vcrypto_vq_run *r, uint32_t j);

/**
 * Entry i of id's table. len must not be 0, and the request must stay
 * within 4 GiB: the caller checks (vcrypto_vq_post() checks both itself).
 */
void vcrypto_vq_run_set(const struct vcrypto_vq_run *r, uint32_t id,
			uint16_t i, uint64_t iova, uint32_t len);

/** The caller set id's fixed entries: its table now keeps the tag. */
void vcrypto_vq_run_keep(const struct vcrypto_vq_run *r, uint32_t id);

/**
 * Post the run's next request (id vcrypto_vq_run_id(r, posted so far)),
 * as vcrypto_vq_post() posts a segment list. wlen: device-writable bytes
 * in all, the bound its completion is checked against.
 */
void vcrypto_vq_run_post(struct vcrypto_vq_run *r, uint32_t id, uint32_t wlen,
			 void *cookie);

/**
 * End a run (opened with room >= 0): the queue takes back its posting
 * state.
 */
void vcrypto_vq_run_close(struct vcrypto_vq *vq,
			  const struct vcrypto_vq_run *r);

/**
 * What the caller keeps for id under its tag changed (it wrote id's
 * header its own way): the next run post of id is not kept. Not for an
 * id in flight.
 */
void vcrypto_vq_untag(struct vcrypto_vq *vq, uint16_t id);

/**
 * Publish every request posted since the last flush (one avail index
 * store, after a write barrier) and say whether the device asked to be
 * notified (used flags, or avail_event with EVENT_IDX).
 *
 * @return true if the caller must notify the device for this queue.
 */
bool vcrypto_vq_flush(struct vcrypto_vq *vq);

/**
 * Collect up to max completions. Every used entry is validated: id below
 * the ring size and in flight, written length no more than the writable
 * bytes posted, used index not ahead of what is in flight. On the first
 * violation the queue is marked broken, the reason logged once, and polling
 * stops (the entries before it are returned). Consumer. The ids are given
 * back before it returns: with a producer at work, per-id memory of the
 * caller may be rewritten at once; such a caller uses the reap functions.
 *
 * @return number of entries written to cpl.
 */
uint16_t vcrypto_vq_poll(struct vcrypto_vq *vq, struct vcrypto_vq_cpl *cpl,
			 uint16_t max);

/**
 * Completions one at a time, for a caller that handles each as it comes
 * (no array in between): vcrypto_vq_poll() is open, next until false or
 * the count open gave, close. Same checks, same outcome on a violation;
 * nothing leaves the queue before close. As for runs, the caller keeps
 * the reap in a local (all three are defined always-inline). Consumer.
 * The id of a completion stays the caller's (its per-id memory is not
 * reused by the producer) until the next vcrypto_vq_reap_next() or
 * vcrypto_vq_reap_close().
 */
struct vcrypto_vq_reap {
	const struct vring_used_elem *ring;
	struct vcrypto_vq_req *req;
	/**
	 * State of the id handed out last, given back (stored 0) at the
	 * next entry or close. Before the first entry: with tables the
	 * queue's spare record past the ring (nobody reads it: the give-back
	 * needs no test), with chains NULL.
	 */
	uint8_t *prev;
	/*
	 * What the loop uses is 32-bit: no zero extension of 16-bit or
	 * 8-bit values per entry, and one register for the mask.
	 */
	uint32_t start;		/**< used index of the first entry (16-bit) */
	uint32_t last;		/**< start + entries handed out so far */
	uint32_t mask;		/**< ring size - 1 */
	uint32_t pub_slot;	/**< pub & mask */
	uint32_t mark_lo;	/**< state of a table published below pub_slot */
	uint32_t mark_hi;	/**< state of one published from pub_slot on */
	uint16_t pub;		/**< avail index published at open */
	/** Chains: the rare case (given back through the producer). */
	bool slow;
};

/**
 * @return completions waiting, up to max (0 broken, or a used index
 *   ahead of what is in flight: the queue is then broken).
 */
uint16_t vcrypto_vq_reap_open(struct vcrypto_vq *vq, uint16_t max,
			      struct vcrypto_vq_reap *r);

/**
 * Whether the reap's requests are all in indirect tables (the common
 * case; not chains). Always-inline: a caller that tests it and keeps a
 * copy of its completion loop for each answer has the chain-mode tests
 * of vcrypto_vq_reap_next() folded away from the first copy.
 */
bool vcrypto_vq_reap_tables(const struct vcrypto_vq_reap *r);

/**
 * The next completion into *c, checked.
 * @return false: a violation; the queue is broken (logged once).
 */
bool vcrypto_vq_reap_next(struct vcrypto_vq *vq, struct vcrypto_vq_reap *r,
			  struct vcrypto_vq_cpl *c);

/** Take the completions handed out off the queue. */
void vcrypto_vq_reap_close(struct vcrypto_vq *vq,
			   const struct vcrypto_vq_reap *r);

/**
 * After the device was reset (no more DMA): hand back up to max requests
 * still in flight (id and cookie; len 0), oldest first, and forget them.
 * Call until it returns 0. The queue must be quiet (no producer or
 * consumer at work).
 */
uint16_t vcrypto_vq_drain(struct vcrypto_vq *vq, struct vcrypto_vq_cpl *out,
			  uint16_t max);

/**
 * Whether the device has used every request published to it: its used
 * index has caught up with the published avail index. Reads the used
 * index only; consumes and validates nothing (for a graceful close).
 */
bool vcrypto_vq_device_idle(const struct vcrypto_vq *vq);

/**
 * Requests posted (published or not) and not yet completed or drained.
 * Any thread; while the other side works the count may be behind by the
 * requests in passage (it errs high on the producer's side).
 */
uint16_t vcrypto_vq_inflight(const struct vcrypto_vq *vq);

/** Mark the queue broken: post returns -ENODEV from now on. */
void vcrypto_vq_set_broken(struct vcrypto_vq *vq);

/** True once the queue saw a protocol violation or was marked broken. */
bool vcrypto_vq_is_broken(const struct vcrypto_vq *vq);

#endif /* VCRYPTO_VQ_H */
