/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * rte_cryptodev_ops: thin wrappers over the services. Queue pairs and
 * their request slots live as long as the device (created at probe), so
 * stop/start and re-configure cycles never free memory the device or a
 * caller can still reach.
 */
#include <errno.h>
#include <string.h>

#include <cryptodev_pmd.h>

#include "vcrypto_asym.h"
#include "vcrypto_dev.h"
#include "vcrypto_dp.h"
#include "vcrypto_dp_share.h"
#include "vcrypto_log.h"
#include "vcrypto_ops.h"
#include "vcrypto_recover.h"
#include "vcrypto_sym.h"
#include "vcrypto_vq.h"

static struct vcrypto_dev *
priv(struct rte_cryptodev *cdev)
{
	return cdev->data->dev_private;
}

/*
 * configure, queue_pair_setup and start run on a stopped device, with no
 * lcore inside enqueue/dequeue: a failed device is recovered there, so
 * stop/start is how an application forces it (vcrypto_dev_restart()).
 */
static int
ops_configure(struct rte_cryptodev *cdev, struct rte_cryptodev_config *conf)
{
	struct vcrypto_dev *dev = priv(cdev);

	if (vcrypto_dev_is_dead(dev) && vcrypto_dev_restart(dev) != 0)
		return -ENODEV;
	if (conf->nb_queue_pairs > dev->nb_qps) {
		VCRYPTO_LOG(ERR, "%s: %u queue pairs requested, device has %u%s",
			    dev->hw.name, conf->nb_queue_pairs, dev->nb_qps,
			    dev->vqps != NULL ? "" : " (more share a data queue "
			    "with devarg max_nb_queue_pairs)");
		return -EINVAL;
	}
	return 0;
}

static int
ops_start(struct rte_cryptodev *cdev)
{
	/* Sharers may be driven by other threads than before the stop. */
	vcrypto_dp_share_forget_threads(priv(cdev));
	return vcrypto_dev_is_dead(priv(cdev)) ? vcrypto_dev_restart(priv(cdev)) : 0;
}

static void
ops_stop(struct rte_cryptodev *cdev __rte_unused)
{
}

/*
 * The queue pairs die with the device: no slot of queue_pairs[] may keep
 * pointing at one (stats_get/stats_reset after close read it).
 */
static int
ops_close(struct rte_cryptodev *cdev)
{
	uint16_t i;

	for (i = 0; i < cdev->data->nb_queue_pairs; i++)
		cdev->data->queue_pairs[i] = NULL;
	vcrypto_dev_fini(priv(cdev));
	return 0;
}

/* What a closed device advertises: nothing, but a list DPDK can walk. */
static const struct rte_cryptodev_capabilities no_caps[] = {
	RTE_CRYPTODEV_END_OF_CAPABILITIES_LIST()
};

static void
ops_info_get(struct rte_cryptodev *cdev, struct rte_cryptodev_info *info)
{
	struct vcrypto_dev *dev = priv(cdev);

	info->driver_id = vcrypto_driver_id;
	info->feature_flags = cdev->feature_flags;
	info->capabilities = dev->caps_mz != NULL ? vcrypto_caps_get(dev) :
						    no_caps;
	info->max_nb_queue_pairs = dev->nb_qps;
	info->sym.max_nb_sessions = 0;	/* device limit unknown until hit */
	info->min_mbuf_headroom_req = 0;
	info->min_mbuf_tailroom_req = 0;
}

/*
 * qp->stats are running totals the stall and fail-streak logic use: the
 * application's view is their difference from stats_zero, and a reset
 * moves stats_zero, never the totals.
 */
static void
ops_stats_get(struct rte_cryptodev *cdev, struct rte_cryptodev_stats *stats)
{
	const struct vcrypto_qp *qp;
	uint16_t i;

	memset(stats, 0, sizeof(*stats));
	for (i = 0; i < cdev->data->nb_queue_pairs; i++) {
		qp = cdev->data->queue_pairs[i];
		if (qp == NULL)
			continue;
		if (priv(cdev)->vqps != NULL) {	/* shared: its own counts */
			vcrypto_dp_share_stats_add(cdev->data->queue_pairs[i],
						   stats);
			continue;
		}
		stats->enqueued_count += qp->stats.enqueued_count -
					 qp->stats_zero.enqueued_count;
		stats->dequeued_count += qp->stats.dequeued_count -
					 qp->stats_zero.dequeued_count;
		stats->enqueue_err_count += qp->stats.enqueue_err_count -
					    qp->stats_zero.enqueue_err_count;
		stats->dequeue_err_count += qp->stats.dequeue_err_count -
					    qp->stats_zero.dequeue_err_count;
	}
}

static void
ops_stats_reset(struct rte_cryptodev *cdev)
{
	struct vcrypto_qp *qp;
	uint16_t i;

	for (i = 0; i < cdev->data->nb_queue_pairs; i++) {
		qp = cdev->data->queue_pairs[i];
		if (qp == NULL)
			continue;
		if (priv(cdev)->vqps != NULL)
			vcrypto_dp_share_stats_reset(cdev->data->queue_pairs[i]);
		else
			qp->stats_zero = qp->stats;
	}
}

static int
ops_qp_setup(struct rte_cryptodev *cdev, uint16_t qp_id,
	     const struct rte_cryptodev_qp_conf *conf, int socket_id __rte_unused)
{
	struct vcrypto_dev *dev = priv(cdev);
	struct vcrypto_qp *qp;

	if (vcrypto_dev_is_dead(dev) && vcrypto_dev_restart(dev) != 0)
		return -ENODEV;
	if (qp_id >= dev->nb_qps || conf->nb_descriptors == 0)
		return -EINVAL;
	if (dev->vqps != NULL) {
		cdev->data->queue_pairs[qp_id] =
			vcrypto_dp_share_setup(dev, qp_id, conf->nb_descriptors);
		return 0;
	}
	qp = dev->qps[qp_id];
	qp->max_inflight = RTE_MIN(conf->nb_descriptors, vcrypto_vq_size(qp->vq));
	if (conf->nb_descriptors > vcrypto_vq_size(qp->vq))
		VCRYPTO_LOG(INFO, "%s: qp %u: %u descriptors asked, ring has %u",
			    dev->hw.name, qp_id, conf->nb_descriptors,
			    vcrypto_vq_size(qp->vq));
	if (vcrypto_vq_inflight(qp->vq) > 0)
		VCRYPTO_LOG(WARNING, "%s: qp %u set up again with %u ops in "
			    "flight; they stay owned by the queue pair",
			    dev->hw.name, qp_id, vcrypto_vq_inflight(qp->vq));
	qp->stats_zero = qp->stats;	/* the totals go on (in flight) */
	qp->in_use = true;
	cdev->data->queue_pairs[qp_id] = qp;
	return 0;
}

static int
ops_qp_release(struct rte_cryptodev *cdev, uint16_t qp_id)
{
	struct vcrypto_dev *dev = priv(cdev);

	if (dev->vqps != NULL)
		vcrypto_dp_share_release(dev, qp_id);
	else if (qp_id < dev->nb_dataqs && dev->qps[qp_id] != NULL)
		dev->qps[qp_id]->in_use = false;	/* no longer polled */
	if (qp_id < cdev->data->nb_queue_pairs)
		cdev->data->queue_pairs[qp_id] = NULL;
	return 0;
}

static unsigned int
ops_sym_sess_size(struct rte_cryptodev *cdev __rte_unused)
{
	return sizeof(struct vcrypto_sym_sess);
}

static int
ops_sym_sess_configure(struct rte_cryptodev *cdev,
		       struct rte_crypto_sym_xform *xform,
		       struct rte_cryptodev_sym_session *sess)
{
	return vcrypto_sym_session_create(priv(cdev), xform,
					  CRYPTODEV_GET_SYM_SESS_PRIV(sess));
}

static void
ops_sym_sess_clear(struct rte_cryptodev *cdev,
		   struct rte_cryptodev_sym_session *sess)
{
	vcrypto_dev_forget_session(priv(cdev), CRYPTODEV_GET_SYM_SESS_PRIV(sess));
	vcrypto_sym_session_destroy(priv(cdev), CRYPTODEV_GET_SYM_SESS_PRIV(sess));
}

static unsigned int
ops_asym_sess_size(struct rte_cryptodev *cdev __rte_unused)
{
	return vcrypto_asym_session_size();
}

static int
ops_asym_sess_configure(struct rte_cryptodev *cdev,
			struct rte_crypto_asym_xform *xform,
			struct rte_cryptodev_asym_session *sess)
{
	return vcrypto_asym_session_create(priv(cdev), xform,
					   sess->sess_private_data);
}

static void
ops_asym_sess_clear(struct rte_cryptodev *cdev,
		    struct rte_cryptodev_asym_session *sess)
{
	vcrypto_dev_forget_asym_session(priv(cdev), sess->sess_private_data);
	vcrypto_asym_session_destroy(priv(cdev), sess->sess_private_data);
}

struct rte_cryptodev_ops vcrypto_dev_ops = {
	.dev_configure = ops_configure,
	.dev_start = ops_start,
	.dev_stop = ops_stop,
	.dev_close = ops_close,
	.dev_infos_get = ops_info_get,
	.stats_get = ops_stats_get,
	.stats_reset = ops_stats_reset,
	.queue_pair_setup = ops_qp_setup,
	.queue_pair_release = ops_qp_release,
	.sym_session_get_size = ops_sym_sess_size,
	.sym_session_configure = ops_sym_sess_configure,
	.sym_session_clear = ops_sym_sess_clear,
	.asym_session_get_size = ops_asym_sess_size,
	.asym_session_configure = ops_asym_sess_configure,
	.asym_session_clear = ops_asym_sess_clear,
};

void
vcrypto_ops_set_bursts(struct rte_cryptodev *cdev)
{
	bool shared = priv(cdev)->vqps != NULL;

	cdev->enqueue_burst = shared ? vcrypto_dp_share_enqueue :
				       vcrypto_dp_enqueue;
	cdev->dequeue_burst = shared ? vcrypto_dp_share_dequeue :
				       vcrypto_dp_dequeue;
}
