/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Unit tests of the symmetric fast path (vcrypto_sym_run.c):
 * vcrypto_sym_post_run() called directly on a queue pair's ring and held
 * to its contract (vcrypto_sym.h) and to the request description
 * (vcrypto_sym_layout.h). What a run writes, entry by entry and header
 * byte by byte, for every loop it has (cipher, MAC generate, MAC verify;
 * 16-byte IV and others), in place and out of place; that the general
 * builder (vcrypto_sym_build()) makes the same request of the same op;
 * where a run stops, and that what it leaves goes the general way; the
 * results end to end, every op completed once. The device is the software
 * model (qp_fixture.c, dp_fixture.c), seen through a recorder of every
 * request it takes; the builder, the queue and the data path are real.
 */
#include "ut_clock.h"

/* Under test: */
#include "vcrypto_sym_run.c"
/* The builder it must agree with, the queue it posts on, and the data
 * path the fixture's queue pair and dequeue need: */
#include "vcrypto_sym.c"
#include "vcrypto_dp.c"
#include "vcrypto_dp_share.c"
#include "vcrypto_recover.c"
#include "vcrypto_vq.c"
#include "vcrypto_vq_split.c"

#include "dp_fixture.h"
#include "qp_fixture.h"
#include "ut.h"

/* ---- sessions: one per loop of the runs ------------------------------ */

struct smode {
	const char *name;
	uint8_t mode;			/* enum vcrypto_sym_mode */
	enum rte_crypto_cipher_algorithm algo;
	uint32_t virtio_algo;
	bool enc;
	uint16_t key_len;
	uint16_t iv_len;
	bool stream;			/* no blocks: any length */
};

/* Each mode with the 16-byte IV (AES) and an 8-byte one (3DES). */
static const struct smode modes[] = {
	{ "cipher aes-cbc", VCRYPTO_SYM_CIPHER, RTE_CRYPTO_CIPHER_AES_CBC,
	  VIRTIO_CRYPTO_CIPHER_AES_CBC, true, 16, 16, false },
	{ "cipher aes-ctr decrypt", VCRYPTO_SYM_CIPHER,
	  RTE_CRYPTO_CIPHER_AES_CTR, VIRTIO_CRYPTO_CIPHER_AES_CTR, false, 16,
	  16, true },
	{ "cipher 3des-cbc", VCRYPTO_SYM_CIPHER, RTE_CRYPTO_CIPHER_3DES_CBC,
	  VIRTIO_CRYPTO_CIPHER_3DES_CBC, true, 24, 8, false },
	{ "generate aes-cbc", VCRYPTO_SYM_CIPHER_MAC,
	  RTE_CRYPTO_CIPHER_AES_CBC, VIRTIO_CRYPTO_CIPHER_AES_CBC, true, 16,
	  16, false },
	{ "generate 3des-cbc", VCRYPTO_SYM_CIPHER_MAC,
	  RTE_CRYPTO_CIPHER_3DES_CBC, VIRTIO_CRYPTO_CIPHER_3DES_CBC, true, 24,
	  8, false },
	{ "verify aes-cbc", VCRYPTO_SYM_MAC_CIPHER, RTE_CRYPTO_CIPHER_AES_CBC,
	  VIRTIO_CRYPTO_CIPHER_AES_CBC, false, 16, 16, false },
	{ "verify 3des-cbc", VCRYPTO_SYM_MAC_CIPHER,
	  RTE_CRYPTO_CIPHER_3DES_CBC, VIRTIO_CRYPTO_CIPHER_3DES_CBC, false, 24,
	  8, false },
};

#define M_CBC		(&modes[0])
#define M_CTR		(&modes[1])
#define M_GEN		(&modes[3])
#define M_VERIFY	(&modes[5])

/* What the test made session i as (the expectations' source). */
static const struct smode *sess_mode[DPF_NB_SESS];
static uint64_t sess_sid[DPF_NB_SESS];

static bool
is_chained(const struct smode *md)
{
	return md->mode != VCRYPTO_SYM_CIPHER;
}

static bool
is_verify(const struct smode *md)
{
	return md->mode == VCRYPTO_SYM_MAC_CIPHER;
}

/* Session i of mode md on the queue's device; its id is ctl.sid. */
static int
make_mode(unsigned int i, const struct smode *md)
{
	static const uint8_t hkey[32] = { 0x0b, 0x0c, 0x0d, 0x0e, 0x0f };
	struct rte_crypto_sym_xform x[2];
	struct rte_crypto_sym_xform *c = &x[is_verify(md) ? 1 : 0];
	struct rte_crypto_sym_xform *a = &x[is_verify(md) ? 0 : 1];

	memset(x, 0, sizeof(x));
	c->type = RTE_CRYPTO_SYM_XFORM_CIPHER;
	c->cipher.op = md->enc ? RTE_CRYPTO_CIPHER_OP_ENCRYPT :
				 RTE_CRYPTO_CIPHER_OP_DECRYPT;
	c->cipher.algo = md->algo;
	c->cipher.key.data = dpf_key;
	c->cipher.key.length = md->key_len;
	c->cipher.iv.offset = DPF_IV_OFF;
	c->cipher.iv.length = md->iv_len;
	if (is_chained(md)) {
		x[0].next = &x[1];
		a->type = RTE_CRYPTO_SYM_XFORM_AUTH;
		a->auth.op = is_verify(md) ? RTE_CRYPTO_AUTH_OP_VERIFY :
					  RTE_CRYPTO_AUTH_OP_GENERATE;
		a->auth.algo = RTE_CRYPTO_AUTH_SHA256_HMAC;
		a->auth.key.data = hkey;
		a->auth.key.length = sizeof(hkey);
		a->auth.digest_length = DPF_MAC_LEN;
	}
	dpf_sess_blank(i);
	sess_mode[i] = md;
	sess_sid[i] = ctl.sid;
	return vcrypto_sym_session_create(&dq.dev, x, dpf_priv(i));
}

static unsigned int
sess_of(const struct rte_crypto_op *op)
{
	unsigned int i;

	for (i = 0; i < DPF_NB_SESS; i++)
		if (op->sym->session == dpf_sess(i))
			break;
	return i;
}

static const struct smode *
mode_of(const struct rte_crypto_op *op)
{
	unsigned int i = sess_of(op);

	return i < DPF_NB_SESS ? sess_mode[i] : M_CBC;
}

/*
 * Op k of session sess: cipher [c_off, c_off + c_len); chained, a MAC
 * over [a_off, a_off + a_len) and the digest in dpf_digest[k] (for a
 * verify, the expected MAC: a pattern of k).
 */
static struct rte_crypto_op *
mk_op(unsigned int k, unsigned int sess, struct rte_mbuf *src,
      struct rte_mbuf *dst, uint32_t c_off, uint32_t c_len, uint32_t a_off,
      uint32_t a_len)
{
	struct rte_crypto_op *op;
	unsigned int b;

	if (!is_chained(sess_mode[sess]))
		return dpf_op(k, sess, src, dst, c_off, c_len);
	op = dpf_chain_op(k, sess, src, dst, c_off, c_len, a_off, a_len);
	for (b = 0; b < sizeof(dpf_digest[k]); b++)
		dpf_digest[k][b] = (uint8_t)(0x31 + 7 * b + k);
	return op;
}

/*
 * Three spans in a 224-byte packet, as (cipher, MAC) ranges: the MAC
 * range around the cipher range (ESP), reaching past its end, inside it.
 * Cipher-only ops take the cipher range; a stream mode one byte less.
 */
static const struct {
	uint32_t c_off, c_len, a_off, a_len;
} shapes[] = {
	{ 16, 48, 0, 64 },
	{ 64, 32, 80, 32 },
	{ 128, 80, 136, 24 },
};

static struct rte_crypto_op *
shape_op(unsigned int k, unsigned int sess, struct rte_mbuf *src,
	 struct rte_mbuf *dst, unsigned int shape)
{
	return mk_op(k, sess, src, dst, shapes[shape].c_off,
		     shapes[shape].c_len - sess_mode[sess]->stream,
		     shapes[shape].a_off, shapes[shape].a_len);
}

/* ---- the device: every request it takes, as it took it ---------------- */

struct seen_req {
	uint32_t nseg;
	struct vcrypto_model_seg segs[VCRYPTO_VQ_MAX_SEGS];
	/** Slot its first entry points at, UINT32_MAX if none. */
	uint32_t id;
	/** That slot when the device took the request, before it wrote. */
	struct vcrypto_req slot;
};

static struct seen_req rq[160];
static unsigned int nrq;

/* The model's handler: record, then dp_fixture.c's device does the work. */
static uint32_t
record(void *ctx, struct vcrypto_model *m,
       const struct vcrypto_model_seg *segs, uint32_t nseg, uint32_t wlen)
{
	const uint64_t sz = sizeof(struct vcrypto_req);
	struct seen_req *r;
	uint64_t off;

	if (nrq < RTE_DIM(rq)) {
		r = &rq[nrq];
		r->nseg = nseg;
		memcpy(r->segs, segs, sizeof(*segs) *
		       RTE_MIN(nseg, (uint32_t)VCRYPTO_VQ_MAX_SEGS));
		off = segs[0].iova - dq.qp->reqs_iova;
		r->id = UINT32_MAX;
		if (segs[0].iova >= dq.qp->reqs_iova && off % sz == 0 &&
		    off / sz < vcrypto_vq_size(dq.qp->vq)) {
			r->id = (uint32_t)(off / sz);
			r->slot = dq.qp->reqs[r->id];
		}
	}
	nrq++;
	return dpf_handler(ctx, m, segs, nseg, wlen);
}

/* dq_up() with the recorder, MACs allowed. */
static bool
up(bool indirect, uint16_t size)
{
	if (!dq_up(indirect, size))
		return false;
	dq.dev.lim.mac_mask = UINT64_MAX;
	dq.dev.lim.max_auth_key_len = 128;
	dq.m.handler = record;
	memset(rq, 0, sizeof(rq));
	nrq = 0;
	return true;
}

/*
 * up() with mode md's session 0 and three ops of it, one per shape, on a
 * 224-byte source, out of place into a second one when oop. False when
 * either failed (reported).
 */
static bool
up_three(const struct smode *md, bool oop)
{
	struct rte_mbuf *src, *dst;
	unsigned int k;
	int rc;

	if (!up(true, DQ_SIZE))
		return false;
	rc = make_mode(0, md);
	if (rc != 0) {
		ut_fail(__FILE__, __LINE__, "make_mode(%s) = %d, expected 0",
			md->name, rc);
		return false;
	}
	src = dpf_flat(0, 224, 1);
	dst = oop ? dpf_flat(1, 224, 0x40) : NULL;
	for (k = 0; k < 3; k++)
		shape_op(k, 0, src, dst, k);
	return true;
}

/* Publish what was posted; the device takes it (and records it). */
static void
publish(void)
{
	vcrypto_vq_flush(dq.qp->vq);
	vcrypto_model_fetch(&dq.m);
}

/* The device completes what it holds; the queue's completions, no data
 * path. @return how many. */
static unsigned int
poll_all(struct vcrypto_vq_cpl *cpl, uint16_t max)
{
	vcrypto_model_complete(&dq.m, UINT32_MAX);
	return vcrypto_vq_poll(dq.qp->vq, cpl, max);
}

/* ---- the two ways of posting ------------------------------------------- */

/* vcrypto_sym_post_run() of session sess on ops[0, max). */
static uint16_t
run_ops(unsigned int sess, struct rte_crypto_op **ops, uint16_t max,
	uintptr_t tag)
{
	return vcrypto_sym_post_run(dpf_priv(sess), dpf_sess(sess), ops, max,
				    dq.qp->vq, dq.qp->reqs, dq.qp->reqs_iova,
				    tag);
}

static uint16_t
run_from(unsigned int sess, unsigned int first, uint16_t max, uintptr_t tag)
{
	return run_ops(sess, &dpf_ops[first], max, tag);
}

/*
 * The general way, as vcrypto_dp.c posts an op a run left: built by
 * vcrypto_sym_build() into a segment list, posted under the next id.
 * @return id; negative errno of the builder or the queue.
 */
static int
post_general(unsigned int sess, struct rte_crypto_op *op, uintptr_t tag)
{
	struct vcrypto_req_ctx ctx;
	int id, rc;

	id = vcrypto_vq_next_id(dq.qp->vq);
	if (id < 0)
		return id;
	memset(&ctx, 0, sizeof(ctx));
	ctx.req = &dq.qp->reqs[id];
	vcrypto_vq_untag(dq.qp->vq, id);	/* the builder writes hdr */
	ctx.iova = dq.qp->reqs_iova + (uint64_t)id * sizeof(struct vcrypto_req);
	ctx.max_segs = dq.qp->max_segs;
	rc = vcrypto_sym_build(&dq.dev, dpf_priv(sess), op, &ctx);
	if (rc != 0)
		return rc;
	return vcrypto_vq_post(dq.qp->vq, ctx.segs, ctx.nr_ro, ctx.nr_wo,
			       vcrypto_req_cookie(op, ctx.post, tag));
}

/* ---- what a request must be (vcrypto_sym_layout.h) ------------------- */

/* [base, end) of op's span: the cipher range; chained, both ranges. */
static void
span_of(const struct rte_crypto_op *op, uint32_t *base, uint32_t *end)
{
	const struct rte_crypto_sym_op *sym = op->sym;

	*base = sym->cipher.data.offset;
	*end = *base + sym->cipher.data.length;
	if (is_chained(mode_of(op))) {
		*base = RTE_MIN(*base, sym->auth.data.offset);
		*end = RTE_MAX(*end, sym->auth.data.offset +
				     sym->auth.data.length);
	}
}

/* Bus address of byte off of chain m (the test's own walk). */
static uint64_t
iova_at(const struct rte_mbuf *m, uint32_t off)
{
	while (m != NULL && off >= m->data_len) {
		off -= m->data_len;
		m = m->next;
	}
	return m == NULL ? 0 : rte_pktmbuf_iova_offset(m, off);
}

struct ent {
	uint64_t iova;
	uint32_t len;
	bool write;
};

/* HDR R, IV R, SRC R, DST W, [MAC W,] STATUS W. @return entries. */
static unsigned int
want_entries(const struct rte_crypto_op *op, uint64_t slot, struct ent *w)
{
	const struct rte_crypto_sym_op *sym = op->sym;
	const struct rte_mbuf *dst = sym->m_dst ? sym->m_dst : sym->m_src;
	const struct smode *md = mode_of(op);
	uint32_t base, end;
	unsigned int n = 0;

	span_of(op, &base, &end);
	w[n++] = (struct ent){ slot, VCRYPTO_DATA_PREFIX_LEN, false };
	w[n++] = (struct ent){ slot + VCRYPTO_REQ_IV_OFF, md->iv_len, false };
	w[n++] = (struct ent){ iova_at(sym->m_src, base), end - base, false };
	w[n++] = (struct ent){ iova_at(dst, base), end - base, true };
	if (is_chained(md))
		w[n++] = (struct ent){ is_verify(md) ?
				       slot + VCRYPTO_REQ_DIGEST_OFF :
				       sym->auth.digest.phys_addr,
				       DPF_MAC_LEN, true };
	w[n++] = (struct ent){ slot + VCRYPTO_REQ_STATUS_OFF, 1, true };
	return n;
}

static void
put_le32(uint8_t *p, size_t off, uint32_t v)
{
	v = rte_cpu_to_le_32(v);
	memcpy(p + off, &v, 4);
}

/* The 72-byte prefix of op's request (Data Virtqueue, legacy layout). */
static void
want_header(const struct rte_crypto_op *op, uint8_t *h)
{
	const struct rte_crypto_sym_op *sym = op->sym;
	const struct smode *md = mode_of(op);
	uint64_t sid = rte_cpu_to_le_64(sess_sid[sess_of(op)]);
	uint32_t base, end;

	span_of(op, &base, &end);
	memset(h, 0, VCRYPTO_DATA_PREFIX_LEN);
	/* header: opcode, algo, session id, flag, padding */
	put_le32(h, 0, md->enc ? VIRTIO_CRYPTO_CIPHER_ENCRYPT :
				 VIRTIO_CRYPTO_CIPHER_DECRYPT);
	put_le32(h, 4, md->virtio_algo);
	memcpy(h + 8, &sid, 8);
	/* sym_req at 24: cipher or chain para, op_type at 64 */
	put_le32(h, 24, md->iv_len);
	put_le32(h, 28, end - base);
	put_le32(h, 32, end - base);
	if (!is_chained(md)) {
		put_le32(h, 64, VIRTIO_CRYPTO_SYM_OP_CIPHER);
		return;
	}
	put_le32(h, 36, sym->cipher.data.offset - base);
	put_le32(h, 40, sym->cipher.data.length);
	put_le32(h, 44, sym->auth.data.offset - base);
	put_le32(h, 48, sym->auth.data.length);
	put_le32(h, 56, DPF_MAC_LEN);	/* aad_len at 52: 0 */
	put_le32(h, 64, VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING);
}

/*
 * Request j the device took is op's: its entries (address, length, write
 * flag, order), its header byte for byte, and its slot as posted (IV
 * copy, status unset, a verify's expected MAC and its length).
 */
static bool
check_req(unsigned int j, const struct rte_crypto_op *op, unsigned int line)
{
	const struct smode *md = mode_of(op);
	const struct seen_req *r = &rq[j];
	uint8_t h[VCRYPTO_DATA_PREFIX_LEN];
	const uint8_t *got = (const uint8_t *)&r->slot.hdr;
	struct ent w[VCRYPTO_VQ_MAX_SEGS];
	unsigned int n, i;

	if (j >= nrq || r->id == UINT32_MAX) {
		ut_fail(__FILE__, line, "%s: request %u not taken (%u) or its "
			"first entry (%#" PRIx64 ") not a slot", md->name, j,
			nrq, r->segs[0].iova);
		return false;
	}
	n = want_entries(op, dq.qp->reqs_iova + (uint64_t)r->id *
			 sizeof(struct vcrypto_req), w);
	if (r->nseg != n) {
		ut_fail(__FILE__, line, "%s: request %u has %u entries, want "
			"%u", md->name, j, r->nseg, n);
		return false;
	}
	for (i = 0; i < n; i++)
		if (r->segs[i].iova != w[i].iova ||
		    r->segs[i].len != w[i].len ||
		    r->segs[i].write != w[i].write) {
			ut_fail(__FILE__, line, "%s: request %u entry %u: %u "
				"bytes at %#" PRIx64 " write %d, want %u at %#"
				PRIx64 " write %d", md->name, j, i,
				r->segs[i].len, r->segs[i].iova,
				r->segs[i].write, w[i].len, w[i].iova,
				w[i].write);
			return false;
		}
	want_header(op, h);
	for (i = 0; i < sizeof(h); i++)
		if (got[i] != h[i]) {
			ut_fail(__FILE__, line, "%s: request %u header byte %u "
				"is %#x, want %#x", md->name, j, i, got[i],
				h[i]);
			return false;
		}
	if (memcmp(r->slot.iv, dpf_iv(dpf_index(op)), md->iv_len) != 0 ||
	    r->slot.status != VCRYPTO_REQ_STATUS_UNSET ||
	    (is_verify(md) && (r->slot.mac_len != DPF_MAC_LEN ||
			       memcmp(r->slot.digest, op->sym->auth.digest.data,
				      DPF_MAC_LEN) != 0))) {
		ut_fail(__FILE__, line, "%s: request %u slot: IV, status %#x "
			"or expected MAC (%u bytes) not the op's", md->name, j,
			r->slot.status, r->slot.mac_len);
		return false;
	}
	return true;
}

#define CHECK_REQ(j, op) do { \
	if (!check_req(j, op, __LINE__)) \
		return; \
} while (0)

/*
 * Requests a and b are the same request in their own slots: entries
 * alike (slot entries at the same place in the slot, the others at the
 * same address), and the slots' posted bytes alike.
 */
static bool
same_req(unsigned int a, unsigned int b, const struct smode *md,
	 unsigned int line)
{
	const uint64_t sz = sizeof(struct vcrypto_req);
	const struct seen_req *x = &rq[a], *y = &rq[b];
	uint64_t xo, yo;
	unsigned int i;

	if (x->id == UINT32_MAX || y->id == UINT32_MAX || x->nseg != y->nseg) {
		ut_fail(__FILE__, line, "%s: requests %u, %u: %u and %u "
			"entries", md->name, a, b, x->nseg, y->nseg);
		return false;
	}
	for (i = 0; i < x->nseg; i++) {
		xo = x->segs[i].iova - (dq.qp->reqs_iova + x->id * sz);
		yo = y->segs[i].iova - (dq.qp->reqs_iova + y->id * sz);
		if (x->segs[i].len != y->segs[i].len ||
		    x->segs[i].write != y->segs[i].write ||
		    (xo < sz) != (yo < sz) ||
		    (xo < sz ? xo != yo :
			       x->segs[i].iova != y->segs[i].iova)) {
			ut_fail(__FILE__, line, "%s: entry %u: run %u bytes at "
				"%#" PRIx64 ", builder %u at %#" PRIx64,
				md->name, i, x->segs[i].len, x->segs[i].iova,
				y->segs[i].len, y->segs[i].iova);
			return false;
		}
	}
	if (memcmp(&x->slot.hdr, &y->slot.hdr, sizeof(x->slot.hdr)) != 0 ||
	    memcmp(x->slot.iv, y->slot.iv, md->iv_len) != 0 ||
	    x->slot.status != y->slot.status ||
	    (is_verify(md) && (x->slot.mac_len != y->slot.mac_len ||
			       memcmp(x->slot.digest, y->slot.digest,
				      DPF_MAC_LEN) != 0))) {
		ut_fail(__FILE__, line, "%s: slots of requests %u and %u "
			"differ", md->name, a, b);
		return false;
	}
	return true;
}

/*
 * Every byte of out after the device: where the span of one of ops[0, n)
 * covers it, the source's byte (pattern src_pat), through the fake cipher
 * with that op's IV within its cipher range; elsewhere untouched (pattern
 * out_pat).
 */
static bool
out_ok(struct rte_mbuf *out, uint8_t out_pat, uint8_t src_pat,
       struct rte_crypto_op *const *ops, unsigned int n, unsigned int line)
{
	uint32_t b, base, end, c_off;
	unsigned int i, covered;
	uint8_t in, want, *p;

	for (b = 0; b < rte_pktmbuf_pkt_len(out); b++) {
		in = (uint8_t)(src_pat + b * 13u);
		want = (uint8_t)(out_pat + b * 13u);
		for (i = 0, covered = 0; i < n; i++) {
			span_of(ops[i], &base, &end);
			if (b < base || b >= end)
				continue;
			covered++;
			c_off = ops[i]->sym->cipher.data.offset;
			want = b >= c_off &&
			       b - c_off < ops[i]->sym->cipher.data.length ?
				dpf_cipher(in, dpf_iv(dpf_index(ops[i])),
					   mode_of(ops[i])->iv_len, b - c_off) :
				in;
		}
		p = dpf_byte(out, b);
		if (covered > 1 || p == NULL || *p != want) {
			ut_fail(__FILE__, line, "byte %u is %#x, want %#x (%u "
				"spans)", b, p != NULL ? *p : 0, want, covered);
			return false;
		}
	}
	return true;
}

/* ---- what a run writes ---------------------------------------------- */

/*
 * Three ops of one session in one run, for every mode and IV loop, in
 * place and out of place: each request as the description says, and
 * each completion hands back the op's cookie (the verify bit, the tag)
 * for the id whose slot the request uses.
 */
static void
t_entries(void)
{
	const uintptr_t tag = vcrypto_req_cookie_tag(3);
	struct vcrypto_vq_cpl cpl[8];
	unsigned int mi, oop, k, i, seen;

	for (mi = 0; mi < RTE_DIM(modes); mi++)
		for (oop = 0; oop < 2; oop++) {
			const struct smode *md = &modes[mi];

			if (!up_three(md, oop))
				return;
			UT_ASSERT_EQ(run_from(0, 0, 3, tag), 3);
			UT_ASSERT_EQ(vcrypto_vq_inflight(dq.qp->vq), 3);
			for (k = 0; k < 3; k++)
				UT_ASSERT_EQ(dpf_ops[k]->status,
					     RTE_CRYPTO_OP_STATUS_NOT_PROCESSED);
			publish();
			DPF_CLEAN(dq.m);
			UT_ASSERT_EQ(nrq, 3);
			for (k = 0; k < 3; k++)
				CHECK_REQ(k, dpf_ops[k]);
			UT_ASSERT_EQ(poll_all(cpl, RTE_DIM(cpl)), 3);
			for (k = 0, seen = 0; k < 3; k++) {
				i = dpf_index(vcrypto_req_cookie_op(
					cpl[k].cookie));
				UT_ASSERT(i < 3);
				UT_ASSERT(cpl[k].cookie == vcrypto_req_cookie(
					dpf_ops[i], is_verify(md), tag));
				UT_ASSERT_EQ(cpl[k].id, rq[i].id);
				seen |= 1u << i;
			}
			UT_ASSERT_EQ(seen, 7);
			UT_ASSERT(!vcrypto_vq_is_broken(dq.qp->vq));
			teardown();
		}
}

/*
 * The point of the shared description: the same ops, posted by a run and
 * then by the general builder, make the same requests (entries, header,
 * slot) with the same cookies.
 */
static void
t_same_as_builder(void)
{
	const uintptr_t tag = vcrypto_req_cookie_tag(1);
	void *cookie[2][3];
	struct vcrypto_vq_cpl cpl[8];
	unsigned int mi, oop, k, way, i;

	for (mi = 0; mi < RTE_DIM(modes); mi++)
		for (oop = 0; oop < 2; oop++) {
			const struct smode *md = &modes[mi];

			if (!up_three(md, oop))
				return;
			for (way = 0; way < 2; way++) {
				if (way == 0)
					UT_ASSERT_EQ(run_from(0, 0, 3, tag), 3);
				else
					for (k = 0; k < 3; k++)
						UT_ASSERT(post_general(0,
							dpf_ops[k], tag) >= 0);
				publish();
				DPF_CLEAN(dq.m);
				UT_ASSERT_EQ(nrq, 3 * (way + 1));
				UT_ASSERT_EQ(poll_all(cpl, RTE_DIM(cpl)), 3);
				for (k = 0; k < 3; k++) {
					i = dpf_index(vcrypto_req_cookie_op(
						cpl[k].cookie));
					UT_ASSERT(i < 3);
					cookie[way][i] = cpl[k].cookie;
				}
			}
			for (k = 0; k < 3; k++) {
				CHECK_REQ(k, dpf_ops[k]);
				if (!same_req(k, 3 + k, md, __LINE__))
					return;
				UT_ASSERT(cookie[0][k] == cookie[1][k]);
			}
			teardown();
		}
}

/*
 * The bound a run gives each completion is the request's writable bytes:
 * a device reporting them all is fine, one byte more breaks the queue.
 */
static void
t_wlen_bound(void)
{
	struct vcrypto_vq_cpl cpl[4];
	unsigned int mi;

	for (mi = 0; mi < RTE_DIM(modes); mi++) {
		if (!up(true, DQ_SIZE))
			return;
		UT_ASSERT_EQ(make_mode(0, &modes[mi]), 0);
		shape_op(0, 0, dpf_flat(0, 224, 1), NULL, 0);
		shape_op(1, 0, dpf_mb[0], NULL, 1);
		UT_ASSERT_EQ(run_from(0, 0, 1, 0), 1);
		publish();
		UT_ASSERT_EQ(poll_all(cpl, RTE_DIM(cpl)), 1);
		UT_ASSERT(!vcrypto_vq_is_broken(dq.qp->vq));
		UT_ASSERT_EQ(run_from(0, 1, 1, 0), 1);
		publish();
		vcrypto_model_set_fault(&dq.m, VCRYPTO_MODEL_FAULT_LEN_TOO_BIG,
					0);
		ut_log_quiet(true);
		UT_ASSERT_EQ(poll_all(cpl, RTE_DIM(cpl)), 0);
		UT_ASSERT(vcrypto_vq_is_broken(dq.qp->vq));
		teardown();
	}
}

/* ---- where a run stops ------------------------------------------------- */

/*
 * Ops of other sessions end a run, even one made alike (same algorithm,
 * key and device session id); so do a sessionless op, an asymmetric one
 * and a NULL op, whatever session pointer they carry. The run returns
 * the count taken, posts nothing else, and leaves the rest untouched.
 */
static void
t_stop_other_session(void)
{
	static const uint8_t sess_of_op[] = { 0, 0, 1, 2, 0, 1, 0, 0, 0, 0 };
	static const uint8_t taken[] = { 1, 1, 1, 1, 1, 0, 0, 0, 1, 0 };
	struct rte_crypto_op *burst[3];
	struct rte_mbuf *m;
	unsigned int k;

	if (!up(true, DQ_SIZE))
		return;
	UT_ASSERT_EQ(make_mode(0, M_CBC), 0);
	UT_ASSERT_EQ(make_mode(1, M_CBC), 0);	/* alike, not the same */
	ctl.sid = SID + 2;
	UT_ASSERT_EQ(make_mode(2, M_CTR), 0);
	m = dpf_flat(0, 224, 1);
	for (k = 0; k < RTE_DIM(sess_of_op); k++)
		mk_op(k, sess_of_op[k], m, NULL, 16 * k, 16, 0, 0);
	UT_ASSERT_EQ(run_from(0, 0, 5, 0), 2);
	UT_ASSERT_EQ(vcrypto_vq_inflight(dq.qp->vq), 2);
	UT_ASSERT_EQ(run_from(1, 2, 3, 0), 1);
	UT_ASSERT_EQ(run_from(2, 3, 2, 0), 1);
	UT_ASSERT_EQ(run_from(0, 4, 1, 0), 1);
	/* The first op not of the session: nothing. */
	UT_ASSERT_EQ(run_from(0, 5, 2, 0), 0);
	dpf_ops[6]->sess_type = RTE_CRYPTO_OP_SESSIONLESS;
	UT_ASSERT_EQ(run_from(0, 6, 1, 0), 0);
	dpf_ops[7]->type = RTE_CRYPTO_OP_TYPE_ASYMMETRIC;
	UT_ASSERT_EQ(run_from(0, 7, 1, 0), 0);
	burst[0] = dpf_ops[8];
	burst[1] = NULL;
	burst[2] = dpf_ops[9];
	UT_ASSERT_EQ(run_ops(0, burst, 3, 0), 1);
	UT_ASSERT_EQ(vcrypto_vq_inflight(dq.qp->vq), 6);
	publish();
	DPF_CLEAN(dq.m);
	UT_ASSERT_EQ(nrq, 6);
	for (k = 0; k < 5; k++)
		CHECK_REQ(k, dpf_ops[k]);
	CHECK_REQ(5, dpf_ops[8]);
	device_completes();
	UT_ASSERT_EQ(collect(DPF_NB_OPS), 6);
	for (k = 0; k < RTE_DIM(taken); k++) {
		UT_ASSERT_EQ(dpf.returned[k] * 100 + k, taken[k] * 100 + k);
		UT_ASSERT_EQ(dpf_ops[k]->status * 100 + k, (taken[k] ?
			RTE_CRYPTO_OP_STATUS_SUCCESS :
			RTE_CRYPTO_OP_STATUS_NOT_PROCESSED) * 100 + k);
	}
}

/*
 * Ops 0 and 2 can go in a run, op 1 cannot: a run from op 0 takes op 0
 * alone and leaves op 1 untouched; the general way then posts op 1
 * (want_rc 0) or says what is wrong with it (want_rc); a run from op 2
 * takes op 2. Every request posted is as described, and comes back once.
 */
static bool
stop_at_op1(unsigned int sess, int want_rc, unsigned int line)
{
	unsigned int base = nrq, posted = want_rc == 0 ? 3 : 2;
	unsigned int k, want;
	int rc;

	memset(dpf.returned, 0, sizeof(dpf.returned));
	if (run_from(sess, 0, 3, 0) != 1 ||
	    vcrypto_vq_inflight(dq.qp->vq) != 1 ||
	    dpf_ops[1]->status != RTE_CRYPTO_OP_STATUS_NOT_PROCESSED) {
		ut_fail(__FILE__, line, "run did not stop at op 1 (in flight "
			"%u)", vcrypto_vq_inflight(dq.qp->vq));
		return false;
	}
	rc = post_general(sess, dpf_ops[1], 0);
	if (want_rc == 0 ? rc < 0 : rc != want_rc) {
		ut_fail(__FILE__, line, "general way: %d, want %d", rc,
			want_rc);
		return false;
	}
	if (run_from(sess, 2, 1, 0) != 1) {
		ut_fail(__FILE__, line, "run from op 2 took nothing");
		return false;
	}
	publish();
	if (dpf.error[0] != '\0' || dq.m.violations != 0 ||
	    nrq != base + posted) {
		ut_fail(__FILE__, line, "device saw %u requests: %s %s",
			nrq - base, dpf.error, dq.m.violation);
		return false;
	}
	/* (Op 1's request, the general way's, is test-sym's business.) */
	if (!check_req(base, dpf_ops[0], line) ||
	    !check_req(base + posted - 1, dpf_ops[2], line))
		return false;
	device_completes();
	if (collect(DPF_NB_OPS) != posted)
		ut_fail(__FILE__, line, "not %u ops back", posted);
	for (k = 0; k < 3 && !ut_failed(); k++) {
		want = k != 1 || want_rc == 0;
		if (dpf.returned[k] != want || dpf_ops[k]->status != (want ?
		    RTE_CRYPTO_OP_STATUS_SUCCESS :
		    RTE_CRYPTO_OP_STATUS_NOT_PROCESSED))
			ut_fail(__FILE__, line, "op %u back %u times, status "
				"%u", k, dpf.returned[k], dpf_ops[k]->status);
	}
	return !ut_failed();
}

#define STOP_AT_OP1(sess, rc) do { \
	if (!stop_at_op1(sess, rc, __LINE__)) \
		return; \
} while (0)

#define OUT_OK(out, out_pat, src_pat, n) \
	UT_ASSERT(out_ok(out, out_pat, src_pat, dpf_ops, n, __LINE__))

/*
 * A run takes data in the first piece of each mbuf (of a chain too);
 * a span reaching into the next piece, of the source or destination or
 * by its MAC range alone, ends the run, and the general way posts it.
 */
static void
t_stop_first_piece(void)
{
	static const uint16_t two[] = { 96, 128 };
	struct rte_mbuf *src, *dst;

	if (!up(true, DQ_SIZE))
		return;
	UT_ASSERT_EQ(make_mode(0, M_CBC), 0);
	UT_ASSERT_EQ(make_mode(1, M_GEN), 0);
	/* In place. */
	src = dpf_chain(0, two, 2, 1);
	mk_op(0, 0, src, NULL, 0, 32, 0, 0);
	mk_op(1, 0, src, NULL, 64, 48, 0, 0);
	mk_op(2, 0, src, NULL, 32, 32, 0, 0);
	STOP_AT_OP1(0, 0);
	OUT_OK(src, 1, 1, 3);
	/* The destination's pieces. */
	src = dpf_flat(0, 224, 2);
	dst = dpf_chain(1, two, 2, 0x40);
	mk_op(0, 0, src, dst, 0, 32, 0, 0);
	mk_op(1, 0, src, dst, 80, 32, 0, 0);
	mk_op(2, 0, src, dst, 32, 32, 0, 0);
	STOP_AT_OP1(0, 0);
	OUT_OK(dst, 0x40, 2, 3);
	/* The source's, out of place. */
	src = dpf_chain(0, two, 2, 3);
	dst = dpf_flat(1, 224, 0x50);
	mk_op(0, 0, src, dst, 0, 32, 0, 0);
	mk_op(1, 0, src, dst, 80, 32, 0, 0);
	mk_op(2, 0, src, dst, 32, 32, 0, 0);
	STOP_AT_OP1(0, 0);
	OUT_OK(dst, 0x50, 3, 3);
	/* Chained: the cipher range in the first piece, the MAC's not. */
	src = dpf_chain(0, two, 2, 4);
	mk_op(0, 1, src, NULL, 16, 32, 0, 48);
	mk_op(1, 1, src, NULL, 64, 16, 64, 48);
	mk_op(2, 1, src, NULL, 48, 16, 48, 16);
	STOP_AT_OP1(1, 0);
	OUT_OK(src, 4, 4, 3);
}

/*
 * The edges of "in the first piece": a span ending exactly where the
 * first piece's data ends, or the packet (a pkt_len short of the piece),
 * of the source or of the destination, goes in a run; a byte further, not.
 */
static void
t_first_piece_edges(void)
{
	static const uint16_t two[] = { 97, 127 };
	struct vcrypto_vq_cpl cpl[2];
	struct rte_mbuf *src, *dst, *m;
	unsigned int which, past, end;
	struct rte_crypto_op *op;

	if (!up(true, DQ_SIZE))
		return;
	UT_ASSERT_EQ(make_mode(0, M_CTR), 0);	/* any length */
	for (which = 0; which < 4; which++)
		for (past = 0; past < 2; past++) {
			src = dpf_chain(0, two, 2, 1);
			dst = which >= 2 ? dpf_chain(1, two, 2, 2) : NULL;
			m = which >= 2 ? dst : src;
			end = 97;
			if (which & 1) {
				m->pkt_len = 90;
				end = 90;
			}
			op = mk_op(0, 0, src, dst, end + past - 33, 33, 0, 0);
			UT_ASSERT_EQ(run_from(0, 0, 1, 0) * 10 + which,
				     !past * 10 + which);
			UT_ASSERT_EQ(vcrypto_vq_inflight(dq.qp->vq), !past);
			if (past)
				continue;
			publish();
			DPF_CLEAN(dq.m);
			CHECK_REQ(nrq - 1, op);
			UT_ASSERT_EQ(poll_all(cpl, RTE_DIM(cpl)), 1);
		}
}

/*
 * An mbuf without a bus address (RTE_BAD_IOVA), source or destination,
 * ends a run; the general way refuses it.
 */
static void
t_stop_bad_iova(void)
{
	struct rte_crypto_op *done[2];
	struct rte_mbuf *m;
	unsigned int dst;

	if (!up(true, DQ_SIZE))
		return;
	UT_ASSERT_EQ(make_mode(0, M_CBC), 0);
	for (dst = 0; dst < 2; dst++) {
		m = dpf_flat(0, 224, (uint8_t)(1 + dst));
		done[0] = mk_op(0, 0, m, NULL, 0, 32, 0, 0);
		if (dst)
			mk_op(1, 0, m, dpf_flat(1, 224, 2), 32, 32, 0, 0);
		else
			mk_op(1, 0, dpf_flat(1, 224, 2), NULL, 32, 32, 0, 0);
		dpf_mb[1][0].buf_iova = RTE_BAD_IOVA;
		done[1] = mk_op(2, 0, m, NULL, 64, 32, 0, 0);
		STOP_AT_OP1(0, -EINVAL);
		UT_ASSERT(out_ok(m, (uint8_t)(1 + dst), (uint8_t)(1 + dst),
				 done, 2, __LINE__));
	}
}

/*
 * MAC generate writes into the op's digest: without a digest, or without
 * its bus address (0, RTE_BAD_IOVA), the run stops and the general way
 * refuses the op. A verify needs the digest's bytes only.
 */
static void
t_stop_digest(void)
{
	struct rte_crypto_op *op;
	struct rte_mbuf *m;
	unsigned int bad;

	if (!up(true, DQ_SIZE))
		return;
	UT_ASSERT_EQ(make_mode(0, M_GEN), 0);
	UT_ASSERT_EQ(make_mode(1, M_VERIFY), 0);
	m = dpf_flat(0, 224, 1);
	for (bad = 0; bad < 3; bad++) {
		mk_op(0, 0, m, NULL, 16, 16, 0, 32);
		op = mk_op(1, 0, m, NULL, 48, 16, 32, 32);
		mk_op(2, 0, m, NULL, 80, 16, 64, 32);
		if (bad == 2)
			op->sym->auth.digest.data = NULL;
		else
			op->sym->auth.digest.phys_addr = bad ? RTE_BAD_IOVA : 0;
		STOP_AT_OP1(0, -EINVAL);
	}
	mk_op(0, 1, m, NULL, 16, 16, 0, 32);
	op = mk_op(1, 1, m, NULL, 48, 16, 32, 32);
	op->sym->auth.digest.data = NULL;
	mk_op(2, 1, m, NULL, 80, 16, 64, 32);
	dpf_mac_of(m, 0, 32, dpf_digest[0]);	/* the right MACs */
	dpf_mac_of(m, 64, 32, dpf_digest[2]);
	STOP_AT_OP1(1, -EINVAL);
	/* Verify: the expected MAC is copied, its bus address unused. */
	for (bad = 0; bad < 3; bad++)
		mk_op(bad, 1, m, NULL, 112 + 32 * bad, 16, 96 + 32 * bad, 32)
			->sym->auth.digest.phys_addr = 0;
	UT_ASSERT_EQ(run_from(1, 0, 3, 0), 3);
	publish();
	DPF_CLEAN(dq.m);
	for (bad = 0; bad < 3; bad++)
		CHECK_REQ(nrq - 3 + bad, dpf_ops[bad]);
}

/*
 * An op whose span the description refuses (empty, partial block, past
 * the packet's data or length, above the device's max_size, an empty MAC
 * range, no source) ends a run; the general way says what is wrong.
 */
static void
t_stop_refused(void)
{
	struct rte_crypto_op *op;
	struct rte_mbuf *m;
	unsigned int bad;

	if (!up(true, DQ_SIZE))
		return;
	ut_log_quiet(true);
	UT_ASSERT_EQ(make_mode(0, M_CBC), 0);
	UT_ASSERT_EQ(make_mode(1, M_GEN), 0);
	dq.dev.lim.max_size = 16 + 2 * 64;	/* 64 data bytes at most */
	UT_ASSERT_EQ(make_mode(2, M_CBC), 0);
	m = dpf_flat(0, 224, 1);
	for (bad = 0; bad < 5; bad++) {
		mk_op(0, 0, m, NULL, 0, 16, 0, 0);
		op = mk_op(1, 0, m, NULL, 16, 32, 0, 0);
		mk_op(2, 0, m, NULL, 208, 16, 0, 0);	/* to the end */
		switch (bad) {
		case 0:
			op->sym->cipher.data.length = 0;
			break;
		case 1:
			op->sym->cipher.data.length = 17;
			break;
		case 2:		/* past the data */
			op->sym->cipher.data.offset = 208;
			break;
		case 3:		/* within the data, a byte past pkt_len */
			op->sym->m_src = dpf_flat(1, 64, 2);
			dpf_mb[1][0].pkt_len = 47;
			break;
		default:
			op->sym->m_src = NULL;
			break;
		}
		STOP_AT_OP1(0, -EINVAL);
	}
	mk_op(0, 2, m, NULL, 64, 64, 0, 0);
	mk_op(1, 2, m, NULL, 128, 80, 0, 0);
	mk_op(2, 2, m, NULL, 0, 48, 0, 0);
	STOP_AT_OP1(2, -E2BIG);
	mk_op(0, 1, m, NULL, 16, 16, 0, 32);
	mk_op(1, 1, m, NULL, 48, 16, 32, 0);	/* an empty MAC range */
	mk_op(2, 1, m, NULL, 80, 16, 64, 32);
	STOP_AT_OP1(1, -EINVAL);
}

/*
 * A run posts into free ids only: none when the ring is full, as many
 * as are free in a row when ids come back (never over one in flight);
 * across the ring's end in as many runs as it takes. Every op completes
 * once.
 */
static void
t_ring_full(void)
{
	struct rte_mbuf *m;
	unsigned int k, n, total, calls;

	if (!up(true, DQ_SIZE))
		return;
	UT_ASSERT_EQ(make_mode(0, M_CBC), 0);
	m = dpf_flat(0, 224, 1);
	for (k = 0; k < 34; k++)
		mk_op(k, 0, m, NULL, 16 * (k % 14), 16, 0, 0);
	UT_ASSERT_EQ(run_from(0, 0, DQ_SIZE, 0), DQ_SIZE);
	UT_ASSERT_EQ(run_from(0, 16, 4, 0), 0);		/* full */
	UT_ASSERT_EQ(vcrypto_vq_inflight(dq.qp->vq), DQ_SIZE);
	UT_ASSERT_EQ(dpf_ops[16]->status, RTE_CRYPTO_OP_STATUS_NOT_PROCESSED);
	publish();
	DPF_CLEAN(dq.m);
	UT_ASSERT_EQ(nrq, DQ_SIZE);
	/* Four come back: four free ids, the fifth still in flight. */
	vcrypto_model_complete(&dq.m, 4);
	UT_ASSERT_EQ(collect(DPF_NB_OPS), 4);
	UT_ASSERT_EQ(run_from(0, 16, 8, 0), 4);
	UT_ASSERT_EQ(vcrypto_vq_inflight(dq.qp->vq), DQ_SIZE);
	publish();
	DPF_CLEAN(dq.m);
	UT_ASSERT_EQ(nrq, DQ_SIZE + 4);
	for (k = 0; k < DQ_SIZE + 4; k++)
		CHECK_REQ(k, dpf_ops[k]);
	device_completes();
	UT_ASSERT_EQ(collect(DPF_NB_OPS), DQ_SIZE);
	/* All free, next id 4: 14 ops, 12 ids to the ring's end. */
	for (total = 20, calls = 0; total < 34 && calls < 4; calls++) {
		n = run_from(0, total, 34 - total, 0);
		UT_ASSERT(n > 0 && n <= 34 - total);
		total += n;
	}
	UT_ASSERT_EQ(total, 34);
	publish();
	DPF_CLEAN(dq.m);
	for (k = 20; k < 34; k++)
		CHECK_REQ(k, dpf_ops[k]);
	device_completes();
	UT_ASSERT_EQ(collect(DPF_NB_OPS), 14);
	DPF_ASSERT_RETURNED_ONCE(34);
	for (k = 0; k < 34; k++)
		UT_ASSERT_EQ(dpf_ops[k]->status * 100 + k,
			     RTE_CRYPTO_OP_STATUS_SUCCESS * 100 + k);
}

/*
 * max bounds a run (0: nothing); a large max (above what one run may
 * hold) on a large free ring posts in as many runs as it takes, every
 * request whole.
 */
static void
t_max_ops(void)
{
	struct rte_crypto_op *many[100];
	struct vcrypto_vq_cpl cpl[128];
	unsigned int k, n, total, runs;
	struct rte_mbuf *m;

	if (!up(true, 128))
		return;
	UT_ASSERT_EQ(make_mode(0, M_CBC), 0);
	m = dpf_flat(0, 224, 1);
	for (k = 0; k < 50; k++)
		mk_op(k, 0, m, NULL, 16 * (k % 14), 16, 0, 0);
	for (k = 0; k < RTE_DIM(many); k++)	/* each op twice */
		many[k] = dpf_ops[k % 50];
	UT_ASSERT_EQ(run_ops(0, many, 0, 0), 0);
	UT_ASSERT_EQ(vcrypto_vq_inflight(dq.qp->vq), 0);
	UT_ASSERT_EQ(run_ops(0, many, 3, 0), 3);
	UT_ASSERT_EQ(vcrypto_vq_inflight(dq.qp->vq), 3);
	for (total = 3, runs = 0; total < RTE_DIM(many) && runs < 10; runs++) {
		n = run_ops(0, many + total, RTE_DIM(many) - total, 0);
		UT_ASSERT(n > 0 && n <= RTE_DIM(many) - total);
		total += n;
	}
	UT_ASSERT_EQ(total, RTE_DIM(many));
	publish();
	DPF_CLEAN(dq.m);
	UT_ASSERT_EQ(nrq, RTE_DIM(many));
	for (k = 0; k < RTE_DIM(many); k++)
		CHECK_REQ(k, many[k]);
	UT_ASSERT_EQ(poll_all(cpl, RTE_DIM(cpl)), RTE_DIM(many));
	UT_ASSERT(!vcrypto_vq_is_broken(dq.qp->vq));
}

/*
 * A broken queue, and a queue without indirect tables (no tables to run
 * into), take no run; on the latter the general way posts the same ops.
 */
static void
t_broken_or_no_tables(void)
{
	struct rte_mbuf *m;
	unsigned int k;

	if (!up(true, DQ_SIZE))
		return;
	UT_ASSERT_EQ(make_mode(0, M_CBC), 0);
	mk_op(0, 0, dpf_flat(0, 224, 1), NULL, 0, 32, 0, 0);
	vcrypto_vq_set_broken(dq.qp->vq);
	UT_ASSERT_EQ(run_from(0, 0, 1, 0), 0);
	UT_ASSERT_EQ(vcrypto_vq_inflight(dq.qp->vq), 0);
	UT_ASSERT_EQ(dpf_ops[0]->status, RTE_CRYPTO_OP_STATUS_NOT_PROCESSED);
	teardown();

	if (!up(false, DQ_SIZE))
		return;
	UT_ASSERT_EQ(make_mode(0, M_CBC), 0);
	m = dpf_flat(0, 224, 1);
	mk_op(0, 0, m, NULL, 0, 32, 0, 0);
	mk_op(1, 0, m, NULL, 32, 48, 0, 0);
	UT_ASSERT_EQ(run_from(0, 0, 2, 0), 0);
	UT_ASSERT_EQ(vcrypto_vq_inflight(dq.qp->vq), 0);
	for (k = 0; k < 2; k++)
		UT_ASSERT(post_general(0, dpf_ops[k], 0) >= 0);
	publish();
	DPF_CLEAN(dq.m);
	UT_ASSERT_EQ(nrq, 2);
	for (k = 0; k < 2; k++)
		CHECK_REQ(k, dpf_ops[k]);
	device_completes();
	UT_ASSERT_EQ(collect(DPF_NB_OPS), 2);
	DPF_ASSERT_RETURNED_ONCE(2);
	OUT_OK(m, 1, 1, 2);
}

/* ---- what an id's table keeps ------------------------------------------ */

/*
 * A table keeps the entries and the slot its prefix for the next run of
 * the same session only: runs of three sessions (two shapes, three
 * session ids) and general posts take turns on every id, lap after lap
 * (14 ops a lap on a ring of 16, so the pairs move); then the session is
 * made again after a reset (a new device session id), and its next runs
 * carry the new id on tables that kept the old one.
 */
static void
t_kept_follow_session(void)
{
	static const struct {
		uint8_t sess, n;
		bool general;
	} plan[5][5] = {
		{ { 0, 5, 0 }, { 1, 3, 0 }, { 2, 4, 0 }, { 0, 1, 1 },
		  { 0, 1, 0 } },
		{ { 2, 2, 0 }, { 0, 6, 0 }, { 1, 1, 1 }, { 1, 2, 0 },
		  { 2, 3, 0 } },
		{ { 1, 4, 0 }, { 2, 1, 1 }, { 2, 3, 0 }, { 0, 6, 0 } },
		{ { 0, 3, 0 }, { 2, 3, 0 }, { 1, 4, 0 }, { 0, 2, 1 },
		  { 0, 2, 0 } },
		{ { 0, 14, 0 } },	/* after the session is made again */
	};
	unsigned int lap, p, k, first, n, tries, base;
	struct rte_mbuf *m;

	if (!up(true, DQ_SIZE))
		return;
	UT_ASSERT_EQ(make_mode(0, M_CBC), 0);
	ctl.sid = SID + 1;
	UT_ASSERT_EQ(make_mode(1, M_CTR), 0);
	ctl.sid = SID + 2;
	UT_ASSERT_EQ(make_mode(2, M_GEN), 0);
	for (lap = 0; lap < RTE_DIM(plan) && !ut_failed(); lap++) {
		if (lap == RTE_DIM(plan) - 1) {
			dq.dev.generation++;
			ctl.sid = SID + 7;
			UT_ASSERT_EQ(vcrypto_sym_session_remake(&dq.dev,
								dpf_priv(0)), 0);
			sess_sid[0] = SID + 7;
		}
		m = dpf_flat(0, 224, (uint8_t)(lap * 17));
		memset(dpf.returned, 0, sizeof(dpf.returned));
		base = nrq;
		for (p = 0, k = 0; p < RTE_DIM(plan[lap]) && plan[lap][p].n;
		     p++) {
			for (n = 0; n < plan[lap][p].n; n++, k++)
				mk_op(k, plan[lap][p].sess, m, NULL, 16 * k,
				      16, 16 * k, 16);
			for (first = k - n, tries = 0; first < k && tries < 4;
			     tries++) {
				if (plan[lap][p].general)
					UT_ASSERT(post_general(plan[lap][p].sess,
						dpf_ops[first++], 0) >= 0);
				else
					first += run_from(plan[lap][p].sess,
							  first, k - first, 0);
			}
			UT_ASSERT_EQ(first, k);
		}
		UT_ASSERT_EQ(k, 14);
		publish();
		DPF_CLEAN(dq.m);
		UT_ASSERT_EQ(nrq - base, 14);
		for (k = 0; k < 14; k++)
			CHECK_REQ(base + k, dpf_ops[k]);
		device_completes();
		UT_ASSERT_EQ(collect(DPF_NB_OPS), 14);
		DPF_ASSERT_RETURNED_ONCE(14);
		OUT_OK(m, (uint8_t)(lap * 17), (uint8_t)(lap * 17), 14);
	}
}

/* ---- end to end -------------------------------------------------------- */

/*
 * Eight ops of one session in one run, for every mode and IV loop, in
 * place and out of place: each comes back once with the device's result
 * (the bytes, a generated MAC in the op's digest; a verify SUCCESS for
 * the right MAC, AUTH_FAILED for a forged one).
 */
static void
t_end_to_end(void)
{
	uint8_t want[8][DPF_MAC_LEN];
	struct rte_mbuf *src, *dst;
	unsigned int mi, oop, k;

	for (mi = 0; mi < RTE_DIM(modes); mi++)
		for (oop = 0; oop < 2; oop++) {
			const struct smode *md = &modes[mi];

			if (!up(true, DQ_SIZE))
				return;
			UT_ASSERT_EQ(make_mode(0, md), 0);
			src = dpf_flat(0, 224, 5);
			dst = oop ? dpf_flat(1, 224, 0x60) : NULL;
			for (k = 0; k < 8; k++) {
				mk_op(k, 0, src, dst, 28 * k + 8,
				      16 + md->stream, 28 * k, 28);
				dpf_mac_of(src, 28 * k, 28, want[k]);
				if (is_verify(md)) {
					memcpy(dpf_digest[k], want[k],
					       DPF_MAC_LEN);
					dpf_digest[k][k] ^= k & 1;  /* forged */
				}
			}
			UT_ASSERT_EQ(run_from(0, 0, 8, 0), 8);
			publish();
			DPF_CLEAN(dq.m);
			device_completes();
			UT_ASSERT_EQ(collect(DPF_NB_OPS), 8);
			DPF_ASSERT_RETURNED_ONCE(8);
			for (k = 0; k < 8; k++) {
				UT_ASSERT_EQ(dpf_ops[k]->status * 100 + k,
					(is_verify(md) && (k & 1) ?
					 RTE_CRYPTO_OP_STATUS_AUTH_FAILED :
					 RTE_CRYPTO_OP_STATUS_SUCCESS) * 100 + k);
				if (md->mode == VCRYPTO_SYM_CIPHER_MAC)
					UT_ASSERT(memcmp(dpf_digest[k], want[k],
							 DPF_MAC_LEN) == 0);
			}
			OUT_OK(oop ? dst : src, oop ? 0x60 : 5, 5, 8);
			teardown();
		}
}

/*
 * Through the data path (vcrypto_dp_enqueue()), the run's caller: a
 * burst of runs of two sessions with an op no run takes among them. The
 * whole burst is posted, each op comes back once with its result.
 */
static void
t_dp_burst(void)
{
	static const uint16_t two[] = { 128, 96 };
	static const struct {
		uint8_t sess;
		uint16_t off, len;
	} burst[] = {
		{ 0, 0, 16 }, { 0, 16, 32 }, { 0, 112, 32 },	/* 2: pieces */
		{ 0, 48, 16 }, { 1, 64, 16 }, { 1, 80, 16 }, { 0, 96, 16 },
		{ 1, 160, 32 },					/* 7: general */
		{ 1, 144, 16 },
	};
	struct rte_mbuf *m;
	unsigned int k;

	if (!up(true, DQ_SIZE))
		return;
	UT_ASSERT_EQ(make_mode(0, M_CBC), 0);
	ctl.sid = SID + 1;
	UT_ASSERT_EQ(make_mode(1, M_CTR), 0);
	m = dpf_chain(0, two, 2, 9);
	for (k = 0; k < RTE_DIM(burst); k++)
		mk_op(k, burst[k].sess, m, NULL, burst[k].off, burst[k].len,
		      0, 0);
	UT_ASSERT_EQ(vcrypto_dp_enqueue(dq.qp, dpf_ops, RTE_DIM(burst)),
		     RTE_DIM(burst));
	DPF_CLEAN(dq.m);
	UT_ASSERT_EQ(nrq, RTE_DIM(burst));
	for (k = 0; k < RTE_DIM(burst); k++)
		if (k != 2)	/* op 2: the general way's list of pieces */
			CHECK_REQ(k, dpf_ops[k]);
	device_completes();
	UT_ASSERT_EQ(collect(DPF_NB_OPS), RTE_DIM(burst));
	DPF_ASSERT_RETURNED_ONCE(RTE_DIM(burst));
	for (k = 0; k < RTE_DIM(burst); k++)
		UT_ASSERT_EQ(dpf_ops[k]->status * 100 + k,
			     RTE_CRYPTO_OP_STATUS_SUCCESS * 100 + k);
	OUT_OK(m, 9, 9, RTE_DIM(burst));
	DPF_ASSERT_STATS_CONSISTENT(dq.qp);
}

static const struct ut_case cases[] = {
	{ "entries", t_entries },
	{ "same_as_builder", t_same_as_builder },
	{ "wlen_bound", t_wlen_bound },
	{ "stop_other_session", t_stop_other_session },
	{ "stop_first_piece", t_stop_first_piece },
	{ "first_piece_edges", t_first_piece_edges },
	{ "stop_bad_iova", t_stop_bad_iova },
	{ "stop_digest", t_stop_digest },
	{ "stop_refused", t_stop_refused },
	{ "ring_full", t_ring_full },
	{ "max_ops", t_max_ops },
	{ "broken_or_no_tables", t_broken_or_no_tables },
	{ "kept_follow_session", t_kept_follow_session },
	{ "end_to_end", t_end_to_end },
	{ "dp_burst", t_dp_burst },
};

int
main(void)
{
	return ut_run(cases, RTE_DIM(cases), teardown) == 0 ? 0 : 1;
}
