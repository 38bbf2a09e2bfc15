/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * The symmetric data requests, described once (Crypto Device / Device
 * Operation / Data Virtqueue, legacy layout, session mode): which bytes
 * of an op a request covers and what is checked of them (the span), the
 * lengths in its header, and the order and size of its entries. Both
 * ways of posting use it: the general builders (vcrypto_sym.c: a segment
 * list, any mbuf chain) and the runs (vcrypto_sym_run.c: straight into
 * an id's table, data in the first piece). Everything is always-inline,
 * with the mode and the way as constants, so that each caller compiles
 * to its own straight code. A new layout (REVISION_1 sizes, stateless
 * key entries, another ring through the queue's segment API) is one more
 * case here, not one more builder beside these.
 */
#ifndef VCRYPTO_SYM_LAYOUT_H
#define VCRYPTO_SYM_LAYOUT_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_common.h>
#include <rte_crypto.h>
#include <rte_mbuf.h>

#include "vcrypto_log.h"
#include "vcrypto_req.h"
#include "vcrypto_sym.h"
#include "vcrypto_vq.h"
#include "vcrypto_wire.h"

/*
 * Entry order of a request; the device reads them in this order and finds
 * each field by position (Message Framing; DPDK's vhost-crypto needs one
 * descriptor per field):
 *
 *   HDR    R  72-byte prefix (slot)             every request
 *   IV     R  iv_len bytes (slot copy)          iv_len > 0
 *   SRC    R  the span of the source            1 or more entries
 *   DST    W  the span of the destination       1 or more entries
 *   MAC    W  digest_len bytes                  chained: generate into the
 *             op's digest, verify in the slot (expected MAC, compared at
 *             completion: vcrypto_sym_complete())
 *   STATUS W  1 byte (slot)                     every request, last
 *
 * A run keeps HDR, IV and STATUS in the id's table (the same address and
 * length for every op of the session) and sets the others per op, one
 * entry each (data in the first piece): their indexes below.
 */
#define VCRYPTO_SYM_RUN_HDR	0
#define VCRYPTO_SYM_RUN_IV	1
#define VCRYPTO_SYM_RUN_SRC	2
#define VCRYPTO_SYM_RUN_DST	3
#define VCRYPTO_SYM_RUN_MAC	4
/** Read-only entries of a run's request: HDR, IV, SRC. */
#define VCRYPTO_SYM_RUN_NR_RO	3

/** Writable entries of a run's request: DST, [MAC,] STATUS. */
static __rte_always_inline uint16_t
vcrypto_sym_run_nr_wo(const bool chained)
{
	return chained ? 3 : 2;
}

/** Index of STATUS in a run's request. */
static __rte_always_inline uint16_t
vcrypto_sym_run_status(const bool chained)
{
	return VCRYPTO_SYM_RUN_NR_RO + vcrypto_sym_run_nr_wo(chained) - 1;
}

/*
 * The bytes of an op a request covers: [base, base + len) of source and
 * destination; chained, the cipher and MAC ranges within it (offsets from
 * base). Cipher only: base and len are the cipher range.
 */
struct vcrypto_sym_span {
	uint32_t base;
	uint32_t len;
	uint64_t end;		/**< base + len, from the op's 32-bit fields */
};

/*
 * The op's span, and the checks every way of posting makes of it against
 * the session: lengths not 0, whole blocks, a MAC buffer (and for MAC
 * generate, its bus address: the device writes there), the span within
 * the device's max_size (direct_max: IV, source, destination and MAC
 * bytes in all). The caller checks that the span lies in its buffers.
 * @return 0; -EINVAL; -E2BIG.
 */
static __rte_always_inline int
vcrypto_sym_span(const struct rte_crypto_sym_op *sym, const bool chained,
		 const bool verify, uint32_t block_mask, uint32_t direct_max,
		 struct vcrypto_sym_span *sp)
{
	uint32_t c_off = sym->cipher.data.offset, c_len = sym->cipher.data.length;
	uint32_t a_off, a_len;

	if (!chained) {
		if (c_len == 0 || (c_len & block_mask) != 0)
			return -EINVAL;
		sp->base = c_off;
		sp->len = c_len;
		sp->end = (uint64_t)c_off + c_len;
		return c_len > direct_max ? -E2BIG : 0;
	}
	a_off = sym->auth.data.offset;
	a_len = sym->auth.data.length;
	if (c_len == 0 || a_len == 0 || (c_len & block_mask) != 0 ||
	    sym->auth.digest.data == NULL ||
	    (!verify && (sym->auth.digest.phys_addr == 0 ||
			 sym->auth.digest.phys_addr == RTE_BAD_IOVA)))
		return -EINVAL;
	sp->base = RTE_MIN(c_off, a_off);
	sp->end = RTE_MAX((uint64_t)c_off + c_len, (uint64_t)a_off + a_len);
	if (sp->end - sp->base > direct_max)
		return -E2BIG;
	sp->len = (uint32_t)(sp->end - sp->base);
	return 0;
}

/* The data lengths of the request's header (the rest: the session's). */
static __rte_always_inline void
vcrypto_sym_lengths(struct vcrypto_req *req,
		    const struct rte_crypto_sym_op *sym,
		    const struct vcrypto_sym_span *sp, const bool chained)
{
	struct virtio_crypto_alg_chain_data_para *c;
	struct virtio_crypto_cipher_para *p;

	if (!chained) {
		p = &req->hdr.u.sym_req.u.cipher.para;
		p->src_data_len = rte_cpu_to_le_32(sp->len);
		p->dst_data_len = rte_cpu_to_le_32(sp->len);
		return;
	}
	c = &req->hdr.u.sym_req.u.chain.para;
	c->src_data_len = rte_cpu_to_le_32(sp->len);
	c->dst_data_len = rte_cpu_to_le_32(sp->len);
	c->cipher_start_src_offset =
		rte_cpu_to_le_32(sym->cipher.data.offset - sp->base);
	c->len_to_cipher = rte_cpu_to_le_32(sym->cipher.data.length);
	c->hash_start_src_offset =
		rte_cpu_to_le_32(sym->auth.data.offset - sp->base);
	c->len_to_hash = rte_cpu_to_le_32(sym->auth.data.length);
}

/*
 * The slot's per-op part: the IV copy (iv_len: a constant in the runs'
 * loops), the status the device must overwrite, and for a MAC verify the
 * expected MAC and the length vcrypto_sym_complete() compares (kept in
 * the slot: the session may be gone by then).
 */
static __rte_always_inline void
vcrypto_sym_slot(struct vcrypto_req *req, struct rte_crypto_op *op,
		 uint16_t iv_offset, uint16_t iv_len, const bool verify,
		 uint16_t digest_len)
{
	if (iv_len > 0)
		vcrypto_req_copy_iv(req, op, iv_offset, iv_len);
	req->status = VCRYPTO_REQ_STATUS_UNSET;
	if (verify) {
		memcpy(req->digest, op->sym->auth.digest.data, digest_len);
		req->mac_len = (uint8_t)digest_len;
	}
}

/** Device-writable bytes of a request: the bound of its used length. */
static __rte_always_inline uint32_t
vcrypto_sym_wlen(const struct vcrypto_sym_span *sp, const bool chained,
		 uint16_t digest_len)
{
	return sp->len + (chained ? digest_len : 0) + 1;
}

/*
 * Entries of a request on the general way, in the order above, as a
 * segment list (ctx). A piece of a mbuf chain is one entry; data entries
 * refuse mbufs without a bus address.
 */

/*
 * Too many pieces for one request: the op fails with INVALID_ARGS, and
 * DPDK 22.11 has no field to announce the limit, so say it (once).
 */
static __rte_noinline __rte_unused int
vcrypto_sym_too_many_segs(const struct vcrypto_req_ctx *ctx)
{
	static bool logged;

	if (!logged) {
		logged = true;
		VCRYPTO_DP_LOG(NOTICE, "op refused (INVALID_ARGS): its mbufs "
			       "need more than the %u descriptors a request "
			       "may have (logged once)", ctx->max_segs);
	}
	return -E2BIG;
}

static __rte_always_inline int
vcrypto_sym_seg(struct vcrypto_req_ctx *ctx, uint64_t iova, uint32_t len,
		bool writable)
{
	uint16_t n = ctx->nr_ro + ctx->nr_wo;

	if (n >= ctx->max_segs)
		return vcrypto_sym_too_many_segs(ctx);
	ctx->segs[n].iova = iova;
	ctx->segs[n].len = len;
	ctx->nr_wo += writable;
	ctx->nr_ro += !writable;
	return 0;
}

/* Entries covering len bytes of mbuf m from offset off (SGL-aware). */
static inline int
vcrypto_sym_seg_mbuf(struct vcrypto_req_ctx *ctx, const struct rte_mbuf *m,
		     uint32_t off, uint32_t len, bool writable)
{
	uint32_t chunk;
	int rc;

	while (m != NULL && off >= m->data_len) {
		off -= m->data_len;
		m = m->next;
	}
	while (len > 0) {
		if (m == NULL || m->buf_iova == RTE_BAD_IOVA)
			return -EINVAL;
		chunk = RTE_MIN(len, (uint32_t)m->data_len - off);
		if (chunk > 0) {	/* empty piece: no zero-length entry */
			rc = vcrypto_sym_seg(ctx,
				rte_pktmbuf_iova_offset(m, off), chunk,
				writable);
			if (rc != 0)
				return rc;
			len -= chunk;
		}
		off = 0;
		m = m->next;
	}
	return 0;
}

static __rte_always_inline int
vcrypto_sym_entries(const struct vcrypto_sym_sess *s,
		    struct rte_crypto_op *op, const struct rte_mbuf *dst,
		    const struct vcrypto_sym_span *sp, const bool chained,
		    const bool verify, struct vcrypto_req_ctx *ctx)
{
	const struct rte_crypto_sym_op *sym = op->sym;
	int rc;

	rc = vcrypto_sym_seg(ctx, ctx->iova, VCRYPTO_DATA_PREFIX_LEN, false);
	if (rc == 0 && s->iv_len > 0)
		rc = vcrypto_sym_seg(ctx, ctx->iova + VCRYPTO_REQ_IV_OFF,
				     s->iv_len, false);
	if (rc == 0)
		rc = vcrypto_sym_seg_mbuf(ctx, sym->m_src, sp->base, sp->len,
					  false);
	if (rc == 0)
		rc = vcrypto_sym_seg_mbuf(ctx, dst, sp->base, sp->len, true);
	if (rc == 0 && chained)
		rc = vcrypto_sym_seg(ctx, verify ?
				     ctx->iova + VCRYPTO_REQ_DIGEST_OFF :
				     sym->auth.digest.phys_addr,
				     s->digest_len, true);
	if (rc == 0)
		rc = vcrypto_sym_seg(ctx, ctx->iova + VCRYPTO_REQ_STATUS_OFF, 1,
				     true);
	return rc;
}

/*
 * The same entries in a run: the fixed ones of an id whose table does not
 * keep the session's (HDR, IV, STATUS: at run open), and the per-op ones
 * (SRC, DST, MAC) of an op whose span lies in the first pieces.
 */
static __rte_always_inline void
vcrypto_sym_run_fixed(const struct vcrypto_vq_run *r, uint32_t id,
		      uint64_t iova, uint16_t iv_len, const bool chained)
{
	vcrypto_vq_run_set(r, id, VCRYPTO_SYM_RUN_HDR, iova,
			   VCRYPTO_DATA_PREFIX_LEN);
	vcrypto_vq_run_set(r, id, VCRYPTO_SYM_RUN_IV, iova + VCRYPTO_REQ_IV_OFF,
			   iv_len);
	vcrypto_vq_run_set(r, id, vcrypto_sym_run_status(chained),
			   iova + VCRYPTO_REQ_STATUS_OFF, 1);
}

static __rte_always_inline void
vcrypto_sym_run_entries(const struct vcrypto_vq_run *r, uint32_t id,
			uint64_t iova, const struct rte_crypto_sym_op *sym,
			const struct rte_mbuf *src, const struct rte_mbuf *dst,
			const struct vcrypto_sym_span *sp, const bool chained,
			const bool verify, uint16_t digest_len)
{
	uint64_t src_iova = rte_pktmbuf_iova_offset(src, sp->base);

	vcrypto_vq_run_set(r, id, VCRYPTO_SYM_RUN_SRC, src_iova, sp->len);
	vcrypto_vq_run_set(r, id, VCRYPTO_SYM_RUN_DST, dst == src ? src_iova :
			   rte_pktmbuf_iova_offset(dst, sp->base), sp->len);
	if (chained)
		vcrypto_vq_run_set(r, id, VCRYPTO_SYM_RUN_MAC, verify ?
				   iova + VCRYPTO_REQ_DIGEST_OFF :
				   sym->auth.digest.phys_addr, digest_len);
}

/*
 * The span lies in the first pieces of src and dst, within the packets,
 * and both have a bus address (the run's one entry per data field). In
 * place (dst == src, the common case): one buffer to check.
 */
static __rte_always_inline bool
vcrypto_sym_run_fits(const struct rte_mbuf *src, const struct rte_mbuf *dst,
		     uint64_t end)
{
	if (end > src->data_len || end > rte_pktmbuf_pkt_len(src) ||
	    src->buf_iova == RTE_BAD_IOVA)
		return false;
	return dst == src ||
	       (end <= dst->data_len && end <= rte_pktmbuf_pkt_len(dst) &&
		dst->buf_iova != RTE_BAD_IOVA);
}

#endif /* VCRYPTO_SYM_LAYOUT_H */
