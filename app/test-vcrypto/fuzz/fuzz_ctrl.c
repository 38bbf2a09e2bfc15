/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Fuzz target: control-queue replies (vcrypto_ctrl.c over the real queue,
 * the model as the device's control queue). The input is a script of
 * session creates (key lengths from it) and destroys, and of what the
 * device answers: any outcome bytes (status, session id, or only some of
 * them), any used length, no answer, an answer after some time, a ring
 * fault. A create may return a session only when the outcome holds status
 * OK once the device answered, and then the id it holds; every return code is
 * one the header documents; a timed-out queue stays broken; the device
 * never sees a malformed request; nothing leaks.
 */
#include "ut_clock.h"

#include "vcrypto_vq.c"
#include "vcrypto_vq_split.c"
#include "vcrypto_ctrl.c"

#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"
#include "ut.h"
#include "vcrypto_model.h"

#define TIMEOUT_MS 20

static struct {
	struct vcrypto_dev dev;
	struct vcrypto_model m;
	struct fz *f;
	/* what the device wrote for the last request */
	bool answered;		/* the last create was answered */
	uint32_t status;
	uint64_t sid;
	bool held;
	unsigned int framing;
} fc;

static uint32_t
handler(void *ctx, struct vcrypto_model *m, const struct vcrypto_model_seg *segs,
	uint32_t nseg, uint32_t wlen)
{
	struct fz *f = fc.f;
	uint8_t how = fz_u8(f), *res;
	uint32_t rlen, n, i;

	RTE_SET_USED(ctx);
	fc.answered = false;
	fc.held = false;
	if (nseg < 2 || nseg > 4 || segs[0].write ||
	    segs[0].len != VCRYPTO_CTRL_PREFIX_LEN || !segs[nseg - 1].write) {
		fc.framing++;
		return wlen;
	}
	rlen = segs[nseg - 1].len;
	res = vcrypto_model_map(m, segs[nseg - 1].iova, rlen);
	if (how % 8 == 0) {
		fc.held = true;
		return VCRYPTO_MODEL_NO_COMPLETION;
	}
	/* Write n bytes of the outcome, any of them. */
	n = how & 0x10 ? rlen : fz_u8(f) % (rlen + 1);
	for (i = 0; i < n; i++)
		res[i] = fz_u8(f);
	if (how & 0x20 && rlen == VCRYPTO_CREATE_OUTCOME_LEN && n == rlen) {
		/* A well-formed outcome, status from the input. */
		struct virtio_crypto_session_input out = {
			.session_id = rte_cpu_to_le_64(fz_u32(f)),
			.status = rte_cpu_to_le_32(fz_u8(f) % 8),
		};
		memcpy(res, &out, sizeof(out));
	}
	/*
	 * What the outcome holds now, written or left as the driver set it
	 * (status ERR): the driver reads the bytes, whatever used length
	 * the device reports (devices differ there), so only these count.
	 */
	if (rlen == VCRYPTO_CREATE_OUTCOME_LEN) {
		struct virtio_crypto_session_input out;

		memcpy(&out, res, sizeof(out));
		fc.answered = true;
		fc.status = rte_le_to_cpu_32(out.status);
		fc.sid = rte_le_to_cpu_64(out.session_id);
	}
	/* The used length: what was written, or anything up to wlen. */
	return how & 0x40 ? fz_u8(f) % (wlen + 1) : n;
}

static uint8_t
t_get_status(struct vcrypto_hw *hw)
{
	RTE_SET_USED(hw);
	return VCRYPTO_STATUS_DRIVER_OK;
}

static void
t_notify(struct vcrypto_hw *hw, uint16_t idx)
{
	RTE_SET_USED(hw);
	RTE_SET_USED(idx);
	vcrypto_model_fetch(&fc.m);
	vcrypto_model_complete(&fc.m, UINT32_MAX);
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

static const uint8_t key[64] = { 0x60, 0x3d, 0xeb, 0x10, 0x15, 0xca };

static void
create(struct fz *f)
{
	struct virtio_crypto_sym_create_session_req fixed = { 0 };
	uint32_t keylen = fz_u8(f) % (VCRYPTO_CTRL_MAX_KEY + 8);
	struct vcrypto_ctrl_create r = {
		.opcode = VIRTIO_CRYPTO_CIPHER_CREATE_SESSION,
		.algo = VIRTIO_CRYPTO_CIPHER_AES_CBC,
		.fixed = &fixed, .fixed_len = sizeof(fixed),
		.var = { key }, .var_len = { RTE_MIN(keylen, 64u) },
	};
	bool broken = vcrypto_vq_is_broken(fc.dev.ctrlq) || fc.dev.dead;
	uint64_t sid = UINT64_MAX;
	int rc;

	fixed.u.cipher.para.keylen = rte_cpu_to_le_32(r.var_len[0]);
	fc.answered = false;
	rc = vcrypto_ctrl_session_create(&fc.dev, &r, &sid);
	FZ_CHECK(rc == 0 || rc == -EINVAL || rc == -ENOTSUP ||
		 rc == -ENOSPC || rc == -EIO || rc == -ETIMEDOUT ||
		 rc == -ENODEV);
	if (broken)
		FZ_CHECK(rc == -ENODEV || rc == -EINVAL);
	if (rc == 0) {
		FZ_CHECK(fc.answered && fc.status == VIRTIO_CRYPTO_OK);
		FZ_CHECK(sid == fc.sid);
	}
	if (rc == -ETIMEDOUT)
		FZ_CHECK(vcrypto_vq_is_broken(fc.dev.ctrlq) || fc.dev.dead);
}

static void
destroy(struct fz *f)
{
	int rc = vcrypto_ctrl_session_destroy(&fc.dev,
		VIRTIO_CRYPTO_CIPHER_DESTROY_SESSION,
		VIRTIO_CRYPTO_CIPHER_AES_CBC, fz_u32(f), fc.dev.generation);

	FZ_CHECK(rc == 0 || rc == -EIO || rc == -ETIMEDOUT || rc == -ENODEV);
}

/* A late answer: the held request completes when time has passed. */
static void
clock_hook(void)
{
	if (fc.held && fc.f != NULL && fz_u8(fc.f) % 4 == 0) {
		fc.m.hold = false;
		fc.held = false;
		vcrypto_model_complete(&fc.m, UINT32_MAX);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = { data, size, 0 };
	struct vcrypto_vq_params p = {
		.name = "fz_cq", .index = 1, .size = 8, .max_segs = 4,
		.layout = VCRYPTO_VQ_SPLIT,
	};
	struct vcrypto_model_cfg mc = { 0 };
	struct vcrypto_vq_addrs a;
	unsigned int steps = 0;

	fz_quiet();
	memset(&fc, 0, sizeof(fc));
	fc.f = &f;
	ut_clock_reset();
	ut_clock_set_hook(clock_hook);
	snprintf(fc.dev.hw.name, sizeof(fc.dev.hw.name), "fz0");
	fc.dev.ctrl_timeout_ms = TIMEOUT_MS;
	fc.dev.ctrlq_index = 1;
	p.indirect = fz_u8(&f) & 1;
	if (vcrypto_vq_create(&p, &fc.dev.ctrlq) != 0 ||
	    vcrypto_ctrl_init(&fc.dev, 0) != 0)
		abort();
	vcrypto_vq_addrs(fc.dev.ctrlq, &a);
	mc.size = p.size;
	mc.indirect = p.indirect;
	mc.desc = a.desc;
	mc.avail = a.driver;
	mc.used = a.device;
	if (vcrypto_model_init(&fc.m, &mc) != 0)
		abort();
	fc.m.handler = handler;
	while (!fz_done(&f) && steps++ < 256) {
		switch (fz_u8(&f) % 4) {
		case 0: case 1:
			create(&f);
			break;
		case 2:
			destroy(&f);
			break;
		default:
			vcrypto_model_set_fault(&fc.m, (enum vcrypto_model_fault)
				(fz_u8(&f) % VCRYPTO_MODEL_FAULT_COUNT), 0);
			break;
		}
		FZ_CHECK(fc.framing == 0);
		if (fc.m.violations != 0) {
			fprintf(stderr, "model: %s\n", fc.m.violation);
			FZ_CHECK(fc.m.violations == 0);
		}
	}
	ut_clock_set_hook(NULL);
	vcrypto_ctrl_fini(&fc.dev);
	vcrypto_vq_destroy(fc.dev.ctrlq);
	vcrypto_model_fini(&fc.m);
	FZ_CHECK(ut_allocs_live() == 0);
	return 0;
}
