/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Symmetric service, the fast path: runs of the common op of one session
 * posted in place (vcrypto_sym_post_run()), the same requests
 * vcrypto_sym.c's builders make (build_cipher(), build_chain()).
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_cryptodev.h>
#include <rte_mbuf.h>
#include <rte_memcpy.h>

#include "vcrypto_req.h"
#include "vcrypto_sym.h"
#include "vcrypto_vq.h"

/*
 * Runs (vcrypto_sym_post_run()): each op of the session goes straight into
 * its id's table, tagged with the session's stamp, in the layout
 * build_cipher() and build_chain() give it: prefix, IV | source |
 * destination, [MAC,] status. What the posting loop needs of the session
 * is read into locals before it.
 */

/* An op of the run's session (sess: the cryptodev session). */
static __rte_always_inline bool
op_of(const struct rte_crypto_op *op, const void *sess)
{
	return op->type == RTE_CRYPTO_OP_TYPE_SYMMETRIC &&
	       op->sess_type == RTE_CRYPTO_OP_WITH_SESSION &&
	       op->sym->session == sess;
}

/*
 * The first end bytes of src and of dst lie in their first pieces, within
 * the packet. In place (dst == src, the common case): one buffer to check.
 */
static __rte_always_inline bool
data_in_first(const struct rte_mbuf *src, const struct rte_mbuf *dst,
	      uint64_t end)
{
	if (end > src->data_len || end > rte_pktmbuf_pkt_len(src))
		return false;
	return dst == src ||
	       (end <= dst->data_len && end <= rte_pktmbuf_pkt_len(dst));
}

/*
 * Open a run for the ops of sess at the head of ops[0..max) (nr_wo
 * writable entries). The ids whose tables do not keep the session's tag
 * get the fixed entries (prefix, IV, status last) and, in their slots,
 * the session's prefix.
 * @return ops the run can post.
 */
static __rte_always_inline uint16_t
run_open(const struct vcrypto_sym_sess *s, const void *sess,
	 struct rte_crypto_op **ops, uint16_t max, struct vcrypto_vq *vq,
	 struct vcrypto_req *reqs, uint64_t reqs_iova, uint16_t nr_wo,
	 struct vcrypto_vq_run *r)
{
	uint64_t iova, u;
	uint32_t id;
	uint16_t n;
	int room;

	max = RTE_MIN(max, (uint16_t)VCRYPTO_VQ_RUN_MAX);
	for (n = 0; n < max && op_of(ops[n], sess); n++)
		;
	room = vcrypto_vq_run_open(vq, s->stamp, 3, nr_wo, n, r);
	if (room <= 0)
		return 0;
	for (u = r->unkept; u != 0; u &= u - 1) {
		id = vcrypto_vq_run_id(r, rte_bsf64(u));
		iova = reqs_iova + (uint64_t)id * sizeof(*reqs);
		reqs[id].hdr = s->tmpl;
		vcrypto_vq_run_set(r, id, 0, iova, VCRYPTO_DATA_PREFIX_LEN);
		vcrypto_vq_run_set(r, id, 1, iova + VCRYPTO_REQ_IV_OFF,
				   s->iv_len);
		vcrypto_vq_run_set(r, id, 2 + nr_wo,
				   iova + VCRYPTO_REQ_STATUS_OFF, 1);
		vcrypto_vq_run_keep(r, id);
	}
	return room;
}

/* Start op's request in its slot: the IV (iv_len: a constant in each
 * loop) and the status. */
static __rte_always_inline void
run_start(struct rte_crypto_op *op, uint16_t iv_offset, uint16_t iv_len,
	  struct vcrypto_req *req)
{
	vcrypto_req_copy_iv(req, op, iv_offset, iv_len);
	req->status = VCRYPTO_REQ_STATUS_UNSET;
}

/* Source and destination: len bytes from off of each. */
static __rte_always_inline void
run_data(const struct vcrypto_vq_run *r, uint32_t id,
	 const struct rte_mbuf *src, const struct rte_mbuf *dst,
	 uint32_t off, uint32_t len)
{
	uint64_t src_iova = rte_pktmbuf_iova_offset(src, off);

	vcrypto_vq_run_set(r, id, 2, src_iova, len);
	vcrypto_vq_run_set(r, id, 3, dst == src ? src_iova :
			   rte_pktmbuf_iova_offset(dst, off), len);
}

/* Cipher: prefix, IV, source | destination, status (build_cipher()). */
static __rte_always_inline uint16_t
run_cipher(const struct vcrypto_sym_sess *s, const void *sess,
	   struct rte_crypto_op **ops, uint16_t max, struct vcrypto_vq *vq,
	   struct vcrypto_req *reqs, uint64_t reqs_iova, const uint16_t iv_len)
{
	const uint32_t block_mask = s->block_mask;
	const uint32_t direct_max = s->direct_max;
	const uint16_t iv_offset = s->iv_offset;
	struct virtio_crypto_cipher_para *p;
	struct vcrypto_vq_run r;
	struct rte_crypto_op *op;
	struct rte_mbuf *src, *dst;
	struct vcrypto_req *req;
	uint32_t k, room, id;
	uint32_t off, len;

	room = run_open(s, sess, ops, max, vq, reqs, reqs_iova, 2, &r);
	for (k = 0; k < room; k++) {
		op = ops[k];
		src = op->sym->m_src;
		dst = op->sym->m_dst ? op->sym->m_dst : src;
		off = op->sym->cipher.data.offset;
		len = op->sym->cipher.data.length;
		/* What build_cipher() checks, and the data in the first
		 * pieces. */
		if (src == NULL || len == 0 || (len & block_mask) != 0 ||
		    len > direct_max ||
		    !data_in_first(src, dst, (uint64_t)off + len))
			break;
		id = vcrypto_vq_run_id(&r, k);
		req = &reqs[id];
		run_start(op, iv_offset, iv_len, req);
		p = &req->hdr.u.sym_req.u.cipher.para;
		p->src_data_len = rte_cpu_to_le_32(len);
		p->dst_data_len = rte_cpu_to_le_32(len);
		run_data(&r, id, src, dst, off, len);
		vcrypto_vq_run_post(&r, id, len + 1,
				    vcrypto_req_cookie(op, false));
	}
	if (room > 0)
		vcrypto_vq_run_close(vq, &r);
	return k;
}

/*
 * Chained: prefix, IV, source | destination, MAC, status (build_chain()).
 * With the data in the first piece of the destination, vhost-crypto's
 * write-back layout (build_chain()) is never the refused one.
 */
static __rte_always_inline uint16_t
run_chain(const struct vcrypto_sym_sess *s, const void *sess,
	  struct rte_crypto_op **ops, uint16_t max, struct vcrypto_vq *vq,
	  struct vcrypto_req *reqs, uint64_t reqs_iova, const uint16_t iv_len,
	  const bool verify)
{
	const uint32_t block_mask = s->block_mask;
	const uint32_t direct_max = s->direct_max;
	const uint16_t iv_offset = s->iv_offset;
	const uint16_t digest_len = s->digest_len;
	struct virtio_crypto_alg_chain_data_para *p;
	uint32_t c_off, c_len, a_off, a_len, base, len;
	struct rte_crypto_sym_op *sym;
	struct vcrypto_vq_run r;
	struct rte_crypto_op *op;
	struct rte_mbuf *src, *dst;
	struct vcrypto_req *req;
	uint32_t k, room, id;
	uint64_t end;

	room = run_open(s, sess, ops, max, vq, reqs, reqs_iova, 3, &r);
	for (k = 0; k < room; k++) {
		op = ops[k];
		sym = op->sym;
		src = sym->m_src;
		dst = sym->m_dst ? sym->m_dst : src;
		c_off = sym->cipher.data.offset;
		c_len = sym->cipher.data.length;
		a_off = sym->auth.data.offset;
		a_len = sym->auth.data.length;
		base = RTE_MIN(c_off, a_off);
		end = RTE_MAX((uint64_t)c_off + c_len, (uint64_t)a_off + a_len);
		if (src == NULL || c_len == 0 || a_len == 0 ||
		    (c_len & block_mask) != 0 ||
		    !data_in_first(src, dst, end) ||
		    sym->auth.digest.data == NULL || end - base > direct_max)
			break;
		len = (uint32_t)(end - base);
		id = vcrypto_vq_run_id(&r, k);
		req = &reqs[id];
		run_start(op, iv_offset, iv_len, req);
		p = &req->hdr.u.sym_req.u.chain.para;
		p->src_data_len = rte_cpu_to_le_32(len);
		p->dst_data_len = p->src_data_len;
		p->cipher_start_src_offset = rte_cpu_to_le_32(c_off - base);
		p->len_to_cipher = rte_cpu_to_le_32(c_len);
		p->hash_start_src_offset = rte_cpu_to_le_32(a_off - base);
		p->len_to_hash = rte_cpu_to_le_32(a_len);
		run_data(&r, id, src, dst, base, len);
		if (!verify) {
			vcrypto_vq_run_set(&r, id, 4, sym->auth.digest.phys_addr,
					   digest_len);
		} else {
			memcpy(req->digest, sym->auth.digest.data, digest_len);
			vcrypto_vq_run_set(&r, id, 4, reqs_iova +
					   (uint64_t)id * sizeof(*req) +
					   VCRYPTO_REQ_DIGEST_OFF, digest_len);
		}
		/* A verify's MAC is compared at completion. */
		vcrypto_vq_run_post(&r, id, len + digest_len + 1,
				    vcrypto_req_cookie(op, verify));
	}
	if (room > 0)
		vcrypto_vq_run_close(vq, &r);
	return k;
}

/*
 * One loop each for the 16-byte IV (AES: a 16-byte move, and one value
 * less to keep in a register) and for others, and for MAC generate and
 * verify. Never inlined: each loop gets the registers to itself (inlined
 * into the burst, gcc spilled nearly every value of the loop).
 */
#define RUN_LOOP(name, body, ...) \
static __rte_noinline uint16_t \
name(const struct vcrypto_sym_sess *s, const void *sess, \
     struct rte_crypto_op **ops, uint16_t max, struct vcrypto_vq *vq, \
     struct vcrypto_req *reqs, uint64_t reqs_iova) \
{ \
	return body(s, sess, ops, max, vq, reqs, reqs_iova, __VA_ARGS__); \
}
RUN_LOOP(run_cipher_iv16, run_cipher, 16)
RUN_LOOP(run_cipher_iv, run_cipher, s->iv_len)
RUN_LOOP(run_gen_iv16, run_chain, 16, false)
RUN_LOOP(run_gen_iv, run_chain, s->iv_len, false)
RUN_LOOP(run_verify_iv16, run_chain, 16, true)
RUN_LOOP(run_verify_iv, run_chain, s->iv_len, true)

uint16_t
vcrypto_sym_post_run(const struct vcrypto_sym_sess *s, const void *sess,
		     struct rte_crypto_op **ops, uint16_t max,
		     struct vcrypto_vq *vq, struct vcrypto_req *reqs,
		     uint64_t reqs_iova)
{
	bool iv16 = s->iv_len == 16;

	RTE_ASSERT(s->direct);
	switch (s->mode) {
	case VCRYPTO_SYM_CIPHER:
		return (iv16 ? run_cipher_iv16 : run_cipher_iv)(s, sess, ops,
			max, vq, reqs, reqs_iova);
	case VCRYPTO_SYM_CIPHER_MAC:
		return (iv16 ? run_gen_iv16 : run_gen_iv)(s, sess, ops,
			max, vq, reqs, reqs_iova);
	case VCRYPTO_SYM_MAC_CIPHER:
		return (iv16 ? run_verify_iv16 : run_verify_iv)(s, sess, ops,
			max, vq, reqs, reqs_iova);
	default:
		return 0;
	}
}
