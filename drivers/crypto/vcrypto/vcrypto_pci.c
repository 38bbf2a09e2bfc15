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
		if (hw->common == NULL) {
			hw->common = cap_addr(pci, hw, cap, COMMON_LEN);
			hw->common_len = rte_le_to_cpu_32(cap->length);
		}
		break;
	case CAP_NOTIFY:
		if (hw->notify_base != NULL)
			break;
		if (rte_pci_read_config(pci, &mult, 4, pos + 16) != 4)
			return -EIO;
		p = cap_addr(pci, hw, cap, 2);
		if (p == NULL)
			break;
		hw->notify_base = p;
		hw->notify_len = rte_le_to_cpu_32(cap->length);
		hw->notify_mult = rte_le_to_cpu_32(mult);
		break;
	case CAP_ISR:
		if (hw->isr == NULL)
			hw->isr = cap_addr(pci, hw, cap, 1);
		break;
	case CAP_DEVICE:
		if (hw->device == NULL) {
			hw->device = cap_addr(pci, hw, cap, 4);
			hw->device_len = rte_le_to_cpu_32(cap->length);
		}
		break;
	default:
		break;	/* shared memory, vendor data, config window: unused */
	}
	return 0;
}

int
vcrypto_pci_init(struct rte_pci_device *pci, struct vcrypto_hw *hw)
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
	if (hw->common == NULL || hw->notify_base == NULL ||
	    hw->isr == NULL || hw->device == NULL) {
		VCRYPTO_LOG(ERR, "%s: no usable virtio 1.x capabilities "
			    "(legacy device?): common %p notify %p isr %p dev %p",
			    hw->name, hw->common, hw->notify_base, hw->isr,
			    hw->device);
		return -ENODEV;
	}
	hw->kind = VCRYPTO_TRANSPORT_PCI;
	hw->num_queues = rte_read16(hw->common + COMMON_NUMQ);
	return 0;
}

static uint8_t
pci_get_status(struct vcrypto_hw *hw)
{
	uint8_t s = rte_read8(hw->common + COMMON_STATUS);

	if (s == 0xff)
		hw->gone = true;
	return s;
}

static void
pci_set_status(struct vcrypto_hw *hw, uint8_t status)
{
	rte_write8(status, hw->common + COMMON_STATUS);
}

static uint64_t
pci_get_features(struct vcrypto_hw *hw)
{
	uint32_t lo, hi;

	rte_write32(0, hw->common + COMMON_DFSELECT);
	lo = rte_read32(hw->common + COMMON_DF);
	rte_write32(1, hw->common + COMMON_DFSELECT);
	hi = rte_read32(hw->common + COMMON_DF);
	return ((uint64_t)hi << 32) | lo;
}

static void
pci_set_features(struct vcrypto_hw *hw, uint64_t features)
{
	rte_write32(0, hw->common + COMMON_GFSELECT);
	rte_write32((uint32_t)features, hw->common + COMMON_GF);
	rte_write32(1, hw->common + COMMON_GFSELECT);
	rte_write32((uint32_t)(features >> 32), hw->common + COMMON_GF);
}

static uint8_t
pci_config_generation(struct vcrypto_hw *hw)
{
	return rte_read8(hw->common + COMMON_CFGGEN);
}

/* Naturally sized 32-bit reads only (PCI Device Layout). */
static int
pci_read_config(struct vcrypto_hw *hw, uint32_t off, void *dst, uint32_t len)
{
	uint32_t i, v;

	if ((off | len) & 3 || (uint64_t)off + len > hw->device_len)
		return -EINVAL;
	for (i = 0; i < len; i += 4) {
		v = rte_read32(hw->device + off + i);
		memcpy((uint8_t *)dst + i, &v, 4);
	}
	return 0;
}

static uint16_t
pci_queue_max_size(struct vcrypto_hw *hw, uint16_t idx)
{
	rte_write16(idx, hw->common + COMMON_Q_SELECT);
	return rte_read16(hw->common + COMMON_Q_SIZE);
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

	rte_write16(idx, hw->common + COMMON_Q_SELECT);
	rte_write16(size, hw->common + COMMON_Q_SIZE);
	write64(hw->common + COMMON_Q_DESCLO, addrs->desc);
	write64(hw->common + COMMON_Q_AVAILLO, addrs->driver);
	write64(hw->common + COMMON_Q_USEDLO, addrs->device);
	rte_write16(NO_VECTOR, hw->common + COMMON_Q_MSIX);
	noff = (uint64_t)rte_read16(hw->common + COMMON_Q_NOFF) *
		hw->notify_mult;
	if (noff + 2 > hw->notify_len) {
		VCRYPTO_LOG(ERR, "%s: queue %u notify offset %" PRIu64
			    " outside notify area of %u bytes", hw->name, idx,
			    noff, hw->notify_len);
		return -EIO;
	}
	hw->notify_addr[qslot(idx)] = (uint16_t *)(hw->notify_base + noff);
	hw->notify_data[qslot(idx)] = idx;
	if (vcrypto_hw_has(hw, VCRYPTO_F_NOTIF_CONFIG_DATA) &&
	    hw->common_len >= COMMON_LEN_NDATA)
		hw->notify_data[qslot(idx)] =
			rte_read16(hw->common + COMMON_Q_NDATA);
	rte_write16(1, hw->common + COMMON_Q_ENABLE);
	return 0;
}

static void
pci_notify(struct vcrypto_hw *hw, uint16_t idx)
{
	rte_write16(hw->notify_data[qslot(idx)], hw->notify_addr[qslot(idx)]);
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
