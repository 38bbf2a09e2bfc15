/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Data-path fixture (see dp_fixture.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <rte_byteorder.h>
#include <cryptodev_pmd.h>

#include "dp_fixture.h"
#include "ut.h"
#include "vcrypto_asym.h"
#include "vcrypto_dp.h"
#include "vcrypto_sym.h"
#include "vcrypto_wire.h"

extern uint8_t vcrypto_driver_id;

/* Test memory: ops, sessions, mbufs and their buffers. */
struct t_op {
	uint8_t raw[256];
} __rte_aligned(64);

struct t_sess {
	uint8_t raw[128 + sizeof(struct vcrypto_sym_sess)];
} __rte_aligned(64);

static struct t_op top[DPF_NB_OPS];
struct dpf dpf;
struct rte_crypto_op *dpf_ops[DPF_NB_OPS];
static struct t_sess tsess[DPF_NB_SESS];
struct rte_mbuf dpf_mb[2][8];
static uint8_t mbuf_mem[2][8][DPF_SEGBUF] __rte_aligned(64);

void
dpf_error(const char *fmt, ...)
{
	va_list ap;

	if (dpf.error[0] != '\0')
		return;
	va_start(ap, fmt);
	vsnprintf(dpf.error, sizeof(dpf.error), fmt, ap);
	va_end(ap);
}

uint32_t
dpf_le32(const uint8_t *p, size_t off)
{
	uint32_t v;

	memcpy(&v, p + off, 4);
	return rte_le_to_cpu_32(v);
}

uint64_t
dpf_le64(const uint8_t *p, size_t off)
{
	uint64_t v;

	memcpy(&v, p + off, 8);
	return rte_le_to_cpu_64(v);
}

bool
dpf_zero(const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != 0)
			return false;
	return true;
}

/* The fake cipher: byte k of the output. */
uint8_t
dpf_cipher(uint8_t in, const uint8_t *iv, uint32_t iv_len, uint32_t k)
{
	return in ^ 0x5a ^ (iv_len > 0 ? iv[k % iv_len] : 0);
}

/* The source buffers from segs[*i] on, into dpf.src; 0 or -1 (logged). */
static int
read_src(struct vcrypto_model *m, const struct vcrypto_model_seg *segs,
	 uint32_t nseg, uint32_t *i, uint32_t src_len)
{
	uint32_t got;

	for (got = 0; *i < nseg && !segs[*i].write; (*i)++) {
		if (got + segs[*i].len > src_len ||
		    got + segs[*i].len > sizeof(dpf.src)) {
			dpf_error("source buffers exceed src_data_len %u",
				  src_len);
			return -1;
		}
		memcpy(dpf.src + got, vcrypto_model_map(m, segs[*i].iova,
			segs[*i].len), segs[*i].len);
		got += segs[*i].len;
	}
	if (got != src_len) {
		dpf_error("src %u bytes of %u", got, src_len);
		return -1;
	}
	return 0;
}

/*
 * dpf.src into the destination buffers segs[i..end): the fake cipher over
 * [c_off, c_off + c_len), the rest copied.
 */
static int
write_dst(struct vcrypto_model *m, const struct vcrypto_model_seg *segs,
	  uint32_t end, uint32_t i, uint32_t dst_len, uint32_t c_off,
	  uint32_t c_len)
{
	const struct dpf_seen *s = &dpf.last;
	uint32_t iv_len = dpf_le32(s->prefix, 24), k, n;
	uint8_t *p;

	for (k = 0; i < end; i++) {
		if (!segs[i].write || k + segs[i].len > dst_len) {
			dpf_error("destination buffer %u: %u bytes at %u of %u",
				  i, segs[i].len, k, dst_len);
			return -1;
		}
		p = vcrypto_model_map(m, segs[i].iova, segs[i].len);
		for (n = 0; n < segs[i].len; n++, k++)
			p[n] = k >= c_off && k - c_off < c_len ?
				dpf_cipher(dpf.src[k], s->iv, iv_len,
					   k - c_off) : dpf.src[k];
	}
	if (k != dst_len) {
		dpf_error("dst %u bytes of %u", k, dst_len);
		return -1;
	}
	return 0;
}

/* Prefix and IV into dpf.last; *i: the first source buffer. 0 or -1. */
static int
read_head(struct vcrypto_model *m, const struct vcrypto_model_seg *segs,
	  uint32_t nseg, uint32_t *i)
{
	struct dpf_seen *s = &dpf.last;
	uint32_t iv_len;

	if (nseg < 4 || segs[0].write ||
	    segs[0].len != VCRYPTO_DATA_PREFIX_LEN) {
		dpf_error("%u buffers, first %u bytes", nseg, segs[0].len);
		return -1;
	}
	memcpy(s->prefix, vcrypto_model_map(m, segs[0].iova, segs[0].len),
	       VCRYPTO_DATA_PREFIX_LEN);
	iv_len = dpf_le32(s->prefix, 24);
	*i = 1;
	if (iv_len == 0)
		return 0;
	if (segs[1].write || segs[1].len != iv_len || iv_len > sizeof(s->iv)) {
		dpf_error("IV buffer of %u bytes for iv_len %u", segs[1].len,
			  iv_len);
		return -1;
	}
	memcpy(s->iv, vcrypto_model_map(m, segs[1].iova, iv_len), iv_len);
	*i = 2;
	return 0;
}

void
dpf_mac(const uint8_t *data, uint32_t len, uint8_t *out)
{
	uint32_t h = 2166136261u, k;

	for (k = 0; k < len; k++)
		h = (h ^ data[k]) * 16777619u;
	for (k = 0; k < DPF_MAC_LEN; k++) {
		out[k] = (uint8_t)(h >> 24) ^ (uint8_t)k;
		h = h * 16777619u + k;
	}
}

/*
 * The rest of a chained request (Data Virtqueue / chaining), from the
 * first destination buffer segs[i]: [dst W...][MAC W][status 1 W]. The
 * fake cipher over the cipher range, the fake MAC of the source's MAC
 * range into the MAC buffer (or, verify_in_place, compared with it).
 */
static int
chain_rest(struct vcrypto_model *m, const struct vcrypto_model_seg *segs,
	   uint32_t nseg, uint32_t i, uint8_t *st, int *status)
{
	const uint8_t *pf = dpf.last.prefix;
	uint32_t len = dpf_le32(pf, 32), c_off = dpf_le32(pf, 36);
	uint32_t c_len = dpf_le32(pf, 40), a_off = dpf_le32(pf, 44);
	uint32_t a_len = dpf_le32(pf, 48), mac_len = dpf_le32(pf, 56);
	uint8_t mac[DPF_MAC_LEN], *p;

	if (nseg < i + 3 || st == NULL || !segs[nseg - 2].write ||
	    segs[nseg - 2].len != mac_len || mac_len != DPF_MAC_LEN ||
	    (uint64_t)c_off + c_len > len || (uint64_t)a_off + a_len > len ||
	    c_len == 0 || a_len == 0) {
		dpf_error("chained request: %u buffers from %u, MAC buffer "
			  "%u of %u, cipher %u+%u, MAC %u+%u in %u", nseg, i,
			  segs[nseg - 2].len, mac_len, c_off, c_len, a_off,
			  a_len, len);
		return -1;
	}
	if (write_dst(m, segs, nseg - 2, i, len, c_off, c_len) != 0)
		return -1;
	dpf_mac(dpf.src + a_off, a_len, mac);
	p = vcrypto_model_map(m, segs[nseg - 2].iova, mac_len);
	if (!dpf.verify_in_place)
		memcpy(p, mac, mac_len);
	else if (memcmp(p, mac, mac_len) != 0)
		*status = VIRTIO_CRYPTO_ERR;
	return 0;
}

/*
 * CIPHER session request as a device parses it (9.2):
 * [72 R][iv R][src R...][dst W...][status 1 W].
 */
uint32_t
dpf_handler(void *ctx, struct vcrypto_model *m,
	    const struct vcrypto_model_seg *segs, uint32_t nseg, uint32_t wlen)
{
	struct dpf_seen *s = &dpf.last;
	uint64_t seq = m->fetched;
	uint32_t i, src_len, dst_len;
	uint8_t *st = NULL;
	int status = VIRTIO_CRYPTO_OK;

	RTE_SET_USED(ctx);
	dpf.requests++;
	memset(s, 0, sizeof(*s));
	s->nseg = nseg;
	memcpy(s->segs, segs, sizeof(segs[0]) *
	       RTE_MIN(nseg, (uint32_t)VCRYPTO_VQ_MAX_SEGS));
	if (segs[nseg - 1].write && segs[nseg - 1].len == 1)
		st = vcrypto_model_map(m, segs[nseg - 1].iova, 1);
	if (read_head(m, segs, nseg, &i) != 0)
		goto out_err;
	/* A session the device does not hold: INVSESS, nothing written. */
	if (dpf.sid_ok != NULL && !dpf.sid_ok(dpf_le64(s->prefix, 8))) {
		dpf.invsess++;
		if (st != NULL)
			*st = VIRTIO_CRYPTO_INVSESS;
		return wlen;
	}
	src_len = dpf_le32(s->prefix, 28);
	dst_len = dpf_le32(s->prefix, 32);
	if (dst_len != src_len) {
		dpf_error("src_data_len %u, dst_data_len %u", src_len, dst_len);
		goto out_err;
	}
	if (dpf_le32(s->prefix, 64) == VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING) {
		if (read_src(m, segs, nseg, &i, src_len) != 0 ||
		    chain_rest(m, segs, nseg, i, st, &status) != 0)
			goto out_err;
	} else if (read_src(m, segs, nseg, &i, src_len) != 0 ||
		   write_dst(m, segs, nseg - 1, i, dst_len, 0, dst_len) != 0) {
		goto out_err;
	}
	if (st == NULL) {
		dpf_error("status buffer missing");
		goto out_err;
	}
	if (seq < RTE_DIM(dpf.status) && dpf.status[seq] != 0)
		status = dpf.status[seq];
	if (status != DPF_STATUS_NONE)
		*st = (uint8_t)status;
	if (dpf.never)
		return VCRYPTO_MODEL_NO_COMPLETION;
	return dpf.len0 ? 0 : wlen;
out_err:
	if (st != NULL)
		*st = VIRTIO_CRYPTO_ERR;
	return wlen;
}

const uint8_t dpf_key[32] = {
	0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6,
	0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c,
	0x76, 0x2e, 0x71, 0x51, 0xf7, 0x01, 0x80, 0x7c,
	0xa0, 0x29, 0x81, 0xc3, 0x7c, 0x18, 0x12, 0x04,
};

struct rte_cryptodev_sym_session *
dpf_sess(unsigned int i)
{
	return (struct rte_cryptodev_sym_session *)tsess[i].raw;
}

struct vcrypto_sym_sess *
dpf_priv(unsigned int i)
{
	return CRYPTODEV_GET_SYM_SESS_PRIV(dpf_sess(i));
}

int
dpf_make_sess(struct vcrypto_dev *dev, unsigned int i,
	      enum rte_crypto_cipher_algorithm algo, bool enc, uint16_t key_len,
	      uint16_t iv_len)
{
	struct rte_crypto_sym_xform x = {
		.type = RTE_CRYPTO_SYM_XFORM_CIPHER,
		.cipher = {
			.op = enc ? RTE_CRYPTO_CIPHER_OP_ENCRYPT :
				    RTE_CRYPTO_CIPHER_OP_DECRYPT,
			.algo = algo,
			.key = { .data = dpf_key, .length = key_len },
			.iv = { .offset = DPF_IV_OFF, .length = iv_len },
		},
	};

	RTE_BUILD_BUG_ON(offsetof(struct rte_cryptodev_sym_session,
				  driver_priv_data) + sizeof(struct vcrypto_sym_sess) >
			 sizeof(tsess[0].raw));
	memset(&tsess[i], 0, sizeof(tsess[i]));
	dpf_sess(i)->driver_id = vcrypto_driver_id;
	return vcrypto_sym_session_create(dev, &x, dpf_priv(i));
}

int
dpf_make_chain(struct vcrypto_dev *dev, unsigned int i, bool verify)
{
	static const uint8_t hkey[32] = { 0x0b, 0x0c, 0x0d, 0x0e, 0x0f };
	struct rte_crypto_sym_xform x[2];
	struct rte_crypto_sym_xform *c = &x[verify ? 1 : 0];
	struct rte_crypto_sym_xform *a = &x[verify ? 0 : 1];

	memset(x, 0, sizeof(x));
	x[0].next = &x[1];
	c->type = RTE_CRYPTO_SYM_XFORM_CIPHER;
	c->cipher.op = verify ? RTE_CRYPTO_CIPHER_OP_DECRYPT :
				RTE_CRYPTO_CIPHER_OP_ENCRYPT;
	c->cipher.algo = RTE_CRYPTO_CIPHER_AES_CBC;
	c->cipher.key.data = dpf_key;
	c->cipher.key.length = 16;
	c->cipher.iv.offset = DPF_IV_OFF;
	c->cipher.iv.length = 16;
	a->type = RTE_CRYPTO_SYM_XFORM_AUTH;
	a->auth.op = verify ? RTE_CRYPTO_AUTH_OP_VERIFY :
			      RTE_CRYPTO_AUTH_OP_GENERATE;
	a->auth.algo = RTE_CRYPTO_AUTH_SHA256_HMAC;
	a->auth.key.data = hkey;
	a->auth.key.length = sizeof(hkey);
	a->auth.digest_length = DPF_MAC_LEN;
	memset(&tsess[i], 0, sizeof(tsess[i]));
	dpf_sess(i)->driver_id = vcrypto_driver_id;
	return vcrypto_sym_session_create(dev, x, dpf_priv(i));
}

uint8_t dpf_digest[DPF_NB_OPS][64];

struct rte_crypto_op *
dpf_chain_op(unsigned int k, unsigned int sess, struct rte_mbuf *src,
	     struct rte_mbuf *dst, uint32_t c_off, uint32_t c_len,
	     uint32_t a_off, uint32_t a_len)
{
	struct rte_crypto_op *op = dpf_op(k, sess, src, dst, c_off, c_len);

	op->sym->auth.data.offset = a_off;
	op->sym->auth.data.length = a_len;
	memset(dpf_digest[k], 0xee, sizeof(dpf_digest[k]));
	op->sym->auth.digest.data = dpf_digest[k];
	op->sym->auth.digest.phys_addr =
		(rte_iova_t)(uintptr_t)dpf_digest[k];
	return op;
}

void
dpf_mac_of(struct rte_mbuf *m, uint32_t a_off, uint32_t a_len, uint8_t *out)
{
	static uint8_t buf[1 << 12];
	uint32_t k;

	for (k = 0; k < a_len && k < sizeof(buf); k++)
		buf[k] = *dpf_byte(m, a_off + k);
	dpf_mac(buf, a_len, out);
}

/* A chain of n mbufs with the given data lengths, filled with a pattern. */
struct rte_mbuf *
dpf_chain(unsigned int which, const uint16_t *lens, unsigned int n,
	  uint8_t pat)
{
	struct rte_mbuf *m = dpf_mb[which];
	uint32_t total = 0, k = 0;
	unsigned int i, b;

	memset(dpf_mb[which], 0, sizeof(dpf_mb[which]));
	for (i = 0; i < n; i++) {
		m[i].buf_addr = mbuf_mem[which][i];
		m[i].buf_iova = (rte_iova_t)(uintptr_t)m[i].buf_addr;
		m[i].buf_len = DPF_SEGBUF;
		m[i].data_off = DPF_HEADROOM;
		m[i].data_len = lens[i];
		m[i].next = i + 1 < n ? &m[i + 1] : NULL;
		memset(mbuf_mem[which][i], 0xcc, DPF_SEGBUF);
		for (b = 0; b < lens[i]; b++, k++)
			mbuf_mem[which][i][DPF_HEADROOM + b] =
				(uint8_t)(pat + k * 13u);
		total += lens[i];
	}
	m[0].nb_segs = n;
	m[0].pkt_len = total;
	return m;
}

struct rte_mbuf *
dpf_flat(unsigned int which, uint16_t len, uint8_t pat)
{
	return dpf_chain(which, &len, 1, pat);
}

/* Byte off of the packet data of chain m (test's own walk). */
uint8_t *
dpf_byte(struct rte_mbuf *m, uint32_t off)
{
	while (m != NULL && off >= m->data_len) {
		off -= m->data_len;
		m = m->next;
	}
	return m == NULL ? NULL : rte_pktmbuf_mtod_offset(m, uint8_t *, off);
}

uint8_t *
dpf_iv(unsigned int k)
{
	return top[k].raw + DPF_IV_OFF;
}

/* Op k: cipher over [off, off + len) of src (dst: NULL = in place). */
struct rte_crypto_op *
dpf_op(unsigned int k, unsigned int sess, struct rte_mbuf *src,
       struct rte_mbuf *dst, uint32_t off, uint32_t len)
{
	struct rte_crypto_op *op = (struct rte_crypto_op *)top[k].raw;
	unsigned int b;

	RTE_BUILD_BUG_ON(DPF_IV_OFF + VCRYPTO_REQ_IV_MAX > sizeof(top[0].raw));
	memset(&top[k], 0, sizeof(top[k]));
	op->type = RTE_CRYPTO_OP_TYPE_SYMMETRIC;
	op->status = RTE_CRYPTO_OP_STATUS_NOT_PROCESSED;
	op->sess_type = RTE_CRYPTO_OP_WITH_SESSION;
	op->sym->session = dpf_sess(sess);
	op->sym->m_src = src;
	op->sym->m_dst = dst;
	op->sym->cipher.data.offset = off;
	op->sym->cipher.data.length = len;
	for (b = 0; b < VCRYPTO_REQ_IV_MAX; b++)
		dpf_iv(k)[b] = (uint8_t)(0xa0 + b + k);
	dpf_ops[k] = op;
	return op;
}

unsigned int
dpf_index(const struct rte_crypto_op *op)
{
	return (unsigned int)((const struct t_op *)(const void *)op - top);
}

/*
 * Dequeue until the queue has been quiet for three calls (a failing
 * device needs one call to notice and one more to drain), counting what
 * comes back per op. @return ops returned.
 */
unsigned int
dpf_collect(struct vcrypto_qp *qp, uint16_t burst)
{
	struct rte_crypto_op *out[DPF_NB_OPS];
	unsigned int total = 0, quiet = 0, i, idx;
	uint16_t n;

	while (quiet < 3) {
		n = vcrypto_dp_dequeue(qp, out, burst);
		quiet = n == 0 ? quiet + 1 : 0;
		if (dpf.watch != NULL)
			dpf.watch(dpf.watch_arg);
		for (i = 0; i < n; i++) {
			idx = dpf_index(out[i]);
			if (idx < DPF_NB_OPS)
				dpf.returned[idx]++;
			else
				ut_fail(__FILE__, __LINE__, "foreign op %p",
					(void *)out[i]);
		}
		total += n;
	}
	return total;
}

bool
dpf_check_output(struct rte_crypto_op *op, uint8_t src_pat)
{
	struct rte_mbuf *dst = op->sym->m_dst ? op->sym->m_dst : op->sym->m_src;
	uint32_t off = op->sym->cipher.data.offset;
	uint32_t len = op->sym->cipher.data.length;
	const uint8_t *iv = dpf_iv(dpf_index(op));
	uint32_t k;
	uint8_t in, want, *p;

	for (k = 0; k < rte_pktmbuf_pkt_len(dst); k++) {
		p = dpf_byte(dst, k);
		in = (uint8_t)(src_pat + k * 13u);
		if (k >= off && k < off + len)
			want = dpf_cipher(in, iv, 16, k - off);
		else if (op->sym->m_dst == NULL)
			want = in;
		else
			continue;	/* OOP: not defined outside the range */
		if (p == NULL || *p != want) {
			ut_fail(__FILE__, __LINE__, "output byte %u is %#x, "
				"want %#x", k, p ? *p : 0, want);
			return false;
		}
	}
	return true;
}

void
dpf_sess_blank(unsigned int i)
{
	memset(&tsess[i], 0, sizeof(tsess[i]));
	dpf_sess(i)->driver_id = vcrypto_driver_id;
}

void
dpf_reset(void)
{
	memset(&dpf, 0, sizeof(dpf));
}

/* ---- stubs of what the data-path tests do not include ------------------ */

/* Asymmetric service: not under test here; RSA ops are refused. */
int
vcrypto_asym_build(struct vcrypto_dev *dev, struct rte_crypto_op *op,
		   struct vcrypto_req_ctx *ctx)
{
	RTE_SET_USED(dev);
	RTE_SET_USED(op);
	dpf.asym_builds++;
	if (dpf.asym_rc == -EAGAIN)
		ctx->want = dpf.asym_want;
	return dpf.asym_rc != 0 ? dpf.asym_rc : -ENOTSUP;
}

int
vcrypto_asym_session_make(struct vcrypto_dev *dev, void *priv)
{
	RTE_SET_USED(dev);
	dpf.asym_makes++;
	dpf.asym_made = priv;
	return 1;
}

uint8_t
vcrypto_asym_complete(struct rte_crypto_op *op,
		      struct vcrypto_req_akc *akc, uint32_t used_len,
		      uint8_t status)
{
	RTE_SET_USED(op);
	RTE_SET_USED(akc);
	RTE_SET_USED(used_len);
	return status;
}

unsigned int
vcrypto_asym_session_size(void)
{
	return 0;
}

int
vcrypto_asym_session_create(struct vcrypto_dev *dev,
			    const struct rte_crypto_asym_xform *xform,
			    void *priv)
{
	RTE_SET_USED(dev);
	RTE_SET_USED(xform);
	RTE_SET_USED(priv);
	return -ENOTSUP;
}

void
vcrypto_asym_session_destroy(struct vcrypto_dev *dev, void *priv)
{
	RTE_SET_USED(dev);
	RTE_SET_USED(priv);
}

enum rte_iova_mode
rte_eal_iova_mode(void)
{
	return RTE_IOVA_VA;
}
