/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Telemetry commands (dpdk-telemetry.py): the health of each vcrypto
 * device, its advertised limits and its queue pairs' counters.
 *
 *   /vcrypto/list                 cryptodev ids driven by vcrypto
 *   /vcrypto/health,<dev_id>      state, failures, recoveries, streak
 *   /vcrypto/limits,<dev_id>      the device's config space as validated
 *   /vcrypto/queues,<dev_id>      per queue pair: ops and errors, parked
 *
 * Reads the device's state without locks from the telemetry thread, as
 * DPDK's own /cryptodev/stats does: counters may be a burst old. Reads as
 * few fields of struct vcrypto_dev as it can, and writes none.
 */

#include <stdlib.h>

#include <cryptodev_pmd.h>
#include <rte_telemetry.h>

#include "vcrypto_dev.h"
#include "vcrypto_dp.h"

#define VCRYPTO_DRIVER_STR "crypto_vcrypto"

/* The vcrypto device behind "<dev_id>", or NULL. */
static const struct vcrypto_dev *
tel_dev(const char *params, struct rte_cryptodev **cdevp)
{
	struct rte_cryptodev *cdev;
	char *end;
	long id;

	if (params == NULL || *params == '\0')
		return NULL;
	id = strtol(params, &end, 10);
	if (*end != '\0' || id < 0 || id >= RTE_CRYPTO_MAX_DEVS ||
	    !rte_cryptodev_is_valid_dev(id))
		return NULL;
	cdev = rte_cryptodev_pmd_get_dev(id);
	if (cdev == NULL || cdev->data == NULL ||
	    cdev->data->dev_private == NULL ||
	    cdev->driver_id != rte_cryptodev_driver_id_get(VCRYPTO_DRIVER_STR))
		return NULL;
	*cdevp = cdev;
	return cdev->data->dev_private;
}

static int
tel_list(const char *cmd __rte_unused, const char *params __rte_unused,
	 struct rte_tel_data *d)
{
	int drv = rte_cryptodev_driver_id_get(VCRYPTO_DRIVER_STR);
	uint8_t id;

	rte_tel_data_start_array(d, RTE_TEL_INT_VAL);
	for (id = 0; id < RTE_CRYPTO_MAX_DEVS; id++) {
		struct rte_cryptodev *cdev;

		if (!rte_cryptodev_is_valid_dev(id))
			continue;
		cdev = rte_cryptodev_pmd_get_dev(id);
		if (cdev != NULL && cdev->driver_id == drv)
			rte_tel_data_add_array_int(d, id);
	}
	return 0;
}

static const char *
state_name(const struct vcrypto_dev *dev, const struct rte_cryptodev *cdev)
{
	if (vcrypto_dev_is_stuck(dev))
		return "failed, reset incomplete";
	if (dev->gave_up)
		return "failed, not recovering";
	if (vcrypto_dev_is_dead(dev))
		return "failed";
	return cdev->data->dev_started ? "running" : "stopped";
}

static int
tel_health(const char *cmd __rte_unused, const char *params,
	   struct rte_tel_data *d)
{
	struct rte_cryptodev *cdev = NULL;
	const struct vcrypto_dev *dev = tel_dev(params, &cdev);
	uint32_t epoch, generation;

	if (dev == NULL)
		return -EINVAL;
	/* epoch counts failures and recoveries, generation recoveries. */
	generation = dev->generation;
	epoch = dev->epoch;
	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_string(d, "name", cdev->data->name);
	rte_tel_data_add_dict_string(d, "state", state_name(dev, cdev));
	rte_tel_data_add_dict_u64(d, "failures", epoch - generation);
	rte_tel_data_add_dict_u64(d, "recoveries", generation);
	rte_tel_data_add_dict_u64(d, "failures_in_a_row", dev->fail_streak);
	rte_tel_data_add_dict_u64(d, "recover_max", dev->recover_max);
	rte_tel_data_add_dict_u64(d, "ctrl_timeout_ms", dev->ctrl_timeout_ms);
	rte_tel_data_add_dict_u64(d, "dp_timeout_ms", dev->dp_timeout_ms);
	return 0;
}

static int
tel_limits(const char *cmd __rte_unused, const char *params,
	   struct rte_tel_data *d)
{
	struct rte_cryptodev *cdev = NULL;
	const struct vcrypto_dev *dev = tel_dev(params, &cdev);
	const struct vcrypto_config *c;

	if (dev == NULL)
		return -EINVAL;
	c = &dev->cfg;
	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_u64(d, "max_dataqueues", c->max_dataqueues);
	rte_tel_data_add_dict_u64(d, "dataqueues_driven", dev->nb_dataqs);
	rte_tel_data_add_dict_u64(d, "crypto_services", c->services);
	rte_tel_data_add_dict_u64(d, "cipher_algo_l", c->cipher_l);
	rte_tel_data_add_dict_u64(d, "cipher_algo_h", c->cipher_h);
	rte_tel_data_add_dict_u64(d, "hash_algo", c->hash);
	rte_tel_data_add_dict_u64(d, "mac_algo_l", c->mac_l);
	rte_tel_data_add_dict_u64(d, "mac_algo_h", c->mac_h);
	rte_tel_data_add_dict_u64(d, "aead_algo", c->aead);
	rte_tel_data_add_dict_u64(d, "akcipher_algo", c->akcipher);
	rte_tel_data_add_dict_u64(d, "max_cipher_key_len", c->max_cipher_key_len);
	rte_tel_data_add_dict_u64(d, "max_auth_key_len", c->max_auth_key_len);
	rte_tel_data_add_dict_u64(d, "max_size", c->max_size);
	return 0;
}

static int
tel_queues(const char *cmd __rte_unused, const char *params,
	   struct rte_tel_data *d)
{
	struct rte_cryptodev *cdev = NULL;
	const struct vcrypto_dev *dev = tel_dev(params, &cdev);
	uint16_t i, n;

	if (dev == NULL)
		return -EINVAL;
	rte_tel_data_start_dict(d);
	n = RTE_MIN(dev->nb_dataqs, (uint16_t)VCRYPTO_MAX_DATAQ);
	for (i = 0; i < n; i++) {
		const struct vcrypto_qp *qp = dev->qps[i];
		struct rte_tel_data *q;
		char name[16];

		if (qp == NULL)
			continue;
		q = rte_tel_data_alloc();
		if (q == NULL)
			return -ENOMEM;
		rte_tel_data_start_dict(q);
		rte_tel_data_add_dict_u64(q, "enqueued", qp->stats.enqueued_count);
		rte_tel_data_add_dict_u64(q, "dequeued", qp->stats.dequeued_count);
		rte_tel_data_add_dict_u64(q, "enqueue_errors",
					  qp->stats.enqueue_err_count);
		rte_tel_data_add_dict_u64(q, "dequeue_errors",
					  qp->stats.dequeue_err_count);
		rte_tel_data_add_dict_u64(q, "in_use", qp->in_use);
		rte_tel_data_add_dict_u64(q, "parked", qp->parked);
		snprintf(name, sizeof(name), "qp%u", i);
		if (rte_tel_data_add_dict_container(d, name, q, 0) != 0)
			rte_tel_data_free(q);
	}
	return 0;
}

RTE_INIT(vcrypto_telemetry_init)
{
	rte_telemetry_register_cmd("/vcrypto/list", tel_list,
		"Cryptodev ids driven by vcrypto. No parameters");
	rte_telemetry_register_cmd("/vcrypto/health", tel_health,
		"State, failures, recoveries of a vcrypto device. Parameters: int dev_id");
	rte_telemetry_register_cmd("/vcrypto/limits", tel_limits,
		"A vcrypto device's validated config space. Parameters: int dev_id");
	rte_telemetry_register_cmd("/vcrypto/queues", tel_queues,
		"Per queue pair ops, errors and parked state. Parameters: int dev_id");
}
