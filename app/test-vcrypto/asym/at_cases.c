/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * RSA cases on keys generated here by OpenSSL: encrypt/decrypt round trips
 * per modulus size, cross-checks against OpenSSL in both directions, every
 * hash, and negative cases (bad signatures, oversized input, refused
 * paddings, malformed keys, session churn). One line per case.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_random.h>

#include "at.h"
#include "../tv_report.h"

#define NB_RT	8	/* ops per round-trip burst */
#define RETRIES	4	/* encrypts and signs retried after a device ERROR */

static const unsigned int sizes[] = { 512, 1024, 2048, 3072, 4096 };

/* --- per modulus size -------------------------------------------------------- */

/*
 * NB_RT encryptions in one burst (lengths 1, max and random), then their
 * decryptions in one burst. A device ERROR on encrypt is retried once per
 * op: QEMU's nettle backend fails one ciphertext in 256 (see vcrypto_asym.c).
 */
static void
roundtrip(struct at_dev *d, void *sess, unsigned int bits)
{
	static uint8_t m[NB_RT][AT_MOD_MAX], c[NB_RT][AT_MOD_MAX],
		       p[NB_RT][AT_MOD_MAX];
	struct rte_crypto_op *ops[NB_RT] = { NULL };
	size_t k = bits / 8, ml[NB_RT];
	unsigned int i, retries = 0, bad = 0;
	uint8_t st[NB_RT];
	char name[48];

	snprintf(name, sizeof(name), "roundtrip-%u", bits);
	for (i = 0; i < NB_RT; i++) {
		ml[i] = i == 0 ? 1 : i == 1 ? k - 11 :
			1 + (size_t)rte_rand() % (k - 11);
		at_random(m[i], ml[i]);
		ops[i] = at_mk(d, sess, RTE_CRYPTO_ASYM_OP_ENCRYPT);
		if (ops[i] == NULL)
			goto fail_alloc;
		ops[i]->asym->rsa.message.data = m[i];
		ops[i]->asym->rsa.message.length = ml[i];
		ops[i]->asym->rsa.cipher.data = c[i];
	}
	at_dev_run(d, ops, NB_RT, st);
	for (i = 0; i < NB_RT; i++) {
		uint8_t s = st[i] == AT_LOST ? 0xff : ops[i]->status;
		size_t cl = ops[i]->asym->rsa.cipher.length;

		while (s == RTE_CRYPTO_OP_STATUS_ERROR && retries < RETRIES) {
			retries++;
			s = at_run_encrypt(d, sess, m[i], ml[i], c[i], &cl);
		}
		if (s != RTE_CRYPTO_OP_STATUS_SUCCESS || cl != k) {
			tv_fail(name, "encrypt %u: status %s, %zu bytes", i,
				at_status_str(s), cl);
			goto out;
		}
		at_op_free(d, ops[i]);
		ops[i] = at_mk(d, sess, RTE_CRYPTO_ASYM_OP_DECRYPT);
		if (ops[i] == NULL)
			goto fail_alloc;
		ops[i]->asym->rsa.cipher.data = c[i];
		ops[i]->asym->rsa.cipher.length = k;
		ops[i]->asym->rsa.message.data = p[i];
	}
	at_dev_run(d, ops, NB_RT, st);
	for (i = 0; i < NB_RT; i++)
		if (st[i] != AT_DONE ||
		    ops[i]->status != RTE_CRYPTO_OP_STATUS_SUCCESS ||
		    ops[i]->asym->rsa.message.length != ml[i] ||
		    memcmp(p[i], m[i], ml[i]) != 0) {
			if (bad++ == 0)
				tv_note("%s: decrypt %u of %zu bytes: %s, %zu "
					"bytes", name, i, ml[i],
					at_status_str(ops[i]->status),
					ops[i]->asym->rsa.message.length);
		}
	if (bad > 0)
		tv_fail(name, "%u of %u decryptions wrong", bad, NB_RT);
	else
		tv_pass(name, "%u ops per burst, %u encrypt(s) retried after "
			"ERROR", NB_RT, retries);
	goto out;
fail_alloc:
	tv_fail(name, "no op");
out:
	for (i = 0; i < NB_RT; i++)
		at_op_free(d, ops[i]);
}

static void
cross(struct at_dev *d, struct at_key *key, void *sess, unsigned int bits)
{
	const struct at_hash *h = at_hash_by_name("SHA256");
	uint8_t dg[32], sig[AT_MOD_MAX], ref[AT_MOD_MAX], m[64], c[AT_MOD_MAX],
		out[AT_MOD_MAX];
	size_t sl = 0, rl = 0, cl = 0, ol = 0, k = bits / 8;
	size_t ml = RTE_MIN(sizeof(m), k - 11);
	char name[48];
	uint8_t st;
	int tries = 0;

	at_random(dg, sizeof(dg));
	snprintf(name, sizeof(name), "cross-sign-%u", bits);
	at_ossl_sign(key, h, dg, ref, &rl);
	st = at_run_sign(d, sess, h, dg, sig, &sl);
	if (st == RTE_CRYPTO_OP_STATUS_ERROR && ref[0] == 0)
		tv_skip(name, "signature starts with a zero byte: device ERROR");
	else if (st != RTE_CRYPTO_OP_STATUS_SUCCESS)
		tv_fail(name, "status %s", at_status_str(st));
	else if (at_ossl_verify(key, h, dg, sig, sl) != 0)
		tv_fail(name, "OpenSSL rejects the device's signature");
	else if (sl != rl || memcmp(sig, ref, rl) != 0)
		tv_fail(name, "differs from OpenSSL's signature");
	else
		tv_pass(name, "OpenSSL verifies it, bytes equal");

	snprintf(name, sizeof(name), "cross-verify-%u", bits);
	st = at_run_verify(d, sess, h, dg, ref, rl);
	if (st == RTE_CRYPTO_OP_STATUS_SUCCESS)
		tv_pass(name, NULL);
	else
		tv_fail(name, "status %s on OpenSSL's signature", at_status_str(st));

	snprintf(name, sizeof(name), "cross-decrypt-%u", bits);
	at_random(m, sizeof(m));
	at_ossl_encrypt(key, m, ml, c, &cl);
	st = at_run_decrypt(d, sess, c, cl, out, &ol);
	if (st == RTE_CRYPTO_OP_STATUS_SUCCESS && ol == ml &&
	    memcmp(out, m, ol) == 0)
		tv_pass(name, "OpenSSL ciphertext%s", c[0] == 0 ?
			" with a leading zero byte" : "");
	else
		tv_fail(name, "status %s, %zu bytes", at_status_str(st), ol);

	snprintf(name, sizeof(name), "cross-encrypt-%u", bits);
	do {
		st = at_run_encrypt(d, sess, m, ml, c, &cl);
	} while (st == RTE_CRYPTO_OP_STATUS_ERROR && ++tries < RETRIES);
	if (st != RTE_CRYPTO_OP_STATUS_SUCCESS || cl != k)
		tv_fail(name, "status %s, %zu bytes", at_status_str(st), cl);
	else if (at_ossl_decrypt(key, c, cl, out, &ol) != 0 ||
		 ol != ml || memcmp(out, m, ol) != 0)
		tv_fail(name, "OpenSSL does not recover the message");
	else
		tv_pass(name, "OpenSSL decrypts it");
}

/*
 * An empty plaintext, encrypted by the device for OpenSSL and by OpenSSL
 * for the device. QEMU 7.2 reports an empty result as the whole buffer
 * written, which the driver must turn into an error, not k bytes.
 */
static void
empty_message(struct at_dev *d, struct at_key *key, void *sess,
	      unsigned int bits)
{
	uint8_t m[1], c[AT_MOD_MAX], out[AT_MOD_MAX];
	size_t cl = 0, ol = 0;
	char name[48];
	uint8_t st;
	int tries = 0;

	snprintf(name, sizeof(name), "empty-encrypt-%u", bits);
	do {
		st = at_run_encrypt(d, sess, m, 0, c, &cl);
	} while (st == RTE_CRYPTO_OP_STATUS_ERROR && ++tries < RETRIES);
	if (st == RTE_CRYPTO_OP_STATUS_SUCCESS &&
	    at_ossl_decrypt(key, c, cl, out, &ol) == 0 && ol == 0)
		tv_pass(name, "OpenSSL decrypts it to nothing");
	else
		tv_fail(name, "status %s, %zu bytes", at_status_str(st), cl);
	snprintf(name, sizeof(name), "empty-decrypt-%u", bits);
	at_ossl_encrypt(key, m, 0, c, &cl);
	memset(out, 0xee, sizeof(out));
	st = at_run_decrypt(d, sess, c, cl, out, &ol);
	if (st == RTE_CRYPTO_OP_STATUS_SUCCESS && ol == 0)
		tv_pass(name, NULL);
	else if (st == RTE_CRYPTO_OP_STATUS_ERROR)
		tv_skip(name, "device result length impossible for PKCS#1, op "
			"failed cleanly (ERROR; QEMU 7.2 reports the whole buffer)");
	else
		tv_fail(name, "status %s, %zu bytes", at_status_str(st), ol);
}

/*
 * A digest whose signature starts with a zero byte: the device must either
 * produce it exactly or fail the op, never succeed with other bytes.
 */
static void
leading_zero(struct at_dev *d, struct at_key *key, void *sess,
	     unsigned int bits)
{
	const struct at_hash *h = at_hash_by_name("SHA256");
	uint8_t dg[32], ref[AT_MOD_MAX], sig[AT_MOD_MAX];
	size_t rl = 0, sl = 0;
	unsigned int tries;
	char name[48];
	uint8_t st;

	snprintf(name, sizeof(name), "sign-leading-zero-%u", bits);
	for (tries = 0; tries < 4096; tries++) {
		at_random(dg, sizeof(dg));
		if (at_ossl_sign(key, h, dg, ref, &rl) == 0 && ref[0] == 0)
			break;
	}
	if (tries == 4096) {
		tv_skip(name, "no such digest found in 4096 tries");
		return;
	}
	st = at_run_sign(d, sess, h, dg, sig, &sl);
	if (st == RTE_CRYPTO_OP_STATUS_SUCCESS && sl == rl &&
	    memcmp(sig, ref, rl) == 0)
		tv_pass(name, "signature exact");
	else if (st == RTE_CRYPTO_OP_STATUS_ERROR)
		tv_pass(name, "device result short, op failed cleanly (ERROR)");
	else
		tv_fail(name, "status %s, %zu bytes%s", at_status_str(st), sl,
			st == RTE_CRYPTO_OP_STATUS_SUCCESS ? ", wrong bytes" : "");
}

static bool
in_cap(const struct rte_cryptodev_asymmetric_xform_capability *cap,
       unsigned int bits)
{
	return cap != NULL &&
	       rte_cryptodev_asym_xform_capability_check_modlen(cap, bits / 8) == 0;
}

static void
one_size(struct at_dev *d, unsigned int bits, struct at_key *key)
{
	const struct rte_cryptodev_asymmetric_xform_capability *cap =
		at_dev_rsa_cap(d);
	char name[48];
	void *sess;
	int rc;

	snprintf(name, sizeof(name), "session-%u", bits);
	sess = at_sess_new(d, key, true, &rc);
	if (!in_cap(cap, bits)) {
		if (sess == NULL)
			tv_pass(name, "refused (%d), outside the capability", rc);
		else
			tv_fail(name, "accepted outside the capability");
		at_sess_free(d, sess);
		return;
	}
	if (sess == NULL) {
		tv_fail(name, "session create failed: %d", rc);
		return;
	}
	tv_pass(name, NULL);
	roundtrip(d, sess, bits);
	cross(d, key, sess, bits);
	if (bits <= 1024) {
		leading_zero(d, key, sess, bits);
		empty_message(d, key, sess, bits);
	}
	at_sess_free(d, sess);
}

/* Every hash the DPDK API names, on one key; refused ones are skipped. */
static void
all_hashes(struct at_dev *d, struct at_key *key)
{
	static const char *const names[] = { "MD5", "SHA1", "SHA224", "SHA256",
					      "SHA384", "SHA512" };
	uint8_t dg[64], sig[AT_MOD_MAX];
	const struct at_hash *h;
	char name[48];
	unsigned int i;
	size_t sl = 0;
	void *sess;
	uint8_t st;
	int rc, tries;

	sess = at_sess_new(d, key, true, &rc);
	for (i = 0; i < RTE_DIM(names); i++) {
		h = at_hash_by_name(names[i]);
		snprintf(name, sizeof(name), "hash-%s-%u", names[i], key->bits);
		if (sess == NULL) {
			tv_fail(name, "session create failed: %d", rc);
			continue;
		}
		/*
		 * QEMU 7.2 fails a signature that starts with a zero byte
		 * (sign-leading-zero): about one digest in 256, so sign
		 * another one.
		 */
		tries = 0;
		do {
			at_random(dg, h->len);
			st = at_run_sign(d, sess, h, dg, sig, &sl);
		} while (st == RTE_CRYPTO_OP_STATUS_ERROR && ++tries < RETRIES);
		/* A skip only for a refusal the device sent (at_wire.c). */
		if (st == RTE_CRYPTO_OP_STATUS_INVALID_ARGS &&
		    strcmp(names[i], "SHA256") != 0 && at_wire_refused_hash(h)) {
			tv_skip(name, "device refused the hash (control queue "
				"status; op %s)", at_status_str(st));
			continue;
		}
		if (st == RTE_CRYPTO_OP_STATUS_SUCCESS &&
		    at_ossl_verify(key, h, dg, sig, sl) == 0 &&
		    at_run_verify(d, sess, h, dg, sig, sl) ==
		    RTE_CRYPTO_OP_STATUS_SUCCESS)
			tv_pass(name, "device signs, OpenSSL and device verify");
		else
			tv_fail(name, "sign status %s", at_status_str(st));
	}
	at_sess_free(d, sess);
}

/* The other input convention: a whole DigestInfo, padding.hash unset. */
static void
digestinfo_input(struct at_dev *d, struct at_key *key)
{
	const struct at_hash *h = at_hash_by_name("SHA256");
	uint8_t dg[32], sig[AT_MOD_MAX], ref[AT_MOD_MAX];
	size_t sl = 0, rl = 0;
	bool saved = d->digestinfo_input;
	void *sess;
	uint8_t st;
	int rc;

	if (!tv_want("sign-digestinfo-input"))
		return;
	sess = at_sess_new(d, key, true, &rc);
	at_random(dg, sizeof(dg));
	at_ossl_sign(key, h, dg, ref, &rl);
	d->digestinfo_input = true;
	st = sess ? at_run_sign(d, sess, h, dg, sig, &sl) : 0xff;
	d->digestinfo_input = saved;
	if (st == RTE_CRYPTO_OP_STATUS_SUCCESS && sl == rl &&
	    memcmp(sig, ref, rl) == 0)
		tv_pass("sign-digestinfo-input", NULL);
	else if (st == RTE_CRYPTO_OP_STATUS_ERROR && ref[0] == 0)
		tv_skip("sign-digestinfo-input", "signature starts with zero");
	else
		tv_fail("sign-digestinfo-input", "status %s", at_status_str(st));
	at_sess_free(d, sess);
}

/*
 * A raw message with no hash named (DPDK's own test_rsa_sign_verify_crt):
 * signed as it is, PKCS#1 v1.5 with no DigestInfo, as OpenSSL signs with
 * no digest set. A device without such sessions (QEMU's builtin) makes
 * the op INVALID_ARGS.
 */
static void
raw_message(struct at_dev *d, struct at_key *key)
{
	static const uint8_t none[1];
	static const struct at_hash raw = {
		.name = NULL, .rte = RTE_CRYPTO_AUTH_NULL, .len = 20,
		.prefix_len = 0, .prefix = none,
	};
	uint8_t m[20], sig[AT_MOD_MAX], ref[AT_MOD_MAX];
	size_t sl = 0, rl = 0;
	bool saved = d->digestinfo_input;
	void *sess;
	uint8_t st, vst = 0xff;
	int rc;

	if (!tv_want("sign-raw-message"))
		return;
	sess = at_sess_new(d, key, true, &rc);
	at_random(m, sizeof(m));
	if (at_ossl_sign(key, &raw, m, ref, &rl) != 0) {
		tv_fail("sign-raw-message", "OpenSSL cannot sign it");
		at_sess_free(d, sess);
		return;
	}
	d->digestinfo_input = true;	/* message as given, hash unset */
	st = sess ? at_run_sign(d, sess, &raw, m, sig, &sl) : 0xff;
	if (st == RTE_CRYPTO_OP_STATUS_SUCCESS)
		vst = at_run_verify(d, sess, &raw, m, ref, rl);
	d->digestinfo_input = saved;
	if (st == RTE_CRYPTO_OP_STATUS_INVALID_ARGS)
		tv_skip("sign-raw-message", "the device takes no PKCS#1 "
			"session without a hash: INVALID_ARGS");
	else if (st == RTE_CRYPTO_OP_STATUS_ERROR && ref[0] == 0)
		tv_skip("sign-raw-message", "signature starts with zero");
	else if (st != RTE_CRYPTO_OP_STATUS_SUCCESS)
		tv_fail("sign-raw-message", "status %s", at_status_str(st));
	else if (sl != rl || memcmp(sig, ref, rl) != 0)
		tv_fail("sign-raw-message", "differs from OpenSSL's signature");
	else if (at_ossl_verify(key, &raw, m, sig, sl) != 0)
		tv_fail("sign-raw-message", "OpenSSL rejects it");
	else if (vst != RTE_CRYPTO_OP_STATUS_SUCCESS)
		tv_fail("sign-raw-message", "device verify of OpenSSL's "
			"signature: %s", at_status_str(vst));
	else
		tv_pass("sign-raw-message", "bytes equal OpenSSL's, both "
			"verify");
	at_sess_free(d, sess);
}

void
at_cases_run(struct at_dev *d, unsigned int keygen_max)
{
	static struct at_key keys[RTE_DIM(sizes)];
	struct at_key *k1024 = NULL, *k2048 = NULL, *k512 = NULL;
	char name[48];
	unsigned int i;
	uint64_t t0;

	for (i = 0; i < RTE_DIM(sizes) && !d->dead; i++) {
		snprintf(name, sizeof(name), "keygen-%u", sizes[i]);
		if (sizes[i] > keygen_max) {
			tv_skip(name, "above --keygen-max %u", keygen_max);
			continue;
		}
		t0 = rte_get_timer_cycles();
		if (at_key_generate(&keys[i], sizes[i]) != 0) {
			tv_fail(name, "OpenSSL key generation failed");
			continue;
		}
		tv_pass(name, "%.1f s", (double)(rte_get_timer_cycles() - t0) /
			rte_get_timer_hz());
		one_size(d, sizes[i], &keys[i]);
		if (sizes[i] == 512)
			k512 = &keys[i];
		if (sizes[i] == 1024)
			k1024 = &keys[i];
		if (sizes[i] == 2048)
			k2048 = &keys[i];
	}
	if (k2048 != NULL && !d->dead)
		all_hashes(d, k2048);
	if (k1024 != NULL && !d->dead) {
		digestinfo_input(d, k1024);
		raw_message(d, k1024);
		at_neg_run(d, k1024, k512);
	}
	for (i = 0; i < RTE_DIM(sizes); i++)
		at_key_free(&keys[i]);
}
