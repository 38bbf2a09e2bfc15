/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Negative RSA cases: signatures that must not verify, inputs that do not
 * fit the modulus or the hash, paddings virtio cannot express, private ops
 * without a private key, malformed keys, and session churn past the
 * device's session table. Each must end cleanly with the expected status.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "at.h"
#include "../tv_report.h"

#define CHURN	300	/* > 256, QEMU builtin's session table */

static void
expect(const char *name, uint8_t got, uint8_t want, const char *what)
{
	if (got == want)
		tv_pass(name, "%s", what);
	else
		tv_fail(name, "status %s, expected %s (%s)", at_status_str(got),
			at_status_str(want), what);
}

static void
bad_signatures(struct at_dev *d, struct at_key *key, struct at_key *other,
	       void *sess)
{
	const struct at_hash *h = at_hash_by_name("SHA256");
	uint8_t dg[32], dg2[32], sig[AT_MOD_MAX];
	size_t sl = 0;

	at_random(dg, sizeof(dg));
	at_ossl_sign(key, h, dg, sig, &sl);
	sig[sl - 1] ^= 0x01;
	expect("neg-verify-bad-signature",
	       at_run_verify(d, sess, h, dg, sig, sl),
	       RTE_CRYPTO_OP_STATUS_AUTH_FAILED, "last bit flipped");
	sig[sl - 1] ^= 0x01;
	memcpy(dg2, dg, sizeof(dg2));
	dg2[0] ^= 0x80;
	expect("neg-verify-wrong-digest",
	       at_run_verify(d, sess, h, dg2, sig, sl),
	       RTE_CRYPTO_OP_STATUS_AUTH_FAILED, "digest changed");
	if (other == NULL) {
		tv_skip("neg-verify-wrong-key", "no second key");
		return;
	}
	at_ossl_sign(other, h, dg, sig, &sl);
	expect("neg-verify-wrong-key", at_run_verify(d, sess, h, dg, sig, sl),
	       RTE_CRYPTO_OP_STATUS_AUTH_FAILED,
	       "shorter signature by another key");
}

static void
bad_lengths(struct at_dev *d, struct at_key *key, void *sess)
{
	const struct at_hash *h = at_hash_by_name("SHA256");
	size_t k = key->n.len, ol = 0;
	uint8_t m[AT_MOD_MAX + 1], out[AT_MOD_MAX], dg[32];
	struct rte_crypto_op *op;

	at_random(m, sizeof(m));
	expect("neg-encrypt-too-long",
	       at_run_encrypt(d, sess, m, k - 10, out, &ol),
	       RTE_CRYPTO_OP_STATUS_INVALID_ARGS, "k - 10 bytes");
	expect("neg-decrypt-too-long",
	       at_run_decrypt(d, sess, m, k + 1, out, &ol),
	       RTE_CRYPTO_OP_STATUS_INVALID_ARGS, "k + 1 bytes");
	m[0] = 0;	/* below n, but no valid PKCS#1 block */
	expect("neg-decrypt-garbage", at_run_decrypt(d, sess, m, k, out, &ol),
	       RTE_CRYPTO_OP_STATUS_ERROR, "random ciphertext");
	if (d->digestinfo_input) {
		tv_skip("neg-sign-digest-length", "DigestInfo input mode");
		return;
	}
	op = at_mk(d, sess, RTE_CRYPTO_ASYM_OP_SIGN);
	if (op == NULL)
		return;
	op->asym->rsa.padding.hash = h->rte;
	op->asym->rsa.message.data = dg;
	op->asym->rsa.message.length = 20;
	op->asym->rsa.sign.data = out;
	expect("neg-sign-digest-length", at_dev_run1(d, op),
	       RTE_CRYPTO_OP_STATUS_INVALID_ARGS, "20 bytes for SHA-256");
	at_op_free(d, op);
}

/* One op with the given padding; returns its status. */
static uint8_t
with_padding(struct at_dev *d, void *sess, enum rte_crypto_asym_op_type t,
	     enum rte_crypto_rsa_padding_type pad, uint8_t *in, size_t inl,
	     uint8_t *out, size_t *outl)
{
	struct rte_crypto_op *op = at_mk(d, sess, t);
	struct rte_crypto_rsa_op_param *rsa;
	uint8_t st;

	if (op == NULL)
		return 0xff;
	rsa = &op->asym->rsa;
	rsa->padding.type = pad;
	rsa->padding.hash = RTE_CRYPTO_AUTH_SHA256;
	rsa->padding.mgf1hash = RTE_CRYPTO_AUTH_SHA256;
	if (t == RTE_CRYPTO_ASYM_OP_DECRYPT) {
		rsa->cipher.data = in;
		rsa->cipher.length = inl;
		rsa->message.data = out;
	} else {
		rsa->message.data = in;
		rsa->message.length = inl;
		rsa->cipher.data = out;
		rsa->sign.data = out;
	}
	st = at_dev_run1(d, op);
	*outl = t == RTE_CRYPTO_ASYM_OP_DECRYPT ? rsa->message.length :
		t == RTE_CRYPTO_ASYM_OP_SIGN ? rsa->sign.length :
		rsa->cipher.length;
	at_op_free(d, op);
	return st;
}

static void
paddings(struct at_dev *d, struct at_key *key, void *sess)
{
	uint8_t m[AT_MOD_MAX], c[AT_MOD_MAX], p[AT_MOD_MAX];
	size_t k = key->n.len, cl = 0, pl = 0;
	uint8_t st;

	at_random(m, sizeof(m));
	expect("neg-padding-oaep",
	       with_padding(d, sess, RTE_CRYPTO_ASYM_OP_ENCRYPT,
			    RTE_CRYPTO_RSA_PADDING_OAEP, m, 16, c, &cl),
	       RTE_CRYPTO_OP_STATUS_INVALID_ARGS, "OAEP encrypt");
	expect("neg-padding-pss",
	       with_padding(d, sess, RTE_CRYPTO_ASYM_OP_SIGN,
			    RTE_CRYPTO_RSA_PADDING_PSS, m, 32, c, &cl),
	       RTE_CRYPTO_OP_STATUS_INVALID_ARGS, "PSS sign");
	expect("neg-padding-none-sign",
	       with_padding(d, sess, RTE_CRYPTO_ASYM_OP_SIGN,
			    RTE_CRYPTO_RSA_PADDING_NONE, m, 32, c, &cl),
	       RTE_CRYPTO_OP_STATUS_INVALID_ARGS, "raw sign");
	/* Raw RSA is the device's choice: run it and say what happened. */
	m[0] = 0;
	st = with_padding(d, sess, RTE_CRYPTO_ASYM_OP_ENCRYPT,
			  RTE_CRYPTO_RSA_PADDING_NONE, m, k, c, &cl);
	if (st == RTE_CRYPTO_OP_STATUS_SUCCESS && cl == k)
		st = with_padding(d, sess, RTE_CRYPTO_ASYM_OP_DECRYPT,
				  RTE_CRYPTO_RSA_PADDING_NONE, c, k, p, &pl);
	if (st == RTE_CRYPTO_OP_STATUS_SUCCESS && pl == k &&
	    memcmp(p, m, k) == 0)
		tv_pass("raw-roundtrip", NULL);
	else if (st == RTE_CRYPTO_OP_STATUS_ERROR ||
		 st == RTE_CRYPTO_OP_STATUS_INVALID_ARGS)
		tv_skip("raw-roundtrip", "device does not do raw RSA (op %s)",
			at_status_str(st));
	else
		tv_fail("raw-roundtrip", "status %s, %zu bytes",
			at_status_str(st), pl);
}

static void
public_only(struct at_dev *d, struct at_key *key)
{
	const struct at_hash *h = at_hash_by_name("SHA256");
	uint8_t m[AT_MOD_MAX], out[AT_MOD_MAX];
	size_t ol = 0;
	void *sess;
	int rc;

	sess = at_sess_new(d, key, false, &rc);
	if (sess == NULL) {
		tv_fail("neg-private-op-public-key", "session: %d", rc);
		return;
	}
	at_random(m, sizeof(m));
	m[0] = 0;
	expect("neg-private-op-public-key",
	       at_run_decrypt(d, sess, m, key->n.len, out, &ol),
	       RTE_CRYPTO_OP_STATUS_INVALID_ARGS, "decrypt");
	expect("neg-sign-public-key", at_run_sign(d, sess, h, m, out, &ol),
	       RTE_CRYPTO_OP_STATUS_INVALID_ARGS, "sign");
	at_sess_free(d, sess);
}

/*
 * Session creation with a broken xform must fail, and only fail, with the
 * errno that says why: want, or also want2 (non-zero) where either the
 * driver (-EINVAL) or the device (-EIO) may be the one to judge.
 */
static void
refused(struct at_dev *d, const char *name, struct rte_crypto_asym_xform *x,
	const char *what, int want, int want2)
{
	void *sess = NULL;
	int rc = rte_cryptodev_asym_session_create(d->id, x, d->sess_pool,
						   &sess);

	if (rc < 0 && (rc == want || (want2 != 0 && rc == want2)))
		tv_pass(name, "%s: %d (%s)", what, rc, strerror(-rc));
	else if (rc < 0)
		tv_fail(name, "%s: %d (%s), want %d (%s)", what, rc,
			strerror(-rc), want, strerror(-want));
	else
		tv_fail(name, "%s accepted", what);
	at_sess_free(d, rc < 0 ? NULL : sess);
}

static void
bad_keys(struct at_dev *d, struct at_key *key, struct at_key *other)
{
	struct rte_crypto_asym_xform x;
	uint8_t n[AT_MOD_MAX];
	void *sess = NULL;
	int rc;

	at_key_xform(key, true, &x);
	x.rsa.qt.dQ.length = 0;
	refused(d, "neg-key-missing-part", &x, "quintuple without dQ",
		-EINVAL, 0);
	if (other != NULL) {
		at_key_xform(key, true, &x);
		x.rsa.qt.q.data = other->q.b;
		x.rsa.qt.q.length = other->q.len;
		refused(d, "neg-key-p-q-mismatch", &x, "q of another key",
			-EINVAL, 0);
	}
	at_key_xform(key, false, &x);
	memcpy(n, key->n.b, key->n.len);
	n[key->n.len - 1] &= 0xfe;
	x.rsa.n.data = n;
	refused(d, "neg-key-even-modulus", &x, "even modulus (device judges)",
		-EIO, -EINVAL);
	at_key_xform(key, false, &x);
	x.rsa.n.length = 32;
	refused(d, "neg-key-256-bit", &x, "256-bit modulus", -EINVAL, 0);
	at_key_xform(key, false, &x);
	x.rsa.key_type = RTE_RSA_KEY_TYPE_EXP;
	x.rsa.d.data = key->d.b;
	x.rsa.d.length = key->d.len;
	if (!(d->info.feature_flags & RTE_CRYPTODEV_FF_RSA_PRIV_OP_KEY_EXP)) {
		refused(d, "neg-key-exponent-only", &x,
			"private key as (n, d) without RSA_PRIV_OP_KEY_EXP",
			-ENOTSUP, 0);
		return;
	}
	rc = rte_cryptodev_asym_session_create(d->id, &x, d->sess_pool, &sess);
	if (rc == 0)
		tv_pass("key-exponent-only", "accepted, RSA_PRIV_OP_KEY_EXP set");
	else
		tv_fail("key-exponent-only", "refused (%d) despite "
			"RSA_PRIV_OP_KEY_EXP", rc);
	at_sess_free(d, rc == 0 ? sess : NULL);
}

static void
churn(struct at_dev *d, struct at_key *key)
{
	unsigned int i;
	void *sess;
	int rc = 0;

	for (i = 0; i < CHURN && !d->dead; i++) {
		sess = at_sess_new(d, key, true, &rc);
		if (sess == NULL)
			break;
		at_sess_free(d, sess);
	}
	if (i == CHURN)
		tv_pass("session-churn", "%u sessions created and freed", CHURN);
	else
		tv_fail("session-churn", "session %u: %d", i, rc);
}

void
at_neg_run(struct at_dev *d, struct at_key *key, struct at_key *other)
{
	void *sess;
	int rc;

	sess = at_sess_new(d, key, true, &rc);
	if (sess == NULL) {
		tv_fail("neg-session", "session create failed: %d", rc);
		return;
	}
	bad_signatures(d, key, other, sess);
	bad_lengths(d, key, sess);
	paddings(d, key, sess);
	at_sess_free(d, sess);
	public_only(d, key);
	bad_keys(d, key, other);
	churn(d, key);
}
