/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * fz_fail() and fz_quiet() for every fuzz target, with libFuzzer or
 * fuzz_main.c.
 */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"
#include "ut.h"

void (*fz_on_fail)(void);

void
fz_fail(const char *file, int line, const char *what)
{
	fprintf(stderr, "FUZZ FINDING %s:%d: %s\n", file, line, what);
	if (fz_on_fail != NULL)
		fz_on_fail();
	fflush(stderr);
	abort();
}

void
fz_quiet(void)
{
	ut_log_quiet(true);
}
