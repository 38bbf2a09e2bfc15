/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * What the device advertises: printing its capabilities and feature flags,
 * algorithm names, and range checks against a capability. Reads
 * rte_cryptodev_info only; runs nothing.
 */

#ifndef TV_CAPS_H
#define TV_CAPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_cryptodev.h>

/** Print one "# cap ..." line per capability and a feature-flag line. */
void tv_caps_print(const struct rte_cryptodev_info *info);

/** Names used in case names ("aes-cbc", "sha256-hmac"); never NULL. */
const char *tv_cipher_name(enum rte_crypto_cipher_algorithm algo);
const char *tv_auth_name(enum rte_crypto_auth_algorithm algo);
const char *tv_aead_name(enum rte_crypto_aead_algorithm algo);
const char *tv_asym_name(enum rte_crypto_asym_xform_type type);

/** True when @v lies in @r (min..max, in steps of increment). */
bool tv_range_ok(const struct rte_crypto_param_range *r, uint32_t v);

/** Write @r as "min..max/step" into @buf. */
void tv_range_str(char *buf, size_t len,
		const struct rte_crypto_param_range *r);

/** The device's capability for a cipher or auth algorithm, or NULL. */
const struct rte_cryptodev_symmetric_capability *
tv_caps_cipher(uint8_t dev_id, enum rte_crypto_cipher_algorithm algo);
const struct rte_cryptodev_symmetric_capability *
tv_caps_auth(uint8_t dev_id, enum rte_crypto_auth_algorithm algo);

#endif /* TV_CAPS_H */
