/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * virtio-pci modern transport (Virtio Over PCI Bus): vendor capability
 * walk with BAR bounds checks, common/notify/ISR/device registers, queue
 * programming and doorbells. Owns register access; no crypto knowledge.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_io.h>
#include <rte_malloc.h>
#include <bus_pci_driver.h>

#include "vcrypto_log.h"
#include "vcrypto_pci.h"
#include "vcrypto_wire.h"

/* Vendor capability (Virtio Structure PCI Capabilities). */
#define CAP_ID_VNDR		0x09
#define CAP_COMMON		1
#define CAP_NOTIFY		2
#define CAP_ISR			3
#define CAP_DEVICE		4
#define PCI_STATUS_REG		0x06
#define PCI_STATUS_CAP_LIST	0x10
#define PCI_CAP_PTR		0x34
#define CAP_WALK_MAX		48

/* Common configuration structure offsets. */
#define COMMON_DFSELECT		0
#define COMMON_DF		4
#define COMMON_GFSELECT		8
#define COMMON_GF		12
#define COMMON_MSIX		16
#define COMMON_NUMQ		18
#define COMMON_STATUS		20
#define COMMON_CFGGEN		21
#define COMMON_Q_SELECT		22
#define COMMON_Q_SIZE		24
#define COMMON_Q_MSIX		26
#define COMMON_Q_ENABLE		28
#define COMMON_Q_NOFF		30
#define COMMON_Q_DESCLO		32
#define COMMON_Q_DESCHI		36
#define COMMON_Q_AVAILLO	40
#define COMMON_Q_AVAILHI	44
#define COMMON_Q_USEDLO		48
#define COMMON_Q_USEDHI		52
#define COMMON_Q_NDATA		56
#define COMMON_LEN		56	/* through queue_device */
#define COMMON_LEN_NDATA	58	/* through queue_notif_config_data */

#define NO_VECTOR		0xffff

/* The registers of one function (vcrypto_hw.priv): nobody else sees them. */
struct pci_hw {
	uint8_t *common;		/**< common configuration structure */
	uint32_t common_len;
	uint8_t *isr;
	uint8_t *device;		/**< device-specific config */
	uint32_t device_len;
	uint8_t *notify_base;
	uint32_t notify_len;
	uint32_t notify_mult;
	uint16_t *notify_addr[VCRYPTO_MAX_QUEUES];
	uint16_t notify_data[VCRYPTO_MAX_QUEUES];
};

static inline struct pci_hw *
pci_of(const struct vcrypto_hw *hw)
{
	return hw->priv;
}

struct pci_cap {
	uint8_t vndr;
	uint8_t next;
	uint8_t len;
	uint8_t type;
	uint8_t bar;
	uint8_t id;
	uint8_t pad[2];
	uint32_t offset;
	uint32_t length;
};

static uint8_t *
cap_addr(struct rte_pci_device *pci, const struct vcrypto_hw *hw,
	 const struct pci_cap *cap, uint32_t need)
{
	uint32_t off = rte_le_to_cpu_32(cap->offset);
	uint32_t len = rte_le_to_cpu_32(cap->length);
	uint64_t bar_len;

	if (cap->bar >= PCI_MAX_RESOURCE)
		return NULL;
	bar_len = pci->mem_resource[cap->bar].len;
	if (pci->mem_resource[cap->bar].addr == NULL) {
		VCRYPTO_LOG(ERR, "%s: BAR %u of cap type %u not mapped",
			    hw->name, cap->bar, cap->type);
		return NULL;
	}
	if (len < need || (uint64_t)off + len > bar_len) {
		VCRYPTO_LOG(ERR, "%s: cap type %u: offset %u + length %u "
			    "outside BAR %u of %" PRIu64 " bytes (need %u)",
			    hw->name, cap->type, off, len, cap->bar, bar_len,
			    need);
		return NULL;
	}
	return (uint8_t *)pci->mem_resource[cap->bar].addr + off;
}

/* Record the first usable capability of each type (device preference). */
static int
take_cap(struct rte_pci_device *pci, struct vcrypto_hw *hw,
	 const struct pci_cap *cap, uint8_t pos)
{
	uint32_t mult;
	uint8_t *p;

	switch (cap->type) {
	case CAP_COMMON:
		if (pci_of(hw)->common == NULL) {
			pci_of(hw)->common = cap_addr(pci, hw, cap, COMMON_LEN);
			pci_of(hw)->common_len = rte_le_to_cpu_32(cap->length);
		}
		break;
	case CAP_NOTIFY:
		if (pci_of(hw)->notify_base != NULL)
			break;
		if (rte_pci_read_config(pci, &mult, 4, pos + 16) != 4)
			return -EIO;
		p = cap_addr(pci, hw, cap, 2);
		if (p == NULL)
			break;
		pci_of(hw)->notify_base = p;
		pci_of(hw)->notify_len = rte_le_to_cpu_32(cap->length);
		pci_of(hw)->notify_mult = rte_le_to_cpu_32(mult);
		break;
	case CAP_ISR:
		if (pci_of(hw)->isr == NULL)
			pci_of(hw)->isr = cap_addr(pci, hw, cap, 1);
		break;
	case CAP_DEVICE:
		if (pci_of(hw)->device == NULL) {
			pci_of(hw)->device = cap_addr(pci, hw, cap, 4);
			pci_of(hw)->device_len = rte_le_to_cpu_32(cap->length);
		}
		break;
	default:
		break;	/* shared memory, vendor data, config window: unused */
	}
	return 0;
}

/* Walk the vendor capabilities into hw's (zeroed) registers. */
static int
walk_caps(struct rte_pci_device *pci, struct vcrypto_hw *hw)
{
	struct pci_cap cap;
	uint16_t status;
	uint8_t pos;
	int n, rc;

	if (rte_pci_read_config(pci, &status, 2, PCI_STATUS_REG) != 2 ||
	    rte_pci_read_config(pci, &pos, 1, PCI_CAP_PTR) != 1)
		return -EIO;
	if (!(rte_le_to_cpu_16(status) & PCI_STATUS_CAP_LIST))
		pos = 0;
	for (n = 0; pos != 0 && n < CAP_WALK_MAX; n++) {
		pos &= ~3;
		if (pos < 0x40)
			break;
		if (rte_pci_read_config(pci, &cap, sizeof(cap), pos) !=
		    (int)sizeof(cap))
			return -EIO;
		if (cap.vndr == CAP_ID_VNDR && cap.len >= 16) {
			rc = take_cap(pci, hw, &cap, pos);
			if (rc != 0)
				return rc;
		}
		pos = cap.next;
	}
	if (pci_of(hw)->common == NULL || pci_of(hw)->notify_base == NULL ||
	    pci_of(hw)->isr == NULL || pci_of(hw)->device == NULL) {
		VCRYPTO_LOG(ERR, "%s: no usable virtio 1.x capabilities "
			    "(legacy device?): common %p notify %p isr %p dev %p",
			    hw->name, pci_of(hw)->common, pci_of(hw)->notify_base, pci_of(hw)->isr,
			    pci_of(hw)->device);
		return -ENODEV;
	}
	hw->kind = VCRYPTO_TRANSPORT_PCI;
	hw->num_queues = rte_read16(pci_of(hw)->common + COMMON_NUMQ);
	return 0;
}

int
vcrypto_pci_init(struct rte_pci_device *pci, struct vcrypto_hw *hw)
{
	int rc;

	if (hw->priv == NULL)
		hw->priv = rte_zmalloc_socket("vcrypto_pci", sizeof(struct pci_hw),
					      0, pci->device.numa_node);
	else
		memset(hw->priv, 0, sizeof(struct pci_hw));
	if (hw->priv == NULL)
		return -ENOMEM;
	rc = walk_caps(pci, hw);
	if (rc != 0)
		vcrypto_pci_fini(hw);
	return rc;
}

void
vcrypto_pci_fini(struct vcrypto_hw *hw)
{
	rte_free(hw->priv);
	hw->priv = NULL;
}

static uint8_t
pci_get_status(struct vcrypto_hw *hw)
{
	uint8_t s = rte_read8(pci_of(hw)->common + COMMON_STATUS);

	if (s == 0xff)
		hw->gone = true;
	return s;
}

static void
pci_set_status(struct vcrypto_hw *hw, uint8_t status)
{
	rte_write8(status, pci_of(hw)->common + COMMON_STATUS);
}

static uint64_t
pci_get_features(struct vcrypto_hw *hw)
{
	uint32_t lo, hi;

	rte_write32(0, pci_of(hw)->common + COMMON_DFSELECT);
	lo = rte_read32(pci_of(hw)->common + COMMON_DF);
	rte_write32(1, pci_of(hw)->common + COMMON_DFSELECT);
	hi = rte_read32(pci_of(hw)->common + COMMON_DF);
	return ((uint64_t)hi << 32) | lo;
}

static void
pci_set_features(struct vcrypto_hw *hw, uint64_t features)
{
	rte_write32(0, pci_of(hw)->common + COMMON_GFSELECT);
	rte_write32((uint32_t)features, pci_of(hw)->common + COMMON_GF);
	rte_write32(1, pci_of(hw)->common + COMMON_GFSELECT);
	rte_write32((uint32_t)(features >> 32), pci_of(hw)->common + COMMON_GF);
}

static uint8_t
pci_config_generation(struct vcrypto_hw *hw)
{
	return rte_read8(pci_of(hw)->common + COMMON_CFGGEN);
}

/* Naturally sized 32-bit reads only (PCI Device Layout). */
static int
pci_read_config(struct vcrypto_hw *hw, uint32_t off, void *dst, uint32_t len)
{
	uint32_t i, v;

	if ((off | len) & 3 || (uint64_t)off + len > pci_of(hw)->device_len)
		return -EINVAL;
	for (i = 0; i < len; i += 4) {
		v = rte_read32(pci_of(hw)->device + off + i);
		memcpy((uint8_t *)dst + i, &v, 4);
	}
	return 0;
}

static uint16_t
pci_queue_max_size(struct vcrypto_hw *hw, uint16_t idx)
{
	rte_write16(idx, pci_of(hw)->common + COMMON_Q_SELECT);
	return rte_read16(pci_of(hw)->common + COMMON_Q_SIZE);
}

/*
 * Doorbell slot of a queue: data queues use their index (we drive at most
 * VCRYPTO_MAX_QUEUES - 1 of them); the control queue, whose index is
 * max_dataqueues and may be larger, takes the last slot.
 */
static unsigned int
qslot(uint16_t idx)
{
	return RTE_MIN(idx, VCRYPTO_MAX_QUEUES - 1);
}

static void
write64(uint8_t *lo, uint64_t v)
{
	rte_write32((uint32_t)v, lo);
	rte_write32((uint32_t)(v >> 32), lo + 4);
}

static int
pci_queue_setup(struct vcrypto_hw *hw, uint16_t idx, uint16_t size,
		const struct vcrypto_vq_addrs *addrs)
{
	uint64_t noff;

	rte_write16(idx, pci_of(hw)->common + COMMON_Q_SELECT);
	rte_write16(size, pci_of(hw)->common + COMMON_Q_SIZE);
	write64(pci_of(hw)->common + COMMON_Q_DESCLO, addrs->desc);
	write64(pci_of(hw)->common + COMMON_Q_AVAILLO, addrs->driver);
	write64(pci_of(hw)->common + COMMON_Q_USEDLO, addrs->device);
	rte_write16(NO_VECTOR, pci_of(hw)->common + COMMON_Q_MSIX);
	noff = (uint64_t)rte_read16(pci_of(hw)->common + COMMON_Q_NOFF) *
		pci_of(hw)->notify_mult;
	if (noff + 2 > pci_of(hw)->notify_len) {
		VCRYPTO_LOG(ERR, "%s: queue %u notify offset %" PRIu64
			    " outside notify area of %u bytes", hw->name, idx,
			    noff, pci_of(hw)->notify_len);
		return -EIO;
	}
	pci_of(hw)->notify_addr[qslot(idx)] = (uint16_t *)(pci_of(hw)->notify_base + noff);
	pci_of(hw)->notify_data[qslot(idx)] = idx;
	if (vcrypto_hw_has(hw, VCRYPTO_F_NOTIF_CONFIG_DATA) &&
	    pci_of(hw)->common_len >= COMMON_LEN_NDATA)
		pci_of(hw)->notify_data[qslot(idx)] =
			rte_read16(pci_of(hw)->common + COMMON_Q_NDATA);
	rte_write16(1, pci_of(hw)->common + COMMON_Q_ENABLE);
	return 0;
}

static void
pci_notify(struct vcrypto_hw *hw, uint16_t idx)
{
	rte_write16(pci_of(hw)->notify_data[qslot(idx)], pci_of(hw)->notify_addr[qslot(idx)]);
}

const struct vcrypto_transport_ops vcrypto_pci_ops = {
	.get_status = pci_get_status,
	.set_status = pci_set_status,
	.get_features = pci_get_features,
	.set_features = pci_set_features,
	.config_generation = pci_config_generation,
	.read_config = pci_read_config,
	.queue_max_size = pci_queue_max_size,
	.queue_setup = pci_queue_setup,
	.notify = pci_notify,
};
