/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Symmetric service (Crypto Device / CIPHER and chaining). Sessions use the
 * legacy control layout: a 56-byte fixed part with op_type at offset 48.
 * Requests use the legacy 72-byte data prefix, then one descriptor per
 * field: IV, source, destination, status (Message Framing; the layout DPDK's
 * vhost-crypto needs).
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_cryptodev.h>
#include <rte_mbuf.h>

#include "vcrypto_algo.h"
#include "vcrypto_ctrl.h"
#include "vcrypto_dev.h"
#include "vcrypto_log.h"
#include "vcrypto_req.h"
#include "vcrypto_sym.h"

static int
cipher_check(const struct vcrypto_dev *dev,
	     const struct rte_crypto_cipher_xform *x,
	     const struct vcrypto_cipher_algo **algo)
{
	const struct vcrypto_cipher_algo *a = vcrypto_cipher_by_rte(x->algo);

	if (a == NULL || !((dev->lim.cipher_mask >> a->virtio_id) & 1))
		return -ENOTSUP;
	if (!vcrypto_range_has(&a->key, x->key.length) ||
	    x->key.length > dev->lim.max_cipher_key_len) {
		VCRYPTO_CTRL_LOG(DEBUG, "%s: %s key length %u not allowed",
				 dev->hw.name, a->name, x->key.length);
		return -EINVAL;
	}
	if (!vcrypto_range_has(&a->iv, x->iv.length) ||
	    x->iv.length > VCRYPTO_REQ_IV_MAX) {
		VCRYPTO_CTRL_LOG(DEBUG, "%s: %s IV length %u not allowed",
				 dev->hw.name, a->name, x->iv.length);
		return -EINVAL;
	}
	if (x->op != RTE_CRYPTO_CIPHER_OP_ENCRYPT &&
	    x->op != RTE_CRYPTO_CIPHER_OP_DECRYPT)
		return -EINVAL;
	*algo = a;
	return 0;
}

static int
cipher_session(struct vcrypto_dev *dev, const struct rte_crypto_cipher_xform *x,
	       struct vcrypto_sym_sess *sess)
{
	struct virtio_crypto_sym_create_session_req fixed;
	const struct vcrypto_cipher_algo *a;
	struct vcrypto_ctrl_create req;
	bool enc = x->op == RTE_CRYPTO_CIPHER_OP_ENCRYPT;
	int rc;

	rc = cipher_check(dev, x, &a);
	if (rc != 0)
		return rc;
	memset(&fixed, 0, sizeof(fixed));
	fixed.u.cipher.para.algo = rte_cpu_to_le_32(a->virtio_id);
	fixed.u.cipher.para.keylen = rte_cpu_to_le_32(x->key.length);
	fixed.u.cipher.para.op = rte_cpu_to_le_32(enc ? VIRTIO_CRYPTO_OP_ENCRYPT
						      : VIRTIO_CRYPTO_OP_DECRYPT);
	fixed.op_type = rte_cpu_to_le_32(VIRTIO_CRYPTO_SYM_OP_CIPHER);
	memset(&req, 0, sizeof(req));
	req.opcode = VIRTIO_CRYPTO_CIPHER_CREATE_SESSION;
	req.algo = a->virtio_id;
	req.fixed = &fixed;
	req.fixed_len = sizeof(fixed);
	req.var[0] = x->key.data;
	req.var_len[0] = x->key.length;
	rc = vcrypto_ctrl_session_create(dev, &req, &sess->session_id);
	explicit_bzero(&fixed, sizeof(fixed));
	if (rc != 0)
		return rc;
	sess->mode = VCRYPTO_SYM_CIPHER;
	sess->cipher_algo = a->virtio_id;
	sess->opcode = enc ? VIRTIO_CRYPTO_CIPHER_ENCRYPT
			   : VIRTIO_CRYPTO_CIPHER_DECRYPT;
	sess->iv_offset = x->iv.offset;
	sess->iv_len = x->iv.length;
	/* Block modes need whole blocks; stream modes (CTR, XTS tail) not. */
	sess->block_size = (a->rte == RTE_CRYPTO_CIPHER_AES_CBC ||
			    a->rte == RTE_CRYPTO_CIPHER_AES_ECB ||
			    a->rte == RTE_CRYPTO_CIPHER_3DES_CBC ||
			    a->rte == RTE_CRYPTO_CIPHER_3DES_ECB ||
			    a->rte == RTE_CRYPTO_CIPHER_DES_CBC) ?
			   a->block_size : 1;
	return 0;
}

int
vcrypto_sym_session_create(struct vcrypto_dev *dev,
			   const struct rte_crypto_sym_xform *xform,
			   struct vcrypto_sym_sess *sess)
{
	int rc;

	memset(sess, 0, sizeof(*sess));
	if (xform == NULL)
		return -EINVAL;
	if (xform->next != NULL || xform->type != RTE_CRYPTO_SYM_XFORM_CIPHER)
		return -ENOTSUP;	/* chains, auth, AEAD: not yet (#4) */
	rc = cipher_session(dev, &xform->cipher, sess);
	if (rc == 0)
		sess->magic = VCRYPTO_SYM_SESS_MAGIC;
	return rc;
}

void
vcrypto_sym_session_destroy(struct vcrypto_dev *dev,
			    struct vcrypto_sym_sess *sess)
{
	int rc;

	if (sess->magic != VCRYPTO_SYM_SESS_MAGIC)
		return;
	rc = vcrypto_ctrl_session_destroy(dev,
		VIRTIO_CRYPTO_CIPHER_DESTROY_SESSION, sess->cipher_algo,
		sess->session_id);
	if (rc != 0 && !dev->dead)
		VCRYPTO_CTRL_LOG(WARNING, "%s: destroy session %" PRIu64
				 " failed: %d", dev->hw.name, sess->session_id,
				 rc);
	explicit_bzero(sess, sizeof(*sess));
}

static int
add_seg(struct vcrypto_req_ctx *ctx, uint64_t iova, uint32_t len)
{
	uint16_t n = ctx->nr_ro + ctx->nr_wo;

	if (n >= ctx->max_segs)
		return -E2BIG;
	ctx->segs[n].iova = iova;
	ctx->segs[n].len = len;
	return 0;
}

/* Segments covering len bytes of mbuf m from offset off (SGL-aware). */
static int
add_mbuf(struct vcrypto_req_ctx *ctx, struct rte_mbuf *m, uint32_t off,
	 uint32_t len, bool writable)
{
	uint32_t chunk;
	int rc;

	while (m != NULL && off >= m->data_len) {
		off -= m->data_len;
		m = m->next;
	}
	while (len > 0) {
		if (m == NULL)
			return -EINVAL;
		chunk = RTE_MIN(len, (uint32_t)m->data_len - off);
		rc = add_seg(ctx, rte_pktmbuf_iova_offset(m, off), chunk);
		if (rc != 0)
			return rc;
		if (writable)
			ctx->nr_wo++;
		else
			ctx->nr_ro++;
		len -= chunk;
		off = 0;
		m = m->next;
	}
	return 0;
}

static int
add_fixed(struct vcrypto_req_ctx *ctx, size_t off, uint32_t len, bool writable)
{
	int rc = add_seg(ctx, ctx->iova + off, len);

	if (rc != 0)
		return rc;
	if (writable)
		ctx->nr_wo++;
	else
		ctx->nr_ro++;
	return 0;
}

static int
build_cipher(const struct vcrypto_dev *dev, const struct vcrypto_sym_sess *s,
	     struct rte_crypto_op *op, struct vcrypto_req_ctx *ctx)
{
	struct rte_crypto_sym_op *sym = op->sym;
	struct rte_mbuf *dst = sym->m_dst ? sym->m_dst : sym->m_src;
	uint32_t off = sym->cipher.data.offset, len = sym->cipher.data.length;
	struct vcrypto_req *req = ctx->req;
	struct virtio_crypto_cipher_para *p = &req->hdr.u.sym_req.u.cipher.para;
	int rc;

	if (len == 0 || len % s->block_size != 0 ||
	    (uint64_t)off + len > rte_pktmbuf_pkt_len(sym->m_src) ||
	    (uint64_t)off + len > rte_pktmbuf_pkt_len(dst))
		return -EINVAL;
	ctx->var_bytes = s->iv_len + 2 * len;
	if (ctx->var_bytes > dev->lim.max_size)
		return -E2BIG;
	req->hdr.header.opcode = rte_cpu_to_le_32(s->opcode);
	req->hdr.header.algo = rte_cpu_to_le_32(s->cipher_algo);
	req->hdr.header.session_id = rte_cpu_to_le_64(s->session_id);
	p->iv_len = rte_cpu_to_le_32(s->iv_len);
	p->src_data_len = rte_cpu_to_le_32(len);
	p->dst_data_len = rte_cpu_to_le_32(len);
	req->hdr.u.sym_req.op_type = rte_cpu_to_le_32(VIRTIO_CRYPTO_SYM_OP_CIPHER);

	rc = add_fixed(ctx, 0, VCRYPTO_DATA_PREFIX_LEN, false);
	if (rc == 0 && s->iv_len > 0) {
		memcpy(req->iv, rte_crypto_op_ctod_offset(op, uint8_t *,
							  s->iv_offset),
		       s->iv_len);
		rc = add_fixed(ctx, VCRYPTO_REQ_IV_OFF, s->iv_len, false);
	}
	if (rc == 0)
		rc = add_mbuf(ctx, sym->m_src, off, len, false);
	if (rc == 0)
		rc = add_mbuf(ctx, dst, off, len, true);
	if (rc == 0)
		rc = add_fixed(ctx, VCRYPTO_REQ_STATUS_OFF, 1, true);
	return rc;
}

int
vcrypto_sym_build(const struct vcrypto_dev *dev,
		  const struct vcrypto_sym_sess *sess,
		  struct rte_crypto_op *op, struct vcrypto_req_ctx *ctx)
{
	memset(&ctx->req->hdr, 0, sizeof(ctx->req->hdr));
	ctx->req->status = VCRYPTO_REQ_STATUS_UNSET;
	ctx->nr_ro = 0;
	ctx->nr_wo = 0;
	switch (sess->mode) {
	case VCRYPTO_SYM_CIPHER:
		return build_cipher(dev, sess, op, ctx);
	default:
		return -ENOTSUP;
	}
}
