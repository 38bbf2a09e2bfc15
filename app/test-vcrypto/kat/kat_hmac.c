/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * HMAC auth-only rows. cryptography_vectors ships the RFC 2202 (MD5, SHA-1)
 * and RFC 4231 (SHA-2) test cases in CAVP layout: Len (message bits), Key,
 * Msg, MD, read by kat_hash.c's loader. RIPEMD-160 has no cryptodev
 * algorithm and no row.
 */

#include "kat.h"

static int
hmac_load(const struct kat_row *row, const char *path, struct kat_set *set,
		char *err, size_t len)
{
	RTE_SET_USED(row);
	return kat_msg_load(path, true, set, err, len);
}

#define HMAC_ROW(lc, algo, base) { \
	.name = lc "/" base, \
	.kind = KAT_AUTH, \
	.src = KAT_SRC_VECTORS, \
	.auth = RTE_CRYPTO_AUTH_ ## algo, \
	.file = "HMAC/" base ".txt", \
	.load = hmac_load, \
}

static const struct kat_row hmac_rows[] = {
	HMAC_ROW("md5-hmac", MD5_HMAC, "rfc-2202-md5"),
	HMAC_ROW("sha1-hmac", SHA1_HMAC, "rfc-2202-sha1"),
	HMAC_ROW("sha224-hmac", SHA224_HMAC, "rfc-4231-sha224"),
	HMAC_ROW("sha256-hmac", SHA256_HMAC, "rfc-4231-sha256"),
	HMAC_ROW("sha384-hmac", SHA384_HMAC, "rfc-4231-sha384"),
	HMAC_ROW("sha512-hmac", SHA512_HMAC, "rfc-4231-sha512"),
};

const struct kat_family kat_hmac_family = {
	.name = "hmac",
	.rows = hmac_rows,
	.nb_rows = RTE_DIM(hmac_rows),
};
