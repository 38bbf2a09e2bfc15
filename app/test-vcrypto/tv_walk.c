/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Rows to cases: one case per file x direction x placement, the vectors
 * counted inside it. A vector outside the advertised key, IV or digest
 * sizes is skipped with the reason; a capability no row covers fails,
 * closing the hole where a suite skips what it has no data for.
 */

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_errno.h>

#include "kat/kat.h"
#include "tv_caps.h"
#include "tv_report.h"
#include "tv_sym.h"
#include "tv_walk.h"

#define TV_NAME_LEN 160
#define TV_MSG_LEN 192

struct variant {
	const char *tag;
	enum tv_dir dir;
	enum tv_place place;
};

static const struct variant cipher_variants[] = {
	{ "enc/inplace", TV_ENC, TV_INPLACE },
	{ "enc/oop", TV_ENC, TV_OOP },
	{ "dec/inplace", TV_DEC, TV_INPLACE },
	{ "dec/oop", TV_DEC, TV_OOP },
};

static const struct variant auth_variants[] = {
	{ "gen", TV_ENC, TV_INPLACE },
	{ "verify", TV_DEC, TV_INPLACE },
};

/* Vectors of one case, counted. */
struct tally {
	unsigned int run;
	unsigned int skipped;
	unsigned int failed;
	bool aborted;
	char skip[TV_MSG_LEN];
	char fail[TV_MSG_LEN + 64];
};

static bool
range_fits(const struct rte_crypto_param_range *r, uint32_t v,
		const char *what, char *why, size_t len)
{
	char s[32];

	if (tv_range_ok(r, v))
		return true;
	tv_range_str(s, sizeof(s), r);
	snprintf(why, len, "%s %u B not advertised (%s)", what, v, s);
	return false;
}

static bool
vec_fits(const struct tv_dev *d, const struct kat_row *row,
		const struct kat_vec *v, char *why, size_t len)
{
	const struct rte_cryptodev_symmetric_capability *c;
	const struct kat_buf *akey;

	if (v->skip != NULL) {
		snprintf(why, len, "%s", v->skip);
		return false;
	}
	if (row->kind != KAT_AUTH) {
		c = tv_caps_cipher(d->id, row->cipher);
		if (!range_fits(&c->cipher.key_size, v->key.len, "key",
					why, len) ||
				!range_fits(&c->cipher.iv_size, v->iv.len, "IV",
					why, len))
			return false;
	}
	if (row->kind != KAT_CIPHER) {
		c = tv_caps_auth(d->id, row->auth);
		akey = row->kind == KAT_AUTH ? &v->key : &v->auth_key;
		if (!range_fits(&c->auth.key_size, akey->len, "auth key",
					why, len) ||
				!range_fits(&c->auth.digest_size, v->digest.len,
					"digest", why, len))
			return false;
	}
	return true;
}

/* One vector; auth and chain verifies also check a corrupted digest. */
static enum tv_verdict
vec_run(struct tv_dev *d, struct tv_sess_cache *cache, struct tv_job *job,
		char *msg, size_t len)
{
	enum tv_verdict v;

	v = tv_sym_run(d, cache, job, msg, len);
	if (v != TV_VEC_PASS || job->row->kind == KAT_CIPHER ||
			job->dir != TV_DEC || job->vec->digest.len == 0)
		return v;
	job->bad_digest = true;
	v = tv_sym_run(d, cache, job, msg, len);
	job->bad_digest = false;
	return v;
}

static void
tally_add(struct tally *t, const struct kat_vec *v, enum tv_verdict verdict,
		const char *msg)
{
	t->run++;
	if (verdict == TV_VEC_PASS)
		return;
	/* Report the first wrong answer, or what stopped the case. */
	if (t->failed++ == 0 || verdict == TV_VEC_ABORT)
		snprintf(t->fail, sizeof(t->fail), "vector %u (line %u): %s",
			v->id, v->line, msg);
	t->aborted = verdict == TV_VEC_ABORT;
}

static void
tally_report(const struct tally *t, const char *name)
{
	if (t->aborted)
		tv_fail(name, "%s; case stopped after %u vectors, %u failed",
			t->fail, t->run, t->failed);
	else if (t->failed != 0)
		tv_fail(name, "%u of %u vectors failed; first %s",
			t->failed, t->run, t->fail);
	else if (t->run == 0)
		tv_skip(name, "%s (all %u vectors)", t->skip, t->skipped);
	else if (t->skipped != 0)
		tv_pass(name, "%u vectors, %u skipped: %s", t->run, t->skipped,
			t->skip);
	else
		tv_pass(name, "%u vectors", t->run);
}

static void
case_run(struct tv_dev *d, const struct kat_row *row,
		const struct kat_set *set, const struct variant *var,
		const char *name)
{
	struct tv_sess_cache cache = { .sess = NULL };
	struct tv_job job = {
		.row = row, .dir = var->dir, .place = var->place,
	};
	struct tally t = { .run = 0 };
	char msg[TV_MSG_LEN], why[TV_MSG_LEN];
	enum tv_verdict v;
	unsigned int i;

	for (i = 0; i < set->nb && !t.aborted; i++) {
		if (!vec_fits(d, row, &set->vec[i], why, sizeof(why))) {
			if (t.skipped++ == 0)
				snprintf(t.skip, sizeof(t.skip), "%s", why);
			continue;
		}
		job.vec = &set->vec[i];
		v = vec_run(d, &cache, &job, msg, sizeof(msg));
		tally_add(&t, &set->vec[i], v, msg);
	}
	tv_sess_cache_flush(d, &cache, false);
	tally_report(&t, name);
}

static void
variants_of(const struct kat_row *row, const struct variant **vars,
		unsigned int *nb)
{
	if (row->kind == KAT_AUTH) {
		*vars = auth_variants;
		*nb = RTE_DIM(auth_variants);
	} else {
		*vars = cipher_variants;
		*nb = RTE_DIM(cipher_variants);
	}
}

static bool
row_wanted(const struct kat_row *row)
{
	char name[TV_NAME_LEN];
	const struct variant *vars;
	unsigned int nb, i;

	variants_of(row, &vars, &nb);
	for (i = 0; i < nb; i++) {
		snprintf(name, sizeof(name), "%s/%s", row->name, vars[i].tag);
		if (tv_want(name))
			return true;
	}
	return false;
}

static void
row_cases(struct tv_dev *d, const struct kat_row *row,
		const struct kat_set *set)
{
	bool oop = d->info.feature_flags & RTE_CRYPTODEV_FF_OOP_LB_IN_LB_OUT;
	char name[TV_NAME_LEN];
	const struct variant *vars;
	unsigned int nb, i;

	variants_of(row, &vars, &nb);
	for (i = 0; i < nb; i++) {
		snprintf(name, sizeof(name), "%s/%s", row->name, vars[i].tag);
		if (!tv_want(name))
			continue;
		if (vars[i].place == TV_OOP && !oop)
			tv_skip(name, "device lacks OOP_LB_IN_LB_OUT");
		else
			case_run(d, row, set, &vars[i], name);
	}
}

/* Returns true when the row ran (or failed for its file), or was filtered. */
static bool
row_run(struct tv_dev *d, const struct tv_paths *paths,
		const struct kat_row *row)
{
	const char *dir = row->src == KAT_SRC_PERF ?
		paths->perf : paths->vectors;
	char path[PATH_MAX], err[KAT_ERR_LEN];
	struct kat_set set = { .nb = 0 };
	int rc;

	if (dir == NULL)
		return false;
	snprintf(path, sizeof(path), "%s/%s", dir, row->file);
	if (!row_wanted(row))
		return access(path, R_OK) == 0;
	rc = row->load(row, path, &set, err, sizeof(err));
	/* The checksummed vector set is the test: a file missing fails. */
	if (rc == -ENOENT) {
		tv_fail(row->name, "vector file %s not found", path);
		return true;
	}
	if (rc < 0) {
		tv_fail(row->name, "%s", err);
		return true;
	}
	row_cases(d, row, &set);
	kat_set_free(&set);
	return true;
}

static bool
row_matches(const struct kat_row *row,
		const struct rte_cryptodev_symmetric_capability *s)
{
	if (s->xform_type == RTE_CRYPTO_SYM_XFORM_CIPHER)
		return row->kind == KAT_CIPHER && row->cipher == s->cipher.algo;
	if (s->xform_type == RTE_CRYPTO_SYM_XFORM_AUTH)
		return row->kind == KAT_AUTH && row->auth == s->auth.algo;
	return false;
}

static void
no_vectors(const char *type, const char *algo)
{
	char name[TV_NAME_LEN];

	snprintf(name, sizeof(name), "caps/%s/%s", type, algo);
	if (tv_want(name))
		tv_fail(name, "no vectors for %s %s", type, algo);
}

/*
 * Can the device run this MAC on its own? virtio-crypto devices here have
 * no MAC-only requests: a driver that offers the MAC only chained with a
 * cipher says ENOTSUP to an auth-only session and advertises chaining.
 */
static bool
auth_only(struct tv_dev *d, const struct rte_cryptodev_symmetric_capability *s)
{
	static uint8_t key[TV_KEY_MAX];
	struct rte_crypto_sym_xform x = {
		.type = RTE_CRYPTO_SYM_XFORM_AUTH,
		.auth = {
			.op = RTE_CRYPTO_AUTH_OP_GENERATE,
			.algo = s->auth.algo,
			.key = { .data = key, .length = s->auth.key_size.min },
			.digest_length = s->auth.digest_size.max,
		},
	};
	void *sess;

	sess = rte_cryptodev_sym_session_create(d->id, &x, d->sess_pool);
	if (sess != NULL) {
		rte_cryptodev_sym_session_free(d->id, sess);
		return true;
	}
	return !(rte_errno == ENOTSUP && (d->info.feature_flags &
			RTE_CRYPTODEV_FF_SYM_OPERATION_CHAINING));
}

/* One chained vector: MAC over the MAC vector's message, cipher after it. */
static int
compose(struct kat_vec *c, const struct kat_vec *mac, const struct kat_vec *aes)
{
	int rc;

	memset(c, 0, sizeof(*c));
	c->id = mac->id;
	c->line = mac->line;
	c->skip = mac->skip != NULL ? mac->skip : aes->skip;
	if (mac->pt.len == 0)
		c->skip = "empty MAC message: no range to chain";
	c->cipher_off = mac->pt.len;
	c->auth_len = mac->pt.len;
	rc = kat_buf_set(&c->key, aes->key.data, aes->key.len);
	rc |= kat_buf_set(&c->iv, aes->iv.data, aes->iv.len);
	rc |= kat_buf_set(&c->auth_key, mac->key.data, mac->key.len);
	rc |= kat_buf_set(&c->digest, mac->digest.data, mac->digest.len);
	rc |= kat_buf_set(&c->pt, mac->pt.data, mac->pt.len);
	rc |= kat_buf_cat(&c->pt, aes->pt.data, aes->pt.len);
	rc |= kat_buf_set(&c->ct, mac->pt.data, mac->pt.len);
	rc |= kat_buf_cat(&c->ct, aes->ct.data, aes->ct.len);
	return rc;
}

static int
aes_for_chain(struct tv_dev *d, const struct tv_paths *paths,
		struct kat_set *aes, char *err, size_t len)
{
	static const unsigned int bits[] = { 128, 192, 256 };
	const struct rte_cryptodev_symmetric_capability *cbc;
	unsigned int i;

	cbc = tv_caps_cipher(d->id, RTE_CRYPTO_CIPHER_AES_CBC);
	for (i = 0; cbc != NULL && i < RTE_DIM(bits); i++)
		if (tv_range_ok(&cbc->cipher.key_size, bits[i] / 8))
			return kat_aes_cbc_mmt_load(paths->vectors, bits[i], aes,
				err, len);
	snprintf(err, len, "no AES-CBC key size to chain the MAC with");
	return -ENOTSUP;
}

/*
 * A chain-only MAC proven by known answers: each MAC vector's message,
 * followed by an AES-CBC MMT vector's plaintext, in one chained op; the
 * MAC covers the message, the cipher the rest. Both expected results come
 * straight from the files (RFC 2202/4231 HMAC, CAVP CMAC, CAVP AES).
 */
static bool
mac_chained(struct tv_dev *d, const struct tv_paths *paths,
		const struct kat_row *row)
{
	struct kat_set mac = { .nb = 0 }, aes = { .nb = 0 }, set = { .nb = 0 };
	struct kat_row crow = *row;
	/* Room for the "/tag" row_cases() appends. */
	char path[PATH_MAX], err[KAT_ERR_LEN], name[TV_NAME_LEN - 16];
	unsigned int i;
	int rc;

	snprintf(name, sizeof(name), "%s+aes-cbc", row->name);
	snprintf(path, sizeof(path), "%s/%s", row->src == KAT_SRC_PERF ?
		paths->perf : paths->vectors, row->file);
	if (row->load(row, path, &mac, err, sizeof(err)) < 0)
		return false;
	rc = aes_for_chain(d, paths, &aes, err, sizeof(err));
	if (rc == 0 && aes.nb == 0)
		rc = -ENOENT;
	set.vec = rc == 0 ? calloc(mac.nb, sizeof(*set.vec)) : NULL;
	for (i = 0; set.vec != NULL && i < mac.nb && rc == 0; i++, set.nb++)
		rc = compose(&set.vec[i], &mac.vec[i], &aes.vec[i % aes.nb]);
	if (rc != 0 || set.vec == NULL) {
		tv_fail(name, "cannot compose chained vectors: %s",
			rc != 0 ? err : "no memory");
	} else {
		crow.kind = KAT_CHAIN;
		crow.cipher = RTE_CRYPTO_CIPHER_AES_CBC;
		crow.name = name;
		row_cases(d, &crow, &set);
	}
	kat_set_free(&set);
	kat_set_free(&aes);
	kat_set_free(&mac);
	return true;
}

static void
walk_sym(struct tv_dev *d, const struct tv_paths *paths,
		const struct rte_cryptodev_symmetric_capability *s)
{
	const struct kat_family *const *f;
	const struct kat_row *row;
	unsigned int i, nb = 0;
	bool chained = s->xform_type == RTE_CRYPTO_SYM_XFORM_AUTH &&
		!auth_only(d, s);

	if (chained)
		tv_note("%s: MAC offered only chained with a cipher: its "
			"vectors run composed with AES-CBC vectors",
			tv_auth_name(s->auth.algo));
	for (f = kat_families; *f != NULL; f++)
		for (i = 0; i < (*f)->nb_rows; i++) {
			row = &(*f)->rows[i];
			if (!row_matches(row, s))
				continue;
			if (chained ? mac_chained(d, paths, row) :
					row_run(d, paths, row))
				nb++;
		}
	if (nb != 0)
		return;
	if (s->xform_type == RTE_CRYPTO_SYM_XFORM_CIPHER)
		no_vectors("cipher", tv_cipher_name(s->cipher.algo));
	else if (s->xform_type == RTE_CRYPTO_SYM_XFORM_AUTH)
		no_vectors("auth", tv_auth_name(s->auth.algo));
	else if (s->xform_type == RTE_CRYPTO_SYM_XFORM_AEAD)
		no_vectors("aead", tv_aead_name(s->aead.algo));
	else
		no_vectors("sym", "unknown");
}

static void
walk_chain(struct tv_dev *d, const struct tv_paths *paths,
		const struct kat_row *row)
{
	const char *missing = NULL;

	/* Without --perf-data one "SKIP perf-data" line says it all. */
	if (paths->perf == NULL)
		return;
	if (tv_caps_cipher(d->id, row->cipher) == NULL)
		missing = tv_cipher_name(row->cipher);
	else if (tv_caps_auth(d->id, row->auth) == NULL)
		missing = tv_auth_name(row->auth);
	if (missing != NULL) {
		if (tv_want(row->name))
			tv_skip(row->name, "%s not advertised", missing);
		return;
	}
	row_run(d, paths, row);
}

static void
walk_chains(struct tv_dev *d, const struct tv_paths *paths)
{
	const struct kat_family *const *f;
	unsigned int i;

	for (f = kat_families; *f != NULL; f++)
		for (i = 0; i < (*f)->nb_rows; i++)
			if ((*f)->rows[i].kind == KAT_CHAIN)
				walk_chain(d, paths, &(*f)->rows[i]);
}

/* Some drivers list an algorithm twice; test it once. */
static bool
cap_seen(const struct rte_cryptodev_capabilities *first,
		const struct rte_cryptodev_capabilities *c)
{
	const struct rte_cryptodev_capabilities *p;

	for (p = first; p != c; p++) {
		if (p->op != c->op)
			continue;
		if (c->op == RTE_CRYPTO_OP_TYPE_ASYMMETRIC &&
				p->asym.xform_capa.xform_type ==
				c->asym.xform_capa.xform_type)
			return true;
		if (c->op == RTE_CRYPTO_OP_TYPE_SYMMETRIC &&
				p->sym.xform_type == c->sym.xform_type &&
				p->sym.cipher.algo == c->sym.cipher.algo)
			return true;
	}
	return false;
}

void
tv_walk_run(struct tv_dev *d, const struct tv_paths *paths)
{
	const struct rte_cryptodev_capabilities *first = d->info.capabilities;
	const struct rte_cryptodev_capabilities *c;

	for (c = first; c != NULL && c->op != RTE_CRYPTO_OP_TYPE_UNDEFINED;
			c++) {
		if (cap_seen(first, c))
			continue;
		if (c->op == RTE_CRYPTO_OP_TYPE_SYMMETRIC)
			walk_sym(d, paths, &c->sym);
		else if (c->op == RTE_CRYPTO_OP_TYPE_ASYMMETRIC &&
				c->asym.xform_capa.xform_type ==
				RTE_CRYPTO_ASYM_XFORM_RSA)
			/* Its KATs need OpenSSL: a program of their own. */
			tv_skip("caps/asym/rsa", "covered by "
				"dpdk-test-vcrypto-asym (CAVP SigGen/SigVer, "
				"OpenSSL cross-checks)");
		else if (c->op == RTE_CRYPTO_OP_TYPE_ASYMMETRIC)
			no_vectors("asym",
				tv_asym_name(c->asym.xform_capa.xform_type));
	}
	walk_chains(d, paths);
}

