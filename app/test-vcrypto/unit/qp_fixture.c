/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Queue-pair fixture (see qp_fixture.h): compiled on its own, it sees the
 * driver through its headers only; the modules under test come from the
 * test program, which includes their .c files.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "dp_fixture.h"
#include "qp_fixture.h"
#include "ut.h"
#include "vcrypto_caps.h"
#include "vcrypto_dp.h"
#include "vcrypto_model.h"
#include "vcrypto_recover.h"
#include "vcrypto_transport.h"
#include "vcrypto_vq.h"

uint8_t vcrypto_driver_id = 9;

/* ---- stubs of the neighbours ------------------------------------------ */

/* Control queue, as seen by vcrypto_sym.c. */
struct qpf_ctl ctl;

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
	if (req->var_len[1] > 0)
		memcpy(ctl.akey, req->var[1], RTE_MIN(req->var_len[1],
			(uint32_t)sizeof(ctl.akey)));
	if (ctl.rc == 0)
		*sid = ctl.sid;
	return ctl.rc;
}

int
vcrypto_ctrl_session_destroy(struct vcrypto_dev *dev, uint32_t opcode,
			     uint32_t algo, uint64_t sid, uint32_t generation)
{
	RTE_SET_USED(dev);
	RTE_SET_USED(generation);
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

void
vcrypto_ctrl_reinit(struct vcrypto_dev *dev)
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
		      const struct vcrypto_config *cfg, uint64_t cipher_trials,
		      uint64_t mac_trials, struct vcrypto_limits *lim)
{
	RTE_SET_USED(hw);
	RTE_SET_USED(cfg);
	RTE_SET_USED(cipher_trials);
	RTE_SET_USED(mac_trials);
	RTE_SET_USED(lim);
	return -ENOSYS;
}

bool
vcrypto_caps_mac_trials_wanted(const struct vcrypto_hw *hw,
			       const struct vcrypto_config *cfg)
{
	RTE_SET_USED(hw);
	RTE_SET_USED(cfg);
	return false;
}

bool
vcrypto_caps_cipher_trials_wanted(const struct vcrypto_hw *hw)
{
	RTE_SET_USED(hw);
	return false;
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

/* ---- the device: model + a data queue handler ------------------------- */

struct qpf_dq dq;

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
		dpf_error("notify of queue %u", idx);
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

pthread_mutex_t *dq_model_lock;
bool dq_model_stopped;

/* A reset stops the device: it forgets everything it held. */
int
vcrypto_transport_reset(struct vcrypto_hw *hw, unsigned int timeout_ms)
{
	RTE_SET_USED(hw);
	RTE_SET_USED(timeout_ms);
	dq.resets++;
	if (dq_model_lock != NULL)
		pthread_mutex_lock(dq_model_lock);
	if (dq.model_up)
		vcrypto_model_reset(&dq.m);
	if (dq_model_lock != NULL) {
		dq_model_stopped = true;
		pthread_mutex_unlock(dq_model_lock);
	}
	return 0;
}

/* ---- fixture ----------------------------------------------------------- */

/* The EAL alarm of the device's watch, run by dpf_collect(). */
static void
dq_watch(void *arg)
{
	vcrypto_dev_watch(arg);
}

uint32_t dq_quiet_kick_us;

bool
dq_up(bool indirect, uint16_t size)
{
	struct vcrypto_model_cfg mc = { 0 };
	struct vcrypto_vq_addrs a;
	int rc;

	memset(&dq, 0, sizeof(dq));
	memset(&ctl, 0, sizeof(ctl));
	dpf_reset();
	dpf.watch = dq_watch;
	dpf.watch_arg = &dq.dev;
	ut_clock_reset();
	snprintf(dq.dev.hw.name, sizeof(dq.dev.hw.name), "ut0");
	dq.dev.hw.features = indirect ?
		UINT64_C(1) << VCRYPTO_F_INDIRECT_DESC : 0;
	dq.dev.dp_timeout_ms = DP_TIMEOUT_MS;
	dq.dev.recover_max = 0;	/* failures only; test_recover.c recovers */
	dq.dev.quiet_kick_us = dq_quiet_kick_us;
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
	dq.m.handler = dpf_handler;
	return true;
}

void
teardown(void)
{
	vcrypto_dp_queue_destroy(dq.qp);
	if (dq.model_up)
		vcrypto_model_fini(&dq.m);
	memset(&dq, 0, sizeof(dq));
	dq_quiet_kick_us = 0;
	ut_clock_reset();
	ut_log_quiet(false);
}

int
make_sess(unsigned int i, enum rte_crypto_cipher_algorithm algo, bool enc,
	  uint16_t key_len, uint16_t iv_len)
{
	return dpf_make_sess(&dq.dev, i, algo, enc, key_len, iv_len);
}

bool
dq_up_cbc(void)
{
	int rc;

	if (!dq_up(true, DQ_SIZE))
		return false;
	rc = make_sess(0, RTE_CRYPTO_CIPHER_AES_CBC, true, 16, 16);
	if (rc != 0) {
		ut_fail(__FILE__, __LINE__, "make_sess: %d", rc);
		return false;
	}
	return true;
}

unsigned int
collect(uint16_t burst)
{
	return dpf_collect(dq.qp, burst);
}

void
device_completes(void)
{
	vcrypto_model_fetch(&dq.m);
	vcrypto_model_complete(&dq.m, UINT32_MAX);
}

void
check_refused(struct rte_crypto_op *op, uint8_t status, unsigned int line)
{
	uint64_t errs = dq.qp->stats.enqueue_err_count;
	unsigned int req = dpf.requests;
	uint16_t n;

	dpf_ops[0] = op;
	n = vcrypto_dp_enqueue(dq.qp, dpf_ops, 1);
	if (n != 0 || op->status != status ||
	    dq.qp->stats.enqueue_err_count != errs + 1 ||
	    dpf.requests != req || vcrypto_vq_inflight(dq.qp->vq) != 0)
		ut_fail(__FILE__, line, "enqueue %u, status %u (want %u), "
			"errors %" PRIu64 ", device saw %u, in flight %u", n,
			op->status, status, dq.qp->stats.enqueue_err_count -
			errs, dpf.requests - req,
			vcrypto_vq_inflight(dq.qp->vq));
}

