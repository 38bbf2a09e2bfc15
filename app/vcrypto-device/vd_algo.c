/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * The algorithms the device implements, with the parameter rules of each.
 */
#include <linux/virtio_crypto.h>

#include "vd_engine.h"

static const struct vd_cipher_info ciphers[] = {
	[VIRTIO_CRYPTO_CIPHER_AES_ECB] = { { 16, 24, 32 }, 0, 16, 16 },
	[VIRTIO_CRYPTO_CIPHER_AES_CBC] = { { 16, 24, 32 }, 16, 16, 16 },
	[VIRTIO_CRYPTO_CIPHER_AES_CTR] = { { 16, 24, 32 }, 16, 1, 1 },
	[VIRTIO_CRYPTO_CIPHER_3DES_ECB] = { { 16, 24, 0 }, 0, 8, 8 },	/* 2-key, 3-key */
	[VIRTIO_CRYPTO_CIPHER_3DES_CBC] = { { 16, 24, 0 }, 8, 8, 8 },	/* 2-key, 3-key */
	[VIRTIO_CRYPTO_CIPHER_AES_XTS] = { { 32, 64, 0 }, 16, 1, 16 },
};

const struct vd_cipher_info *vd_cipher_info(uint32_t algo)
{
	if (algo >= sizeof(ciphers) / sizeof(ciphers[0]) || !ciphers[algo].klen[0])
		return 0;
	return &ciphers[algo];
}

uint32_t vd_hash_size(uint32_t algo)
{
	switch (algo) {
	case VIRTIO_CRYPTO_HASH_MD5: return 16;
	case VIRTIO_CRYPTO_HASH_SHA1: return 20;
	case VIRTIO_CRYPTO_HASH_SHA_224: return 28;
	case VIRTIO_CRYPTO_HASH_SHA_256: return 32;
	case VIRTIO_CRYPTO_HASH_SHA_384: return 48;
	case VIRTIO_CRYPTO_HASH_SHA_512: return 64;
	case VIRTIO_CRYPTO_HASH_SHA3_224: return 28;
	case VIRTIO_CRYPTO_HASH_SHA3_256: return 32;
	case VIRTIO_CRYPTO_HASH_SHA3_384: return 48;
	case VIRTIO_CRYPTO_HASH_SHA3_512: return 64;
	case VIRTIO_CRYPTO_HASH_SHA3_SHAKE128: return 256;	/* XOF cap */
	case VIRTIO_CRYPTO_HASH_SHA3_SHAKE256: return 256;
	default: return 0;
	}
}

uint32_t vd_mac_size(uint32_t algo)
{
	switch (algo) {
	case VIRTIO_CRYPTO_MAC_HMAC_MD5: return 16;
	case VIRTIO_CRYPTO_MAC_HMAC_SHA1: return 20;
	case VIRTIO_CRYPTO_MAC_HMAC_SHA_224: return 28;
	case VIRTIO_CRYPTO_MAC_HMAC_SHA_256: return 32;
	case VIRTIO_CRYPTO_MAC_HMAC_SHA_384: return 48;
	case VIRTIO_CRYPTO_MAC_HMAC_SHA_512: return 64;
	case VIRTIO_CRYPTO_MAC_CMAC_3DES: return 8;
	case VIRTIO_CRYPTO_MAC_CMAC_AES: return 16;
	default: return 0;
	}
}

#define VD_MAX_AUTH_KEY	128

bool vd_mac_klen_ok(uint32_t algo, uint32_t klen)
{
	switch (algo) {
	case VIRTIO_CRYPTO_MAC_CMAC_AES:
		return klen == 16 || klen == 24 || klen == 32;
	case VIRTIO_CRYPTO_MAC_CMAC_3DES:
		return klen == 24;
	default:
		return vd_mac_size(algo) && klen <= VD_MAX_AUTH_KEY;
	}
}

bool vd_aead_klen_ok(uint32_t algo, uint32_t klen)
{
	switch (algo) {
	case VIRTIO_CRYPTO_AEAD_GCM:
	case VIRTIO_CRYPTO_AEAD_CCM:
		return klen == 16 || klen == 24 || klen == 32;
	case VIRTIO_CRYPTO_AEAD_CHACHA20_POLY1305:
		return klen == 32;
	default:
		return false;
	}
}

bool vd_aead_ivlen_ok(uint32_t algo, uint32_t ivlen)
{
	switch (algo) {
	case VIRTIO_CRYPTO_AEAD_GCM:
		return ivlen == 12;
	case VIRTIO_CRYPTO_AEAD_CCM:
		return ivlen >= 7 && ivlen <= 13;
	case VIRTIO_CRYPTO_AEAD_CHACHA20_POLY1305:
		return ivlen == 12;
	default:
		return false;
	}
}

bool vd_aead_taglen_ok(uint32_t algo, uint32_t t)
{
	switch (algo) {
	case VIRTIO_CRYPTO_AEAD_GCM:
		return t == 16 || t == 15 || t == 14 || t == 13 || t == 12 ||
			t == 8 || t == 4;
	case VIRTIO_CRYPTO_AEAD_CCM:
		return t >= 4 && t <= 16 && !(t & 1);
	case VIRTIO_CRYPTO_AEAD_CHACHA20_POLY1305:
		return t >= 1 && t <= 16;
	default:
		return false;
	}
}
