/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Transport-neutral device sequences (General Initialization And Device
 * Operation): reset, status, feature negotiation, config snapshots.
 * Uses transport ops only.
 */
#include <errno.h>
#include <inttypes.h>

#include <rte_cycles.h>

#include "vcrypto_log.h"
#include "vcrypto_transport.h"
#include "vcrypto_wire.h"

#define CONFIG_GEN_RETRIES 16

const struct vcrypto_transport_ops *
vcrypto_transport_ops(const struct vcrypto_hw *hw)
{
	switch (hw->kind) {
	case VCRYPTO_TRANSPORT_PCI:
		return &vcrypto_pci_ops;
	case VCRYPTO_TRANSPORT_USER:
		return &vcrypto_user_ops;
	}
	return NULL;
}

int
vcrypto_transport_reset(struct vcrypto_hw *hw, unsigned int timeout_ms)
{
	const struct vcrypto_transport_ops *ops = vcrypto_transport_ops(hw);
	uint64_t deadline = rte_get_timer_cycles() +
		rte_get_timer_hz() * timeout_ms / 1000;
	uint8_t status;

	ops->set_status(hw, 0);
	/* The device may take time to finish in-flight work (Device Reset). */
	for (;;) {
		status = ops->get_status(hw);
		if (status == 0)
			return 0;
		if (status == 0xff) {
			hw->gone = true;
			VCRYPTO_LOG(ERR, "%s: status reads 0xff: device gone",
				    hw->name);
			return -ENODEV;
		}
		if (rte_get_timer_cycles() > deadline)
			break;
		rte_delay_us_sleep(100);
	}
	VCRYPTO_LOG(ERR, "%s: reset not done after %u ms (status 0x%02x)",
		    hw->name, timeout_ms, status);
	return -ETIMEDOUT;
}

void
vcrypto_transport_add_status(struct vcrypto_hw *hw, uint8_t bits)
{
	const struct vcrypto_transport_ops *ops = vcrypto_transport_ops(hw);

	if (bits != 0)
		bits |= ops->get_status(hw);
	ops->set_status(hw, bits);
}

int
vcrypto_transport_negotiate(struct vcrypto_hw *hw, uint64_t wanted,
			    uint64_t required)
{
	const struct vcrypto_transport_ops *ops = vcrypto_transport_ops(hw);
	uint64_t offered = ops->get_features(hw);

	if (hw->gone)
		return -ENODEV;
	if ((offered & required) != required) {
		VCRYPTO_LOG(ERR, "%s: device offers features 0x%" PRIx64
			    ", missing required 0x%" PRIx64, hw->name, offered,
			    required & ~offered);
		return -ENOTSUP;
	}
	hw->features = offered & wanted;
	ops->set_features(hw, hw->features);
	vcrypto_transport_add_status(hw, VCRYPTO_STATUS_FEATURES_OK);
	if (!(ops->get_status(hw) & VCRYPTO_STATUS_FEATURES_OK)) {
		VCRYPTO_LOG(ERR, "%s: device refused features 0x%" PRIx64,
			    hw->name, hw->features);
		return -EIO;
	}
	VCRYPTO_LOG(INFO, "%s: offered 0x%" PRIx64 ", negotiated 0x%" PRIx64,
		    hw->name, offered, hw->features);
	return 0;
}

int
vcrypto_transport_read_config(struct vcrypto_hw *hw, uint32_t off,
			      void *dst, uint32_t len)
{
	const struct vcrypto_transport_ops *ops = vcrypto_transport_ops(hw);
	uint8_t before, after;
	int i, rc;

	for (i = 0; i < CONFIG_GEN_RETRIES; i++) {
		before = ops->config_generation(hw);
		rc = ops->read_config(hw, off, dst, len);
		if (rc != 0)
			return rc;
		after = ops->config_generation(hw);
		if (before == after)
			return hw->gone ? -ENODEV : 0;
	}
	VCRYPTO_LOG(ERR, "%s: config generation still changing after %d reads",
		    hw->name, CONFIG_GEN_RETRIES);
	return -EIO;
}
