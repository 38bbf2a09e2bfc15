/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * The rte_cryptodev_ops table of the PMD.
 */
#ifndef VCRYPTO_OPS_H
#define VCRYPTO_OPS_H

#include <cryptodev_pmd.h>

extern struct rte_cryptodev_ops vcrypto_dev_ops;

#endif /* VCRYPTO_OPS_H */
