/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * RSA keys for the tests and OpenSSL (libcrypto 3.x EVP) as the reference
 * implementation: key generation, factoring n from (n, e, d) for CAVP keys
 * that come without primes, and PKCS#1 v1.5 sign/verify/encrypt/decrypt.
 */
#include <errno.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>

#include <rte_cryptodev.h>

#include "at.h"

static const uint8_t pfx_md5[] = { 0x30, 0x20, 0x30, 0x0c, 0x06, 0x08, 0x2a,
	0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x05, 0x05, 0x00, 0x04, 0x10 };
static const uint8_t pfx_sha1[] = { 0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b,
	0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14 };
#define PFX_SHA2(l, id, n) { 0x30, l, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, \
	0x48, 0x01, 0x65, 0x03, 0x04, 0x02, id, 0x05, 0x00, 0x04, n }
static const uint8_t pfx_sha224[] = PFX_SHA2(0x2d, 0x04, 0x1c);
static const uint8_t pfx_sha256[] = PFX_SHA2(0x31, 0x01, 0x20);
static const uint8_t pfx_sha384[] = PFX_SHA2(0x41, 0x02, 0x30);
static const uint8_t pfx_sha512[] = PFX_SHA2(0x51, 0x03, 0x40);

static const struct at_hash hashes[] = {
	{ "MD5", RTE_CRYPTO_AUTH_MD5, 16, sizeof(pfx_md5), pfx_md5 },
	{ "SHA1", RTE_CRYPTO_AUTH_SHA1, 20, sizeof(pfx_sha1), pfx_sha1 },
	{ "SHA224", RTE_CRYPTO_AUTH_SHA224, 28, sizeof(pfx_sha224), pfx_sha224 },
	{ "SHA256", RTE_CRYPTO_AUTH_SHA256, 32, sizeof(pfx_sha256), pfx_sha256 },
	{ "SHA384", RTE_CRYPTO_AUTH_SHA384, 48, sizeof(pfx_sha384), pfx_sha384 },
	{ "SHA512", RTE_CRYPTO_AUTH_SHA512, 64, sizeof(pfx_sha512), pfx_sha512 },
};

const struct at_hash *
at_hash_by_name(const char *name)
{
	unsigned int i;

	for (i = 0; i < RTE_DIM(hashes); i++)
		if (strcmp(hashes[i].name, name) == 0)
			return &hashes[i];
	return NULL;
}

size_t
at_digest(const struct at_hash *h, const uint8_t *msg, size_t len,
	  uint8_t *out)
{
	unsigned int n = 0;

	if (EVP_Digest(msg, len, out, &n, EVP_get_digestbyname(h->name),
		       NULL) != 1)
		return 0;
	return n;
}

void
at_op_set_digest(const struct at_dev *d, struct rte_crypto_op *op,
		 const struct at_hash *h, uint8_t *dg, uint8_t *buf)
{
	struct rte_crypto_rsa_op_param *rsa = &op->asym->rsa;

	rsa->padding.type = RTE_CRYPTO_RSA_PADDING_PKCS1_5;
	if (d->digestinfo_input) {
		memcpy(buf, h->prefix, h->prefix_len);
		memcpy(buf + h->prefix_len, dg, h->len);
		rsa->message.data = buf;
		rsa->message.length = h->prefix_len + h->len;
		return;
	}
	rsa->padding.hash = h->rte;
	rsa->message.data = dg;
	rsa->message.length = h->len;
}

void
at_random(uint8_t *p, size_t n)
{
	if (RAND_bytes(p, n) != 1)
		memset(p, 0x5a, n);
}

int
at_hex(const char *s, uint8_t *out, size_t cap, size_t *len)
{
	size_t n = strspn(s, "0123456789abcdefABCDEF"), i;
	unsigned int v;
	bool odd = n % 2;

	if ((n + 1) / 2 > cap)
		return -1;
	for (i = 0; i < (n + 1) / 2; i++) {
		if (odd && i == 0) {
			sscanf(s, "%1x", &v);
		} else {
			sscanf(s + 2 * i - odd, "%2x", &v);
		}
		out[i] = v;
	}
	*len = (n + 1) / 2;
	return 0;
}

/* --- keys ---------------------------------------------------------------- */

static int
from_bn(const BIGNUM *b, struct at_bn *o)
{
	int n = BN_num_bytes(b);

	if (n > AT_MOD_MAX)
		return -1;
	o->len = BN_bn2bin(b, o->b);
	return 0;
}

static BIGNUM *
to_bn(const struct at_bn *a)
{
	return BN_bin2bn(a->b, a->len, NULL);
}

/* EVP_PKEY from the key's parts: public, or the whole private key. */
static int
build_pkey(struct at_key *k)
{
	struct at_bn *parts[] = { &k->n, &k->e, &k->d, &k->p, &k->q, &k->dp,
				  &k->dq, &k->qinv };
	static const char *const names[] = { OSSL_PKEY_PARAM_RSA_N,
		OSSL_PKEY_PARAM_RSA_E, OSSL_PKEY_PARAM_RSA_D,
		OSSL_PKEY_PARAM_RSA_FACTOR1, OSSL_PKEY_PARAM_RSA_FACTOR2,
		OSSL_PKEY_PARAM_RSA_EXPONENT1, OSSL_PKEY_PARAM_RSA_EXPONENT2,
		OSSL_PKEY_PARAM_RSA_COEFFICIENT1 };
	unsigned int i, np = k->has_priv ? RTE_DIM(parts) : 2;
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
	BIGNUM *bn[RTE_DIM(parts)] = { NULL };
	OSSL_PARAM *params = NULL;
	EVP_PKEY *pkey = NULL;
	int rc = -1;

	if (bld == NULL || ctx == NULL)
		goto out;
	for (i = 0; i < np; i++) {
		bn[i] = to_bn(parts[i]);
		if (bn[i] == NULL || !OSSL_PARAM_BLD_push_BN(bld, names[i], bn[i]))
			goto out;
	}
	params = OSSL_PARAM_BLD_to_param(bld);
	if (params != NULL && EVP_PKEY_fromdata_init(ctx) == 1 &&
	    EVP_PKEY_fromdata(ctx, &pkey, k->has_priv ? EVP_PKEY_KEYPAIR :
			      EVP_PKEY_PUBLIC_KEY, params) == 1) {
		k->pkey = pkey;
		rc = 0;
	}
out:
	for (i = 0; i < RTE_DIM(parts); i++)
		BN_clear_free(bn[i]);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	EVP_PKEY_CTX_free(ctx);
	return rc;
}

int
at_key_generate(struct at_key *k, unsigned int bits)
{
	static const char *const names[] = { OSSL_PKEY_PARAM_RSA_N,
		OSSL_PKEY_PARAM_RSA_E, OSSL_PKEY_PARAM_RSA_D,
		OSSL_PKEY_PARAM_RSA_FACTOR1, OSSL_PKEY_PARAM_RSA_FACTOR2,
		OSSL_PKEY_PARAM_RSA_EXPONENT1, OSSL_PKEY_PARAM_RSA_EXPONENT2,
		OSSL_PKEY_PARAM_RSA_COEFFICIENT1 };
	struct at_bn *parts[] = { &k->n, &k->e, &k->d, &k->p, &k->q, &k->dp,
				  &k->dq, &k->qinv };
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
	EVP_PKEY *pkey = NULL;
	BIGNUM *b = NULL;
	unsigned int i;
	int rc = -1;

	memset(k, 0, sizeof(*k));
	if (ctx == NULL || EVP_PKEY_keygen_init(ctx) != 1 ||
	    EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, bits) != 1 ||
	    EVP_PKEY_generate(ctx, &pkey) != 1)
		goto out;
	for (i = 0; i < RTE_DIM(parts); i++) {
		if (EVP_PKEY_get_bn_param(pkey, names[i], &b) != 1 ||
		    from_bn(b, parts[i]) != 0)
			goto out;
		BN_clear_free(b);
		b = NULL;
	}
	k->bits = bits;
	k->has_priv = true;
	k->pkey = pkey;
	pkey = NULL;
	rc = 0;
out:
	BN_clear_free(b);
	EVP_PKEY_free(pkey);
	EVP_PKEY_CTX_free(ctx);
	return rc;
}

int
at_key_public(struct at_key *k, const struct at_bn *n, const struct at_bn *e)
{
	memset(k, 0, sizeof(*k));
	k->n = *n;
	k->e = *e;
	k->bits = n->len * 8;
	return build_pkey(k);
}

/*
 * p from (n, e, d): d * e - 1 = 2^s * t with t odd; for a small base g,
 * some g^(t * 2^i) is a square root of 1 other than +-1, and
 * gcd(that - 1, n) is a factor (the usual method, e.g. SP 800-56B C.2).
 */
static BIGNUM *
factor(const BIGNUM *n, const BIGNUM *e, const BIGNUM *d, BN_CTX *bc)
{
	BIGNUM *t = BN_new(), *x = BN_new(), *y = BN_new(), *g = BN_new();
	BIGNUM *n1 = BN_new(), *p = NULL;
	unsigned int s = 0, i, base;

	if (!t || !x || !y || !g || !n1 || !BN_mul(t, d, e, bc) ||
	    !BN_sub_word(t, 1) || !BN_copy(n1, n) || !BN_sub_word(n1, 1))
		goto out;
	while (!BN_is_odd(t) && !BN_is_zero(t)) {
		BN_rshift1(t, t);
		s++;
	}
	for (base = 2; base < 200 && p == NULL; base++) {
		BN_set_word(g, base);
		if (!BN_mod_exp(x, g, t, n, bc))
			goto out;
		if (BN_is_one(x) || BN_cmp(x, n1) == 0)
			continue;
		for (i = 0; i < s; i++) {
			BN_mod_sqr(y, x, n, bc);
			if (BN_is_one(y)) {
				p = BN_new();
				BN_sub_word(x, 1);
				BN_gcd(p, x, n, bc);
				break;
			}
			if (BN_cmp(y, n1) == 0)
				break;
			BN_copy(x, y);
		}
	}
out:
	BN_free(t);
	BN_free(x);
	BN_free(y);
	BN_free(g);
	BN_free(n1);
	return p;
}

int
at_key_from_ned(struct at_key *k, const struct at_bn *n, const struct at_bn *e,
		const struct at_bn *d)
{
	BN_CTX *bc = BN_CTX_new();
	BIGNUM *bn = to_bn(n), *be = to_bn(e), *bd = to_bn(d);
	BIGNUM *p = NULL, *q = BN_new(), *r = BN_new(), *t = BN_new();
	int rc = -1;

	memset(k, 0, sizeof(*k));
	k->n = *n;
	k->e = *e;
	k->d = *d;
	k->bits = BN_num_bits(bn);
	if (bc == NULL || bn == NULL || be == NULL || bd == NULL || !q || !r ||
	    !t)
		goto out;
	p = factor(bn, be, bd, bc);
	if (p == NULL || !BN_div(q, r, bn, p, bc) || !BN_is_zero(r))
		goto out;
	if (from_bn(p, &k->p) || from_bn(q, &k->q) ||
	    !BN_copy(t, p) || !BN_sub_word(t, 1) || !BN_mod(r, bd, t, bc) ||
	    from_bn(r, &k->dp) ||
	    !BN_copy(t, q) || !BN_sub_word(t, 1) || !BN_mod(r, bd, t, bc) ||
	    from_bn(r, &k->dq) ||
	    !BN_mod_inverse(r, q, p, bc) || from_bn(r, &k->qinv))
		goto out;
	k->has_priv = true;
	rc = build_pkey(k);
out:
	BN_free(bn);
	BN_free(be);
	BN_clear_free(bd);
	BN_clear_free(p);
	BN_clear_free(q);
	BN_clear_free(r);
	BN_clear_free(t);
	BN_CTX_free(bc);
	return rc;
}

void
at_key_free(struct at_key *k)
{
	EVP_PKEY_free(k->pkey);
	memset(k, 0, sizeof(*k));
}

static rte_crypto_uint
uint_of(struct at_bn *b)
{
	return (rte_crypto_uint){ .data = b->b, .length = b->len };
}

void
at_key_xform(struct at_key *k, bool priv, struct rte_crypto_asym_xform *x)
{
	memset(x, 0, sizeof(*x));
	x->xform_type = RTE_CRYPTO_ASYM_XFORM_RSA;
	x->rsa.n = uint_of(&k->n);
	x->rsa.e = uint_of(&k->e);
	if (!priv || !k->has_priv) {
		x->rsa.key_type = RTE_RSA_KEY_TYPE_EXP;	/* d empty: public */
		return;
	}
	x->rsa.key_type = RTE_RSA_KEY_TYPE_QT;
	x->rsa.qt.p = uint_of(&k->p);
	x->rsa.qt.q = uint_of(&k->q);
	x->rsa.qt.dP = uint_of(&k->dp);
	x->rsa.qt.dQ = uint_of(&k->dq);
	x->rsa.qt.qInv = uint_of(&k->qinv);
}

void *
at_sess_new(struct at_dev *d, struct at_key *k, bool priv, int *rc)
{
	struct rte_crypto_asym_xform x;
	void *sess = NULL;

	at_key_xform(k, priv, &x);
	*rc = rte_cryptodev_asym_session_create(d->id, &x, d->sess_pool, &sess);
	return *rc == 0 ? sess : NULL;
}

void
at_sess_free(struct at_dev *d, void *sess)
{
	if (sess != NULL)
		rte_cryptodev_asym_session_free(d->id, sess);
}

/* --- OpenSSL as the reference ---------------------------------------------- */

static EVP_PKEY_CTX *
pkey_ctx(const struct at_key *k, int (*init)(EVP_PKEY_CTX *),
	 const struct at_hash *h)
{
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new(k->pkey, NULL);

	if (c == NULL || init(c) != 1 ||
	    EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_PADDING) != 1 ||
	    (h != NULL && h->name != NULL && EVP_PKEY_CTX_set_signature_md(c,
				EVP_get_digestbyname(h->name)) != 1)) {
		EVP_PKEY_CTX_free(c);
		return NULL;
	}
	return c;
}

int
at_ossl_verify(const struct at_key *k, const struct at_hash *h,
	       const uint8_t *dg, const uint8_t *sig, size_t siglen)
{
	EVP_PKEY_CTX *c = pkey_ctx(k, EVP_PKEY_verify_init, h);
	int rc;

	if (c == NULL)
		return -1;
	rc = EVP_PKEY_verify(c, sig, siglen, dg, h->len) == 1 ? 0 : -1;
	EVP_PKEY_CTX_free(c);
	return rc;
}

int
at_ossl_sign(const struct at_key *k, const struct at_hash *h,
	     const uint8_t *dg, uint8_t *sig, size_t *siglen)
{
	EVP_PKEY_CTX *c = pkey_ctx(k, EVP_PKEY_sign_init, h);
	int rc;

	if (c == NULL)
		return -1;
	*siglen = AT_MOD_MAX;
	rc = EVP_PKEY_sign(c, sig, siglen, dg, h->len) == 1 ? 0 : -1;
	EVP_PKEY_CTX_free(c);
	return rc;
}

int
at_ossl_encrypt(const struct at_key *k, const uint8_t *m, size_t mlen,
		uint8_t *out, size_t *olen)
{
	EVP_PKEY_CTX *c = pkey_ctx(k, EVP_PKEY_encrypt_init, NULL);
	int rc;

	if (c == NULL)
		return -1;
	*olen = AT_MOD_MAX;
	rc = EVP_PKEY_encrypt(c, out, olen, m, mlen) == 1 ? 0 : -1;
	EVP_PKEY_CTX_free(c);
	return rc;
}

int
at_ossl_decrypt(const struct at_key *k, const uint8_t *in, size_t ilen,
		uint8_t *out, size_t *olen)
{
	EVP_PKEY_CTX *c = pkey_ctx(k, EVP_PKEY_decrypt_init, NULL);
	int rc;

	if (c == NULL)
		return -1;
	*olen = AT_MOD_MAX;
	rc = EVP_PKEY_decrypt(c, out, olen, in, ilen) == 1 ? 0 : -1;
	EVP_PKEY_CTX_free(c);
	return rc;
}
