/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * struct vcrypto_dev, the PMD's per-device state in the cryptodev's shared
 * dev_private: no function pointers (see vcrypto_transport_ops()).
 */
#ifndef VCRYPTO_DEV_H
#define VCRYPTO_DEV_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_spinlock.h>

#include "vcrypto_caps.h"
#include "vcrypto_transport.h"
#include "vcrypto_vq.h"
#include "vcrypto_wire.h"

struct rte_memzone;
struct vcrypto_vq;
struct vcrypto_qp;

#define VCRYPTO_MAX_DATAQ	(VCRYPTO_MAX_QUEUES - 1)
#define VCRYPTO_DEF_CTRL_TIMEOUT_MS	3000
#define VCRYPTO_DEF_DP_TIMEOUT_MS	3000
#define VCRYPTO_DEF_EVENT_IDX	0
#define VCRYPTO_DATAQ_MAX_SIZE	1024
#define VCRYPTO_CTRLQ_MAX_SIZE	16
/** Failures in a row, without a completed request in between, recovered. */
#define VCRYPTO_DEF_RECOVER_MAX	3

struct vcrypto_dev {
	struct vcrypto_hw hw;
	struct vcrypto_config cfg;	/**< validated snapshot */
	struct vcrypto_limits lim;	/**< what we may submit */
	uint16_t nb_dataqs;		/**< data queues set up */
	uint16_t ctrlq_index;		/**< = max_dataqueues */
	struct vcrypto_vq *ctrlq;
	struct vcrypto_qp *qps[VCRYPTO_MAX_DATAQ];
	const struct rte_memzone *caps_mz;
	const struct rte_memzone *ctrl_mz;	/**< control request buffer */
	rte_spinlock_t ctrl_lock;	/**< one control request at a time */
	rte_spinlock_t fail_lock;
	uint32_t ctrl_timeout_ms;
	uint32_t dp_timeout_ms;
	/** devarg event_idx=0 (the default): leave VIRTIO_RING_F_EVENT_IDX out */
	bool no_event_idx;
	/** devarg quiet_kick_us: kick after this long without one; 0 never */
	uint32_t quiet_kick_us;
	uint64_t feature_flags;
	/** Set once the device is failed and reset: everything errors out. */
	volatile bool dead;
	/*
	 * Recovery (vcrypto_dev_qp_settle(), vcrypto_dev_restart()). The
	 * fields below change under fail_lock only.
	 */
	/** Bumped by every failure and every recovery: a queue pair whose
	 *  own copy differs leaves its fast path (one compare per burst). */
	volatile uint32_t epoch;
	/** Bumped by every recovery: device sessions made in an earlier
	 *  generation died with the reset and are made again on first use. */
	volatile uint32_t generation;
	/** Last stamp given to a session's request prefix (atomic; in
	 *  shared memory, so unique across processes). */
	uint64_t sess_stamp;
	uint32_t recover_max;	/**< devarg; 0: a failed device stays failed */
	uint32_t fail_streak;	/**< failures since requests last completed */
	uint64_t done_mark;	/**< completed requests at the last recovery */
	bool gave_up;		/**< not recovering any more (logged once) */
};

/**
 * Give up on the device after a protocol violation or a stall seen on any
 * queue: reset it (stops DMA), mark every queue broken, log why once. The
 * data path then completes in-flight ops with an error status.
 * Thread-safe; later calls do nothing.
 */
void vcrypto_dev_fail(struct vcrypto_dev *dev, const char *why);

/**
 * vcrypto_dev_fail(), unless the device is no longer in epoch (it failed,
 * or failed and recovered, since the caller saw epoch): for a caller that
 * found the failure without holding off recovery, such as the control
 * queue, so that it never fails a device recovered meanwhile.
 */
void vcrypto_dev_fail_if(struct vcrypto_dev *dev, uint32_t epoch,
			 const char *why);

/**
 * A queue pair that left its fast path (qp->epoch != dev->epoch) and has
 * nothing in flight nor left to hand back. If the device is failed, park
 * the queue pair and, once every queue pair set up is parked, re-initialise
 * the device in place (General Initialization And Device Operation /
 * Device Initialization, rings and buffers kept): same features, no fewer
 * capabilities, every ring and the control queue zeroed and given to the
 * device again, DRIVER_OK. A device that is gone, or that failed
 * recover_max times in a row without completing a request, is left failed.
 * If the device is alive, unpark the queue pair.
 *
 * Thread rule: a ring is re-initialised only while its queue pair is
 * parked, and a parked queue pair does not touch its ring; parked and
 * qp->epoch change under fail_lock only (try-locked here: a busy lock
 * means another lcore is failing or recovering the device).
 * Caller: the queue pair's enqueue/dequeue, its lcore.
 * @return true if the device is alive and the queue pair may use its ring.
 */
bool vcrypto_dev_qp_settle(struct vcrypto_dev *dev, struct vcrypto_qp *qp);

/**
 * Recover a failed device now, as vcrypto_dev_qp_settle() does, without
 * waiting for queue pairs to park, and with a fresh retry budget: the
 * application asked. Caller: dev_configure/queue_pair_setup/dev_start, with
 * no lcore inside enqueue/dequeue of this device (it is stopped).
 * @return 0 device alive; -ENODEV failed and not recovered (reason logged).
 */
int vcrypto_dev_restart(struct vcrypto_dev *dev);

struct rte_pci_device;

/**
 * Ring parameters that follow from the negotiated features (layout,
 * indirect tables, event index, barriers), shared by the control and data
 * queues; the caller sets index, size, segments, socket and name.
 */
static inline void
vcrypto_dev_vq_params(const struct vcrypto_dev *dev,
		      struct vcrypto_vq_params *p)
{
	p->layout = VCRYPTO_VQ_SPLIT;
	p->indirect = vcrypto_hw_has(&dev->hw, VCRYPTO_F_INDIRECT_DESC);
	p->event_idx = vcrypto_hw_has(&dev->hw, VCRYPTO_F_EVENT_IDX);
	p->order_platform = vcrypto_hw_has(&dev->hw, VCRYPTO_F_ORDER_PLATFORM);
}

/**
 * Bring the device up (General Initialization And Device Operation /
 * Device Initialization): transport, reset, features, config, control and
 * data queues, DRIVER_OK, capabilities. Caller: probe, primary, once.
 * dev->hw.name, ctrl_timeout_ms, dp_timeout_ms and recover_max must be set.
 * @return 0; negative errno with the device left FAILED and nothing allocated.
 */
int vcrypto_dev_init(struct vcrypto_dev *dev, struct rte_pci_device *pci,
		     int socket_id);

/** Reset the device and free everything vcrypto_dev_init() made. Idempotent. */
void vcrypto_dev_fini(struct vcrypto_dev *dev);

#endif /* VCRYPTO_DEV_H */
