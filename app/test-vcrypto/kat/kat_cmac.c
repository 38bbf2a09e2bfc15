/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * AES-CMAC auth-only rows from the SP 800-38B examples that
 * cryptography_vectors ships (COUNT, KEY, MESSAGE, OUTPUT). The 3DES-CMAC
 * file has no cryptodev algorithm and no row.
 */

#include "kat.h"

static const struct kat_field cmac_fields[] = {
	{ "COUNT", kat_field_u32, KAT_OFF(id) },
	{ "KEY", kat_field_hex, KAT_OFF(key) },
	{ "MESSAGE", kat_field_hex, KAT_OFF(pt) },
	{ "OUTPUT", kat_field_hex, KAT_OFF(digest) },
	{ NULL, NULL, 0 },
};

static int
cmac_load(const struct kat_row *row, const char *path, struct kat_set *set,
		char *err, size_t len)
{
	int rc;

	RTE_SET_USED(row);
	rc = kat_rsp_load(path, cmac_fields, set, err, len);
	if (rc == 0)
		rc = kat_set_require(set, KAT_NEED_KEY | KAT_NEED_PT |
			KAT_NEED_DIGEST, path, err, len);
	if (rc != 0)
		kat_set_free(set);
	return rc;
}

#define CMAC_ROW(bits) { \
	.name = "aes-cmac/nist-800-38b-aes" bits, \
	.kind = KAT_AUTH, \
	.src = KAT_SRC_VECTORS, \
	.auth = RTE_CRYPTO_AUTH_AES_CMAC, \
	.file = "CMAC/nist-800-38b-aes" bits ".txt", \
	.load = cmac_load, \
}

static const struct kat_row cmac_rows[] = {
	CMAC_ROW("128"),
	CMAC_ROW("192"),
	CMAC_ROW("256"),
};

const struct kat_family kat_cmac_family = {
	.name = "cmac",
	.rows = cmac_rows,
	.nb_rows = RTE_DIM(cmac_rows),
};
