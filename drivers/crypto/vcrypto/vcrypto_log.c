/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Registration of the PMD's log types (see vcrypto_log.h).
 */
#include "vcrypto_log.h"

RTE_LOG_REGISTER_DEFAULT(vcrypto_logtype, NOTICE);
RTE_LOG_REGISTER_SUFFIX(vcrypto_logtype_ctrl, ctrl, NOTICE);
RTE_LOG_REGISTER_SUFFIX(vcrypto_logtype_dp, dp, NOTICE);
