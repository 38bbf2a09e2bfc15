/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Crypto engine interface. Parameters are validated by the caller against
 * the algorithm table (vd_algo_*), so engines only compute. Every call
 * returns a VIRTIO_CRYPTO_* status.
 */
#ifndef VD_ENGINE_H
#define VD_ENGINE_H

#include <stdint.h>
#include <stdbool.h>

struct vd_caps {
	uint64_t cipher;	/* bit n = cipher algo n */
	uint32_t hash;
	uint64_t mac;
	uint32_t aead;
	uint32_t akcipher;
	uint32_t max_cipher_key_len;
	uint32_t max_auth_key_len;
};

struct vd_engine {
	const char *name;
	void (*caps)(struct vd_caps *c);
	int (*cipher_new)(uint32_t algo, const uint8_t *key, uint32_t klen,
			  bool enc, void **ctx);
	int (*cipher_run)(void *ctx, const uint8_t *iv, uint32_t ivlen,
			  const uint8_t *in, uint8_t *out, uint32_t len);
	int (*hash_new)(uint32_t algo, void **ctx);
	int (*mac_new)(uint32_t algo, const uint8_t *key, uint32_t klen, void **ctx);
	/* out receives rlen bytes (truncated digest or XOF output) */
	int (*digest_run)(void *ctx, const uint8_t *in, uint32_t len,
			  uint8_t *out, uint32_t rlen);
	int (*aead_new)(uint32_t algo, const uint8_t *key, uint32_t klen,
			bool enc, void **ctx);
	/* enc: in = plaintext (len), out = ciphertext || tag;
	 * dec: in = ciphertext (len) || tag, out = plaintext */
	int (*aead_run)(void *ctx, const uint8_t *iv, uint32_t ivlen,
			const uint8_t *aad, uint32_t aadlen, const uint8_t *in,
			uint32_t len, uint8_t *out, uint32_t taglen);
	/* AKCIPHER: p1 = RSA padding or ECDSA curve, p2 = RSA hash id */
	int (*ak_new)(uint32_t algo, bool private_key, const uint8_t *key, uint32_t klen,
		      uint32_t p1, uint32_t p2, void **ctx);
	/* op 0 encrypt, 1 decrypt, 2 sign, 3 verify (in2 = signed data);
	 * *olen = bytes produced into out (cap ocap) */
	int (*ak_run)(void *ctx, uint32_t op, const uint8_t *in, uint32_t ilen,
		      const uint8_t *in2, uint32_t i2len, uint8_t *out, uint32_t ocap,
		      uint32_t *olen);
	void (*free)(void *ctx);
};

extern const struct vd_engine vd_engine_openssl;
extern const struct vd_engine vd_engine_null;

/* Algorithm table: what a request may carry, engine-independent. */
struct vd_cipher_info {
	uint16_t klen[3];	/* allowed key lengths, 0 = unused slot */
	uint16_t ivlen;
	uint16_t block;		/* data length multiple of this (1 = stream) */
	uint16_t min_len;
};
const struct vd_cipher_info *vd_cipher_info(uint32_t algo);
/* digest size of a hash / MAC algorithm (0 = unknown; XOFs: max allowed) */
uint32_t vd_hash_size(uint32_t algo);
uint32_t vd_mac_size(uint32_t algo);
/* allowed MAC key length? */
bool vd_mac_klen_ok(uint32_t algo, uint32_t klen);
/* AEAD: key, iv and tag rules */
bool vd_aead_klen_ok(uint32_t algo, uint32_t klen);
bool vd_aead_ivlen_ok(uint32_t algo, uint32_t ivlen);
bool vd_aead_taglen_ok(uint32_t algo, uint32_t taglen);

#endif /* VD_ENGINE_H */
