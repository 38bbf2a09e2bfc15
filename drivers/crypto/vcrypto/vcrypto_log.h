/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Log types of the PMD: pmd.crypto.vcrypto (device, transport, rings),
 * .ctrl (control queue, sessions) and .dp (data path; DEBUG compiled out
 * unless RTE_LOG_DP_LEVEL allows it). One macro per type, taking the level.
 */
#ifndef VCRYPTO_LOG_H
#define VCRYPTO_LOG_H

#include <rte_log.h>

extern int vcrypto_logtype;
extern int vcrypto_logtype_ctrl;
extern int vcrypto_logtype_dp;

#define VCRYPTO_LOG(level, fmt, ...) \
	rte_log(RTE_LOG_ ## level, vcrypto_logtype, \
		"vcrypto: %s(): " fmt "\n", __func__, ##__VA_ARGS__)

#define VCRYPTO_CTRL_LOG(level, fmt, ...) \
	rte_log(RTE_LOG_ ## level, vcrypto_logtype_ctrl, \
		"vcrypto.ctrl: %s(): " fmt "\n", __func__, ##__VA_ARGS__)

#define VCRYPTO_DP_LOG(level, fmt, ...) \
	RTE_LOG_DP(level, VCRYPTO_DP, "%s(): " fmt "\n", __func__, \
		   ##__VA_ARGS__)

/* RTE_LOG_DP pastes RTE_LOGTYPE_ in front of the type name. */
#define RTE_LOGTYPE_VCRYPTO_DP vcrypto_logtype_dp

#endif /* VCRYPTO_LOG_H */
