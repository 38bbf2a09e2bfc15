/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Device lifecycle: bring-up in the order the standard prescribes, teardown
 * (reset before any buffer the device has seen is freed), failing the
 * device when it misbehaves, and recovering it: the same initialization
 * again in place, once every queue pair has handed back what it had in
 * flight and parked. The one owner of failure, parking, re-initialisation
 * and session generations: the lower layers (dp, ctrl, vq) only report,
 * and the watch (an EAL alarm, a control thread) acts, so the data path
 * never waits for a reset or a control request. Calls transport, queue,
 * ctrl, dp, sym and caps; nothing calls up into it but ops and probe.
 */
#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <rte_alarm.h>
#include <rte_common.h>
#include <rte_cycles.h>
#include <rte_eal.h>

#include "vcrypto_algo.h"
#include "vcrypto_asym.h"
#include "vcrypto_ctrl.h"
#include "vcrypto_dev.h"
#include "vcrypto_dp.h"
#include "vcrypto_dp_share.h"
#include "vcrypto_log.h"
#include "vcrypto_recover.h"
#include "vcrypto_sym.h"
#include "vcrypto_wire.h"

#define RESET_TIMEOUT_MS 1000

#define BIT(n) (UINT64_C(1) << (n))

/* Features we understand; a modern-only driver never takes legacy bits. */
#define WANTED_FEATURES (BIT(VCRYPTO_F_VERSION_1) | \
	BIT(VCRYPTO_F_ACCESS_PLATFORM) | BIT(VCRYPTO_F_INDIRECT_DESC) | \
	BIT(VCRYPTO_F_EVENT_IDX) | BIT(VCRYPTO_F_ORDER_PLATFORM) | \
	BIT(VCRYPTO_F_NOTIF_CONFIG_DATA))

/* Largest power of two <= max, capped; 0 if the queue does not exist. */
static uint16_t
pick_size(uint16_t max, uint16_t cap)
{
	uint16_t s = RTE_MIN(max, cap);

	return s == 0 ? 0 : (uint16_t)rte_align32prevpow2(s);
}

static int
setup_queue(struct vcrypto_dev *dev, uint16_t idx, struct vcrypto_vq *vq)
{
	struct vcrypto_vq_addrs addrs;

	vcrypto_vq_addrs(vq, &addrs);
	return vcrypto_transport_ops(&dev->hw)->queue_setup(&dev->hw, idx,
		vcrypto_vq_size(vq), &addrs);
}

static int
create_queues(struct vcrypto_dev *dev, int socket_id)
{
	const struct vcrypto_transport_ops *ops = vcrypto_transport_ops(&dev->hw);
	struct vcrypto_vq_params p = {
		.max_segs = 4,	/* prefix, two keys, outcome */
		.socket_id = socket_id,
	};
	char name[RTE_MEMZONE_NAMESIZE];
	uint16_t i, size;
	int rc;

	for (i = 0; i < dev->nb_dataqs; i++) {
		size = pick_size(ops->queue_max_size(&dev->hw, i),
				 VCRYPTO_DATAQ_MAX_SIZE);
		if (size < VCRYPTO_DATAQ_MIN_SIZE) {
			/* Else every op would fail (E2BIG) after probe. */
			VCRYPTO_LOG(ERR, "%s: data queue %u %s (%u entries); a "
				    "request needs up to %u", dev->hw.name, i,
				    size == 0 ? "missing" : "too small", size,
				    VCRYPTO_DATAQ_MIN_SIZE);
			return -EIO;
		}
		rc = vcrypto_dp_queue_create(dev, i, size, socket_id,
					     &dev->qps[i]);
		if (rc == 0)
			rc = setup_queue(dev, i, dev->qps[i]->vq);
		if (rc != 0)
			return rc;
	}
	vcrypto_dev_vq_params(dev, &p);
	p.index = dev->ctrlq_index;
	p.size = pick_size(ops->queue_max_size(&dev->hw, p.index),
			   VCRYPTO_CTRLQ_MAX_SIZE);
	if (p.size < p.max_segs) {
		VCRYPTO_LOG(ERR, "%s: control queue %u missing or smaller than "
			    "%u entries", dev->hw.name, p.index, p.max_segs);
		return -EIO;
	}
	if (snprintf(name, sizeof(name), "vc_cq_%s", dev->hw.name) >=
	    (int)sizeof(name))
		return -ENAMETOOLONG;
	p.name = name;
	rc = vcrypto_vq_create(&p, &dev->ctrlq);
	/* Session messages: the control queue only carries the broken flag
	 * of the control path (vcrypto_ctrl.c); the device never sees it. */
	if (rc != 0 || dev->hw.ctrl_msgs)
		return rc;
	return setup_queue(dev, p.index, dev->ctrlq);
}

static int
check_iova(struct vcrypto_dev *dev)
{
	/* Without ACCESS_PLATFORM the device takes guest-physical addresses. */
	if (!vcrypto_hw_has(&dev->hw, VCRYPTO_F_ACCESS_PLATFORM) &&
	    rte_eal_iova_mode() != RTE_IOVA_PA) {
		VCRYPTO_LOG(ERR, "%s: device lacks ACCESS_PLATFORM: it needs "
			    "physical addresses (--iova-mode=pa)", dev->hw.name);
		return -ENOTSUP;
	}
	return 0;
}

/* Reset, ACKNOWLEDGE, DRIVER, features: the first steps of Device
 * Initialization, at probe and at every recovery. */
static int
handshake(struct vcrypto_dev *dev)
{
	int rc;

	rc = vcrypto_transport_reset(&dev->hw, RESET_TIMEOUT_MS);
	if (rc != 0)
		return rc;
	vcrypto_transport_add_status(&dev->hw, VCRYPTO_STATUS_ACKNOWLEDGE);
	vcrypto_transport_add_status(&dev->hw, VCRYPTO_STATUS_DRIVER);
	return vcrypto_transport_negotiate(&dev->hw, WANTED_FEATURES &
		~(dev->no_event_idx ? BIT(VCRYPTO_F_EVENT_IDX) : 0),
		BIT(VCRYPTO_F_VERSION_1));
}

/* The last step: DRIVER_OK, and the device must not object right away. */
static int
driver_ok(struct vcrypto_dev *dev)
{
	vcrypto_transport_add_status(&dev->hw, VCRYPTO_STATUS_DRIVER_OK);
	if (vcrypto_transport_ops(&dev->hw)->get_status(&dev->hw) &
	    (VCRYPTO_STATUS_NEEDS_RESET | VCRYPTO_STATUS_FAILED)) {
		VCRYPTO_LOG(ERR, "%s: device needs reset right after DRIVER_OK",
			    dev->hw.name);
		return -EIO;
	}
	return 0;
}

/*
 * Bring-up step for a synthesized config (virtio-user session messages,
 * vcrypto_caps_cipher_trials_wanted()): each cipher of the upper-bound
 * mask whose trial sessions the device accepts with every key size of the
 * table (DPDK 22.11 vhost_crypto takes any algorithm it can map, then
 * refuses at session creation those it has no IV length for).
 */
static uint64_t
trial_ciphers(struct vcrypto_dev *dev)
{
	uint64_t bound = (uint64_t)dev->cfg.cipher_h << 32 | dev->cfg.cipher_l;
	const struct vcrypto_cipher_algo *a;
	uint64_t mask = 0;
	unsigned int i;
	uint16_t k;
	int rc;

	for (i = 0; i < vcrypto_nb_cipher_algos; i++) {
		a = &vcrypto_cipher_algos[i];
		if (!((bound >> a->virtio_id) & 1))
			continue;
		rc = 0;
		for (k = a->key.min; k <= a->key.max && rc == 0;
		     k += a->key.inc != 0 ? a->key.inc : a->key.max + 1)
			if (k <= dev->lim.max_cipher_key_len)
				rc = vcrypto_sym_probe_cipher(dev, a->virtio_id,
							      k);
		VCRYPTO_LOG(INFO, "%s: trial %s sessions: %s (%d)",
			    dev->hw.name, a->name,
			    rc == 0 ? "accepted" : "refused", rc);
		if (rc == 0)
			mask |= UINT64_C(1) << a->virtio_id;
	}
	return mask;
}

/*
 * Bring-up step for a device quirk (vcrypto_caps_mac_trials_wanted()):
 * each HMAC of the table whose trial chained session the device accepts.
 * HMACs only: a session the device accepts says nothing of the results;
 * DPDK vhost-crypto with aesni_mb accepts AES-CMAC sessions with 24- and
 * 32-byte keys and returns wrong MACs for them; an HMAC takes any key
 * length.
 */
static uint64_t
trial_macs(struct vcrypto_dev *dev)
{
	const struct vcrypto_mac_algo *a;
	uint64_t mask = 0;
	unsigned int i;

	for (i = 0; i < vcrypto_nb_mac_algos; i++) {
		a = &vcrypto_mac_algos[i];
		if (a->key.inc != 1 ||
		    vcrypto_sym_probe_mac(dev, a->virtio_id, a->digest.max) != 0)
			continue;
		mask |= UINT64_C(1) << a->virtio_id;
		VCRYPTO_LOG(NOTICE, "%s: MAC mask %s, %s chains accepted",
			    dev->hw.name, dev->hw.ctrl_msgs ? "synthesized" :
			    "empty", a->name);
	}
	return mask;
}

/* Cipher trials, then the limits again with what they found. */
static int
run_cipher_trials(struct vcrypto_dev *dev)
{
	dev->cipher_trials = trial_ciphers(dev);
	if (vcrypto_vq_is_broken(dev->ctrlq))
		return 0;	/* reported by bring_up() */
	if (dev->cipher_trials == 0) {
		VCRYPTO_LOG(ERR, "%s: the back end accepted no trial cipher "
			    "session: nothing to offer", dev->hw.name);
		return -ENOTSUP;
	}
	return vcrypto_caps_validate(&dev->hw, &dev->cfg, dev->cipher_trials,
				     0, &dev->lim);
}

static int
bring_up(struct vcrypto_dev *dev, int socket_id)
{
	int rc;

	rc = handshake(dev);
	if (rc == 0)
		rc = check_iova(dev);
	if (rc == 0)
		rc = vcrypto_caps_read_config(&dev->hw, &dev->cfg);
	if (rc == 0)
		rc = vcrypto_caps_validate(&dev->hw, &dev->cfg, 0, 0,
					   &dev->lim);
	if (rc != 0)
		return rc;
	dev->ctrlq_index = dev->cfg.max_dataqueues;
	dev->nb_dataqs = RTE_MIN(dev->cfg.max_dataqueues,
				 (uint32_t)VCRYPTO_MAX_DATAQ);
	if (dev->dataq_limit != 0)
		dev->nb_dataqs = RTE_MIN(dev->nb_dataqs, dev->dataq_limit);
	if (dev->nb_dataqs < dev->cfg.max_dataqueues)
		VCRYPTO_LOG(NOTICE, "%s: driving %u of %u data queues",
			    dev->hw.name, dev->nb_dataqs,
			    dev->cfg.max_dataqueues);
	rc = vcrypto_ctrl_init(dev, socket_id);
	if (rc == 0)
		rc = create_queues(dev, socket_id);
	if (rc == 0) {
		dev->nb_qps = vcrypto_dp_share_count(dev->hw.name,
						     dev->nb_dataqs,
						     dev->max_qps_arg);
		rc = vcrypto_dp_share_create(dev, socket_id);
	}
	if (rc == 0)
		rc = driver_ok(dev);
	if (rc == 0 && vcrypto_caps_cipher_trials_wanted(&dev->hw))
		rc = run_cipher_trials(dev);
	if (rc == 0 && vcrypto_caps_mac_trials_wanted(&dev->hw, &dev->cfg)) {
		dev->mac_trials = trial_macs(dev);
		rc = vcrypto_caps_validate(&dev->hw, &dev->cfg,
					   dev->cipher_trials, dev->mac_trials,
					   &dev->lim);
	}
	if (rc == 0 && vcrypto_vq_is_broken(dev->ctrlq)) {
		VCRYPTO_LOG(ERR, "%s: the back end broke the session protocol "
			    "during the trial sessions", dev->hw.name);
		rc = -EIO;
	}
	return rc == 0 ? vcrypto_caps_create(dev, socket_id) : rc;
}

static void
watch_alarm(void *arg)
{
	struct vcrypto_dev *dev = arg;
	uint64_t us;

	/* Sooner while sessions are being made again: each queue pair asks
	 * for one at a time. */
	us = vcrypto_dev_watch(dev) ? VCRYPTO_WATCH_BUSY_US : VCRYPTO_WATCH_US;
	if (!dev->closing && rte_eal_alarm_set(us, watch_alarm, dev) != 0)
		VCRYPTO_LOG(ERR, "%s: watch not re-armed: a failed device is "
			    "recovered at dev_start only", dev->hw.name);
}

int
vcrypto_dev_init(struct vcrypto_dev *dev, int socket_id)
{
	int rc;

	rte_spinlock_init(&dev->fail_lock);
	dev->closing = false;
	if (dev->hw.priv == NULL)
		return -ENODEV;	/* no transport attached */
	rc = bring_up(dev, socket_id);
	if (rc == 0) {
		rc = rte_eal_alarm_set(VCRYPTO_WATCH_US, watch_alarm, dev);
		if (rc != 0)
			VCRYPTO_LOG(ERR, "%s: cannot start the watch: %d",
				    dev->hw.name, rc);
	}
	if (rc != 0) {
		if (!dev->hw.gone)
			vcrypto_transport_add_status(&dev->hw,
						     VCRYPTO_STATUS_FAILED);
		vcrypto_dev_fini(dev);
	}
	return rc;
}

static void
free_queues(struct vcrypto_dev *dev)
{
	uint16_t i;

	for (i = 0; i < RTE_DIM(dev->qps); i++) {
		vcrypto_dp_queue_destroy(dev->qps[i]);
		dev->qps[i] = NULL;
	}
	vcrypto_vq_destroy(dev->ctrlq);
	dev->ctrlq = NULL;
}

/*
 * Closed with requests in flight (an application that leaves mid-traffic,
 * or EAL cleanup removing a device nobody stopped): let the device finish
 * what it took, for up to dp_timeout_ms in all, before the reset. DPDK
 * 22.11's vhost-crypto races a reset that stops its ring while its worker
 * is on a request (a hang or a crash of the back-end: see the guide). The
 * completions stay in the ring, unread, and the reset drops them.
 */
static void
let_device_finish(struct vcrypto_dev *dev)
{
	uint64_t deadline = rte_get_timer_cycles() +
			    rte_get_timer_hz() * dev->dp_timeout_ms / 1000;
	struct vcrypto_qp *qp;
	uint16_t i;

	for (i = 0; i < dev->nb_dataqs; i++) {
		qp = dev->qps[i];
		if (qp == NULL || vcrypto_vq_is_broken(qp->vq))
			continue;
		while (!vcrypto_vq_device_idle(qp->vq)) {
			if (rte_get_timer_cycles() > deadline) {
				VCRYPTO_LOG(NOTICE, "%s: close: dataq %u still "
					    "busy after %u ms, resetting",
					    dev->hw.name, qp->vq_index,
					    dev->dp_timeout_ms);
				return;
			}
			rte_delay_us_sleep(100);
		}
	}
}

/*
 * The device did not finish its reset: it may still write the rings, the
 * request slots, the control buffer and the buffers of every op in
 * flight. Those stay its own for good (logged once).
 */
static void
mark_stuck(struct vcrypto_dev *dev)
{
	if (!dev->stuck)
		VCRYPTO_LOG(ERR, "%s: reset did not complete: the device may "
			    "still write its rings and the buffers of the ops "
			    "in flight; they are not handed back, and its "
			    "memory is never freed", dev->hw.name);
	__atomic_store_n(&dev->stuck, true, __ATOMIC_RELAXED);
}

/* Reset with a deadline; a device that does not finish is stuck. */
static void
reset_or_stuck(struct vcrypto_dev *dev)
{
	if (dev->hw.gone || dev->stuck)
		return;
	if (vcrypto_transport_reset(&dev->hw, RESET_TIMEOUT_MS) == -ETIMEDOUT)
		mark_stuck(dev);
}

/* Forget (never free) what a stuck device may still write. */
static void
leak_queues(struct vcrypto_dev *dev)
{
	VCRYPTO_LOG(ERR, "%s: close: leaking the rings, request slots and "
		    "control buffer of a device that did not reset",
		    dev->hw.name);
	memset(dev->qps, 0, sizeof(dev->qps));
	dev->ctrlq = NULL;
	dev->ctrl_mz = NULL;
}

void
vcrypto_dev_fini(struct vcrypto_dev *dev)
{
	/* No watch round may run on what is freed below. */
	dev->closing = true;
	rte_eal_alarm_cancel(watch_alarm, dev);
	/* Device Cleanup: no DMA may target what we are about to free. */
	if (dev->hw.priv != NULL && !dev->hw.gone && !dev->dead)
		let_device_finish(dev);
	if (dev->hw.priv != NULL)
		reset_or_stuck(dev);
	if (dev->stuck && (dev->ctrlq != NULL || dev->ctrl_mz != NULL))
		leak_queues(dev);
	vcrypto_dp_share_destroy(dev);
	free_queues(dev);
	vcrypto_ctrl_fini(dev);
	if (dev->caps_mz != NULL)
		vcrypto_caps_destroy(dev);
	__atomic_store_n(&dev->dead, true, __ATOMIC_RELAXED);
}

/* Stop the device's DMA (unless it is gone) and make every ring refuse
 * new work. */
static void
stop_device(struct vcrypto_dev *dev)
{
	uint16_t i;

	reset_or_stuck(dev);
	if (dev->ctrlq != NULL)
		vcrypto_vq_set_broken(dev->ctrlq);
	for (i = 0; i < dev->nb_dataqs; i++)
		if (dev->qps[i] != NULL)
			vcrypto_vq_set_broken(dev->qps[i]->vq);
}

/* Requests completed without error on every queue pair: the progress that
 * tells a new incident from a device that keeps failing. */
static uint64_t
completed(const struct vcrypto_dev *dev)
{
	uint64_t n = 0;
	uint16_t i;

	for (i = 0; i < dev->nb_dataqs; i++)
		if (dev->qps[i] != NULL)
			n += vcrypto_dp_queue_completed(dev->qps[i]);
	return n;
}

static void
fail_locked(struct vcrypto_dev *dev, const char *why)
{
	uint64_t done;

	if (dev->dead)
		return;
	VCRYPTO_LOG(ERR, "%s: failing device: %s", dev->hw.name, why);
	stop_device(dev);
	done = completed(dev);
	if (done != dev->done_mark)
		dev->fail_streak = 0;	/* requests completed since: new incident */
	dev->fail_streak++;
	__atomic_store_n(&dev->dead, true, __ATOMIC_RELAXED);
	/* Release: dead and stuck are seen by a queue pair that sees it. */
	__atomic_store_n(&dev->epoch, dev->epoch + 1, __ATOMIC_RELEASE);
}

void
vcrypto_dev_fail(struct vcrypto_dev *dev, const char *why)
{
	rte_spinlock_lock(&dev->fail_lock);
	fail_locked(dev, why);
	rte_spinlock_unlock(&dev->fail_lock);
}

/* --- recovery ------------------------------------------------------------ */

/*
 * The capabilities advertised at probe came from dev->cfg: after a reset
 * the device may offer more (ignored) but not less, or sessions and ops the
 * application was told it could run would fail.
 */
static int
check_config(const struct vcrypto_dev *dev, const struct vcrypto_config *now)
{
	static const struct {
		const char *name;
		size_t off;
		bool mask;	/* bits that may not go; else a lower limit */
	} fields[] = {
#define F(f, m) { #f, offsetof(struct vcrypto_config, f), m }
		F(services, true), F(cipher_l, true), F(cipher_h, true),
		F(hash, true), F(mac_l, true), F(mac_h, true), F(aead, true),
		F(akcipher, true), F(max_cipher_key_len, false),
		F(max_auth_key_len, false),
#undef F
	};
	const uint8_t *was = (const uint8_t *)&dev->cfg;
	uint32_t a, b;
	unsigned int i;

	if (now->max_dataqueues != dev->cfg.max_dataqueues ||
	    now->max_size < dev->cfg.max_size) {
		VCRYPTO_LOG(ERR, "%s: after reset: max_dataqueues %u (was %u), "
			    "max_size %" PRIu64 " (was %" PRIu64 ")",
			    dev->hw.name, now->max_dataqueues,
			    dev->cfg.max_dataqueues, now->max_size,
			    dev->cfg.max_size);
		return -EIO;
	}
	for (i = 0; i < RTE_DIM(fields); i++) {
		memcpy(&a, was + fields[i].off, sizeof(a));
		memcpy(&b, (const uint8_t *)now + fields[i].off, sizeof(b));
		if (fields[i].mask ? (a & ~b) == 0 : b >= a)
			continue;
		VCRYPTO_LOG(ERR, "%s: capabilities shrank after reset: %s 0x%x, "
			    "was 0x%x", dev->hw.name, fields[i].name, b, a);
		return -EIO;
	}
	return 0;
}

/* Give a re-initialised ring to the device again, at the same addresses. */
static int
resetup_queue(struct vcrypto_dev *dev, uint16_t idx, struct vcrypto_vq *vq)
{
	uint16_t max = vcrypto_transport_ops(&dev->hw)->queue_max_size(&dev->hw,
								       idx);

	if (max < vcrypto_vq_size(vq)) {
		VCRYPTO_LOG(ERR, "%s: queue %u takes %u entries after reset, "
			    "its ring has %u", dev->hw.name, idx, max,
			    vcrypto_vq_size(vq));
		return -EIO;
	}
	return setup_queue(dev, idx, vq);
}

static int
restart_queues(struct vcrypto_dev *dev)
{
	uint16_t i;
	int rc = 0;

	for (i = 0; i < dev->nb_dataqs && rc == 0; i++) {
		vcrypto_dp_queue_reinit(dev->qps[i]);
		rc = resetup_queue(dev, i, dev->qps[i]->vq);
	}
	if (rc == 0) {
		vcrypto_ctrl_reinit(dev);
		if (!dev->hw.ctrl_msgs)	/* session messages: never given */
			rc = resetup_queue(dev, dev->ctrlq_index, dev->ctrlq);
	}
	return rc;
}

/* Device Initialization again, keeping every allocation and address. */
static int
reinit(struct vcrypto_dev *dev)
{
	uint64_t was = dev->hw.features;
	struct vcrypto_config cfg;
	struct vcrypto_limits lim;
	int rc;

	rc = handshake(dev);
	if (rc == 0 && dev->hw.features != was) {
		VCRYPTO_LOG(ERR, "%s: features 0x%" PRIx64 " after reset, 0x%"
			    PRIx64 " before", dev->hw.name, dev->hw.features,
			    was);
		rc = -EIO;
	}
	dev->hw.features = was;	/* what the rings were made for */
	if (rc == 0)
		rc = vcrypto_caps_read_config(&dev->hw, &cfg);
	if (rc == 0)
		rc = vcrypto_caps_validate(&dev->hw, &cfg, dev->cipher_trials,
					   dev->mac_trials, &lim);
	if (rc == 0)
		rc = check_config(dev, &cfg);
	if (rc == 0)
		rc = restart_queues(dev);
	return rc == 0 ? driver_ok(dev) : rc;
}

/* Whether to try; the reason not to is logged once. */
static bool
may_recover(struct vcrypto_dev *dev, bool asked)
{
	char why[112];

	if (dev->ctrlq == NULL)
		return false;	/* closed */
	if (dev->stuck && !asked)
		return false;	/* logged by mark_stuck() */
	if (dev->hw.gone)
		snprintf(why, sizeof(why), "the device is gone (all-ones reads)");
	else if (asked)
		return true;
	else if (dev->recover_max == 0)
		snprintf(why, sizeof(why), "recovery disabled (recover_max=0)");
	else if (dev->fail_streak > dev->recover_max)
		snprintf(why, sizeof(why), "%u failures in a row with no request "
			 "completed (recover_max=%u)", dev->fail_streak,
			 dev->recover_max);
	else
		return true;
	if (!dev->gave_up)
		VCRYPTO_LOG(ERR, "%s: not recovering: %s; the device stays "
			    "failed%s", dev->hw.name, why,
			    dev->hw.gone ? "" : " until dev_start");
	dev->gave_up = true;
	return false;
}

/* Caller holds fail_lock; no lcore is inside enqueue/dequeue on a ring. */
static void
recover_locked(struct vcrypto_dev *dev, bool asked)
{
	int rc;

	if (!dev->dead || !may_recover(dev, asked))
		return;
	rte_spinlock_lock(&dev->ctrl_lock);	/* no control request meanwhile */
	rc = reinit(dev);
	if (rc == 0) {
		/* The reset in reinit() completed: DMA stopped at last, and
		 * the rings' ops were drained for handing back. */
		__atomic_store_n(&dev->stuck, false, __ATOMIC_RELAXED);
		dev->done_mark = completed(dev);
		dev->gave_up = false;
		__atomic_store_n(&dev->generation, dev->generation + 1,
				 __ATOMIC_RELEASE);
		__atomic_store_n(&dev->dead, false, __ATOMIC_RELAXED);
		__atomic_store_n(&dev->epoch, dev->epoch + 1,
				 __ATOMIC_RELEASE);
	} else {
		stop_device(dev);
		dev->fail_streak++;
	}
	rte_spinlock_unlock(&dev->ctrl_lock);
	if (rc == 0)
		VCRYPTO_LOG(NOTICE, "%s: recovered: device re-initialised, "
			    "generation %u", dev->hw.name, dev->generation);
	else
		VCRYPTO_LOG(ERR, "%s: recovery failed: %d (failure %u in a row)",
			    dev->hw.name, rc, dev->fail_streak);
}

/*
 * Every queue pair the application set up handed back its ops and leaves
 * its ring alone, having seen this failure (a queue pair still parked
 * from an earlier one may be about to resume: acquire, what it did before
 * parking is done).
 */
static bool
all_parked(const struct vcrypto_dev *dev)
{
	const struct vcrypto_qp *qp;
	uint16_t i;

	for (i = 0; i < dev->nb_dataqs; i++) {
		qp = dev->qps[i];
		if (qp != NULL && qp->in_use &&
		    (!__atomic_load_n(&qp->parked, __ATOMIC_ACQUIRE) ||
		     qp->park_epoch != dev->epoch))
			return false;
	}
	return true;
}

static const char *
fault_name(enum vcrypto_qp_fault f)
{
	switch (f) {
	case VCRYPTO_QP_FAULT_STALL:
		return "a data queue stalled";
	case VCRYPTO_QP_FAULT_STATUS:
		return "the device status asks for a reset";
	case VCRYPTO_QP_FAULT_PROTOCOL:
		return "a data queue broke the ring protocol";
	default:
		return "unknown fault";
	}
}

/* What the lower layers reported in this epoch fails the device. */
static void
act_on_reports(struct vcrypto_dev *dev)
{
	enum vcrypto_qp_fault f;
	uint16_t i;

	if (dev->hw.gone) {
		fail_locked(dev, "device gone (all-ones reads)");
		return;
	}
	if (dev->ctrlq != NULL && vcrypto_vq_is_broken(dev->ctrlq)) {
		fail_locked(dev, "control request timed out or broke the "
			    "ring protocol");
		return;
	}
	for (i = 0; i < dev->nb_dataqs; i++) {
		if (dev->qps[i] == NULL)
			continue;
		f = vcrypto_dp_queue_fault(dev->qps[i], dev->epoch);
		if (f != VCRYPTO_QP_FAULT_NONE) {
			fail_locked(dev, fault_name(f));
			return;
		}
	}
}

/*
 * Make again the sessions queue pairs ask for (control requests).
 * @return how many were asked for.
 */
static unsigned int
remake_sessions(struct vcrypto_dev *dev)
{
	struct vcrypto_sym_sess *s;
	unsigned int n = 0;
	uint16_t i;
	void *a;

	for (i = 0; i < dev->nb_dataqs && !dev->dead; i++) {
		if (dev->qps[i] == NULL)
			continue;
		s = vcrypto_dp_queue_take_remake(dev->qps[i]);
		if (s != NULL) {
			vcrypto_sym_session_remake(dev, s);
			n++;
		}
		a = vcrypto_dp_queue_take_asym_want(dev->qps[i]);
		if (a != NULL && !dev->dead) {
			vcrypto_asym_session_make(dev, a);
			n++;
		}
	}
	return n;
}

bool
vcrypto_dev_watch(struct vcrypto_dev *dev)
{
	bool busy = false;

	rte_spinlock_lock(&dev->fail_lock);
	if (!dev->closing) {
		if (!dev->dead)
			act_on_reports(dev);
		if (dev->dead && all_parked(dev))
			recover_locked(dev, false);
		if (!dev->dead)
			busy = remake_sessions(dev) > 0;
	}
	rte_spinlock_unlock(&dev->fail_lock);
	return busy;
}

void
vcrypto_dev_forget_session(struct vcrypto_dev *dev,
			   const struct vcrypto_sym_sess *sess)
{
	uint16_t i;

	rte_spinlock_lock(&dev->fail_lock);	/* no watch round meanwhile */
	for (i = 0; i < dev->nb_dataqs; i++)
		if (dev->qps[i] != NULL)
			vcrypto_dp_queue_forget_remake(dev->qps[i], sess);
	rte_spinlock_unlock(&dev->fail_lock);
}

void
vcrypto_dev_forget_asym_session(struct vcrypto_dev *dev, const void *priv)
{
	uint16_t i;

	rte_spinlock_lock(&dev->fail_lock);	/* no watch round meanwhile */
	for (i = 0; i < dev->nb_dataqs; i++)
		if (dev->qps[i] != NULL)
			vcrypto_dp_queue_forget_asym_want(dev->qps[i], priv);
	rte_spinlock_unlock(&dev->fail_lock);
}

int
vcrypto_dev_restart(struct vcrypto_dev *dev)
{
	int rc;

	rte_spinlock_lock(&dev->fail_lock);
	if (dev->dead)
		dev->fail_streak = 1;	/* the application asked: new budget */
	recover_locked(dev, true);
	rc = dev->dead ? -ENODEV : 0;
	rte_spinlock_unlock(&dev->fail_lock);
	return rc;
}
