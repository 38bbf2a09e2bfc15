/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * The rte_cryptodev_ops table of the PMD.
 */
#ifndef VCRYPTO_OPS_H
#define VCRYPTO_OPS_H

#include <cryptodev_pmd.h>

extern struct rte_cryptodev_ops vcrypto_dev_ops;

/**
 * Point cdev's bursts at the data path its queue pairs need: the plain
 * one, or the shared one (vcrypto_dp_share.h). Caller: probe, after the
 * device is brought up (primary) or attached (secondary).
 */
void vcrypto_ops_set_bursts(struct rte_cryptodev *cdev);

#endif /* VCRYPTO_OPS_H */
