/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Negative and limit cases, all on AES-CBC (the one cipher every
 * virtio-crypto device is expected to offer) with CAVP MMT vectors as
 * data. An op that times out is left to tv_dev, its session leaked: the
 * device may still touch both.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rte_errno.h>

#include "kat/kat.h"
#include "tv_caps.h"
#include "tv_limits.h"
#include "tv_neg.h"
#include "tv_report.h"
#include "tv_sym.h"

#define AES_BLOCK 16
#define NEG_BAD_LEN 20	/* not a multiple of the AES block */

struct neg_ctx {
	struct tv_dev *d;
	struct kat_set set;
	const struct kat_vec *small;	/* first MMT vector: one block */
	const struct kat_vec *longest;	/* last MMT vector: ten blocks */
	char why[KAT_ERR_LEN];		/* set when AES-CBC cases cannot run */
};

static const enum rte_crypto_cipher_algorithm unadvertised[] = {
	RTE_CRYPTO_CIPHER_AES_F8,
	RTE_CRYPTO_CIPHER_KASUMI_F8,
	RTE_CRYPTO_CIPHER_SNOW3G_UEA2,
	RTE_CRYPTO_CIPHER_ZUC_EEA3,
	RTE_CRYPTO_CIPHER_ARC4,
	RTE_CRYPTO_CIPHER_SM4_CBC,
	RTE_CRYPTO_CIPHER_3DES_CTR,
};

static int
neg_load(struct neg_ctx *x, const char *vectors)
{
	static const unsigned int bits[] = { 128, 192, 256 };
	const struct rte_cryptodev_symmetric_capability *cbc;
	unsigned int i;

	cbc = tv_caps_cipher(x->d->id, RTE_CRYPTO_CIPHER_AES_CBC);
	if (cbc == NULL) {
		snprintf(x->why, sizeof(x->why), "aes-cbc not advertised");
		return -ENOTSUP;
	}
	for (i = 0; i < RTE_DIM(bits); i++)
		if (tv_range_ok(&cbc->cipher.key_size, bits[i] / 8))
			break;
	if (i == RTE_DIM(bits) ||
			!tv_range_ok(&cbc->cipher.iv_size, AES_BLOCK)) {
		snprintf(x->why, sizeof(x->why),
			"aes-cbc: no 128/192/256-bit key with a 16 B IV");
		return -ENOTSUP;
	}
	if (kat_aes_cbc_mmt_load(vectors, bits[i], &x->set, x->why,
			sizeof(x->why)) < 0)
		return -ENOENT;
	x->small = &x->set.vec[0];
	x->longest = &x->set.vec[0];
	for (i = 1; i < x->set.nb; i++)
		if (x->set.vec[i].pt.len > x->longest->pt.len)
			x->longest = &x->set.vec[i];
	return 0;
}

static void *
neg_session(struct neg_ctx *x, enum tv_dir dir)
{
	return tv_sym_cipher_session(x->d, RTE_CRYPTO_CIPHER_AES_CBC, dir,
		x->small->key.data, (uint16_t)x->small->key.len, AES_BLOCK);
}

static void
neg_unsupported(struct neg_ctx *x)
{
	static const uint8_t key[AES_BLOCK];
	const char *name = "neg/unsupported-algo";
	enum rte_crypto_cipher_algorithm algo;
	unsigned int i;
	void *sess;

	for (i = 0; i < RTE_DIM(unadvertised); i++)
		if (tv_caps_cipher(x->d->id, unadvertised[i]) == NULL)
			break;
	if (i == RTE_DIM(unadvertised)) {
		tv_skip(name, "device advertises every candidate algorithm");
		return;
	}
	algo = unadvertised[i];
	sess = tv_sym_cipher_session(x->d, algo, TV_ENC, key, sizeof(key),
		AES_BLOCK);
	if (sess != NULL) {
		rte_cryptodev_sym_session_free(x->d->id, sess);
		tv_fail(name, "session created for unadvertised %s",
			tv_cipher_name(algo));
	} else if (rte_errno != ENOTSUP) {
		tv_fail(name, "%s: rte_errno %d (%s), want ENOTSUP",
			tv_cipher_name(algo), rte_errno,
			rte_strerror(rte_errno));
	} else {
		tv_pass(name, "%s: ENOTSUP", tv_cipher_name(algo));
	}
}

static int
bad_key(struct neg_ctx *x, uint16_t key_len, char *out, size_t len)
{
	static const uint8_t key[2 * AES_BLOCK + 1];
	void *sess;

	sess = tv_sym_cipher_session(x->d, RTE_CRYPTO_CIPHER_AES_CBC, TV_ENC,
		key, key_len, AES_BLOCK);
	if (sess != NULL) {
		rte_cryptodev_sym_session_free(x->d->id, sess);
		snprintf(out, len, "%u B key accepted", key_len);
		return -1;
	}
	snprintf(out, len, "%u B: %s", key_len, rte_errno == EINVAL ?
		"EINVAL" : rte_errno == ENOTSUP ? "ENOTSUP" : "other");
	return rte_errno == EINVAL || rte_errno == ENOTSUP ? 0 : -1;
}

static void
neg_bad_key(struct neg_ctx *x)
{
	const char *name = "neg/bad-key-len";
	char a[64], b[64];
	int rc;

	rc = bad_key(x, AES_BLOCK - 1, a, sizeof(a));
	rc |= bad_key(x, 2 * AES_BLOCK + 1, b, sizeof(b));
	if (rc != 0)
		tv_fail(name, "%s, %s (want EINVAL or ENOTSUP)", a, b);
	else
		tv_pass(name, "%s, %s", a, b);
}

/*
 * Run @op alone; it must come back with status @want, refused at enqueue
 * or dequeued: any other error would hide a regression (a session bug
 * reported as INVALID_ARGS, say). Other drivers (the host's reference
 * crypto_openssl) choose their own status: there, any error passes.
 * @sess is freed unless the op was lost.
 */
static void
expect_error(struct neg_ctx *x, const char *name, struct rte_crypto_op *op,
		void *sess, uint8_t want)
{
	bool ours = strcmp(x->d->info.driver_name, "crypto_vcrypto") == 0;
	char why[TV_ERR_LEN];
	uint8_t state;
	int rc;

	rc = tv_dev_process(x->d, &op, 1, &state);
	if (rc < 0)
		tv_fail(name, "%s",
			tv_dev_strerror(x->d, rc, why, sizeof(why)));
	else if (op->status == RTE_CRYPTO_OP_STATUS_SUCCESS)
		tv_fail(name, "status SUCCESS");
	else if (ours && op->status != want)
		tv_fail(name, "status %s, want %s", tv_status_name(op->status),
			tv_status_name(want));
	else
		tv_pass(name, "%sstatus %s%s",
			state == TV_OP_REFUSED ? "refused at enqueue, " : "",
			tv_status_name(op->status),
			ours ? "" : " (not our driver: any error)");
	if (sess != NULL && state != TV_OP_LOST)
		rte_cryptodev_sym_session_free(x->d->id, sess);
	tv_ops_release(&op, &state, 1);
}

static void
neg_sessionless(struct neg_ctx *x)
{
	const char *name = "neg/sessionless";
	struct rte_crypto_op *op;

	/*
	 * Where sessionless ops are advertised, one without an xform breaks
	 * the API contract rather than testing a refusal, and crypto_aesni_mb
	 * (22.11) dereferences the missing session at dequeue. Devices
	 * without SYM_SESSIONLESS, ours included, must refuse it.
	 */
	if (x->d->info.feature_flags & RTE_CRYPTODEV_FF_SYM_SESSIONLESS) {
		tv_skip(name, "device advertises SYM_SESSIONLESS: "
			"see neg/sessionless-xform");
		return;
	}
	/* Neither session nor xform: nothing says what to do. */
	op = tv_sym_cipher_op(x->d, x->d->mbuf_pool, NULL, x->small->pt.data,
		x->small->pt.len, &x->small->iv);
	if (op == NULL) {
		tv_fail(name, "out of ops or mbufs");
		return;
	}
	expect_error(x, name, op, NULL, RTE_CRYPTO_OP_STATUS_INVALID_SESSION);
}

static void
neg_bad_length(struct neg_ctx *x)
{
	const char *name = "neg/bad-length";
	struct rte_crypto_op *op;
	void *sess;

	if (x->longest->pt.len < NEG_BAD_LEN) {
		tv_skip(name, "longest MMT vector under %u B", NEG_BAD_LEN);
		return;
	}
	sess = neg_session(x, TV_ENC);
	if (sess == NULL) {
		tv_fail(name, "session create: %s", rte_strerror(rte_errno));
		return;
	}
	op = tv_sym_cipher_op(x->d, x->d->mbuf_pool, sess, x->longest->pt.data,
		NEG_BAD_LEN, &x->longest->iv);
	if (op == NULL) {
		rte_cryptodev_sym_session_free(x->d->id, sess);
		tv_fail(name, "out of ops or mbufs");
		return;
	}
	/* Not a multiple of the AES block: the driver refuses it. */
	expect_error(x, name, op, sess, RTE_CRYPTO_OP_STATUS_INVALID_ARGS);
}

static void
neg_sessionless_xform(struct neg_ctx *x)
{
	tv_limits_sessionless_xform(x->d, x->small);
}

static void
neg_queue_full(struct neg_ctx *x)
{
	tv_limits_queue_full(x->d, x->small);
}

static void
neg_large_op(struct neg_ctx *x)
{
	tv_limits_large_op(x->d, x->longest);
}

/* The cases, as rows; those needing AES-CBC data skip without it. */
static const struct neg_case {
	const char *name;
	void (*run)(struct neg_ctx *x);
	bool needs_cbc;
} neg_cases[] = {
	{ "neg/unsupported-algo", neg_unsupported, false },
	{ "neg/bad-key-len", neg_bad_key, true },
	{ "neg/sessionless", neg_sessionless, true },
	{ "neg/bad-length", neg_bad_length, true },
	{ "neg/sessionless-xform", neg_sessionless_xform, true },
	{ "neg/queue-full", neg_queue_full, true },
	{ "neg/large-op", neg_large_op, true },
};

void
tv_neg_run(struct tv_dev *d, const char *vectors)
{
	struct neg_ctx x = { .d = d };
	const struct neg_case *c;
	unsigned int i;
	bool have_cbc;

	have_cbc = neg_load(&x, vectors) == 0;
	for (i = 0; i < RTE_DIM(neg_cases); i++) {
		c = &neg_cases[i];
		if (!tv_want(c->name))
			continue;
		if (c->needs_cbc && !have_cbc)
			tv_skip(c->name, "%s", x.why);
		else
			c->run(&x);
	}
	kat_set_free(&x.set);
}
