/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * More queue pairs than data queues (devarg max_nb_queue_pairs): up to
 * VCRYPTO_REQ_COOKIE_OWNERS application queue pairs share one data queue.
 * Queue pair q uses data queue q % nb_dataqs. Each op carries its queue
 * pair in its cookie; whichever sharer dequeues hands the others' ops to
 * their stash, so an op always comes back on the queue pair it went in on.
 * The queue pairs sharing a data queue are one queue pair to the ring: one
 * thread enqueues on all of them and one thread dequeues from all of them
 * (the same thread or two). That is enforced: the first thread to enqueue
 * (dequeue) owns the side until the queue pairs are set up or the device
 * is started again, and a burst from another thread takes or returns
 * nothing, with an error logged. No lock, no wait.
 */
#ifndef VCRYPTO_DP_SHARE_H
#define VCRYPTO_DP_SHARE_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_cryptodev.h>

#include "vcrypto_req.h"

struct vcrypto_dev;
struct vcrypto_qp;
struct vcrypto_share;

/** An application queue pair on a shared data queue. */
struct vcrypto_vqp {
	struct vcrypto_qp *qp;		/**< the data queue's queue pair */
	struct vcrypto_share *sh;	/**< the sharers of that queue */
	uintptr_t tag;			/**< vcrypto_req_cookie_tag(owner) */
	uint8_t owner;			/**< its index among the sharers */
	uint16_t id;			/**< application queue pair id */
	uint16_t max_inflight;		/**< nb_descriptors, <= ring */
	/** Ops taken (the enqueue thread writes it) and handed back (the
	 *  dequeue thread writes it): in flight or stashed is the gap. */
	uint64_t enqueued;
	uint64_t dequeued;
	uint64_t enqueue_errors;
	uint64_t dequeue_errors;
	/** Completed ops of this queue pair a sharer dequeued, oldest first
	 *  (the dequeue thread only). */
	struct rte_crypto_op **stash;
	uint32_t stash_mask;
	uint32_t stash_head;		/**< next to hand back */
	uint32_t stash_tail;		/**< next free */
	bool in_use;
	/** The application's view: the counts when it last reset them. */
	struct rte_cryptodev_stats stats_zero;
};

/** The queue pairs sharing one data queue. */
struct vcrypto_share {
	struct vcrypto_vqp *vqp[VCRYPTO_REQ_COOKIE_OWNERS];	/**< by owner */
	uint16_t nb;		/**< sharers */
	int enq_tid;		/**< thread that enqueues, 0: none yet */
	int deq_tid;		/**< thread that dequeues, 0: none yet */
	bool enq_refused_logged;
	bool deq_refused_logged;
};

/**
 * Application queue pairs the device offers for nb_dataqs data queues and
 * devarg max_nb_queue_pairs (0: not given): one per data queue, or as
 * many as asked up to VCRYPTO_REQ_COOKIE_OWNERS per data queue (more asked
 * is logged and capped).
 */
uint16_t vcrypto_dp_share_count(const char *name, uint16_t nb_dataqs,
				uint32_t asked);

/**
 * Create the shared queue pairs (dev->nb_qps > dev->nb_dataqs) over the
 * data queues' queue pairs; nothing to do otherwise. Caller: device
 * bring-up, primary, after the data queues are created.
 * @return 0; -ENOMEM.
 */
int vcrypto_dp_share_create(struct vcrypto_dev *dev, int socket_id);

/** Free them (the data queues' queue pairs are freed by their owner). */
void vcrypto_dp_share_destroy(struct vcrypto_dev *dev);

/**
 * Queue pair setup of the application's queue pair id: its nb_descriptors,
 * counts restarted, its data queue marked in use, the sharers' threads
 * forgotten. Caller: control plane, device stopped.
 * @return the queue pair for cdev->data->queue_pairs[]; NULL if id is out
 *   of range.
 */
struct vcrypto_vqp *vcrypto_dp_share_setup(struct vcrypto_dev *dev,
					   uint16_t id, uint16_t nb_desc);

/** Queue pair release; the data queue stays in use while a sharer is. */
void vcrypto_dp_share_release(struct vcrypto_dev *dev, uint16_t id);

/** Forget the threads of every data queue's sharers (dev_start). */
void vcrypto_dp_share_forget_threads(struct vcrypto_dev *dev);

/** Add vqp's counts since the application last reset them to *stats. */
void vcrypto_dp_share_stats_add(const struct vcrypto_vqp *vqp,
				struct rte_cryptodev_stats *stats);

void vcrypto_dp_share_stats_reset(struct vcrypto_vqp *vqp);

/** rte_cryptodev enqueue burst on a shared queue pair (see above). */
uint16_t vcrypto_dp_share_enqueue(void *vqp, struct rte_crypto_op **ops,
				  uint16_t nb_ops);

/** rte_cryptodev dequeue burst on a shared queue pair (see above). */
uint16_t vcrypto_dp_share_dequeue(void *vqp, struct rte_crypto_op **ops,
				  uint16_t nb_ops);

#endif /* VCRYPTO_DP_SHARE_H */
