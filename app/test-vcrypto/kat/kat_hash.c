/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Plain hash rows (CAVP SHAVS / SHA3VS ShortMsg, RFC 1321 MD5), run as
 * auth-only generate and verify without a key, and the "Len, Msg, MD"
 * loader they share with the HMAC rows of kat_hmac.c.
 */

#include <errno.h>
#include <stdio.h>

#include "kat.h"

static const struct kat_field msg_fields[] = {
	{ "Len", kat_field_u32, KAT_OFF(bits) },
	{ "Key", kat_field_hex, KAT_OFF(key) },
	{ "Msg", kat_field_hex, KAT_OFF(pt) },
	{ "MD", kat_field_hex, KAT_OFF(digest) },
	{ NULL, NULL, 0 },
};

/*
 * Len is the message length in bits. SHAVS writes the empty message as
 * "Len = 0, Msg = 00"; otherwise Len and Msg must agree, or we misread.
 */
static int
msg_check_len(struct kat_set *set, const char *path, char *err, size_t len)
{
	struct kat_vec *v;
	unsigned int i;

	for (i = 0; i < set->nb; i++) {
		v = &set->vec[i];
		if (v->bits == 0)
			v->pt.len = 0;
		if ((uint64_t)v->pt.len * 8 != v->bits) {
			snprintf(err, len, "%s:%u: Len %u but Msg has %u bytes",
				path, v->line, v->bits, v->pt.len);
			return -EINVAL;
		}
	}
	return 0;
}

int
kat_msg_load(const char *path, bool keyed, struct kat_set *set, char *err,
		size_t len)
{
	unsigned int need = KAT_NEED_PT | KAT_NEED_DIGEST;
	int rc;

	if (keyed)
		need |= KAT_NEED_KEY;
	rc = kat_rsp_load(path, msg_fields, set, err, len);
	if (rc == 0)
		rc = kat_set_require(set, need, path, err, len);
	if (rc == 0)
		rc = msg_check_len(set, path, err, len);
	if (rc != 0)
		kat_set_free(set);
	return rc;
}

static int
hash_load(const struct kat_row *row, const char *path, struct kat_set *set,
		char *err, size_t len)
{
	RTE_SET_USED(row);
	return kat_msg_load(path, false, set, err, len);
}

#define HASH_ROW(lc, algo, dir, base, ext) { \
	.name = lc "/" base, \
	.kind = KAT_AUTH, \
	.src = KAT_SRC_VECTORS, \
	.auth = RTE_CRYPTO_AUTH_ ## algo, \
	.file = "hashes/" dir "/" base ext, \
	.load = hash_load, \
}

static const struct kat_row hash_rows[] = {
	HASH_ROW("md5", MD5, "MD5", "rfc-1321", ".txt"),
	HASH_ROW("sha1", SHA1, "SHA1", "SHA1ShortMsg", ".rsp"),
	HASH_ROW("sha224", SHA224, "SHA2", "SHA224ShortMsg", ".rsp"),
	HASH_ROW("sha256", SHA256, "SHA2", "SHA256ShortMsg", ".rsp"),
	HASH_ROW("sha384", SHA384, "SHA2", "SHA384ShortMsg", ".rsp"),
	HASH_ROW("sha512", SHA512, "SHA2", "SHA512ShortMsg", ".rsp"),
	HASH_ROW("sha3-224", SHA3_224, "SHA3", "SHA3_224ShortMsg", ".rsp"),
	HASH_ROW("sha3-256", SHA3_256, "SHA3", "SHA3_256ShortMsg", ".rsp"),
	HASH_ROW("sha3-384", SHA3_384, "SHA3", "SHA3_384ShortMsg", ".rsp"),
	HASH_ROW("sha3-512", SHA3_512, "SHA3", "SHA3_512ShortMsg", ".rsp"),
};

const struct kat_family kat_hash_family = {
	.name = "hash",
	.rows = hash_rows,
	.nb_rows = RTE_DIM(hash_rows),
};
