/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * DPDK's test runner (app/test/test.c, commands.c) names the entry points
 * of tests it re-executes itself for (multi-process, panic, pdump, timer)
 * and of the PMD perf test's "set_rxtx" commands. The cryptodev suites use
 * none of them and those tests are not built into this binary: if asked
 * for anyway, each fails loudly.
 */
#include <stdio.h>

int test_exit(void);
int test_mp_secondary(void);
int test_panic(void);
int test_pdump(void);
int test_timer_secondary(void);
int test_set_rxtx_conf(char *mode);
int test_set_rxtx_anchor(char *type);
int test_set_rxtx_sc(char *type);

static int
not_built(const char *name)
{
	fprintf(stderr, "dpdk-test-suites: %s is not built in\n", name);
	return -1;
}

int test_exit(void) { return not_built("test_exit"); }
int test_mp_secondary(void) { return not_built("test_mp_secondary"); }
int test_panic(void) { return not_built("test_panic"); }
int test_pdump(void) { return not_built("test_pdump"); }
int test_timer_secondary(void) { return not_built("test_timer_secondary"); }
int test_set_rxtx_conf(char *m) { (void)m; return not_built("set_rxtx"); }
int test_set_rxtx_anchor(char *t) { (void)t; return not_built("set_rxtx_anchor"); }
int test_set_rxtx_sc(char *t) { (void)t; return not_built("set_rxtx_sc"); }
