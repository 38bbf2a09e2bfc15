/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Data path: one queue pair per data virtqueue, burst enqueue/dequeue,
 * completion checks, device status to op->status (written here only,
 * exactly once per op), per-queue statistics and stall detection.
 */
#ifndef VCRYPTO_DP_H
#define VCRYPTO_DP_H

#include <stdint.h>

#include <rte_cryptodev.h>

struct vcrypto_dev;
struct vcrypto_vq;
struct vcrypto_vq_cpl;
struct vcrypto_req;
struct rte_memzone;

struct vcrypto_qp {
	struct vcrypto_dev *dev;
	struct vcrypto_vq *vq;
	struct vcrypto_req *reqs;	/**< one DMA slot per ring id */
	uint64_t reqs_iova;
	struct vcrypto_req_akc *akcs;	/**< RSA bounce area per ring id */
	uint64_t akcs_iova;
	uint64_t last_progress;		/**< timer cycles progress was seen */
	uint64_t progress_mark;		/**< dequeued_count then */
	uint64_t timeout_cycles;
	uint64_t quiet_since;		/**< timer cycles of the first flush that
					 * did not kick since the last kick, 0 */
	uint64_t quiet_kick_cycles;	/**< kick after this long without one */
	uint64_t next_status_check;	/**< timer cycles */
	/* Enqueue's note to dequeue: it posted to an idle queue at busy_since
	 * (timer cycles; busy_mark ops were done then). Atomics. */
	uint64_t busy_since;
	uint64_t busy_mark;
	uint64_t busy_seen;		/**< dequeue's copy of busy_since */
	uint16_t vq_index;
	uint16_t max_segs;
	uint16_t max_inflight;		/**< the qp's nb_descriptors, <= ring */
	uint16_t drain_left;		/**< requests drained, not yet handed back */
	struct vcrypto_vq_cpl *drained;	/**< ring size entries */
	struct rte_cryptodev_stats stats;
	const struct rte_memzone *mz;
	bool bad_status_logged;
	/* Recovery (vcrypto_dev_qp_settle()): written under dev->fail_lock. */
	uint32_t epoch;		/**< dev->epoch the ring was last usable in */
	bool parked;		/**< waits for recovery, leaves its ring alone */
	bool in_use;		/**< set up by the application */
};

/**
 * Create the queue pair of data virtqueue vq_index: the ring (size entries)
 * and the per-id request slots. Caller: device bring-up, primary.
 * @return 0; -EINVAL; -ENOMEM.
 */
int vcrypto_dp_queue_create(struct vcrypto_dev *dev, uint16_t vq_index,
			    uint16_t size, int socket_id,
			    struct vcrypto_qp **qpp);

/** Free a queue pair. The device must be reset first. NULL ok. */
void vcrypto_dp_queue_destroy(struct vcrypto_qp *qp);

/**
 * After a device reset, the queue pair parked or not set up: keep what was
 * in flight for dequeue to hand back (ERROR) before anything new, and
 * return the ring to its just-created state (same memory and addresses).
 * Caller: device recovery, under dev->fail_lock.
 */
void vcrypto_dp_queue_reinit(struct vcrypto_qp *qp);

/**
 * rte_cryptodev enqueue burst; one lcore per queue pair. On a failed
 * device it takes nothing; once the queue pair has handed back everything
 * it had in flight it parks and waits for the device to recover.
 */
uint16_t vcrypto_dp_enqueue(void *qp, struct rte_crypto_op **ops,
			    uint16_t nb_ops);

/**
 * rte_cryptodev dequeue burst; one lcore per queue pair. On a failed
 * device it hands back every op in flight once, with ERROR, then parks;
 * the call that finds every queue pair set up parked recovers the device
 * (vcrypto_dev_qp_settle()).
 */
uint16_t vcrypto_dp_dequeue(void *qp, struct rte_crypto_op **ops,
			    uint16_t nb_ops);

#endif /* VCRYPTO_DP_H */
