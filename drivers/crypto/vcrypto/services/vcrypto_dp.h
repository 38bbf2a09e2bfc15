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
struct vcrypto_sym_sess;
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
	/** ORed into the cookies of the ops enqueue posts: the application
	 *  queue pair's tag when several share the ring (vcrypto_dp_share.c,
	 *  set by its enqueue lcore before each burst), else 0. */
	uintptr_t cookie_tag;
	uint16_t vq_index;
	uint16_t max_segs;
	uint16_t max_inflight;		/**< the qp's nb_descriptors, <= ring */
	uint16_t drain_left;		/**< requests drained, not yet handed
					 * back (atomic: enqueue reads it) */
	uint16_t drain_next;		/**< drained[] index handed back next */
	struct vcrypto_vq_cpl *drained;	/**< ring size entries, oldest first */
	/** Running totals: never zeroed (stall and fail-streak logic). */
	struct rte_cryptodev_stats stats;
	const struct rte_memzone *mz;
	bool bad_status_logged;
	/*
	 * Recovery (vcrypto_recover.c owns it). The queue pair's lcore reports
	 * and parks; the device's watch (a control thread) acts. Nothing on
	 * the data path waits for the other side.
	 */
	uint32_t epoch;		/**< dev->epoch the ring was last usable in
				 * (atomic: set by either side, see back_on) */
	/** 1 while an enqueue burst may touch the ring (the enqueue lcore
	 *  stores it; dequeue's drain and the watch wait for 0). */
	uint8_t enq_active;
	uint32_t fault_epoch;	/**< epoch the fault below was seen in */
	uint8_t fault;		/**< enum vcrypto_qp_fault, reported by the lcore */
	bool fault_logged;	/**< the fault of fault_epoch was logged */
	bool parked;		/**< handed back all, leaves its ring alone */
	uint32_t park_epoch;	/**< the failed device's epoch it parked in */
	bool in_use;		/**< set up by the application */
	/** A session whose device session died with a reset: the watch makes
	 *  it again (no control request on the data path). NULL: none. */
	struct vcrypto_sym_sess *remake;
	/** An asym session (private data) with a padding/hash pair to be
	 *  made on the device (vcrypto_asym_session_make()). NULL: none. */
	void *asym_want;
	/* Cold, after what the bursts touch. */
	/** stats when the application last reset them (stats_get subtracts). */
	struct rte_cryptodev_stats stats_zero;
};

/** What a queue pair's lcore saw that needs the device failed. */
enum vcrypto_qp_fault {
	VCRYPTO_QP_FAULT_NONE = 0,
	VCRYPTO_QP_FAULT_STALL,		/**< no completion within the timeout */
	VCRYPTO_QP_FAULT_STATUS,	/**< NEEDS_RESET/FAILED/all-ones status */
	VCRYPTO_QP_FAULT_PROTOCOL,	/**< ring protocol violation */
};

/**
 * The fault qp's lcore reported in device epoch epoch, or
 * VCRYPTO_QP_FAULT_NONE (none, or one of an earlier epoch). Caller: the
 * device's watch.
 */
enum vcrypto_qp_fault vcrypto_dp_queue_fault(const struct vcrypto_qp *qp,
					     uint32_t epoch);

/** Requests qp completed without error, ever (the fail-streak logic). */
uint64_t vcrypto_dp_queue_completed(const struct vcrypto_qp *qp);

/**
 * Take the session qp's lcore asks to be made again after a reset, if
 * any (atomic: the lcore may ask again meanwhile). Caller: the watch.
 */
struct vcrypto_sym_sess *vcrypto_dp_queue_take_remake(struct vcrypto_qp *qp);

/**
 * Forget sess if qp asks for it to be made again (the application clears
 * the session). Caller: control plane, holding what keeps the watch out.
 */
void vcrypto_dp_queue_forget_remake(struct vcrypto_qp *qp,
				    const struct vcrypto_sym_sess *sess);

/**
 * Take the asym session (private data) qp's lcore asks device sessions
 * for, if any (atomic, as vcrypto_dp_queue_take_remake()). Caller: the
 * watch.
 */
void *vcrypto_dp_queue_take_asym_want(struct vcrypto_qp *qp);

/**
 * Forget priv if qp asks device sessions for it (the application clears
 * the session). Caller: control plane, holding what keeps the watch out.
 */
void vcrypto_dp_queue_forget_asym_want(struct vcrypto_qp *qp, const void *priv);

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
 * in flight for dequeue to hand back (ERROR, oldest first) before anything
 * new, and return the ring to its just-created state (same memory and
 * addresses). Caller: device recovery, under dev->fail_lock.
 */
void vcrypto_dp_queue_reinit(struct vcrypto_qp *qp);

/**
 * rte_cryptodev enqueue burst; one lcore per queue pair. Never waits: on a
 * failed device it takes nothing; an op whose session must be made again
 * after a reset stops the burst, untaken and untouched, until the watch
 * has made it (or it gets INVALID_SESSION if the device refused). The
 * burst also stops at a NULL op (status cannot be set: the count returned
 * is of the ops before it), and at an op at fault (its status says why:
 * INVALID_SESSION for a session not made on this device, INVALID_ARGS for
 * bad offsets, lengths or buffer addresses).
 */
uint16_t vcrypto_dp_enqueue(void *qp, struct rte_crypto_op **ops,
			    uint16_t nb_ops);

/**
 * rte_cryptodev dequeue burst; one lcore per queue pair. Never waits: a
 * stall or a protocol violation is reported (qp->fault) for the device's
 * watch to act on; once the watch has reset the device, every op in
 * flight comes back once, with ERROR, oldest first, and the queue pair
 * parks until the watch has re-initialised the device. A device whose
 * reset never completed keeps its ops: nothing comes back.
 */
uint16_t vcrypto_dp_dequeue(void *qp, struct rte_crypto_op **ops,
			    uint16_t nb_ops);

/**
 * vcrypto_dp_dequeue() that also gives each op's owner, the
 * vcrypto_req_cookie_owner() of its cookie, in owners[] (as many entries
 * as ops returned). Caller: vcrypto_dp_share.c.
 */
uint16_t vcrypto_dp_dequeue_owned(struct vcrypto_qp *qp,
				  struct rte_crypto_op **ops, uint8_t *owners,
				  uint16_t nb_ops);

#endif /* VCRYPTO_DP_H */
