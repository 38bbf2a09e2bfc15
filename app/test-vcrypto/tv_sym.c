/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Sessions, ops and checks for one known answer at a time. Chains are
 * encrypt-then-MAC and verify-then-decrypt, the order crypto-perf's data
 * files were made in. The mbuf layout is [data][digest], linear.
 */

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <rte_errno.h>

#include "tv_report.h"
#include "tv_sym.h"

/* Out-of-place destinations start as this, so "not written" shows. */
#define TV_FILL 0xa5
#define TV_DUMP_MAX 32

/* What the op reads and must produce, from the job's kind and direction. */
struct tv_io {
	const struct kat_buf *in;
	const struct kat_buf *want;	/* data expected; NULL: auth only */
	const struct kat_buf *digest;	/* expected, or given to verify */
	bool verify;
	uint32_t auth_len;	/* MAC range [0, auth_len); 0: all of in */
	uint32_t want_off;	/* compare want from here on */
};

const char *
tv_status_name(uint8_t status)
{
	switch (status) {
	case RTE_CRYPTO_OP_STATUS_SUCCESS:
		return "SUCCESS";
	case RTE_CRYPTO_OP_STATUS_NOT_PROCESSED:
		return "NOT_PROCESSED";
	case RTE_CRYPTO_OP_STATUS_AUTH_FAILED:
		return "AUTH_FAILED";
	case RTE_CRYPTO_OP_STATUS_INVALID_SESSION:
		return "INVALID_SESSION";
	case RTE_CRYPTO_OP_STATUS_INVALID_ARGS:
		return "INVALID_ARGS";
	case RTE_CRYPTO_OP_STATUS_ERROR:
		return "ERROR";
	default:
		return "UNKNOWN";
	}
}

static enum tv_verdict __rte_format_printf(4, 5)
verdict(enum tv_verdict v, char *msg, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, len, fmt, ap);
	va_end(ap);
	return v;
}

static void
io_of(const struct tv_job *j, struct tv_io *io)
{
	const struct kat_vec *v = j->vec;
	bool enc = j->dir == TV_ENC;

	memset(io, 0, sizeof(*io));
	if (j->row->kind == KAT_AUTH) {
		io->in = &v->pt;
	} else {
		io->in = enc ? &v->pt : &v->ct;
		io->want = enc ? &v->ct : &v->pt;
	}
	if (j->row->kind != KAT_CIPHER) {
		io->digest = &v->digest;
		io->verify = !enc;
		io->auth_len = v->auth_len;
	}
	/* Out of place only the ciphered range of the output is defined. */
	io->want_off = j->place == TV_OOP ? v->cipher_off : 0;
}

static int
params_key(uint8_t *dst, uint16_t *dst_len, const struct kat_buf *b)
{
	if (b->len > TV_KEY_MAX)
		return -EINVAL;
	if (b->len != 0)
		memcpy(dst, b->data, b->len);
	*dst_len = (uint16_t)b->len;
	return 0;
}

static int
params_of(const struct tv_job *j, struct tv_params *p)
{
	const struct kat_vec *v = j->vec;
	int rc = 0;

	memset(p, 0, sizeof(*p));
	p->kind = j->row->kind;
	p->dir = j->dir;
	p->cipher = j->row->cipher;
	p->auth = j->row->auth;
	if (j->row->kind != KAT_AUTH) {
		rc = params_key(p->key, &p->key_len, &v->key);
		p->iv_len = (uint16_t)v->iv.len;
	}
	if (j->row->kind == KAT_AUTH)
		rc = params_key(p->akey, &p->akey_len, &v->key);
	else if (j->row->kind == KAT_CHAIN)
		rc |= params_key(p->akey, &p->akey_len, &v->auth_key);
	if (j->row->kind != KAT_CIPHER)
		p->digest_len = (uint16_t)v->digest.len;
	return rc;
}

static void
xform_cipher(struct rte_crypto_sym_xform *x, const struct tv_params *p)
{
	memset(x, 0, sizeof(*x));
	x->type = RTE_CRYPTO_SYM_XFORM_CIPHER;
	x->cipher.op = p->dir == TV_ENC ? RTE_CRYPTO_CIPHER_OP_ENCRYPT :
		RTE_CRYPTO_CIPHER_OP_DECRYPT;
	x->cipher.algo = p->cipher;
	x->cipher.key.data = p->key;
	x->cipher.key.length = p->key_len;
	x->cipher.iv.offset = TV_IV_OFF;
	x->cipher.iv.length = p->iv_len;
}

static void
xform_auth(struct rte_crypto_sym_xform *x, const struct tv_params *p)
{
	memset(x, 0, sizeof(*x));
	x->type = RTE_CRYPTO_SYM_XFORM_AUTH;
	x->auth.op = p->dir == TV_ENC ? RTE_CRYPTO_AUTH_OP_GENERATE :
		RTE_CRYPTO_AUTH_OP_VERIFY;
	x->auth.algo = p->auth;
	x->auth.key.data = p->akey;
	x->auth.key.length = p->akey_len;
	x->auth.digest_length = p->digest_len;
}

static void *
session_create(struct tv_dev *d, const struct tv_params *p)
{
	struct rte_crypto_sym_xform x[2];

	if (p->kind == KAT_CIPHER) {
		xform_cipher(&x[0], p);
	} else if (p->kind == KAT_AUTH) {
		xform_auth(&x[0], p);
	} else if (p->dir == TV_ENC) {
		xform_cipher(&x[0], p);
		xform_auth(&x[1], p);
		x[0].next = &x[1];
	} else {
		xform_auth(&x[0], p);
		xform_cipher(&x[1], p);
		x[0].next = &x[1];
	}
	return rte_cryptodev_sym_session_create(d->id, x, d->sess_pool);
}

void
tv_sess_cache_flush(struct tv_dev *d, struct tv_sess_cache *c, bool leak)
{
	if (c->sess != NULL && !leak)
		rte_cryptodev_sym_session_free(d->id, c->sess);
	c->sess = NULL;
}

static void *
sess_get(struct tv_dev *d, struct tv_sess_cache *c, const struct tv_params *p)
{
	if (c->sess != NULL && memcmp(&c->params, p, sizeof(*p)) == 0)
		return c->sess;
	tv_sess_cache_flush(d, c, false);
	c->sess = session_create(d, p);
	if (c->sess != NULL)
		memcpy(&c->params, p, sizeof(*p));
	return c->sess;
}

void *
tv_sym_cipher_session(struct tv_dev *d, enum rte_crypto_cipher_algorithm algo,
		enum tv_dir dir, const uint8_t *key, uint16_t key_len,
		uint16_t iv_len)
{
	struct tv_params p;

	memset(&p, 0, sizeof(p));
	if (key_len > TV_KEY_MAX) {
		rte_errno = EINVAL;
		return NULL;
	}
	p.kind = KAT_CIPHER;
	p.dir = dir;
	p.cipher = algo;
	p.key_len = key_len;
	p.iv_len = iv_len;
	if (key_len != 0)
		memcpy(p.key, key, key_len);
	return session_create(d, &p);
}

/* A linear mbuf holding @len bytes of @data (NULL: TV_FILL) + @room zeros. */
static struct rte_mbuf *
mbuf_fill(struct tv_dev *d, struct rte_mempool *pool, const uint8_t *data,
		uint32_t len, uint32_t room)
{
	struct rte_mbuf *m;
	uint8_t *p;

	if (len + room > UINT16_MAX)
		return NULL;
	m = rte_pktmbuf_alloc(pool);
	if (m == NULL)
		return NULL;
	if (rte_pktmbuf_tailroom(m) < len + room &&
			d->info.min_mbuf_headroom_req < m->data_off)
		m->data_off = d->info.min_mbuf_headroom_req;
	p = (uint8_t *)rte_pktmbuf_append(m, (uint16_t)(len + room));
	if (p == NULL) {
		rte_pktmbuf_free(m);
		return NULL;
	}
	if (data != NULL)
		memcpy(p, data, len);
	else
		memset(p, TV_FILL, len);
	memset(p + len, data != NULL ? 0 : TV_FILL, room);
	return m;
}

static void
op_cipher(struct rte_crypto_op *op, uint32_t len, const struct kat_buf *iv)
{
	op->sym->cipher.data.offset = 0;
	op->sym->cipher.data.length = len;
	if (iv != NULL && iv->len != 0)
		memcpy(rte_crypto_op_ctod_offset(op, uint8_t *, TV_IV_OFF),
			iv->data, iv->len);
}

/* Verify reads the digest from the source; generate writes the output. */
static void
op_digest(struct rte_crypto_op *op, const struct tv_io *io, bool bad)
{
	struct rte_mbuf *m = op->sym->m_src;
	uint32_t len = io->in->len;
	uint8_t *dig;

	if (!io->verify && op->sym->m_dst != NULL)
		m = op->sym->m_dst;
	dig = rte_pktmbuf_mtod_offset(m, uint8_t *, len);
	op->sym->auth.data.offset = 0;
	op->sym->auth.data.length = io->auth_len != 0 ? io->auth_len : len;
	op->sym->auth.digest.data = dig;
	op->sym->auth.digest.phys_addr = rte_pktmbuf_iova_offset(m, len);
	if (io->verify && io->digest->len != 0) {
		memcpy(dig, io->digest->data, io->digest->len);
		if (bad)
			dig[0] ^= 0x01;
	}
}

static struct rte_crypto_op *
job_op(struct tv_dev *d, void *sess, const struct tv_job *j,
		const struct tv_io *io)
{
	uint32_t len = io->in->len;
	uint32_t room = io->digest != NULL ? io->digest->len : 0;
	struct rte_crypto_op *op;

	op = rte_crypto_op_alloc(d->op_pool, RTE_CRYPTO_OP_TYPE_SYMMETRIC);
	if (op == NULL)
		return NULL;
	op->sym->m_src = mbuf_fill(d, d->mbuf_pool, io->in->data, len, room);
	if (j->place == TV_OOP)
		op->sym->m_dst = mbuf_fill(d, d->mbuf_pool, NULL, len, room);
	if (op->sym->m_src == NULL ||
			(j->place == TV_OOP && op->sym->m_dst == NULL)) {
		tv_op_free(op);
		return NULL;
	}
	rte_crypto_op_attach_sym_session(op, sess);
	if (j->row->kind != KAT_AUTH) {
		op_cipher(op, len, &j->vec->iv);
		op->sym->cipher.data.offset = j->vec->cipher_off;
		op->sym->cipher.data.length = len - j->vec->cipher_off;
	}
	if (j->row->kind != KAT_CIPHER)
		op_digest(op, io, j->bad_digest);
	return op;
}

struct rte_crypto_op *
tv_sym_cipher_op(struct tv_dev *d, struct rte_mempool *pool, void *sess,
		const uint8_t *in, uint32_t len, const struct kat_buf *iv)
{
	struct rte_crypto_op *op;

	op = rte_crypto_op_alloc(d->op_pool, RTE_CRYPTO_OP_TYPE_SYMMETRIC);
	if (op == NULL)
		return NULL;
	op->sym->m_src = mbuf_fill(d, pool, in, len, 0);
	if (op->sym->m_src == NULL) {
		tv_op_free(op);
		return NULL;
	}
	if (sess != NULL)
		rte_crypto_op_attach_sym_session(op, sess);
	op_cipher(op, len, iv);
	return op;
}

static void
dump(const char *what, const uint8_t *p, uint32_t len)
{
	char hex[2 * TV_DUMP_MAX + 1];
	uint32_t i;

	len = RTE_MIN(len, (uint32_t)TV_DUMP_MAX);
	for (i = 0; i < len; i++)
		snprintf(hex + 2 * i, 3, "%02x", p[i]);
	hex[2 * len] = '\0';
	tv_note("  %-5s %s", what, hex);
}

/* Compare @want with @m's bytes at @off. Returns the first bad index or -1. */
static long
mbuf_diff(const struct rte_mbuf *m, uint32_t off, const struct kat_buf *want)
{
	const uint8_t *got = rte_pktmbuf_mtod_offset(m, const uint8_t *, off);
	uint32_t i;

	for (i = 0; i < want->len; i++) {
		if (got[i] == want->data[i])
			continue;
		if (tv_verbose()) {
			dump("got", got + (i & ~15u), want->len - (i & ~15u));
			dump("want", want->data + (i & ~15u),
				want->len - (i & ~15u));
		}
		return (long)i;
	}
	return -1;
}

/* mbuf_diff() of want's bytes from off on; returns the index in want. */
static long
mbuf_diff_from(const struct rte_mbuf *m, const struct kat_buf *want,
		uint32_t off)
{
	struct kat_buf tail = { .data = want->data + off,
		.len = want->len - off, .set = true };
	long at = mbuf_diff(m, off, &tail);

	return at < 0 ? at : at + off;
}

static enum tv_verdict
job_check(const struct tv_job *j, const struct tv_io *io,
		const struct rte_crypto_op *op, char *msg, size_t len)
{
	uint8_t want = j->bad_digest ? RTE_CRYPTO_OP_STATUS_AUTH_FAILED :
		RTE_CRYPTO_OP_STATUS_SUCCESS;
	const struct rte_mbuf *out = op->sym->m_dst != NULL ?
		op->sym->m_dst : op->sym->m_src;
	long at;

	if (op->status != want)
		return verdict(TV_VEC_FAIL, msg, len, "status %s, want %s",
			tv_status_name(op->status), tv_status_name(want));
	if (want != RTE_CRYPTO_OP_STATUS_SUCCESS)
		return TV_VEC_PASS;
	at = io->want != NULL ? mbuf_diff_from(out, io->want, io->want_off) : -1;
	if (at >= 0)
		return verdict(TV_VEC_FAIL, msg, len,
			"output byte %ld of %u differs", at, io->want->len);
	at = io->digest != NULL && !io->verify ?
		mbuf_diff(out, io->in->len, io->digest) : -1;
	if (at >= 0)
		return verdict(TV_VEC_FAIL, msg, len,
			"digest byte %ld of %u differs", at, io->digest->len);
	at = op->sym->m_dst != NULL ? mbuf_diff(op->sym->m_src, 0, io->in) : -1;
	if (at >= 0)
		return verdict(TV_VEC_FAIL, msg, len,
			"out-of-place op changed source byte %ld", at);
	return TV_VEC_PASS;
}

enum tv_verdict
tv_sym_run(struct tv_dev *d, struct tv_sess_cache *c, const struct tv_job *j,
		char *msg, size_t len)
{
	struct rte_crypto_op *op;
	enum tv_verdict v;
	struct tv_params p;
	struct tv_io io;
	uint8_t state;
	void *sess;
	int rc;

	io_of(j, &io);
	if (params_of(j, &p) < 0 || j->vec->iv.len > TV_IV_MAX)
		return verdict(TV_VEC_FAIL, msg, len,
			"key or IV too long for the test");
	sess = sess_get(d, c, &p);
	if (sess == NULL)
		return verdict(TV_VEC_FAIL, msg, len, "session create: %s",
			rte_strerror(rte_errno));
	op = job_op(d, sess, j, &io);
	if (op == NULL)
		return verdict(TV_VEC_ABORT, msg, len, "out of ops or mbufs");
	rc = tv_dev_process(d, &op, 1, &state);
	if (rc < 0) {
		tv_sess_cache_flush(d, c, state == TV_OP_LOST);
		tv_ops_release(&op, &state, 1);
		tv_dev_strerror(d, rc, msg, len);
		return TV_VEC_ABORT;
	}
	if (state == TV_OP_REFUSED)
		v = verdict(TV_VEC_FAIL, msg, len,
			"refused at enqueue, status %s",
			tv_status_name(op->status));
	else
		v = job_check(j, &io, op, msg, len);
	tv_op_free(op);
	return v;
}

int
tv_sym_cipher_kat(struct tv_dev *d, void *sess, const struct kat_vec *v,
		char *why, size_t len)
{
	struct rte_crypto_op *op;
	uint8_t state;
	int rc;

	op = tv_sym_cipher_op(d, d->mbuf_pool, sess, v->pt.data, v->pt.len,
		&v->iv);
	if (op == NULL) {
		snprintf(why, len, "out of ops or mbufs");
		return -1;
	}
	rc = tv_dev_process(d, &op, 1, &state);
	if (rc < 0) {
		tv_dev_strerror(d, rc, why, len);
	} else if (state != TV_OP_DONE ||
		   op->status != RTE_CRYPTO_OP_STATUS_SUCCESS) {
		snprintf(why, len, "status %s", tv_status_name(op->status));
		rc = -1;
	} else if (memcmp(rte_pktmbuf_mtod(op->sym->m_src, uint8_t *),
			  v->ct.data, v->ct.len) != 0) {
		snprintf(why, len, "wrong ciphertext");
		rc = -1;
	}
	tv_ops_release(&op, &state, 1);
	return rc;
}
