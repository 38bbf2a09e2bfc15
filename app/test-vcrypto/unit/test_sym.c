/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Unit tests of the symmetric service (vcrypto_sym.c, vcrypto_sym_run.c,
 * the request description in vcrypto_sym_layout.h): chained cipher + MAC
 * requests (generate and verify) on both ways of posting (a run: data in
 * the first piece; the general builder: mbuf chains), and what a caller
 * or a session lifetime must not get through: another device's session, a
 * MAC verify whose session is cleared in flight, bus address 0 or
 * RTE_BAD_IOVA, NULL key data, a NULL op, ranges a byte too long. Through
 * the data path (vcrypto_dp.c) over the real queue, with the software
 * model as the device (dq_fixture.c, dp_fixture.c).
 */
#include "dq_fixture.c"

/* The last request the device saw was posted by a run (its id's table
 * keeps a session's tag), not by the general builder. */
static bool
last_was_run(void)
{
	uint64_t slot = dpf.last.segs[0].iova - dq.qp->reqs_iova;

	return dq.qp->vq->req[slot / sizeof(struct vcrypto_req)].tag != 0;
}

/* Session i: chained (dpf_make_chain()) on the queue's device. */
static int
make_chain(unsigned int i, bool verify)
{
	dq.dev.lim.mac_mask = UINT64_MAX;
	dq.dev.lim.max_auth_key_len = 128;
	return dpf_make_chain(&dq.dev, i, verify);
}

/* Source of path 0 (a run: one piece) or 1 (general: three pieces). */
static struct rte_mbuf *
src_of(unsigned int path, uint8_t pat)
{
	static const uint16_t lens[] = { 40, 30, 58 };

	return path == 0 ? dpf_flat(0, 128, pat) : dpf_chain(0, lens, 3, pat);
}

/*
 * Encrypt then MAC generate, as IPsec ESP does: MAC over [0, 96), cipher
 * over [16, 96). The device writes the MAC straight into the op's digest;
 * the header says where each range starts within the span.
 */
static void
t_chain_generate(void)
{
	struct rte_crypto_op *op, *out[4];
	uint8_t want[DPF_MAC_LEN];
	unsigned int path;

	for (path = 0; path < 2; path++) {
		if (!dq_up(true, DQ_SIZE))
			return;
		UT_ASSERT_EQ(make_chain(0, false), 0);
		op = dpf_chain_op(0, 0, src_of(path, 5), NULL, 16, 80, 0, 96);
		dpf_mac_of(op->sym->m_src, 0, 96, want);
		UT_ASSERT_EQ(vcrypto_dp_enqueue(dq.qp, dpf_ops, 1), 1);
		device_completes();
		UT_ASSERT_EQ(vcrypto_dp_dequeue(dq.qp, out, 4), 1);
		DPF_CLEAN(dq.m);
		UT_ASSERT_EQ(last_was_run(), path == 0);
		UT_ASSERT_EQ(op->status, RTE_CRYPTO_OP_STATUS_SUCCESS);
		UT_ASSERT(dpf_check_output(op, 5));
		UT_ASSERT(memcmp(dpf_digest[0], want, DPF_MAC_LEN) == 0);
		/* [72][iv][src x n][dst x n][MAC][status] */
		UT_ASSERT_EQ(dpf.last.nseg, path == 0 ? 6 : 2 + 3 + 3 + 2);
		UT_ASSERT_EQ(dpf.last.segs[dpf.last.nseg - 2].iova,
			     (uintptr_t)dpf_digest[0]);
		UT_ASSERT_EQ(dpf_le32(dpf.last.prefix, 0),
			     VIRTIO_CRYPTO_CIPHER_ENCRYPT);
		UT_ASSERT_EQ(dpf_le32(dpf.last.prefix, 28), 96);
		UT_ASSERT_EQ(dpf_le32(dpf.last.prefix, 36), 16);
		UT_ASSERT_EQ(dpf_le32(dpf.last.prefix, 40), 80);
		UT_ASSERT_EQ(dpf_le32(dpf.last.prefix, 44), 0);
		UT_ASSERT_EQ(dpf_le32(dpf.last.prefix, 48), 96);
		UT_ASSERT_EQ(dpf_le32(dpf.last.prefix, 56), DPF_MAC_LEN);
		DPF_ASSERT_STATS_CONSISTENT(dq.qp);
		teardown();
	}
}

/*
 * MAC verify then decrypt: the right MAC verifies, a MAC one bit off does
 * not (AUTH_FAILED), for a device that writes the computed MAC back (the
 * standard) and for one that compares in place and answers ERR
 * (vhost-crypto); on both ways of posting, several ops in one burst.
 */
static void
t_chain_verify(void)
{
	struct rte_crypto_op *op;
	unsigned int path, dev, k;

	for (path = 0; path < 2; path++)
		for (dev = 0; dev < 2; dev++) {
			if (!dq_up(true, DQ_SIZE))
				return;
			dpf.verify_in_place = dev == 1;
			UT_ASSERT_EQ(make_chain(0, true), 0);
			/* Run: four ops on disjoint spans of one mbuf. */
			dpf_flat(0, 192, 7);
			for (k = 0; k < 4; k++) {
				op = dpf_chain_op(k, 0, path == 0 ? dpf_mb[0] :
					src_of(1, k), NULL, 48 * k + 16, 32,
					48 * k, 48);
				dpf_mac_of(op->sym->m_src, 48 * k, 48,
					   dpf_digest[k]);
				if (k & 1)	/* a forged MAC */
					dpf_digest[k][k * 3] ^= 0x10;
				if (path == 1)
					break;	/* one chain at a time */
			}
			k = path == 0 ? 4 : 1;
			UT_ASSERT_EQ(vcrypto_dp_enqueue(dq.qp, dpf_ops, k), k);
			UT_ASSERT_EQ(last_was_run(), path == 0);
			device_completes();
			UT_ASSERT_EQ(collect(DPF_NB_OPS), k);
			DPF_CLEAN(dq.m);
			for (k = 0; k < (path == 0 ? 4u : 1u); k++)
				UT_ASSERT_EQ(dpf_ops[k]->status * 100 + k,
					(k & 1 ? RTE_CRYPTO_OP_STATUS_AUTH_FAILED :
					 RTE_CRYPTO_OP_STATUS_SUCCESS) * 100 + k);
			if (path == 1) {
				/* The forged one on the general way too. */
				op = dpf_chain_op(1, 0, src_of(1, 9), NULL, 16,
						  32, 0, 48);
				dpf_mac_of(op->sym->m_src, 0, 48, dpf_digest[1]);
				dpf_digest[1][DPF_MAC_LEN - 1] ^= 1;
				UT_ASSERT_EQ(vcrypto_dp_enqueue(dq.qp, &dpf_ops[1],
								1), 1);
				device_completes();
				UT_ASSERT_EQ(collect(DPF_NB_OPS), 1);
				UT_ASSERT_EQ(op->status,
					     RTE_CRYPTO_OP_STATUS_AUTH_FAILED);
			}
			DPF_ASSERT_STATS_CONSISTENT(dq.qp);
			teardown();
		}
}

/*
 * Defect 8 (issue 16): a MAC verify in flight while its session is
 * cleared. The verdict must not depend on the session: a wrong MAC is
 * AUTH_FAILED, not SUCCESS.
 */
static void
t_verify_session_cleared(void)
{
	struct rte_crypto_op *op;
	unsigned int path;

	for (path = 0; path < 2; path++) {
		if (!dq_up(true, DQ_SIZE))
			return;
		UT_ASSERT_EQ(make_chain(0, true), 0);
		op = dpf_chain_op(0, 0, src_of(path, 3), NULL, 16, 64, 0, 80);
		dpf_mac_of(op->sym->m_src, 0, 80, dpf_digest[0]);
		dpf_digest[0][0] ^= 0x80;
		UT_ASSERT_EQ(vcrypto_dp_enqueue(dq.qp, dpf_ops, 1), 1);
		vcrypto_sym_session_destroy(&dq.dev, dpf_priv(0));
		device_completes();
		UT_ASSERT_EQ(collect(DPF_NB_OPS), 1);
		UT_ASSERT_EQ(op->status, RTE_CRYPTO_OP_STATUS_AUTH_FAILED);
		teardown();
	}
}

/* Defect 3: a session made on another device is INVALID_SESSION. */
static void
t_other_device_session(void)
{
	static struct vcrypto_dev other;
	struct rte_crypto_op *op;
	unsigned int path;

	for (path = 0; path < 2; path++) {
		if (!dq_up_cbc())
			return;
		memset(&other, 0, sizeof(other));
		other.lim = dq.dev.lim;
		rte_spinlock_init(&other.fail_lock);
		UT_ASSERT_EQ(make_sess(0, RTE_CRYPTO_CIPHER_AES_CBC, true, 16,
				       16), 0);
		UT_ASSERT_EQ(dpf_make_sess(&other, 1, RTE_CRYPTO_CIPHER_AES_CBC,
					   true, 16, 16), 0);
		op = dpf_op(0, 1, src_of(path, 1), NULL, 0, 64);
		REFUSED(op, RTE_CRYPTO_OP_STATUS_INVALID_SESSION);
		/* Same device: goes. */
		op = dpf_op(0, 0, src_of(path, 1), NULL, 0, 64);
		UT_ASSERT_EQ(vcrypto_dp_enqueue(dq.qp, dpf_ops, 1), 1);
		device_completes();
		UT_ASSERT_EQ(collect(DPF_NB_OPS), 1);
		UT_ASSERT_EQ(op->status, RTE_CRYPTO_OP_STATUS_SUCCESS);
		DPF_CLEAN(dq.m);
		teardown();
	}
}

/*
 * Defect 5: MAC generate into bus address 0 (or RTE_BAD_IOVA) with
 * digest.data set: refused, nothing posted.
 */
static void
t_digest_no_iova(void)
{
	struct rte_crypto_op *op;
	unsigned int path, bad;

	for (path = 0; path < 2; path++) {
		if (!dq_up(true, DQ_SIZE))
			return;
		UT_ASSERT_EQ(make_chain(0, false), 0);
		for (bad = 0; bad < 2; bad++) {
			op = dpf_chain_op(0, 0, src_of(path, 1), NULL, 16, 64,
					  0, 80);
			op->sym->auth.digest.phys_addr = bad ? RTE_BAD_IOVA : 0;
			REFUSED(op, RTE_CRYPTO_OP_STATUS_INVALID_ARGS);
		}
		op = dpf_chain_op(0, 0, src_of(path, 1), NULL, 16, 64, 0, 80);
		op->sym->auth.digest.data = NULL;
		REFUSED(op, RTE_CRYPTO_OP_STATUS_INVALID_ARGS);
		DPF_CLEAN(dq.m);
		teardown();
	}
}

/*
 * Defect 6: a mbuf without a bus address (external memory never
 * registered: buf_iova RTE_BAD_IOVA), as source or destination, first
 * piece or later: refused, nothing posted.
 */
static void
t_mbuf_bad_iova(void)
{
	struct rte_crypto_op *op;
	unsigned int path, which;

	for (path = 0; path < 2; path++) {
		if (!dq_up_cbc())
			return;
		for (which = 0; which < 3; which++) {
			op = dpf_op(0, 0, src_of(path, 1), which == 0 ? NULL :
				    dpf_flat(1, 128, 2), 0, 64);
			if (which == 2)
				dpf_mb[1][0].buf_iova = RTE_BAD_IOVA;
			else
				dpf_mb[0][path].buf_iova = RTE_BAD_IOVA;
			REFUSED(op, RTE_CRYPTO_OP_STATUS_INVALID_ARGS);
		}
		DPF_CLEAN(dq.m);
		teardown();
	}
}

/* Defect 12: key data NULL with a length: -EINVAL, nothing sent. */
static void
t_key_null(void)
{
	struct rte_crypto_sym_xform x[2];

	if (!dq_up(true, DQ_SIZE))
		return;
	dq.dev.lim.mac_mask = UINT64_MAX;
	dq.dev.lim.max_auth_key_len = 128;
	memset(x, 0, sizeof(x));
	x[0].type = RTE_CRYPTO_SYM_XFORM_CIPHER;
	x[0].cipher.op = RTE_CRYPTO_CIPHER_OP_ENCRYPT;
	x[0].cipher.algo = RTE_CRYPTO_CIPHER_AES_CBC;
	x[0].cipher.key.length = 16;
	x[0].cipher.iv.length = 16;
	dpf_sess_blank(0);
	UT_ASSERT_EQ(vcrypto_sym_session_create(&dq.dev, x, dpf_priv(0)),
		     -EINVAL);
	x[0].cipher.key.data = dpf_key;
	x[0].next = &x[1];
	x[1].type = RTE_CRYPTO_SYM_XFORM_AUTH;
	x[1].auth.op = RTE_CRYPTO_AUTH_OP_GENERATE;
	x[1].auth.algo = RTE_CRYPTO_AUTH_SHA256_HMAC;
	x[1].auth.key.length = 32;
	x[1].auth.digest_length = 16;
	UT_ASSERT_EQ(vcrypto_sym_session_create(&dq.dev, x, dpf_priv(0)),
		     -EINVAL);
	UT_ASSERT_EQ(ctl.creates, 0);
	x[1].auth.key.data = dpf_key;
	UT_ASSERT_EQ(vcrypto_sym_session_create(&dq.dev, x, dpf_priv(0)), 0);
	UT_ASSERT_EQ(ctl.creates, 1);
}

/*
 * Defect 12: a NULL op in a burst ends it there (documented in
 * vcrypto_dp.h): the ops before it go, nothing crashes; first, middle, in
 * a run and after a general op.
 */
static void
t_null_op_in_burst(void)
{
	static const uint16_t lens[] = { 30, 34 };
	unsigned int i;

	if (!dq_up_cbc())
		return;
	for (i = 0; i < 4; i++)
		dpf_op(i, 0, dpf_flat(0, 64, 1), NULL, 0, 64);
	dpf_ops[2] = NULL;
	UT_ASSERT_EQ(vcrypto_dp_enqueue(dq.qp, dpf_ops, 4), 2);
	UT_ASSERT_EQ(dq.qp->stats.enqueue_err_count, 0);
	dpf_ops[0] = NULL;
	UT_ASSERT_EQ(vcrypto_dp_enqueue(dq.qp, dpf_ops, 4), 0);
	dpf_op(0, 0, dpf_chain(1, lens, 2, 1), NULL, 0, 64);	/* general */
	dpf_ops[1] = NULL;
	UT_ASSERT_EQ(vcrypto_dp_enqueue(dq.qp, dpf_ops, 4), 1);
	device_completes();
	UT_ASSERT_EQ(collect(DPF_NB_OPS), 3);
	DPF_ASSERT_STATS_CONSISTENT(dq.qp);
	DPF_CLEAN(dq.m);
}

/*
 * An 8-byte IV (3DES-CBC) is copied into the request (the 16-byte one is
 * a move of its own): the device sees the op's IV, on both ways.
 */
static void
t_iv8(void)
{
	struct rte_crypto_op *op;
	unsigned int path;

	for (path = 0; path < 2; path++) {
		if (!dq_up(true, DQ_SIZE))
			return;
		UT_ASSERT_EQ(make_sess(0, RTE_CRYPTO_CIPHER_3DES_CBC, true, 24,
				       8), 0);
		op = dpf_op(0, 0, src_of(path, 4), NULL, 8, 64);
		UT_ASSERT_EQ(vcrypto_dp_enqueue(dq.qp, dpf_ops, 1), 1);
		device_completes();
		UT_ASSERT_EQ(collect(DPF_NB_OPS), 1);
		DPF_CLEAN(dq.m);
		UT_ASSERT_EQ(last_was_run(), path == 0);
		UT_ASSERT_EQ(op->status, RTE_CRYPTO_OP_STATUS_SUCCESS);
		UT_ASSERT_EQ(dpf.last.segs[1].len, 8);
		UT_ASSERT(memcmp(dpf.last.iv, dpf_iv(0), 8) == 0);
		UT_ASSERT_EQ(*dpf_byte(op->sym->m_src, 8),
			     dpf_cipher((uint8_t)(4 + 8 * 13u), dpf_iv(0), 8,
					0));
		teardown();
	}
}

/*
 * A range one byte past the data, in the source or the destination, in
 * the first piece (a run's check) or the chain (the general one): refused.
 * Exactly to the end: taken.
 */
static void
t_range_one_past(void)
{
	static const uint16_t lens[] = { 40, 24 };
	struct rte_crypto_op *op;
	unsigned int path;

	for (path = 0; path < 2; path++) {
		if (!dq_up(true, DQ_SIZE))
			return;
		UT_ASSERT_EQ(make_sess(0, RTE_CRYPTO_CIPHER_AES_CTR, true, 16,
				       16), 0);
		/* Source: 64 bytes in one piece or two. */
		op = dpf_op(0, 0, path == 0 ? dpf_flat(0, 64, 1) :
			    dpf_chain(0, lens, 2, 1), NULL, 1, 64);
		REFUSED(op, RTE_CRYPTO_OP_STATUS_INVALID_ARGS);
		/* Destination a byte short. */
		op = dpf_op(0, 0, dpf_flat(1, 80, 1), path == 0 ?
			    dpf_flat(0, 64, 1) : dpf_chain(0, lens, 2, 1), 1,
			    64);
		REFUSED(op, RTE_CRYPTO_OP_STATUS_INVALID_ARGS);
		/* pkt_len a byte short of what the pieces hold. */
		op = dpf_op(0, 0, path == 0 ? dpf_flat(0, 64, 1) :
			    dpf_chain(0, lens, 2, 1), NULL, 0, 64);
		dpf_mb[0][0].pkt_len--;
		REFUSED(op, RTE_CRYPTO_OP_STATUS_INVALID_ARGS);
		op = dpf_op(0, 0, path == 0 ? dpf_flat(0, 64, 1) :
			    dpf_chain(0, lens, 2, 1), dpf_flat(1, 80, 1), 0,
			    64);
		dpf_mb[0][0].pkt_len--;
		REFUSED(op, RTE_CRYPTO_OP_STATUS_INVALID_ARGS);
		/* A piece shorter than pkt_len says. */
		op = dpf_op(0, 0, path == 0 ? dpf_flat(0, 64, 1) :
			    dpf_chain(0, lens, 2, 1), NULL, 0, 64);
		dpf_mb[0][path].data_len--;
		REFUSED(op, RTE_CRYPTO_OP_STATUS_INVALID_ARGS);
		/* Exactly to the end. */
		op = dpf_op(0, 0, path == 0 ? dpf_flat(0, 64, 1) :
			    dpf_chain(0, lens, 2, 1), NULL, 1, 63);
		UT_ASSERT_EQ(vcrypto_dp_enqueue(dq.qp, dpf_ops, 1), 1);
		device_completes();
		UT_ASSERT_EQ(collect(DPF_NB_OPS), 1);
		UT_ASSERT_EQ(op->status, RTE_CRYPTO_OP_STATUS_SUCCESS);
		UT_ASSERT_EQ(last_was_run(), path == 0);
		DPF_CLEAN(dq.m);
		teardown();
	}
}

/* Defect 9: request slots are wiped before their memory is freed. */
static void
t_slots_wiped_on_free(void)
{
	char name[RTE_MEMZONE_NAMESIZE];

	if (!dq_up_cbc())
		return;
	dpf_op(0, 0, dpf_flat(0, 64, 1), NULL, 0, 64);
	UT_ASSERT_EQ(vcrypto_dp_enqueue(dq.qp, dpf_ops, 1), 1);
	device_completes();
	UT_ASSERT_EQ(collect(DPF_NB_OPS), 1);
	snprintf(name, sizeof(name), "%s", dq.qp->mz->name);
	UT_ASSERT(!ut_memzone_freed_dirty(name));
	vcrypto_dp_queue_destroy(dq.qp);
	dq.qp = NULL;
	dq.dev.qps[0] = NULL;
	UT_ASSERT(!ut_memzone_freed_dirty(name));
}

static const struct ut_case cases[] = {
	{ "chain_generate", t_chain_generate },
	{ "chain_verify", t_chain_verify },
	{ "verify_session_cleared", t_verify_session_cleared },
	{ "other_device_session", t_other_device_session },
	{ "digest_no_iova", t_digest_no_iova },
	{ "mbuf_bad_iova", t_mbuf_bad_iova },
	{ "key_null", t_key_null },
	{ "null_op_in_burst", t_null_op_in_burst },
	{ "iv8", t_iv8 },
	{ "range_one_past", t_range_one_past },
	{ "slots_wiped_on_free", t_slots_wiped_on_free },
};

int
main(void)
{
	return ut_run(cases, RTE_DIM(cases), teardown) == 0 ? 0 : 1;
}
