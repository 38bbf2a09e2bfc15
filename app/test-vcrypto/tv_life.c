/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Lifecycle cases. The reference PMD frees its queues on stop and crashes
 * on the next start; a device session must also outlive stop/start. Session
 * churn finds the device's session limit (QEMU builtin: 256), checks the
 * failure is a clean errno, and that destroying sessions gives every slot
 * back (a leak would make the second round fail early).
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_errno.h>

#include "kat/kat.h"
#include "tv_caps.h"
#include "tv_life.h"
#include "tv_report.h"
#include "tv_sym.h"

#define LIFE_CYCLES 3
#define CHURN_MAX 2048
#define AES_BLOCK 16
/** Ops per queue pair in the shared queue pair case. */
#define SHARE_OPS 12

struct life_ctx {
	struct tv_dev *d;
	struct kat_set set;
	const struct kat_vec *v;
	uint16_t key_len;
};

/* A new session and one known answer through it. */
static int
life_fresh_kat(struct life_ctx *x, char *why, size_t len)
{
	void *sess;
	int rc;

	sess = tv_sym_cipher_session(x->d, RTE_CRYPTO_CIPHER_AES_CBC, TV_ENC,
		x->v->key.data, x->key_len, AES_BLOCK);
	if (sess == NULL) {
		snprintf(why, len, "session: rte_errno %d", rte_errno);
		return -1;
	}
	rc = tv_sym_cipher_kat(x->d, sess, x->v, why, len);
	if (!x->d->dead)
		rte_cryptodev_sym_session_free(x->d->id, sess);
	return rc;
}

static void
life_restart(struct life_ctx *x)
{
	const char *name = "life/stop-start-reconfigure";
	char why[TV_ERR_LEN];
	void *sess;
	int i, rc = 0;

	sess = tv_sym_cipher_session(x->d, RTE_CRYPTO_CIPHER_AES_CBC, TV_ENC,
		x->v->key.data, x->key_len, AES_BLOCK);
	if (sess == NULL) {
		tv_fail(name, "session: rte_errno %d", rte_errno);
		return;
	}
	for (i = 0; i < LIFE_CYCLES && rc == 0; i++) {
		rc = tv_dev_restart(x->d);
		if (rc < 0) {
			snprintf(why, sizeof(why), "cycle %d: restart %d", i, rc);
			break;
		}
		rc = tv_sym_cipher_kat(x->d, sess, x->v, why, sizeof(why));
	}
	if (rc == 0)
		tv_pass(name, "%d cycles, session kept, bytes correct", i);
	else
		tv_fail(name, "cycle %d: %s", i, why);
	if (!x->d->dead)
		rte_cryptodev_sym_session_free(x->d->id, sess);
}

/* Stop, then configure @nb queue pairs of the device's usual size. */
static int
life_config_qps(struct tv_dev *d, uint16_t nb)
{
	struct rte_cryptodev_config conf = {
		.socket_id = d->socket,
		.nb_queue_pairs = nb,
	};
	struct rte_cryptodev_qp_conf qp_conf = {
		.nb_descriptors = d->nb_desc,
		.mp_session = d->sess_pool,
	};
	uint16_t q;
	int rc;

	if (d->started) {
		rte_cryptodev_stop(d->id);
		d->started = false;
	}
	rc = rte_cryptodev_configure(d->id, &conf);
	for (q = 0; rc == 0 && q < nb; q++)
		rc = rte_cryptodev_queue_pair_setup(d->id, q, &qp_conf,
						    d->socket);
	if (rc == 0)
		rc = rte_cryptodev_start(d->id);
	d->started = rc == 0;
	return rc;
}

/*
 * Dequeue queue pairs 1 and 0 in turn until the 2 * SHARE_OPS ops of
 * @ops (the first half enqueued on 0) are back, or the device's timeout:
 * each must come back once, on the queue pair it went in on.
 * Returns 0, or -1 with the reason in @why.
 */
static int
life_shared_collect(struct tv_dev *d, struct rte_crypto_op **ops,
		    bool *back, char *why, size_t len)
{
	uint64_t deadline = rte_get_timer_cycles() + d->timeout;
	struct rte_crypto_op *out[8];
	unsigned int left = 2 * SHARE_OPS, i, k;
	uint16_t q, n;

	while (left > 0 && rte_get_timer_cycles() < deadline) {
		for (q = 2; q-- > 0;) {
			n = rte_cryptodev_dequeue_burst(d->id, q, out, 3);
			for (i = 0; i < n; i++) {
				for (k = 0; k < 2 * SHARE_OPS; k++)
					if (ops[k] == out[i])
						break;
				if (k == 2 * SHARE_OPS || back[k] ||
				    k / SHARE_OPS != q) {
					snprintf(why, len, "op %u back on qp "
						 "%u%s", k, q, k < 2 * SHARE_OPS
						 && back[k] ? " twice" : "");
					return -1;
				}
				back[k] = true;
				left--;
			}
		}
	}
	if (left > 0) {
		snprintf(why, len, "%u ops not back in %u ms", left,
			 d->timeout_ms);
		return -1;
	}
	return 0;
}

/*
 * Two queue pairs when the device offers them (devarg max_nb_queue_pairs
 * shares a data queue): ops enqueued on both in turn each come back on
 * their own, with the known answer. Then one queue pair again.
 */
static void
life_shared_qps(struct life_ctx *x)
{
	const char *name = "life/queue-pairs-shared";
	struct rte_crypto_op *ops[2 * SHARE_OPS] = { NULL };
	bool back[2 * SHARE_OPS] = { false };
	struct tv_dev *d = x->d;
	char why[TV_ERR_LEN] = "";
	unsigned int k, sent[2] = { 0, 0 };
	void *sess = NULL;
	int rc;

	if (d->info.max_nb_queue_pairs < 2) {
		tv_skip(name, "the device offers %u queue pair (devarg "
			"max_nb_queue_pairs=2 shares its data queue)",
			d->info.max_nb_queue_pairs);
		return;
	}
	rc = life_config_qps(d, 2);
	if (rc != 0)
		snprintf(why, sizeof(why), "2 queue pairs: %d", rc);
	if (rc == 0) {
		sess = tv_sym_cipher_session(d, RTE_CRYPTO_CIPHER_AES_CBC,
			TV_ENC, x->v->key.data, x->key_len, AES_BLOCK);
		rc = sess == NULL ? -1 : 0;
		if (sess == NULL)
			snprintf(why, sizeof(why), "session: rte_errno %d",
				 rte_errno);
	}
	for (k = 0; rc == 0 && k < 2 * SHARE_OPS; k++) {
		ops[k] = tv_sym_cipher_op(d, d->mbuf_pool, sess, x->v->pt.data,
					  x->v->pt.len, &x->v->iv);
		if (ops[k] == NULL) {
			snprintf(why, sizeof(why), "out of ops or mbufs");
			rc = -1;
		}
	}
	/* Bursts of 3 on each in turn: the ring holds both mixed. */
	while (rc == 0 && (sent[0] < SHARE_OPS || sent[1] < SHARE_OPS)) {
		for (k = 0; k < 2; k++)
			sent[k] += rte_cryptodev_enqueue_burst(d->id, k,
				&ops[k * SHARE_OPS + sent[k]],
				RTE_MIN(3u, SHARE_OPS - sent[k]));
		if (sent[0] + sent[1] == 0) {
			snprintf(why, sizeof(why), "nothing enqueued");
			rc = -1;
		}
	}
	if (rc == 0)
		rc = life_shared_collect(d, ops, back, why, sizeof(why));
	for (k = 0; rc == 0 && k < 2 * SHARE_OPS; k++) {
		if (ops[k]->status != RTE_CRYPTO_OP_STATUS_SUCCESS)
			snprintf(why, sizeof(why), "op %u: status %s", k,
				 tv_status_name(ops[k]->status));
		else if (memcmp(rte_pktmbuf_mtod(ops[k]->sym->m_src,
						 uint8_t *),
				x->v->ct.data, x->v->ct.len) != 0)
			snprintf(why, sizeof(why), "op %u: wrong ciphertext",
				 k);
		else
			continue;
		rc = -1;
	}
	if (rc == 0)
		tv_pass(name, "%u ops on each of 2 queue pairs, each back on "
			"its own, bytes correct", SHARE_OPS);
	else
		tv_fail(name, "%s", why);
	/* An op not back may still be written: kept (and its session). */
	for (k = 0; k < 2 * SHARE_OPS; k++)
		if (ops[k] != NULL && (back[k] || k >= sent[k / SHARE_OPS] +
				       (k / SHARE_OPS) * SHARE_OPS))
			tv_op_free(ops[k]);
	if (sess != NULL && rc == 0)
		rte_cryptodev_sym_session_free(d->id, sess);
	if (tv_dev_restart(d) != 0)
		tv_fail(name, "back to one queue pair: restart failed");
}

/* Create up to @max sessions in @sess; returns how many, errno in *err. */
static unsigned int
churn_create(struct life_ctx *x, struct rte_mempool *pool, void **sess,
	     unsigned int max, int *err)
{
	struct rte_crypto_sym_xform xf = {
		.type = RTE_CRYPTO_SYM_XFORM_CIPHER,
		.cipher = {
			.op = RTE_CRYPTO_CIPHER_OP_ENCRYPT,
			.algo = RTE_CRYPTO_CIPHER_AES_CBC,
			.key = { .data = x->v->key.data, .length = x->key_len },
			.iv = { .offset = TV_IV_OFF, .length = AES_BLOCK },
		},
	};
	unsigned int n;

	*err = 0;
	for (n = 0; n < max; n++) {
		sess[n] = rte_cryptodev_sym_session_create(x->d->id, &xf, pool);
		if (sess[n] == NULL) {
			*err = rte_errno;
			break;
		}
	}
	return n;
}

static void
churn_free(struct life_ctx *x, void **sess, unsigned int n)
{
	while (n > 0)
		rte_cryptodev_sym_session_free(x->d->id, sess[--n]);
}

static void
life_churn(struct life_ctx *x)
{
	const char *name = "life/session-limit-churn";
	static void *sess[CHURN_MAX];
	struct rte_mempool *pool;
	char why[TV_ERR_LEN];
	unsigned int n1, n2;
	int e1, e2;

	pool = rte_cryptodev_sym_session_pool_create("tv_churn", CHURN_MAX + 1,
		rte_cryptodev_sym_get_private_session_size(x->d->id), 0, 0,
		x->d->socket);
	if (pool == NULL) {
		tv_fail(name, "session pool: %s", rte_strerror(rte_errno));
		return;
	}
	n1 = churn_create(x, pool, sess, CHURN_MAX, &e1);
	churn_free(x, sess, n1);
	/* Everything destroyed: the same number must fit again. */
	n2 = churn_create(x, pool, sess, n1, &e2);
	churn_free(x, sess, n2);
	if (n1 < CHURN_MAX && e1 != ENOSPC && e1 != EIO && e1 != ENOMEM)
		tv_fail(name, "session %u failed with errno %d (%s), want "
			"ENOSPC/EIO/ENOMEM", n1, e1, rte_strerror(e1));
	else if (n2 != n1)
		tv_fail(name, "after destroying %u sessions only %u fit again "
			"(errno %d): sessions leak", n1, n2, e2);
	else if (life_fresh_kat(x, why, sizeof(why)) != 0)
		tv_fail(name, "after churn: %s", why);
	else if (n1 < CHURN_MAX)
		tv_pass(name, "device limit at %u sessions (%s), all %u "
			"reusable after destroy, device still answers", n1,
			rte_strerror(e1), n2);
	else
		tv_pass(name, "%u sessions created, destroyed, created again",
			n1);
	rte_mempool_free(pool);
}

void
tv_life_run(struct tv_dev *d, const char *vectors)
{
	static const unsigned int bits[] = { 128, 192, 256 };
	const struct rte_cryptodev_symmetric_capability *cbc;
	struct life_ctx x = { .d = d };
	char why[KAT_ERR_LEN];
	unsigned int i;

	cbc = tv_caps_cipher(d->id, RTE_CRYPTO_CIPHER_AES_CBC);
	for (i = 0; cbc != NULL && i < RTE_DIM(bits); i++)
		if (tv_range_ok(&cbc->cipher.key_size, bits[i] / 8))
			break;
	if (cbc == NULL || i == RTE_DIM(bits)) {
		tv_skip("life/*", "aes-cbc with a 128/192/256-bit key not "
			"advertised");
		return;
	}
	if (kat_aes_cbc_mmt_load(vectors, bits[i], &x.set, why,
				 sizeof(why)) < 0) {
		tv_fail("life/*", "vectors: %s", why);
		return;
	}
	x.v = &x.set.vec[0];
	x.key_len = (uint16_t)x.v->key.len;
	if (tv_want("life/stop-start-reconfigure"))
		life_restart(&x);
	if (tv_want("life/session-limit-churn") && !d->dead)
		life_churn(&x);
	if (tv_want("life/queue-pairs-shared") && !d->dead)
		life_shared_qps(&x);
	kat_set_free(&x.set);
}
