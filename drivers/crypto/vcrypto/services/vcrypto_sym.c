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
#include <rte_memcpy.h>
#include <cryptodev_pmd.h>

#include "vcrypto_algo.h"
#include "vcrypto_ctrl.h"
#include "vcrypto_dev.h"
#include "vcrypto_log.h"
#include "vcrypto_req.h"
#include "vcrypto_sym.h"
#include "vcrypto_sym_layout.h"

/* Largest key a trial cipher session uses (AES-XTS-256). */
#define TRIAL_KEY_MAX 64

static int
cipher_check(const struct vcrypto_dev *dev,
	     const struct rte_crypto_cipher_xform *x,
	     const struct vcrypto_cipher_algo **algo)
{
	const struct vcrypto_cipher_algo *a = vcrypto_cipher_by_rte(x->algo);

	if (a == NULL || !((dev->lim.cipher_mask >> a->virtio_id) & 1))
		return -ENOTSUP;
	if (x->key.data == NULL && x->key.length > 0)
		return -EINVAL;
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

/* The cipher half of a session, shared by cipher-only and chained modes. */
static void
set_cipher(struct vcrypto_sym_sess *sess, const struct vcrypto_cipher_algo *a,
	   const struct rte_crypto_cipher_xform *x)
{
	sess->cipher_algo = a->virtio_id;
	sess->opcode = x->op == RTE_CRYPTO_CIPHER_OP_ENCRYPT ?
		VIRTIO_CRYPTO_CIPHER_ENCRYPT : VIRTIO_CRYPTO_CIPHER_DECRYPT;
	sess->iv_offset = x->iv.offset;
	sess->iv_len = x->iv.length;
	/* Block modes need whole blocks; stream modes (CTR, XTS tail) not. */
	/* A mask, not a modulo: a division is a helper call under TCG. */
	RTE_BUILD_BUG_ON(sizeof(sess->block_mask) != sizeof(a->block_size));
	sess->block_mask = (a->rte == RTE_CRYPTO_CIPHER_AES_CBC ||
			    a->rte == RTE_CRYPTO_CIPHER_AES_ECB ||
			    a->rte == RTE_CRYPTO_CIPHER_3DES_CBC ||
			    a->rte == RTE_CRYPTO_CIPHER_3DES_ECB ||
			    a->rte == RTE_CRYPTO_CIPHER_DES_CBC) ?
			   a->block_size - 1 : 0;
	RTE_ASSERT(rte_is_power_of_2(sess->block_mask + 1));
}

/*
 * Keep a session's CREATE_SESSION request: the fixed part and the keys,
 * cipher key first (Control Virtqueue / chaining), to send it now and
 * again after every device reset.
 */
static int
keep_req(struct vcrypto_sym_create *c,
	 const struct virtio_crypto_sym_create_session_req *fixed,
	 const struct rte_crypto_cipher_xform *cx,
	 const struct rte_crypto_auth_xform *ax)
{
	uint16_t alen = ax != NULL ? ax->key.length : 0;

	RTE_BUILD_BUG_ON(sizeof(*fixed) != sizeof(c->fixed));
	if ((uint32_t)cx->key.length + alen > sizeof(c->keys))
		return -EINVAL;	/* the algorithm table allows less */
	memcpy(c->fixed, fixed, sizeof(c->fixed));
	memcpy(c->keys, cx->key.data, cx->key.length);
	if (alen > 0)
		memcpy(c->keys + cx->key.length, ax->key.data, alen);
	c->key_len[0] = cx->key.length;
	c->key_len[1] = alen;
	return 0;
}

/* Send a kept request on the control queue. */
static int
send_req(struct vcrypto_dev *dev, const struct vcrypto_sym_create *c,
	 uint32_t algo, uint64_t *sid)
{
	struct vcrypto_ctrl_create req;

	memset(&req, 0, sizeof(req));
	req.opcode = VIRTIO_CRYPTO_CIPHER_CREATE_SESSION;
	req.algo = algo;
	req.fixed = c->fixed;
	req.fixed_len = sizeof(c->fixed);
	req.var[0] = c->keys;
	req.var_len[0] = c->key_len[0];
	req.var[1] = c->keys + c->key_len[0];
	req.var_len[1] = c->key_len[1];
	return vcrypto_ctrl_session_create(dev, &req, sid);
}

/*
 * Create sess's device session from its kept request. The generation is
 * read first: a reset meanwhile can make the session look older than it
 * is (made once more, harmlessly), never newer.
 */
static int
sess_send(struct vcrypto_dev *dev, struct vcrypto_sym_sess *sess)
{
	uint32_t gen = dev->generation;
	int rc;

	rc = send_req(dev, &sess->req, sess->cipher_algo, &sess->session_id);
	if (rc == 0)
		sess->generation = gen;
	return rc;
}

static int
cipher_session(struct vcrypto_dev *dev, const struct rte_crypto_cipher_xform *x,
	       struct vcrypto_sym_sess *sess)
{
	struct virtio_crypto_sym_create_session_req fixed;
	const struct vcrypto_cipher_algo *a;
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
	rc = keep_req(&sess->req, &fixed, x, NULL);
	explicit_bzero(&fixed, sizeof(fixed));
	if (rc != 0)
		return rc;
	set_cipher(sess, a, x);
	rc = sess_send(dev, sess);
	if (rc == 0)
		sess->mode = VCRYPTO_SYM_CIPHER;
	return rc;
}

static int
mac_check(const struct vcrypto_dev *dev, const struct rte_crypto_auth_xform *x,
	  const struct vcrypto_mac_algo **algo)
{
	const struct vcrypto_mac_algo *a = vcrypto_mac_by_rte(x->algo);

	if (a == NULL || !((dev->lim.mac_mask >> a->virtio_id) & 1))
		return -ENOTSUP;
	if (x->key.data == NULL && x->key.length > 0)
		return -EINVAL;
	if (!vcrypto_range_has(&a->key, x->key.length) ||
	    x->key.length > dev->lim.max_auth_key_len ||
	    !vcrypto_range_has(&a->digest, x->digest_length) ||
	    x->digest_length > VCRYPTO_REQ_DIGEST_MAX || x->iv.length != 0) {
		VCRYPTO_CTRL_LOG(DEBUG, "%s: %s key %u digest %u IV %u not "
				 "allowed", dev->hw.name, a->name,
				 x->key.length, x->digest_length,
				 x->iv.length);
		return -EINVAL;
	}
	*algo = a;
	return 0;
}

/*
 * A chained session (Crypto Device / Control Virtqueue / chaining): cipher
 * parameters, then the MAC parameters in the 16-byte hash/MAC slot; keys
 * in the variable part, cipher key first. Kept in c.
 */
static int
chain_req(struct vcrypto_sym_create *c, const struct vcrypto_cipher_algo *ca,
	  const struct rte_crypto_cipher_xform *cx,
	  const struct vcrypto_mac_algo *ma,
	  const struct rte_crypto_auth_xform *ax, bool enc)
{
	struct virtio_crypto_sym_create_session_req fixed;
	struct virtio_crypto_alg_chain_session_para *p = &fixed.u.chain.para;
	int rc;

	memset(&fixed, 0, sizeof(fixed));
	p->alg_chain_order = rte_cpu_to_le_32(enc ?
		VIRTIO_CRYPTO_SYM_ALG_CHAIN_ORDER_CIPHER_THEN_HASH :
		VIRTIO_CRYPTO_SYM_ALG_CHAIN_ORDER_HASH_THEN_CIPHER);
	p->hash_mode = rte_cpu_to_le_32(VIRTIO_CRYPTO_SYM_HASH_MODE_AUTH);
	p->cipher_param.algo = rte_cpu_to_le_32(ca->virtio_id);
	p->cipher_param.keylen = rte_cpu_to_le_32(cx->key.length);
	p->cipher_param.op = rte_cpu_to_le_32(enc ? VIRTIO_CRYPTO_OP_ENCRYPT :
						    VIRTIO_CRYPTO_OP_DECRYPT);
	p->u.mac_param.algo = rte_cpu_to_le_32(ma->virtio_id);
	p->u.mac_param.hash_result_len = rte_cpu_to_le_32(ax->digest_length);
	p->u.mac_param.auth_key_len = rte_cpu_to_le_32(ax->key.length);
	fixed.op_type = rte_cpu_to_le_32(VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING);
	rc = keep_req(c, &fixed, cx, ax);
	explicit_bzero(&fixed, sizeof(fixed));
	return rc;
}

/*
 * The two chains DPDK users run (IPsec ESP): encrypt then MAC generate,
 * MAC verify then decrypt. The standard's chain order fixes which runs
 * first; other combinations have no clear meaning on the device.
 */
static int
chained(struct vcrypto_dev *dev, const struct rte_crypto_cipher_xform *cx,
	const struct rte_crypto_auth_xform *ax, bool cipher_first,
	struct vcrypto_sym_sess *sess)
{
	const struct vcrypto_cipher_algo *ca;
	const struct vcrypto_mac_algo *ma;
	bool enc = cx->op == RTE_CRYPTO_CIPHER_OP_ENCRYPT;
	int rc;

	rc = cipher_check(dev, cx, &ca);
	if (rc == 0)
		rc = mac_check(dev, ax, &ma);
	if (rc != 0)
		return rc;
	if (cipher_first != enc || (enc && ax->op != RTE_CRYPTO_AUTH_OP_GENERATE) ||
	    (!enc && ax->op != RTE_CRYPTO_AUTH_OP_VERIFY))
		return -ENOTSUP;
	rc = chain_req(&sess->req, ca, cx, ma, ax, enc);
	if (rc != 0)
		return rc;
	set_cipher(sess, ca, cx);
	rc = sess_send(dev, sess);
	if (rc != 0)
		return rc;
	sess->mode = enc ? VCRYPTO_SYM_CIPHER_MAC : VCRYPTO_SYM_MAC_CIPHER;
	sess->mac_algo = ma->virtio_id;
	sess->digest_len = ax->digest_length;
	return 0;
}

/*
 * The request prefix every op of s starts from: all but the lengths of
 * the op's data (vcrypto_sym_build()). Follows s->session_id.
 */
static void
sess_template(struct vcrypto_dev *dev, struct vcrypto_sym_sess *s)
{
	struct virtio_crypto_op_data_req *t = &s->tmpl;
	struct virtio_crypto_sym_data_req *r = &t->u.sym_req;
	uint64_t fixed;

	memset(t, 0, sizeof(*t));
	t->header.opcode = rte_cpu_to_le_32(s->opcode);
	t->header.algo = rte_cpu_to_le_32(s->cipher_algo);
	t->header.session_id = rte_cpu_to_le_64(s->session_id);
	if (s->mode == VCRYPTO_SYM_CIPHER) {
		r->op_type = rte_cpu_to_le_32(VIRTIO_CRYPTO_SYM_OP_CIPHER);
		r->u.cipher.para.iv_len = rte_cpu_to_le_32(s->iv_len);
	} else {
		r->op_type = rte_cpu_to_le_32(
			VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING);
		r->u.chain.para.iv_len = rte_cpu_to_le_32(s->iv_len);
		r->u.chain.para.hash_result_len =
			rte_cpu_to_le_32(s->digest_len);
	}
	s->direct = s->iv_len > 0;
	fixed = (uint64_t)s->iv_len +
		(s->mode == VCRYPTO_SYM_CIPHER ? 0 : s->digest_len);
	s->direct_max = dev->lim.max_size > fixed ?
			(uint32_t)((dev->lim.max_size - fixed) / 2) : 0;
	s->chain_dst_quirk = dev->lim.chain_dst_quirk &&
			     s->mode != VCRYPTO_SYM_CIPHER;
	s->stamp = __atomic_add_fetch(&dev->sess_stamp, 1, __ATOMIC_RELAXED);
}

int
vcrypto_sym_session_create(struct vcrypto_dev *dev,
			   const struct rte_crypto_sym_xform *xform,
			   struct vcrypto_sym_sess *sess)
{
	const struct rte_crypto_sym_xform *next;
	int rc;

	memset(sess, 0, sizeof(*sess));
	rte_spinlock_init(&sess->lock);
	if (xform == NULL)
		return -EINVAL;
	next = xform->next;
	if (next != NULL && next->next != NULL)
		return -ENOTSUP;
	if (next == NULL && xform->type == RTE_CRYPTO_SYM_XFORM_CIPHER)
		rc = cipher_session(dev, &xform->cipher, sess);
	else if (next != NULL && xform->type == RTE_CRYPTO_SYM_XFORM_CIPHER &&
		 next->type == RTE_CRYPTO_SYM_XFORM_AUTH)
		rc = chained(dev, &xform->cipher, &next->auth, true, sess);
	else if (next != NULL && xform->type == RTE_CRYPTO_SYM_XFORM_AUTH &&
		 next->type == RTE_CRYPTO_SYM_XFORM_CIPHER)
		rc = chained(dev, &next->cipher, &xform->auth, false, sess);
	else
		rc = -ENOTSUP;	/* auth-only, hash-only, AEAD: not offered */
	if (rc == 0) {
		sess_template(dev, sess);
		sess->dev = dev;
		sess->magic = VCRYPTO_SYM_SESS_MAGIC;
	} else {
		explicit_bzero(sess, sizeof(*sess));	/* kept keys */
	}
	return rc;
}

int
vcrypto_sym_session_remake(struct vcrypto_dev *dev,
			   struct vcrypto_sym_sess *sess)
{
	uint32_t gen = dev->generation;
	uint64_t sid;
	int rc = 0;

	rte_spinlock_lock(&sess->lock);
	if (sess->generation != gen) {	/* not done by another lcore */
		rc = send_req(dev, &sess->req, sess->cipher_algo, &sid);
		if (rc == 0) {
			sess->session_id = sid;
			sess_template(dev, sess);
			/* Release: the id is visible before the generation
			 * that lets lcores use it without the lock. */
			__atomic_store_n(&sess->generation, gen,
					 __ATOMIC_RELEASE);
			sess->remake_logged = false;
		}
	}
	rte_spinlock_unlock(&sess->lock);
	if (rc == 0 || vcrypto_dev_is_dead(dev))
		return rc == 0 ? 0 : -ENODEV;
	if (!sess->remake_logged)
		VCRYPTO_CTRL_LOG(ERR, "%s: session (cipher %u) not made again "
				 "after the device reset (generation %u): %d; "
				 "its ops get INVALID_SESSION", dev->hw.name,
				 sess->cipher_algo, gen, rc);
	sess->remake_logged = true;
	return -ENOENT;
}

int
vcrypto_sym_probe_mac(struct vcrypto_dev *dev, uint32_t mac_id,
		      uint16_t digest_len)
{
	static const uint8_t key[32];
	const struct rte_crypto_cipher_xform cx = {
		.op = RTE_CRYPTO_CIPHER_OP_ENCRYPT,
		.algo = RTE_CRYPTO_CIPHER_AES_CBC,
		.key = { .data = key, .length = 16 },
		.iv = { .offset = 0, .length = 16 },
	};
	const struct rte_crypto_auth_xform ax = {
		.op = RTE_CRYPTO_AUTH_OP_GENERATE,
		.key = { .data = key, .length = 16 },
		.digest_length = digest_len,
	};
	const struct vcrypto_cipher_algo *ca;
	const struct vcrypto_mac_algo ma = { .virtio_id = mac_id };
	struct vcrypto_sym_create c;
	uint32_t gen = dev->generation;
	uint64_t sid;
	int rc;

	rc = cipher_check(dev, &cx, &ca);
	if (rc == 0)
		rc = chain_req(&c, ca, &cx, &ma, &ax, true);
	if (rc == 0)
		rc = send_req(dev, &c, ca->virtio_id, &sid);
	if (rc == 0)
		vcrypto_ctrl_session_destroy(dev,
			VIRTIO_CRYPTO_CIPHER_DESTROY_SESSION, ca->virtio_id, sid,
			gen);
	return rc;
}

int
vcrypto_sym_probe_cipher(struct vcrypto_dev *dev, uint32_t cipher_id,
			 uint16_t key_len)
{
	struct virtio_crypto_sym_create_session_req fixed;
	struct rte_crypto_cipher_xform cx = {
		.op = RTE_CRYPTO_CIPHER_OP_ENCRYPT,
		.key = { .length = key_len },
	};
	uint8_t key[TRIAL_KEY_MAX];
	uint32_t gen = dev->generation;
	struct vcrypto_sym_create c;
	unsigned int i;
	uint64_t sid;
	int rc;

	if (key_len > sizeof(key))
		return -EINVAL;
	/* No weak key: DES halves and XTS halves all differ. */
	for (i = 0; i < sizeof(key); i++)
		key[i] = (uint8_t)(0x5b + 29 * i);
	cx.key.data = key;
	memset(&fixed, 0, sizeof(fixed));
	fixed.u.cipher.para.algo = rte_cpu_to_le_32(cipher_id);
	fixed.u.cipher.para.keylen = rte_cpu_to_le_32(key_len);
	fixed.u.cipher.para.op = rte_cpu_to_le_32(VIRTIO_CRYPTO_OP_ENCRYPT);
	fixed.op_type = rte_cpu_to_le_32(VIRTIO_CRYPTO_SYM_OP_CIPHER);
	rc = keep_req(&c, &fixed, &cx, NULL);
	if (rc == 0)
		rc = send_req(dev, &c, cipher_id, &sid);
	if (rc == 0)
		vcrypto_ctrl_session_destroy(dev,
			VIRTIO_CRYPTO_CIPHER_DESTROY_SESSION, cipher_id, sid,
			gen);
	explicit_bzero(&c, sizeof(c));
	return rc;
}

void
vcrypto_sym_session_destroy(struct vcrypto_dev *dev,
			    struct vcrypto_sym_sess *sess)
{
	int rc;

	if (sess->magic != VCRYPTO_SYM_SESS_MAGIC)
		return;
	/* A session of an earlier generation is not sent (vcrypto_ctrl.c). */
	rc = vcrypto_ctrl_session_destroy(dev,
		VIRTIO_CRYPTO_CIPHER_DESTROY_SESSION, sess->cipher_algo,
		sess->session_id, sess->generation);
	if (rc != 0 && !vcrypto_dev_is_dead(dev))
		VCRYPTO_CTRL_LOG(WARNING, "%s: destroy session %" PRIu64
				 " failed: %d", dev->hw.name, sess->session_id,
				 rc);
	explicit_bzero(sess, sizeof(*sess));
}

/* Offset just past the mbuf piece holding byte off (pkt_len if none). */
static uint32_t
first_piece_end(const struct rte_mbuf *m, uint32_t off)
{
	uint32_t end = 0;

	for (; m != NULL; m = m->next) {
		end += m->data_len;
		if (off < end)
			return end;
	}
	return end;
}

/*
 * A request of mode (chained, verify) on the general way: the span and
 * its checks, then the checks a segment list adds (the span within both
 * packets, a device quirk), header lengths, slot, entries: all as
 * vcrypto_sym_layout.h describes them.
 *
 * Chained (Data Virtqueue / chaining): the source region spans the cipher
 * and MAC ranges; offsets are relative to its start. Generate writes the
 * MAC straight into the op's digest buffer. Verify hands the expected MAC
 * in the slot's hash-result buffer: DPDK's vhost-crypto compares against
 * it in place, a device following the standard overwrites it with the
 * computed MAC; vcrypto_sym_complete() checks both.
 */
static __rte_always_inline int
build(const struct vcrypto_sym_sess *s, struct rte_crypto_op *op,
      struct vcrypto_req_ctx *ctx, const bool chained, const bool verify)
{
	struct rte_crypto_sym_op *sym = op->sym;
	struct rte_mbuf *dst = sym->m_dst ? sym->m_dst : sym->m_src;
	struct vcrypto_sym_span sp;
	int rc;

	rc = vcrypto_sym_span(sym, chained, verify, s->block_mask,
			      s->direct_max, &sp);
	if (rc == 0 && (sp.end > rte_pktmbuf_pkt_len(sym->m_src) ||
			sp.end > rte_pktmbuf_pkt_len(dst)))
		rc = -EINVAL;
	/*
	 * DPDK 22.11 vhost-crypto writes a chained result back shifted when
	 * the first destination descriptor ends at or before the cipher
	 * start (prepare_write_back_data() skips it without advancing).
	 * On a device that looks like it (chain_dst_quirk), refuse that
	 * layout rather than risk silently wrong output; other devices
	 * take it.
	 */
	if (rc == 0 && chained && s->chain_dst_quirk &&
	    sym->cipher.data.offset > sp.base &&
	    first_piece_end(dst, sp.base) <= sym->cipher.data.offset)
		rc = -EINVAL;
	if (rc != 0)
		return rc;
	ctx->var_bytes = s->iv_len + 2 * sp.len +
			 (chained ? s->digest_len : 0);
	ctx->post = verify;	/* verify: compare the MAC at completion */
	vcrypto_sym_lengths(ctx->req, sym, &sp, chained);
	vcrypto_sym_slot(ctx->req, op, s->iv_offset, s->iv_len, verify,
			 s->digest_len);
	return vcrypto_sym_entries(s, op, dst, &sp, chained, verify, ctx);
}

int
vcrypto_sym_build(const struct vcrypto_dev *dev,
		  const struct vcrypto_sym_sess *sess,
		  struct rte_crypto_op *op, struct vcrypto_req_ctx *ctx)
{
	RTE_SET_USED(dev);	/* the session holds what it needs of it */
	if (op->sym->m_src == NULL)
		return -EINVAL;
	ctx->req->hdr = sess->tmpl;	/* the caller untagged the id */
	ctx->req->status = VCRYPTO_REQ_STATUS_UNSET;
	ctx->nr_ro = 0;
	ctx->nr_wo = 0;
	switch (sess->mode) {
	case VCRYPTO_SYM_CIPHER:
		return build(sess, op, ctx, false, false);
	case VCRYPTO_SYM_CIPHER_MAC:
		return build(sess, op, ctx, true, false);
	case VCRYPTO_SYM_MAC_CIPHER:
		return build(sess, op, ctx, true, true);
	default:
		return -ENOTSUP;
	}
}

/*
 * Whether two MACs differ, in time that depends on len only: no early
 * exit that would tell a forger how many leading bytes were right.
 */
static bool
mac_differs(const uint8_t *a, const uint8_t *b, uint16_t len)
{
	volatile uint8_t acc = 0;
	uint16_t i;

	for (i = 0; i < len; i++)
		acc |= a[i] ^ b[i];
	return acc != 0;
}

uint8_t
vcrypto_sym_complete(struct rte_crypto_op *op, const struct vcrypto_req *req,
		     uint8_t status)
{
	/*
	 * Only a MAC verify asks (vcrypto_req_cookie()); what it needs is in
	 * the slot (the length, the MAC the device left) and in the op (the
	 * expected MAC), not in the session: the application may clear that
	 * while the op is in flight.
	 *
	 * DPDK's vhost-crypto reports a MAC that does not verify as plain ERR,
	 * not BADMSG. The driver checked the request before posting it, so
	 * on a verify the mismatch is what is left to fail.
	 */
	RTE_ASSERT(req->mac_len > 0);
	if (status == RTE_CRYPTO_OP_STATUS_ERROR &&
	    req->status == VIRTIO_CRYPTO_ERR)
		return RTE_CRYPTO_OP_STATUS_AUTH_FAILED;
	if (status == RTE_CRYPTO_OP_STATUS_SUCCESS &&
	    (req->mac_len == 0 || mac_differs(req->digest,
			op->sym->auth.digest.data, req->mac_len)))
		return RTE_CRYPTO_OP_STATUS_AUTH_FAILED;
	return status;
}
