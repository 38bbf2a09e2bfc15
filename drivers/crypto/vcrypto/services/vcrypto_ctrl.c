/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Control queue (Crypto Device / Device Operation / Control Virtqueue).
 * One zeroed DMA buffer per device holds the request: the legacy 72-byte
 * prefix, the keys, then the result (16-byte create outcome or 1-byte
 * destroy status), each in its own descriptor. The result starts as an
 * error the device must overwrite. A device that does not answer within
 * the deadline breaks the queue: the buffer is then never reused, since the
 * device may still write it, until a reset (vcrypto_ctrl_reinit()); the
 * device's watch sees the broken queue and recovers the device.
 * A transport without a control queue (virtio-user session messages,
 * hw.ctrl_msgs) carries the same requests in messages of its own: the
 * control queue then exists but is never given to the device, and its
 * broken flag reports a connection that died in a request likewise.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_cycles.h>
#include <rte_memzone.h>
#include <rte_pause.h>

#include "vcrypto_ctrl.h"
#include "vcrypto_dev.h"
#include "vcrypto_log.h"
#include "vcrypto_vq.h"
#include "vcrypto_wire.h"

#define OUTCOME_OFF	(VCRYPTO_CTRL_PREFIX_LEN + VCRYPTO_CTRL_MAX_KEY)
#define CTRL_BUF_LEN	(OUTCOME_OFF + VCRYPTO_CREATE_OUTCOME_LEN)
#define STATUS_UNSET	0xff

int
vcrypto_ctrl_init(struct vcrypto_dev *dev, int socket_id)
{
	char name[RTE_MEMZONE_NAMESIZE];

	if (snprintf(name, sizeof(name), "vc_ctrl_%s", dev->hw.name) >=
	    (int)sizeof(name))
		return -ENAMETOOLONG;
	dev->ctrl_mz = rte_memzone_reserve_aligned(name, CTRL_BUF_LEN,
		socket_id, RTE_MEMZONE_IOVA_CONTIG, RTE_CACHE_LINE_SIZE);
	if (dev->ctrl_mz == NULL)
		return -ENOMEM;
	memset(dev->ctrl_mz->addr, 0, CTRL_BUF_LEN);
	rte_spinlock_init(&dev->ctrl_lock);
	return 0;
}

void
vcrypto_ctrl_fini(struct vcrypto_dev *dev)
{
	if (dev->ctrl_mz == NULL)
		return;
	explicit_bzero(dev->ctrl_mz->addr, CTRL_BUF_LEN);
	rte_memzone_free(dev->ctrl_mz);
	dev->ctrl_mz = NULL;
}

void
vcrypto_ctrl_reinit(struct vcrypto_dev *dev)
{
	explicit_bzero(dev->ctrl_mz->addr, CTRL_BUF_LEN);
	vcrypto_vq_reinit(dev->ctrlq);
}

/*
 * Post the segments, kick, and wait for the one completion. The device
 * stays free to be slow; we are not: past the deadline the queue is broken.
 */
static int
ctrl_exchange(struct vcrypto_dev *dev, const struct vcrypto_vq_seg *segs,
	      uint16_t nr_ro, uint16_t nr_wo, uint32_t *written)
{
	const struct vcrypto_transport_ops *ops = vcrypto_transport_ops(&dev->hw);
	uint64_t hz = rte_get_timer_hz();
	uint64_t deadline = rte_get_timer_cycles() +
		hz * dev->ctrl_timeout_ms / 1000;
	struct vcrypto_vq_cpl cpl;
	unsigned int spins = 0;
	int rc;

	rc = vcrypto_vq_post(dev->ctrlq, segs, nr_ro, nr_wo, NULL);
	if (rc < 0)
		return rc == -ENOSPC ? -EIO : rc;
	if (vcrypto_vq_flush(dev->ctrlq))
		ops->notify(&dev->hw, dev->ctrlq_index);
	for (;;) {
		if (vcrypto_vq_poll(dev->ctrlq, &cpl, 1) == 1) {
			*written = cpl.len;
			return 0;
		}
		if (vcrypto_vq_is_broken(dev->ctrlq) || dev->hw.gone)
			return -ENODEV;
		if (rte_get_timer_cycles() > deadline)
			break;
		if (++spins > 64)
			rte_delay_us_sleep(20);
		else
			rte_pause();
	}
	vcrypto_vq_set_broken(dev->ctrlq);
	VCRYPTO_CTRL_LOG(ERR, "%s: no control reply within %u ms (device "
			 "status 0x%02x); control queue disabled until reset",
			 dev->hw.name, dev->ctrl_timeout_ms,
			 ops->get_status(&dev->hw));
	return -ETIMEDOUT;
}

static int
ctrl_usable(struct vcrypto_dev *dev)
{
	if (vcrypto_dev_is_dead(dev) || vcrypto_vq_is_broken(dev->ctrlq))
		return -ENODEV;
	return 0;
}

static int
map_create_status(const struct vcrypto_dev *dev, uint32_t status)
{
	switch (status) {
	case VIRTIO_CRYPTO_OK:
		return 0;
	case VIRTIO_CRYPTO_NOTSUPP:
		return -ENOTSUP;
	case VIRTIO_CRYPTO_NOSPC:
		return -ENOSPC;
	case VIRTIO_CRYPTO_ERR:
	case VIRTIO_CRYPTO_BADMSG:
	case VIRTIO_CRYPTO_INVSESS:
		return -EIO;
	default:
		VCRYPTO_CTRL_LOG(ERR, "%s: unknown create status %u",
				 dev->hw.name, status);
		return -EIO;
	}
}

static int
create_locked(struct vcrypto_dev *dev, const struct vcrypto_ctrl_create *req,
	      uint64_t *sid)
{
	uint8_t *buf = dev->ctrl_mz->addr;
	uint64_t iova = dev->ctrl_mz->iova;
	struct virtio_crypto_op_ctrl_req *hdr = (void *)buf;
	struct virtio_crypto_session_input *out = (void *)(buf + OUTCOME_OFF);
	struct vcrypto_vq_seg segs[4];
	uint32_t off = VCRYPTO_CTRL_PREFIX_LEN, written = 0;
	uint16_t n = 0, i;
	int rc;

	memset(buf, 0, CTRL_BUF_LEN);
	hdr->header.opcode = rte_cpu_to_le_32(req->opcode);
	hdr->header.algo = rte_cpu_to_le_32(req->algo);
	memcpy(&hdr->u, req->fixed, req->fixed_len);
	segs[n++] = (struct vcrypto_vq_seg){ iova, VCRYPTO_CTRL_PREFIX_LEN };
	for (i = 0; i < 2; i++) {
		if (req->var_len[i] == 0)
			continue;
		memcpy(buf + off, req->var[i], req->var_len[i]);
		segs[n++] = (struct vcrypto_vq_seg){ iova + off, req->var_len[i] };
		off += req->var_len[i];
	}
	out->status = rte_cpu_to_le_32(VIRTIO_CRYPTO_ERR);
	segs[n++] = (struct vcrypto_vq_seg){ iova + OUTCOME_OFF,
					     VCRYPTO_CREATE_OUTCOME_LEN };
	rc = ctrl_exchange(dev, segs, n - 1, 1, &written);
	if (rc != 0) {
		/* Buffer kept (the device may still write its outcome), but
		 * not the keys: a late read finds zeros, a session never used. */
		explicit_bzero(buf + VCRYPTO_CTRL_PREFIX_LEN,
			       off - VCRYPTO_CTRL_PREFIX_LEN);
		return rc;
	}
	rc = map_create_status(dev, rte_le_to_cpu_32(out->status));
	if (rc == 0)
		*sid = rte_le_to_cpu_64(out->session_id);
	explicit_bzero(buf, CTRL_BUF_LEN);
	return rc;
}

/*
 * A control queue that timed out or broke the protocol (or a device that
 * vanished) stays disabled (broken) until a reset: that is the report.
 * The device's watch (vcrypto_recover.c) sees it and fails and recovers the
 * device; this module never does.
 */

/* Session messages: the transport's op; a dead connection or no answer
 * breaks the (unused) control queue, the report the watch acts on. */
static int
msg_create(struct vcrypto_dev *dev, const struct vcrypto_ctrl_create *req,
	   uint64_t *sid)
{
	const struct vcrypto_transport_ops *ops = vcrypto_transport_ops(&dev->hw);
	const struct vcrypto_session_req r = {
		.opcode = req->opcode,
		.fixed = req->fixed,
		.fixed_len = req->fixed_len,
		.key = { req->var[0], req->var[1] },
		.key_len = { req->var_len[0], req->var_len[1] },
	};
	int rc;

	if (ops->session_create == NULL)
		return -ENOTSUP;
	rc = ops->session_create(&dev->hw, &r, sid);
	if (rc == -ENODEV || rc == -ETIMEDOUT)
		vcrypto_vq_set_broken(dev->ctrlq);
	return rc;
}

static int
msg_destroy(struct vcrypto_dev *dev, uint64_t sid)
{
	const struct vcrypto_transport_ops *ops = vcrypto_transport_ops(&dev->hw);
	int rc;

	if (ops->session_destroy == NULL)
		return -ENOTSUP;
	rc = ops->session_destroy(&dev->hw, sid);
	if (rc == -ENODEV || rc == -ETIMEDOUT)
		vcrypto_vq_set_broken(dev->ctrlq);
	return rc;
}

int
vcrypto_ctrl_session_create(struct vcrypto_dev *dev,
			    const struct vcrypto_ctrl_create *req, uint64_t *sid)
{
	int rc;

	if (req->fixed_len > sizeof(((struct virtio_crypto_op_ctrl_req *)0)->u) ||
	    (uint64_t)req->var_len[0] + req->var_len[1] > VCRYPTO_CTRL_MAX_KEY)
		return -EINVAL;
	rte_spinlock_lock(&dev->ctrl_lock);
	rc = ctrl_usable(dev);
	if (rc == 0)
		rc = dev->hw.ctrl_msgs ? msg_create(dev, req, sid) :
			create_locked(dev, req, sid);
	rte_spinlock_unlock(&dev->ctrl_lock);
	if (rc != 0)
		VCRYPTO_CTRL_LOG(DEBUG, "%s: create opcode 0x%x algo %u: %d",
				 dev->hw.name, req->opcode, req->algo, rc);
	return rc;
}

static int
destroy_locked(struct vcrypto_dev *dev, uint32_t opcode, uint32_t algo,
	       uint64_t sid)
{
	uint8_t *buf = dev->ctrl_mz->addr;
	uint64_t iova = dev->ctrl_mz->iova;
	struct virtio_crypto_op_ctrl_req *hdr = (void *)buf;
	uint8_t *status = buf + OUTCOME_OFF;
	struct vcrypto_vq_seg segs[2];
	uint32_t written = 0;
	int rc;

	memset(buf, 0, CTRL_BUF_LEN);
	hdr->header.opcode = rte_cpu_to_le_32(opcode);
	hdr->header.algo = rte_cpu_to_le_32(algo);
	hdr->u.destroy_session.session_id = rte_cpu_to_le_64(sid);
	*status = STATUS_UNSET;
	segs[0] = (struct vcrypto_vq_seg){ iova, VCRYPTO_CTRL_PREFIX_LEN };
	segs[1] = (struct vcrypto_vq_seg){ iova + OUTCOME_OFF, 1 };
	rc = ctrl_exchange(dev, segs, 1, 1, &written);
	if (rc != 0)
		return rc;
	if (*status == VIRTIO_CRYPTO_OK)
		return 0;
	VCRYPTO_CTRL_LOG(ERR, "%s: destroy session %" PRIu64 " opcode 0x%x: "
			 "device status %u", dev->hw.name, sid, opcode, *status);
	return -EIO;
}

int
vcrypto_ctrl_session_destroy(struct vcrypto_dev *dev, uint32_t opcode,
			     uint32_t algo, uint64_t sid, uint32_t generation)
{
	int rc = 0;

	/* Recovery bumps the generation holding ctrl_lock: checked here, a
	 * session is never destroyed by the id of another. */
	rte_spinlock_lock(&dev->ctrl_lock);
	if (generation == dev->generation) {
		rc = ctrl_usable(dev);
		if (rc == 0)
			rc = dev->hw.ctrl_msgs ? msg_destroy(dev, sid) :
				destroy_locked(dev, opcode, algo, sid);
	}
	rte_spinlock_unlock(&dev->ctrl_lock);
	return rc;
}
