/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Device lifecycle: bring-up in the order the standard prescribes, teardown
 * (reset before any buffer the device has seen is freed), and failing the
 * device when it misbehaves. Calls transport, queue, ctrl, dp and caps.
 */
#include <errno.h>
#include <stdio.h>

#include <rte_eal.h>
#include <rte_common.h>

#include "vcrypto_ctrl.h"
#include "vcrypto_dev.h"
#include "vcrypto_dp.h"
#include "vcrypto_log.h"
#include "vcrypto_pci.h"
#include "vcrypto_wire.h"

#define RESET_TIMEOUT_MS 1000

#define BIT(n) (UINT64_C(1) << (n))

/* Features we understand; a modern-only driver never takes legacy bits. */
#define WANTED_FEATURES (BIT(VCRYPTO_F_VERSION_1) | \
	BIT(VCRYPTO_F_ACCESS_PLATFORM) | BIT(VCRYPTO_F_INDIRECT_DESC) | \
	BIT(VCRYPTO_F_EVENT_IDX) | BIT(VCRYPTO_F_ORDER_PLATFORM) | \
	BIT(VCRYPTO_F_NOTIF_CONFIG_DATA))

/* Largest power of two <= max, capped; 0 if the queue does not exist. */
static uint16_t
pick_size(uint16_t max, uint16_t cap)
{
	uint16_t s = RTE_MIN(max, cap);

	return s == 0 ? 0 : (uint16_t)rte_align32prevpow2(s);
}

static int
setup_queue(struct vcrypto_dev *dev, uint16_t idx, struct vcrypto_vq *vq)
{
	struct vcrypto_vq_addrs addrs;

	vcrypto_vq_addrs(vq, &addrs);
	return vcrypto_transport_ops(&dev->hw)->queue_setup(&dev->hw, idx,
		vcrypto_vq_size(vq), &addrs);
}

static int
create_queues(struct vcrypto_dev *dev, int socket_id)
{
	const struct vcrypto_transport_ops *ops = vcrypto_transport_ops(&dev->hw);
	struct vcrypto_vq_params p = {
		.max_segs = 4,	/* prefix, two keys, outcome */
		.socket_id = socket_id,
	};
	char name[RTE_MEMZONE_NAMESIZE];
	uint16_t i, size;
	int rc;

	for (i = 0; i < dev->nb_dataqs; i++) {
		size = pick_size(ops->queue_max_size(&dev->hw, i),
				 VCRYPTO_DATAQ_MAX_SIZE);
		if (size == 0) {
			VCRYPTO_LOG(ERR, "%s: data queue %u missing",
				    dev->hw.name, i);
			return -EIO;
		}
		rc = vcrypto_dp_queue_create(dev, i, size, socket_id,
					     &dev->qps[i]);
		if (rc == 0)
			rc = setup_queue(dev, i, dev->qps[i]->vq);
		if (rc != 0)
			return rc;
	}
	vcrypto_dev_vq_params(dev, &p);
	p.index = dev->ctrlq_index;
	p.size = pick_size(ops->queue_max_size(&dev->hw, p.index),
			   VCRYPTO_CTRLQ_MAX_SIZE);
	if (p.size < p.max_segs) {
		VCRYPTO_LOG(ERR, "%s: control queue %u missing or smaller than "
			    "%u entries", dev->hw.name, p.index, p.max_segs);
		return -EIO;
	}
	if (snprintf(name, sizeof(name), "vc_cq_%s", dev->hw.name) >=
	    (int)sizeof(name))
		return -ENAMETOOLONG;
	p.name = name;
	rc = vcrypto_vq_create(&p, &dev->ctrlq);
	return rc != 0 ? rc : setup_queue(dev, p.index, dev->ctrlq);
}

static int
check_iova(struct vcrypto_dev *dev)
{
	/* Without ACCESS_PLATFORM the device takes guest-physical addresses. */
	if (!vcrypto_hw_has(&dev->hw, VCRYPTO_F_ACCESS_PLATFORM) &&
	    rte_eal_iova_mode() != RTE_IOVA_PA) {
		VCRYPTO_LOG(ERR, "%s: device lacks ACCESS_PLATFORM: it needs "
			    "physical addresses (--iova-mode=pa)", dev->hw.name);
		return -ENOTSUP;
	}
	return 0;
}

static int
bring_up(struct vcrypto_dev *dev, int socket_id)
{
	int rc;

	rc = vcrypto_transport_reset(&dev->hw, RESET_TIMEOUT_MS);
	if (rc != 0)
		return rc;
	vcrypto_transport_add_status(&dev->hw, VCRYPTO_STATUS_ACKNOWLEDGE);
	vcrypto_transport_add_status(&dev->hw, VCRYPTO_STATUS_DRIVER);
	rc = vcrypto_transport_negotiate(&dev->hw, WANTED_FEATURES &
		~(dev->no_event_idx ? BIT(VCRYPTO_F_EVENT_IDX) : 0),
		BIT(VCRYPTO_F_VERSION_1));
	if (rc == 0)
		rc = check_iova(dev);
	if (rc == 0)
		rc = vcrypto_caps_read_config(&dev->hw, &dev->cfg);
	if (rc == 0)
		rc = vcrypto_caps_validate(&dev->hw, &dev->cfg, &dev->lim);
	if (rc != 0)
		return rc;
	dev->ctrlq_index = dev->cfg.max_dataqueues;
	dev->nb_dataqs = RTE_MIN(dev->cfg.max_dataqueues,
				 (uint32_t)VCRYPTO_MAX_DATAQ);
	if (dev->nb_dataqs < dev->cfg.max_dataqueues)
		VCRYPTO_LOG(NOTICE, "%s: driving %u of %u data queues",
			    dev->hw.name, dev->nb_dataqs,
			    dev->cfg.max_dataqueues);
	rc = vcrypto_ctrl_init(dev, socket_id);
	if (rc == 0)
		rc = create_queues(dev, socket_id);
	if (rc != 0)
		return rc;
	vcrypto_transport_add_status(&dev->hw, VCRYPTO_STATUS_DRIVER_OK);
	if (vcrypto_transport_ops(&dev->hw)->get_status(&dev->hw) &
	    (VCRYPTO_STATUS_NEEDS_RESET | VCRYPTO_STATUS_FAILED)) {
		VCRYPTO_LOG(ERR, "%s: device needs reset right after DRIVER_OK",
			    dev->hw.name);
		return -EIO;
	}
	return vcrypto_caps_create(dev, socket_id);
}

int
vcrypto_dev_init(struct vcrypto_dev *dev, struct rte_pci_device *pci,
		 int socket_id)
{
	int rc;

	rte_spinlock_init(&dev->fail_lock);
	rc = vcrypto_pci_init(pci, &dev->hw);
	if (rc != 0)
		return rc;
	rc = bring_up(dev, socket_id);
	if (rc != 0) {
		if (!dev->hw.gone)
			vcrypto_transport_add_status(&dev->hw,
						     VCRYPTO_STATUS_FAILED);
		vcrypto_dev_fini(dev);
	}
	return rc;
}

static void
free_queues(struct vcrypto_dev *dev)
{
	uint16_t i;

	for (i = 0; i < RTE_DIM(dev->qps); i++) {
		vcrypto_dp_queue_destroy(dev->qps[i]);
		dev->qps[i] = NULL;
	}
	vcrypto_vq_destroy(dev->ctrlq);
	dev->ctrlq = NULL;
}

void
vcrypto_dev_fini(struct vcrypto_dev *dev)
{
	/* Device Cleanup: no DMA may target what we are about to free. */
	if (dev->hw.common != NULL && !dev->hw.gone)
		vcrypto_transport_reset(&dev->hw, RESET_TIMEOUT_MS);
	free_queues(dev);
	vcrypto_ctrl_fini(dev);
	if (dev->caps_mz != NULL)
		vcrypto_caps_destroy(dev);
	dev->dead = true;
}

void
vcrypto_dev_fail(struct vcrypto_dev *dev, const char *why)
{
	uint16_t i;

	rte_spinlock_lock(&dev->fail_lock);
	if (!dev->dead) {
		VCRYPTO_LOG(ERR, "%s: failing device: %s", dev->hw.name, why);
		if (!dev->hw.gone)
			vcrypto_transport_reset(&dev->hw, RESET_TIMEOUT_MS);
		if (dev->ctrlq != NULL)
			vcrypto_vq_set_broken(dev->ctrlq);
		for (i = 0; i < dev->nb_dataqs; i++)
			if (dev->qps[i] != NULL)
				vcrypto_vq_set_broken(dev->qps[i]->vq);
		dev->dead = true;
	}
	rte_spinlock_unlock(&dev->fail_lock);
}
