/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Reader for NIST CAVP .rsp files and the RFC .txt files that
 * cryptography_vectors writes in the same "KEY = value" shape. It knows
 * lines and records only; what a keyword means is the family's table.
 */

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kat.h"

struct rsp_state {
	const char *path;
	const struct kat_field *fields;
	struct kat_set *set;
	struct kat_vec *cur;	/* record being filled, NULL between records */
	unsigned int line;
	char *err;
	size_t len;
};

static char *
trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		end--;
	*end = '\0';
	return s;
}

static int __rte_format_printf(3, 4)
rsp_error(struct rsp_state *st, int rc, const char *fmt, ...)
{
	char what[KAT_ERR_LEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	snprintf(st->err, st->len, "%s:%u: %s", st->path, st->line, what);
	return rc;
}

static const struct kat_field *
field_find(const struct kat_field *fields, const char *key)
{
	for (; fields->key != NULL; fields++)
		if (strcmp(fields->key, key) == 0)
			return fields;
	return NULL;
}

static int
rsp_line(struct rsp_state *st, char *raw)
{
	const struct kat_field *f;
	char *s = trim(raw), *eq, *key, *val;

	/* A blank line or a [SECTION] header closes the record. */
	if (*s == '\0' || *s == '[') {
		st->cur = NULL;
		return 0;
	}
	/* Comments may sit inside a record (the RFC HMAC files do that). */
	if (*s == '#')
		return 0;
	eq = strchr(s, '=');
	if (eq == NULL)
		return rsp_error(st, -EINVAL, "expected KEY = VALUE");
	*eq = '\0';
	key = trim(s);
	val = trim(eq + 1);
	f = field_find(st->fields, key);
	if (f == NULL)
		return rsp_error(st, -EINVAL, "unknown keyword '%s'", key);
	if (st->cur == NULL) {
		st->cur = kat_set_add(st->set, st->line);
		if (st->cur == NULL)
			return rsp_error(st, -ENOMEM, "out of memory");
	}
	if (f->fn(st->cur, val, f->off) < 0)
		return rsp_error(st, -EINVAL, "bad value for %s", key);
	return 0;
}

int
kat_rsp_load(const char *path, const struct kat_field *fields,
		struct kat_set *set, char *err, size_t len)
{
	struct rsp_state st = {
		.path = path, .fields = fields, .set = set,
		.err = err, .len = len,
	};
	size_t cap = 0;
	char *line = NULL;
	int rc = 0;
	FILE *f;

	f = fopen(path, "r");
	if (f == NULL) {
		rc = -errno;
		snprintf(err, len, "%s: %s", path, strerror(errno));
		return rc;
	}
	while (rc == 0 && getline(&line, &cap, f) != -1) {
		st.line++;
		rc = rsp_line(&st, line);
	}
	free(line);
	fclose(f);
	if (rc != 0)
		kat_set_free(set);
	return rc;
}
