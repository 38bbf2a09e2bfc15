/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Unit test of vcrypto_asym.c (no EAL, no device): the DER keys it sends
 * are decoded by OpenSSL and checked against the xform (the derived
 * private exponent included), the control requests it makes are recorded
 * by a stub, and the request builder and completion check are driven with
 * a fake slot. The module's .c is included; its neighbours are stubbed.
 */
#include <stdio.h>
#include <stdlib.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/decoder.h>
#include <openssl/encoder.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "vcrypto_asym.c"
#include "vcrypto_asym_key.c"
#include "../tv_report.h"

/* --- stubs of the neighbours ------------------------------------------- */

uint8_t vcrypto_driver_id = 7;
int vcrypto_logtype, vcrypto_logtype_ctrl, vcrypto_logtype_dp;

static struct {
	unsigned int creates, destroys;
	unsigned int stale;	/* destroys of an earlier generation */
	uint64_t next_sid;
	uint32_t keytype, padding, hash;
	uint8_t der[2][VCRYPTO_ASYM_PRIV_DER_MAX];	/* by key type - 1 */
	size_t der_len[2];
	int fail_hash;		/* virtio hash id to refuse, or -1 */
	int fail_rc;
} stub;

int
vcrypto_ctrl_session_create(struct vcrypto_dev *dev __rte_unused,
			    const struct vcrypto_ctrl_create *req, uint64_t *sid)
{
	const struct virtio_crypto_akcipher_create_session_req *f = req->fixed;
	uint32_t kt = rte_le_to_cpu_32(f->para.keytype);

	stub.creates++;
	stub.keytype = kt;
	stub.padding = rte_le_to_cpu_32(f->para.u.rsa.padding_algo);
	stub.hash = rte_le_to_cpu_32(f->para.u.rsa.hash_algo);
	if (kt < 1 || kt > 2 || req->var_len[0] != rte_le_to_cpu_32(f->para.keylen))
		return -EIO;
	memcpy(stub.der[kt - 1], req->var[0], req->var_len[0]);
	stub.der_len[kt - 1] = req->var_len[0];
	if ((int)stub.hash == stub.fail_hash)
		return stub.fail_rc;
	*sid = stub.next_sid++;
	return 0;
}

int
vcrypto_ctrl_session_destroy(struct vcrypto_dev *d, uint32_t opcode,
			     uint32_t algo __rte_unused,
			     uint64_t sid __rte_unused, uint32_t generation)
{
	/* As vcrypto_ctrl.c: nothing goes out for an earlier generation. */
	if (generation != d->generation)
		stub.stale++;
	else if (opcode == VIRTIO_CRYPTO_AKCIPHER_DESTROY_SESSION)
		stub.destroys++;
	return 0;
}

static void
stub_reset(void)
{
	memset(&stub, 0, sizeof(stub));
	stub.fail_hash = -1;
}

/* --- keys ----------------------------------------------------------------- */

struct key {
	uint8_t n[520], e[520], p[300], q[300], dp[300], dq[300], qi[300];
	size_t nl, el, pl, ql, dpl, dql, qil;
	EVP_PKEY *pkey;
};

static size_t
get(EVP_PKEY *k, const char *name, uint8_t *out)
{
	BIGNUM *b = NULL;
	size_t n;

	if (EVP_PKEY_get_bn_param(k, name, &b) != 1)
		return 0;
	n = BN_bn2bin(b, out);
	BN_free(b);
	return n;
}

static int
key_gen(struct key *k, unsigned int bits, unsigned long e)
{
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
	BIGNUM *be = BN_new();
	int rc = -1;

	memset(k, 0, sizeof(*k));
	BN_set_word(be, e);
	if (c != NULL && EVP_PKEY_keygen_init(c) == 1 &&
	    EVP_PKEY_CTX_set_rsa_keygen_bits(c, bits) == 1 &&
	    EVP_PKEY_CTX_set1_rsa_keygen_pubexp(c, be) == 1 &&
	    EVP_PKEY_generate(c, &k->pkey) == 1) {
		k->nl = get(k->pkey, OSSL_PKEY_PARAM_RSA_N, k->n);
		k->el = get(k->pkey, OSSL_PKEY_PARAM_RSA_E, k->e);
		k->pl = get(k->pkey, OSSL_PKEY_PARAM_RSA_FACTOR1, k->p);
		k->ql = get(k->pkey, OSSL_PKEY_PARAM_RSA_FACTOR2, k->q);
		k->dpl = get(k->pkey, OSSL_PKEY_PARAM_RSA_EXPONENT1, k->dp);
		k->dql = get(k->pkey, OSSL_PKEY_PARAM_RSA_EXPONENT2, k->dq);
		k->qil = get(k->pkey, OSSL_PKEY_PARAM_RSA_COEFFICIENT1, k->qi);
		rc = 0;
	}
	BN_free(be);
	EVP_PKEY_CTX_free(c);
	return rc;
}

static void
xform_of(struct key *k, bool priv, struct rte_crypto_asym_xform *x)
{
	memset(x, 0, sizeof(*x));
	x->xform_type = RTE_CRYPTO_ASYM_XFORM_RSA;
	x->rsa.n = (rte_crypto_uint){ .data = k->n, .length = k->nl };
	x->rsa.e = (rte_crypto_uint){ .data = k->e, .length = k->el };
	x->rsa.key_type = priv ? RTE_RSA_KEY_TYPE_QT : RTE_RSA_KEY_TYPE_EXP;
	if (!priv)
		return;
	x->rsa.qt.p = (rte_crypto_uint){ .data = k->p, .length = k->pl };
	x->rsa.qt.q = (rte_crypto_uint){ .data = k->q, .length = k->ql };
	x->rsa.qt.dP = (rte_crypto_uint){ .data = k->dp, .length = k->dpl };
	x->rsa.qt.dQ = (rte_crypto_uint){ .data = k->dq, .length = k->dql };
	x->rsa.qt.qInv = (rte_crypto_uint){ .data = k->qi, .length = k->qil };
}

static EVP_PKEY *
decode(const uint8_t *der, size_t len, int selection)
{
	const unsigned char *p = der;
	EVP_PKEY *pkey = NULL;
	OSSL_DECODER_CTX *dc = OSSL_DECODER_CTX_new_for_pkey(&pkey, "DER",
		"type-specific", "RSA", selection, NULL, NULL);

	if (dc == NULL || OSSL_DECODER_from_data(dc, &p, &len) != 1 || len != 0) {
		EVP_PKEY_free(pkey);
		pkey = NULL;
	}
	OSSL_DECODER_CTX_free(dc);
	return pkey;
}

/* OpenSSL's own PKCS#1 DER of the public key: ours must be identical. */
static bool
same_as_openssl_public(EVP_PKEY *k, const uint8_t *der, size_t len)
{
	unsigned char *out = NULL;
	size_t olen = 0;
	OSSL_ENCODER_CTX *ec = OSSL_ENCODER_CTX_new_for_pkey(k,
		EVP_PKEY_PUBLIC_KEY, "DER", "type-specific", NULL);
	bool same;

	same = ec != NULL && OSSL_ENCODER_to_data(ec, &out, &olen) == 1 &&
	       olen == len && memcmp(out, der, len) == 0;
	OPENSSL_free(out);
	OSSL_ENCODER_CTX_free(ec);
	return same;
}

/* d * e = 1 modulo p - 1 and q - 1, and the other parts as given. */
static const char *
check_private(struct key *k, EVP_PKEY *got)
{
	BIGNUM *d = NULL, *e = NULL, *p = NULL, *q = NULL, *t = BN_new(),
	       *r = BN_new();
	BN_CTX *bc = BN_CTX_new();
	uint8_t b[600];
	const char *why = NULL;

	if (get(got, OSSL_PKEY_PARAM_RSA_N, b) != k->nl || memcmp(b, k->n, k->nl))
		why = "n differs";
	else if (get(got, OSSL_PKEY_PARAM_RSA_FACTOR1, b) != k->pl ||
		 memcmp(b, k->p, k->pl))
		why = "p differs";
	else if (get(got, OSSL_PKEY_PARAM_RSA_EXPONENT2, b) != k->dql ||
		 memcmp(b, k->dq, k->dql))
		why = "dQ differs";
	else if (get(got, OSSL_PKEY_PARAM_RSA_COEFFICIENT1, b) != k->qil ||
		 memcmp(b, k->qi, k->qil))
		why = "qInv differs";
	EVP_PKEY_get_bn_param(got, OSSL_PKEY_PARAM_RSA_D, &d);
	EVP_PKEY_get_bn_param(got, OSSL_PKEY_PARAM_RSA_E, &e);
	EVP_PKEY_get_bn_param(got, OSSL_PKEY_PARAM_RSA_FACTOR1, &p);
	EVP_PKEY_get_bn_param(got, OSSL_PKEY_PARAM_RSA_FACTOR2, &q);
	if (why == NULL && (d == NULL || e == NULL || p == NULL || q == NULL))
		why = "parts missing";
	if (why == NULL) {
		BN_mul(t, d, e, bc);
		BN_sub_word(p, 1);
		BN_sub_word(q, 1);
		if (!BN_mod(r, t, p, bc) || !BN_is_one(r) ||
		    !BN_mod(r, t, q, bc) || !BN_is_one(r))
			why = "d * e != 1 mod (p-1), (q-1)";
	}
	BN_clear_free(d);
	BN_free(e);
	BN_free(p);
	BN_free(q);
	BN_free(t);
	BN_free(r);
	BN_CTX_free(bc);
	return why;
}

static struct vcrypto_dev dev;
static struct key k1024, k2048, k4096, k512;

/* Create a session from x; returns rc, leaves DERs in stub. */
static int
create(struct rte_crypto_asym_xform *x, struct asym_sess *s)
{
	stub.creates = 0;
	return vcrypto_asym_session_create(&dev, x, s);
}

static void
ut_der(const char *name, struct key *k)
{
	struct rte_crypto_asym_xform x;
	struct asym_sess *s = calloc(1, sizeof(*s));
	EVP_PKEY *pub = NULL, *prv = NULL;
	const char *why = NULL;
	int rc;

	xform_of(k, true, &x);
	/* PKCS#1 with SHA-256 and with no hash, each key. */
	rc = create(&x, s);
	if (rc != 0 || stub.creates != 4)
		why = "session create";
	else if ((pub = decode(stub.der[0], stub.der_len[0],
			       EVP_PKEY_PUBLIC_KEY)) == NULL)
		why = "OpenSSL cannot decode the public DER";
	else if (!same_as_openssl_public(k->pkey, stub.der[0], stub.der_len[0]))
		why = "public DER differs from OpenSSL's";
	else if ((prv = decode(stub.der[1], stub.der_len[1],
			       EVP_PKEY_KEYPAIR)) == NULL)
		why = "OpenSSL cannot decode the private DER";
	else
		why = check_private(k, prv);
	if (why == NULL && s->keys.mod_len != k->nl)
		why = "modulus length";
	vcrypto_asym_session_destroy(&dev, s);
	if (why == NULL && stub.destroys != 4)
		why = "destroy count";
	if (why == NULL)
		tv_pass(name, "public %zu, private %zu DER bytes",
			stub.der_len[0], stub.der_len[1]);
	else
		tv_fail(name, "%s (rc %d)", why, rc);
	stub.destroys = 0;
	EVP_PKEY_free(pub);
	EVP_PKEY_free(prv);
	free(s);
}

/* CAVP-style parts: zero-padded e, a leading zero on n. */
static void
ut_der_padded(void)
{
	static uint8_t n[600], e[256];
	struct rte_crypto_asym_xform x;
	struct asym_sess *s = calloc(1, sizeof(*s));
	EVP_PKEY *pub;
	int rc;

	n[0] = 0;
	memcpy(n + 1, k1024.n, k1024.nl);
	memset(e, 0, sizeof(e));
	memcpy(e + sizeof(e) - k1024.el, k1024.e, k1024.el);
	xform_of(&k1024, true, &x);
	x.rsa.n = (rte_crypto_uint){ .data = n, .length = k1024.nl + 1 };
	x.rsa.e = (rte_crypto_uint){ .data = e, .length = sizeof(e) };
	rc = create(&x, s);
	pub = rc == 0 ? decode(stub.der[0], stub.der_len[0],
			       EVP_PKEY_PUBLIC_KEY) : NULL;
	if (rc == 0 && s->keys.mod_len == 128 && pub != NULL &&
	    same_as_openssl_public(k1024.pkey, stub.der[0], stub.der_len[0]))
		tv_pass("der-leading-zeros", "stripped to minimal INTEGERs");
	else
		tv_fail("der-leading-zeros", "rc %d mod_len %u", rc, s->keys.mod_len);
	vcrypto_asym_session_destroy(&dev, s);
	EVP_PKEY_free(pub);
	free(s);
}

/*
 * The quintuple zero-padded to the modulus' length (fixed-width buffers):
 * RSA-4096, where p and q as long as n do not fit the derivation's limbs
 * unless stripped first.
 */
static void
ut_der_padded_primes(void)
{
	static uint8_t parts[5][512];
	struct rte_crypto_asym_xform x;
	struct asym_sess *s = calloc(1, sizeof(*s));
	rte_crypto_uint *f[5] = { &x.rsa.qt.p, &x.rsa.qt.q, &x.rsa.qt.dP,
				  &x.rsa.qt.dQ, &x.rsa.qt.qInv };
	EVP_PKEY *prv = NULL;
	const char *why = NULL;
	unsigned int i;
	int rc;

	xform_of(&k4096, true, &x);
	for (i = 0; i < RTE_DIM(f); i++) {
		memset(parts[i], 0, sizeof(parts[i]));
		memcpy(parts[i] + k4096.nl - f[i]->length, f[i]->data,
		       f[i]->length);
		*f[i] = (rte_crypto_uint){ .data = parts[i], .length = k4096.nl };
	}
	rc = create(&x, s);
	if (rc != 0)
		why = "refused";
	else if ((prv = decode(stub.der[1], stub.der_len[1],
			       EVP_PKEY_KEYPAIR)) == NULL)
		why = "OpenSSL cannot decode the private DER";
	else
		why = check_private(&k4096, prv);
	if (why == NULL)
		tv_pass("der-leading-zeros-primes", "RSA-4096, parts of %zu bytes",
			k4096.nl);
	else
		tv_fail("der-leading-zeros-primes", "%s (rc %d)", why, rc);
	if (rc == 0)
		vcrypto_asym_session_destroy(&dev, s);
	EVP_PKEY_free(prv);
	free(s);
}

static void
expect_rc(const char *name, struct rte_crypto_asym_xform *x, int want,
	  unsigned int want_creates)
{
	struct asym_sess *s = calloc(1, sizeof(*s));
	int rc = create(x, s);

	if (rc == want && stub.creates == want_creates)
		tv_pass(name, "%d", rc);
	else
		tv_fail(name, "rc %d (want %d), %u control requests", rc, want,
			stub.creates);
	if (rc == 0)
		vcrypto_asym_session_destroy(&dev, s);
	free(s);
}

static void
ut_refusals(void)
{
	struct rte_crypto_asym_xform x;
	static uint8_t big_e[5] = { 1, 0, 0, 0, 1 };
	static uint8_t long_e[129];

	xform_of(&k1024, true, &x);
	x.rsa.key_type = RTE_RSA_KEY_TYPE_EXP;
	expect_rc("key-exp-private", &x, -ENOTSUP, 0);
	xform_of(&k1024, true, &x);
	x.rsa.qt.q = (rte_crypto_uint){ .data = k2048.q, .length = k2048.ql };
	expect_rc("key-pq-not-n", &x, -EINVAL, 0);
	xform_of(&k1024, true, &x);
	x.rsa.qt.qInv.length = 0;
	expect_rc("key-missing-qinv", &x, -EINVAL, 0);
	xform_of(&k1024, true, &x);
	x.rsa.e = (rte_crypto_uint){ .data = big_e, .length = sizeof(big_e) };
	expect_rc("key-e-2^32-private", &x, -ENOTSUP, 0);
	xform_of(&k1024, false, &x);
	x.rsa.e = (rte_crypto_uint){ .data = big_e, .length = sizeof(big_e) };
	expect_rc("key-e-2^32-public", &x, 0, 2);
	xform_of(&k1024, false, &x);
	long_e[0] = 1;
	long_e[k1024.nl] = 1;
	x.rsa.e = (rte_crypto_uint){ .data = long_e, .length = k1024.nl + 1 };
	expect_rc("key-e-longer-than-n", &x, -EINVAL, 0);
	xform_of(&k1024, false, &x);
	x.rsa.n.length = 63;
	expect_rc("key-504-bit", &x, -EINVAL, 0);
	xform_of(&k512, true, &x);
	expect_rc("key-512-bit", &x, 0, 4);
	xform_of(&k4096, true, &x);
	expect_rc("key-4096-bit", &x, 0, 4);
	xform_of(&k1024, true, &x);
	stub.fail_hash = VIRTIO_CRYPTO_RSA_SHA256;
	stub.fail_rc = -EIO;
	stub.destroys = 0;
	expect_rc("key-device-refuses", &x, -EIO, 1);
	/* A device without no-hash PKCS#1 sessions (QEMU's builtin): the
	 * session is made all the same (such ops are refused per op). */
	xform_of(&k1024, true, &x);
	stub.fail_hash = VIRTIO_CRYPTO_RSA_NO_HASH;
	stub.fail_rc = -ENOTSUP;
	expect_rc("key-device-refuses-no-hash", &x, 0, 4);
	stub_reset();
}

/* A fake DPDK session around our private data. */
static struct rte_cryptodev_asym_session *
fake_session(struct key *k)
{
	struct rte_cryptodev_asym_session *as = calloc(1, sizeof(*as) +
						       sizeof(struct asym_sess));
	struct rte_crypto_asym_xform x;

	xform_of(k, true, &x);
	as->driver_id = vcrypto_driver_id;
	if (vcrypto_asym_session_create(&dev, &x, as->sess_private_data) != 0) {
		free(as);
		return NULL;
	}
	return as;
}


/* --- builder and completion ----------------------------------------------- */

static struct vcrypto_req *req;
static struct vcrypto_req_akc *akc;
static struct vcrypto_req_ctx ctx;
static union {
	struct rte_crypto_op op;
	uint8_t b[sizeof(struct rte_crypto_op) + sizeof(struct rte_crypto_asym_op)];
} opbuf;
static struct rte_crypto_op *op = &opbuf.op;

#define IOVA	0x100000ull
#define AKC_IOVA	0x200000ull
/* Offset of the bounce area's byte off, as seen from the slot's IOVA. */
#define AKC(off)	(AKC_IOVA - IOVA + (off))

static void
op_reset(struct rte_cryptodev_asym_session *as, enum rte_crypto_asym_op_type t)
{
	memset(&opbuf, 0, sizeof(opbuf));
	op->type = RTE_CRYPTO_OP_TYPE_ASYMMETRIC;
	op->sess_type = RTE_CRYPTO_OP_WITH_SESSION;
	op->asym->session = as;
	op->asym->rsa.op_type = t;
	op->asym->rsa.padding.type = RTE_CRYPTO_RSA_PADDING_PKCS1_5;
	memset(&ctx, 0, sizeof(ctx));
	ctx.req = req;
	ctx.iova = IOVA;
	ctx.akc = akc;
	ctx.akc_iova = AKC_IOVA;
	ctx.max_segs = VCRYPTO_VQ_MAX_SEGS;
	stub.creates = 0;
}

/* Segment i is (off in the slot, len), readable unless i >= nr_ro. */
static bool
seg_is(unsigned int i, size_t off, uint32_t len)
{
	return i < (unsigned int)(ctx.nr_ro + ctx.nr_wo) &&
	       ctx.segs[i].iova == IOVA + off && ctx.segs[i].len == len;
}

static uint32_t
hdr32(const void *p)
{
	return rte_le_to_cpu_32(*(const uint32_t *)p);
}

/*
 * Build op as the data path and the watch do together: a padding/hash pair
 * with no device session gives -EAGAIN with no control request (issue 16
 * defect 7: the data path never waits for the control queue) and names
 * the session; the watch makes it (vcrypto_asym_session_make()); the op is
 * built again. *waited: the first build asked. -EPROTO: the build made a
 * session itself or named another session.
 */
static int
build_via_watch(bool *waited)
{
	void *priv = ((struct rte_cryptodev_asym_session *)
		      op->asym->session)->sess_private_data;
	int rc;

	*waited = false;
	ctx.want = NULL;
	rc = vcrypto_asym_build(&dev, op, &ctx);
	if (rc != -EAGAIN)
		return rc;
	*waited = true;
	if (stub.creates != 0 || ctx.want != priv)
		return -EPROTO;
	vcrypto_asym_session_make(&dev, ctx.want);
	return vcrypto_asym_build(&dev, op, &ctx);
}

static void
ut_encrypt(struct rte_cryptodev_asym_session *as)
{
	struct virtio_crypto_akcipher_para *p = &req->hdr.u.akcipher_req.para;
	uint8_t m[5] = { 1, 2, 3, 4, 5 }, c[128];
	const char *why = NULL;
	int rc;

	op_reset(as, RTE_CRYPTO_ASYM_OP_ENCRYPT);
	op->asym->rsa.message.data = m;
	op->asym->rsa.message.length = sizeof(m);
	op->asym->rsa.cipher.data = c;
	rc = vcrypto_asym_build(&dev, op, &ctx);
	if (rc != 0 || ctx.nr_ro != 2 || ctx.nr_wo != 2)
		why = "segment counts";
	else if (!seg_is(0, 0, 72) || !seg_is(1, AKC(VCRYPTO_REQ_AKC_IN_OFF), 5) ||
		 !seg_is(2, AKC(VCRYPTO_REQ_AKC_OUT_OFF), 128) ||
		 !seg_is(3, VCRYPTO_REQ_STATUS_OFF, 1))
		why = "segments";
	else if (hdr32(&req->hdr.header.opcode) != VIRTIO_CRYPTO_AKCIPHER_ENCRYPT ||
		 hdr32(&req->hdr.header.algo) != VCRYPTO_AKCIPHER_RSA ||
		 hdr32(&p->src_data_len) != 5 || hdr32(&p->dst_data_len) != 128)
		why = "header";
	else if (memcmp(akc->akc_in, m, 5) != 0 || stub.creates != 0)
		why = "input copy or unexpected session create";
	if (why == NULL) {
		memset(akc->akc_out, 0xab, 128);
		if (vcrypto_asym_complete(op, akc, 129, 0) != 0 ||
		    op->asym->rsa.cipher.length != 128 || c[127] != 0xab)
			why = "complete 128 bytes";
		else if (vcrypto_asym_complete(op, akc, 128, 0) !=
			 RTE_CRYPTO_OP_STATUS_ERROR)
			why = "127-byte result accepted";
		else if (vcrypto_asym_complete(op, akc, 0, 0) !=
			 RTE_CRYPTO_OP_STATUS_ERROR)
			why = "empty result accepted";
		else if (vcrypto_asym_complete(op, akc, 1,
			 RTE_CRYPTO_OP_STATUS_AUTH_FAILED) !=
			 RTE_CRYPTO_OP_STATUS_AUTH_FAILED)
			why = "device status not kept";
	}
	if (why == NULL)
		tv_pass("build-encrypt", NULL);
	else
		tv_fail("build-encrypt", "%s (rc %d)", why, rc);
}

static void
ut_decrypt(struct rte_cryptodev_asym_session *as)
{
	uint8_t c[100], m[128];
	const char *why = NULL;
	int rc;

	memset(c, 0x11, sizeof(c));
	op_reset(as, RTE_CRYPTO_ASYM_OP_DECRYPT);
	op->asym->rsa.cipher.data = c;
	op->asym->rsa.cipher.length = sizeof(c);
	op->asym->rsa.message.data = m;
	rc = vcrypto_asym_build(&dev, op, &ctx);
	if (rc != 0 || !seg_is(1, AKC(VCRYPTO_REQ_AKC_IN_OFF), 128) ||
	    akc->akc_in[27] != 0 || akc->akc_in[28] != 0x11 ||
	    akc->akc_in[127] != 0x11)
		why = "ciphertext not left-padded to the modulus";
	else if (hdr32(&req->hdr.header.opcode) != VIRTIO_CRYPTO_AKCIPHER_DECRYPT)
		why = "opcode";
	else if (vcrypto_asym_complete(op, akc, 118, 0) != 0 ||
		 op->asym->rsa.message.length != 117)
		why = "117-byte plaintext refused";
	else if (vcrypto_asym_complete(op, akc, 119, 0) == 0)
		why = "118-byte PKCS#1 plaintext accepted";
	c[0] = 0;
	op->asym->rsa.cipher.length = 129;
	if (why == NULL && vcrypto_asym_build(&dev, op, &ctx) != -EINVAL)
		why = "129-byte ciphertext accepted";
	if (why == NULL)
		tv_pass("build-decrypt", NULL);
	else
		tv_fail("build-decrypt", "%s (rc %d)", why, rc);
}

static void
ut_sign(struct rte_cryptodev_asym_session *as)
{
	static const uint8_t pfx256[] = { 0x30, 0x31, 0x30, 0x0d, 0x06, 0x09,
		0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05,
		0x00, 0x04, 0x20 };
	uint8_t dg[64], di[64], sig[128];
	const char *why = NULL;
	bool waited;
	int rc;

	memset(dg, 0x22, sizeof(dg));
	op_reset(as, RTE_CRYPTO_ASYM_OP_SIGN);
	op->asym->rsa.padding.hash = RTE_CRYPTO_AUTH_SHA1;
	op->asym->rsa.message.data = dg;
	op->asym->rsa.message.length = 20;
	op->asym->rsa.sign.data = sig;
	rc = build_via_watch(&waited);
	if (rc != 0 || !waited || stub.creates != 1 || stub.keytype != 2 ||
	    stub.hash != VIRTIO_CRYPTO_RSA_SHA1 || stub.padding != 1)
		why = "SHA-1 private session not made by the watch on first use";
	else if (!seg_is(1, AKC(VCRYPTO_REQ_AKC_IN_OFF), 20) ||
		 !seg_is(2, AKC(VCRYPTO_REQ_AKC_OUT_OFF), 128))
		why = "segments";
	op_reset(as, RTE_CRYPTO_ASYM_OP_SIGN);
	op->asym->rsa.padding.hash = RTE_CRYPTO_AUTH_SHA1;
	op->asym->rsa.message.data = dg;
	op->asym->rsa.message.length = 20;
	op->asym->rsa.sign.data = sig;
	if (why == NULL && (vcrypto_asym_build(&dev, op, &ctx) != 0 ||
			    stub.creates != 0))
		why = "SHA-1 session not reused";
	op->asym->rsa.message.length = 32;
	if (why == NULL && vcrypto_asym_build(&dev, op, &ctx) != -EINVAL)
		why = "32-byte SHA-1 digest accepted";
	/* DigestInfo input, padding.hash unset. */
	memcpy(di, pfx256, sizeof(pfx256));
	memcpy(di + sizeof(pfx256), dg, 32);
	op->asym->rsa.padding.hash = 0;
	op->asym->rsa.message.data = di;
	op->asym->rsa.message.length = sizeof(pfx256) + 32;
	if (why == NULL && (vcrypto_asym_build(&dev, op, &ctx) != 0 ||
			    !seg_is(1, AKC(VCRYPTO_REQ_AKC_IN_OFF), 32) ||
			    memcmp(akc->akc_in, dg, 32) != 0 || stub.creates != 0))
		why = "DigestInfo input not reduced to the SHA-256 digest";
	/* Any other message, padding.hash unset: signed as it is, with the
	 * PKCS#1 session of no hash made at configure. */
	di[5] ^= 1;
	stub.creates = 0;
	if (why == NULL) {
		const struct asym_sess *ps = (const void *)as->sess_private_data;

		rc = build_via_watch(&waited);
		if (rc != 0 || waited || stub.creates != 0 ||
		    rte_le_to_cpu_64(req->hdr.header.session_id) !=
		    ps->sid[KEY_PRIV][VAR_PKCS1_NOHASH] ||
		    ps->state[KEY_PRIV][VAR_PKCS1_NOHASH] != VAR_LIVE)
			why = "raw message not signed with the no-hash session";
		else if (!seg_is(1, AKC(VCRYPTO_REQ_AKC_IN_OFF),
				 sizeof(pfx256) + 32) ||
			 memcmp(akc->akc_in, di, sizeof(pfx256) + 32) != 0)
			why = "raw message not signed as it is";
	}
	/* Too long for a no-hash session (64 bytes at most), or empty. */
	op->asym->rsa.message.length = 65;
	if (why == NULL && vcrypto_asym_build(&dev, op, &ctx) != -EINVAL)
		why = "65-byte raw message accepted";
	op->asym->rsa.message.length = 0;
	if (why == NULL && (rc = vcrypto_asym_build(&dev, op, &ctx)) != -EINVAL)
		why = "empty message accepted";
	if (why == NULL)
		tv_pass("build-sign", NULL);
	else
		tv_fail("build-sign", "%s (rc %d)", why, rc);
}

static void
ut_verify(struct rte_cryptodev_asym_session *as)
{
	struct virtio_crypto_akcipher_para *p = &req->hdr.u.akcipher_req.para;
	uint8_t dg[32], sig[100];
	const char *why = NULL;
	int rc;

	memset(dg, 0x33, sizeof(dg));
	memset(sig, 0x44, sizeof(sig));
	op_reset(as, RTE_CRYPTO_ASYM_OP_VERIFY);
	op->asym->rsa.padding.hash = RTE_CRYPTO_AUTH_SHA256;
	op->asym->rsa.message.data = dg;
	op->asym->rsa.message.length = 32;
	op->asym->rsa.sign.data = sig;
	op->asym->rsa.sign.length = sizeof(sig);
	rc = vcrypto_asym_build(&dev, op, &ctx);
	if (rc != 0 || ctx.nr_ro != 3 || ctx.nr_wo != 1 ||
	    !seg_is(1, AKC(VCRYPTO_REQ_AKC_IN_OFF), 128) ||
	    !seg_is(2, AKC(VCRYPTO_REQ_AKC_IN_OFF + 128), 32) ||
	    !seg_is(3, VCRYPTO_REQ_STATUS_OFF, 1))
		why = "segments";
	else if (hdr32(&p->src_data_len) != 128 || hdr32(&p->dst_data_len) != 32)
		why = "lengths";
	else if (akc->akc_in[27] != 0 || akc->akc_in[28] != 0x44 ||
		 akc->akc_in[128] != 0x33)
		why = "signature not left-padded or digest misplaced";
	else if (vcrypto_asym_complete(op, akc, 1, 0) != 0)
		why = "verify success refused";
	else if (vcrypto_asym_complete(op, akc, 1, RTE_CRYPTO_OP_STATUS_AUTH_FAILED)
		 != RTE_CRYPTO_OP_STATUS_AUTH_FAILED)
		why = "AUTH_FAILED not kept";
	ctx.nr_ro = ctx.nr_wo = 0;
	ctx.max_segs = 3;
	if (why == NULL && vcrypto_asym_build(&dev, op, &ctx) != -E2BIG)
		why = "segment limit ignored";
	if (why == NULL)
		tv_pass("build-verify", NULL);
	else
		tv_fail("build-verify", "%s (rc %d)", why, rc);
}

static void
ut_refused_ops(struct rte_cryptodev_asym_session *as)
{
	uint8_t m[128], out[128];
	const char *why = NULL;
	bool waited;

	memset(m, 1, sizeof(m));
	op_reset(as, RTE_CRYPTO_ASYM_OP_SIGN);
	stub.fail_hash = VIRTIO_CRYPTO_RSA_SHA224;
	stub.fail_rc = -EIO;
	op->asym->rsa.padding.hash = RTE_CRYPTO_AUTH_SHA224;
	op->asym->rsa.message.data = m;
	op->asym->rsa.message.length = 28;
	op->asym->rsa.sign.data = out;
	if (build_via_watch(&waited) != -ENOTSUP || !waited || stub.creates != 1)
		why = "refused hash";
	stub.creates = 0;
	if (why == NULL && (vcrypto_asym_build(&dev, op, &ctx) != -ENOTSUP ||
			    stub.creates != 0))
		why = "refusal not remembered";
	stub.fail_hash = -1;
	op->asym->rsa.padding.type = RTE_CRYPTO_RSA_PADDING_PSS;
	if (why == NULL && vcrypto_asym_build(&dev, op, &ctx) != -ENOTSUP)
		why = "PSS accepted";
	op->asym->rsa.padding.type = RTE_CRYPTO_RSA_PADDING_NONE;
	if (why == NULL && vcrypto_asym_build(&dev, op, &ctx) != -ENOTSUP)
		why = "raw sign accepted";
	op_reset(as, RTE_CRYPTO_ASYM_OP_ENCRYPT);
	op->asym->rsa.padding.type = RTE_CRYPTO_RSA_PADDING_OAEP;
	op->asym->rsa.message.data = m;
	op->asym->rsa.message.length = 10;
	op->asym->rsa.cipher.data = out;
	if (why == NULL && vcrypto_asym_build(&dev, op, &ctx) != -ENOTSUP)
		why = "OAEP accepted";
	op->asym->rsa.padding.type = RTE_CRYPTO_RSA_PADDING_PKCS1_5;
	op->asym->rsa.message.length = 118;
	if (why == NULL && vcrypto_asym_build(&dev, op, &ctx) != -EINVAL)
		why = "118-byte PKCS#1 plaintext accepted";
	op->asym->rsa.message.length = 117;
	dev.lim.max_size = 200;
	if (why == NULL && vcrypto_asym_build(&dev, op, &ctx) != -E2BIG)
		why = "max_size ignored";
	dev.lim.max_size = UINT32_MAX;
	as->driver_id++;
	if (why == NULL && vcrypto_asym_build(&dev, op, &ctx) != -ENOENT)
		why = "foreign session accepted";
	as->driver_id--;
	if (why == NULL)
		tv_pass("build-refusals", NULL);
	else
		tv_fail("build-refusals", "%s", why);
}

/* A SHA-256 sign op with session as, built the data path's and the
 * watch's way: its build rc, the creates, and whether the build asked. */
static int
sign_once(struct rte_cryptodev_asym_session *as, unsigned int *creates,
	  bool *waited)
{
	static uint8_t dg[32], sig[128];
	int rc;

	op_reset(as, RTE_CRYPTO_ASYM_OP_SIGN);
	op->asym->rsa.padding.hash = RTE_CRYPTO_AUTH_SHA256;
	op->asym->rsa.message.data = dg;
	op->asym->rsa.message.length = sizeof(dg);
	op->asym->rsa.sign.data = sig;
	rc = build_via_watch(waited);
	*creates = stub.creates;
	return rc;
}

/*
 * After a device reset (the generation moves on) the device sessions are
 * made again on first use, by the watch, once; a failed try is a clean
 * error for one op and the next op asks again; a destroy names the
 * generation the sessions were made in.
 */
static const char *
after_reset(struct rte_cryptodev_asym_session *as)
{
	uint64_t old_sid = rte_le_to_cpu_64(req->hdr.header.session_id);
	unsigned int n;
	bool w;

	dev.generation++;
	if (sign_once(as, &n, &w) != 0 || !w || n != 1 || stub.keytype != 2 ||
	    rte_le_to_cpu_64(req->hdr.header.session_id) == old_sid)
		return "private SHA-256 session not made again by the watch";
	if (sign_once(as, &n, &w) != 0 || w || n != 0)
		return "made again twice";
	dev.generation++;
	stub.fail_hash = VIRTIO_CRYPTO_RSA_SHA256;
	stub.fail_rc = -ENOSPC;
	if (sign_once(as, &n, &w) != -ENOENT || !w || n != 1)
		return "device out of sessions: not -ENOENT";
	stub.fail_hash = -1;
	if (sign_once(as, &n, &w) != 0 || !w || n != 1)
		return "not asked again after a failed try";
	dev.generation++;
	ctx.want = NULL;
	dev.dead = true;
	if (vcrypto_asym_build(&dev, op, &ctx) != -EAGAIN ||
	    vcrypto_asym_session_make(&dev, ctx.want) != 0)
		return "made on a failed device";
	dev.dead = false;
	if (sign_once(as, &n, &w) != 0 || n != 1)
		return "not made once the device is back";
	stub.destroys = stub.stale = 0;
	dev.generation++;
	vcrypto_asym_session_destroy(&dev, as->sess_private_data);
	if (stub.destroys != 0 || stub.stale != 1)
		return "destroy named the wrong generation";
	return NULL;
}

static void
ut_reset(void)
{
	struct rte_cryptodev_asym_session *as = fake_session(&k1024);
	const char *why = as == NULL ? "setup" : after_reset(as);

	if (why == NULL)
		tv_pass("build-after-reset", "made again once, by the watch, on first use");
	else
		tv_fail("build-after-reset", "%s", why);
	free(as);
}

static bool
akc_zero(void)
{
	const uint8_t *b = (const uint8_t *)akc;
	size_t i;

	for (i = 0; i < sizeof(*akc); i++)
		if (b[i] != 0)
			return false;
	return true;
}

/*
 * Issue 16 defect 9: no RSA plaintext stays in the bounce area once the
 * op completed (encrypt input, decrypt result), or when the build failed
 * after copying it in. Defect 3: a session made on another device is
 * refused (its session ids name keys on that device only).
 */
static void
ut_wipe_and_device(struct rte_cryptodev_asym_session *as)
{
	static struct vcrypto_dev other;
	uint8_t m[5] = { 1, 2, 3, 4, 5 }, c[128], out[128];
	const char *why = NULL;

	op_reset(as, RTE_CRYPTO_ASYM_OP_ENCRYPT);
	op->asym->rsa.message.data = m;
	op->asym->rsa.message.length = sizeof(m);
	op->asym->rsa.cipher.data = c;
	if (vcrypto_asym_build(&dev, op, &ctx) != 0 ||
	    memcmp(akc->akc_in, m, sizeof(m)) != 0)
		why = "encrypt build";
	else if (vcrypto_asym_complete(op, akc, 129, 0) != 0 || !akc_zero())
		why = "encrypt: plaintext left in the bounce area";
	if (why == NULL) {
		op_reset(as, RTE_CRYPTO_ASYM_OP_DECRYPT);
		memset(c, 0x42, sizeof(c));
		op->asym->rsa.cipher.data = c;
		op->asym->rsa.cipher.length = sizeof(c);
		op->asym->rsa.message.data = out;
		if (vcrypto_asym_build(&dev, op, &ctx) != 0)
			why = "decrypt build";
		memset(akc->akc_out, 0x5c, 20);	/* the device's plaintext */
		if (why == NULL && (vcrypto_asym_complete(op, akc, 21, 0) != 0 ||
				    out[19] != 0x5c || !akc_zero()))
			why = "decrypt: plaintext left in the bounce area";
	}
	if (why == NULL) {
		op_reset(as, RTE_CRYPTO_ASYM_OP_ENCRYPT);
		op->asym->rsa.message.data = m;
		op->asym->rsa.message.length = sizeof(m);
		op->asym->rsa.cipher.data = c;
		dev.lim.max_size = 64;
		if (vcrypto_asym_build(&dev, op, &ctx) != -E2BIG || !akc_zero())
			why = "refused build: plaintext left in the bounce area";
		dev.lim.max_size = UINT32_MAX;
	}
	if (why == NULL) {
		other = dev;
		if (vcrypto_asym_build(&other, op, &ctx) != -ENOENT)
			why = "another device's session accepted";
		else if (vcrypto_asym_build(&dev, op, &ctx) != 0)
			why = "own device's session refused";
	}
	if (why == NULL)
		tv_pass("build-wipe-device", NULL);
	else
		tv_fail("build-wipe-device", "%s", why);
}

static void
ut_build_all(void)
{
	struct rte_cryptodev_asym_session *as = fake_session(&k1024);

	req = aligned_alloc(64, sizeof(*req));
	akc = aligned_alloc(64, sizeof(*akc));
	if (as == NULL || req == NULL) {
		tv_fail("build", "setup");
		return;
	}
	ut_encrypt(as);
	ut_decrypt(as);
	ut_sign(as);
	ut_verify(as);
	ut_refused_ops(as);
	ut_wipe_and_device(as);
	stub.destroys = 0;
	vcrypto_asym_session_destroy(&dev, as->sess_private_data);
	/* Public and private SHA-256 and no-hash PKCS#1 at create, private
	 * SHA-1 on first use. */
	if (stub.destroys == 5)
		tv_pass("build-destroy", "5 device sessions destroyed");
	else
		tv_fail("build-destroy", "%u device sessions destroyed",
			stub.destroys);
	ut_reset();
	free(as);
	free(req);
	free(akc);
}

int
main(void)
{
	tv_report_init(NULL, false);
	stub_reset();
	snprintf(dev.hw.name, sizeof(dev.hw.name), "ut");
	dev.lim.akcipher_mask = RTE_BIT32(VCRYPTO_AKCIPHER_RSA);
	dev.lim.max_size = UINT32_MAX;
	if (key_gen(&k512, 512, 65537) || key_gen(&k1024, 1024, 3) ||
	    key_gen(&k2048, 2048, 65537) || key_gen(&k4096, 4096, 65537)) {
		fprintf(stderr, "OpenSSL key generation failed\n");
		return 2;
	}
	ut_der("der-512", &k512);
	ut_der("der-1024-e3", &k1024);
	ut_der("der-2048", &k2048);
	ut_der("der-4096", &k4096);
	ut_der_padded();
	ut_der_padded_primes();
	ut_refusals();
	ut_build_all();
	return tv_report_summary();
}
