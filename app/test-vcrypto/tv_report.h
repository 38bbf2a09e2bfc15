/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Case results: one stdout line per case ("PASS name (detail)",
 * "FAIL name: reason", "SKIP name: reason"), the --filter test and the
 * final "N passed, M failed, K skipped" line. Knows nothing of crypto.
 */

#ifndef TV_REPORT_H
#define TV_REPORT_H

#include <stdbool.h>

#include <rte_common.h>

/** Set the case-name filter (NULL: all) and verbosity; call once. */
void tv_report_init(const char *filter, bool verbose);

/** True when case @name passes --filter and should run and print. */
bool tv_want(const char *name);

/** True with --verbose. */
bool tv_verbose(void);

/** Record and print one case result; @fmt may be NULL for no detail. */
void tv_pass(const char *name, const char *fmt, ...) __rte_format_printf(2, 3);
void tv_fail(const char *name, const char *fmt, ...) __rte_format_printf(2, 3);
void tv_skip(const char *name, const char *fmt, ...) __rte_format_printf(2, 3);

/** Print an informational line, never counted ("# ..." prefixed). */
void tv_note(const char *fmt, ...) __rte_format_printf(1, 2);

/** Print the summary line and return the exit status (0 iff no FAIL). */
int tv_report_summary(void);

#endif /* TV_REPORT_H */
