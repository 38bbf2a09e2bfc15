/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Minimal unit-test harness (one line per case, "N passed, M failed" last)
 * and the knobs of the DPDK stubs in ut_dpdk.c (memzones and rte_malloc on
 * the C heap with iova == virtual address, rte_log to stderr, a fake timer).
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

/** rte_eal_alarm_set() calls so far (the stub records, never fires). */
unsigned int ut_alarms_set(void);


/** Make the n-th stub allocation from now fail (1 = the next); 0: none. */
void ut_alloc_fail_at(unsigned int n);

/** Whether a memzone of this name was freed lately with a byte not
 *  zero in it (unwiped). */
bool ut_memzone_freed_dirty(const char *name);

/** Stub allocations (memzones + rte_malloc) not yet freed. */
int ut_allocs_live(void);

/** Number of rte_log calls so far, and the text of the last one. */
unsigned int ut_log_count(void);
const char *ut_log_last(void);

/** Do not echo log lines to stderr (they are still counted). */
void ut_log_quiet(bool quiet);

/*
 * Fake timer (ut_clock.h routes rte_get_timer_cycles/hz and rte_pause of
 * the module under test here; rte_delay_us_sleep is stubbed directly).
 * Time moves only when a test or a stubbed wait moves it.
 */

/** Timer frequency of the fake clock: 3 GHz, like a real TSC. */
#define UT_CLOCK_HZ UINT64_C(3000000000)

/** Current fake time in cycles. */
uint64_t ut_clock_cycles(void);

/** Advance the fake clock by us microseconds (runs the hook once). */
void ut_clock_advance_us(uint64_t us);

/** Reset the fake clock to t0 = 1 s, and drop the hook. */
void ut_clock_reset(void);

/** Fake microseconds since the last ut_clock_reset(). */
uint64_t ut_clock_elapsed_us(void);

/** Called after every fake wait (sleep, pause, advance); NULL: none. */
void ut_clock_set_hook(void (*hook)(void));

/** rte_pause() stand-in: a pause costs 10 ns of fake time. */
void ut_clock_pause(void);

/** Number of rte_delay_us_sleep() calls since the last reset. */
uint64_t ut_clock_sleeps(void);

#endif /* UT_H */
