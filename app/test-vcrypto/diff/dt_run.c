/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * One group at a time: draw bursts, build sessions and ops, move them
 * through tv_dev_process() and check every op against OpenSSL: status,
 * every output byte, bytes that must stay untouched, digest and the guard
 * after it. A failing op is described well enough to replay alone.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <rte_errno.h>

#include "dt.h"
#include "../tv_report.h"

#define WHY_LEN		192
#define DUMP_BYTES	32

struct run_ctx {
	struct tv_dev *d;
	struct rte_mempool *pool;
	const struct dt_group *g;
	const struct dt_opts *o;
	struct dt_stats st;
	unsigned int notes;
	char first[WHY_LEN + 32];	/* first failure, for the FAIL line */
	bool eio;			/* device returned an op twice */
	int rc;				/* stop: -ETIMEDOUT, -ENODEV */
};

/* Per-op scratch; the runner is single-threaded. */
static uint8_t want_img[DT_PKT_MAX];
static uint8_t got_img[DT_PKT_MAX];
static uint8_t want_digest[DT_DIGEST_MAX];
static struct dt_burst burst;

static const char *
status_name(uint8_t status)
{
	switch (status) {
	case RTE_CRYPTO_OP_STATUS_SUCCESS: return "SUCCESS";
	case RTE_CRYPTO_OP_STATUS_NOT_PROCESSED: return "NOT_PROCESSED";
	case RTE_CRYPTO_OP_STATUS_AUTH_FAILED: return "AUTH_FAILED";
	case RTE_CRYPTO_OP_STATUS_INVALID_SESSION: return "INVALID_SESSION";
	case RTE_CRYPTO_OP_STATUS_INVALID_ARGS: return "INVALID_ARGS";
	case RTE_CRYPTO_OP_STATUS_ERROR: return "ERROR";
	default: return "UNKNOWN";
	}
}

static void
xform_cipher(struct rte_crypto_sym_xform *x, const struct dt_group *g,
		const struct dt_burst *b)
{
	memset(x, 0, sizeof(*x));
	x->type = RTE_CRYPTO_SYM_XFORM_CIPHER;
	x->cipher.op = b->enc ? RTE_CRYPTO_CIPHER_OP_ENCRYPT :
		RTE_CRYPTO_CIPHER_OP_DECRYPT;
	x->cipher.algo = g->cipher->algo;
	x->cipher.key.data = b->key;
	x->cipher.key.length = g->key_len;
	x->cipher.iv.offset = TV_IV_OFF;
	x->cipher.iv.length = g->cipher->iv_len;
}

static void
xform_auth(struct rte_crypto_sym_xform *x, const struct dt_group *g,
		const struct dt_burst *b)
{
	memset(x, 0, sizeof(*x));
	x->type = RTE_CRYPTO_SYM_XFORM_AUTH;
	x->auth.op = b->enc ? RTE_CRYPTO_AUTH_OP_GENERATE :
		RTE_CRYPTO_AUTH_OP_VERIFY;
	x->auth.algo = g->mac->algo;
	x->auth.key.data = b->akey;
	x->auth.key.length = b->akey_len;
	x->auth.digest_length = b->digest_len;
}

/* Encrypt then generate, verify then decrypt: the two ESP directions. */
static void *
session_create(struct tv_dev *d, const struct dt_group *g,
		const struct dt_burst *b)
{
	struct rte_crypto_sym_xform x[2];

	xform_cipher(&x[0], g, b);
	if (g->mac != NULL && b->enc) {
		xform_auth(&x[1], g, b);
		x[0].next = &x[1];
	} else if (g->mac != NULL) {
		xform_cipher(&x[1], g, b);
		xform_auth(&x[0], g, b);
		x[0].next = &x[1];
	}
	return rte_cryptodev_sym_session_create(d->id, x, d->sess_pool);
}

/* The whole expected packet and digest, from the source image. */
static int
expect(const struct dt_group *g, const struct dt_burst *b,
		const struct dt_case *c)
{
	memcpy(want_img, c->in, c->pkt_len);
	if (g->mac != NULL && !b->enc && dt_ref_mac_compute(g->mac, b->akey,
			b->akey_len, c->in + c->a_off, c->a_len, want_digest,
			b->digest_len) != 0)
		return -1;
	if (dt_ref_crypt(g->cipher, b->enc, b->key, g->key_len, c->iv,
			c->in + c->c_off, want_img + c->c_off, c->c_len) != 0)
		return -1;
	if (g->mac == NULL || !b->enc)
		return 0;
	if (dt_ref_mac_compute(g->mac, b->akey, b->akey_len,
			want_img + c->a_off, c->a_len, want_digest,
			b->digest_len) != 0)
		return -1;
	if (c->d_inline)
		memcpy(want_img + c->d_off, want_digest, b->digest_len);
	return 0;
}

/* Verify: the digest to check, corrupted if asked, into the source image
 * when it travels inline; @given keeps it for a detached one. */
static int
verify_input(const struct dt_group *g, const struct dt_burst *b,
		struct dt_case *c, uint8_t *given)
{
	if (g->mac == NULL || b->enc)
		return 0;
	if (expect(g, b, c) != 0)
		return -1;
	memcpy(given, want_digest, b->digest_len);
	if (c->bad_digest)
		given[c->bad_byte] ^= (uint8_t)(1u << c->bad_bit);
	if (c->d_inline)
		memcpy(c->in + c->d_off, given, b->digest_len);
	return 0;
}

/* Verify reads the digest from the source, generate writes it to the
 * destination: where an ESP ICV sits on the way in and out. */
static int
op_digest(struct rte_crypto_op *op, const struct dt_burst *b,
		const struct dt_case *c, const uint8_t *given)
{
	struct rte_mbuf *m = op->sym->m_src;
	rte_iova_t iova;
	uint8_t *p;

	if (b->enc && op->sym->m_dst != NULL)
		m = op->sym->m_dst;
	if (c->d_inline)
		p = dt_mbuf_at(m, c->d_off, &iova);
	else
		p = dt_mbuf_tail(m, &iova);
	if (p == NULL)
		return -1;
	op->sym->auth.data.offset = c->a_off;
	op->sym->auth.data.length = c->a_len;
	op->sym->auth.digest.data = p;
	op->sym->auth.digest.phys_addr = iova;
	if (!b->enc && !c->d_inline)
		memcpy(p, given, b->digest_len);
	return 0;
}

static struct rte_crypto_op *
build_op(struct run_ctx *x, void *sess, struct dt_case *c)
{
	uint16_t min_head = x->d->info.min_mbuf_headroom_req;
	uint8_t given[DT_DIGEST_MAX];
	struct rte_crypto_op *op;

	if (verify_input(x->g, &burst, c, given) != 0)
		return NULL;
	op = rte_crypto_op_alloc(x->d->op_pool, RTE_CRYPTO_OP_TYPE_SYMMETRIC);
	if (op == NULL)
		return NULL;
	op->sym->m_src = dt_mbuf_build(x->pool, &c->src, c->in, min_head);
	if (op->sym->m_src != NULL && dt_classes[x->g->cls].oop)
		op->sym->m_dst = dt_mbuf_build(x->pool, &c->dst, NULL,
			min_head);
	if (op->sym->m_src == NULL || (dt_classes[x->g->cls].oop &&
			op->sym->m_dst == NULL)) {
		tv_op_free(op);
		return NULL;
	}
	rte_crypto_op_attach_sym_session(op, sess);
	op->sym->cipher.data.offset = c->c_off;
	op->sym->cipher.data.length = c->c_len;
	memcpy(rte_crypto_op_ctod_offset(op, uint8_t *, TV_IV_OFF), c->iv,
		x->g->cipher->iv_len);
	if (x->g->mac != NULL && op_digest(op, &burst, c, given) != 0) {
		tv_op_free(op);
		return NULL;
	}
	return op;
}

static void
dump(const char *what, const uint8_t *p, uint32_t from, uint32_t to)
{
	char hex[2 * DUMP_BYTES + 1];
	uint32_t i, n = RTE_MIN(to - from, (uint32_t)DUMP_BYTES);

	for (i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02x", p[from + i]);
	hex[2 * n] = '\0';
	tv_note("    %-4s @%-5u %s", what, from, hex);
}

/* First index in [from, to) where @got and @want differ, or -1. */
static long
first_diff(const uint8_t *got, const uint8_t *want, uint32_t from,
		uint32_t to, bool verbose)
{
	uint32_t i;

	for (i = from; i < to; i++) {
		if (got[i] == want[i])
			continue;
		if (verbose) {
			dump("got", got, i & ~15u, to);
			dump("want", want, i & ~15u, to);
		}
		return (long)i;
	}
	return -1;
}

static const char *
where(const struct dt_case *c, long at)
{
	if ((uint32_t)at < c->c_off)
		return "before the cipher range";
	if ((uint32_t)at >= c->c_off + c->c_len)
		return "after the cipher range";
	return "in the cipher range";
}

static bool
check_range(const struct run_ctx *x, const struct dt_case *c,
		const char *buf, const uint8_t *want, uint32_t from,
		uint32_t to, char *why)
{
	long at = first_diff(got_img, want, from, to, x->o->verbose);

	if (at < 0)
		return true;
	snprintf(why, WHY_LEN, "%s byte %ld (%s %u+%u) is %02x, want %02x",
		buf, at, where(c, at), c->c_off, c->c_len, got_img[at],
		want[at]);
	return false;
}

/* The chain as built still holds pkt_len bytes in the same pieces. */
static bool
read_mbuf(const struct rte_mbuf *m, const struct dt_layout *l,
		uint32_t pkt_len, const char *buf, char *why)
{
	uint32_t n = dt_mbuf_read(m, got_img, DT_PKT_MAX);

	if (m->pkt_len == pkt_len && m->nb_segs == l->n && n == pkt_len)
		return true;
	snprintf(why, WHY_LEN, "%s mbuf changed: pkt_len %u nb_segs %u "
		"(%u bytes in pieces), built %u in %u", buf, m->pkt_len,
		m->nb_segs, n, pkt_len, l->n);
	return false;
}

/* In place everything outside the cipher range stays; out of place the
 * source stays whole and only the destination's cipher range is defined.
 * After AUTH_FAILED the cipher range itself is undefined. */
static bool
check_data(const struct run_ctx *x, const struct dt_case *c,
		const struct rte_crypto_op *op, char *why)
{
	uint32_t c_end = c->c_off + c->c_len;
	bool oop = op->sym->m_dst != NULL;

	if (!read_mbuf(op->sym->m_src, &c->src, c->pkt_len,
			oop ? "source" : "packet", why))
		return false;
	if (oop) {
		if (!check_range(x, c, "source", c->in, 0, c->pkt_len, why))
			return false;
		if (c->bad_digest)
			return true;
		if (!read_mbuf(op->sym->m_dst, &c->dst, c->pkt_len,
				"destination", why))
			return false;
		return check_range(x, c, "destination", want_img, c->c_off,
			c_end, why);
	}
	if (!check_range(x, c, "packet", want_img, 0, c->c_off, why) ||
			!check_range(x, c, "packet", want_img, c_end,
				c->pkt_len, why))
		return false;
	return c->bad_digest ||
		check_range(x, c, "packet", want_img, c->c_off, c_end, why);
}

/* Generate: the digest; detached, then the guard after it untouched. */
static bool
check_digest(const struct run_ctx *x, const struct dt_case *c,
		const struct rte_crypto_op *op, char *why)
{
	const uint8_t *p = op->sym->auth.digest.data;
	uint16_t dl = burst.digest_len;
	unsigned int i;

	if (burst.enc && memcmp(p, want_digest, dl) != 0) {
		for (i = 0; p[i] == want_digest[i]; i++)
			;
		snprintf(why, WHY_LEN, "digest byte %u of %u is %02x, want "
			"%02x", i, dl, p[i], want_digest[i]);
		if (x->o->verbose) {
			dump("got", p, 0, dl);
			dump("want", want_digest, 0, dl);
		}
		return false;
	}
	for (i = dl; !c->d_inline && i < dl + (unsigned int)DT_GUARD; i++) {
		if (p[i] == DT_GUARD_BYTE)
			continue;
		snprintf(why, WHY_LEN, "wrote past the %u-byte digest (byte "
			"%u is %02x)", dl, i, p[i]);
		return false;
	}
	return true;
}

static bool
check_op(struct run_ctx *x, const struct dt_case *c,
		const struct rte_crypto_op *op, uint8_t state, char *why)
{
	uint8_t want = c->bad_digest ? RTE_CRYPTO_OP_STATUS_AUTH_FAILED :
		RTE_CRYPTO_OP_STATUS_SUCCESS;

	if (state == TV_OP_REFUSED) {
		snprintf(why, WHY_LEN, "refused at enqueue: status %s",
			status_name(op->status));
		return false;
	}
	if (state != TV_OP_DONE) {
		snprintf(why, WHY_LEN, "never completed");
		return false;
	}
	if (expect(x->g, &burst, c) != 0) {
		snprintf(why, WHY_LEN, "OpenSSL reference failed");
		return false;
	}
	if (op->status != want) {
		snprintf(why, WHY_LEN, "status %s, want %s",
			status_name(op->status), status_name(want));
		return false;
	}
	if (x->g->mac != NULL && !check_digest(x, c, op, why))
		return false;
	return check_data(x, c, op, why);
}

static void
describe(struct run_ctx *x, const struct dt_case *c, unsigned int b,
		unsigned int i, const char *why)
{
	const struct dt_group *g = x->g;
	char src[384], dst[384];

	x->st.failed++;
	if (x->first[0] == '\0')
		snprintf(x->first, sizeof(x->first), "burst %u op %u: %s",
			b, i, why);
	if (x->notes++ >= x->o->notes)
		return;
	tv_note("%s burst %u op %u (of %u), seed %" PRIu64 ": %s", g->name, b,
		i, burst.n, x->o->seed, why);
	tv_note("  %s, key %u B, pkt %u B, cipher %u+%u, shape %s, %u "
		"descriptors", burst.enc ? "encrypt" : "decrypt", g->key_len,
		c->pkt_len, c->c_off, c->c_len, dt_shape_name(c->shape),
		dt_case_descs(g, c));
	if (g->mac != NULL)
		tv_note("  auth %u+%u, %s key %u B, digest %u B %s%s",
			c->a_off, c->a_len, g->mac->name, burst.akey_len,
			burst.digest_len, c->d_inline ? "inline" : "detached",
			c->bad_digest ? ", corrupted" : "");
	dt_layout_str(&c->src, src, sizeof(src));
	tv_note("  src %s", src);
	if (dt_classes[g->cls].oop)
		tv_note("  dst %s", dt_layout_str(&c->dst, dst, sizeof(dst)));
	tv_note("  replay: -- --driver %s --seed %" PRIu64 " --iterations %u "
		"--max-burst %u --max-descs %u --max-len %u --digest %s "
		"--filter %s --only %u.%u", x->d->info.driver_name,
		x->o->seed, x->o->iterations, x->o->max_burst, g->desc_max,
		g->max_len, dt_digest_mode_name(g->digest_mode), g->name, b,
		i);
}

static void
count_op(struct run_ctx *x, const struct dt_case *c)
{
	x->st.ops++;
	if (burst.enc)
		x->st.enc++;
	else
		x->st.dec++;
	x->st.bad += c->bad_digest;
	x->st.sgl += c->src.n > 1 ||
		(dt_classes[x->g->cls].oop && c->dst.n > 1);
	x->st.max_descs = RTE_MAX(x->st.max_descs, dt_case_descs(x->g, c));
}

/* Check what came back; ops the device still holds are not touched. */
static void
burst_check(struct run_ctx *x, unsigned int b, struct rte_crypto_op **ops,
		const uint16_t *idx, const uint8_t *state, uint16_t n)
{
	char why[WHY_LEN];
	uint16_t j;

	for (j = 0; j < n; j++) {
		count_op(x, &burst.cases[idx[j]]);
		if (!check_op(x, &burst.cases[idx[j]], ops[j], state[j], why))
			describe(x, &burst.cases[idx[j]], b, idx[j], why);
	}
}

static void
burst_fail_all(struct run_ctx *x, unsigned int b, const char *why)
{
	uint16_t i;

	for (i = 0; i < burst.n; i++) {
		if (x->o->only_op >= 0 && i != x->o->only_op)
			continue;
		count_op(x, &burst.cases[i]);
		describe(x, &burst.cases[i], b, i, why);
	}
}

static void
burst_run(struct run_ctx *x, unsigned int b)
{
	struct rte_crypto_op *ops[DT_BURST_MAX];
	uint8_t state[DT_BURST_MAX];
	uint16_t idx[DT_BURST_MAX], n = 0, i;
	char why[WHY_LEN];
	bool leak = false;
	void *sess;
	int rc;

	sess = session_create(x->d, x->g, &burst);
	if (sess == NULL) {
		snprintf(why, WHY_LEN, "session create: %s",
			rte_strerror(rte_errno));
		burst_fail_all(x, b, why);
		return;
	}
	for (i = 0; i < burst.n; i++) {
		if (x->o->only_op >= 0 && i != x->o->only_op)
			continue;
		ops[n] = build_op(x, sess, &burst.cases[i]);
		if (ops[n] == NULL) {
			count_op(x, &burst.cases[i]);
			describe(x, &burst.cases[i], b, i,
				"op, mbuf pool or reference failed");
			continue;
		}
		idx[n++] = i;
	}
	rc = tv_dev_process(x->d, ops, n, state);
	burst_check(x, b, ops, idx, state, n);
	for (i = 0; i < n; i++)
		leak |= state[i] == TV_OP_LOST;
	tv_ops_release(ops, state, n);
	/* A lost op may still be read by the device: keep its session. */
	if (!leak)
		rte_cryptodev_sym_session_free(x->d->id, sess);
	if (rc == -EIO)
		x->eio = true;
	else if (rc != 0)
		x->rc = x->d->dead ? -ENODEV : rc;
}

static uint16_t
burst_size(struct dt_rng *r, const struct dt_opts *o, unsigned int left)
{
	uint16_t n = dt_rng_chance(r, 20) ? 1 :
		(uint16_t)dt_rng_range(r, 2, o->max_burst);

	return (uint16_t)RTE_MIN((unsigned int)n, left);
}

static void
group_report(const struct run_ctx *x)
{
	const struct dt_group *g = x->g;
	char err[TV_ERR_LEN], detail[128];

	if (g->mac != NULL)
		snprintf(detail, sizeof(detail), "%u ops: %u enc+gen, %u "
			"verify+dec (%u corrupted digest), %u SGL, up to %u "
			"descriptors", x->st.ops, x->st.enc, x->st.dec,
			x->st.bad, x->st.sgl, x->st.max_descs);
	else
		snprintf(detail, sizeof(detail), "%u ops: %u enc, %u dec, "
			"%u SGL, up to %u descriptors", x->st.ops, x->st.enc,
			x->st.dec, x->st.sgl, x->st.max_descs);
	if (x->rc != 0)
		tv_fail(g->name, "%s after %u ops (%u wrong); seed %" PRIu64,
			tv_dev_strerror(x->d, x->rc, err, sizeof(err)),
			x->st.ops, x->st.failed, x->o->seed);
	else if (x->st.failed != 0)
		tv_fail(g->name, "%u of %u ops wrong, first %s; seed %" PRIu64,
			x->st.failed, x->st.ops, x->first, x->o->seed);
	else if (x->eio)
		tv_fail(g->name, "%s; seed %" PRIu64,
			tv_dev_strerror(x->d, -EIO, err, sizeof(err)),
			x->o->seed);
	else
		tv_pass(g->name, "%s", detail);
}

int
dt_run_group(struct tv_dev *d, struct rte_mempool *pool,
		const struct dt_group *g, const struct dt_opts *o,
		struct dt_stats *st)
{
	struct run_ctx x = { .d = d, .pool = pool, .g = g, .o = o };
	unsigned int done = 0, b;
	struct dt_rng r;
	uint16_t n;

	dt_rng_seed(&r, o->seed, g->name);
	for (b = 0; done < o->iterations && x.rc == 0; b++) {
		n = burst_size(&r, o, o->iterations - done);
		dt_gen_burst(&r, g, n, &burst);
		done += n;
		if (o->only_burst >= 0 && b != o->only_burst)
			continue;
		burst_run(&x, b);
		if (o->only_burst >= 0)
			break;
	}
	group_report(&x);
	st->groups++;
	st->ops += x.st.ops;
	st->failed += x.st.failed + (x.rc != 0 || x.eio);
	st->enc += x.st.enc;
	st->dec += x.st.dec;
	st->bad += x.st.bad;
	st->sgl += x.st.sgl;
	st->max_descs = RTE_MAX(st->max_descs, x.st.max_descs);
	return x.rc == -ENODEV ? -ENODEV : 0;
}
