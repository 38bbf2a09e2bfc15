/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * virtio-user glue: the vdev driver crypto_vcrypto_user, its devargs,
 * cryptodev create and destroy. Same device code as the PCI probe; only
 * the transport attached differs. Primary process only.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rte_kvargs.h>
#include <bus_vdev_driver.h>
#include <cryptodev_pmd.h>

#include "vcrypto_dev.h"
#include "vcrypto_dp.h"
#include "vcrypto_log.h"
#include "vcrypto_ops.h"
#include "vcrypto_recover.h"
#include "vcrypto_user.h"

#define ARG_PATH "path"
#define ARG_QUEUES "queues"
#define ARG_QUEUE_SIZE "queue_size"
#define ARG_CTRL_TIMEOUT "ctrl_timeout_ms"
#define ARG_DP_TIMEOUT "dp_timeout_ms"
#define ARG_RECOVER_MAX "recover_max"
#define ARG_CTRL "ctrl"
#define ARG_SESSION_LAYOUT "session_layout"
#define ARG_MAX_QPS "max_nb_queue_pairs"
#define DEF_QUEUE_SIZE 256

struct user_devargs {
	char *path;
	uint32_t queues, queue_size, ctrl_ms, dp_ms, recover_max;
	uint32_t ctrl;		/**< enum vcrypto_user_ctrl */
	uint32_t layout;	/**< session_layout= (checked by the transport) */
	uint32_t max_qps;	/**< max_nb_queue_pairs=, 0: one per queue */
};

static int
parse_ctrl(const char *key __rte_unused, const char *value, void *out)
{
	static const char *const names[] = {
		[VCRYPTO_USER_CTRL_AUTO] = "auto",
		[VCRYPTO_USER_CTRL_VRING] = "vring",
		[VCRYPTO_USER_CTRL_SESSION] = "session",
	};
	uint32_t i;

	for (i = 0; i < RTE_DIM(names); i++)
		if (strcmp(value, names[i]) == 0) {
			*(uint32_t *)out = i;
			return 0;
		}
	return -EINVAL;
}

static int
parse_path(const char *key __rte_unused, const char *value, void *out)
{
	char **p = out;

	if (*value == '\0')
		return -EINVAL;
	free(*p);
	*p = strdup(value);
	return *p == NULL ? -ENOMEM : 0;
}

static int
parse_num(const char *value, unsigned long min, unsigned long max, void *out)
{
	char *end;
	unsigned long v = strtoul(value, &end, 10);

	if (*value == '\0' || *end != '\0' || v < min || v > max)
		return -EINVAL;
	*(uint32_t *)out = (uint32_t)v;
	return 0;
}

static int
parse_queues(const char *key __rte_unused, const char *value, void *out)
{
	return parse_num(value, 1, VCRYPTO_MAX_DATAQ, out);
}

static int
parse_qsize(const char *key __rte_unused, const char *value, void *out)
{
	int rc = parse_num(value, 8, 32768, out);

	/* Split rings: a power of two. */
	if (rc == 0 && (*(uint32_t *)out & (*(uint32_t *)out - 1)) != 0)
		rc = -EINVAL;
	return rc;
}

static int
parse_ms(const char *key __rte_unused, const char *value, void *out)
{
	return parse_num(value, 1, 600000, out);
}

static int
parse_count(const char *key __rte_unused, const char *value, void *out)
{
	return parse_num(value, 0, 1000, out);
}

static int
parse_layout(const char *key __rte_unused, const char *value, void *out)
{
	return parse_num(value, 1, UINT32_MAX, out);
}

static int
parse_qps(const char *key __rte_unused, const char *value, void *out)
{
	return parse_num(value, 1, VCRYPTO_MAX_QPS, out);
}

static int
parse_devargs(const char *args, struct user_devargs *a)
{
	static const char *const keys[] = { ARG_PATH, ARG_QUEUES,
		ARG_QUEUE_SIZE, ARG_CTRL_TIMEOUT, ARG_DP_TIMEOUT,
		ARG_RECOVER_MAX, ARG_CTRL, ARG_SESSION_LAYOUT, ARG_MAX_QPS,
		NULL };
	struct rte_kvargs *kv;
	int rc;

	a->queue_size = DEF_QUEUE_SIZE;
	a->ctrl_ms = VCRYPTO_DEF_CTRL_TIMEOUT_MS;
	a->dp_ms = VCRYPTO_DEF_DP_TIMEOUT_MS;
	a->recover_max = VCRYPTO_DEF_RECOVER_MAX;
	a->ctrl = VCRYPTO_USER_CTRL_AUTO;
	a->layout = VCRYPTO_USER_SESS_LAYOUT;
	kv = rte_kvargs_parse(args != NULL ? args : "", keys);
	if (kv == NULL) {
		VCRYPTO_LOG(ERR, "unknown devargs '%s'", args);
		return -EINVAL;
	}
	rc = rte_kvargs_process(kv, ARG_PATH, parse_path, &a->path);
	if (rc == 0)
		rc = rte_kvargs_process(kv, ARG_QUEUES, parse_queues,
					&a->queues);
	if (rc == 0)
		rc = rte_kvargs_process(kv, ARG_QUEUE_SIZE, parse_qsize,
					&a->queue_size);
	if (rc == 0)
		rc = rte_kvargs_process(kv, ARG_CTRL_TIMEOUT, parse_ms,
					&a->ctrl_ms);
	if (rc == 0)
		rc = rte_kvargs_process(kv, ARG_DP_TIMEOUT, parse_ms,
					&a->dp_ms);
	if (rc == 0)
		rc = rte_kvargs_process(kv, ARG_RECOVER_MAX, parse_count,
					&a->recover_max);
	if (rc == 0)
		rc = rte_kvargs_process(kv, ARG_CTRL, parse_ctrl, &a->ctrl);
	if (rc == 0)
		rc = rte_kvargs_process(kv, ARG_SESSION_LAYOUT, parse_layout,
					&a->layout);
	if (rc == 0)
		rc = rte_kvargs_process(kv, ARG_MAX_QPS, parse_qps,
					&a->max_qps);
	rte_kvargs_free(kv);
	if (rc == 0 && a->path == NULL)
		rc = -EINVAL;
	if (rc != 0)
		VCRYPTO_LOG(ERR, "bad devargs '%s' (path=<socket> required; "
			    "queues: 1..%u; queue_size: power of 2, 8..32768; "
			    "timeouts: 1..600000 ms; recover_max: 0..1000; "
			    "ctrl: auto, vring or session; session_layout: "
			    "632 or 1072; max_nb_queue_pairs: "
			    "1..%u)", args != NULL ? args : "",
			    VCRYPTO_MAX_DATAQ, VCRYPTO_MAX_QPS);
	return rc;
}

static int
user_probe(struct rte_vdev_device *vdev)
{
	const char *name = rte_vdev_device_name(vdev);
	struct rte_cryptodev_pmd_init_params params = {
		.private_data_size = sizeof(struct vcrypto_dev),
		.socket_id = (int)rte_socket_id(),
	};
	struct vcrypto_user_args ua;
	struct user_devargs a = { 0 };
	struct rte_cryptodev *cdev;
	struct vcrypto_dev *dev;
	int rc;

	if (rte_eal_process_type() != RTE_PROC_PRIMARY) {
		VCRYPTO_LOG(ERR, "%s: virtio-user devices are primary-process "
			    "only", name);
		return -ENOTSUP;
	}
	rc = parse_devargs(rte_vdev_device_args(vdev), &a);
	if (rc != 0)
		goto out;
	cdev = rte_cryptodev_pmd_create(name, &vdev->device, &params);
	if (cdev == NULL) {
		rc = -ENODEV;
		goto out;
	}
	/* Same driver id as PCI devices: sessions and ops are the same. */
	cdev->driver_id = vcrypto_driver_id;
	cdev->dev_ops = &vcrypto_dev_ops;
	dev = cdev->data->dev_private;
	dev->ctrl_timeout_ms = a.ctrl_ms;
	dev->dp_timeout_ms = a.dp_ms;
	dev->recover_max = a.recover_max;
	dev->no_event_idx = !VCRYPTO_DEF_EVENT_IDX;
	dev->dataq_limit = (uint16_t)a.queues;
	dev->max_qps_arg = a.max_qps;
	/* hw.name names memzones too: "crypto_vcrypto_user0" -> "user0". */
	rc = snprintf(dev->hw.name, sizeof(dev->hw.name), "%s",
		      strncmp(name, "crypto_vcrypto_", 15) == 0 ?
		      name + 15 : name) < (int)sizeof(dev->hw.name) ? 0 :
		-ENAMETOOLONG;
	if (rc != 0)
		VCRYPTO_LOG(ERR, "%s: name too long (at most %zu characters "
			    "after crypto_vcrypto_)", name,
			    sizeof(dev->hw.name) - 1);
	ua.path = a.path;
	ua.queue_size = (uint16_t)a.queue_size;
	ua.ctrl = (enum vcrypto_user_ctrl)a.ctrl;
	ua.queues = (uint16_t)a.queues;
	ua.session_layout = a.layout;
	if (rc == 0)
		rc = vcrypto_user_init(&ua, &dev->hw, params.socket_id);
	if (rc == 0)
		rc = vcrypto_dev_init(dev, params.socket_id);
	if (rc != 0) {
		vcrypto_user_fini(&dev->hw);
		rte_cryptodev_pmd_destroy(cdev);
		goto out;
	}
	vcrypto_ops_set_bursts(cdev);
	cdev->feature_flags = dev->feature_flags;
	rte_cryptodev_pmd_probing_finish(cdev);
	VCRYPTO_LOG(INFO, "%s: probed on %s, %u data queue(s)", name, a.path,
		    dev->nb_dataqs);
out:
	free(a.path);
	return rc;
}

static int
user_remove(struct rte_vdev_device *vdev)
{
	struct rte_cryptodev *cdev;

	cdev = rte_cryptodev_pmd_get_named_dev(rte_vdev_device_name(vdev));
	if (cdev == NULL)
		return -ENODEV;
	if (cdev->data->dev_started)
		rte_cryptodev_stop(cdev->data->dev_id);
	vcrypto_dev_fini(cdev->data->dev_private);
	vcrypto_user_fini(&((struct vcrypto_dev *)
			    cdev->data->dev_private)->hw);
	return rte_cryptodev_pmd_destroy(cdev);
}

static struct rte_vdev_driver vcrypto_user_driver = {
	.probe = user_probe,
	.remove = user_remove,
};

RTE_PMD_REGISTER_VDEV(crypto_vcrypto_user, vcrypto_user_driver);
RTE_PMD_REGISTER_PARAM_STRING(crypto_vcrypto_user,
	ARG_PATH "=<socket> " ARG_QUEUES "=<n> " ARG_QUEUE_SIZE "=<n> "
	ARG_CTRL_TIMEOUT "=<ms> " ARG_DP_TIMEOUT "=<ms> "
	ARG_RECOVER_MAX "=<n> " ARG_CTRL "=auto|vring|session "
	ARG_SESSION_LAYOUT "=632 " ARG_MAX_QPS "=<n>");
