/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Minimal unit-test harness (one line per case, "N passed, M failed" last)
 * and the knobs of the DPDK stubs in ut_dpdk.c (memzones and rte_malloc on
 * the C heap with iova == virtual address, rte_log to stderr).
 */
#ifndef UT_H
#define UT_H

#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_common.h>

struct ut_case {
	const char *name;
	void (*fn)(void);
};

/** Record the first failure of the running case (file:line: message). */
void ut_fail(const char *file, int line, const char *fmt, ...)
	__rte_format_printf(3, 4);

/** True once the running case failed. */
bool ut_failed(void);

#define UT_ASSERT(cond) do { \
	if (!(cond)) { \
		ut_fail(__FILE__, __LINE__, "%s", #cond); \
		return; \
	} \
} while (0)

#define UT_ASSERT_EQ(a, b) do { \
	int64_t a_ = (int64_t)(a), b_ = (int64_t)(b); \
	if (a_ != b_) { \
		ut_fail(__FILE__, __LINE__, "%s = %" PRId64 ", expected %" \
			PRId64, #a, a_, b_); \
		return; \
	} \
} while (0)

/**
 * Run the cases in order, calling teardown after each; a case also fails
 * if it leaves stub allocations behind. Prints one line per case and the
 * summary. @return number of failed cases.
 */
unsigned int ut_run(const struct ut_case *cases, unsigned int n,
		    void (*teardown)(void));

/* Stub knobs (ut_dpdk.c). */

/** Make the n-th stub allocation from now fail (1 = the next); 0: none. */
void ut_alloc_fail_at(unsigned int n);

/** Stub allocations (memzones + rte_malloc) not yet freed. */
int ut_allocs_live(void);

/** Number of rte_log calls so far, and the text of the last one. */
unsigned int ut_log_count(void);
const char *ut_log_last(void);

/** Do not echo log lines to stderr (they are still counted). */
void ut_log_quiet(bool quiet);

#endif /* UT_H */
