/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * The whole PMD stack for a test program to include (test_recover.c,
 * test_ops.c): the real bring-up, data path, control queue, session and
 * cryptodev ops code (vcrypto_recover.c, _dp.c, _ctrl.c, _sym.c, _ops.c,
 * _caps.c, _transport.c over the real queue), the device vdev_fixture.c
 * (a software virtio-crypto device at the transport level whose reset
 * forgets every ring and every session), and the fixture the cases
 * share: bring-up as probe and the application do it, sessions, ops.
 */
#include "ut_clock.h"

#include "vcrypto_vq.c"
#include "vcrypto_vq_split.c"
#include "vcrypto_transport.c"
#include "vcrypto_caps.c"
#include "vcrypto_ctrl.c"
#include "vcrypto_sym.c"
#include "vcrypto_sym_run.c"
#include "vcrypto_dp.c"
#include "vcrypto_dp_share.c"
#include "vcrypto_recover.c"
#include "vcrypto_ops.c"

#include <stdlib.h>

#include "dp_fixture.h"
#include "ut.h"
#include "vcrypto_model.h"
#include "vdev_fixture.h"

/* vcrypto_transport.c names it; the fixture's device is not virtio-user. */
const struct vcrypto_transport_ops vcrypto_user_ops;

#define TIMEOUT_MS	50
#define BIT(n)		(UINT64_C(1) << (n))

uint8_t vcrypto_driver_id = 5;

static struct {
	struct vcrypto_dev dev;
	struct rte_cryptodev cdev;
	struct rte_cryptodev_data data;
	void *qps[VD_NB_DQ];
} t;

/* ---- fixture ------------------------------------------------------------- */

/* The next up() offers EVENT_IDX and has the devarg event_idx=0 refuse it. */
static bool no_event_idx;

static struct vcrypto_qp *
qp_of(unsigned int i)
{
	return t.dev.qps[i];
}

/* One round of the device's watch, as its EAL alarm runs it. */
static void
watch(void)
{
	vcrypto_dev_watch(&t.dev);
}

static void
watch_cb(void *arg)
{
	vcrypto_dev_watch(arg);
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
	struct rte_cryptodev_config conf = { .nb_queue_pairs = VD_NB_DQ };
	struct rte_cryptodev_qp_conf qc = { .nb_descriptors = VD_DQ_MAX };
	uint16_t i;
	int rc;

	rc = vcrypto_dev_ops.dev_configure(&t.cdev, &conf);
	for (i = 0; i < VD_NB_DQ && rc == 0; i++)
		rc = vcrypto_dev_ops.queue_pair_setup(&t.cdev, i, &qc, 0);
	return rc == 0 ? vcrypto_dev_ops.dev_start(&t.cdev) : rc;
}

static bool
up(void)
{
	int rc;

		memset(&t, 0, sizeof(t));
	dpf_reset();
	dpf.sid_ok = vd_holds;
	dpf.watch = watch_cb;
	dpf.watch_arg = &t.dev;
	ut_clock_reset();
	ut_log_quiet(getenv("UT_VERBOSE") == NULL);
	vd_init();
	snprintf(t.dev.hw.name, sizeof(t.dev.hw.name), "ut0");
	t.dev.ctrl_timeout_ms = TIMEOUT_MS;
	t.dev.dp_timeout_ms = TIMEOUT_MS;
	t.dev.recover_max = VCRYPTO_DEF_RECOVER_MAX;
	t.dev.no_event_idx = no_event_idx;
	if (no_event_idx)
		vd.offered |= BIT(VCRYPTO_F_EVENT_IDX);
	t.data.dev_private = &t.dev;
	t.data.queue_pairs = t.qps;
	t.data.nb_queue_pairs = VD_NB_DQ;
	t.cdev.data = &t.data;
	vd_attach(&t.dev.hw);
	rc = vcrypto_dev_init(&t.dev, 0);
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
	for (q_ = 0; q_ < VD_NB_Q; q_++) \
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
static __rte_unused void
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
	if (vcrypto_dp_enqueue(qp_of(q), &op, 1) == 0) {
		/* Its session died with a reset: the watch makes it again. */
		UT_ASSERT_EQ(op->status, RTE_CRYPTO_OP_STATUS_NOT_PROCESSED);
		watch();
		UT_ASSERT_EQ(vcrypto_dp_enqueue(qp_of(q), &op, 1), 1);
	}
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

