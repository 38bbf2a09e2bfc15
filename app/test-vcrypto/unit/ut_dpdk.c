/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * The harness of ut.h and stubs for the few DPDK calls the queue makes, so
 * unit tests need no EAL and no hugepages: memzones and rte_malloc come from
 * the C heap with iova == virtual address, rte_log goes to stderr, timers
 * and sleeps run on a fake clock. Memzone names must be unique, as in the
 * EAL.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_alarm.h>
#include <rte_cycles.h>
#include <rte_debug.h>
#include <rte_log.h>
#include <rte_malloc.h>
#include <rte_memzone.h>

#include "ut.h"

/* Log types the driver's vcrypto_log.c would register. */
int vcrypto_logtype;
int vcrypto_logtype_ctrl;
int vcrypto_logtype_dp;

struct stub_mz {
	struct rte_memzone mz;
	struct stub_mz *next;
};

static struct stub_mz *mz_list;
static unsigned int fail_at;
static int live;
static unsigned int log_count;
static char log_last[512];
static bool log_quiet;
static bool case_failed;
static char case_reason[512];

void
ut_alloc_fail_at(unsigned int n)
{
	fail_at = n;
}

int
ut_allocs_live(void)
{
	return live;
}

unsigned int
ut_log_count(void)
{
	return log_count;
}

const char *
ut_log_last(void)
{
	return log_last;
}

void
ut_log_quiet(bool quiet)
{
	log_quiet = quiet;
}

/* True if this allocation is the one asked to fail. */
static bool
inject_failure(void)
{
	if (fail_at == 0)
		return false;
	return --fail_at == 0;
}

const struct rte_memzone *
rte_memzone_reserve_aligned(const char *name, size_t len, int socket_id,
			    unsigned int flags, unsigned int align)
{
	struct stub_mz *z;
	size_t alen = RTE_ALIGN_CEIL(len == 0 ? 1 : len, align);

	RTE_SET_USED(socket_id);
	RTE_SET_USED(flags);
	if (inject_failure() || strlen(name) >= RTE_MEMZONE_NAMESIZE)
		return NULL;
	for (z = mz_list; z != NULL; z = z->next)
		if (strcmp(z->mz.name, name) == 0)
			return NULL;
	z = calloc(1, sizeof(*z));
	if (z == NULL)
		return NULL;
	z->mz.addr = aligned_alloc(align, alen);
	if (z->mz.addr == NULL) {
		free(z);
		return NULL;
	}
	/* Poison: the queue must zero what it uses. */
	memset(z->mz.addr, 0xa5, alen);
	snprintf(z->mz.name, sizeof(z->mz.name), "%s", name);
	z->mz.iova = (rte_iova_t)(uintptr_t)z->mz.addr;
	z->mz.len = len;
	z->next = mz_list;
	mz_list = z;
	live++;
	return &z->mz;
}

/* Names of the last memzones freed unwiped. */
static char mz_dirty[16][RTE_MEMZONE_NAMESIZE];
static unsigned int mz_freed_dirty;

bool
ut_memzone_freed_dirty(const char *name)
{
	unsigned int i;

	for (i = 0; i < RTE_MIN(mz_freed_dirty, (unsigned int)RTE_DIM(mz_dirty)); i++)
		if (strcmp(mz_dirty[i], name) == 0)
			return true;
	return false;
}

int
rte_memzone_free(const struct rte_memzone *mz)
{
	struct stub_mz **pp;
	struct stub_mz *z;
	size_t i;

	if (mz == NULL)
		return -EINVAL;
	for (pp = &mz_list; *pp != NULL; pp = &(*pp)->next) {
		z = *pp;
		if (&z->mz != mz)
			continue;
		*pp = z->next;
		for (i = 0; i < z->mz.len; i++)
			if (((const uint8_t *)z->mz.addr)[i] != 0) {
				snprintf(mz_dirty[mz_freed_dirty++ %
					 RTE_DIM(mz_dirty)], RTE_MEMZONE_NAMESIZE,
					 "%s", z->mz.name);
				break;
			}
		free(z->mz.addr);
		free(z);
		live--;
		return 0;
	}
	return -EINVAL;
}

const struct rte_memzone *
rte_memzone_reserve(const char *name, size_t len, int socket_id,
		    unsigned int flags)
{
	return rte_memzone_reserve_aligned(name, len, socket_id, flags,
					   RTE_CACHE_LINE_SIZE);
}

const struct rte_memzone *
rte_memzone_lookup(const char *name)
{
	struct stub_mz *z;

	for (z = mz_list; z != NULL; z = z->next)
		if (strcmp(z->mz.name, name) == 0)
			return &z->mz;
	return NULL;
}

void *
rte_zmalloc_socket(const char *type, size_t size, unsigned int align,
		   int socket)
{
	void *p;

	RTE_SET_USED(type);
	RTE_SET_USED(socket);
	if (inject_failure())
		return NULL;
	if (align < sizeof(void *))
		align = sizeof(void *);
	p = aligned_alloc(align, RTE_ALIGN_CEIL(size == 0 ? 1 : size, align));
	if (p == NULL)
		return NULL;
	memset(p, 0, size);
	live++;
	return p;
}

void
rte_free(void *ptr)
{
	if (ptr == NULL)
		return;
	free(ptr);
	live--;
}

int
rte_log(uint32_t level, uint32_t logtype, const char *format, ...)
{
	va_list ap;

	RTE_SET_USED(logtype);
	va_start(ap, format);
	vsnprintf(log_last, sizeof(log_last), format, ap);
	va_end(ap);
	log_count++;
	if (!log_quiet)
		fprintf(stderr, "log(%u): %s", level, log_last);
	return 0;
}

#define CLOCK_T0 UT_CLOCK_HZ	/* 1 s: a zero deadline would hide bugs */

static uint64_t clock_now = CLOCK_T0;
static uint64_t clock_sleeps;
static void (*clock_hook)(void);

uint64_t
ut_clock_cycles(void)
{
	return clock_now;
}

static void
clock_tick(uint64_t cycles)
{
	clock_now += cycles;
	if (clock_hook != NULL)
		clock_hook();
}

void
ut_clock_advance_us(uint64_t us)
{
	clock_tick(us * (UT_CLOCK_HZ / 1000000));
}

void
ut_clock_reset(void)
{
	clock_now = CLOCK_T0;
	clock_sleeps = 0;
	clock_hook = NULL;
}

uint64_t
ut_clock_elapsed_us(void)
{
	return (clock_now - CLOCK_T0) / (UT_CLOCK_HZ / 1000000);
}

void
ut_clock_set_hook(void (*hook)(void))
{
	clock_hook = hook;
}

void
ut_clock_pause(void)
{
	clock_tick(UT_CLOCK_HZ / 100000000);
}

uint64_t
ut_clock_sleeps(void)
{
	return clock_sleeps;
}

void
rte_delay_us_sleep(unsigned int us)
{
	clock_sleeps++;
	ut_clock_advance_us(us);
}

uint64_t
rte_get_tsc_hz(void)
{
	return UT_CLOCK_HZ;
}

void
ut_fail(const char *file, int line, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	if (case_failed)
		return;
	case_failed = true;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(case_reason, sizeof(case_reason), "%s:%d: %s", file, line,
		 msg);
}

bool
ut_failed(void)
{
	return case_failed;
}

/*
 * Two output formats. By default one line per case ("PASS name",
 * "FAIL name: reason") and "N passed, M failed" last, which
 * devtools/test.sh adds up. With UT_TAP set in the environment (meson
 * test sets it: protocol 'tap' in unit/meson.build), TAP: "ok N - name",
 * "not ok N - name" followed by the reason as a "#" line, the plan last,
 * and the summary as a comment.
 */
unsigned int
ut_run(const struct ut_case *cases, unsigned int n, void (*teardown)(void))
{
	const char *tap_env = getenv("UT_TAP");
	bool tap = tap_env != NULL && *tap_env != '\0' && strcmp(tap_env, "0") != 0;
	unsigned int i, failed = 0;
	int before;

	for (i = 0; i < n; i++) {
		case_failed = false;
		before = live;
		fail_at = 0;
		cases[i].fn();
		if (teardown != NULL)
			teardown();
		if (!case_failed && live != before)
			ut_fail(__FILE__, __LINE__, "%d allocations leaked",
				live - before);
		if (case_failed)
			failed++;
		if (tap && case_failed)
			printf("not ok %u - %s\n# %s\n", i + 1, cases[i].name,
			       case_reason);
		else if (tap)
			printf("ok %u - %s\n", i + 1, cases[i].name);
		else if (case_failed)
			printf("FAIL %s: %s\n", cases[i].name, case_reason);
		else
			printf("PASS %s\n", cases[i].name);
		fflush(stdout);
	}
	if (tap)
		printf("1..%u\n# ", n);
	printf("%u passed, %u failed\n", n - failed, failed);
	return failed;
}

/* RTE_ASSERT() (builds with -DRTE_ENABLE_ASSERT): fail loudly. */
void
__rte_panic(const char *funcname, const char *format, ...)
{
	va_list ap;

	fprintf(stderr, "PANIC in %s(): ", funcname);
	va_start(ap, format);
	vfprintf(stderr, format, ap);
	va_end(ap);
	abort();
}

/* EAL alarms: recorded, never fired by themselves (tests run the watch). */
static unsigned int alarms_set;

int
rte_eal_alarm_set(uint64_t us, rte_eal_alarm_callback cb, void *arg)
{
	RTE_SET_USED(us);
	RTE_SET_USED(cb);
	RTE_SET_USED(arg);
	alarms_set++;
	return 0;
}

int
rte_eal_alarm_cancel(rte_eal_alarm_callback cb, void *arg)
{
	RTE_SET_USED(cb);
	RTE_SET_USED(arg);
	return 0;
}

unsigned int
ut_alarms_set(void)
{
	return alarms_set;
}
