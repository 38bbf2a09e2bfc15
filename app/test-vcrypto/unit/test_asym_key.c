/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Unit test of vcrypto_asym_key.c: vcrypto_asym_keys_encode() against
 * known answers, RSA key files of python3-cryptography-vectors read with
 * OpenSSL, whose own PKCS#1 DER is the reference; then the edge cases of
 * its contract in vcrypto_asym.h. No EAL, no device: the module's .c is
 * included, rte_log is the stub of ut_dpdk.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/decoder.h>
#include <openssl/encoder.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include "vcrypto_asym_key.c"
#include "ut.h"
#include "../tv_report.h"

#define DEFAULT_VECTORS	"/usr/lib/python3/dist-packages/cryptography_vectors"

/* --- key parts, as OpenSSL names them ----------------------------------- */

enum part { P_N, P_E, P_D, P_P, P_Q, P_DP, P_DQ, P_QI, P_NUM };

static const char *const part_param[P_NUM] = {
	[P_N] = OSSL_PKEY_PARAM_RSA_N,
	[P_E] = OSSL_PKEY_PARAM_RSA_E,
	[P_D] = OSSL_PKEY_PARAM_RSA_D,
	[P_P] = OSSL_PKEY_PARAM_RSA_FACTOR1,
	[P_Q] = OSSL_PKEY_PARAM_RSA_FACTOR2,
	[P_DP] = OSSL_PKEY_PARAM_RSA_EXPONENT1,
	[P_DQ] = OSSL_PKEY_PARAM_RSA_EXPONENT2,
	[P_QI] = OSSL_PKEY_PARAM_RSA_COEFFICIENT1,
};

/* Room for a part zero-padded past the longest modulus. */
#define PART_MAX	(VCRYPTO_ASYM_MOD_MAX + 16)

/* Big-endian parts of one key; len 0: absent (a public key's d, p, ...). */
struct parts {
	uint8_t b[P_NUM][PART_MAX];
	size_t len[P_NUM];
};

static BIGNUM *
bn_of(const struct parts *r, enum part i)
{
	return BN_bin2bn(r->b[i], r->len[i], NULL);
}

/* A zero (dQ of a key with q = 2) as one zero byte: an empty part would
 * be a missing one. */
static void
set_part(struct parts *r, enum part i, const BIGNUM *v)
{
	r->len[i] = BN_bn2bin(v, r->b[i]);
	if (r->len[i] == 0) {
		r->b[i][0] = 0;
		r->len[i] = 1;
	}
}

static void
parts_of(EVP_PKEY *k, struct parts *r)
{
	BIGNUM *b;
	int i;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < P_NUM; i++) {
		b = NULL;
		if (EVP_PKEY_get_bn_param(k, part_param[i], &b) == 1 &&
		    BN_num_bytes(b) <= PART_MAX)
			set_part(r, i, b);
		BN_clear_free(b);
	}
}

/* An RSA key of OpenSSL's from r (the private parts only when priv). */
static EVP_PKEY *
pkey_of(const struct parts *r, bool priv)
{
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
	BIGNUM *bn[P_NUM] = { NULL };
	OSSL_PARAM *params = NULL;
	EVP_PKEY *k = NULL;
	int i, n = priv ? P_NUM : P_E + 1;
	bool ok = bld != NULL && c != NULL;

	for (i = 0; ok && i < n; i++)
		ok = (bn[i] = bn_of(r, i)) != NULL &&
		     OSSL_PARAM_BLD_push_BN(bld, part_param[i], bn[i]) == 1;
	if (ok)
		params = OSSL_PARAM_BLD_to_param(bld);
	if (params == NULL || EVP_PKEY_fromdata_init(c) != 1 ||
	    EVP_PKEY_fromdata(c, &k, priv ? EVP_PKEY_KEYPAIR :
			      EVP_PKEY_PUBLIC_KEY, params) != 1)
		k = NULL;
	for (i = 0; i < P_NUM; i++)
		BN_clear_free(bn[i]);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	EVP_PKEY_CTX_free(c);
	return k;
}

/* OpenSSL's PKCS#1 DER (RSAPublicKey or RSAPrivateKey) of k; free it. */
static uint8_t *
ossl_der(EVP_PKEY *k, bool priv, size_t *len)
{
	OSSL_ENCODER_CTX *ec = OSSL_ENCODER_CTX_new_for_pkey(k,
		priv ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY, "DER",
		"type-specific", NULL);
	unsigned char *out = NULL;

	*len = 0;
	if (ec == NULL || OSSL_ENCODER_to_data(ec, &out, len) != 1) {
		OPENSSL_free(out);
		out = NULL;
	}
	OSSL_ENCODER_CTX_free(ec);
	return out;
}

/* d = e^-1 mod (p - 1)(q - 1) by OpenSSL, into r's d (and dP, dQ). */
static bool
set_d_phi(struct parts *r, bool crt)
{
	BIGNUM *e = bn_of(r, P_E), *p = bn_of(r, P_P), *q = bn_of(r, P_Q),
	       *phi = BN_new(), *d = NULL, *t = BN_new();
	BN_CTX *bc = BN_CTX_new();
	bool ok = false;

	if (e != NULL && p != NULL && q != NULL && phi != NULL && t != NULL &&
	    bc != NULL && BN_sub_word(p, 1) && BN_sub_word(q, 1) &&
	    BN_mul(phi, p, q, bc) &&
	    (d = BN_mod_inverse(NULL, e, phi, bc)) != NULL) {
		set_part(r, P_D, d);
		ok = !crt || (BN_mod(t, d, p, bc) && (set_part(r, P_DP, t), 1) &&
			      BN_mod(t, d, q, bc) && (set_part(r, P_DQ, t), 1));
	}
	BN_clear_free(d);
	BN_clear_free(t);
	BN_clear_free(p);
	BN_clear_free(q);
	BN_free(phi);
	BN_free(e);
	BN_CTX_free(bc);
	return ok;
}

/* --- key files ------------------------------------------------------------ */

/*
 * The RSA keys of cryptography_vectors (passphrases from its READMEs).
 * d_phi: the file's d is e^-1 mod (p-1)(q-1), the one the encoder derives
 * (DPDK 22.11 gives d or the quintuple, never both); the other files hold
 * e^-1 mod lcm(p-1, q-1), as OpenSSL 1.1+ generates. Either is a valid
 * key, so for those the reference is OpenSSL's DER of the same key with
 * d = e^-1 mod (p-1)(q-1), computed by OpenSSL. pkcs1: the file's bytes
 * are themselves the PKCS#1 DER our output must equal.
 */
struct key_file {
	const char *name;
	const char *path;
	const char *pass;
	unsigned int bits;
	bool priv;
	bool d_phi;
	bool pkcs1;
	/* Filled by load(). */
	const char *why;	/**< why it could not be loaded, or NULL */
	uint8_t *raw;
	size_t raw_len;
	struct parts parts;
};

static struct key_file files[] = {
	{ "testrsa-512", "asymmetric/DER_Serialization/testrsa.der", NULL,
	  512, true, true, true },
	{ "unenc-pkcs8-1024", "asymmetric/DER_Serialization/unenc-rsa-pkcs8.der",
	  NULL, 1024, true, false, false },
	{ "enc-pkcs8-1024", "asymmetric/PKCS8/enc-rsa-pkcs8.pem", "foobar",
	  1024, true, true, false },
	/* q = 2: no RSA key (OpenSSL's check refuses it), but the encoder
	 * validates no primes; it gives a one-byte q, dQ = 0 and a 1025-bit
	 * n whose top byte 0x01 takes no 0x00 prefix. */
	{ "q-is-2-1025", "asymmetric/PEM_Serialization/rsa-bad-1025-q-is-2.pem",
	  NULL, 1025, true, true, false },
	{ "des3-pem-2048", "asymmetric/PEM_Serialization/rsa_private_key.pem",
	  "123456", 2048, true, true, false },
	/* An RSA-PSS key: its PSS parameters are no part of RSAPrivateKey. */
	{ "pss-2048", "asymmetric/PKCS8/rsa_pss_2048.pem", NULL,
	  2048, true, false, false },
	{ "x509-ca-4096", "x509/custom/ca/rsa_key.pem", NULL,
	  4096, true, true, false },
	{ "pkcs1-pub-1024", "asymmetric/public/PKCS1/rsa.pub.der", NULL,
	  1024, false, false, true },
	{ "spki-pub-2048", "asymmetric/PEM_Serialization/rsa_public_key.pem",
	  NULL, 2048, false, false, false },
};

static const char *vectors = DEFAULT_VECTORS;

static uint8_t *
read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *b = NULL;
	long n;

	if (f != NULL && fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (b = malloc(n)) != NULL &&
	    fread(b, 1, n, f) != (size_t)n) {
		free(b);
		b = NULL;
	}
	*len = b != NULL ? (size_t)n : 0;
	if (f != NULL)
		fclose(f);
	return b;
}

/*
 * PEM or DER, PKCS#1, PKCS#8 (encrypted or not) or SubjectPublicKeyInfo,
 * as RSA or RSA-PSS: with no key type named, OpenSSL takes a bare
 * RSAPublicKey (two INTEGERs) for DH parameters.
 */
static EVP_PKEY *
decode_file(const struct key_file *kf)
{
	static const char *const types[] = { "RSA", "RSA-PSS" };
	const unsigned char *p;
	OSSL_DECODER_CTX *dc;
	EVP_PKEY *k = NULL;
	unsigned int i;
	size_t len;

	for (i = 0; i < RTE_DIM(types) && k == NULL; i++) {
		p = kf->raw;
		len = kf->raw_len;
		dc = OSSL_DECODER_CTX_new_for_pkey(&k, NULL, NULL, types[i], 0,
						   NULL, NULL);
		if (dc == NULL || (kf->pass != NULL &&
		     OSSL_DECODER_CTX_set_passphrase(dc,
			(const unsigned char *)kf->pass, strlen(kf->pass)) != 1) ||
		    OSSL_DECODER_from_data(dc, &p, &len) != 1) {
			EVP_PKEY_free(k);
			k = NULL;
		}
		OSSL_DECODER_CTX_free(dc);
	}
	return k;
}

static const char *
load(struct key_file *kf)
{
	char path[512];
	EVP_PKEY *k;
	const char *why = NULL;

	snprintf(path, sizeof(path), "%s/%s", vectors, kf->path);
	kf->raw = read_all(path, &kf->raw_len);
	if (kf->raw == NULL)
		return "cannot read the file";
	k = decode_file(kf);
	if (k == NULL)
		return "OpenSSL cannot decode it";
	parts_of(k, &kf->parts);
	if ((unsigned int)EVP_PKEY_get_bits(k) != kf->bits)
		why = "not the key size expected";
	else if (kf->priv != (kf->parts.len[P_QI] != 0))
		why = "not the key type expected (public, private)";
	EVP_PKEY_free(k);
	return why;
}

static struct key_file *
key(const char *name)
{
	unsigned int i;

	for (i = 0; i < RTE_DIM(files); i++)
		if (strcmp(files[i].name, name) == 0)
			return files[i].why == NULL ? &files[i] : NULL;
	return NULL;
}

/* --- running the encoder ------------------------------------------------- */

/* The xform field of part i (d shares its storage with qt.p). */
static rte_crypto_uint *
field(struct rte_crypto_rsa_xform *x, enum part i)
{
	rte_crypto_uint *const f[P_NUM] = {
		[P_N] = &x->n, [P_E] = &x->e, [P_D] = &x->d, [P_P] = &x->qt.p,
		[P_Q] = &x->qt.q, [P_DP] = &x->qt.dP, [P_DQ] = &x->qt.dQ,
		[P_QI] = &x->qt.qInv,
	};

	return f[i];
}

/* An xform of r's parts: n and e, and the quintuple when priv. */
static void
xform_of(struct parts *r, bool priv, struct rte_crypto_rsa_xform *x)
{
	int i;

	memset(x, 0, sizeof(*x));
	x->key_type = priv ? RTE_RSA_KEY_TYPE_QT : RTE_RSA_KEY_TYPE_EXP;
	for (i = 0; i < P_NUM; i++)
		if (i <= P_E || (priv && i >= P_P))
			*field(x, i) = (rte_crypto_uint){ .data = r->b[i],
							  .length = r->len[i] };
}

static struct vcrypto_asym_keys out;

/* Encode x into out, which starts dirty so that the wipe shows. */
static int
encode(const struct rte_crypto_rsa_xform *x)
{
	memset(&out, 0xa5, sizeof(out));
	return vcrypto_asym_keys_encode(x, &out);
}

static bool
out_wiped(void)
{
	const uint8_t *b = (const uint8_t *)&out;
	size_t i;

	for (i = 0; i < sizeof(out); i++)
		if (b[i] != 0)
			return false;
	return true;
}

/* out against OpenSSL's DER of ref (its public half only unless priv). */
static const char *
same_as(EVP_PKEY *ref, bool priv, size_t mod_len)
{
	uint8_t *pub, *prv = NULL;
	size_t publ, prvl = 0;
	const char *why = NULL;

	pub = ossl_der(ref, false, &publ);
	if (priv)
		prv = ossl_der(ref, true, &prvl);
	if (pub == NULL || (priv && prv == NULL))
		why = "OpenSSL cannot encode the reference";
	else if (out.mod_len != mod_len)
		why = "mod_len is not the modulus' bytes";
	else if (out.pub_len != publ || memcmp(out.pub, pub, publ) != 0)
		why = "RSAPublicKey differs from OpenSSL's";
	else if (out.priv_len != prvl ||
		 (priv && memcmp(out.priv, prv, prvl) != 0))
		why = "RSAPrivateKey differs from OpenSSL's";
	OPENSSL_free(pub);
	OPENSSL_clear_free(prv, prvl);
	return why;
}

static void
report(const char *name, const char *why, int rc)
{
	if (why == NULL)
		tv_pass(name, "public %u, private %u DER bytes", out.pub_len,
			out.priv_len);
	else
		tv_fail(name, "%s (rc %d)", why, rc);
}

/* --- known answers from the files ---------------------------------------- */

/* The reference key of a private file (see struct key_file). */
static EVP_PKEY *
reference(const struct key_file *kf, const char **why)
{
	struct parts *r = malloc(sizeof(*r));
	EVP_PKEY *k = NULL;

	*why = NULL;
	if (r == NULL)
		return NULL;
	*r = kf->parts;
	if (!set_d_phi(r, false))
		*why = "OpenSSL finds no e^-1 mod phi";
	else if ((r->len[P_D] == kf->parts.len[P_D] &&
		  memcmp(r->b[P_D], kf->parts.b[P_D], r->len[P_D]) == 0) !=
		 kf->d_phi)
		*why = "the file's d is not the inverse the table says";
	else if ((k = pkey_of(r, true)) == NULL)
		*why = "OpenSSL cannot make the reference key";
	explicit_bzero(r, sizeof(*r));
	free(r);
	return k;
}

/* Left-pad part i of r to len bytes with zeros. */
static void
pad(struct parts *r, enum part i, size_t len)
{
	size_t n = r->len[i];

	memmove(r->b[i] + len - n, r->b[i], n);
	memset(r->b[i], 0, len - n);
	r->len[i] = len;
}

/*
 * The file's key as it is, or with leading zeros on every part (padded),
 * as CAVP files and fixed-width buffers give them: n three bytes over its
 * size (past VCRYPTO_ASYM_MOD_MAX for RSA-4096), e and the quintuple as
 * long as the modulus, the most the contract allows. Either way the DER
 * must be OpenSSL's, byte for byte, and the file's own bytes when it is
 * PKCS#1 DER.
 */
static void
kat(struct key_file *kf, bool padded)
{
	struct parts *r = malloc(sizeof(*r));
	size_t nn = kf->parts.len[P_N];
	struct rte_crypto_rsa_xform x;
	const char *why = "no memory";
	EVP_PKEY *ref = NULL;
	char name[64];
	int rc = 0, i;

	snprintf(name, sizeof(name), "kat-%s%s", kf->name,
		 padded ? "-zero-padded" : "");
	if (r != NULL && kf->priv)
		ref = reference(kf, &why);
	else if (r != NULL && (ref = pkey_of(&kf->parts, false)) == NULL)
		why = "OpenSSL cannot make the reference key";
	if (ref != NULL) {
		*r = kf->parts;
		for (i = 0; padded && i < P_NUM; i++)
			if (r->len[i] != 0 && i != P_D)
				pad(r, i, i == P_N ? nn + 3 : nn);
		xform_of(r, kf->priv, &x);
		rc = encode(&x);
		why = rc != 0 ? "refused" : same_as(ref, kf->priv, nn);
	}
	if (why == NULL && kf->pkcs1 &&
	    (kf->priv ? out.priv_len != kf->raw_len ||
			memcmp(out.priv, kf->raw, kf->raw_len) != 0 :
			out.pub_len != kf->raw_len ||
			memcmp(out.pub, kf->raw, kf->raw_len) != 0))
		why = "DER differs from the file's bytes";
	report(name, why, rc);
	EVP_PKEY_free(ref);
	if (r != NULL)
		explicit_bzero(r, sizeof(*r));
	free(r);
}

/* --- the contract's edge cases -------------------------------------------- */

/* The parts of a loaded key file, or a SKIP line naming the case. */
static struct parts *
key_parts(const char *case_name, const char *file)
{
	struct key_file *kf = key(file);

	if (kf == NULL)
		tv_skip(case_name, "key file %s not loaded", file);
	return kf != NULL ? &kf->parts : NULL;
}

/* The idx-th INTEGER of a DER SEQUENCE (a test-side reader). */
static bool
der_int_at(const uint8_t *der, size_t len, unsigned int idx,
	   const uint8_t **v, size_t *vlen)
{
	size_t off = 0, l = 0, hl;
	unsigned int i;

	for (i = 0; i <= idx + 1; i++) {
		if (off + 2 > len)
			return false;
		l = der[off + 1];
		hl = 2;
		if (l & 0x80) {
			hl += l & 0x7f;
			if ((l & 0x7f) > 2 || off + hl > len)
				return false;
			l = (l & 0x7f) == 1 ? der[off + 2] :
			    (size_t)der[off + 2] << 8 | der[off + 3];
		}
		if (i == idx + 1) {
			*v = der + off + hl;
			*vlen = l;
			return der[off] == 0x02 && off + hl + l <= len;
		}
		/* Into the SEQUENCE, then past each INTEGER. */
		off += i == 0 ? hl : hl + l;
	}
	return false;
}

/*
 * DER positive INTEGERs: n with its top bit set takes a 0x00 prefix
 * (512-bit key), n with a top byte of 0x01 none (1025-bit key); version
 * is INTEGER 0 (two-prime).
 */
static void
ut_der_integers(void)
{
	static const struct { const char *key; size_t len; uint8_t first; } t[] = {
		{ "testrsa-512", 65, 0x00 },
		{ "q-is-2-1025", 129, 0x01 },
	};
	struct rte_crypto_rsa_xform x;
	const uint8_t *v, *ver;
	struct parts *r;
	unsigned int i;
	size_t vl, verl;
	char name[64];

	for (i = 0; i < RTE_DIM(t); i++) {
		snprintf(name, sizeof(name), "der-n-%s", t[i].key);
		if ((r = key_parts(name, t[i].key)) == NULL)
			continue;
		xform_of(r, true, &x);
		if (encode(&x) != 0 ||
		    !der_int_at(out.pub, out.pub_len, 0, &v, &vl) ||
		    !der_int_at(out.priv, out.priv_len, 0, &ver, &verl))
			tv_fail(name, "refused, or not a SEQUENCE of INTEGERs");
		else if (vl != t[i].len || v[0] != t[i].first ||
			 memcmp(v + vl - r->len[P_N], r->b[P_N], r->len[P_N]))
			tv_fail(name, "n not a minimal positive INTEGER");
		else if (verl != 1 || ver[0] != 0)
			tv_fail(name, "version not INTEGER 0");
		else
			tv_pass(name, "INTEGER of %zu bytes, first 0x%02x", vl,
				v[0]);
	}
}

/*
 * DER length forms at their boundaries: e of a 2048-bit public key with
 * 127, 128, 255 and 256 content bytes (short form, 0x81 from 128, 0x82
 * from 256), against OpenSSL's encoding.
 */
static void
ut_der_lengths(void)
{
	static const size_t lens[] = { 127, 128, 255, 256 };
	struct parts *base = key_parts("der-length", "spki-pub-2048");
	struct parts *r = malloc(sizeof(*r));
	struct rte_crypto_rsa_xform x;
	EVP_PKEY *ref;
	unsigned int i;
	char name[64];
	int rc;

	for (i = 0; base != NULL && r != NULL && i < RTE_DIM(lens); i++) {
		snprintf(name, sizeof(name), "der-length-%zu", lens[i]);
		*r = *base;
		memset(r->b[P_E], 0x5a, lens[i]);
		r->b[P_E][0] = 1;
		r->len[P_E] = lens[i];
		ref = pkey_of(r, false);
		xform_of(r, false, &x);
		rc = encode(&x);
		report(name, rc != 0 ? "refused" : ref == NULL ? "no reference" :
		       same_as(ref, false, r->len[P_N]), rc);
		EVP_PKEY_free(ref);
	}
	free(r);
}

/* rc from encoding x, with out wiped (on error) or empty private key. */
static void
expect(const char *name, const struct rte_crypto_rsa_xform *x, int want)
{
	int rc = encode(x);

	if (rc != want)
		tv_fail(name, "rc %d, want %d", rc, want);
	else if (rc != 0 && !out_wiped())
		tv_fail(name, "keys not wiped on error");
	else if (rc == 0 && out.priv_len != 0)
		tv_fail(name, "a private key from a public xform");
	else
		tv_pass(name, "%d", rc);
}

/* A public key alone: RTE_RSA_KEY_TYPE_EXP with no d, or a quintuple
 * with p empty (d.length and qt.p.length are one field in DPDK 22.11). */
static void
ut_public_only(void)
{
	struct parts *r = key_parts("public-only", "testrsa-512");
	struct rte_crypto_rsa_xform x;
	EVP_PKEY *ref;
	const char *why;
	int rc;

	if (r == NULL)
		return;
	ref = pkey_of(r, false);
	xform_of(r, true, &x);
	x.qt.p.length = 0;
	rc = encode(&x);
	why = rc != 0 ? "refused" : ref == NULL ? "no reference" :
	      same_as(ref, false, r->len[P_N]);
	report("public-only-qt-empty-p", why, rc);
	xform_of(r, false, &x);
	x.qt.q = (rte_crypto_uint){ .data = r->b[P_Q], .length = r->len[P_Q] };
	rc = encode(&x);
	why = rc != 0 ? "refused" : ref == NULL ? "no reference" :
	      same_as(ref, false, r->len[P_N]);
	report("public-only-exp-stray-q", why, rc);
	EVP_PKEY_free(ref);
	/* A private key as d alone: the device needs p and q. */
	xform_of(r, false, &x);
	x.d = (rte_crypto_uint){ .data = r->b[P_D], .length = r->len[P_D] };
	expect("private-exponent-only", &x, -ENOTSUP);
}

/*
 * Missing parts: no data, no length, or zero bytes only for n, e and the
 * primes (a zero dP, dQ or qInv is a value: dQ of the q = 2 key). No
 * length-0 p: an empty p is an empty d, a public key (public-only-*).
 */
static void
ut_empty(void)
{
	enum how { NUL, LEN0, ZERO };
	static const struct { const char *name; enum part i; enum how how; } t[] = {
		{ "empty-n-null", P_N, NUL }, { "empty-n-length-0", P_N, LEN0 },
		{ "empty-n-zero-bytes", P_N, ZERO },
		{ "empty-e-null", P_E, NUL }, { "empty-e-length-0", P_E, LEN0 },
		{ "empty-e-zero-bytes", P_E, ZERO },
		{ "empty-p-null", P_P, NUL }, { "empty-p-zero-bytes", P_P, ZERO },
		{ "empty-q-null", P_Q, NUL }, { "empty-q-length-0", P_Q, LEN0 },
		{ "empty-q-zero-bytes", P_Q, ZERO },
		{ "empty-dp-null", P_DP, NUL }, { "empty-dp-length-0", P_DP, LEN0 },
		{ "empty-dq-null", P_DQ, NUL }, { "empty-dq-length-0", P_DQ, LEN0 },
		{ "empty-qinv-null", P_QI, NUL },
		{ "empty-qinv-length-0", P_QI, LEN0 },
	};
	static uint8_t zeros[PART_MAX];
	struct parts *r = key_parts("empty", "testrsa-512");
	struct rte_crypto_rsa_xform x;
	rte_crypto_uint *f;
	unsigned int i;

	for (i = 0; r != NULL && i < RTE_DIM(t); i++) {
		xform_of(r, true, &x);
		f = field(&x, t[i].i);
		if (t[i].how == NUL)
			f->data = NULL;
		else if (t[i].how == LEN0)
			f->length = 0;
		else
			f->data = zeros;
		expect(t[i].name, &x, -EINVAL);
	}
}

/*
 * The largest RSAPublicKey: a 4096-bit n and an e of as many bytes (n - 2),
 * both with the top bit set, fill VCRYPTO_ASYM_PUB_DER_MAX exactly.
 */
static void
ut_pub_der_max(const struct parts *big)
{
	struct parts *r = malloc(sizeof(*r));
	struct rte_crypto_rsa_xform x;
	BIGNUM *e = NULL;
	EVP_PKEY *ref = NULL;
	const char *why = "no memory";
	int rc = 0;

	if (r != NULL) {
		*r = *big;
		e = bn_of(r, P_N);
		why = "OpenSSL cannot make the reference key";
	}
	if (e != NULL && BN_sub_word(e, 2)) {
		set_part(r, P_E, e);
		ref = pkey_of(r, false);
	}
	if (ref != NULL) {
		xform_of(r, false, &x);
		rc = encode(&x);
		why = rc != 0 ? "refused" : same_as(ref, false, r->len[P_N]);
		if (why == NULL && out.pub_len != VCRYPTO_ASYM_PUB_DER_MAX)
			why = "not the largest RSAPublicKey";
	}
	report("size-pub-der-max", why, rc);
	EVP_PKEY_free(ref);
	BN_free(e);
	free(r);
}

/* Part i of r zero-padded to len bytes, as x's field; buf: room for it. */
static void
set_padded(struct rte_crypto_rsa_xform *x, const struct parts *r,
	   enum part i, uint8_t *buf, size_t len)
{
	memset(buf, 0, len - r->len[i]);
	memcpy(buf + len - r->len[i], r->b[i], r->len[i]);
	*field(x, i) = (rte_crypto_uint){ .data = buf, .length = len };
}

/*
 * Sizes against VCRYPTO_ASYM_MOD_MIN..MAX and the modulus: n one byte
 * short of 512 bits and one byte over 4096, e longer than n, a quintuple
 * part one byte longer than n (a leading zero). Then the largest
 * RSAPublicKey the contract allows, which fills its buffer exactly.
 */
static void
ut_sizes(void)
{
	struct parts *r = key_parts("sizes", "testrsa-512");
	struct parts *big = key_parts("sizes-4096", "x509-ca-4096");
	static uint8_t b[PART_MAX];
	struct rte_crypto_rsa_xform x;
	size_t nn;

	if (r == NULL || big == NULL)
		return;
	nn = r->len[P_N];
	xform_of(r, false, &x);
	x.n.data++;
	x.n.length--;
	expect("size-n-504-bit", &x, -EINVAL);
	xform_of(big, false, &x);
	set_padded(&x, big, P_N, b, big->len[P_N] + 1);
	b[0] = 1;
	expect("size-n-4104-bit", &x, -EINVAL);
	xform_of(r, false, &x);
	set_padded(&x, r, P_E, b, nn + 1);
	b[0] = 1;
	expect("size-e-longer-than-n", &x, -EINVAL);
	xform_of(r, true, &x);
	set_padded(&x, r, P_P, b, nn + 1);
	expect("size-p-longer-than-n", &x, -EINVAL);
	xform_of(r, true, &x);
	set_padded(&x, r, P_QI, b, nn + 1);
	expect("size-qinv-longer-than-n", &x, -EINVAL);
	ut_pub_der_max(big);
}

/*
 * A large public exponent below 2^32 with the key's primes: d, dP and dQ
 * for it from OpenSSL, the DER byte-identical. Exercises the single-limb
 * steps of the derivation where e - k and k * phi are widest.
 */
static void
e_large(const char *name, const struct parts *base)
{
	static const uint32_t cand[] = { 4294967291u, 4294967279u, 4294967231u };
	struct parts *r = malloc(sizeof(*r));
	struct rte_crypto_rsa_xform x;
	EVP_PKEY *ref = NULL;
	const char *why = "OpenSSL finds no e coprime to phi";
	unsigned int i;
	int rc = 0;

	if (r == NULL)
		return;
	*r = *base;
	for (i = 0; i < RTE_DIM(cand) && ref == NULL; i++) {
		r->len[P_E] = 4;
		r->b[P_E][0] = cand[i] >> 24;
		r->b[P_E][1] = cand[i] >> 16;
		r->b[P_E][2] = cand[i] >> 8;
		r->b[P_E][3] = cand[i];
		if (set_d_phi(r, true))
			ref = pkey_of(r, true);
	}
	if (ref != NULL) {
		xform_of(r, true, &x);
		rc = encode(&x);
		why = rc != 0 ? "refused" : same_as(ref, true, r->len[P_N]);
	}
	report(name, why, rc);
	EVP_PKEY_free(ref);
	explicit_bzero(r, sizeof(*r));
	free(r);
}

/* e the smallest odd prime dividing (p-1)(q-1): no private exponent. */
static void
e_shares_factor(const char *name, struct parts *base)
{
	BIGNUM *p = bn_of(base, P_P), *q = bn_of(base, P_Q), *phi = BN_new();
	BN_CTX *bc = BN_CTX_new();
	struct rte_crypto_rsa_xform x;
	uint8_t e[2];
	unsigned int f = 0, i;

	if (p != NULL && q != NULL && phi != NULL && bc != NULL &&
	    BN_sub_word(p, 1) && BN_sub_word(q, 1) && BN_mul(phi, p, q, bc))
		for (i = 3; i < 1000 && f == 0; i += 2)
			if (BN_mod_word(phi, i) == 0)
				f = i;
	BN_clear_free(p);
	BN_clear_free(q);
	BN_clear_free(phi);
	BN_CTX_free(bc);
	if (f == 0) {
		tv_fail(name, "no odd factor below 1000 in phi");
		return;
	}
	e[0] = f >> 8;
	e[1] = f & 0xff;
	xform_of(base, true, &x);
	x.e = (rte_crypto_uint){ .data = e, .length = 2 };
	expect(name, &x, -EINVAL);
}

/* e of 2^32 and more (-ENOTSUP with a private key only), e near 2^32. */
static void
ut_exponents(void)
{
	static uint8_t e32[] = { 1, 0, 0, 0, 0 };
	static uint8_t e32_padded[] = { 0, 0, 0, 1, 0, 0, 0, 0 };
	struct parts *r = key_parts("exponents", "testrsa-512");
	struct parts *big = key_parts("exponents-4096", "x509-ca-4096");
	struct rte_crypto_rsa_xform x;
	struct parts *pub;
	EVP_PKEY *ref = NULL;
	int rc;

	if (r == NULL || big == NULL)
		return;
	xform_of(r, true, &x);
	x.e = (rte_crypto_uint){ .data = e32, .length = sizeof(e32) };
	expect("e-2^32-private", &x, -ENOTSUP);
	x.e = (rte_crypto_uint){ .data = e32_padded, .length = sizeof(e32_padded) };
	expect("e-2^32-zero-padded-private", &x, -ENOTSUP);
	pub = malloc(sizeof(*pub));
	if (pub != NULL) {
		*pub = *r;
		memcpy(pub->b[P_E], e32, sizeof(e32));
		pub->len[P_E] = sizeof(e32);
		ref = pkey_of(pub, false);
	}
	xform_of(r, false, &x);
	x.e = (rte_crypto_uint){ .data = e32, .length = sizeof(e32) };
	rc = encode(&x);
	report("e-2^32-public", rc != 0 ? "refused" : ref == NULL ?
	       "no reference" : same_as(ref, false, r->len[P_N]), rc);
	EVP_PKEY_free(ref);
	free(pub);
	e_large("e-below-2^32-512", r);
	e_large("e-below-2^32-4096", big);
	/* OpenSSL's primes avoid p = 1 modulo small primes (rsa_private_key.pem
	 * and the 4096-bit key have no odd factor in phi below 1000): the
	 * two keys whose phi has one. */
	e_shares_factor("e-shares-factor-with-phi-512", r);
	r = key_parts("e-shares-factor-with-phi-1024", "unenc-pkcs8-1024");
	if (r != NULL)
		e_shares_factor("e-shares-factor-with-phi-1024", r);
}

/* Parts that do not make one key: p * q != n. */
static void
ut_inconsistent(void)
{
	struct parts *r = key_parts("inconsistent", "enc-pkcs8-1024");
	struct parts *other = key_parts("inconsistent-other",
					      "unenc-pkcs8-1024");
	static uint8_t b[PART_MAX];
	struct rte_crypto_rsa_xform x;

	if (r == NULL || other == NULL)
		return;
	xform_of(r, true, &x);
	memcpy(b, r->b[P_Q], r->len[P_Q]);
	b[r->len[P_Q] - 1] ^= 2;
	x.qt.q.data = b;
	expect("pq-not-n-q-bit-flipped", &x, -EINVAL);
	xform_of(r, true, &x);
	x.qt.p = (rte_crypto_uint){ .data = other->b[P_P],
				    .length = other->len[P_P] };
	expect("pq-not-n-p-of-another-key", &x, -EINVAL);
}

int
main(int argc, char **argv)
{
	struct stat st;
	unsigned int i;
	bool have;

	if (argc == 3 && strcmp(argv[1], "--vectors") == 0) {
		vectors = argv[2];
	} else if (argc != 1) {
		fprintf(stderr, "usage: %s [--vectors DIR] (default %s)\n",
			argv[0], DEFAULT_VECTORS);
		return 2;
	}
	tv_report_init(NULL, false);
	ut_log_quiet(true);
	have = stat(vectors, &st) == 0 && S_ISDIR(st.st_mode);
	for (i = 0; i < RTE_DIM(files); i++) {
		char name[64];

		files[i].why = have ? load(&files[i]) : "no vectors";
		snprintf(name, sizeof(name), "kat-%s", files[i].name);
		if (!have)
			tv_skip(name, "%s missing (apt-get install "
				"python3-cryptography-vectors)", vectors);
		else if (files[i].why != NULL)
			tv_fail(name, "%s: %s", files[i].path, files[i].why);
		else
			kat(&files[i], false);
	}
	for (i = 0; i < RTE_DIM(files); i++)
		if (files[i].why == NULL)
			kat(&files[i], true);
	ut_der_integers();
	ut_der_lengths();
	ut_public_only();
	ut_empty();
	ut_sizes();
	ut_exponents();
	ut_inconsistent();
	for (i = 0; i < RTE_DIM(files); i++) {
		explicit_bzero(&files[i].parts, sizeof(files[i].parts));
		free(files[i].raw);
	}
	return tv_report_summary();
}
