/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Vector sets and buffers, the generic keyword callbacks and the list of
 * families. Owns no file format: rsp.c and perf_data.c do the reading.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kat.h"

const struct kat_family *const kat_families[] = {
	&kat_aes_family,
	&kat_tdes_family,
	&kat_hash_family,
	&kat_hmac_family,
	&kat_cmac_family,
	&kat_perf_family,
	NULL,
};

struct kat_vec *
kat_set_add(struct kat_set *set, unsigned int line)
{
	struct kat_vec *vec;
	unsigned int cap;

	if (set->nb == set->cap) {
		cap = set->cap != 0 ? set->cap * 2 : 64;
		vec = realloc(set->vec, cap * sizeof(*vec));
		if (vec == NULL)
			return NULL;
		set->vec = vec;
		set->cap = cap;
	}
	vec = &set->vec[set->nb];
	memset(vec, 0, sizeof(*vec));
	vec->id = set->nb;
	vec->line = line;
	set->nb++;
	return vec;
}

void
kat_buf_free(struct kat_buf *b)
{
	free(b->data);
	memset(b, 0, sizeof(*b));
}

void
kat_vec_free(struct kat_vec *v)
{
	kat_buf_free(&v->key);
	kat_buf_free(&v->iv);
	kat_buf_free(&v->pt);
	kat_buf_free(&v->ct);
	kat_buf_free(&v->auth_key);
	kat_buf_free(&v->digest);
}

void
kat_set_free(struct kat_set *set)
{
	unsigned int i;

	for (i = 0; i < set->nb; i++)
		kat_vec_free(&set->vec[i]);
	free(set->vec);
	memset(set, 0, sizeof(*set));
}

int
kat_buf_cat(struct kat_buf *b, const uint8_t *p, uint32_t len)
{
	uint8_t *data;

	/* One spare byte so an empty buffer still owns a valid pointer. */
	data = realloc(b->data, b->len + len + 1);
	if (data == NULL)
		return -ENOMEM;
	if (len != 0)
		memcpy(data + b->len, p, len);
	b->data = data;
	b->len += len;
	b->set = true;
	return 0;
}

int
kat_buf_set(struct kat_buf *b, const uint8_t *p, uint32_t len)
{
	kat_buf_free(b);
	return kat_buf_cat(b, p, len);
}

static int
hex_nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode @hex (even length, no separators) onto the end of @b. */
static int
hex_cat(struct kat_buf *b, const char *hex)
{
	size_t n = strlen(hex), i;
	uint8_t *out;
	int hi, lo;

	if (n % 2 != 0)
		return -EINVAL;
	out = realloc(b->data, b->len + n / 2 + 1);
	if (out == NULL)
		return -ENOMEM;
	b->data = out;
	b->set = true;
	for (i = 0; i < n; i += 2) {
		hi = hex_nibble(hex[i]);
		lo = hex_nibble(hex[i + 1]);
		if (hi < 0 || lo < 0)
			return -EINVAL;
		b->data[b->len++] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

static struct kat_buf *
vec_buf(struct kat_vec *v, size_t off)
{
	return (struct kat_buf *)((uint8_t *)v + off);
}

int
kat_field_hex(struct kat_vec *v, const char *val, size_t off)
{
	struct kat_buf *b = vec_buf(v, off);

	kat_buf_free(b);
	return hex_cat(b, val);
}

int
kat_field_hex_cat(struct kat_vec *v, const char *val, size_t off)
{
	return hex_cat(vec_buf(v, off), val);
}

int
kat_field_u32(struct kat_vec *v, const char *val, size_t off)
{
	unsigned long n;
	char *end;

	errno = 0;
	n = strtoul(val, &end, 10);
	if (errno != 0 || end == val || *end != '\0' || n > UINT32_MAX)
		return -EINVAL;
	*(uint32_t *)((uint8_t *)v + off) = (uint32_t)n;
	return 0;
}

int
kat_field_ignore(struct kat_vec *v, const char *val, size_t off)
{
	RTE_SET_USED(v);
	RTE_SET_USED(val);
	RTE_SET_USED(off);
	return 0;
}

static const char *
missing(const struct kat_vec *v, unsigned int need)
{
	if ((need & KAT_NEED_KEY) && !v->key.set)
		return "key";
	if ((need & KAT_NEED_IV) && !v->iv.set)
		return "IV";
	if ((need & KAT_NEED_PT) && !v->pt.set)
		return "plaintext";
	if ((need & KAT_NEED_CT) && !v->ct.set)
		return "ciphertext";
	if ((need & KAT_NEED_DIGEST) && !v->digest.set)
		return "digest";
	return NULL;
}

int
kat_set_require(const struct kat_set *set, unsigned int need,
		const char *path, char *err, size_t len)
{
	const struct kat_vec *v;
	const char *what;
	unsigned int i;

	for (i = 0; i < set->nb; i++) {
		v = &set->vec[i];
		what = missing(v, need);
		if (what != NULL) {
			snprintf(err, len, "%s:%u: record has no %s",
				path, v->line, what);
			return -EINVAL;
		}
		if ((need & KAT_NEED_PT) && (need & KAT_NEED_CT) &&
				v->pt.len != v->ct.len) {
			snprintf(err, len,
				"%s:%u: plaintext %u B, ciphertext %u B",
				path, v->line, v->pt.len, v->ct.len);
			return -EINVAL;
		}
	}
	if (set->nb == 0) {
		snprintf(err, len, "%s: no records", path);
		return -EINVAL;
	}
	return 0;
}
