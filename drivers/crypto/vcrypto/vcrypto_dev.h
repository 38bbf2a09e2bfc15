/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * struct vcrypto_dev, the PMD's per-device state in the cryptodev's shared
 * dev_private: no function pointers (see vcrypto_transport_ops()). Data
 * only: the services read it; vcrypto_recover.c alone changes the
 * recovery fields (its API: vcrypto_recover.h).
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
struct vcrypto_sym_sess;
struct vcrypto_share;
struct vcrypto_vqp;

#define VCRYPTO_MAX_DATAQ	(VCRYPTO_MAX_QUEUES - 1)
/** Most queue pairs devarg max_nb_queue_pairs may ask (4 per data queue
 *  at most: vcrypto_dp_share.h). */
#define VCRYPTO_MAX_QPS		(VCRYPTO_MAX_DATAQ * 4)
#define VCRYPTO_DEF_CTRL_TIMEOUT_MS	3000
#define VCRYPTO_DEF_DP_TIMEOUT_MS	3000
#define VCRYPTO_DEF_EVENT_IDX	0
#define VCRYPTO_DATAQ_MAX_SIZE	1024
/** Fewest data queue entries we drive: the longest request chain a plain
 *  op needs (header, IV, source, destination, digest, status) fits, as
 *  ring entries or as an indirect table (bounded by the queue size). */
#define VCRYPTO_DATAQ_MIN_SIZE	8
#define VCRYPTO_CTRLQ_MAX_SIZE	16
/** Failures in a row, without a completed request in between, recovered. */
#define VCRYPTO_DEF_RECOVER_MAX	3
/** Period of the device's watch (an EAL alarm in the primary process). */
#define VCRYPTO_WATCH_US	10000
/** Its period while it has work queued (vcrypto_dev_watch()). */
#define VCRYPTO_WATCH_BUSY_US	200

struct vcrypto_dev {
	struct vcrypto_hw hw;
	struct vcrypto_config cfg;	/**< validated snapshot */
	struct vcrypto_limits lim;	/**< what we may submit */
	uint16_t nb_dataqs;		/**< data queues set up */
	/** Queue pairs offered (max_nb_queue_pairs): nb_dataqs, or more
	 *  sharing them (vcrypto_dp_share.h, then vqps != NULL). */
	uint16_t nb_qps;
	uint32_t max_qps_arg;		/**< devarg max_nb_queue_pairs; 0 */
	struct vcrypto_share *shares;	/**< per data queue, when shared */
	struct vcrypto_vqp *vqps;	/**< per queue pair, when shared */
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
	/** MACs whose trial sessions the device took at bring-up (quirk:
	 *  vcrypto_caps_mac_trials_wanted()); an input of the limits. */
	uint64_t mac_trials;
	/** Ciphers whose trial sessions the device took at bring-up, when
	 *  the transport synthesized the config (virtio-user session
	 *  messages: vcrypto_caps_cipher_trials_wanted()). */
	uint64_t cipher_trials;
	/** Set once the device is failed and reset: everything errors out. */
	volatile bool dead;
	/** Failed, and its reset never completed: the device may still write
	 *  its rings and the ops' buffers, so none is handed back or freed. */
	volatile bool stuck;
	/** Closing: the watch does not re-arm. */
	volatile bool closing;
	/*
	 * Recovery (vcrypto_dev_watch(), vcrypto_dev_restart()). The fields
	 * below change under fail_lock only, which the data path never takes.
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
	uint16_t dataq_limit;	/**< devarg queues= (virtio-user); 0: all */
	uint32_t fail_streak;	/**< failures since requests last completed */
	uint64_t done_mark;	/**< completed requests at the last recovery */
	bool gave_up;		/**< not recovering any more (logged once) */
};

/**
 * Ring parameters that follow from the negotiated features (layout,
 * indirect tables, event index, barriers), shared by the control and data
 * queues; the caller sets index, size, segments, socket and name.
 */
/**
 * Whether the device is failed (dead) / failed with a reset that never
 * completed (stuck): the watch writes both while lcores, the telemetry
 * thread and the application's threads read them, so each is one whole
 * load (ordering comes from dev->epoch, release-stored after them).
 */
static inline bool
vcrypto_dev_is_dead(const struct vcrypto_dev *dev)
{
	return __atomic_load_n(&dev->dead, __ATOMIC_RELAXED);
}

static inline bool
vcrypto_dev_is_stuck(const struct vcrypto_dev *dev)
{
	return __atomic_load_n(&dev->stuck, __ATOMIC_RELAXED);
}

static inline void
vcrypto_dev_vq_params(const struct vcrypto_dev *dev,
		      struct vcrypto_vq_params *p)
{
	p->layout = VCRYPTO_VQ_SPLIT;
	p->indirect = vcrypto_hw_has(&dev->hw, VCRYPTO_F_INDIRECT_DESC);
	p->event_idx = vcrypto_hw_has(&dev->hw, VCRYPTO_F_EVENT_IDX);
	p->order_platform = vcrypto_hw_has(&dev->hw, VCRYPTO_F_ORDER_PLATFORM);
}

/** Our cryptodev driver id (vcrypto_probe.c registers it). */
extern uint8_t vcrypto_driver_id;

#endif /* VCRYPTO_DEV_H */
