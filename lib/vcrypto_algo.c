/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Algorithm table (see vcrypto_algo.h). Ranges are what the standard and
 * the algorithm allow; the device's max key lengths narrow them at run time.
 * IV rules per the standard: CBC/F8/KASUMI/SNOW3G block-sized, CTR a full
 * counter block, XTS a 16-byte tweak, ECB none. Left out until a request
 * path handles their semantics: DES_ECB (no DPDK enum in 22.11), ARC4,
 * KASUMI/SNOW3G/ZUC (DPDK gives their lengths in bits), AES-F8 and GMAC
 * (IV conventions differ between DPDK and the standard).
 */
#include <stddef.h>

#include <rte_common.h>

#include "vcrypto_algo.h"
#include "vcrypto_wire.h"

#define R(a, b, c) { .min = (a), .max = (b), .inc = (c) }

const struct vcrypto_cipher_algo vcrypto_cipher_algos[] = {
	{ VIRTIO_CRYPTO_CIPHER_AES_ECB, RTE_CRYPTO_CIPHER_AES_ECB, "aes-ecb",
	  16, R(16, 32, 8), R(0, 0, 0) },
	{ VIRTIO_CRYPTO_CIPHER_AES_CBC, RTE_CRYPTO_CIPHER_AES_CBC, "aes-cbc",
	  16, R(16, 32, 8), R(16, 16, 0) },
	{ VIRTIO_CRYPTO_CIPHER_AES_CTR, RTE_CRYPTO_CIPHER_AES_CTR, "aes-ctr",
	  16, R(16, 32, 8), R(16, 16, 0) },
	{ VIRTIO_CRYPTO_CIPHER_DES_CBC, RTE_CRYPTO_CIPHER_DES_CBC, "des-cbc",
	  8, R(8, 8, 0), R(8, 8, 0) },
	{ VIRTIO_CRYPTO_CIPHER_3DES_ECB, RTE_CRYPTO_CIPHER_3DES_ECB, "3des-ecb",
	  8, R(16, 24, 8), R(0, 0, 0) },
	{ VIRTIO_CRYPTO_CIPHER_3DES_CBC, RTE_CRYPTO_CIPHER_3DES_CBC, "3des-cbc",
	  8, R(16, 24, 8), R(8, 8, 0) },
	{ VIRTIO_CRYPTO_CIPHER_3DES_CTR, RTE_CRYPTO_CIPHER_3DES_CTR, "3des-ctr",
	  8, R(16, 24, 8), R(8, 8, 0) },
	{ VIRTIO_CRYPTO_CIPHER_AES_XTS, RTE_CRYPTO_CIPHER_AES_XTS, "aes-xts",
	  16, R(32, 64, 32), R(16, 16, 0) },
};
const unsigned int vcrypto_nb_cipher_algos = RTE_DIM(vcrypto_cipher_algos);

/* HMAC keys: any length up to the device's max_auth_key_len. */
const struct vcrypto_mac_algo vcrypto_mac_algos[] = {
	{ VIRTIO_CRYPTO_MAC_HMAC_MD5, RTE_CRYPTO_AUTH_MD5_HMAC, "hmac-md5",
	  64, R(1, 64, 1), R(1, 16, 1) },
	{ VIRTIO_CRYPTO_MAC_HMAC_SHA1, RTE_CRYPTO_AUTH_SHA1_HMAC, "hmac-sha1",
	  64, R(1, 64, 1), R(1, 20, 1) },
	{ VIRTIO_CRYPTO_MAC_HMAC_SHA_224, RTE_CRYPTO_AUTH_SHA224_HMAC,
	  "hmac-sha224", 64, R(1, 64, 1), R(1, 28, 1) },
	{ VIRTIO_CRYPTO_MAC_HMAC_SHA_256, RTE_CRYPTO_AUTH_SHA256_HMAC,
	  "hmac-sha256", 64, R(1, 64, 1), R(1, 32, 1) },
	{ VIRTIO_CRYPTO_MAC_HMAC_SHA_384, RTE_CRYPTO_AUTH_SHA384_HMAC,
	  "hmac-sha384", 128, R(1, 128, 1), R(1, 48, 1) },
	{ VIRTIO_CRYPTO_MAC_HMAC_SHA_512, RTE_CRYPTO_AUTH_SHA512_HMAC,
	  "hmac-sha512", 128, R(1, 128, 1), R(1, 64, 1) },
	{ VIRTIO_CRYPTO_MAC_CMAC_AES, RTE_CRYPTO_AUTH_AES_CMAC, "aes-cmac",
	  16, R(16, 32, 8), R(4, 16, 4) },
	{ VIRTIO_CRYPTO_MAC_CBCMAC_AES, RTE_CRYPTO_AUTH_AES_CBC_MAC,
	  "aes-cbc-mac", 16, R(16, 32, 8), R(4, 16, 4) },
	{ VIRTIO_CRYPTO_MAC_XCBC_AES, RTE_CRYPTO_AUTH_AES_XCBC_MAC,
	  "aes-xcbc-mac", 16, R(16, 16, 0), R(12, 12, 0) },
};
const unsigned int vcrypto_nb_mac_algos = RTE_DIM(vcrypto_mac_algos);

const struct vcrypto_hash_algo vcrypto_hash_algos[] = {
	{ VIRTIO_CRYPTO_HASH_MD5, RTE_CRYPTO_AUTH_MD5, "md5", 64,
	  R(1, 16, 1) },
	{ VIRTIO_CRYPTO_HASH_SHA1, RTE_CRYPTO_AUTH_SHA1, "sha1", 64,
	  R(1, 20, 1) },
	{ VIRTIO_CRYPTO_HASH_SHA_224, RTE_CRYPTO_AUTH_SHA224, "sha224", 64,
	  R(1, 28, 1) },
	{ VIRTIO_CRYPTO_HASH_SHA_256, RTE_CRYPTO_AUTH_SHA256, "sha256", 64,
	  R(1, 32, 1) },
	{ VIRTIO_CRYPTO_HASH_SHA_384, RTE_CRYPTO_AUTH_SHA384, "sha384", 128,
	  R(1, 48, 1) },
	{ VIRTIO_CRYPTO_HASH_SHA_512, RTE_CRYPTO_AUTH_SHA512, "sha512", 128,
	  R(1, 64, 1) },
	{ VIRTIO_CRYPTO_HASH_SHA3_224, RTE_CRYPTO_AUTH_SHA3_224, "sha3-224",
	  144, R(28, 28, 0) },
	{ VIRTIO_CRYPTO_HASH_SHA3_256, RTE_CRYPTO_AUTH_SHA3_256, "sha3-256",
	  136, R(32, 32, 0) },
	{ VIRTIO_CRYPTO_HASH_SHA3_384, RTE_CRYPTO_AUTH_SHA3_384, "sha3-384",
	  104, R(48, 48, 0) },
	{ VIRTIO_CRYPTO_HASH_SHA3_512, RTE_CRYPTO_AUTH_SHA3_512, "sha3-512",
	  72, R(64, 64, 0) },
};
const unsigned int vcrypto_nb_hash_algos = RTE_DIM(vcrypto_hash_algos);

const struct vcrypto_cipher_algo *
vcrypto_cipher_by_rte(enum rte_crypto_cipher_algorithm algo)
{
	unsigned int i;

	for (i = 0; i < vcrypto_nb_cipher_algos; i++)
		if (vcrypto_cipher_algos[i].rte == algo)
			return &vcrypto_cipher_algos[i];
	return NULL;
}

const struct vcrypto_mac_algo *
vcrypto_mac_by_rte(enum rte_crypto_auth_algorithm algo)
{
	unsigned int i;

	for (i = 0; i < vcrypto_nb_mac_algos; i++)
		if (vcrypto_mac_algos[i].rte == algo)
			return &vcrypto_mac_algos[i];
	return NULL;
}

const struct vcrypto_hash_algo *
vcrypto_hash_by_rte(enum rte_crypto_auth_algorithm algo)
{
	unsigned int i;

	for (i = 0; i < vcrypto_nb_hash_algos; i++)
		if (vcrypto_hash_algos[i].rte == algo)
			return &vcrypto_hash_algos[i];
	return NULL;
}

int
vcrypto_range_has(const struct vcrypto_range *r, uint32_t len)
{
	if (len < r->min || len > r->max)
		return 0;
	if (r->inc == 0)
		return len == r->min;
	return (len - r->min) % r->inc == 0;
}
