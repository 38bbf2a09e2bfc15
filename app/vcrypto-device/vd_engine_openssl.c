/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * OpenSSL 3 libcrypto engine.
 */
#include <stdlib.h>
#include <string.h>
#include <linux/virtio_crypto.h>
#include <openssl/evp.h>
#include <openssl/core_names.h>
#include <openssl/params.h>
#include <openssl/decoder.h>
#include <openssl/rsa.h>
#include <openssl/bn.h>
#include <openssl/param_build.h>

#include "vd_engine.h"
#include "vcrypto_wire.h"

enum { K_CIPHER, K_DIGEST, K_MAC, K_AEAD, K_AK };

struct octx {
	int kind;
	uint32_t algo;
	bool enc;
	EVP_CIPHER_CTX *c;
	const EVP_MD *md;
	EVP_MAC_CTX *mac;
	bool xof;
	uint8_t key[64];
	uint32_t klen;
	EVP_PKEY *pkey;		/* AKCIPHER */
	bool rsa, priv;
	int padding;
	const EVP_MD *sig_md;
};

static const EVP_CIPHER *cipher_of(uint32_t algo, uint32_t klen)
{
	switch (algo) {
	case VIRTIO_CRYPTO_CIPHER_AES_ECB:
		return klen == 16 ? EVP_aes_128_ecb() : klen == 24 ? EVP_aes_192_ecb() :
			EVP_aes_256_ecb();
	case VIRTIO_CRYPTO_CIPHER_AES_CBC:
		return klen == 16 ? EVP_aes_128_cbc() : klen == 24 ? EVP_aes_192_cbc() :
			EVP_aes_256_cbc();
	case VIRTIO_CRYPTO_CIPHER_AES_CTR:
		return klen == 16 ? EVP_aes_128_ctr() : klen == 24 ? EVP_aes_192_ctr() :
			EVP_aes_256_ctr();
	case VIRTIO_CRYPTO_CIPHER_AES_XTS:
		return klen == 32 ? EVP_aes_128_xts() : EVP_aes_256_xts();
	case VIRTIO_CRYPTO_CIPHER_3DES_ECB:	/* 16 bytes: two-key K1 K2 K1 */
		return klen == 16 ? EVP_des_ede_ecb() : EVP_des_ede3_ecb();
	case VIRTIO_CRYPTO_CIPHER_3DES_CBC:
		return klen == 16 ? EVP_des_ede_cbc() : EVP_des_ede3_cbc();
	default:
		return NULL;
	}
}

static const EVP_MD *md_of(uint32_t algo, bool *xof)
{
	*xof = false;
	switch (algo) {
	case VIRTIO_CRYPTO_HASH_MD5: return EVP_md5();
	case VIRTIO_CRYPTO_HASH_SHA1: return EVP_sha1();
	case VIRTIO_CRYPTO_HASH_SHA_224: return EVP_sha224();
	case VIRTIO_CRYPTO_HASH_SHA_256: return EVP_sha256();
	case VIRTIO_CRYPTO_HASH_SHA_384: return EVP_sha384();
	case VIRTIO_CRYPTO_HASH_SHA_512: return EVP_sha512();
	case VIRTIO_CRYPTO_HASH_SHA3_224: return EVP_sha3_224();
	case VIRTIO_CRYPTO_HASH_SHA3_256: return EVP_sha3_256();
	case VIRTIO_CRYPTO_HASH_SHA3_384: return EVP_sha3_384();
	case VIRTIO_CRYPTO_HASH_SHA3_512: return EVP_sha3_512();
	case VIRTIO_CRYPTO_HASH_SHA3_SHAKE128: *xof = true; return EVP_shake128();
	case VIRTIO_CRYPTO_HASH_SHA3_SHAKE256: *xof = true; return EVP_shake256();
	default: return NULL;
	}
}

static const char *hmac_md_name(uint32_t algo)
{
	switch (algo) {
	case VIRTIO_CRYPTO_MAC_HMAC_MD5: return "MD5";
	case VIRTIO_CRYPTO_MAC_HMAC_SHA1: return "SHA1";
	case VIRTIO_CRYPTO_MAC_HMAC_SHA_224: return "SHA224";
	case VIRTIO_CRYPTO_MAC_HMAC_SHA_256: return "SHA256";
	case VIRTIO_CRYPTO_MAC_HMAC_SHA_384: return "SHA384";
	case VIRTIO_CRYPTO_MAC_HMAC_SHA_512: return "SHA512";
	default: return NULL;
	}
}

static void o_caps(struct vd_caps *c)
{
	memset(c, 0, sizeof(*c));
	for (uint32_t a = 0; a < 64; a++)
		if (vd_cipher_info(a))
			c->cipher |= 1ULL << a;
	for (uint32_t a = 0; a < 32; a++)
		if (vd_hash_size(a))
			c->hash |= 1U << a;
	for (uint32_t a = 0; a < 64; a++)
		if (vd_mac_size(a))
			c->mac |= 1ULL << a;
	c->aead = 1U << VIRTIO_CRYPTO_AEAD_GCM | 1U << VIRTIO_CRYPTO_AEAD_CCM |
		1U << VIRTIO_CRYPTO_AEAD_CHACHA20_POLY1305;
	c->akcipher = 1U << VCRYPTO_AKCIPHER_RSA | 1U << VCRYPTO_AKCIPHER_ECDSA;
	c->max_cipher_key_len = 64;
	c->max_auth_key_len = 128;
}

static void o_free(void *p)
{
	struct octx *x = p;

	if (!x)
		return;
	EVP_CIPHER_CTX_free(x->c);
	EVP_MAC_CTX_free(x->mac);
	EVP_PKEY_free(x->pkey);
	OPENSSL_cleanse(x->key, sizeof(x->key));
	free(x);
}

static int o_cipher_new(uint32_t algo, const uint8_t *key, uint32_t klen, bool enc,
			void **ctx)
{
	const EVP_CIPHER *ci = cipher_of(algo, klen);
	struct octx *x;

	if (!ci)
		return VIRTIO_CRYPTO_NOTSUPP;
	/* XTS: OpenSSL refuses identical key halves (a FIPS rule): ERR. */
	x = calloc(1, sizeof(*x));
	if (!x)
		return VIRTIO_CRYPTO_ERR;
	x->kind = K_CIPHER;
	x->algo = algo;
	x->enc = enc;
	x->c = EVP_CIPHER_CTX_new();
	if (!x->c || EVP_CipherInit_ex(x->c, ci, NULL, key, NULL, enc) != 1 ||
	    EVP_CIPHER_CTX_set_padding(x->c, 0) != 1) {
		o_free(x);
		return VIRTIO_CRYPTO_ERR;
	}
	*ctx = x;
	return VIRTIO_CRYPTO_OK;
}

static int o_cipher_run(void *p, const uint8_t *iv, uint32_t ivlen, const uint8_t *in,
			uint8_t *out, uint32_t len)
{
	struct octx *x = p;
	int n = 0, m = 0;

	(void)ivlen;
	if (EVP_CipherInit_ex(x->c, NULL, NULL, NULL, iv, x->enc) != 1)
		return VIRTIO_CRYPTO_ERR;
	if (len && EVP_CipherUpdate(x->c, out, &n, in, (int)len) != 1)
		return VIRTIO_CRYPTO_ERR;
	if (EVP_CipherFinal_ex(x->c, out + n, &m) != 1 || (uint32_t)(n + m) != len)
		return VIRTIO_CRYPTO_ERR;
	return VIRTIO_CRYPTO_OK;
}

static int o_hash_new(uint32_t algo, void **ctx)
{
	struct octx *x;
	bool xof;
	const EVP_MD *md = md_of(algo, &xof);

	if (!md)
		return VIRTIO_CRYPTO_NOTSUPP;
	x = calloc(1, sizeof(*x));
	if (!x)
		return VIRTIO_CRYPTO_ERR;
	x->kind = K_DIGEST;
	x->algo = algo;
	x->md = md;
	x->xof = xof;
	*ctx = x;
	return VIRTIO_CRYPTO_OK;
}

static int o_mac_new(uint32_t algo, const uint8_t *key, uint32_t klen, void **ctx)
{
	struct octx *x;
	EVP_MAC *mac;
	OSSL_PARAM prm[2];
	const char *mdn = hmac_md_name(algo);

	if (mdn) {
		mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
		prm[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
							  (char *)(uintptr_t)mdn, 0);
	} else if (algo == VIRTIO_CRYPTO_MAC_CMAC_AES || algo == VIRTIO_CRYPTO_MAC_CMAC_3DES) {
		const char *cn = algo == VIRTIO_CRYPTO_MAC_CMAC_3DES ? "DES-EDE3-CBC" :
			klen == 16 ? "AES-128-CBC" : klen == 24 ? "AES-192-CBC" : "AES-256-CBC";

		mac = EVP_MAC_fetch(NULL, "CMAC", NULL);
		prm[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_CIPHER,
							  (char *)(uintptr_t)cn, 0);
	} else {
		return VIRTIO_CRYPTO_NOTSUPP;
	}
	prm[1] = OSSL_PARAM_construct_end();
	if (!mac)
		return VIRTIO_CRYPTO_NOTSUPP;
	x = calloc(1, sizeof(*x));
	if (!x) {
		EVP_MAC_free(mac);
		return VIRTIO_CRYPTO_ERR;
	}
	x->kind = K_MAC;
	x->algo = algo;
	x->mac = EVP_MAC_CTX_new(mac);
	EVP_MAC_free(mac);
	/* HMAC accepts an empty key only through a non-NULL pointer. */
	if (!x->mac || EVP_MAC_init(x->mac, klen ? key : (const uint8_t *)"", klen, prm) != 1) {
		o_free(x);
		return VIRTIO_CRYPTO_ERR;
	}
	*ctx = x;
	return VIRTIO_CRYPTO_OK;
}

static int o_digest_run(void *p, const uint8_t *in, uint32_t len, uint8_t *out,
			uint32_t rlen)
{
	struct octx *x = p;
	uint8_t full[EVP_MAX_MD_SIZE];
	int rc = VIRTIO_CRYPTO_ERR;

	if (x->kind == K_DIGEST) {
		EVP_MD_CTX *m = EVP_MD_CTX_new();
		unsigned int n = 0;

		if (!m)
			return VIRTIO_CRYPTO_ERR;
		if (EVP_DigestInit_ex(m, x->md, NULL) == 1 &&
		    EVP_DigestUpdate(m, in, len) == 1) {
			if (x->xof) {
				if (EVP_DigestFinalXOF(m, out, rlen) == 1)
					rc = VIRTIO_CRYPTO_OK;
			} else if (EVP_DigestFinal_ex(m, full, &n) == 1 && rlen <= n) {
				memcpy(out, full, rlen);
				rc = VIRTIO_CRYPTO_OK;
			}
		}
		EVP_MD_CTX_free(m);
		return rc;
	} else {
		EVP_MAC_CTX *m = EVP_MAC_CTX_dup(x->mac);
		size_t n = 0;

		if (!m)
			return VIRTIO_CRYPTO_ERR;
		if (EVP_MAC_update(m, in, len) == 1 &&
		    EVP_MAC_final(m, full, &n, sizeof(full)) == 1 && rlen <= n) {
			memcpy(out, full, rlen);
			rc = VIRTIO_CRYPTO_OK;
		}
		EVP_MAC_CTX_free(m);
		return rc;
	}
}

static int o_aead_new(uint32_t algo, const uint8_t *key, uint32_t klen, bool enc,
		      void **ctx)
{
	struct octx *x;

	if (algo != VIRTIO_CRYPTO_AEAD_GCM && algo != VIRTIO_CRYPTO_AEAD_CCM &&
	    algo != VIRTIO_CRYPTO_AEAD_CHACHA20_POLY1305)
		return VIRTIO_CRYPTO_NOTSUPP;
	if (klen > sizeof(x->key))
		return VIRTIO_CRYPTO_ERR;
	x = calloc(1, sizeof(*x));
	if (!x)
		return VIRTIO_CRYPTO_ERR;
	x->kind = K_AEAD;
	x->algo = algo;
	x->enc = enc;
	memcpy(x->key, key, klen);
	x->klen = klen;
	x->c = EVP_CIPHER_CTX_new();
	if (!x->c) {
		o_free(x);
		return VIRTIO_CRYPTO_ERR;
	}
	*ctx = x;
	return VIRTIO_CRYPTO_OK;
}

static const EVP_CIPHER *aead_cipher(uint32_t algo, uint32_t klen)
{
	if (algo == VIRTIO_CRYPTO_AEAD_CHACHA20_POLY1305)
		return EVP_chacha20_poly1305();
	if (algo == VIRTIO_CRYPTO_AEAD_GCM)
		return klen == 16 ? EVP_aes_128_gcm() : klen == 24 ? EVP_aes_192_gcm() :
			EVP_aes_256_gcm();
	return klen == 16 ? EVP_aes_128_ccm() : klen == 24 ? EVP_aes_192_ccm() :
		EVP_aes_256_ccm();
}

static int o_aead_run(void *p, const uint8_t *iv, uint32_t ivlen, const uint8_t *aad,
		      uint32_t aadlen, const uint8_t *in, uint32_t len, uint8_t *out,
		      uint32_t taglen)
{
	struct octx *x = p;
	EVP_CIPHER_CTX *c = x->c;
	bool ccm = x->algo == VIRTIO_CRYPTO_AEAD_CCM;
	int n = 0, m = 0;
	uint8_t tag[16];

	EVP_CIPHER_CTX_reset(c);
	if (EVP_CipherInit_ex(c, aead_cipher(x->algo, x->klen), NULL, NULL, NULL,
			      x->enc) != 1 ||
	    EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_IVLEN, (int)ivlen, NULL) != 1)
		return VIRTIO_CRYPTO_ERR;
	if (ccm || !x->enc) {
		if (!x->enc)
			memcpy(tag, in + len, taglen);
		if (EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_TAG, (int)taglen,
					x->enc ? NULL : tag) != 1)
			return VIRTIO_CRYPTO_ERR;
	}
	if (EVP_CipherInit_ex(c, NULL, NULL, x->key, iv, x->enc) != 1)
		return VIRTIO_CRYPTO_ERR;
	if (ccm && EVP_CipherUpdate(c, NULL, &n, NULL, (int)len) != 1)
		return VIRTIO_CRYPTO_ERR;
	if ((aadlen || ccm) && EVP_CipherUpdate(c, NULL, &n, aad, (int)aadlen) != 1)
		return VIRTIO_CRYPTO_ERR;
	n = 0;
	if (EVP_CipherUpdate(c, out, &n, in, (int)len) != 1)
		return ccm && !x->enc ? VIRTIO_CRYPTO_BADMSG : VIRTIO_CRYPTO_ERR;
	if (!ccm && EVP_CipherFinal_ex(c, out + n, &m) != 1)
		return x->enc ? VIRTIO_CRYPTO_ERR : VIRTIO_CRYPTO_BADMSG;
	if (x->enc && EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_GET_TAG, (int)taglen,
					  out + len) != 1)
		return VIRTIO_CRYPTO_ERR;
	return VIRTIO_CRYPTO_OK;
}

static const char *curve_name(uint32_t id)
{
	static const char *const n[] = { NULL, "P-192", "P-224", "P-256", "P-384", "P-521" };

	return id < 6 ? n[id] : NULL;
}

static EVP_PKEY *decode(const char *type, int sel, const uint8_t *key, uint32_t klen)
{
	EVP_PKEY *pk = NULL;
	OSSL_DECODER_CTX *dc = OSSL_DECODER_CTX_new_for_pkey(&pk, "DER", "type-specific",
							     type, sel, NULL, NULL);
	const unsigned char *p = key;
	size_t len = klen;

	if (!dc)
		return NULL;
	if (OSSL_DECODER_from_data(dc, &p, &len) != 1 || len) {
		EVP_PKEY_free(pk);
		pk = NULL;
	}
	OSSL_DECODER_CTX_free(dc);
	return pk;
}

static EVP_PKEY *ec_public(const char *curve, const uint8_t *key, uint32_t klen)
{
	OSSL_PARAM_BLD *b = OSSL_PARAM_BLD_new();
	OSSL_PARAM *prm = NULL;
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	EVP_PKEY *pk = NULL;

	if (b && c &&
	    OSSL_PARAM_BLD_push_utf8_string(b, OSSL_PKEY_PARAM_GROUP_NAME, curve, 0) == 1 &&
	    OSSL_PARAM_BLD_push_octet_string(b, OSSL_PKEY_PARAM_PUB_KEY, key, klen) == 1 &&
	    (prm = OSSL_PARAM_BLD_to_param(b)) != NULL &&
	    EVP_PKEY_fromdata_init(c) == 1)
		if (EVP_PKEY_fromdata(c, &pk, EVP_PKEY_PUBLIC_KEY, prm) != 1)
			pk = NULL;
	OSSL_PARAM_free(prm);
	OSSL_PARAM_BLD_free(b);
	EVP_PKEY_CTX_free(c);
	return pk;
}

/* A modulus is the product of two odd primes: an even one is no
 * RSA key, and OpenSSL's decoder does not check that for a public key. */
static bool rsa_modulus_ok(const EVP_PKEY *pk)
{
	BIGNUM *n = NULL;
	bool ok;

	if (EVP_PKEY_get_bn_param(pk, OSSL_PKEY_PARAM_RSA_N, &n) != 1)
		return false;
	ok = BN_is_odd(n);
	BN_free(n);
	return ok;
}

static int o_ak_new(uint32_t algo, bool priv, const uint8_t *key, uint32_t klen,
		    uint32_t p1, uint32_t p2, void **ctx)
{
	struct octx *x;
	EVP_PKEY *pk;

	if (algo == VCRYPTO_AKCIPHER_RSA) {
		static const char *const mds[] = { NULL, NULL, NULL, NULL, "MD5", "SHA1",
			"SHA256", "SHA384", "SHA512", "SHA224" };

		if (p1 > 1 || p2 > 9 || (p2 >= 1 && p2 <= 3))
			return VIRTIO_CRYPTO_NOTSUPP;
		pk = decode("RSA", priv ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY, key, klen);
		if (!pk)
			return VIRTIO_CRYPTO_ERR;
		if (!rsa_modulus_ok(pk)) {
			EVP_PKEY_free(pk);
			return VIRTIO_CRYPTO_ERR;
		}
		x = calloc(1, sizeof(*x));
		if (!x) {
			EVP_PKEY_free(pk);
			return VIRTIO_CRYPTO_ERR;
		}
		x->rsa = true;
		x->padding = p1 ? RSA_PKCS1_PADDING : RSA_NO_PADDING;
		x->sig_md = mds[p2] ? EVP_get_digestbyname(mds[p2]) : NULL;
	} else if (algo == VCRYPTO_AKCIPHER_ECDSA) {
		const char *cn = curve_name(p1);
		char got[32];

		if (!cn)
			return VIRTIO_CRYPTO_NOTSUPP;
		pk = priv ? decode("EC", EVP_PKEY_KEYPAIR, key, klen) : ec_public(cn, key, klen);
		if (!pk)
			return VIRTIO_CRYPTO_ERR;
		if (EVP_PKEY_get_utf8_string_param(pk, OSSL_PKEY_PARAM_GROUP_NAME, got,
						   sizeof(got), NULL) != 1 ||
		    (strcmp(got, cn) && !(p1 == 3 && !strcmp(got, "prime256v1")) &&
		     !(p1 == 4 && !strcmp(got, "secp384r1")) &&
		     !(p1 == 5 && !strcmp(got, "secp521r1")) &&
		     !(p1 == 2 && !strcmp(got, "secp224r1")) &&
		     !(p1 == 1 && !strcmp(got, "prime192v1")))) {
			EVP_PKEY_free(pk);
			return VIRTIO_CRYPTO_ERR;
		}
		x = calloc(1, sizeof(*x));
		if (!x) {
			EVP_PKEY_free(pk);
			return VIRTIO_CRYPTO_ERR;
		}
	} else {
		return VIRTIO_CRYPTO_NOTSUPP;
	}
	x->kind = K_AK;
	x->algo = algo;
	x->priv = priv;
	x->pkey = pk;
	*ctx = x;
	return VIRTIO_CRYPTO_OK;
}

static int o_ak_run(void *p, uint32_t op, const uint8_t *in, uint32_t ilen,
		    const uint8_t *in2, uint32_t i2len, uint8_t *out, uint32_t ocap,
		    uint32_t *olen)
{
	struct octx *x = p;
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_pkey(NULL, x->pkey, NULL);
	uint8_t *padded = NULL;
	size_t n = ocap;
	int rc = VIRTIO_CRYPTO_ERR, r;

	*olen = 0;
	if (!c)
		return VIRTIO_CRYPTO_ERR;
	if ((op == 1 || op == 2) && !x->priv)
		goto out;	/* needs a private key */
	if (x->rsa && x->padding == RSA_NO_PADDING) {
		size_t m = (size_t)EVP_PKEY_get_size(x->pkey);

		if (op >= 2 || ilen > m)
			goto out;	/* raw RSA: encrypt/decrypt only */
		padded = calloc(1, m);
		if (!padded)
			goto out;
		memcpy(padded + m - ilen, in, ilen);
		in = padded;
		ilen = (uint32_t)m;
	}
	switch (op) {
	case 0:
		r = EVP_PKEY_encrypt_init(c);
		break;
	case 1:
		r = EVP_PKEY_decrypt_init(c);
		break;
	case 2:
		r = EVP_PKEY_sign_init(c);
		break;
	default:
		r = EVP_PKEY_verify_init(c);
		break;
	}
	if (r != 1)
		goto out;
	if (x->rsa && EVP_PKEY_CTX_set_rsa_padding(c, x->padding) != 1)
		goto out;
	if (x->rsa && op >= 2 && x->sig_md && EVP_PKEY_CTX_set_signature_md(c, x->sig_md) != 1)
		goto out;
	switch (op) {
	case 0:
		r = EVP_PKEY_encrypt(c, out, &n, in, ilen);
		break;
	case 1:
		r = EVP_PKEY_decrypt(c, out, &n, in, ilen);
		break;
	case 2:
		r = EVP_PKEY_sign(c, out, &n, in, ilen);
		break;
	default:
		r = EVP_PKEY_verify(c, in, ilen, in2, i2len);
		rc = r == 1 ? VIRTIO_CRYPTO_OK : VIRTIO_CRYPTO_KEY_REJECTED;
		goto out;
	}
	if (r == 1 && n <= ocap) {
		*olen = (uint32_t)n;
		rc = VIRTIO_CRYPTO_OK;
	}
out:
	free(padded);
	EVP_PKEY_CTX_free(c);
	return rc;
}

const struct vd_engine vd_engine_openssl = {
	.name = "openssl",
	.caps = o_caps,
	.cipher_new = o_cipher_new,
	.cipher_run = o_cipher_run,
	.hash_new = o_hash_new,
	.mac_new = o_mac_new,
	.digest_run = o_digest_run,
	.aead_new = o_aead_new,
	.aead_run = o_aead_run,
	.ak_new = o_ak_new,
	.ak_run = o_ak_run,
	.free = o_free,
};
