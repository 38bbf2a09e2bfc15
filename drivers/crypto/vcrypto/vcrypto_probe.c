/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * PCI glue: id table, driver registration, devargs, cryptodev create and
 * destroy, primary vs secondary process. Touches everything, once.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rte_devargs.h>
#include <rte_kvargs.h>
#include <bus_pci_driver.h>
#include <cryptodev_pmd.h>

#include "vcrypto_dev.h"
#include "vcrypto_dp.h"
#include "vcrypto_first.h"
#include "vcrypto_log.h"
#include "vcrypto_ops.h"
#include "vcrypto_pci.h"
#include "vcrypto_recover.h"

#define VCRYPTO_DRIVER_NAME crypto_vcrypto
#define ARG_CTRL_TIMEOUT "ctrl_timeout_ms"
#define ARG_DP_TIMEOUT "dp_timeout_ms"
#define ARG_EVENT_IDX "event_idx"
#define ARG_RECOVER_MAX "recover_max"
#define ARG_QUIET_KICK "quiet_kick_us"
#define ARG_MAX_QPS "max_nb_queue_pairs"

uint8_t vcrypto_driver_id;

/* 0x1054: modern virtio-crypto; 0x1014: transitional id (modern caps required). */
static const struct rte_pci_id pci_ids[] = {
	{ RTE_PCI_DEVICE(0x1af4, 0x1054) },
	{ RTE_PCI_DEVICE(0x1af4, 0x1014) },
	{ .vendor_id = 0 },
};

/* A decimal in [min, max] into *out. */
static int
parse_u32(const char *value, unsigned long min, unsigned long max, void *out)
{
	char *end;
	unsigned long v = strtoul(value, &end, 10);

	if (*value == '\0' || *end != '\0' || v < min || v > max)
		return -EINVAL;
	*(uint32_t *)out = (uint32_t)v;
	return 0;
}

/* event_idx=0|1: stored inverted (a zeroed device takes the feature). */
static int
parse_event_idx(const char *key __rte_unused, const char *value, void *out)
{
	if (strcmp(value, "0") != 0 && strcmp(value, "1") != 0)
		return -EINVAL;
	*(bool *)out = value[0] == '0';
	return 0;
}

static int
parse_ms(const char *key __rte_unused, const char *value, void *out)
{
	return parse_u32(value, 1, 600000, out);
}

static int
parse_count(const char *key __rte_unused, const char *value, void *out)
{
	return parse_u32(value, 0, 1000, out);
}

static int
parse_us(const char *key __rte_unused, const char *value, void *out)
{
	return parse_u32(value, 0, 1000000, out);
}

static int
parse_qps(const char *key __rte_unused, const char *value, void *out)
{
	return parse_u32(value, 1, VCRYPTO_MAX_QPS, out);
}

static int
parse_devargs(const struct rte_devargs *da, struct vcrypto_dev *dev)
{
	static const char *const keys[] = { ARG_CTRL_TIMEOUT, ARG_DP_TIMEOUT,
					    ARG_EVENT_IDX, ARG_RECOVER_MAX,
					    ARG_QUIET_KICK, ARG_MAX_QPS, NULL };
	struct rte_kvargs *kv;
	int rc;

	dev->ctrl_timeout_ms = VCRYPTO_DEF_CTRL_TIMEOUT_MS;
	dev->dp_timeout_ms = VCRYPTO_DEF_DP_TIMEOUT_MS;
	dev->recover_max = VCRYPTO_DEF_RECOVER_MAX;
	/*
	 * event_idx=0 by default: QEMU re-arms the avail event after every
	 * request it pops, so with the feature the driver must kick a device
	 * that is busy, and under TCG that kick waits for the device to
	 * drain its ring (doc: Benchmarks). Without it the device's NO_NOTIFY
	 * flag stops kicks while it works.
	 */
	dev->no_event_idx = !VCRYPTO_DEF_EVENT_IDX;
	if (da == NULL || da->args == NULL || da->args[0] == '\0')
		return 0;
	kv = rte_kvargs_parse(da->args, keys);
	if (kv == NULL) {
		VCRYPTO_LOG(ERR, "unknown devargs '%s'", da->args);
		return -EINVAL;
	}
	rc = rte_kvargs_process(kv, ARG_CTRL_TIMEOUT, parse_ms,
				&dev->ctrl_timeout_ms);
	if (rc == 0)
		rc = rte_kvargs_process(kv, ARG_DP_TIMEOUT, parse_ms,
					&dev->dp_timeout_ms);
	if (rc == 0)
		rc = rte_kvargs_process(kv, ARG_EVENT_IDX, parse_event_idx,
					&dev->no_event_idx);
	if (rc == 0)
		rc = rte_kvargs_process(kv, ARG_RECOVER_MAX, parse_count,
					&dev->recover_max);
	if (rc == 0)
		rc = rte_kvargs_process(kv, ARG_QUIET_KICK, parse_us,
					&dev->quiet_kick_us);
	if (rc == 0)
		rc = rte_kvargs_process(kv, ARG_MAX_QPS, parse_qps,
					&dev->max_qps_arg);
	rte_kvargs_free(kv);
	if (rc != 0)
		VCRYPTO_LOG(ERR, "bad devargs '%s' (timeouts: 1..600000 ms; "
			    "event_idx: 0 or 1; recover_max: 0..1000; "
			    "quiet_kick_us: 0..1000000; max_nb_queue_pairs: "
			    "1..%u)", da->args, VCRYPTO_MAX_QPS);
	return rc;
}

static int
vcrypto_pci_probe(struct rte_pci_driver *drv __rte_unused,
		  struct rte_pci_device *pci)
{
	struct rte_cryptodev_pmd_init_params params = {
		.private_data_size = sizeof(struct vcrypto_dev),
		.socket_id = pci->device.numa_node >= 0 ?
			pci->device.numa_node : (int)rte_socket_id(),
	};
	struct rte_cryptodev *cdev;
	struct vcrypto_dev *dev;
	char name[RTE_CRYPTODEV_NAME_MAX_LEN];
	int rc;

	rte_pci_device_name(&pci->addr, name, sizeof(name));
	cdev = rte_cryptodev_pmd_create(name, &pci->device, &params);
	if (cdev == NULL)
		return -ENODEV;
	cdev->driver_id = vcrypto_driver_id;
	cdev->dev_ops = &vcrypto_dev_ops;
	dev = cdev->data->dev_private;
	if (rte_eal_process_type() == RTE_PROC_PRIMARY) {
		rc = snprintf(dev->hw.name, sizeof(dev->hw.name), "%s", name) <
			(int)sizeof(dev->hw.name) ? 0 : -ENAMETOOLONG;
		if (rc == 0)
			rc = parse_devargs(pci->device.devargs, dev);
		/* The transport entry: a new transport is one more. */
		if (rc == 0)
			rc = vcrypto_pci_init(pci, &dev->hw);
		if (rc == 0)
			rc = vcrypto_dev_init(dev, params.socket_id);
		if (rc != 0) {
			vcrypto_pci_fini(&dev->hw);
			rte_cryptodev_pmd_destroy(cdev);
			return rc;
		}
	}
	vcrypto_ops_set_bursts(cdev);
	cdev->feature_flags = dev->feature_flags;
	rte_cryptodev_pmd_probing_finish(cdev);
	VCRYPTO_LOG(INFO, "%s: probed, %u data queue(s)", name, dev->nb_dataqs);
	return 0;
}

static int
vcrypto_pci_remove(struct rte_pci_device *pci)
{
	char name[RTE_CRYPTODEV_NAME_MAX_LEN];
	struct rte_cryptodev *cdev;

	rte_pci_device_name(&pci->addr, name, sizeof(name));
	cdev = rte_cryptodev_pmd_get_named_dev(name);
	if (cdev == NULL)
		return -ENODEV;
	/*
	 * EAL's bus cleanup (rte_eal_cleanup) removes devices the application
	 * never stopped (l2fwd-crypto does not): stop it, or closing it is
	 * refused and the device is never released.
	 */
	if (cdev->data->dev_started)
		rte_cryptodev_stop(cdev->data->dev_id);
	if (rte_eal_process_type() == RTE_PROC_PRIMARY) {
		vcrypto_dev_fini(cdev->data->dev_private);
		vcrypto_pci_fini(&((struct vcrypto_dev *)
				   cdev->data->dev_private)->hw);
	}
	return rte_cryptodev_pmd_destroy(cdev);
}

struct rte_pci_driver vcrypto_pci_driver = {
	.id_table = pci_ids,
	.drv_flags = RTE_PCI_DRV_NEED_MAPPING,
	.probe = vcrypto_pci_probe,
	.remove = vcrypto_pci_remove,
};

static struct cryptodev_driver vcrypto_crypto_drv;

RTE_PMD_REGISTER_PCI(VCRYPTO_DRIVER_NAME, vcrypto_pci_driver);
RTE_PMD_REGISTER_PCI_TABLE(VCRYPTO_DRIVER_NAME, pci_ids);
RTE_PMD_REGISTER_KMOD_DEP(VCRYPTO_DRIVER_NAME, "* vfio-pci | uio_pci_generic");
RTE_PMD_REGISTER_PARAM_STRING(VCRYPTO_DRIVER_NAME,
	ARG_CTRL_TIMEOUT "=<ms> " ARG_DP_TIMEOUT "=<ms> " ARG_EVENT_IDX "=0|1 "
	ARG_RECOVER_MAX "=<n> " ARG_QUIET_KICK "=<us> " ARG_MAX_QPS "=<n>");
RTE_PMD_REGISTER_CRYPTO_DRIVER(vcrypto_crypto_drv, vcrypto_pci_driver.driver,
			       vcrypto_driver_id);
