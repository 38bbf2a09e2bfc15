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
#define VCRYPTO_DATAQ_MAX_SIZE	1024
#define VCRYPTO_CTRLQ_MAX_SIZE	16

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
	/** devarg event_idx=0: leave VIRTIO_F_EVENT_IDX out even if offered */
	bool no_event_idx;
	uint64_t feature_flags;
	/** Set once the device is failed and reset: everything errors out. */
	volatile bool dead;
};

/**
 * Give up on the device after a protocol violation or a stall seen on any
 * queue: reset it (stops DMA), mark every queue broken, log why once. The
 * data path then completes in-flight ops with an error status.
 * Thread-safe; later calls do nothing.
 */
void vcrypto_dev_fail(struct vcrypto_dev *dev, const char *why);



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
 * dev->hw.name, ctrl_timeout_ms and dp_timeout_ms must be set.
 * @return 0; negative errno with the device left FAILED and nothing allocated.
 */
int vcrypto_dev_init(struct vcrypto_dev *dev, struct rte_pci_device *pci,
		     int socket_id);

/** Reset the device and free everything vcrypto_dev_init() made. Idempotent. */
void vcrypto_dev_fini(struct vcrypto_dev *dev);

#endif /* VCRYPTO_DEV_H */
