/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Rows from DPDK's crypto-perf vector files (app/test-crypto-perf/data):
 * a global part (plaintext, ciphertext, cipher_key, cipher_iv, auth_key)
 * then "[name]" sections holding a digest, every value a comma-separated
 * list of 0x.. bytes that may run over several lines (the format read by
 * cperf_test_vector_parsing.c). A section "<hash>_hmac_buff_<n>" is the
 * first n bytes of plaintext/ciphertext; its digest is HMAC over the
 * ciphertext, i.e. AES-CBC then HMAC generate.
 */

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kat.h"

#define PERF_SEC_MAX 64
#define PERF_NAME_LEN 64
#define PERF_BUFF "_buff_"

struct perf_file {
	struct kat_vec global;
	struct kat_set secs;	/* one record per section; id indexes name */
	char name[PERF_SEC_MAX][PERF_NAME_LEN];
	struct kat_buf *open;	/* value still taking continuation lines */
	unsigned int line;
	const char *path;
	char *err;
	size_t len;
};

/* A chained row: sections "<prefix><n>" with an HMAC key of @key_len. */
struct perf_chain {
	const char *prefix;
	uint32_t key_len;
};

/* Values here are byte lists, not hex: only key and offset are used. */
static const struct kat_field perf_fields[] = {
	{ "plaintext", NULL, KAT_OFF(pt) },
	{ "ciphertext", NULL, KAT_OFF(ct) },
	{ "cipher_key", NULL, KAT_OFF(key) },
	{ "cipher_iv", NULL, KAT_OFF(iv) },
	{ "auth_key", NULL, KAT_OFF(auth_key) },
	{ "digest", NULL, KAT_OFF(digest) },
	{ NULL, NULL, 0 },
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

static int
perf_error(struct perf_file *pf, const char *what)
{
	snprintf(pf->err, pf->len, "%s:%u: %s", pf->path, pf->line, what);
	return -EINVAL;
}

/* Append "0x12, 0x34, ..." to the open value. */
static int
perf_values(struct perf_file *pf, char *s)
{
	unsigned long byte;
	uint8_t b;
	char *tok, *save = NULL, *end;

	for (tok = strtok_r(s, ",", &save); tok != NULL;
			tok = strtok_r(NULL, ",", &save)) {
		tok = trim(tok);
		if (*tok == '\0')
			continue;
		byte = strtoul(tok, &end, 0);
		if (*end != '\0' || byte > UINT8_MAX)
			return perf_error(pf, "bad byte value");
		b = (uint8_t)byte;
		if (kat_buf_cat(pf->open, &b, 1) < 0)
			return perf_error(pf, "out of memory");
	}
	return 0;
}

static struct kat_vec *
perf_target(struct perf_file *pf)
{
	if (pf->secs.nb == 0)
		return &pf->global;
	return &pf->secs.vec[pf->secs.nb - 1];
}

static int
perf_section(struct perf_file *pf, char *s)
{
	size_t n = strlen(s);
	struct kat_vec *v;

	if (n < 3 || s[n - 1] != ']' || n - 2 >= PERF_NAME_LEN ||
			pf->secs.nb == PERF_SEC_MAX)
		return perf_error(pf, "bad section header");
	v = kat_set_add(&pf->secs, pf->line);
	if (v == NULL)
		return perf_error(pf, "out of memory");
	memcpy(pf->name[v->id], s + 1, n - 2);
	pf->name[v->id][n - 2] = '\0';
	pf->open = NULL;
	return 0;
}

static int
perf_keyword(struct perf_file *pf, char *s, char *eq)
{
	const struct kat_field *f;
	char *key;

	*eq = '\0';
	key = trim(s);
	for (f = perf_fields; f->key != NULL; f++)
		if (strcmp(f->key, key) == 0)
			break;
	if (f->key == NULL)
		return perf_error(pf, "unknown keyword");
	pf->open = (struct kat_buf *)((uint8_t *)perf_target(pf) + f->off);
	kat_buf_free(pf->open);
	if (kat_buf_cat(pf->open, NULL, 0) < 0)
		return perf_error(pf, "out of memory");
	return perf_values(pf, eq + 1);
}

static int
perf_line(struct perf_file *pf, char *raw)
{
	char *s = trim(raw), *eq;

	if (*s == '\0') {
		pf->open = NULL;
		return 0;
	}
	if (*s == '#')
		return 0;
	if (*s == '[')
		return perf_section(pf, s);
	eq = strchr(s, '=');
	if (eq != NULL)
		return perf_keyword(pf, s, eq);
	if (pf->open == NULL)
		return perf_error(pf, "values without a keyword");
	return perf_values(pf, s);
}

static void
perf_free(struct perf_file *pf)
{
	kat_vec_free(&pf->global);
	kat_set_free(&pf->secs);
	free(pf);
}

static int
perf_read(struct perf_file *pf)
{
	size_t cap = 0;
	char *line = NULL;
	int rc = 0;
	FILE *f;

	f = fopen(pf->path, "r");
	if (f == NULL) {
		rc = -errno;
		snprintf(pf->err, pf->len, "%s: %s", pf->path, strerror(errno));
		return rc;
	}
	while (rc == 0 && getline(&line, &cap, f) != -1) {
		pf->line++;
		rc = perf_line(pf, line);
	}
	free(line);
	fclose(f);
	return rc;
}

/* The buffer size a section name ends in ("..._buff_<n>"), or 0. */
static uint32_t
perf_size(const char *name)
{
	const char *p = strstr(name, PERF_BUFF);
	unsigned long n;
	char *end;

	if (p == NULL)
		return 0;
	n = strtoul(p + strlen(PERF_BUFF), &end, 10);
	if (*end != '\0' || n == 0 || n > UINT16_MAX)
		return 0;
	return (uint32_t)n;
}

static int
perf_vec(struct perf_file *pf, struct kat_set *set, uint32_t size,
		const struct kat_vec *sec, const struct perf_chain *chain)
{
	const struct kat_vec *g = &pf->global;
	struct kat_vec *v;

	if (size > g->pt.len || size > g->ct.len)
		return perf_error(pf, "buffer size beyond the plaintext");
	v = kat_set_add(set, sec->line);
	if (v == NULL)
		return perf_error(pf, "out of memory");
	v->id = size;
	if (kat_buf_set(&v->key, g->key.data, g->key.len) < 0 ||
			kat_buf_set(&v->iv, g->iv.data, g->iv.len) < 0 ||
			kat_buf_set(&v->pt, g->pt.data, size) < 0 ||
			kat_buf_set(&v->ct, g->ct.data, size) < 0)
		return perf_error(pf, "out of memory");
	if (chain == NULL)
		return 0;
	if (chain->key_len > g->auth_key.len || !sec->digest.set)
		return perf_error(pf, "auth_key too short or digest missing");
	if (kat_buf_set(&v->auth_key, g->auth_key.data, chain->key_len) < 0 ||
			kat_buf_set(&v->digest, sec->digest.data,
				sec->digest.len) < 0)
		return perf_error(pf, "out of memory");
	return 0;
}

static bool
size_seen(const struct kat_set *set, uint32_t size)
{
	unsigned int i;

	for (i = 0; i < set->nb; i++)
		if (set->vec[i].id == size)
			return true;
	return false;
}

/* One vector per section (chains) or per distinct size (cipher only). */
static int
perf_expand(struct perf_file *pf, const struct perf_chain *chain,
		struct kat_set *set)
{
	const struct kat_vec *sec;
	unsigned int i;
	uint32_t size;
	int rc;

	for (i = 0; i < pf->secs.nb; i++) {
		sec = &pf->secs.vec[i];
		size = perf_size(pf->name[i]);
		if (size == 0)
			continue;
		if (chain != NULL && strncmp(pf->name[i], chain->prefix,
				strlen(chain->prefix)) != 0)
			continue;
		if (chain == NULL && size_seen(set, size))
			continue;
		rc = perf_vec(pf, set, size, sec, chain);
		if (rc != 0)
			return rc;
	}
	if (set->nb == 0)
		return perf_error(pf, "no section for this row");
	return 0;
}

static int
perf_load(const struct kat_row *row, const char *path, struct kat_set *set,
		char *err, size_t len)
{
	const unsigned int need = KAT_NEED_KEY | KAT_NEED_IV | KAT_NEED_PT |
		KAT_NEED_CT;
	struct kat_set global;
	struct perf_file *pf;
	int rc;

	pf = calloc(1, sizeof(*pf));
	if (pf == NULL)
		return -ENOMEM;
	pf->path = path;
	pf->err = err;
	pf->len = len;
	rc = perf_read(pf);
	if (rc == 0) {
		/* The global part is a record like any other. */
		global = (struct kat_set){ .vec = &pf->global, .nb = 1 };
		pf->global.line = 1;
		rc = kat_set_require(&global, need, path, err, len);
	}
	if (rc == 0)
		rc = perf_expand(pf, row->arg, set);
	if (rc != 0)
		kat_set_free(set);
	perf_free(pf);
	return rc;
}

static const struct perf_chain perf_sha[] = {
	{ "sha1_hmac" PERF_BUFF, 64 },
	{ "sha224_hmac" PERF_BUFF, 64 },
	{ "sha256_hmac" PERF_BUFF, 64 },
	{ "sha384_hmac" PERF_BUFF, 128 },
	{ "sha512_hmac" PERF_BUFF, 128 },
};

#define PERF_CIPHER(bits) { \
	.name = "aes-cbc/perf:aes_cbc_" bits "_sha", \
	.kind = KAT_CIPHER, \
	.src = KAT_SRC_PERF, \
	.cipher = RTE_CRYPTO_CIPHER_AES_CBC, \
	.file = "aes_cbc_" bits "_sha.data", \
	.load = perf_load, \
}

/*
 * The files' digests use an HMAC key one hash block long (64 or 128 B of
 * auth_key), checked against the data when these rows were written.
 */
#define PERF_CHAIN(bits, lc, algo, i) { \
	.name = "aes-cbc+" lc "/perf:aes_cbc_" bits "_sha", \
	.kind = KAT_CHAIN, \
	.src = KAT_SRC_PERF, \
	.cipher = RTE_CRYPTO_CIPHER_AES_CBC, \
	.auth = RTE_CRYPTO_AUTH_ ## algo, \
	.file = "aes_cbc_" bits "_sha.data", \
	.load = perf_load, \
	.arg = &perf_sha[i], \
}

#define PERF_CHAINS(bits) \
	PERF_CHAIN(bits, "sha1-hmac", SHA1_HMAC, 0), \
	PERF_CHAIN(bits, "sha224-hmac", SHA224_HMAC, 1), \
	PERF_CHAIN(bits, "sha256-hmac", SHA256_HMAC, 2), \
	PERF_CHAIN(bits, "sha384-hmac", SHA384_HMAC, 3), \
	PERF_CHAIN(bits, "sha512-hmac", SHA512_HMAC, 4)

static const struct kat_row perf_rows[] = {
	PERF_CIPHER("128"),
	PERF_CIPHER("192"),
	PERF_CIPHER("256"),
	PERF_CHAINS("128"),
	PERF_CHAINS("192"),
	PERF_CHAINS("256"),
};

const struct kat_family kat_perf_family = {
	.name = "perf",
	.rows = perf_rows,
	.nb_rows = RTE_DIM(perf_rows),
};
