/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Symmetric service, the fast path: runs of the common op of one session
 * posted in place (vcrypto_sym_post_run()), the same requests
 * vcrypto_sym.c's builder makes, from the one description of them
 * (vcrypto_sym_layout.h).
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
#include "vcrypto_sym_layout.h"
#include "vcrypto_vq.h"

/*
 * Runs (vcrypto_sym_post_run()): each op of the session goes straight into
 * its id's table, tagged with the session's stamp, with the span, checks,
 * header lengths, slot and entries vcrypto_sym_layout.h describes for
 * both ways of posting. What the posting loop needs of the session is read
 * into locals before it.
 */

/* An op of the run's session (sess: the cryptodev session); not NULL. */
static __rte_always_inline bool
op_of(const struct rte_crypto_op *op, const void *sess)
{
	return op != NULL && op->type == RTE_CRYPTO_OP_TYPE_SYMMETRIC &&
	       op->sess_type == RTE_CRYPTO_OP_WITH_SESSION &&
	       op->sym->session == sess;
}

/*
 * Open a run for up to max ops. The ids whose tables do not keep the
 * session's tag get the fixed entries and, in their slots, the session's
 * prefix (also those of ids the run then leaves unused: they are free,
 * and keep it for the next run).
 * @return ops the run can post.
 */
static __rte_always_inline uint16_t
run_open(const struct vcrypto_sym_sess *s, uint16_t max,
	 struct vcrypto_vq *vq, struct vcrypto_req *reqs, uint64_t reqs_iova,
	 const bool chained, struct vcrypto_vq_run *r)
{
	uint64_t iova, u;
	uint32_t id;
	int room;

	max = RTE_MIN(max, (uint16_t)VCRYPTO_VQ_RUN_MAX);
	room = vcrypto_vq_run_open(vq, s->stamp, VCRYPTO_SYM_RUN_NR_RO,
				   vcrypto_sym_run_nr_wo(chained), max, r);
	if (room <= 0)
		return 0;
	for (u = r->unkept; u != 0; u &= u - 1) {
		id = vcrypto_vq_run_id(r, rte_bsf64(u));
		iova = reqs_iova + (uint64_t)id * sizeof(*reqs);
		reqs[id].hdr = s->tmpl;
		vcrypto_sym_run_fixed(r, id, iova, s->iv_len, chained);
		vcrypto_vq_run_keep(r, id);
	}
	return room;
}

/*
 * The posting loop of one mode (chained, verify) and IV length. An op
 * whose span is refused or does not lie in the first pieces ends the run:
 * the general way posts it or tells what is wrong.
 */
static __rte_always_inline uint16_t
run(const struct vcrypto_sym_sess *s, const void *sess,
    struct rte_crypto_op **ops, uint16_t max, struct vcrypto_vq *vq,
    struct vcrypto_req *reqs, uint64_t reqs_iova, uintptr_t tag,
    const uint16_t iv_len, const bool chained, const bool verify)
{
	const uint32_t block_mask = s->block_mask;
	const uint32_t direct_max = s->direct_max;
	const uint16_t iv_offset = s->iv_offset;
	const uint16_t digest_len = chained ? s->digest_len : 0;
	struct rte_crypto_sym_op *sym;
	struct vcrypto_sym_span sp;
	struct vcrypto_vq_run r;
	struct rte_crypto_op *op;
	struct rte_mbuf *src, *dst;
	struct vcrypto_req *req;
	uint32_t k, room, id;

	room = run_open(s, max, vq, reqs, reqs_iova, chained, &r);
	for (k = 0; k < room; k++) {
		op = ops[k];
		if (!op_of(op, sess))
			break;
		sym = op->sym;
		src = sym->m_src;
		dst = sym->m_dst ? sym->m_dst : src;
		if (src == NULL || vcrypto_sym_span(sym, chained, verify,
				block_mask, direct_max, &sp) != 0 ||
		    !vcrypto_sym_run_fits(src, dst, sp.end))
			break;
		id = vcrypto_vq_run_id(&r, k);
		req = &reqs[id];
		vcrypto_sym_slot(req, op, iv_offset, iv_len, verify,
				 digest_len);
		vcrypto_sym_lengths(req, sym, &sp, chained);
		vcrypto_sym_run_entries(&r, id, reqs_iova +
					(uint64_t)id * sizeof(*req), sym, src,
					dst, &sp, chained, verify, digest_len);
		/* A verify's MAC is compared at completion. */
		vcrypto_vq_run_post(&r, id,
				    vcrypto_sym_wlen(&sp, chained, digest_len),
				    vcrypto_req_cookie(op, verify, tag));
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
     struct vcrypto_req *reqs, uint64_t reqs_iova, uintptr_t tag) \
{ \
	return body(s, sess, ops, max, vq, reqs, reqs_iova, tag, \
		    __VA_ARGS__); \
}
RUN_LOOP(run_cipher_iv16, run, 16, false, false)
RUN_LOOP(run_cipher_iv, run, s->iv_len, false, false)
RUN_LOOP(run_gen_iv16, run, 16, true, false)
RUN_LOOP(run_gen_iv, run, s->iv_len, true, false)
RUN_LOOP(run_verify_iv16, run, 16, true, true)
RUN_LOOP(run_verify_iv, run, s->iv_len, true, true)

uint16_t
vcrypto_sym_post_run(const struct vcrypto_sym_sess *s, const void *sess,
		     struct rte_crypto_op **ops, uint16_t max,
		     struct vcrypto_vq *vq, struct vcrypto_req *reqs,
		     uint64_t reqs_iova, uintptr_t tag)
{
	bool iv16 = s->iv_len == 16;

	RTE_ASSERT(s->direct);
	switch (s->mode) {
	case VCRYPTO_SYM_CIPHER:
		return (iv16 ? run_cipher_iv16 : run_cipher_iv)(s, sess, ops,
			max, vq, reqs, reqs_iova, tag);
	case VCRYPTO_SYM_CIPHER_MAC:
		return (iv16 ? run_gen_iv16 : run_gen_iv)(s, sess, ops,
			max, vq, reqs, reqs_iova, tag);
	case VCRYPTO_SYM_MAC_CIPHER:
		return (iv16 ? run_verify_iv16 : run_verify_iv)(s, sess, ops,
			max, vq, reqs, reqs_iova, tag);
	default:
		return 0;
	}
}
