/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Limit cases. Ops that time out stay with tv_dev and their sessions are
 * leaked on purpose; the sessionless xform is static for the same reason.
 */

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_errno.h>

#include "tv_limits.h"
#include "tv_report.h"
#include "tv_sym.h"

#define AES_BLOCK 16
#define QF_NAME "neg/queue-full"
#define LARGE_NAME "neg/large-op"
#define AFTER_NAME "neg/large-op-after"
#define SLX_NAME "neg/sessionless-xform"

static void *
cbc_session(struct tv_dev *d, const struct kat_vec *v, enum tv_dir dir)
{
	return tv_sym_cipher_session(d, RTE_CRYPTO_CIPHER_AES_CBC, dir,
		v->key.data, (uint16_t)v->key.len, AES_BLOCK);
}

static bool
out_is(const struct rte_crypto_op *op, const uint8_t *want, uint32_t len)
{
	const struct rte_mbuf *m = op->sym->m_src;

	return m->data_len == len &&
		memcmp(rte_pktmbuf_mtod(m, const uint8_t *), want, len) == 0;
}

static void
slx_verdict(struct tv_dev *d, const struct kat_vec *v,
		const struct rte_crypto_op *op, uint8_t state, int rc)
{
	bool ff = d->info.feature_flags & RTE_CRYPTODEV_FF_SYM_SESSIONLESS;
	bool ok = state == TV_OP_DONE &&
		op->status == RTE_CRYPTO_OP_STATUS_SUCCESS;
	char why[TV_ERR_LEN];

	if (rc < 0)
		tv_fail(SLX_NAME, "%s",
			tv_dev_strerror(d, rc, why, sizeof(why)));
	else if (ff && ok && out_is(op, v->ct.data, v->ct.len))
		tv_pass(SLX_NAME, "SYM_SESSIONLESS advertised: SUCCESS, right bytes");
	else if (ff)
		tv_fail(SLX_NAME, "SYM_SESSIONLESS advertised: %s%s",
			state == TV_OP_REFUSED ? "refused, status " : "status ",
			ok ? "SUCCESS with wrong bytes" :
			tv_status_name(op->status));
	else if (ok)
		tv_fail(SLX_NAME, "SYM_SESSIONLESS not advertised, yet SUCCESS");
	else
		tv_pass(SLX_NAME, "SYM_SESSIONLESS not advertised: %s %s",
			state == TV_OP_REFUSED ? "refused, status" : "status",
			tv_status_name(op->status));
}

void
tv_limits_sessionless_xform(struct tv_dev *d, const struct kat_vec *v)
{
	static struct rte_crypto_sym_xform xf;
	static uint8_t key[TV_KEY_MAX];
	struct rte_crypto_op *op;
	uint8_t state;
	int rc;

	memcpy(key, v->key.data, v->key.len);
	memset(&xf, 0, sizeof(xf));
	xf.type = RTE_CRYPTO_SYM_XFORM_CIPHER;
	xf.cipher.op = RTE_CRYPTO_CIPHER_OP_ENCRYPT;
	xf.cipher.algo = RTE_CRYPTO_CIPHER_AES_CBC;
	xf.cipher.key.data = key;
	xf.cipher.key.length = (uint16_t)v->key.len;
	xf.cipher.iv.offset = TV_IV_OFF;
	xf.cipher.iv.length = AES_BLOCK;
	op = tv_sym_cipher_op(d, d->mbuf_pool, NULL, v->pt.data, v->pt.len,
		&v->iv);
	if (op == NULL) {
		tv_fail(SLX_NAME, "out of ops or mbufs");
		return;
	}
	op->sess_type = RTE_CRYPTO_OP_SESSIONLESS;
	op->sym->xform = &xf;
	rc = tv_dev_process(d, &op, 1, &state);
	slx_verdict(d, v, op, state, rc);
	tv_ops_release(&op, &state, 1);
}

/* Every op taken came back once: check each status and output. */
static void
qf_verdict(struct tv_dev *d, const struct kat_vec *v,
		struct rte_crypto_op **ops, uint16_t n, uint16_t taken)
{
	uint16_t i;

	if (taken == n) {
		tv_fail(QF_NAME, "enqueue took all %u ops on %u descriptors",
			n, d->nb_desc);
		return;
	}
	if (taken == 0) {
		tv_fail(QF_NAME, "enqueue took none of %u on an idle queue", n);
		return;
	}
	for (i = 0; i < taken; i++) {
		if (ops[i]->status != RTE_CRYPTO_OP_STATUS_SUCCESS) {
			tv_fail(QF_NAME, "op %u of %u taken: status %s", i,
				taken, tv_status_name(ops[i]->status));
			return;
		}
		if (!out_is(ops[i], v->ct.data, v->ct.len)) {
			tv_fail(QF_NAME, "op %u of %u taken: wrong output", i,
				taken);
			return;
		}
	}
	tv_pass(QF_NAME,
		"enqueue took %u of %u on %u descriptors%s; all back once, SUCCESS",
		taken, n, d->nb_desc,
		taken > d->nb_desc ? " (more than configured)" : "");
}

static int
qf_build(struct tv_dev *d, const struct kat_vec *v, void *sess,
		struct rte_crypto_op **ops, uint16_t n)
{
	uint16_t i;

	for (i = 0; i < n; i++) {
		ops[i] = tv_sym_cipher_op(d, d->mbuf_pool, sess, v->pt.data,
			v->pt.len, &v->iv);
		if (ops[i] == NULL)
			return -ENOMEM;
	}
	return 0;
}

static void
qf_run(struct tv_dev *d, const struct kat_vec *v, void *sess,
		struct rte_crypto_op **ops, uint8_t *state, uint16_t n)
{
	char why[TV_ERR_LEN];
	uint16_t taken, i;
	bool lost = false;
	int rc;

	memset(state, TV_OP_PENDING, n);
	if (qf_build(d, v, sess, ops, n) < 0) {
		tv_fail(QF_NAME, "out of ops or mbufs for %u ops", n);
		tv_ops_release(ops, state, n);
		rte_cryptodev_sym_session_free(d->id, sess);
		return;
	}
	taken = rte_cryptodev_enqueue_burst(d->id, d->qp, ops, n);
	memset(state, TV_OP_QUEUED, taken);
	rc = tv_dev_drain(d, ops, n, state);
	if (rc < 0)
		tv_fail(QF_NAME, "%s (%u of %u ops taken)",
			tv_dev_strerror(d, rc, why, sizeof(why)), taken, n);
	else
		qf_verdict(d, v, ops, n, taken);
	for (i = 0; i < n; i++)
		lost |= state[i] == TV_OP_LOST;
	tv_ops_release(ops, state, n);
	if (!lost)
		rte_cryptodev_sym_session_free(d->id, sess);
}

void
tv_limits_queue_full(struct tv_dev *d, const struct kat_vec *v)
{
	uint32_t n = 2 * d->nb_desc;
	struct rte_crypto_op **ops;
	uint8_t *state;
	void *sess;

	if (d->dead) {
		tv_fail(QF_NAME, "not run: device silent for %u timeouts",
			TV_DEAD_AFTER);
		return;
	}
	if (n > rte_mempool_avail_count(d->op_pool) ||
			n > rte_mempool_avail_count(d->mbuf_pool)) {
		tv_skip(QF_NAME, "%u descriptors: the pools are too small",
			d->nb_desc);
		return;
	}
	sess = cbc_session(d, v, TV_ENC);
	if (sess == NULL) {
		tv_fail(QF_NAME, "session create: %s", rte_strerror(rte_errno));
		return;
	}
	ops = calloc(n, sizeof(*ops));
	state = calloc(n, sizeof(*state));
	if (ops == NULL || state == NULL) {
		tv_fail(QF_NAME, "out of memory");
		rte_cryptodev_sym_session_free(d->id, sess);
	} else {
		qf_run(d, v, sess, ops, state, (uint16_t)n);
	}
	free(ops);
	free(state);
}

/*
 * A CBC known answer as long as we like: repeat @v, and make the first
 * block of each repeat see the same AES input as block 0 saw after the
 * IV (P0 ^ IV ^ C_last ^ C_last). The ciphertext is then @v's repeated,
 * the last repeat cut short, which CBC allows.
 */
static void
tile(const struct kat_vec *v, uint8_t *pt, uint8_t *ct, uint32_t len)
{
	uint32_t n = v->pt.len, off, chunk, i;
	const uint8_t *last = v->ct.data + n - AES_BLOCK;

	for (off = 0; off < len; off += n) {
		chunk = RTE_MIN(n, len - off);
		memcpy(pt + off, v->pt.data, chunk);
		memcpy(ct + off, v->ct.data, chunk);
		if (off == 0)
			continue;
		for (i = 0; i < AES_BLOCK && i < chunk; i++)
			pt[off + i] ^= v->iv.data[i] ^ last[i];
	}
}

/*
 * What became of a large op: 0 for right bytes or a clean error status.
 * *failed: it came back with an error status (a device that stalled on it
 * was failed by the PMD).
 */
static int
large_verdict(const struct tv_dev *d, const struct rte_crypto_op *op,
		uint8_t state, int rc, const uint8_t *want, uint32_t len,
		char *out, size_t olen, bool *failed)
{
	if (rc < 0) {
		tv_dev_strerror(d, rc, out, olen);
		return -1;
	}
	if (state == TV_OP_REFUSED) {
		snprintf(out, olen, "refused, status %s",
			tv_status_name(op->status));
		return 0;
	}
	if (op->status != RTE_CRYPTO_OP_STATUS_SUCCESS) {
		snprintf(out, olen, "status %s", tv_status_name(op->status));
		*failed = true;
		return 0;
	}
	if (!out_is(op, want, len)) {
		snprintf(out, olen, "SUCCESS with wrong bytes");
		return -1;
	}
	snprintf(out, olen, "SUCCESS, bytes right");
	return 0;
}

static int
large_one(struct tv_dev *d, const struct kat_vec *v, enum tv_dir dir,
		const uint8_t *in, const uint8_t *want, uint32_t len,
		char *out, size_t olen, bool *failed)
{
	struct rte_crypto_op *op;
	uint8_t state;
	void *sess;
	int rc;

	sess = cbc_session(d, v, dir);
	if (sess == NULL) {
		snprintf(out, olen, "session create: %s",
			rte_strerror(rte_errno));
		/* A device the PMD failed (the other half stalled it) refusing
		 * work is a clean error too. */
		return rte_errno == ENODEV ? 0 : -1;
	}
	op = tv_sym_cipher_op(d, d->big_pool, sess, in, len, &v->iv);
	if (op == NULL) {
		rte_cryptodev_sym_session_free(d->id, sess);
		snprintf(out, olen, "no mbuf for %u B", len);
		return -1;
	}
	rc = tv_dev_process(d, &op, 1, &state);
	rc = large_verdict(d, op, state, rc, want, len, out, olen, failed);
	if (state != TV_OP_LOST)
		rte_cryptodev_sym_session_free(d->id, sess);
	tv_ops_release(&op, &state, 1);
	return rc;
}

/*
 * After the large ops: @v's known answer on the same queue pair, with
 * @pre, a session made before them. A device that stalled on them (DPDK
 * vhost-crypto never completes such requests) was failed by the PMD,
 * which handed the op back with an error and re-initialised the device:
 * the queue pair and the session must work again.
 */
static void
large_after(struct tv_dev *d, const struct kat_vec *v, void *pre,
		int pre_err, bool failed)
{
	char why[TV_ERR_LEN];

	if (!tv_want(AFTER_NAME))
		return;
	if (pre == NULL) {
		tv_fail(AFTER_NAME, "session create: %s",
			rte_strerror(pre_err));
		return;
	}
	if (tv_sym_cipher_kat(d, pre, v, why, sizeof(why)) != 0)
		tv_fail(AFTER_NAME, "%s: %s", failed ?
			"after the device failed on a large op" :
			"after the large ops", why);
	else
		tv_pass(AFTER_NAME, "%s; same queue pair, session made before: "
			"SUCCESS, bytes right", failed ? "device failed on a "
			"large op and recovered" : "no large op failed");
	if (!d->dead)
		rte_cryptodev_sym_session_free(d->id, pre);
}

void
tv_limits_large_op(struct tv_dev *d, const struct kat_vec *v)
{
	uint32_t len = RTE_ALIGN_FLOOR(UINT16_MAX -
		d->info.min_mbuf_headroom_req - d->info.min_mbuf_tailroom_req,
		AES_BLOCK);
	void *pre = cbc_session(d, v, TV_ENC);
	int pre_err = pre == NULL ? rte_errno : 0;
	char enc[96], dec[96];
	bool failed = false;
	uint8_t *pt, *ct;
	int rc;

	pt = malloc(len);
	ct = malloc(len);
	if (pt == NULL || ct == NULL) {
		tv_fail(LARGE_NAME, "out of memory");
	} else {
		tile(v, pt, ct, len);
		rc = large_one(d, v, TV_ENC, pt, ct, len, enc, sizeof(enc),
			&failed);
		/*
		 * A device that failed on enc drops such requests: dec would
		 * only stall it again. One reset is enough, and DPDK 22.11
		 * vhost-crypto may crash on any (see vcrypto.rst).
		 */
		if (failed)
			snprintf(dec, sizeof(dec), "not sent after enc failed");
		else
			rc |= large_one(d, v, TV_DEC, ct, pt, len, dec,
				sizeof(dec), &failed);
		if (rc != 0)
			tv_fail(LARGE_NAME, "%u B: enc %s; dec %s", len, enc,
				dec);
		else
			tv_pass(LARGE_NAME, "%u B: enc %s; dec %s", len, enc,
				dec);
	}
	free(pt);
	free(ct);
	large_after(d, v, pre, pre_err, failed);
}
