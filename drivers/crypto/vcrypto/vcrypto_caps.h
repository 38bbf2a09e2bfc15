/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Device limits and capabilities: the config snapshot, its validation, and
 * the rte_cryptodev capability array built by filtering the algorithm
 * table with the device's services, masks and key limits.
 */
#ifndef VCRYPTO_CAPS_H
#define VCRYPTO_CAPS_H

#include <stdbool.h>
#include <stdint.h>

struct vcrypto_hw;
struct vcrypto_dev;
struct rte_cryptodev_capabilities;

/** struct virtio_crypto_config in CPU byte order. */
struct vcrypto_config {
	uint32_t status;
	uint32_t max_dataqueues;
	uint32_t services;
	uint32_t cipher_l, cipher_h;
	uint32_t hash;
	uint32_t mac_l, mac_h;
	uint32_t aead;
	uint32_t max_cipher_key_len;
	uint32_t max_auth_key_len;
	uint32_t akcipher;
	uint64_t max_size;
};

/** What the driver may submit, derived once from the config. */
struct vcrypto_limits {
	uint64_t cipher_mask;	/**< 0 unless the CIPHER service is offered */
	uint64_t mac_mask;	/**< 0 unless MAC is offered */
	uint32_t hash_mask;
	uint32_t aead_mask;
	uint32_t akcipher_mask;
	uint32_t max_cipher_key_len;
	uint32_t max_auth_key_len;
	uint32_t max_size;	/**< variable bytes per data request, clamped */
	/**
	 * DPDK 22.11 vhost-crypto's chained write-back quirk is assumed:
	 * the device advertises no MAC and its MACs come from trial chained
	 * sessions (vcrypto_caps_mac_trials_wanted()), which is how that
	 * back end looks. Then a chained op whose first destination piece
	 * ends at or before the cipher start is refused (vcrypto_sym.c).
	 */
	bool chain_dst_quirk;
};

/**
 * Read one consistent snapshot of the device config, converted from LE.
 * @return 0; -EIO/-ENODEV from the transport.
 */
int vcrypto_caps_read_config(struct vcrypto_hw *hw, struct vcrypto_config *cfg);

/**
 * Check the snapshot and derive the limits. Requires HW_READY,
 * 1 <= max_dataqueues and max_dataqueues + 1 <= num_queues, max_size > 0;
 * unknown status bits are an error; masks are kept only for offered
 * services; max_size is clamped to 32 bits. cipher_trials: the ciphers
 * whose trial sessions the device accepted (bring-up's step), kept of the
 * cipher mask if vcrypto_caps_cipher_trials_wanted(), else ignored.
 * mac_trials: likewise the MACs, the MAC mask (or kept of it, for session
 * messages) if vcrypto_caps_mac_trials_wanted(), else ignored. The limits
 * are final: capabilities are built from them and nothing rewrites them.
 * @return 0; -EIO the device is not usable (reason logged).
 */
int vcrypto_caps_validate(const struct vcrypto_hw *hw,
			  const struct vcrypto_config *cfg,
			  uint64_t cipher_trials, uint64_t mac_trials,
			  struct vcrypto_limits *lim);

/**
 * A device quirk: the MAC service offered with an empty MAC mask (QEMU
 * 7.2's vhost-user backend does not forward the mask, yet DPDK's
 * vhost-crypto does HMAC chains). Bring-up then asks the device with a
 * trial chained session per HMAC (AES-CBC, the cipher the trial uses)
 * and validates again with what it accepted. Also wanted when the
 * transport synthesized the config (hw->ctrl_msgs): its MAC mask is only
 * an upper bound.
 */
bool vcrypto_caps_mac_trials_wanted(const struct vcrypto_hw *hw,
				    const struct vcrypto_config *cfg);

/**
 * The config was synthesized by the transport (virtio-user session
 * messages: DPDK 22.11's vhost_crypto has no config space), its cipher
 * mask an upper bound: bring-up asks the device with a trial session per
 * cipher and key size, and validates again with what it accepted.
 */
bool vcrypto_caps_cipher_trials_wanted(const struct vcrypto_hw *hw);

/**
 * Build dev's capability array (in a memzone named after the device,
 * shared with secondaries) and its feature flags.
 * @return 0; -ENOMEM.
 */
int vcrypto_caps_create(struct vcrypto_dev *dev, int socket_id);

/** Free what vcrypto_caps_create() made. */
void vcrypto_caps_destroy(struct vcrypto_dev *dev);

/** The capability array, terminated by RTE_CRYPTO_OP_TYPE_UNDEFINED. */
const struct rte_cryptodev_capabilities *
vcrypto_caps_get(const struct vcrypto_dev *dev);

#endif /* VCRYPTO_CAPS_H */
