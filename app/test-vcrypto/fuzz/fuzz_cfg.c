/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Fuzz target: the device configuration space as the probe reads it
 * (vcrypto_transport.c snapshot under config_generation, vcrypto_caps.c
 * validation and capability array). The input is the config bytes, the
 * queue count, changes of config_generation during the read, a status
 * that may read as all-ones, and which MACs the trial sessions accepted.
 * Whatever the device says, an accepted config must leave limits the
 * driver may rely on, and the capability array must be terminated, with
 * sane ranges, within those limits; nothing leaks.
 */
#include "ut_clock.h"

#include "vcrypto_transport.c"
#include "vcrypto_caps.c"

#include <stdlib.h>

#include "fuzz.h"
#include "ut.h"

static struct {
	uint8_t cfg[VCRYPTO_CFG_SIZE];
	uint8_t gen;
	unsigned int bump;	/* config changes during this many reads */
	bool gone;
} fc;

static uint8_t
f_get_status(struct vcrypto_hw *hw)
{
	if (fc.gone) {
		hw->gone = true;
		return 0xff;
	}
	return VCRYPTO_STATUS_DRIVER_OK;
}

static uint8_t
f_config_generation(struct vcrypto_hw *hw)
{
	RTE_SET_USED(hw);
	return fc.gen;
}

static int
f_read_config(struct vcrypto_hw *hw, uint32_t off, void *dst, uint32_t len)
{
	if ((off | len) & 3 || off + len > sizeof(fc.cfg))
		return -EINVAL;
	if (fc.gone) {
		hw->gone = true;
		memset(dst, 0xff, len);
		return 0;
	}
	memcpy(dst, fc.cfg + off, len);
	if (fc.bump > 0) {
		fc.bump--;
		fc.gen++;
		fc.cfg[off % sizeof(fc.cfg)] ^= 0x5a;
	}
	return 0;
}

const struct vcrypto_transport_ops vcrypto_pci_ops = {
	.get_status = f_get_status,
	.config_generation = f_config_generation,
	.read_config = f_read_config,
};

/* Never dispatched to here (no virtio-user device in this target). */
const struct vcrypto_transport_ops vcrypto_user_ops;

/* Every capability: a known op, key/digest/IV ranges ordered and within
 * the validated limits. */
static void
check_caps(const struct vcrypto_dev *dev)
{
	const struct rte_cryptodev_capabilities *c = vcrypto_caps_get(dev);
	const struct rte_crypto_param_range *k;
	unsigned int n;

	FZ_CHECK(c != NULL);
	for (n = 0; c[n].op != RTE_CRYPTO_OP_TYPE_UNDEFINED; n++) {
		FZ_CHECK(n < MAX_CAPS);
		if (c[n].op != RTE_CRYPTO_OP_TYPE_SYMMETRIC)
			continue;
		switch (c[n].sym.xform_type) {
		case RTE_CRYPTO_SYM_XFORM_CIPHER:
			k = &c[n].sym.cipher.key_size;
			FZ_CHECK(dev->lim.cipher_mask != 0);
			FZ_CHECK(k->max <= dev->lim.max_cipher_key_len);
			FZ_CHECK(c[n].sym.cipher.iv_size.min <=
				 c[n].sym.cipher.iv_size.max);
			break;
		case RTE_CRYPTO_SYM_XFORM_AUTH:
			k = &c[n].sym.auth.key_size;
			FZ_CHECK(k->max == 0 ||
				 k->max <= dev->lim.max_auth_key_len);
			FZ_CHECK(c[n].sym.auth.digest_size.min <=
				 c[n].sym.auth.digest_size.max);
			break;
		default:
			continue;
		}
		FZ_CHECK(k->min <= k->max);
		FZ_CHECK(k->increment == 0 || k->min < k->max ||
			 k->min == k->max);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = { data, size, 0 };
	struct vcrypto_dev dev;
	uint64_t mac_trials;
	uint32_t services, dq;
	unsigned int i;
	int rc;

	fz_quiet();
	memset(&fc, 0, sizeof(fc));
	memset(&dev, 0, sizeof(dev));
	snprintf(dev.hw.name, sizeof(dev.hw.name), "fz0");
	dev.hw.kind = VCRYPTO_TRANSPORT_PCI;
	dev.hw.num_queues = fz_u16(&f);
	fc.bump = fz_u8(&f) % 4;
	fc.gone = fz_u8(&f) == 0xff;
	mac_trials = (uint64_t)fz_u32(&f) << 32 | fz_u32(&f);
	for (i = 0; i < sizeof(fc.cfg); i++)
		fc.cfg[i] = fz_u8(&f);
	ut_clock_reset();

	rc = vcrypto_caps_read_config(&dev.hw, &dev.cfg);
	if (rc == 0)
		rc = vcrypto_caps_validate(&dev.hw, &dev.cfg, 0, mac_trials,
					   &dev.lim);
	if (rc == 0) {
		dq = dev.cfg.max_dataqueues;
		services = dev.cfg.services;
		FZ_CHECK(!fc.gone);
		FZ_CHECK(dq >= 1 && dq + 1 <= dev.hw.num_queues);
		FZ_CHECK(dev.cfg.status == VIRTIO_CRYPTO_S_HW_READY);
		FZ_CHECK(dev.lim.cipher_mask == 0 ||
			 services & 1u << VCRYPTO_SERVICE_CIPHER);
		FZ_CHECK(dev.lim.mac_mask == 0 ||
			 services & 1u << VCRYPTO_SERVICE_MAC);
		FZ_CHECK(dev.lim.hash_mask == 0 ||
			 services & 1u << VCRYPTO_SERVICE_HASH);
		FZ_CHECK(dev.lim.aead_mask == 0 ||
			 services & 1u << VCRYPTO_SERVICE_AEAD);
		FZ_CHECK(dev.lim.akcipher_mask == 0 ||
			 services & 1u << VCRYPTO_SERVICE_AKCIPHER);
		FZ_CHECK(dev.lim.max_size == RTE_MIN(dev.cfg.max_size,
						     (uint64_t)UINT32_MAX));
		FZ_CHECK(dev.lim.max_size > 0);
		rc = vcrypto_caps_create(&dev, 0);
		FZ_CHECK(rc == 0 || rc == -ENOMEM);
		if (rc == 0) {
			check_caps(&dev);
			vcrypto_caps_destroy(&dev);
		}
	} else {
		FZ_CHECK(rc == -EIO || rc == -ENODEV || rc == -EAGAIN ||
			 rc == -EINVAL || rc == -ETIMEDOUT);
	}
	FZ_CHECK(ut_allocs_live() == 0);
	return 0;
}
