/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Case accounting and the output format the test log is read by.
 * Everything goes to stdout, flushed per line, so EAL log lines cannot
 * land in the middle of a result.
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tv_report.h"

static struct {
	const char *filter;
	bool verbose;
	unsigned int passed;
	unsigned int failed;
	unsigned int skipped;
} report;

void
tv_report_init(const char *filter, bool verbose)
{
	report.filter = filter;
	report.verbose = verbose;
}

bool
tv_want(const char *name)
{
	return report.filter == NULL || strstr(name, report.filter) != NULL;
}

bool
tv_verbose(void)
{
	return report.verbose;
}

/*
 * With UT_TAP set in the environment (meson test, protocol 'tap'), TAP:
 * "ok N - name", "not ok N - name", "ok N - name # SKIP", the detail or
 * reason on a "#" line, the plan and the summary (as a comment) last.
 */
static bool
tap(void)
{
	const char *v = getenv("UT_TAP");

	return v != NULL && *v != '\0' && strcmp(v, "0") != 0;
}

static void
emit(const char *tag, const char *name, const char *open, const char *close,
		const char *fmt, va_list ap)
{
	if (tap()) {
		unsigned int n = report.passed + report.failed + report.skipped;

		printf("%s %u - %s%s\n", strcmp(tag, "FAIL") == 0 ? "not ok" :
		       "ok", n, name, strcmp(tag, "SKIP") == 0 ? " # SKIP" : "");
		if (fmt != NULL) {
			fputs("# ", stdout);
			vprintf(fmt, ap);
			putchar('\n');
		}
		fflush(stdout);
		return;
	}
	printf("%s %s", tag, name);
	if (fmt != NULL) {
		fputs(open, stdout);
		vprintf(fmt, ap);
		fputs(close, stdout);
	}
	putchar('\n');
	fflush(stdout);
}

void
tv_pass(const char *name, const char *fmt, ...)
{
	va_list ap;

	report.passed++;
	va_start(ap, fmt);
	emit("PASS", name, " (", ")", fmt, ap);
	va_end(ap);
}

void
tv_fail(const char *name, const char *fmt, ...)
{
	va_list ap;

	report.failed++;
	va_start(ap, fmt);
	emit("FAIL", name, ": ", "", fmt, ap);
	va_end(ap);
}

void
tv_skip(const char *name, const char *fmt, ...)
{
	va_list ap;

	report.skipped++;
	va_start(ap, fmt);
	emit("SKIP", name, ": ", "", fmt, ap);
	va_end(ap);
}

void
tv_note(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

int
tv_report_summary(void)
{
	if (tap())
		printf("1..%u\n# ", report.passed + report.failed +
		       report.skipped);
	printf("%u passed, %u failed, %u skipped\n",
		report.passed, report.failed, report.skipped);
	fflush(stdout);
	return report.failed == 0 ? 0 : 1;
}
