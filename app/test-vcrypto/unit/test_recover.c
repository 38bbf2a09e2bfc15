/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Unit tests of device recovery: a device that stalls, asks for a reset,
 * keeps failing or vanishes, driven through the real bring-up, data path,
 * control queue, session and cryptodev ops code (vcrypto_dev.c, _dp.c,
 * _ctrl.c, _sym.c, _ops.c, _caps.c, _transport.c over the real queue). The
 * device is a software virtio-crypto device at the transport level: status,
 * features and config registers, one model (vcrypto_model.c) per queue, a
 * control queue that keeps a session table, and the data queue of
 * dp_fixture.c, which answers INVSESS for a session it does not hold. A
 * reset forgets every session and every ring, as the standard says.
 */
#include "ut_clock.h"

#include "vcrypto_vq.c"
#include "vcrypto_vq_split.c"
#include "vcrypto_transport.c"
#include "vcrypto_caps.c"
#include "vcrypto_ctrl.c"
#include "vcrypto_sym.c"
#include "vcrypto_dp.c"
#include "vcrypto_dev.c"
#include "vcrypto_ops.c"

#include <stdlib.h>

#include "dp_fixture.h"
#include "ut.h"
#include "vcrypto_model.h"

#define NB_DQ		2
#define NB_Q		(NB_DQ + 1)	/* data queues, then the control queue */
#define CQ		NB_DQ
#define DQ_MAX		64
#define CQ_MAX		16
#define TIMEOUT_MS	50
#define NB_SID		16
#define BIT(n)		(UINT64_C(1) << (n))

uint8_t vcrypto_driver_id = 5;

/* ---- the device ---------------------------------------------------------- */

static struct {
	/* registers */
	uint8_t status;
	uint64_t offered;
	uint64_t acked;
	struct virtio_crypto_config cfg;	/* little endian, as read */
	struct vcrypto_model m[NB_Q];
	bool q_on[NB_Q];
	/* sessions the device holds; ids are never reused */
	uint64_t sid[NB_SID];
	unsigned int nb_sid;
	uint64_t next_sid;
	unsigned int creates;
	unsigned int destroys;
	unsigned int bad_destroys;	/* DESTROY of an id it does not hold */
	/* knobs */
	bool gone;		/* every read all-ones */
	bool refuse_ok;		/* NEEDS_RESET right after DRIVER_OK */
	bool refuse_create;	/* control queue answers ERR to creates */
	bool cq_never;		/* control queue takes requests, no answer */
	uint32_t cipher_after_reset;	/* != 0: cipher_algo_l after a reset */
	/* seen */
	unsigned int resets;
} vd;

static struct {
	struct vcrypto_dev dev;
	struct rte_cryptodev cdev;
	struct rte_cryptodev_data data;
	void *qps[NB_DQ];
} t;

static bool
vd_holds(uint64_t sid)
{
	unsigned int i;

	for (i = 0; i < vd.nb_sid; i++)
		if (vd.sid[i] == sid)
			return true;
	return false;
}

static void
vd_forget(uint64_t sid)
{
	unsigned int i;

	for (i = 0; i < vd.nb_sid; i++)
		if (vd.sid[i] == sid)
			vd.sid[i] = vd.sid[--vd.nb_sid];
}

/* Control queue: [72 R][keys R]*[16 W] for a create, [72 R][1 W] destroy. */
static uint32_t
cq_handler(void *ctx, struct vcrypto_model *m,
	   const struct vcrypto_model_seg *segs, uint32_t nseg, uint32_t wlen)
{
	const uint8_t *pre = vcrypto_model_map(m, segs[0].iova, 72);
	uint8_t *res = vcrypto_model_map(m, segs[nseg - 1].iova,
					 segs[nseg - 1].len);
	struct virtio_crypto_session_input out = { 0 };
	uint64_t sid;

	RTE_SET_USED(ctx);
	if (vd.cq_never)
		return VCRYPTO_MODEL_NO_COMPLETION;
	if (segs[nseg - 1].len == 1) {	/* destroy */
		vd.destroys++;
		sid = dpf_le64(pre, VCRYPTO_CTRL_HDR_LEN);
		*res = vd_holds(sid) ? VIRTIO_CRYPTO_OK : VIRTIO_CRYPTO_ERR;
		vd.bad_destroys += !vd_holds(sid);
		vd_forget(sid);
		return wlen;
	}
	vd.creates++;
	out.status = rte_cpu_to_le_32(VIRTIO_CRYPTO_ERR);
	if (!vd.refuse_create && vd.nb_sid < NB_SID) {
		vd.sid[vd.nb_sid++] = ++vd.next_sid;
		out.session_id = rte_cpu_to_le_64(vd.next_sid);
		out.status = rte_cpu_to_le_32(VIRTIO_CRYPTO_OK);
	}
	memcpy(res, &out, sizeof(out));
	return wlen;
}

/* Device reset: rings, sessions and status are gone. */
static void
vd_reset(void)
{
	unsigned int i;

	for (i = 0; i < NB_Q; i++) {
		if (vd.q_on[i])
			vcrypto_model_fini(&vd.m[i]);
		vd.q_on[i] = false;
	}
	vd.nb_sid = 0;
	vd.status = 0;
	vd.resets++;
	if (vd.cipher_after_reset != 0)
		vd.cfg.cipher_algo_l = rte_cpu_to_le_32(vd.cipher_after_reset);
}

static uint8_t
vd_get_status(struct vcrypto_hw *hw)
{
	if (vd.gone)
		hw->gone = true;	/* as vcrypto_pci.c does */
	return vd.gone ? 0xff : vd.status;
}

static void
vd_set_status(struct vcrypto_hw *hw, uint8_t status)
{
	RTE_SET_USED(hw);
	if (status == 0) {
		vd_reset();
		return;
	}
	vd.status = status;
	if ((status & VCRYPTO_STATUS_DRIVER_OK) && vd.refuse_ok)
		vd.status |= VCRYPTO_STATUS_NEEDS_RESET;
}

static uint64_t
vd_get_features(struct vcrypto_hw *hw)
{
	RTE_SET_USED(hw);
	return vd.offered;
}

static void
vd_set_features(struct vcrypto_hw *hw, uint64_t features)
{
	RTE_SET_USED(hw);
	vd.acked = features;
}

static uint8_t
vd_config_generation(struct vcrypto_hw *hw)
{
	RTE_SET_USED(hw);
	return 0;
}

static int
vd_read_config(struct vcrypto_hw *hw, uint32_t off, void *dst, uint32_t len)
{
	RTE_SET_USED(hw);
	if (off + len > sizeof(vd.cfg))
		return -EINVAL;
	if (vd.gone)
		memset(dst, 0xff, len);
	else
		memcpy(dst, (uint8_t *)&vd.cfg + off, len);
	return 0;
}

static uint16_t
vd_queue_max_size(struct vcrypto_hw *hw, uint16_t idx)
{
	RTE_SET_USED(hw);
	if (vd.gone)
		return UINT16_MAX;
	return idx < NB_DQ ? DQ_MAX : idx == CQ ? CQ_MAX : 0;
}

static int
vd_queue_setup(struct vcrypto_hw *hw, uint16_t idx, uint16_t size,
	       const struct vcrypto_vq_addrs *addrs)
{
	struct vcrypto_model_cfg mc = {
		.size = size,
		.indirect = vd.acked & BIT(VCRYPTO_F_INDIRECT_DESC),
		.desc = addrs->desc,
		.avail = addrs->driver,
		.used = addrs->device,
	};

	RTE_SET_USED(hw);
	mc.head_is_slot = mc.indirect;
	if (idx >= NB_Q || vd.q_on[idx] ||
	    vcrypto_model_init(&vd.m[idx], &mc) != 0)
		return -EIO;
	vd.m[idx].handler = idx == CQ ? cq_handler : dpf_handler;
	vd.q_on[idx] = true;
	return 0;
}

/* A synchronous device: every kick is served at once (dpf.never holds). */
static void
vd_notify(struct vcrypto_hw *hw, uint16_t idx)
{
	RTE_SET_USED(hw);
	if (idx >= NB_Q || !vd.q_on[idx] ||
	    !(vd.status & VCRYPTO_STATUS_DRIVER_OK)) {
		dpf_error("kick of queue %u, not running", idx);
		return;
	}
	vcrypto_model_run(&vd.m[idx]);
}

/* What vcrypto_transport_ops() hands out for a PCI device. */
const struct vcrypto_transport_ops vcrypto_pci_ops = {
	.get_status = vd_get_status,
	.set_status = vd_set_status,
	.get_features = vd_get_features,
	.set_features = vd_set_features,
	.config_generation = vd_config_generation,
	.read_config = vd_read_config,
	.queue_max_size = vd_queue_max_size,
	.queue_setup = vd_queue_setup,
	.notify = vd_notify,
};

int
vcrypto_pci_init(struct rte_pci_device *pci, struct vcrypto_hw *hw)
{
	static uint8_t common[64];

	RTE_SET_USED(pci);
	hw->kind = VCRYPTO_TRANSPORT_PCI;
	hw->common = common;	/* only tested for NULL */
	hw->num_queues = NB_Q;
	return 0;
}

/* ---- fixture ------------------------------------------------------------- */

static void
vd_config(void)
{
	struct virtio_crypto_config *c = &vd.cfg;

	c->status = rte_cpu_to_le_32(VIRTIO_CRYPTO_S_HW_READY);
	c->max_dataqueues = rte_cpu_to_le_32(NB_DQ);
	c->crypto_services = rte_cpu_to_le_32(BIT(VCRYPTO_SERVICE_CIPHER));
	c->cipher_algo_l = rte_cpu_to_le_32(BIT(VIRTIO_CRYPTO_CIPHER_AES_CBC) |
					    BIT(VIRTIO_CRYPTO_CIPHER_AES_CTR));
	c->max_cipher_key_len = rte_cpu_to_le_32(32);
	c->max_size = rte_cpu_to_le_64(1 << 20);
	vd.offered = BIT(VCRYPTO_F_VERSION_1) | BIT(VCRYPTO_F_ACCESS_PLATFORM) |
		     BIT(VCRYPTO_F_INDIRECT_DESC);
}

/* The next up() offers EVENT_IDX and has the devarg event_idx=0 refuse it. */
static bool no_event_idx;

static struct vcrypto_qp *
qp_of(unsigned int i)
{
	return t.dev.qps[i];
}

/* Session i: AES-128-CBC encrypt, IV in the op. */
static int
cbc_sess(unsigned int i)
{
	return dpf_make_sess(&t.dev, i, RTE_CRYPTO_CIPHER_AES_CBC, true, 16,
			     16);
}

#define SESS(i) UT_ASSERT_EQ(cbc_sess(i), 0)

/* The application's dev_configure + queue_pair_setup + dev_start. */
static int
app_start(void)
{
	struct rte_cryptodev_config conf = { .nb_queue_pairs = NB_DQ };
	struct rte_cryptodev_qp_conf qc = { .nb_descriptors = DQ_MAX };
	uint16_t i;
	int rc;

	rc = vcrypto_dev_ops.dev_configure(&t.cdev, &conf);
	for (i = 0; i < NB_DQ && rc == 0; i++)
		rc = vcrypto_dev_ops.queue_pair_setup(&t.cdev, i, &qc, 0);
	return rc == 0 ? vcrypto_dev_ops.dev_start(&t.cdev) : rc;
}

static bool
up(void)
{
	int rc;

	memset(&vd, 0, sizeof(vd));
	memset(&t, 0, sizeof(t));
	dpf_reset();
	dpf.sid_ok = vd_holds;
	ut_clock_reset();
	ut_log_quiet(getenv("UT_VERBOSE") == NULL);
	vd_config();
	snprintf(t.dev.hw.name, sizeof(t.dev.hw.name), "ut0");
	t.dev.ctrl_timeout_ms = TIMEOUT_MS;
	t.dev.dp_timeout_ms = TIMEOUT_MS;
	t.dev.recover_max = VCRYPTO_DEF_RECOVER_MAX;
	t.dev.no_event_idx = no_event_idx;
	if (no_event_idx)
		vd.offered |= BIT(VCRYPTO_F_EVENT_IDX);
	t.data.dev_private = &t.dev;
	t.data.queue_pairs = t.qps;
	t.data.nb_queue_pairs = NB_DQ;
	t.cdev.data = &t.data;
	rc = vcrypto_dev_init(&t.dev, NULL, 0);
	if (rc == 0)
		rc = app_start();
	if (rc == 0)
		rc = cbc_sess(0);
	if (rc != 0)
		ut_fail(__FILE__, __LINE__, "bring-up: %d", rc);
	return rc == 0;
}

static void
teardown(void)
{
	vcrypto_dev_fini(&t.dev);
	vd_reset();
	memset(&t, 0, sizeof(t));
	no_event_idx = false;
	ut_clock_reset();
	ut_log_quiet(false);
}

#define CLEAN() do { \
	unsigned int q_; \
	for (q_ = 0; q_ < NB_Q; q_++) \
		DPF_CLEAN(vd.m[q_]); \
} while (0)

/* Ops [first, first + n) on session sess, flat 64 B, cipher over 32. */
static void
mk_ops(unsigned int first, unsigned int n, unsigned int sess)
{
	unsigned int i;

	for (i = first; i < first + n; i++)
		dpf_op(i, sess, dpf_flat(0, 64, (uint8_t)i), NULL, 0, 32);
}

/* Enqueue ops [first, first + n) on qp q, all taken. */
#define ENQ(q, first, n) \
	UT_ASSERT_EQ(vcrypto_dp_enqueue(qp_of(q), &dpf_ops[first], (n)), (n))

/*
 * The device stalls with n ops in flight on qp 0: past the timeout every
 * one of them comes back once, ERROR, and the device is recovered.
 */
static void
stall_and_drain(unsigned int n)
{
	unsigned int i;

	dpf.never = true;
	mk_ops(0, n, 0);
	ENQ(0, 0, n);
	ut_clock_advance_us(TIMEOUT_MS * 1000 + 1000);
	UT_ASSERT_EQ(dpf_collect(qp_of(0), 1), n);
	DPF_ASSERT_RETURNED_ONCE(n);
	for (i = 0; i < n; i++)
		UT_ASSERT_EQ(dpf_ops[i]->status * 100 + i,
			     RTE_CRYPTO_OP_STATUS_ERROR * 100 + i);
	dpf.never = false;
}

/* One op on qp q with session sess: SUCCESS with the right bytes. */
static void
check_works(unsigned int q, unsigned int sess)
{
	struct rte_crypto_op *out[2];
	struct rte_crypto_op *op;

	op = dpf_op(DPF_NB_OPS - 1, sess, dpf_flat(1, 64, 7), NULL, 16, 32);
	UT_ASSERT_EQ(vcrypto_dp_enqueue(qp_of(q), &op, 1), 1);
	UT_ASSERT_EQ(vcrypto_dp_dequeue(qp_of(q), out, 2), 1);
	UT_ASSERT(out[0] == op);
	UT_ASSERT_EQ(op->status, RTE_CRYPTO_OP_STATUS_SUCCESS);
	UT_ASSERT(dpf_check_output(op, 7));
}

#define WORKS(q, sess) do { \
	check_works(q, sess); \
	if (ut_failed()) \
		return; \
} while (0)

/* ---- cases --------------------------------------------------------------- */

/* A stall: ERROR once per op, then the same queue pair works again. */
static void
t_stall_recovers(void)
{
	if (!up())
		return;
	WORKS(0, 0);
	stall_and_drain(5);
	if (ut_failed())
		return;
	/* qp 1 was never polled: the device waits for it to park. */
	UT_ASSERT(t.dev.dead);
	UT_ASSERT_EQ(t.dev.generation, 0);
	UT_ASSERT_EQ(vcrypto_dp_dequeue(qp_of(1), dpf_ops, 1), 0);
	UT_ASSERT(!t.dev.dead);
	UT_ASSERT_EQ(t.dev.generation, 1);
	UT_ASSERT_EQ(vd.resets, 3);	/* probe, failure, recovery */
	UT_ASSERT_EQ(vd.nb_sid, 0);	/* the reset took every session */
	UT_ASSERT_EQ(vd.creates, 1);
	/* The session made before the failure is made again on first use,
	 * once, whichever queue pair uses it. */
	WORKS(0, 0);
	UT_ASSERT_EQ(vd.creates, 2);
	WORKS(1, 0);
	WORKS(0, 0);
	UT_ASSERT_EQ(vd.creates, 2);
	UT_ASSERT_EQ(vd.nb_sid, 1);
	DPF_ASSERT_STATS_CONSISTENT(qp_of(0));
	UT_ASSERT_EQ(dpf.invsess, 0);
	CLEAN();
}

/* An idle queue pair parks on enqueue too, and its ops stay untouched. */
static void
t_idle_qp_parks_on_enqueue(void)
{
	struct rte_crypto_op *op;

	if (!up())
		return;
	stall_and_drain(3);
	if (ut_failed())
		return;
	UT_ASSERT(t.dev.dead);
	UT_ASSERT_EQ(cbc_sess(1), -ENODEV);
	/* The call that parks the last queue pair recovers the device and
	 * goes on with its burst. */
	op = dpf_op(10, 0, dpf_flat(1, 64, 3), NULL, 0, 32);
	UT_ASSERT_EQ(vcrypto_dp_enqueue(qp_of(1), &op, 1), 1);
	UT_ASSERT(!t.dev.dead);
	UT_ASSERT_EQ(op->status, RTE_CRYPTO_OP_STATUS_NOT_PROCESSED);
	UT_ASSERT_EQ(vcrypto_dp_dequeue(qp_of(1), dpf_ops, 2), 1);
	UT_ASSERT_EQ(op->status, RTE_CRYPTO_OP_STATUS_SUCCESS);
	UT_ASSERT(dpf_check_output(op, 3));
	WORKS(0, 0);
	CLEAN();
}

/* DEVICE_NEEDS_RESET fails the device early; recovery follows. */
static void
t_needs_reset_recovers(void)
{
	if (!up())
		return;
	dpf.never = true;
	mk_ops(0, 4, 0);
	ENQ(0, 0, 4);
	vd.status |= VCRYPTO_STATUS_NEEDS_RESET;
	ut_clock_advance_us(TIMEOUT_MS * 1000 / 8 + 1000);
	UT_ASSERT_EQ(dpf_collect(qp_of(0), 3), 4);
	DPF_ASSERT_RETURNED_ONCE(4);
	UT_ASSERT_EQ(vcrypto_dp_enqueue(qp_of(1), dpf_ops, 0), 0);
	UT_ASSERT(!t.dev.dead);
	UT_ASSERT_EQ(vd.status & VCRYPTO_STATUS_NEEDS_RESET, 0);
	dpf.never = false;
	WORKS(0, 0);
	CLEAN();
}

/* A protocol violation is a failure like a stall. */
static void
t_violation_recovers(void)
{
	if (!up())
		return;
	vcrypto_model_set_fault(&vd.m[1], VCRYPTO_MODEL_FAULT_ID_RANGE, 0);
	mk_ops(0, 2, 0);
	ENQ(1, 0, 2);
	UT_ASSERT_EQ(dpf_collect(qp_of(1), 4), 2);
	DPF_ASSERT_RETURNED_ONCE(2);
	UT_ASSERT(t.dev.dead);
	UT_ASSERT_EQ(vcrypto_dp_dequeue(qp_of(0), dpf_ops, 1), 0);
	UT_ASSERT(!t.dev.dead);
	WORKS(1, 0);
	CLEAN();
}

/*
 * A device that fails again right at DRIVER_OK: recover_max attempts,
 * then it is left failed; polls stay cheap and never reset it again.
 */
static void
t_keeps_failing_gives_up(void)
{
	unsigned int i, resets;

	if (!up())
		return;
	vd.refuse_ok = true;
	stall_and_drain(2);
	if (ut_failed())
		return;
	for (i = 0; i < 20; i++) {
		UT_ASSERT_EQ(vcrypto_dp_dequeue(qp_of(1), dpf_ops, 1), 0);
		UT_ASSERT_EQ(vcrypto_dp_enqueue(qp_of(0), dpf_ops, 1), 0);
	}
	UT_ASSERT(t.dev.dead && t.dev.gave_up);
	/* probe, failure, then a reset and a stop per attempt */
	UT_ASSERT_EQ(vd.resets, 2 + 2 * VCRYPTO_DEF_RECOVER_MAX);
	resets = vd.resets;
	ut_clock_advance_us(10 * TIMEOUT_MS * 1000);
	UT_ASSERT_EQ(dpf_collect(qp_of(0), 4), 0);
	UT_ASSERT_EQ(vd.resets, resets);
	UT_ASSERT_EQ(dpf_ops[0]->status, RTE_CRYPTO_OP_STATUS_ERROR);
	/* dev_start tries again when asked, with a fresh budget. */
	vd.refuse_ok = false;
	UT_ASSERT_EQ(vcrypto_dev_ops.dev_start(&t.cdev), 0);
	UT_ASSERT(!t.dev.dead && !t.dev.gave_up);
	WORKS(0, 0);
	CLEAN();
}

/*
 * Recovers, but stalls again before any request completes: each such
 * failure counts, and after recover_max of them the device stays failed.
 */
static void
t_stalls_again_gives_up(void)
{
	unsigned int round;

	if (!up())
		return;
	WORKS(0, 0);
	for (round = 0; round <= VCRYPTO_DEF_RECOVER_MAX; round++) {
		memset(dpf.returned, 0, sizeof(dpf.returned));
		dpf.never = true;
		dpf_op(0, 0, dpf_flat(0, 64, 1), NULL, 0, 32);
		ENQ(0, 0, 1);
		ut_clock_advance_us(TIMEOUT_MS * 1000 + 1000);
		UT_ASSERT_EQ(dpf_collect(qp_of(0), 4), 1);
		DPF_ASSERT_RETURNED_ONCE(1);
		UT_ASSERT_EQ(vcrypto_dp_dequeue(qp_of(1), dpf_ops, 1), 0);
		UT_ASSERT_EQ(t.dev.dead, round == VCRYPTO_DEF_RECOVER_MAX);
	}
	UT_ASSERT(t.dev.gave_up);
	UT_ASSERT_EQ(t.dev.generation, VCRYPTO_DEF_RECOVER_MAX);
	/* The session was made again once in each new generation. */
	UT_ASSERT_EQ(vd.creates, 1 + VCRYPTO_DEF_RECOVER_MAX);
	CLEAN();
}

/* A device that reads all-ones is gone: drained, never recovered. */
static void
t_gone_not_recovered(void)
{
	unsigned int resets;

	if (!up())
		return;
	dpf.never = true;
	mk_ops(0, 3, 0);
	ENQ(0, 0, 3);
	vd.gone = true;
	resets = vd.resets;
	ut_clock_advance_us(TIMEOUT_MS * 1000 / 8 + 1000);
	UT_ASSERT_EQ(dpf_collect(qp_of(0), 2), 3);
	DPF_ASSERT_RETURNED_ONCE(3);
	UT_ASSERT_EQ(vcrypto_dp_dequeue(qp_of(1), dpf_ops, 1), 0);
	UT_ASSERT(t.dev.dead && t.dev.hw.gone && t.dev.gave_up);
	UT_ASSERT_EQ(vd.resets, resets);	/* nothing written to it */
	UT_ASSERT_EQ(vcrypto_dev_ops.dev_start(&t.cdev), -ENODEV);
	UT_ASSERT_EQ(t.dev.generation, 0);
	UT_ASSERT_EQ(dpf_ops[2]->status, RTE_CRYPTO_OP_STATUS_ERROR);
}

/* After reset the device offers less than was advertised: stays failed. */
static void
t_caps_shrunk_stays_dead(void)
{
	if (!up())
		return;
	vd.cipher_after_reset = BIT(VIRTIO_CRYPTO_CIPHER_AES_CBC);
	stall_and_drain(1);
	if (ut_failed())
		return;
	UT_ASSERT_EQ(vcrypto_dp_dequeue(qp_of(1), dpf_ops, 1), 0);
	UT_ASSERT(t.dev.dead);
	UT_ASSERT(strstr(ut_log_last(), "not recovering") != NULL ||
		  strstr(ut_log_last(), "recovery failed") != NULL);
	UT_ASSERT_EQ(vcrypto_dev_ops.dev_start(&t.cdev), -ENODEV);
	/* Offering more than before is fine. */
	vd.cipher_after_reset = BIT(VIRTIO_CRYPTO_CIPHER_AES_CBC) |
		BIT(VIRTIO_CRYPTO_CIPHER_AES_CTR) |
		BIT(VIRTIO_CRYPTO_CIPHER_AES_XTS);
	UT_ASSERT_EQ(vcrypto_dev_ops.dev_start(&t.cdev), 0);
	WORKS(1, 0);
	CLEAN();
}

/*
 * The application stops and restarts a failed device without draining:
 * the ops still in flight come back first, once, ERROR; then it works.
 */
static void
t_restart_recovers(void)
{
	if (!up())
		return;
	dpf.never = true;
	mk_ops(0, 4, 0);
	ENQ(1, 0, 4);
	vcrypto_dev_fail(&t.dev, "unit test");
	vcrypto_dev_ops.dev_stop(&t.cdev);
	UT_ASSERT_EQ(app_start(), 0);
	UT_ASSERT(!t.dev.dead);
	dpf.never = false;
	UT_ASSERT_EQ(dpf_collect(qp_of(1), 3), 4);
	DPF_ASSERT_RETURNED_ONCE(4);
	UT_ASSERT_EQ(dpf_ops[3]->status, RTE_CRYPTO_OP_STATUS_ERROR);
	WORKS(1, 0);
	WORKS(0, 0);
	CLEAN();
}

/* Fail the device and let both queue pairs bring the recovery about. */
static void
fail_and_recover(void)
{
	vcrypto_dev_fail(&t.dev, "unit test");
	UT_ASSERT_EQ(vcrypto_dp_dequeue(qp_of(0), dpf_ops, 1), 0);
	UT_ASSERT_EQ(vcrypto_dp_dequeue(qp_of(1), dpf_ops, 1), 0);
	UT_ASSERT(!t.dev.dead);
}

#define RECOVER() do { \
	fail_and_recover(); \
	if (ut_failed()) \
		return; \
} while (0)

/*
 * Sessions after a reset: destroying one made before it sends nothing
 * (its id is dead, and may be another session's); one made again, or
 * made after it, is destroyed on the device.
 */
static void
t_session_destroy_after_reset(void)
{
	if (!up())
		return;
	SESS(1);
	SESS(2);
	RECOVER();
	WORKS(0, 1);	/* made again */
	SESS(3);	/* made after */
	UT_ASSERT_EQ(vd.nb_sid, 2);
	vcrypto_sym_session_destroy(&t.dev, dpf_priv(0));
	vcrypto_sym_session_destroy(&t.dev, dpf_priv(2));
	UT_ASSERT_EQ(vd.destroys, 0);
	vcrypto_sym_session_destroy(&t.dev, dpf_priv(1));
	vcrypto_sym_session_destroy(&t.dev, dpf_priv(3));
	UT_ASSERT_EQ(vd.destroys, 2);
	UT_ASSERT_EQ(vd.bad_destroys, 0);
	UT_ASSERT_EQ(vd.nb_sid, 0);
	/* Wiped, keys included: not sent again. */
	UT_ASSERT(dpf_zero((const uint8_t *)dpf_priv(1),
			   sizeof(struct vcrypto_sym_sess)));
	vcrypto_sym_session_destroy(&t.dev, dpf_priv(1));
	UT_ASSERT_EQ(vd.destroys, 2);
	CLEAN();
}

/*
 * The device refuses to make a session again: its ops get
 * INVALID_SESSION (logged once), other ops go on; once the device takes
 * it, the session works again.
 */
static void
t_session_remake_refused(void)
{
	struct rte_crypto_op *op;
	unsigned int logs;

	if (!up())
		return;
	SESS(1);
	RECOVER();
	vd.refuse_create = true;
	op = dpf_op(0, 0, dpf_flat(0, 64, 1), NULL, 0, 32);
	UT_ASSERT_EQ(vcrypto_dp_enqueue(qp_of(0), &op, 1), 0);
	UT_ASSERT_EQ(op->status, RTE_CRYPTO_OP_STATUS_INVALID_SESSION);
	UT_ASSERT(strstr(ut_log_last(), "INVALID_SESSION") != NULL);
	logs = ut_log_count();
	op = dpf_op(0, 0, dpf_flat(0, 64, 1), NULL, 0, 32);
	UT_ASSERT_EQ(vcrypto_dp_enqueue(qp_of(0), &op, 1), 0);
	UT_ASSERT_EQ(op->status, RTE_CRYPTO_OP_STATUS_INVALID_SESSION);
	UT_ASSERT(ut_log_count() <= logs + 1);	/* the ctrl debug line */
	UT_ASSERT_EQ(qp_of(0)->stats.enqueue_err_count, 2);
	vd.refuse_create = false;
	WORKS(0, 1);
	WORKS(0, 0);
	UT_ASSERT(!t.dev.dead);
	CLEAN();
}

/*
 * A control request that times out fails the device (the control queue
 * is disabled until a reset); recovery brings it back, from session
 * configure and from a session made again on the data path alike.
 */
static void
t_ctrl_timeout_recovers(void)
{
	struct rte_crypto_op *op, *out[1];
	uint32_t epoch;

	if (!up())
		return;
	vd.cq_never = true;
	UT_ASSERT_EQ(cbc_sess(1), -ETIMEDOUT);
	UT_ASSERT(t.dev.dead);
	vd.cq_never = false;
	UT_ASSERT_EQ(vcrypto_dp_dequeue(qp_of(0), out, 1), 0);
	UT_ASSERT_EQ(vcrypto_dp_dequeue(qp_of(1), out, 1), 0);
	UT_ASSERT(!t.dev.dead);
	SESS(1);
	WORKS(0, 1);
	/* The data path makes session 0 again, and that times out: the op
	 * is left to the caller, the device failed and then recovered. */
	vd.cq_never = true;
	op = dpf_op(0, 0, dpf_flat(0, 64, 2), NULL, 0, 32);
	UT_ASSERT_EQ(vcrypto_dp_enqueue(qp_of(1), &op, 1), 0);
	UT_ASSERT_EQ(op->status, RTE_CRYPTO_OP_STATUS_NOT_PROCESSED);
	UT_ASSERT(t.dev.dead);
	vd.cq_never = false;
	UT_ASSERT_EQ(vcrypto_dp_enqueue(qp_of(0), &op, 0), 0);
	UT_ASSERT_EQ(vcrypto_dp_enqueue(qp_of(1), &op, 1), 1);
	UT_ASSERT(!t.dev.dead);
	UT_ASSERT_EQ(vcrypto_dp_dequeue(qp_of(1), out, 1), 1);
	UT_ASSERT_EQ(op->status, RTE_CRYPTO_OP_STATUS_SUCCESS);
	UT_ASSERT(dpf_check_output(op, 2));
	/* A failure seen in an epoch that has passed fails nothing. */
	epoch = t.dev.epoch;
	RECOVER();
	vcrypto_dev_fail_if(&t.dev, epoch, "unit test: stale");
	UT_ASSERT(!t.dev.dead);
	vcrypto_dev_fail_if(&t.dev, t.dev.epoch, "unit test");
	UT_ASSERT(t.dev.dead);
	CLEAN();
}

/*
 * A feature the devargs leave out (event_idx=0) stays out when the device
 * is negotiated again, or the features would differ and recovery fail.
 */
static void
t_devarg_features_kept(void)
{
	no_event_idx = true;
	if (!up())
		return;
	UT_ASSERT(!(vd.acked & BIT(VCRYPTO_F_EVENT_IDX)));
	WORKS(0, 0);
	RECOVER();
	UT_ASSERT(!(vd.acked & BIT(VCRYPTO_F_EVENT_IDX)));
	UT_ASSERT_EQ(t.dev.generation, 1);
	WORKS(0, 0);
	WORKS(1, 0);
	CLEAN();
}

static const struct ut_case cases[] = {
	{ "stall_recovers", t_stall_recovers },
	{ "idle_qp_parks_on_enqueue", t_idle_qp_parks_on_enqueue },
	{ "needs_reset_recovers", t_needs_reset_recovers },
	{ "violation_recovers", t_violation_recovers },
	{ "keeps_failing_gives_up", t_keeps_failing_gives_up },
	{ "stalls_again_gives_up", t_stalls_again_gives_up },
	{ "gone_not_recovered", t_gone_not_recovered },
	{ "caps_shrunk_stays_dead", t_caps_shrunk_stays_dead },
	{ "restart_recovers", t_restart_recovers },
	{ "session_destroy_after_reset", t_session_destroy_after_reset },
	{ "session_remake_refused", t_session_remake_refused },
	{ "ctrl_timeout_recovers", t_ctrl_timeout_recovers },
	{ "devarg_features_kept", t_devarg_features_kept },
};

int
main(void)
{
	return ut_run(cases, RTE_DIM(cases), teardown) == 0 ? 0 : 1;
}
