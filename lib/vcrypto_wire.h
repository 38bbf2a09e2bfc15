/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Wire definitions of the virtio-crypto device that <linux/virtio_crypto.h>
 * lacks or gets wrong, plus build-time checks of the sizes the legacy
 * (non-REVISION_1) layout needs. Shared by the PMD, the backend and tests.
 * Values are from the OASIS virtio standard, "Crypto Device" chapter.
 */
#ifndef VCRYPTO_WIRE_H
#define VCRYPTO_WIRE_H

#include <stddef.h>
#include <stdint.h>
#include <linux/virtio_crypto.h>

/* Device-independent feature bits (Reserved Feature Bits). */
#define VCRYPTO_F_INDIRECT_DESC		28
#define VCRYPTO_F_EVENT_IDX		29
#define VCRYPTO_F_VERSION_1		32
#define VCRYPTO_F_ACCESS_PLATFORM	33
#define VCRYPTO_F_RING_PACKED		34
#define VCRYPTO_F_IN_ORDER		35
#define VCRYPTO_F_ORDER_PLATFORM	36
#define VCRYPTO_F_SR_IOV		37
#define VCRYPTO_F_NOTIFICATION_DATA	38
#define VCRYPTO_F_NOTIF_CONFIG_DATA	39
#define VCRYPTO_F_RING_RESET		40

/* Crypto device feature bits: neither Linux nor QEMU define them. */
#define VCRYPTO_F_REVISION_1			0
#define VCRYPTO_F_CIPHER_STATELESS_MODE		1
#define VCRYPTO_F_HASH_STATELESS_MODE		2
#define VCRYPTO_F_MAC_STATELESS_MODE		3
#define VCRYPTO_F_AEAD_STATELESS_MODE		4
#define VCRYPTO_F_AKCIPHER_STATELESS_MODE	5

/* Device status field. */
#define VCRYPTO_STATUS_ACKNOWLEDGE	0x01
#define VCRYPTO_STATUS_DRIVER		0x02
#define VCRYPTO_STATUS_DRIVER_OK	0x04
#define VCRYPTO_STATUS_FEATURES_OK	0x08
#define VCRYPTO_STATUS_NEEDS_RESET	0x40
#define VCRYPTO_STATUS_FAILED		0x80
#define VCRYPTO_STATUS_KNOWN		0xcf

/* Services: bit numbers in crypto_services (AKCIPHER is virtio 1.3). */
#define VCRYPTO_SERVICE_CIPHER		0
#define VCRYPTO_SERVICE_HASH		1
#define VCRYPTO_SERVICE_MAC		2
#define VCRYPTO_SERVICE_AEAD		3
#define VCRYPTO_SERVICE_AKCIPHER	4

/*
 * AKCIPHER algorithms as the standard numbers them. Linux 6.1's uapi header
 * says RSA 1, DSA 2, ECDSA 3; the standard (1.3) has no DSA and gives
 * ECDSA 2. The standard wins; RSA = 1 is the same in both.
 */
#define VCRYPTO_AKCIPHER_RSA		1
#define VCRYPTO_AKCIPHER_ECDSA		2

/* Status codes the standard adds after the Linux header was written. */
#define VCRYPTO_S_KEY_REJECTED		6
#define VCRYPTO_S_IPSEC_SA_SOFT_EXPIRY	7

/* Data header flag (REVISION_1): session-mode request. */
#define VCRYPTO_FLAG_SESSION_MODE	1

/* MAC id missing from the Linux header. */
#define VCRYPTO_MAC_ZUC_EIA3		54

/* Device configuration layout (Device configuration layout). */
#define VCRYPTO_CFG_STATUS		0
#define VCRYPTO_CFG_MAX_DATAQUEUES	4
#define VCRYPTO_CFG_CRYPTO_SERVICES	8
#define VCRYPTO_CFG_CIPHER_ALGO_L	12
#define VCRYPTO_CFG_CIPHER_ALGO_H	16
#define VCRYPTO_CFG_HASH_ALGO		20
#define VCRYPTO_CFG_MAC_ALGO_L		24
#define VCRYPTO_CFG_MAC_ALGO_H		28
#define VCRYPTO_CFG_AEAD_ALGO		32
#define VCRYPTO_CFG_MAX_CIPHER_KEY_LEN	36
#define VCRYPTO_CFG_MAX_AUTH_KEY_LEN	40
#define VCRYPTO_CFG_AKCIPHER_ALGO	44
#define VCRYPTO_CFG_MAX_SIZE		48
#define VCRYPTO_CFG_SIZE		56

/* Legacy (non-REVISION_1) request prefixes: header + fixed part. */
#define VCRYPTO_CTRL_HDR_LEN		16
#define VCRYPTO_CTRL_PREFIX_LEN		72
#define VCRYPTO_DATA_HDR_LEN		24
#define VCRYPTO_DATA_PREFIX_LEN		72
#define VCRYPTO_CREATE_OUTCOME_LEN	16

_Static_assert(sizeof(struct virtio_crypto_ctrl_header) == VCRYPTO_CTRL_HDR_LEN,
	       "ctrl header size");
_Static_assert(sizeof(struct virtio_crypto_op_ctrl_req) == VCRYPTO_CTRL_PREFIX_LEN,
	       "legacy ctrl request prefix");
_Static_assert(sizeof(struct virtio_crypto_op_header) == VCRYPTO_DATA_HDR_LEN,
	       "data header size");
_Static_assert(sizeof(struct virtio_crypto_op_data_req) == VCRYPTO_DATA_PREFIX_LEN,
	       "legacy data request prefix");
_Static_assert(sizeof(struct virtio_crypto_session_input) ==
	       VCRYPTO_CREATE_OUTCOME_LEN, "create outcome size");
_Static_assert(sizeof(struct virtio_crypto_config) == VCRYPTO_CFG_SIZE,
	       "config size");
_Static_assert(offsetof(struct virtio_crypto_config, max_size) ==
	       VCRYPTO_CFG_MAX_SIZE, "config max_size offset");
_Static_assert(offsetof(struct virtio_crypto_sym_create_session_req, op_type) == 48,
	       "sym create op_type offset");
_Static_assert(offsetof(struct virtio_crypto_sym_data_req, op_type) == 40,
	       "sym data op_type offset");

#endif /* VCRYPTO_WIRE_H */
