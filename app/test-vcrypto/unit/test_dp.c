/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Unit tests of the data path (vcrypto_dp.c) and the symmetric request
 * builders (vcrypto_sym.c) over the real queue (vcrypto_vq*.c), with the
 * software model as the data queue's device: a handler parses each request
 * as a device would, checks its framing, applies a fake cipher and writes
 * a status. vcrypto_dev.c is included for the real vcrypto_dev_fail(); the
 * transport, control queue, capabilities and asym service are stubbed. Ops, sessions and
 * mbufs are built in test memory with DPDK's own struct definitions.
 */
#include "ut_clock.h"

#include "vcrypto_vq.c"
#include "vcrypto_vq_split.c"
#include "vcrypto_sym.c"
#include "vcrypto_dp.c"
#include "vcrypto_dev.c"

#include <stdarg.h>
#include <stdlib.h>

#include "ut.h"
#include "vcrypto_model.h"

#define DQ_SIZE		16
#define DP_TIMEOUT_MS	50
#define NB_OPS		64
#define SEGBUF		256	/* bytes of buffer per test mbuf */
#define HEADROOM	32
#define IV_OFF		(sizeof(struct rte_crypto_op) + \
			 sizeof(struct rte_crypto_sym_op))
#define SID		UINT64_C(0xfeedface00c0ffee)
#define STATUS_NONE	0x100	/* device leaves the status byte alone */

uint8_t vcrypto_driver_id = 9;

/* ---- stubs of the neighbours ------------------------------------------ */

/* Control queue, as seen by vcrypto_sym.c. */
static struct {
	int rc;
	uint64_t sid;
	unsigned int creates;
	struct vcrypto_ctrl_create req;
	uint8_t fixed[56];
	uint8_t key[64];
	unsigned int destroys;
	uint32_t d_opcode;
	uint32_t d_algo;
	uint64_t d_sid;
} ctl;

int
vcrypto_ctrl_session_create(struct vcrypto_dev *dev,
			    const struct vcrypto_ctrl_create *req, uint64_t *sid)
{
	RTE_SET_USED(dev);
	ctl.creates++;
	ctl.req = *req;
	memcpy(ctl.fixed, req->fixed, RTE_MIN(req->fixed_len,
		(uint32_t)sizeof(ctl.fixed)));
	if (req->var_len[0] > 0)
		memcpy(ctl.key, req->var[0], RTE_MIN(req->var_len[0],
			(uint32_t)sizeof(ctl.key)));
	if (ctl.rc == 0)
		*sid = ctl.sid;
	return ctl.rc;
}

int
vcrypto_ctrl_session_destroy(struct vcrypto_dev *dev, uint32_t opcode,
			     uint32_t algo, uint64_t sid)
{
	RTE_SET_USED(dev);
	ctl.destroys++;
	ctl.d_opcode = opcode;
	ctl.d_algo = algo;
	ctl.d_sid = sid;
	return 0;
}

int
vcrypto_ctrl_init(struct vcrypto_dev *dev, int socket_id)
{
	RTE_SET_USED(dev);
	RTE_SET_USED(socket_id);
	return -ENOSYS;
}

void
vcrypto_ctrl_fini(struct vcrypto_dev *dev)
{
	RTE_SET_USED(dev);
}

int
vcrypto_caps_read_config(struct vcrypto_hw *hw, struct vcrypto_config *cfg)
{
	RTE_SET_USED(hw);
	RTE_SET_USED(cfg);
	return -ENOSYS;
}

int
vcrypto_caps_validate(const struct vcrypto_hw *hw,
		      const struct vcrypto_config *cfg,
		      struct vcrypto_limits *lim)
{
	RTE_SET_USED(hw);
	RTE_SET_USED(cfg);
	RTE_SET_USED(lim);
	return -ENOSYS;
}

int
vcrypto_caps_create(struct vcrypto_dev *dev, int socket_id)
{
	RTE_SET_USED(dev);
	RTE_SET_USED(socket_id);
	return -ENOSYS;
}

void
vcrypto_caps_destroy(struct vcrypto_dev *dev)
{
	RTE_SET_USED(dev);
}

int
vcrypto_pci_init(struct rte_pci_device *pci, struct vcrypto_hw *hw)
{
	RTE_SET_USED(pci);
	RTE_SET_USED(hw);
	return -ENODEV;
}

void
vcrypto_transport_add_status(struct vcrypto_hw *hw, uint8_t bits)
{
	RTE_SET_USED(hw);
	RTE_SET_USED(bits);
}

int
vcrypto_transport_negotiate(struct vcrypto_hw *hw, uint64_t wanted,
			    uint64_t required)
{
	RTE_SET_USED(hw);
	RTE_SET_USED(wanted);
	RTE_SET_USED(required);
	return -ENOSYS;
}

/* Asymmetric service: not under test here; RSA ops are refused. */
static unsigned int asym_builds;

int
vcrypto_asym_build(struct vcrypto_dev *dev, struct rte_crypto_op *op,
		   struct vcrypto_req_ctx *ctx)
{
	RTE_SET_USED(dev);
	RTE_SET_USED(op);
	RTE_SET_USED(ctx);
	asym_builds++;
	return -ENOTSUP;
}

uint8_t
vcrypto_asym_complete(struct rte_crypto_op *op,
		      const struct vcrypto_req_akc *akc, uint32_t used_len,
		      uint8_t status)
{
	RTE_SET_USED(op);
	RTE_SET_USED(akc);
	RTE_SET_USED(used_len);
	return status;
}

enum rte_iova_mode
rte_eal_iova_mode(void)
{
	return RTE_IOVA_VA;
}

/* ---- the device: model + a data queue handler ------------------------- */

struct dq_seen {
	uint32_t nseg;
	struct vcrypto_model_seg segs[VCRYPTO_VQ_MAX_SEGS];
	uint8_t prefix[VCRYPTO_DATA_PREFIX_LEN];
	uint8_t iv[VCRYPTO_REQ_IV_MAX];
};

static struct {
	struct vcrypto_dev dev;
	struct vcrypto_qp *qp;
	struct vcrypto_model m;
	bool model_up;
	/* device knobs */
	int status[NB_OPS * 4];	/**< by fetch number: 0 = OK (default) */
	bool never;		/**< take requests, never complete them */
	uint8_t dev_status;	/**< extra device status bits (NEEDS_RESET) */
	bool len0;		/**< report used length 0 (results only) */
	/* what the device saw */
	unsigned int requests;
	struct dq_seen last;
	char error[160];
	unsigned int notifies;
	unsigned int resets;
	uint8_t src[1 << 16];
} dq;

/* Test memory: ops, sessions, mbufs and their buffers. */
struct t_op {
	uint8_t raw[256];
} __rte_aligned(64);

struct t_sess {
	uint8_t raw[128 + sizeof(struct vcrypto_sym_sess)];
} __rte_aligned(64);

static struct t_op top[NB_OPS];
static struct rte_crypto_op *ops[NB_OPS];
static unsigned int returned[NB_OPS];
static struct t_sess tsess[4];
static struct rte_mbuf mb[2][8];
static uint8_t mbuf_mem[2][8][SEGBUF] __rte_aligned(64);

static void __rte_format_printf(1, 2)
dev_error(const char *fmt, ...)
{
	va_list ap;

	if (dq.error[0] != '\0')
		return;
	va_start(ap, fmt);
	vsnprintf(dq.error, sizeof(dq.error), fmt, ap);
	va_end(ap);
}

static uint32_t
le32_at(const uint8_t *p, size_t off)
{
	uint32_t v;

	memcpy(&v, p + off, 4);
	return rte_le_to_cpu_32(v);
}

static uint64_t
le64_at(const uint8_t *p, size_t off)
{
	uint64_t v;

	memcpy(&v, p + off, 8);
	return rte_le_to_cpu_64(v);
}

static bool
all_zero(const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != 0)
			return false;
	return true;
}

/* The fake cipher: byte k of the output. */
static uint8_t
fake_cipher(uint8_t in, const uint8_t *iv, uint32_t iv_len, uint32_t k)
{
	return in ^ 0x5a ^ (iv_len > 0 ? iv[k % iv_len] : 0);
}

/*
 * CIPHER session request as a device parses it (9.2):
 * [72 R][iv R][src R...][dst W...][status 1 W].
 */
static uint32_t
dq_handler(void *ctx, struct vcrypto_model *m,
	   const struct vcrypto_model_seg *segs, uint32_t nseg, uint32_t wlen)
{
	struct dq_seen *s = &dq.last;
	uint64_t seq = m->fetched;
	uint32_t i, k, got, iv_len, src_len, dst_len, n;
	uint8_t *p, *st = NULL;
	int status = VIRTIO_CRYPTO_OK;

	RTE_SET_USED(ctx);
	dq.requests++;
	memset(s, 0, sizeof(*s));
	s->nseg = nseg;
	memcpy(s->segs, segs, sizeof(segs[0]) *
	       RTE_MIN(nseg, (uint32_t)VCRYPTO_VQ_MAX_SEGS));
	if (segs[nseg - 1].write && segs[nseg - 1].len == 1)
		st = vcrypto_model_map(m, segs[nseg - 1].iova, 1);
	if (nseg < 4 || segs[0].write ||
	    segs[0].len != VCRYPTO_DATA_PREFIX_LEN) {
		dev_error("%u buffers, first %u bytes", nseg, segs[0].len);
		goto out_err;
	}
	memcpy(s->prefix, vcrypto_model_map(m, segs[0].iova, segs[0].len),
	       VCRYPTO_DATA_PREFIX_LEN);
	iv_len = le32_at(s->prefix, 24);
	src_len = le32_at(s->prefix, 28);
	dst_len = le32_at(s->prefix, 32);
	i = 1;
	if (iv_len > 0) {
		if (segs[1].write || segs[1].len != iv_len ||
		    iv_len > sizeof(s->iv)) {
			dev_error("IV buffer of %u bytes for iv_len %u",
				  segs[1].len, iv_len);
			goto out_err;
		}
		memcpy(s->iv, vcrypto_model_map(m, segs[1].iova, iv_len),
		       iv_len);
		i = 2;
	}
	for (got = 0; i < nseg && !segs[i].write; i++) {
		if (got + segs[i].len > src_len ||
		    got + segs[i].len > sizeof(dq.src)) {
			dev_error("source buffers exceed src_data_len %u",
				  src_len);
			goto out_err;
		}
		memcpy(dq.src + got, vcrypto_model_map(m, segs[i].iova,
			segs[i].len), segs[i].len);
		got += segs[i].len;
	}
	if (got != src_len || dst_len != src_len) {
		dev_error("src %u bytes of %u, dst_data_len %u", got, src_len,
			  dst_len);
		goto out_err;
	}
	for (k = 0; i < nseg - 1; i++) {
		if (!segs[i].write || k + segs[i].len > dst_len) {
			dev_error("destination buffer %u: %u bytes at %u of %u",
				  i, segs[i].len, k, dst_len);
			goto out_err;
		}
		p = vcrypto_model_map(m, segs[i].iova, segs[i].len);
		for (n = 0; n < segs[i].len; n++, k++)
			p[n] = fake_cipher(dq.src[k], s->iv, iv_len, k);
	}
	if (k != dst_len || st == NULL) {
		dev_error("dst %u bytes of %u, status buffer %s", k, dst_len,
			  st == NULL ? "missing" : "ok");
		goto out_err;
	}
	if (seq < RTE_DIM(dq.status))
		status = dq.status[seq];
	if (status != STATUS_NONE)
		*st = (uint8_t)status;
	if (dq.never)
		return VCRYPTO_MODEL_NO_COMPLETION;
	return dq.len0 ? 0 : wlen;
out_err:
	if (st != NULL)
		*st = VIRTIO_CRYPTO_ERR;
	return wlen;
}

static uint8_t
t_get_status(struct vcrypto_hw *hw)
{
	RTE_SET_USED(hw);
	return VCRYPTO_STATUS_DRIVER_OK | dq.dev_status;
}

static void
t_notify(struct vcrypto_hw *hw, uint16_t idx)
{
	RTE_SET_USED(hw);
	if (idx != 0)
		dev_error("notify of queue %u", idx);
	dq.notifies++;
	vcrypto_model_fetch(&dq.m);
}

static const struct vcrypto_transport_ops t_ops = {
	.get_status = t_get_status,
	.notify = t_notify,
};

const struct vcrypto_transport_ops *
vcrypto_transport_ops(const struct vcrypto_hw *hw)
{
	RTE_SET_USED(hw);
	return &t_ops;
}

/* A reset stops the device: it forgets everything it held. */
int
vcrypto_transport_reset(struct vcrypto_hw *hw, unsigned int timeout_ms)
{
	RTE_SET_USED(hw);
	RTE_SET_USED(timeout_ms);
	dq.resets++;
	if (dq.model_up)
		vcrypto_model_reset(&dq.m);
	return 0;
}

/* ---- fixture ----------------------------------------------------------- */

static bool
dq_up(bool indirect, uint16_t size)
{
	struct vcrypto_model_cfg mc = { 0 };
	struct vcrypto_vq_addrs a;
	int rc;

	memset(&dq, 0, sizeof(dq));
	memset(&ctl, 0, sizeof(ctl));
	memset(returned, 0, sizeof(returned));
	ut_clock_reset();
	snprintf(dq.dev.hw.name, sizeof(dq.dev.hw.name), "ut0");
	dq.dev.hw.features = indirect ?
		UINT64_C(1) << VCRYPTO_F_INDIRECT_DESC : 0;
	dq.dev.dp_timeout_ms = DP_TIMEOUT_MS;
	dq.dev.lim.cipher_mask = UINT64_MAX;
	dq.dev.lim.max_cipher_key_len = 64;
	dq.dev.lim.max_size = 1 << 20;
	rte_spinlock_init(&dq.dev.fail_lock);
	ctl.sid = SID;
	rc = vcrypto_dp_queue_create(&dq.dev, 0, size, 0, &dq.qp);
	if (rc != 0) {
		ut_fail(__FILE__, __LINE__, "vcrypto_dp_queue_create: %d", rc);
		return false;
	}
	dq.dev.qps[0] = dq.qp;
	dq.dev.nb_dataqs = 1;
	vcrypto_vq_addrs(dq.qp->vq, &a);
	mc.size = size;
	mc.indirect = indirect;
	mc.head_is_slot = indirect;
	mc.desc = a.desc;
	mc.avail = a.driver;
	mc.used = a.device;
	if (vcrypto_model_init(&dq.m, &mc) != 0) {
		ut_fail(__FILE__, __LINE__, "vcrypto_model_init");
		return false;
	}
	dq.model_up = true;
	dq.m.handler = dq_handler;
	return true;
}

static void
teardown(void)
{
	vcrypto_dp_queue_destroy(dq.qp);
	if (dq.model_up)
		vcrypto_model_fini(&dq.m);
	memset(&dq, 0, sizeof(dq));
	ut_clock_reset();
	ut_log_quiet(false);
}

#define DQ_CLEAN() do { \
	if (dq.error[0] != '\0') { \
		ut_fail(__FILE__, __LINE__, "device saw: %s", dq.error); \
		return; \
	} \
	if (dq.m.violations != 0) { \
		ut_fail(__FILE__, __LINE__, "model: %s", dq.m.violation); \
		return; \
	} \
} while (0)

static const uint8_t key[32] = {
	0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6,
	0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c,
	0x76, 0x2e, 0x71, 0x51, 0xf7, 0x01, 0x80, 0x7c,
	0xa0, 0x29, 0x81, 0xc3, 0x7c, 0x18, 0x12, 0x04,
};

static struct rte_cryptodev_sym_session *
sess_of(unsigned int i)
{
	return (struct rte_cryptodev_sym_session *)tsess[i].raw;
}

static struct vcrypto_sym_sess *
priv_of(unsigned int i)
{
	return CRYPTODEV_GET_SYM_SESS_PRIV(sess_of(i));
}

static int
make_sess(unsigned int i, enum rte_crypto_cipher_algorithm algo, bool enc,
	  uint16_t key_len, uint16_t iv_len)
{
	struct rte_crypto_sym_xform x = {
		.type = RTE_CRYPTO_SYM_XFORM_CIPHER,
		.cipher = {
			.op = enc ? RTE_CRYPTO_CIPHER_OP_ENCRYPT :
				    RTE_CRYPTO_CIPHER_OP_DECRYPT,
			.algo = algo,
			.key = { .data = key, .length = key_len },
			.iv = { .offset = IV_OFF, .length = iv_len },
		},
	};

	RTE_BUILD_BUG_ON(offsetof(struct rte_cryptodev_sym_session,
				  driver_priv_data) + sizeof(struct vcrypto_sym_sess) >
			 sizeof(tsess[0].raw));
	memset(&tsess[i], 0, sizeof(tsess[i]));
	sess_of(i)->driver_id = vcrypto_driver_id;
	return vcrypto_sym_session_create(&dq.dev, &x, priv_of(i));
}

/* A chain of n mbufs with the given data lengths, filled with a pattern. */
static struct rte_mbuf *
mk_chain(unsigned int which, const uint16_t *lens, unsigned int n,
	 uint8_t pat)
{
	struct rte_mbuf *m = mb[which];
	uint32_t total = 0, k = 0;
	unsigned int i, b;

	memset(mb[which], 0, sizeof(mb[which]));
	for (i = 0; i < n; i++) {
		m[i].buf_addr = mbuf_mem[which][i];
		m[i].buf_iova = (rte_iova_t)(uintptr_t)m[i].buf_addr;
		m[i].buf_len = SEGBUF;
		m[i].data_off = HEADROOM;
		m[i].data_len = lens[i];
		m[i].next = i + 1 < n ? &m[i + 1] : NULL;
		memset(mbuf_mem[which][i], 0xcc, SEGBUF);
		for (b = 0; b < lens[i]; b++, k++)
			mbuf_mem[which][i][HEADROOM + b] =
				(uint8_t)(pat + k * 13u);
		total += lens[i];
	}
	m[0].nb_segs = n;
	m[0].pkt_len = total;
	return m;
}

static struct rte_mbuf *
mk_flat(unsigned int which, uint16_t len, uint8_t pat)
{
	return mk_chain(which, &len, 1, pat);
}

/* Byte off of the packet data of chain m (test's own walk). */
static uint8_t *
chain_byte(struct rte_mbuf *m, uint32_t off)
{
	while (m != NULL && off >= m->data_len) {
		off -= m->data_len;
		m = m->next;
	}
	return m == NULL ? NULL : rte_pktmbuf_mtod_offset(m, uint8_t *, off);
}

static uint8_t *
op_iv(unsigned int k)
{
	return top[k].raw + IV_OFF;
}

/* Op k: cipher over [off, off + len) of src (dst: NULL = in place). */
static struct rte_crypto_op *
mk_op(unsigned int k, unsigned int sess, struct rte_mbuf *src,
      struct rte_mbuf *dst, uint32_t off, uint32_t len)
{
	struct rte_crypto_op *op = (struct rte_crypto_op *)top[k].raw;
	unsigned int b;

	RTE_BUILD_BUG_ON(IV_OFF + VCRYPTO_REQ_IV_MAX > sizeof(top[0].raw));
	memset(&top[k], 0, sizeof(top[k]));
	op->type = RTE_CRYPTO_OP_TYPE_SYMMETRIC;
	op->status = RTE_CRYPTO_OP_STATUS_NOT_PROCESSED;
	op->sess_type = RTE_CRYPTO_OP_WITH_SESSION;
	op->sym->session = sess_of(sess);
	op->sym->m_src = src;
	op->sym->m_dst = dst;
	op->sym->cipher.data.offset = off;
	op->sym->cipher.data.length = len;
	for (b = 0; b < VCRYPTO_REQ_IV_MAX; b++)
		op_iv(k)[b] = (uint8_t)(0xa0 + b + k);
	ops[k] = op;
	return op;
}

static unsigned int
op_index(const struct rte_crypto_op *op)
{
	return (unsigned int)((const struct t_op *)(const void *)op - top);
}

/*
 * Dequeue until the queue has been quiet for three calls (a failing
 * device needs one call to notice and one more to drain), counting what
 * comes back per op. @return ops returned.
 */
static unsigned int
collect(uint16_t burst)
{
	struct rte_crypto_op *out[NB_OPS];
	unsigned int total = 0, quiet = 0, i, idx;
	uint16_t n;

	while (quiet < 3) {
		n = vcrypto_dp_dequeue(dq.qp, out, burst);
		quiet = n == 0 ? quiet + 1 : 0;
		for (i = 0; i < n; i++) {
			idx = op_index(out[i]);
			if (idx < NB_OPS)
				returned[idx]++;
			else
				ut_fail(__FILE__, __LINE__, "foreign op %p",
					(void *)out[i]);
		}
		total += n;
	}
	return total;
}

static void
device_completes(void)
{
	vcrypto_model_fetch(&dq.m);
	vcrypto_model_complete(&dq.m, UINT32_MAX);
}

/* Every op in [0, n) came back exactly once, none beyond. */
#define ASSERT_RETURNED_ONCE(n) do { \
	unsigned int k_; \
	for (k_ = 0; k_ < NB_OPS; k_++) \
		UT_ASSERT_EQ(returned[k_] * 1000 + k_, \
			     (k_ < (n) ? 1u : 0u) * 1000 + k_); \
} while (0)

/* enqueued = dequeued + in flight, whatever happened. */
#define ASSERT_STATS_CONSISTENT() do { \
	const struct rte_cryptodev_stats *st_ = &dq.qp->stats; \
	if (st_->enqueued_count != st_->dequeued_count + \
	    vcrypto_vq_inflight(dq.qp->vq)) { \
		ut_fail(__FILE__, __LINE__, "stats: enqueued %" PRIu64 \
			" != dequeued %" PRIu64 " + in flight %u (dequeue " \
			"errors %" PRIu64 ")", st_->enqueued_count, \
			st_->dequeued_count, vcrypto_vq_inflight(dq.qp->vq), \
			st_->dequeue_err_count); \
		return; \
	} \
} while (0)

/* ---- cases: symmetric sessions ---------------------------------------- */

static void
t_sym_session_request(void)
{
	const uint8_t *f = ctl.fixed;
	struct vcrypto_sym_sess *s;

	if (!dq_up(true, DQ_SIZE))
		return;
	UT_ASSERT_EQ(make_sess(0, RTE_CRYPTO_CIPHER_AES_CBC, true, 16, 16), 0);
	UT_ASSERT_EQ(ctl.creates, 1);
	UT_ASSERT_EQ(ctl.req.opcode, VIRTIO_CRYPTO_CIPHER_CREATE_SESSION);
	UT_ASSERT_EQ(ctl.req.algo, VIRTIO_CRYPTO_CIPHER_AES_CBC);
	UT_ASSERT_EQ(ctl.req.fixed_len, 56);
	/* 8.2: algo, key_len, op, zero up to op_type at 48, padding. */
	UT_ASSERT_EQ(le32_at(f, 0), VIRTIO_CRYPTO_CIPHER_AES_CBC);
	UT_ASSERT_EQ(le32_at(f, 4), 16);
	UT_ASSERT_EQ(le32_at(f, 8), VIRTIO_CRYPTO_OP_ENCRYPT);
	UT_ASSERT(all_zero(f + 12, 48 - 12));
	UT_ASSERT_EQ(le32_at(f, 48), VIRTIO_CRYPTO_SYM_OP_CIPHER);
	UT_ASSERT(all_zero(f + 52, 4));
	UT_ASSERT_EQ(ctl.req.var_len[0], 16);
	UT_ASSERT_EQ(ctl.req.var_len[1], 0);
	UT_ASSERT(memcmp(ctl.key, key, 16) == 0);
	s = priv_of(0);
	UT_ASSERT_EQ(s->magic, VCRYPTO_SYM_SESS_MAGIC);
	UT_ASSERT_EQ(s->session_id, SID);
	UT_ASSERT_EQ(s->opcode, VIRTIO_CRYPTO_CIPHER_ENCRYPT);
	UT_ASSERT_EQ(s->iv_len, 16);
	UT_ASSERT_EQ(s->iv_offset, IV_OFF);
	UT_ASSERT_EQ(s->block_mask, 15);

	UT_ASSERT_EQ(make_sess(1, RTE_CRYPTO_CIPHER_AES_CTR, false, 32, 16), 0);
	UT_ASSERT_EQ(le32_at(f, 0), VIRTIO_CRYPTO_CIPHER_AES_CTR);
	UT_ASSERT_EQ(le32_at(f, 4), 32);
	UT_ASSERT_EQ(le32_at(f, 8), VIRTIO_CRYPTO_OP_DECRYPT);
	UT_ASSERT_EQ(priv_of(1)->opcode, VIRTIO_CRYPTO_CIPHER_DECRYPT);
	UT_ASSERT_EQ(priv_of(1)->block_mask, 0);	/* CTR: any length */

	vcrypto_sym_session_destroy(&dq.dev, priv_of(0));
	UT_ASSERT_EQ(ctl.destroys, 1);
	UT_ASSERT_EQ(ctl.d_opcode, VIRTIO_CRYPTO_CIPHER_DESTROY_SESSION);
	UT_ASSERT_EQ(ctl.d_algo, VIRTIO_CRYPTO_CIPHER_AES_CBC);
	UT_ASSERT_EQ(ctl.d_sid, SID);
	UT_ASSERT(all_zero((const uint8_t *)priv_of(0), sizeof(*s)));
	/* A session never configured (or destroyed) is not sent again. */
	vcrypto_sym_session_destroy(&dq.dev, priv_of(0));
	UT_ASSERT_EQ(ctl.destroys, 1);
}

static void
t_sym_session_rejects(void)
{
	struct rte_crypto_sym_xform x2[2];
	unsigned int creates;

	if (!dq_up(true, DQ_SIZE))
		return;
	ut_log_quiet(true);
	UT_ASSERT_EQ(make_sess(0, RTE_CRYPTO_CIPHER_AES_CBC, true, 20, 16),
		     -EINVAL);
	UT_ASSERT_EQ(make_sess(0, RTE_CRYPTO_CIPHER_AES_CBC, true, 16, 12),
		     -EINVAL);
	UT_ASSERT_EQ(make_sess(0, RTE_CRYPTO_CIPHER_AES_CBC, true, 16, 0),
		     -EINVAL);
	UT_ASSERT_EQ(make_sess(0, RTE_CRYPTO_CIPHER_NULL, true, 0, 0),
		     -ENOTSUP);
	dq.dev.lim.max_cipher_key_len = 16;
	UT_ASSERT_EQ(make_sess(0, RTE_CRYPTO_CIPHER_AES_CBC, true, 24, 16),
		     -EINVAL);
	dq.dev.lim.max_cipher_key_len = 64;
	dq.dev.lim.cipher_mask = UINT64_C(1) << VIRTIO_CRYPTO_CIPHER_AES_CTR;
	UT_ASSERT_EQ(make_sess(0, RTE_CRYPTO_CIPHER_AES_CBC, true, 16, 16),
		     -ENOTSUP);
	dq.dev.lim.cipher_mask = UINT64_MAX;
	UT_ASSERT_EQ(ctl.creates, 0);
	UT_ASSERT(priv_of(0)->magic != VCRYPTO_SYM_SESS_MAGIC);
	/* Chains and auth are not there yet. */
	memset(x2, 0, sizeof(x2));
	x2[0].type = RTE_CRYPTO_SYM_XFORM_CIPHER;
	x2[0].cipher.algo = RTE_CRYPTO_CIPHER_AES_CBC;
	x2[0].cipher.key.data = key;
	x2[0].cipher.key.length = 16;
	x2[0].cipher.iv.length = 16;
	x2[0].next = &x2[1];
	x2[1].type = RTE_CRYPTO_SYM_XFORM_AUTH;
	UT_ASSERT_EQ(vcrypto_sym_session_create(&dq.dev, &x2[0], priv_of(0)),
		     -ENOTSUP);
	UT_ASSERT_EQ(vcrypto_sym_session_create(&dq.dev, &x2[1], priv_of(0)),
		     -ENOTSUP);
	UT_ASSERT_EQ(vcrypto_sym_session_create(&dq.dev, NULL, priv_of(0)),
		     -EINVAL);
	UT_ASSERT_EQ(ctl.creates, 0);
	/* The device's answer comes through, and no session is left. */
	creates = ctl.creates;
	ctl.rc = -ENOSPC;
	UT_ASSERT_EQ(make_sess(0, RTE_CRYPTO_CIPHER_AES_CBC, true, 16, 16),
		     -ENOSPC);
	UT_ASSERT_EQ(ctl.creates, creates + 1);
	UT_ASSERT(priv_of(0)->magic != VCRYPTO_SYM_SESS_MAGIC);
	vcrypto_sym_session_destroy(&dq.dev, priv_of(0));
	UT_ASSERT_EQ(ctl.destroys, 0);
}

/* ---- cases: request layout and completion ------------------------------ */

static void
check_cipher_request(struct rte_crypto_op *op, bool enc)
{
	const struct dq_seen *s = &dq.last;
	const uint8_t *pre = s->prefix;
	struct rte_mbuf *dst = op->sym->m_dst ? op->sym->m_dst : op->sym->m_src;
	uint32_t off = op->sym->cipher.data.offset;
	uint32_t len = op->sym->cipher.data.length;
	uint64_t slot;

	UT_ASSERT_EQ(s->nseg, 5);
	slot = s->segs[0].iova - dq.qp->reqs_iova;
	UT_ASSERT_EQ(slot % sizeof(struct vcrypto_req), 0);
	UT_ASSERT(slot / sizeof(struct vcrypto_req) < DQ_SIZE);
	/* [72 R][iv R][src R][dst W][status 1 W] */
	UT_ASSERT(!s->segs[0].write && s->segs[0].len == 72);
	UT_ASSERT(!s->segs[1].write && s->segs[1].len == 16);
	UT_ASSERT_EQ(s->segs[1].iova, s->segs[0].iova + VCRYPTO_REQ_IV_OFF);
	UT_ASSERT(!s->segs[2].write && s->segs[2].len == len);
	UT_ASSERT_EQ(s->segs[2].iova, rte_pktmbuf_iova_offset(op->sym->m_src,
							      off));
	UT_ASSERT(s->segs[3].write && s->segs[3].len == len);
	UT_ASSERT_EQ(s->segs[3].iova, rte_pktmbuf_iova_offset(dst, off));
	UT_ASSERT(s->segs[4].write && s->segs[4].len == 1);
	UT_ASSERT_EQ(s->segs[4].iova, s->segs[0].iova + VCRYPTO_REQ_STATUS_OFF);
	/* Header (9.1): opcode, algo, session id, flag, padding. */
	UT_ASSERT_EQ(le32_at(pre, 0), enc ? VIRTIO_CRYPTO_CIPHER_ENCRYPT :
					    VIRTIO_CRYPTO_CIPHER_DECRYPT);
	UT_ASSERT_EQ(le32_at(pre, 4), VIRTIO_CRYPTO_CIPHER_AES_CBC);
	UT_ASSERT_EQ(le64_at(pre, 8), SID);
	UT_ASSERT_EQ(le32_at(pre, 16), 0);
	UT_ASSERT_EQ(le32_at(pre, 20), 0);
	/* Cipher para (9.2) at 24: iv_len, src, dst, zero, op_type at 40. */
	UT_ASSERT_EQ(le32_at(pre, 24), 16);
	UT_ASSERT_EQ(le32_at(pre, 28), len);
	UT_ASSERT_EQ(le32_at(pre, 32), len);
	UT_ASSERT(all_zero(pre + 36, 64 - 36));
	UT_ASSERT_EQ(le32_at(pre, 64), VIRTIO_CRYPTO_SYM_OP_CIPHER);
	UT_ASSERT(all_zero(pre + 68, 4));
	UT_ASSERT(memcmp(s->iv, op_iv(op_index(op)), 16) == 0);
}

/* Output = fake cipher of the input over the range, rest untouched. */
static bool
check_output(struct rte_crypto_op *op, uint8_t src_pat)
{
	struct rte_mbuf *dst = op->sym->m_dst ? op->sym->m_dst : op->sym->m_src;
	uint32_t off = op->sym->cipher.data.offset;
	uint32_t len = op->sym->cipher.data.length;
	const uint8_t *iv = op_iv(op_index(op));
	uint32_t k;
	uint8_t in, want, *p;

	for (k = 0; k < rte_pktmbuf_pkt_len(dst); k++) {
		p = chain_byte(dst, k);
		in = (uint8_t)(src_pat + k * 13u);
		if (k >= off && k < off + len)
			want = fake_cipher(in, iv, 16, k - off);
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

static void
t_cipher_layout(void)
{
	struct rte_crypto_op *op, *out[4];
	unsigned int mode;

	for (mode = 0; mode < 4; mode++) {
		bool indirect = mode & 1, enc = !(mode & 2);

		if (!dq_up(indirect, DQ_SIZE))
			return;
		UT_ASSERT_EQ(make_sess(0, RTE_CRYPTO_CIPHER_AES_CBC, enc, 16,
				       16), 0);
		op = mk_op(0, 0, mk_flat(0, 64, 1), NULL, 16, 32);
		UT_ASSERT_EQ(vcrypto_dp_enqueue(dq.qp, ops, 1), 1);
		UT_ASSERT_EQ(dq.notifies, 1);
		UT_ASSERT_EQ(dq.requests, 1);
		DQ_CLEAN();
		check_cipher_request(op, enc);
		if (ut_failed())
			return;
		UT_ASSERT_EQ(op->status, RTE_CRYPTO_OP_STATUS_NOT_PROCESSED);
		UT_ASSERT_EQ(vcrypto_dp_dequeue(dq.qp, out, 4), 0);
		device_completes();
		UT_ASSERT_EQ(vcrypto_dp_dequeue(dq.qp, out, 4), 1);
		UT_ASSERT(out[0] == op);
		UT_ASSERT_EQ(op->status, RTE_CRYPTO_OP_STATUS_SUCCESS);
		UT_ASSERT(check_output(op, 1));
		UT_ASSERT_EQ(dq.qp->stats.enqueued_count, 1);
		UT_ASSERT_EQ(dq.qp->stats.dequeued_count, 1);
		UT_ASSERT_EQ(dq.qp->stats.enqueue_err_count, 0);
		UT_ASSERT_EQ(dq.qp->stats.dequeue_err_count, 0);
		DQ_CLEAN();
		teardown();
	}
}

static void
t_cipher_oop(void)
{
	struct rte_crypto_op *op, *out[4];

	if (!dq_up(true, DQ_SIZE))
		return;
	UT_ASSERT_EQ(make_sess(0, RTE_CRYPTO_CIPHER_AES_CBC, true, 16, 16), 0);
	op = mk_op(0, 0, mk_flat(0, 80, 3), mk_flat(1, 96, 0x77), 32, 48);
	UT_ASSERT_EQ(vcrypto_dp_enqueue(dq.qp, ops, 1), 1);
	check_cipher_request(op, true);
	if (ut_failed())
		return;
	device_completes();
	UT_ASSERT_EQ(vcrypto_dp_dequeue(dq.qp, out, 4), 1);
	UT_ASSERT_EQ(op->status, RTE_CRYPTO_OP_STATUS_SUCCESS);
	UT_ASSERT(check_output(op, 3));
	/* The source is left alone. */
	UT_ASSERT_EQ(*chain_byte(mb[0], 40), (uint8_t)(3 + 40 * 13u));
	DQ_CLEAN();
}

static void
t_status_map(void)
{
	static const struct {
		int dev;
		uint8_t op;
	} map[] = {
		{ VIRTIO_CRYPTO_OK, RTE_CRYPTO_OP_STATUS_SUCCESS },
		{ VIRTIO_CRYPTO_ERR, RTE_CRYPTO_OP_STATUS_ERROR },
		{ VIRTIO_CRYPTO_BADMSG, RTE_CRYPTO_OP_STATUS_AUTH_FAILED },
		{ VIRTIO_CRYPTO_NOTSUPP, RTE_CRYPTO_OP_STATUS_INVALID_ARGS },
		{ VIRTIO_CRYPTO_INVSESS, RTE_CRYPTO_OP_STATUS_INVALID_SESSION },
		{ VCRYPTO_S_KEY_REJECTED, RTE_CRYPTO_OP_STATUS_AUTH_FAILED },
		{ VIRTIO_CRYPTO_NOSPC, RTE_CRYPTO_OP_STATUS_ERROR },
		{ 42, RTE_CRYPTO_OP_STATUS_ERROR },
		{ 0xfe, RTE_CRYPTO_OP_STATUS_ERROR },
		{ STATUS_NONE, RTE_CRYPTO_OP_STATUS_ERROR },	/* unset: 0xff */
		{ VIRTIO_CRYPTO_OK, RTE_CRYPTO_OP_STATUS_SUCCESS },
	};
	unsigned int i, n = RTE_DIM(map), errors = 0;

	if (!dq_up(true, DQ_SIZE))
		return;
	ut_log_quiet(true);
	UT_ASSERT_EQ(make_sess(0, RTE_CRYPTO_CIPHER_AES_CBC, true, 16, 16), 0);
	for (i = 0; i < n; i++) {
		mk_op(i, 0, mk_flat(0, 64, 1), NULL, 0, 64);
		dq.status[i] = map[i].dev;
		if (map[i].op != RTE_CRYPTO_OP_STATUS_SUCCESS)
			errors++;
	}
	UT_ASSERT_EQ(vcrypto_dp_enqueue(dq.qp, ops, n), n);
	device_completes();
	UT_ASSERT_EQ(collect(NB_OPS), n);
	ASSERT_RETURNED_ONCE(n);
	for (i = 0; i < n; i++)
		UT_ASSERT_EQ(ops[i]->status * 1000 + i, map[i].op * 1000 + i);
	UT_ASSERT_EQ(dq.qp->stats.dequeue_err_count, errors);
	UT_ASSERT_EQ(dq.qp->stats.dequeued_count, n);
	ASSERT_STATS_CONSISTENT();
	UT_ASSERT(!dq.dev.dead);	/* bad statuses are not fatal */
	DQ_CLEAN();
}

/*
 * Completion (9.4): the status byte is read at its place even when the
 * used length does not cover it (devices that report result bytes only).
 */
static void
t_status_despite_len0(void)
{
	struct rte_crypto_op *op;
	unsigned int i;

	if (!dq_up(true, DQ_SIZE))
		return;
	UT_ASSERT_EQ(make_sess(0, RTE_CRYPTO_CIPHER_AES_CBC, true, 16, 16), 0);
	dq.len0 = true;
	for (i = 0; i < 2; i++) {
		dq.status[i] = i == 0 ? VIRTIO_CRYPTO_OK : VIRTIO_CRYPTO_BADMSG;
		op = mk_op(i, 0, mk_flat(i, 64, 1), NULL, 0, 64);
	}
	UT_ASSERT_EQ(vcrypto_dp_enqueue(dq.qp, ops, 2), 2);
	device_completes();
	UT_ASSERT_EQ(collect(NB_OPS), 2);
	UT_ASSERT_EQ(ops[0]->status, RTE_CRYPTO_OP_STATUS_SUCCESS);
	UT_ASSERT(check_output(ops[0], 1));
	UT_ASSERT_EQ(op->status, RTE_CRYPTO_OP_STATUS_AUTH_FAILED);
	UT_ASSERT(!vcrypto_vq_is_broken(dq.qp->vq));
	DQ_CLEAN();
}

/* ---- cases: ops the PMD must refuse ------------------------------------ */

static void
check_refused(struct rte_crypto_op *op, uint8_t status, unsigned int line)
{
	uint64_t errs = dq.qp->stats.enqueue_err_count;
	unsigned int req = dq.requests;
	uint16_t n;

	ops[0] = op;
	n = vcrypto_dp_enqueue(dq.qp, ops, 1);
	if (n != 0 || op->status != status ||
	    dq.qp->stats.enqueue_err_count != errs + 1 ||
	    dq.requests != req || vcrypto_vq_inflight(dq.qp->vq) != 0)
		ut_fail(__FILE__, line, "enqueue %u, status %u (want %u), "
			"errors %" PRIu64 ", device saw %u, in flight %u", n,
			op->status, status, dq.qp->stats.enqueue_err_count -
			errs, dq.requests - req,
			vcrypto_vq_inflight(dq.qp->vq));
}

#define REFUSED(op, st) do { \
	check_refused(op, st, __LINE__); \
	if (ut_failed()) \
		return; \
} while (0)

static void
t_bad_session(void)
{
	struct rte_crypto_op *op;

	if (!dq_up(true, DQ_SIZE))
		return;
	UT_ASSERT_EQ(make_sess(0, RTE_CRYPTO_CIPHER_AES_CBC, true, 16, 16), 0);
	op = mk_op(0, 0, mk_flat(0, 64, 1), NULL, 0, 64);
	op->sym->session = NULL;
	REFUSED(op, RTE_CRYPTO_OP_STATUS_INVALID_SESSION);
	op = mk_op(0, 0, mk_flat(0, 64, 1), NULL, 0, 64);
	sess_of(0)->driver_id = vcrypto_driver_id + 1;
	REFUSED(op, RTE_CRYPTO_OP_STATUS_INVALID_SESSION);
	sess_of(0)->driver_id = vcrypto_driver_id;
	op = mk_op(0, 0, mk_flat(0, 64, 1), NULL, 0, 64);
	op->sess_type = RTE_CRYPTO_OP_SESSIONLESS;
	REFUSED(op, RTE_CRYPTO_OP_STATUS_INVALID_SESSION);
	/* Ours, but never configured (or already destroyed). */
	memset(&tsess[1], 0, sizeof(tsess[1]));
	sess_of(1)->driver_id = vcrypto_driver_id;
	op = mk_op(0, 1, mk_flat(0, 64, 1), NULL, 0, 64);
	REFUSED(op, RTE_CRYPTO_OP_STATUS_INVALID_SESSION);
	/* An asymmetric op goes to the asym builder, whose verdict counts. */
	op = mk_op(0, 0, mk_flat(0, 64, 1), NULL, 0, 64);
	op->type = RTE_CRYPTO_OP_TYPE_ASYMMETRIC;
	asym_builds = 0;
	REFUSED(op, RTE_CRYPTO_OP_STATUS_INVALID_ARGS);
	UT_ASSERT_EQ(asym_builds, 1);
	UT_ASSERT_EQ(dq.notifies, 0);
	UT_ASSERT_EQ(dq.qp->stats.enqueued_count, 0);
	DQ_CLEAN();
}

/* A bad op stops the burst: ops before it go, ops after it are untouched. */
static void
t_bad_op_mid_burst(void)
{
	unsigned int i;

	if (!dq_up(true, DQ_SIZE))
		return;
	UT_ASSERT_EQ(make_sess(0, RTE_CRYPTO_CIPHER_AES_CBC, true, 16, 16), 0);
	for (i = 0; i < 5; i++)
		mk_op(i, 0, mk_flat(0, 64, 1), NULL, 0, 64);
	ops[2]->sym->session = NULL;
	UT_ASSERT_EQ(vcrypto_dp_enqueue(dq.qp, ops, 5), 2);
	UT_ASSERT_EQ(ops[2]->status, RTE_CRYPTO_OP_STATUS_INVALID_SESSION);
	UT_ASSERT_EQ(ops[3]->status, RTE_CRYPTO_OP_STATUS_NOT_PROCESSED);
	UT_ASSERT_EQ(ops[4]->status, RTE_CRYPTO_OP_STATUS_NOT_PROCESSED);
	UT_ASSERT_EQ(dq.requests, 2);
	UT_ASSERT_EQ(dq.qp->stats.enqueued_count, 2);
	UT_ASSERT_EQ(dq.qp->stats.enqueue_err_count, 1);
	device_completes();
	UT_ASSERT_EQ(collect(NB_OPS), 2);
	UT_ASSERT_EQ(returned[0] + returned[1], 2);
	UT_ASSERT_EQ(ops[0]->status, RTE_CRYPTO_OP_STATUS_SUCCESS);
	UT_ASSERT_EQ(ops[1]->status, RTE_CRYPTO_OP_STATUS_SUCCESS);
	/* The rest of the burst goes next time. */
	UT_ASSERT_EQ(vcrypto_dp_enqueue(dq.qp, &ops[3], 2), 2);
	device_completes();
	UT_ASSERT_EQ(collect(NB_OPS), 2);
	ASSERT_STATS_CONSISTENT();
	DQ_CLEAN();
}

static void
t_bad_lengths(void)
{
	struct rte_crypto_op *op;
	struct rte_mbuf *m;

	if (!dq_up(true, DQ_SIZE))
		return;
	UT_ASSERT_EQ(make_sess(0, RTE_CRYPTO_CIPHER_AES_CBC, true, 16, 16), 0);
	/* Partial blocks, empty range. */
	REFUSED(mk_op(0, 0, mk_flat(0, 64, 1), NULL, 0, 17),
		RTE_CRYPTO_OP_STATUS_INVALID_ARGS);
	REFUSED(mk_op(0, 0, mk_flat(0, 64, 1), NULL, 0, 8),
		RTE_CRYPTO_OP_STATUS_INVALID_ARGS);
	REFUSED(mk_op(0, 0, mk_flat(0, 64, 1), NULL, 0, 0),
		RTE_CRYPTO_OP_STATUS_INVALID_ARGS);
	/* Beyond the source. */
	REFUSED(mk_op(0, 0, mk_flat(0, 64, 1), NULL, 16, 64),
		RTE_CRYPTO_OP_STATUS_INVALID_ARGS);
	REFUSED(mk_op(0, 0, mk_flat(0, 64, 1), NULL, 64, 16),
		RTE_CRYPTO_OP_STATUS_INVALID_ARGS);
	REFUSED(mk_op(0, 0, mk_flat(0, 64, 1), NULL, UINT32_MAX - 15, 32),
		RTE_CRYPTO_OP_STATUS_INVALID_ARGS);
	/* Beyond the (out-of-place) destination. */
	REFUSED(mk_op(0, 0, mk_flat(0, 64, 1), mk_flat(1, 48, 1), 16, 48),
		RTE_CRYPTO_OP_STATUS_INVALID_ARGS);
	/* pkt_len says more than the chain holds. */
	m = mk_flat(0, 64, 1);
	m->pkt_len = 128;
	REFUSED(mk_op(0, 0, m, NULL, 64, 32),
		RTE_CRYPTO_OP_STATUS_INVALID_ARGS);
	/* A stream mode takes any length. */
	UT_ASSERT_EQ(make_sess(1, RTE_CRYPTO_CIPHER_AES_CTR, true, 16, 16), 0);
	op = mk_op(0, 1, mk_flat(0, 64, 1), NULL, 3, 17);
	UT_ASSERT_EQ(vcrypto_dp_enqueue(dq.qp, ops, 1), 1);
	device_completes();
	UT_ASSERT_EQ(collect(NB_OPS), 1);
	UT_ASSERT_EQ(op->status, RTE_CRYPTO_OP_STATUS_SUCCESS);
	DQ_CLEAN();
	/* The queue was never disturbed by the refusals. */
	UT_ASSERT(!vcrypto_vq_is_broken(dq.qp->vq));
	ASSERT_STATS_CONSISTENT();
}

/* IV + source + destination may not exceed the device's max_size. */
static void
t_max_size(void)
{
	struct rte_crypto_op *op;

	if (!dq_up(true, DQ_SIZE))
		return;
	UT_ASSERT_EQ(make_sess(0, RTE_CRYPTO_CIPHER_AES_CBC, true, 16, 16), 0);
	dq.dev.lim.max_size = 16 + 2 * 64 - 1;
	REFUSED(mk_op(0, 0, mk_flat(0, 64, 1), NULL, 0, 64),
		RTE_CRYPTO_OP_STATUS_INVALID_ARGS);
	dq.dev.lim.max_size = 16 + 2 * 64;
	op = mk_op(0, 0, mk_flat(0, 64, 1), NULL, 0, 64);
	UT_ASSERT_EQ(vcrypto_dp_enqueue(dq.qp, ops, 1), 1);
	device_completes();
	UT_ASSERT_EQ(collect(NB_OPS), 1);
	UT_ASSERT_EQ(op->status, RTE_CRYPTO_OP_STATUS_SUCCESS);
	DQ_CLEAN();
}

/* ---- cases: ring full, scatter-gather ---------------------------------- */

static void
t_full_ring(void)
{
	unsigned int mode, round, i, want, got, n, base;

	for (mode = 0; mode < 2; mode++) {
		bool indirect = mode == 0;

		if (!dq_up(indirect, DQ_SIZE))
			return;
		UT_ASSERT_EQ(make_sess(0, RTE_CRYPTO_CIPHER_AES_CBC, true, 16,
				       16), 0);
		for (i = 0; i < NB_OPS; i++)
			mk_op(i, 0, mk_flat(0, 64, 1), NULL, 0, 32);
		/* Indirect: one slot per op; chained: 5 descriptors each. */
		want = indirect ? DQ_SIZE : DQ_SIZE / 5;
		n = vcrypto_dp_enqueue(dq.qp, ops, 20);
		UT_ASSERT_EQ(n, want);
		for (i = n; i < 20; i++)
			UT_ASSERT_EQ(ops[i]->status,
				     RTE_CRYPTO_OP_STATUS_NOT_PROCESSED);
		UT_ASSERT_EQ(vcrypto_dp_enqueue(dq.qp, &ops[n], 4), 0);
		UT_ASSERT_EQ(dq.qp->stats.enqueue_err_count, 0);
		device_completes();
		UT_ASSERT_EQ(collect(NB_OPS), n);
		ASSERT_RETURNED_ONCE(n);
		/* Rounds of uneven bursts wrap the ring several times. */
		for (round = 0, base = 0; round < 12; round++) {
			for (i = 0; i < NB_OPS; i++)
				mk_op(i, 0, mk_flat(0, 64, 1), NULL, 0, 32);
			memset(returned, 0, sizeof(returned));
			got = vcrypto_dp_enqueue(dq.qp, ops, 1 + (round * 7) %
						 DQ_SIZE);
			UT_ASSERT(got > 0);
			base += got;
			device_completes();
			UT_ASSERT_EQ(collect(1 + round % 5), got);
			ASSERT_RETURNED_ONCE(got);
			for (i = 0; i < got; i++)
				UT_ASSERT_EQ(ops[i]->status,
					     RTE_CRYPTO_OP_STATUS_SUCCESS);
		}
		ASSERT_STATS_CONSISTENT();
		UT_ASSERT_EQ(dq.qp->stats.enqueued_count, n + base);
		DQ_CLEAN();
		teardown();
	}
}

/* Segments the device saw from index first, as (iova, len, write). */
static bool
check_seen_segs(unsigned int first, struct rte_mbuf *m, const uint32_t *offs,
	   const uint32_t *lens, unsigned int n, bool write, unsigned int line)
{
	const struct vcrypto_model_seg *s = &dq.last.segs[first];
	unsigned int i;

	for (i = 0; i < n; i++, m = m->next) {
		while (m->data_len == 0)
			m = m->next;	/* empty pieces carry nothing */
		if (s[i].write != write || s[i].len != lens[i] ||
		    s[i].iova != rte_pktmbuf_iova_offset(m, offs[i])) {
			ut_fail(__FILE__, line, "segment %u: %u bytes at "
				"%#" PRIx64 " write %d, want %u at %#" PRIx64,
				first + i, s[i].len, s[i].iova, s[i].write,
				lens[i], rte_pktmbuf_iova_offset(m, offs[i]));
			return false;
		}
	}
	return true;
}

static void
t_sgl(void)
{
	static const uint16_t src_lens[] = { 10, 20, 34 };
	static const uint16_t dst_lens[] = { 30, 40 };
	static const uint32_t s_off[] = { 5, 0, 0 }, s_len[] = { 5, 20, 23 };
	static const uint32_t d_off[] = { 5, 0 }, d_len[] = { 25, 23 };
	static const uint32_t b_off[] = { 0, 0 }, b_len[] = { 20, 12 };
	struct rte_crypto_op *op;
	unsigned int mode;

	for (mode = 0; mode < 2; mode++) {
		if (!dq_up(mode == 0, DQ_SIZE))
			return;
		UT_ASSERT_EQ(make_sess(0, RTE_CRYPTO_CIPHER_AES_CBC, true, 16,
				       16), 0);
		/*
		 * In place over three pieces: [72][iv][5 20 23 R][5 20 23 W][1],
		 * 9 segments: only with indirect tables (chains take 8).
		 */
		op = mk_op(0, 0, mk_chain(0, src_lens, 3, 7), NULL, 5, 48);
		if (mode == 0) {
			UT_ASSERT_EQ(vcrypto_dp_enqueue(dq.qp, ops, 1), 1);
			DQ_CLEAN();
			UT_ASSERT_EQ(dq.last.nseg, 2 + 3 + 3 + 1);
			UT_ASSERT(check_seen_segs(2, op->sym->m_src, s_off,
						  s_len, 3, false, __LINE__));
			UT_ASSERT(check_seen_segs(5, op->sym->m_src, s_off,
						  s_len, 3, true, __LINE__));
			device_completes();
			UT_ASSERT_EQ(collect(NB_OPS), 1);
			UT_ASSERT_EQ(op->status, RTE_CRYPTO_OP_STATUS_SUCCESS);
			UT_ASSERT(check_output(op, 7));
		}

		/* Out of place into a chain of another shape. */
		op = mk_op(0, 0, mk_chain(0, src_lens, 3, 9),
			   mk_chain(1, dst_lens, 2, 0), 5, 48);
		UT_ASSERT_EQ(vcrypto_dp_enqueue(dq.qp, ops, 1), 1);
		DQ_CLEAN();
		UT_ASSERT_EQ(dq.last.nseg, 2 + 3 + 2 + 1);
		UT_ASSERT(check_seen_segs(5, op->sym->m_dst, d_off, d_len, 2,
					  true, __LINE__));
		device_completes();
		UT_ASSERT_EQ(collect(NB_OPS), 1);
		UT_ASSERT_EQ(op->status, RTE_CRYPTO_OP_STATUS_SUCCESS);
		UT_ASSERT(check_output(op, 9));

		/* Offset on a piece boundary: the first mbuf is skipped. */
		op = mk_op(0, 0, mk_chain(0, src_lens, 3, 11), NULL, 10, 32);
		UT_ASSERT_EQ(vcrypto_dp_enqueue(dq.qp, ops, 1), 1);
		DQ_CLEAN();
		UT_ASSERT_EQ(dq.last.nseg, 2 + 2 + 2 + 1);
		UT_ASSERT(check_seen_segs(2, op->sym->m_src->next, b_off,
					  b_len, 2, false, __LINE__));
		device_completes();
		UT_ASSERT_EQ(collect(NB_OPS), 1);
		UT_ASSERT_EQ(op->status, RTE_CRYPTO_OP_STATUS_SUCCESS);
		UT_ASSERT(check_output(op, 11));
		ASSERT_STATS_CONSISTENT();
		teardown();
	}
}

/*
 * An empty mbuf inside a chain (legal in DPDK, e.g. after
 * rte_pktmbuf_adj()) carries no bytes: it must not become a zero-length
 * descriptor, and the op must go through.
 */
static void
t_sgl_empty_piece(void)
{
	static const uint16_t lens[] = { 16, 0, 48 };
	static const uint32_t offs[] = { 0, 0 }, slen[] = { 16, 48 };
	struct rte_crypto_op *op;

	if (!dq_up(true, DQ_SIZE))
		return;
	ut_log_quiet(true);
	UT_ASSERT_EQ(make_sess(0, RTE_CRYPTO_CIPHER_AES_CBC, true, 16, 16), 0);
	op = mk_op(0, 0, mk_chain(0, lens, 3, 5), NULL, 0, 64);
	UT_ASSERT_EQ(vcrypto_dp_enqueue(dq.qp, ops, 1) * 100 + op->status,
		     1 * 100 + RTE_CRYPTO_OP_STATUS_NOT_PROCESSED);
	DQ_CLEAN();
	UT_ASSERT_EQ(dq.last.nseg, 2 + 2 + 2 + 1);
	UT_ASSERT(check_seen_segs(2, op->sym->m_src, offs, slen, 2, false,
				  __LINE__));
	device_completes();
	UT_ASSERT_EQ(collect(NB_OPS), 1);
	UT_ASSERT_EQ(op->status, RTE_CRYPTO_OP_STATUS_SUCCESS);
	UT_ASSERT(check_output(op, 5));
}

/* More pieces than the queue takes per request: refused, queue intact. */
static void
t_sgl_too_many_pieces(void)
{
	static const uint16_t lens[] = { 16, 16, 16, 16 };
	struct rte_crypto_op *op;

	if (!dq_up(false, DQ_SIZE))	/* chained: 8 segments at most */
		return;
	UT_ASSERT_EQ(make_sess(0, RTE_CRYPTO_CIPHER_AES_CBC, true, 16, 16), 0);
	REFUSED(mk_op(0, 0, mk_chain(0, lens, 4, 1), NULL, 0, 64),
		RTE_CRYPTO_OP_STATUS_INVALID_ARGS);
	/* 1 + 1 + 3 + 3 + 1 = 9 > 8 as well. */
	REFUSED(mk_op(0, 0, mk_chain(0, lens, 3, 1), NULL, 0, 48),
		RTE_CRYPTO_OP_STATUS_INVALID_ARGS);
	/* 1 + 1 + 2 + 2 + 1 = 7 fits. */
	op = mk_op(0, 0, mk_chain(0, lens, 2, 1), NULL, 0, 32);
	UT_ASSERT_EQ(vcrypto_dp_enqueue(dq.qp, ops, 1), 1);
	device_completes();
	UT_ASSERT_EQ(collect(NB_OPS), 1);
	UT_ASSERT_EQ(op->status, RTE_CRYPTO_OP_STATUS_SUCCESS);
	DQ_CLEAN();
}

/* ---- cases: a device that stalls or misbehaves ------------------------- */

/* After a failure: everything back once with ERROR, nothing accepted. */
static void
check_failed_and_drained(unsigned int n, unsigned int ok_before)
{
	struct rte_crypto_op *extra[1];
	unsigned int i, errors = 0;
	uint16_t avail;

	UT_ASSERT(dq.dev.dead);
	UT_ASSERT_EQ(dq.resets, 1);	/* DMA stopped before reclaiming */
	ASSERT_RETURNED_ONCE(n);
	for (i = 0; i < n; i++) {
		UT_ASSERT(ops[i]->status != RTE_CRYPTO_OP_STATUS_NOT_PROCESSED);
		if (i >= ok_before)
			UT_ASSERT_EQ(ops[i]->status * 1000 + i,
				     RTE_CRYPTO_OP_STATUS_ERROR * 1000 + i);
		if (ops[i]->status != RTE_CRYPTO_OP_STATUS_SUCCESS)
			errors++;
	}
	UT_ASSERT_EQ(vcrypto_vq_inflight(dq.qp->vq), 0);
	UT_ASSERT_EQ(dq.qp->stats.dequeue_err_count, errors);
	/* Nothing is accepted any more, and the op is left alone. */
	avail = dq.qp->vq->split.avail->idx;
	mk_op(NB_OPS - 1, 0, mk_flat(0, 64, 1), NULL, 0, 32);
	extra[0] = ops[NB_OPS - 1];
	UT_ASSERT_EQ(vcrypto_dp_enqueue(dq.qp, extra, 1), 0);
	UT_ASSERT_EQ(extra[0]->status, RTE_CRYPTO_OP_STATUS_NOT_PROCESSED);
	UT_ASSERT_EQ(dq.qp->vq->split.avail->idx, avail);
	UT_ASSERT_EQ(collect(NB_OPS), 0);
	/* Ops handed back by the drain are dequeued ops too. */
	ASSERT_STATS_CONSISTENT();
}

static void
t_stall(void)
{
	struct rte_crypto_op *out[4];
	unsigned int i, mode;

	for (mode = 0; mode < 2; mode++) {
		if (!dq_up(mode == 0, DQ_SIZE))
			return;
		ut_log_quiet(true);
		UT_ASSERT_EQ(make_sess(0, RTE_CRYPTO_CIPHER_AES_CBC, true, 16,
				       16), 0);
		for (i = 0; i < 3; i++)
			mk_op(i, 0, mk_flat(0, 64, 1), NULL, 0, 32);
		dq.never = true;	/* takes them, never answers */
		UT_ASSERT_EQ(vcrypto_dp_enqueue(dq.qp, ops, 3), 3);
		device_completes();
		UT_ASSERT_EQ(vcrypto_dp_dequeue(dq.qp, out, 4), 0);
		ut_clock_advance_us(DP_TIMEOUT_MS * 1000 - 1000);
		UT_ASSERT_EQ(vcrypto_dp_dequeue(dq.qp, out, 4), 0);
		UT_ASSERT(!dq.dev.dead);
		ut_clock_advance_us(2000);
		/* One op at a time: the drain resumes where it stopped. */
		UT_ASSERT_EQ(collect(1), 3);
		check_failed_and_drained(3, 0);
		teardown();
	}
}

/* A device that flags NEEDS_RESET fails well before the timeout. */
static void
t_needs_reset(void)
{
	struct rte_crypto_op *out[4];
	unsigned int i;

	if (!dq_up(true, DQ_SIZE))
		return;
	ut_log_quiet(true);
	UT_ASSERT_EQ(make_sess(0, RTE_CRYPTO_CIPHER_AES_CBC, true, 16, 16), 0);
	for (i = 0; i < 3; i++)
		mk_op(i, 0, mk_flat(0, 64, 1), NULL, 0, 32);
	dq.never = true;
	UT_ASSERT_EQ(vcrypto_dp_enqueue(dq.qp, ops, 3), 3);
	device_completes();
	ut_clock_advance_us(DP_TIMEOUT_MS * 1000 / 8 + 1000);
	UT_ASSERT_EQ(vcrypto_dp_dequeue(dq.qp, out, 4), 0);
	UT_ASSERT(!dq.dev.dead);	/* status still fine */
	dq.dev_status = VCRYPTO_STATUS_NEEDS_RESET;
	ut_clock_advance_us(DP_TIMEOUT_MS * 1000 / 8 + 1000);
	UT_ASSERT_EQ(collect(3), 3);
	UT_ASSERT(dq.dev.dead);
	check_failed_and_drained(3, 0);
	dq.dev_status = 0;
	teardown();
}

/* A slow device that keeps completing is not a stalled one. */
static void
t_slow_not_stalled(void)
{
	struct rte_crypto_op *out[4];
	unsigned int i;

	if (!dq_up(true, DQ_SIZE))
		return;
	ut_log_quiet(true);
	UT_ASSERT_EQ(make_sess(0, RTE_CRYPTO_CIPHER_AES_CBC, true, 16, 16), 0);
	for (i = 0; i < 4; i++)
		mk_op(i, 0, mk_flat(0, 64, 1), NULL, 0, 32);
	UT_ASSERT_EQ(vcrypto_dp_enqueue(dq.qp, ops, 4), 4);
	vcrypto_model_fetch(&dq.m);
	for (i = 0; i < 4; i++) {
		ut_clock_advance_us(DP_TIMEOUT_MS * 1000 * 3 / 4);
		UT_ASSERT_EQ(vcrypto_dp_dequeue(dq.qp, out, 4), 0);
		vcrypto_model_complete(&dq.m, 1);
		UT_ASSERT_EQ(vcrypto_dp_dequeue(dq.qp, out, 4), 1);
		UT_ASSERT_EQ(out[0]->status, RTE_CRYPTO_OP_STATUS_SUCCESS);
	}
	UT_ASSERT(!dq.dev.dead);
	/* Idle for long, then a new burst: the clock starts afresh. */
	ut_clock_advance_us(10 * 1000 * 1000);
	UT_ASSERT_EQ(vcrypto_dp_enqueue(dq.qp, ops, 1), 1);
	ut_clock_advance_us(DP_TIMEOUT_MS * 1000 / 2);
	UT_ASSERT_EQ(vcrypto_dp_dequeue(dq.qp, out, 4), 0);
	UT_ASSERT(!dq.dev.dead);
	device_completes();
	UT_ASSERT_EQ(vcrypto_dp_dequeue(dq.qp, out, 4), 1);
	/* Adding work does not hide a stuck request (none completes). */
	UT_ASSERT_EQ(vcrypto_dp_enqueue(dq.qp, ops, 1), 1);
	ut_clock_advance_us(DP_TIMEOUT_MS * 1000 * 3 / 4);
	UT_ASSERT_EQ(vcrypto_dp_enqueue(dq.qp, &ops[1], 1), 1);
	ut_clock_advance_us(DP_TIMEOUT_MS * 1000 / 2);
	UT_ASSERT_EQ(vcrypto_dp_dequeue(dq.qp, out, 4), 0);
	UT_ASSERT(dq.dev.dead);
	DQ_CLEAN();
}

/* Protocol violations: the good completions before it, then ERROR. */
static void
t_protocol_violation(void)
{
	static const enum vcrypto_model_fault faults[] = {
		VCRYPTO_MODEL_FAULT_ID_RANGE,
		VCRYPTO_MODEL_FAULT_ID_NOT_INFLIGHT,
		VCRYPTO_MODEL_FAULT_LEN_TOO_BIG,
		VCRYPTO_MODEL_FAULT_IDX_JUMP,
	};
	unsigned int f, i, n, mode;

	for (f = 0; f < RTE_DIM(faults) * 2; f++) {
		mode = f % 2;
		n = mode == 0 ? 4 : 3;	/* chained: 5 descriptors each */
		if (!dq_up(mode == 0, DQ_SIZE))
			return;
		ut_log_quiet(true);
		UT_ASSERT_EQ(make_sess(0, RTE_CRYPTO_CIPHER_AES_CBC, true, 16,
				       16), 0);
		for (i = 0; i < n; i++)
			mk_op(i, 0, mk_flat(0, 64, 1), NULL, 0, 32);
		UT_ASSERT_EQ(vcrypto_dp_enqueue(dq.qp, ops, n), n);
		/* In order: op 0 completes fine, the 2nd entry is bad. */
		vcrypto_model_set_fault(&dq.m, faults[f / 2], 1);
		device_completes();
		UT_ASSERT_EQ(collect(NB_OPS), n);
		if (faults[f / 2] != VCRYPTO_MODEL_FAULT_IDX_JUMP)
			UT_ASSERT_EQ(ops[0]->status,
				     RTE_CRYPTO_OP_STATUS_SUCCESS);
		check_failed_and_drained(n, 1);
		if (ut_failed())
			return;
		teardown();
	}
}

/* A duplicated completion never hands an op back twice. */
static void
t_duplicate_completion(void)
{
	unsigned int variant, i, n = 4;

	for (variant = 0; variant < 2; variant++) {
		if (!dq_up(true, DQ_SIZE))
			return;
		ut_log_quiet(true);
		UT_ASSERT_EQ(make_sess(0, RTE_CRYPTO_CIPHER_AES_CBC, true, 16,
				       16), 0);
		for (i = 0; i < n; i++)
			mk_op(i, 0, mk_flat(0, 64, 1), NULL, 0, 32);
		UT_ASSERT_EQ(vcrypto_dp_enqueue(dq.qp, ops, n), n);
		vcrypto_model_fetch(&dq.m);
		vcrypto_model_set_fault(&dq.m, VCRYPTO_MODEL_FAULT_DUPLICATE, 0);
		/*
		 * Variant 0: the copy arrives with the others (used index
		 * runs ahead); 1: op 0 and its copy alone, so the copy is an
		 * id no longer in flight.
		 */
		vcrypto_model_complete(&dq.m, variant == 0 ? UINT32_MAX : 1);
		UT_ASSERT_EQ(collect(NB_OPS), n);
		check_failed_and_drained(n, 1);
		if (ut_failed())
			return;
		teardown();
	}
}

/* Another queue (or the control path) failed the device. */
static void
t_failed_elsewhere(void)
{
	unsigned int i, n = 6;

	if (!dq_up(true, DQ_SIZE))
		return;
	ut_log_quiet(true);
	UT_ASSERT_EQ(make_sess(0, RTE_CRYPTO_CIPHER_AES_CBC, true, 16, 16), 0);
	for (i = 0; i < n; i++)
		mk_op(i, 0, mk_flat(0, 64, 1), NULL, 0, 32);
	UT_ASSERT_EQ(vcrypto_dp_enqueue(dq.qp, ops, n), n);
	/* Half of them completed but not yet seen when the device fails. */
	vcrypto_model_fetch(&dq.m);
	vcrypto_model_complete(&dq.m, n / 2);
	vcrypto_dev_fail(&dq.dev, "unit test");
	vcrypto_dev_fail(&dq.dev, "again: no second reset");
	UT_ASSERT_EQ(collect(2), n);
	check_failed_and_drained(n, 0);
}

static void
t_enqueue_nothing(void)
{
	struct rte_crypto_op *out[1];

	if (!dq_up(true, DQ_SIZE))
		return;
	UT_ASSERT_EQ(vcrypto_dp_enqueue(dq.qp, ops, 0), 0);
	UT_ASSERT_EQ(vcrypto_dp_dequeue(dq.qp, out, 0), 0);
	UT_ASSERT_EQ(vcrypto_dp_dequeue(dq.qp, out, 1), 0);
	UT_ASSERT_EQ(dq.notifies, 0);
	UT_ASSERT_EQ(dq.qp->vq->split.avail->idx, 0);
	/* An idle queue never "stalls". */
	ut_clock_advance_us(10 * 1000 * 1000);
	UT_ASSERT_EQ(vcrypto_dp_dequeue(dq.qp, out, 1), 0);
	UT_ASSERT(!dq.dev.dead);
}

/* Allocation failures: the documented errno, nothing left behind. */
static void
t_queue_create_enomem(void)
{
	struct vcrypto_qp *qp = NULL;
	unsigned int k;
	int rc, live;

	if (!dq_up(true, DQ_SIZE))
		return;
	ut_log_quiet(true);
	live = ut_allocs_live();
	/* qp, request slots, vq, vq shadow, ring, indirect tables */
	for (k = 1; k <= 6; k++) {
		ut_alloc_fail_at(k);
		rc = vcrypto_dp_queue_create(&dq.dev, 1, DQ_SIZE, 0, &qp);
		UT_ASSERT_EQ(rc * 10 + (int)k, -ENOMEM * 10 + (int)k);
		UT_ASSERT_EQ(ut_allocs_live(), live);
	}
	ut_alloc_fail_at(0);
	UT_ASSERT_EQ(vcrypto_dp_queue_create(&dq.dev, 1, DQ_SIZE, 0, &qp), 0);
	vcrypto_dp_queue_destroy(qp);
	vcrypto_dp_queue_destroy(NULL);
}

static const struct ut_case cases[] = {
	{ "sym_session_request", t_sym_session_request },
	{ "sym_session_rejects", t_sym_session_rejects },
	{ "cipher_layout", t_cipher_layout },
	{ "cipher_oop", t_cipher_oop },
	{ "status_map", t_status_map },
	{ "status_despite_len0", t_status_despite_len0 },
	{ "bad_session", t_bad_session },
	{ "bad_op_mid_burst", t_bad_op_mid_burst },
	{ "bad_lengths", t_bad_lengths },
	{ "max_size", t_max_size },
	{ "full_ring", t_full_ring },
	{ "sgl", t_sgl },
	{ "sgl_empty_piece", t_sgl_empty_piece },
	{ "sgl_too_many_pieces", t_sgl_too_many_pieces },
	{ "stall", t_stall },
	{ "needs_reset", t_needs_reset },
	{ "slow_not_stalled", t_slow_not_stalled },
	{ "protocol_violation", t_protocol_violation },
	{ "duplicate_completion", t_duplicate_completion },
	{ "failed_elsewhere", t_failed_elsewhere },
	{ "enqueue_nothing", t_enqueue_nothing },
	{ "queue_create_enomem", t_queue_create_enomem },
};

int
main(void)
{
	return ut_run(cases, RTE_DIM(cases), teardown) == 0 ? 0 : 1;
}
