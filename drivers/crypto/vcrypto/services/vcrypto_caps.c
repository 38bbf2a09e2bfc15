/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Device limits and capabilities (Device configuration layout). Every
 * config value is checked here, once, before anything uses it. The array
 * advertises an algorithm only when the device's mask has it, the PMD has a
 * request path for it and the key limits leave at least one key size.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_cryptodev.h>
#include <rte_memzone.h>

#include "vcrypto_algo.h"
#include "vcrypto_asym.h"
#include "vcrypto_caps.h"
#include "vcrypto_dev.h"
#include "vcrypto_log.h"
#include "vcrypto_wire.h"

#define MAX_CAPS 64

int
vcrypto_caps_read_config(struct vcrypto_hw *hw, struct vcrypto_config *cfg)
{
	struct virtio_crypto_config raw;
	int rc;

	rc = vcrypto_transport_read_config(hw, 0, &raw, sizeof(raw));
	if (rc != 0)
		return rc;
	cfg->status = rte_le_to_cpu_32(raw.status);
	cfg->max_dataqueues = rte_le_to_cpu_32(raw.max_dataqueues);
	cfg->services = rte_le_to_cpu_32(raw.crypto_services);
	cfg->cipher_l = rte_le_to_cpu_32(raw.cipher_algo_l);
	cfg->cipher_h = rte_le_to_cpu_32(raw.cipher_algo_h);
	cfg->hash = rte_le_to_cpu_32(raw.hash_algo);
	cfg->mac_l = rte_le_to_cpu_32(raw.mac_algo_l);
	cfg->mac_h = rte_le_to_cpu_32(raw.mac_algo_h);
	cfg->aead = rte_le_to_cpu_32(raw.aead_algo);
	cfg->max_cipher_key_len = rte_le_to_cpu_32(raw.max_cipher_key_len);
	cfg->max_auth_key_len = rte_le_to_cpu_32(raw.max_auth_key_len);
	/* Was "reserved" before virtio 1.3: reads 0 on older devices. */
	cfg->akcipher = rte_le_to_cpu_32(raw.akcipher_algo);
	cfg->max_size = rte_le_to_cpu_64(raw.max_size);
	return 0;
}

static bool
has_service(const struct vcrypto_config *cfg, unsigned int s)
{
	return (cfg->services >> s) & 1;
}

int
vcrypto_caps_validate(const struct vcrypto_hw *hw,
		      const struct vcrypto_config *cfg, uint64_t cipher_trials,
		      uint64_t mac_trials, struct vcrypto_limits *lim)
{
	if (cfg->status & ~(uint32_t)VIRTIO_CRYPTO_S_HW_READY) {
		VCRYPTO_LOG(ERR, "%s: config status 0x%x has unknown bits",
			    hw->name, cfg->status);
		return -EIO;
	}
	if (!(cfg->status & VIRTIO_CRYPTO_S_HW_READY)) {
		VCRYPTO_LOG(ERR, "%s: device not ready (HW_READY clear; "
			    "backend not connected?)", hw->name);
		return -EIO;
	}
	if (cfg->max_dataqueues < 1 ||
	    (uint64_t)cfg->max_dataqueues + 1 > hw->num_queues) {
		VCRYPTO_LOG(ERR, "%s: max_dataqueues %u does not fit "
			    "num_queues %u", hw->name, cfg->max_dataqueues,
			    hw->num_queues);
		return -EIO;
	}
	if (cfg->max_size == 0) {
		/* Every request would be refused after a successful probe. */
		VCRYPTO_LOG(ERR, "%s: max_size 0: the device takes no request",
			    hw->name);
		return -EIO;
	}
	if (cfg->services & ~0x3fu)
		VCRYPTO_LOG(NOTICE, "%s: ignoring unknown services 0x%x",
			    hw->name, cfg->services & ~0x3fu);
	memset(lim, 0, sizeof(*lim));
	if (has_service(cfg, VCRYPTO_SERVICE_CIPHER))
		lim->cipher_mask = (uint64_t)cfg->cipher_h << 32 | cfg->cipher_l;
	if (has_service(cfg, VCRYPTO_SERVICE_HASH))
		lim->hash_mask = cfg->hash;
	if (has_service(cfg, VCRYPTO_SERVICE_MAC))
		lim->mac_mask = (uint64_t)cfg->mac_h << 32 | cfg->mac_l;
	if (vcrypto_caps_cipher_trials_wanted(hw))
		lim->cipher_mask &= cipher_trials;
	if (vcrypto_caps_mac_trials_wanted(hw, cfg)) {
		lim->mac_mask = hw->ctrl_msgs ? lim->mac_mask & mac_trials :
			mac_trials;
		/* Both are DPDK vhost-crypto's signs (a QEMU 7.2 front of it,
		 * or its session messages). */
		lim->chain_dst_quirk = true;
	}
	if (has_service(cfg, VCRYPTO_SERVICE_AEAD))
		lim->aead_mask = cfg->aead;
	if (has_service(cfg, VCRYPTO_SERVICE_AKCIPHER))
		lim->akcipher_mask = cfg->akcipher;
	lim->max_cipher_key_len = cfg->max_cipher_key_len;
	lim->max_auth_key_len = cfg->max_auth_key_len;
	lim->max_size = (uint32_t)RTE_MIN(cfg->max_size, (uint64_t)UINT32_MAX);
	VCRYPTO_LOG(INFO, "%s: services 0x%x cipher 0x%" PRIx64 " hash 0x%x "
		    "mac 0x%" PRIx64 " aead 0x%x akcipher 0x%x keys %u/%u "
		    "max_size %" PRIu64 " dataqs %u", hw->name, cfg->services,
		    lim->cipher_mask, lim->hash_mask, lim->mac_mask,
		    lim->aead_mask, lim->akcipher_mask, cfg->max_cipher_key_len,
		    cfg->max_auth_key_len, cfg->max_size, cfg->max_dataqueues);
	return 0;
}

/* Narrow a range to sizes <= limit; false if none is left. */
static bool
clamp_range(const struct vcrypto_range *in, uint32_t limit,
	    struct rte_crypto_param_range *out)
{
	uint16_t max = in->max;

	if (in->min > limit)
		return false;
	if (max > limit)
		max = in->inc ? in->min + (limit - in->min) / in->inc * in->inc
			      : in->min;
	out->min = in->min;
	out->max = max;
	out->increment = max == in->min ? 0 : in->inc;
	return true;
}

static unsigned int
add_ciphers(const struct vcrypto_dev *dev,
	    struct rte_cryptodev_capabilities *caps, unsigned int n)
{
	const struct vcrypto_cipher_algo *a;
	struct rte_cryptodev_capabilities *c;
	unsigned int i;

	for (i = 0; i < vcrypto_nb_cipher_algos && n < MAX_CAPS - 1; i++) {
		a = &vcrypto_cipher_algos[i];
		if (!((dev->lim.cipher_mask >> a->virtio_id) & 1))
			continue;
		c = &caps[n];
		c->op = RTE_CRYPTO_OP_TYPE_SYMMETRIC;
		c->sym.xform_type = RTE_CRYPTO_SYM_XFORM_CIPHER;
		c->sym.cipher.algo = a->rte;
		c->sym.cipher.block_size = a->block_size;
		if (!clamp_range(&a->key, dev->lim.max_cipher_key_len,
				 &c->sym.cipher.key_size)) {
			VCRYPTO_LOG(NOTICE, "%s: %s: no key size fits "
				    "max_cipher_key_len %u", dev->hw.name,
				    a->name, dev->lim.max_cipher_key_len);
			continue;
		}
		c->sym.cipher.iv_size.min = a->iv.min;
		c->sym.cipher.iv_size.max = a->iv.max;
		c->sym.cipher.iv_size.increment = a->iv.inc;
		n++;
	}
	return n;
}

bool
vcrypto_caps_mac_trials_wanted(const struct vcrypto_hw *hw,
			       const struct vcrypto_config *cfg)
{
	return has_service(cfg, VCRYPTO_SERVICE_MAC) &&
	       (hw->ctrl_msgs || (cfg->mac_l == 0 && cfg->mac_h == 0)) &&
	       has_service(cfg, VCRYPTO_SERVICE_CIPHER) &&
	       ((cfg->cipher_l >> VIRTIO_CRYPTO_CIPHER_AES_CBC) & 1);
}

bool
vcrypto_caps_cipher_trials_wanted(const struct vcrypto_hw *hw)
{
	return hw->ctrl_msgs;
}

/* MACs: usable chained with a cipher (the only MAC path devices offer). */
static unsigned int
add_macs(const struct vcrypto_dev *dev, struct rte_cryptodev_capabilities *caps,
	 unsigned int n)
{
	const struct vcrypto_mac_algo *a;
	struct rte_cryptodev_capabilities *c;
	unsigned int i;

	for (i = 0; i < vcrypto_nb_mac_algos && n < MAX_CAPS - 1; i++) {
		a = &vcrypto_mac_algos[i];
		if (!((dev->lim.mac_mask >> a->virtio_id) & 1))
			continue;
		c = &caps[n];
		c->op = RTE_CRYPTO_OP_TYPE_SYMMETRIC;
		c->sym.xform_type = RTE_CRYPTO_SYM_XFORM_AUTH;
		c->sym.auth.algo = a->rte;
		c->sym.auth.block_size = a->block_size;
		if (!clamp_range(&a->key, dev->lim.max_auth_key_len,
				 &c->sym.auth.key_size))
			continue;
		c->sym.auth.digest_size.min = a->digest.min;
		c->sym.auth.digest_size.max = a->digest.max;
		c->sym.auth.digest_size.increment = a->digest.inc;
		n++;
	}
	return n;
}

/*
 * RSA (AKCIPHER): every op type the standard gives, moduli of 512 to 4096
 * bits in 512-bit steps (what the RSA tests cover).
 * TODO(#5): ECDSA when the akcipher mask has bit 2 (standard numbering).
 */
static unsigned int
add_rsa(const struct vcrypto_dev *dev, struct rte_cryptodev_capabilities *caps,
	unsigned int n)
{
	struct rte_cryptodev_asymmetric_xform_capability *x;

	if (!((dev->lim.akcipher_mask >> VCRYPTO_AKCIPHER_RSA) & 1) ||
	    n >= MAX_CAPS - 1)
		return n;
	caps[n].op = RTE_CRYPTO_OP_TYPE_ASYMMETRIC;
	x = &caps[n].asym.xform_capa;
	x->xform_type = RTE_CRYPTO_ASYM_XFORM_RSA;
	x->op_types = RTE_BIT32(RTE_CRYPTO_ASYM_OP_ENCRYPT) |
		RTE_BIT32(RTE_CRYPTO_ASYM_OP_DECRYPT) |
		RTE_BIT32(RTE_CRYPTO_ASYM_OP_SIGN) |
		RTE_BIT32(RTE_CRYPTO_ASYM_OP_VERIFY);
	x->modlen.min = VCRYPTO_ASYM_MOD_MIN;
	x->modlen.max = VCRYPTO_ASYM_MOD_MAX;
	x->modlen.increment = VCRYPTO_ASYM_MOD_MIN;
	return n + 1;
}

/* Service bits offered for which vcrypto has no request path yet. */
static void
log_unused(const struct vcrypto_dev *dev)
{
	uint32_t akc = dev->lim.akcipher_mask &
		~RTE_BIT32(VCRYPTO_AKCIPHER_RSA);

	if (dev->lim.hash_mask || dev->lim.mac_mask || dev->lim.aead_mask ||
	    akc)
		VCRYPTO_LOG(INFO, "%s: not advertised (no request path): "
			    "hash 0x%x mac 0x%" PRIx64 " aead 0x%x "
			    "akcipher 0x%x", dev->hw.name, dev->lim.hash_mask,
			    dev->lim.mac_mask, dev->lim.aead_mask, akc);
}

int
vcrypto_caps_create(struct vcrypto_dev *dev, int socket_id)
{
	struct rte_cryptodev_capabilities *caps;
	char name[RTE_MEMZONE_NAMESIZE];
	unsigned int n = 0, nsym, nmac;

	if (snprintf(name, sizeof(name), "vc_caps_%s", dev->hw.name) >=
	    (int)sizeof(name))
		return -ENAMETOOLONG;
	dev->caps_mz = rte_memzone_lookup(name);
	if (dev->caps_mz == NULL)
		dev->caps_mz = rte_memzone_reserve(name,
			MAX_CAPS * sizeof(*caps), socket_id, 0);
	if (dev->caps_mz == NULL)
		return -ENOMEM;
	caps = dev->caps_mz->addr;
	memset(caps, 0, MAX_CAPS * sizeof(*caps));
	n = add_ciphers(dev, caps, n);
	nmac = n;
	if (n > 0)	/* MACs only chained: useless without a cipher */
		n = add_macs(dev, caps, n);
	nmac = n - nmac;
	nsym = n;
	n = add_rsa(dev, caps, n);
	log_unused(dev);
	caps[n].op = RTE_CRYPTO_OP_TYPE_UNDEFINED;

	dev->feature_flags = RTE_CRYPTODEV_FF_HW_ACCELERATED |
		RTE_CRYPTODEV_FF_OOP_LB_IN_LB_OUT;
	/*
	 * Segmented mbufs: one descriptor per piece, up to 32 per request
	 * in an indirect table (dpdk-test-vcrypto-diff proves every layout
	 * class). Without indirect tables a request may use 8 ring entries,
	 * too few to promise anything.
	 */
	if (vcrypto_hw_has(&dev->hw, VCRYPTO_F_INDIRECT_DESC))
		dev->feature_flags |= RTE_CRYPTODEV_FF_IN_PLACE_SGL |
			RTE_CRYPTODEV_FF_OOP_SGL_IN_SGL_OUT |
			RTE_CRYPTODEV_FF_OOP_SGL_IN_LB_OUT |
			RTE_CRYPTODEV_FF_OOP_LB_IN_SGL_OUT;
	if (nsym > 0)
		dev->feature_flags |= RTE_CRYPTODEV_FF_SYMMETRIC_CRYPTO;
	if (nmac > 0)
		dev->feature_flags |= RTE_CRYPTODEV_FF_SYM_OPERATION_CHAINING;
	if (n > nsym)	/* RSA: private keys as quintuple only */
		dev->feature_flags |= RTE_CRYPTODEV_FF_ASYMMETRIC_CRYPTO |
			RTE_CRYPTODEV_FF_RSA_PRIV_OP_KEY_QT;
	VCRYPTO_LOG(INFO, "%s: %u capabilities", dev->hw.name, n);
	return 0;
}

void
vcrypto_caps_destroy(struct vcrypto_dev *dev)
{
	rte_memzone_free(dev->caps_mz);
	dev->caps_mz = NULL;
}

const struct rte_cryptodev_capabilities *
vcrypto_caps_get(const struct vcrypto_dev *dev)
{
	return dev->caps_mz->addr;
}
