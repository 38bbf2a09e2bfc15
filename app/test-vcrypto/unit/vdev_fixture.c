/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Transport-level software device (see vdev_fixture.h).
 */
#include <errno.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_common.h>

#include "dp_fixture.h"
#include "vcrypto_pci.h"
#include "vcrypto_transport.h"
#include "vcrypto_wire.h"
#include "vdev_fixture.h"

#define BIT(n)		(UINT64_C(1) << (n))

struct vdev vd;

bool
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
	if (!vd.refuse_create && vd.nb_sid < VD_NB_SID) {
		vd.sid[vd.nb_sid++] = ++vd.next_sid;
		out.session_id = rte_cpu_to_le_64(vd.next_sid);
		out.status = rte_cpu_to_le_32(VIRTIO_CRYPTO_OK);
	}
	memcpy(res, &out, sizeof(out));
	return wlen;
}

/* Device reset: rings, sessions and status are gone. */
void
vd_reset(void)
{
	unsigned int i;

	for (i = 0; i < VD_NB_Q; i++) {
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

/* A reset asked for and not done yet: the status keeps its old value. */
static unsigned int reset_pending;

static uint8_t
vd_get_status(struct vcrypto_hw *hw)
{
	if (vd.gone)
		hw->gone = true;	/* as vcrypto_pci.c does */
	if (reset_pending > 0 && !vd.reset_stuck && --reset_pending == 0)
		vd_reset();
	return vd.gone ? 0xff : vd.status;
}

static void
vd_set_status(struct vcrypto_hw *hw, uint8_t status)
{
	RTE_SET_USED(hw);
	if (status == 0) {
		if (vd.reset_stuck || vd.reset_reads > 0)
			reset_pending = vd.reset_reads + 1;
		else
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
	if (idx < VD_NB_DQ)
		return vd.dq_max != 0 ? vd.dq_max : VD_DQ_MAX;
	return idx == VD_CQ ? VD_CQ_MAX : 0;
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
	if (idx >= VD_NB_Q || vd.q_on[idx] ||
	    vcrypto_model_init(&vd.m[idx], &mc) != 0)
		return -EIO;
	vd.m[idx].handler = idx == VD_CQ ? cq_handler : dpf_handler;
	vd.q_on[idx] = true;
	return 0;
}

/* A synchronous device: every kick is served at once (dpf.never holds). */
static void
vd_notify(struct vcrypto_hw *hw, uint16_t idx)
{
	RTE_SET_USED(hw);
	if (idx >= VD_NB_Q || !vd.q_on[idx] ||
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

void
vd_attach(struct vcrypto_hw *hw)
{
	static uint8_t regs[64];

	hw->kind = VCRYPTO_TRANSPORT_PCI;
	hw->priv = regs;	/* only tested for NULL */
	hw->num_queues = VD_NB_Q;
}


void
vd_init(void)
{
	struct virtio_crypto_config *c = &vd.cfg;

	memset(&vd, 0, sizeof(vd));
	reset_pending = 0;
	c->status = rte_cpu_to_le_32(VIRTIO_CRYPTO_S_HW_READY);
	c->max_dataqueues = rte_cpu_to_le_32(VD_NB_DQ);
	c->crypto_services = rte_cpu_to_le_32(BIT(VCRYPTO_SERVICE_CIPHER));
	c->cipher_algo_l = rte_cpu_to_le_32(BIT(VIRTIO_CRYPTO_CIPHER_AES_CBC) |
					    BIT(VIRTIO_CRYPTO_CIPHER_AES_CTR));
	c->max_cipher_key_len = rte_cpu_to_le_32(32);
	c->max_size = rte_cpu_to_le_64(1 << 20);
	vd.offered = BIT(VCRYPTO_F_VERSION_1) | BIT(VCRYPTO_F_ACCESS_PLATFORM) |
		     BIT(VCRYPTO_F_INDIRECT_DESC);
}
