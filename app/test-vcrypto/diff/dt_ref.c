/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * The reference side: OpenSSL's libcrypto computes every expected cipher
 * text and MAC. Knows nothing of mbufs or devices. Algorithms without an
 * OpenSSL equivalent here (3DES-CTR, XTS, XCBC, CBC-MAC) have no entry, so
 * the runner skips them with a reason instead of guessing.
 */
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/provider.h>

#include <rte_common.h>

#include "dt.h"

#define KEYS_MAX 3

/* OpenSSL cipher names by key size; fetched once, NULL if unavailable. */
struct cipher_ref {
	struct dt_cipher c;
	struct {
		uint16_t len;
		const char *ossl;
		EVP_CIPHER *evp;
		bool tried;
	} key[KEYS_MAX];
};

static struct cipher_ref ciphers[] = {
	{ { RTE_CRYPTO_CIPHER_AES_CBC, "aes-cbc", 16, 16 },
	  { { 16, "AES-128-CBC" }, { 24, "AES-192-CBC" },
	    { 32, "AES-256-CBC" } } },
	{ { RTE_CRYPTO_CIPHER_AES_ECB, "aes-ecb", 16, 0 },
	  { { 16, "AES-128-ECB" }, { 24, "AES-192-ECB" },
	    { 32, "AES-256-ECB" } } },
	{ { RTE_CRYPTO_CIPHER_AES_CTR, "aes-ctr", 1, 16 },
	  { { 16, "AES-128-CTR" }, { 24, "AES-192-CTR" },
	    { 32, "AES-256-CTR" } } },
	/* DPDK's 16-byte 3DES key is K1 K2 with K3 = K1: OpenSSL's DES-EDE. */
	{ { RTE_CRYPTO_CIPHER_3DES_CBC, "3des-cbc", 8, 8 },
	  { { 16, "DES-EDE-CBC" }, { 24, "DES-EDE3-CBC" } } },
	{ { RTE_CRYPTO_CIPHER_3DES_ECB, "3des-ecb", 8, 0 },
	  { { 16, "DES-EDE-ECB" }, { 24, "DES-EDE3-ECB" } } },
	/* Single DES lives in OpenSSL 3's legacy provider. */
	{ { RTE_CRYPTO_CIPHER_DES_CBC, "des-cbc", 8, 8 },
	  { { 8, "DES-CBC" } } },
};

static const struct dt_mac macs[] = {
	{ RTE_CRYPTO_AUTH_MD5_HMAC, "hmac-md5", "MD5", 16 },
	{ RTE_CRYPTO_AUTH_SHA1_HMAC, "hmac-sha1", "SHA1", 20 },
	{ RTE_CRYPTO_AUTH_SHA224_HMAC, "hmac-sha224", "SHA2-224", 28 },
	{ RTE_CRYPTO_AUTH_SHA256_HMAC, "hmac-sha256", "SHA2-256", 32 },
	{ RTE_CRYPTO_AUTH_SHA384_HMAC, "hmac-sha384", "SHA2-384", 48 },
	{ RTE_CRYPTO_AUTH_SHA512_HMAC, "hmac-sha512", "SHA2-512", 64 },
	{ RTE_CRYPTO_AUTH_AES_CMAC, "aes-cmac", NULL, 16 },
};

static EVP_CIPHER_CTX *cipher_ctx;
static EVP_MAC *hmac;
static EVP_MAC *cmac;

int
dt_ref_init(void)
{
	/* Loading any provider stops the default one from autoloading. */
	if (OSSL_PROVIDER_load(NULL, "default") == NULL)
		return -1;
	(void)OSSL_PROVIDER_try_load(NULL, "legacy", 1);
	cipher_ctx = EVP_CIPHER_CTX_new();
	hmac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	cmac = EVP_MAC_fetch(NULL, "CMAC", NULL);
	return cipher_ctx != NULL && hmac != NULL ? 0 : -1;
}

static struct cipher_ref *
cipher_ref_of(const struct dt_cipher *c)
{
	unsigned int i;

	for (i = 0; i < RTE_DIM(ciphers); i++)
		if (&ciphers[i].c == c)
			return &ciphers[i];
	return NULL;
}

const struct dt_cipher *
dt_ref_cipher(enum rte_crypto_cipher_algorithm algo)
{
	unsigned int i;

	for (i = 0; i < RTE_DIM(ciphers); i++)
		if (ciphers[i].c.algo == algo)
			return &ciphers[i].c;
	return NULL;
}

const struct dt_mac *
dt_ref_mac(enum rte_crypto_auth_algorithm algo)
{
	unsigned int i;

	for (i = 0; i < RTE_DIM(macs); i++)
		if (macs[i].algo == algo)
			return &macs[i];
	return NULL;
}

static EVP_CIPHER *
cipher_evp(const struct dt_cipher *c, uint16_t key_len)
{
	struct cipher_ref *r = cipher_ref_of(c);
	unsigned int i;

	for (i = 0; r != NULL && i < KEYS_MAX && r->key[i].ossl != NULL; i++) {
		if (r->key[i].len != key_len)
			continue;
		if (!r->key[i].tried) {
			r->key[i].tried = true;
			r->key[i].evp = EVP_CIPHER_fetch(NULL, r->key[i].ossl,
				NULL);
		}
		return r->key[i].evp;
	}
	return NULL;
}

bool
dt_ref_cipher_key_ok(const struct dt_cipher *c, uint16_t key_len)
{
	return cipher_evp(c, key_len) != NULL;
}

bool
dt_ref_mac_key_ok(const struct dt_mac *m, uint16_t key_len)
{
	if (m->digest != NULL)
		return hmac != NULL && key_len > 0;
	return cmac != NULL &&
		(key_len == 16 || key_len == 24 || key_len == 32);
}

int
dt_ref_crypt(const struct dt_cipher *c, bool enc, const uint8_t *key,
		uint16_t key_len, const uint8_t *iv, const uint8_t *in,
		uint8_t *out, uint32_t len)
{
	EVP_CIPHER *evp = cipher_evp(c, key_len);
	int n1 = 0, n2 = 0;

	if (evp == NULL || len > INT32_MAX)
		return -1;
	if (EVP_CipherInit_ex2(cipher_ctx, evp, key, c->iv_len ? iv : NULL,
			enc ? 1 : 0, NULL) != 1 ||
			EVP_CIPHER_CTX_set_padding(cipher_ctx, 0) != 1 ||
			EVP_CipherUpdate(cipher_ctx, out, &n1, in,
				(int)len) != 1 ||
			EVP_CipherFinal_ex(cipher_ctx, out + n1, &n2) != 1)
		return -1;
	return (uint32_t)(n1 + n2) == len ? 0 : -1;
}

static const char *
cmac_cipher(uint16_t key_len)
{
	switch (key_len) {
	case 16: return "AES-128-CBC";
	case 24: return "AES-192-CBC";
	default: return "AES-256-CBC";
	}
}

int
dt_ref_mac_compute(const struct dt_mac *m, const uint8_t *key,
		uint16_t key_len, const uint8_t *in, uint32_t len,
		uint8_t *out, uint16_t out_len)
{
	OSSL_PARAM params[2];
	uint8_t full[EVP_MAX_MD_SIZE];
	EVP_MAC_CTX *ctx;
	size_t got = 0;
	int ok;

	if (m->digest != NULL)
		params[0] = OSSL_PARAM_construct_utf8_string(
			OSSL_MAC_PARAM_DIGEST, (char *)(uintptr_t)m->digest, 0);
	else
		params[0] = OSSL_PARAM_construct_utf8_string(
			OSSL_MAC_PARAM_CIPHER,
			(char *)(uintptr_t)cmac_cipher(key_len), 0);
	params[1] = OSSL_PARAM_construct_end();
	ctx = EVP_MAC_CTX_new(m->digest != NULL ? hmac : cmac);
	if (ctx == NULL)
		return -1;
	ok = EVP_MAC_init(ctx, key, key_len, params) == 1 &&
		EVP_MAC_update(ctx, in, len) == 1 &&
		EVP_MAC_final(ctx, full, &got, sizeof(full)) == 1 &&
		got >= out_len;
	EVP_MAC_CTX_free(ctx);
	if (!ok)
		return -1;
	memcpy(out, full, out_len);
	return 0;
}
