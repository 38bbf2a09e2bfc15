/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Triple-DES rows from CAVP TDESAVS (CBC and ECB: KAT and MMT files) and
 * single-DES CBC rows taken from the same files where K1 = K2 = K3, which
 * is DES by construction. The interleaved (CBCI) files have no cryptodev
 * mode and no rows; there are no 3DES-CTR vectors.
 */

#include <errno.h>
#include <string.h>

#include "kat.h"

#define DES_KEY_LEN 8

struct tdes_mode {
	unsigned int need;
	bool single_des;
};

/* KAT files give one key "KEYs" used as K1 = K2 = K3. */
static int
tdes_keys(struct kat_vec *v, const char *val, size_t off)
{
	int rc, i;

	RTE_SET_USED(off);
	kat_buf_free(&v->key);
	for (i = 0; i < 3; i++) {
		rc = kat_field_hex_cat(v, val, KAT_OFF(key));
		if (rc < 0)
			return rc;
	}
	return 0;
}

static const struct kat_field tdes_fields[] = {
	{ "COUNT", kat_field_u32, KAT_OFF(id) },
	{ "KEYs", tdes_keys, 0 },
	{ "KEY1", kat_field_hex, KAT_OFF(key) },
	{ "KEY2", kat_field_hex_cat, KAT_OFF(key) },
	{ "KEY3", kat_field_hex_cat, KAT_OFF(key) },
	{ "IV", kat_field_hex, KAT_OFF(iv) },
	{ "PLAINTEXT", kat_field_hex, KAT_OFF(pt) },
	{ "CIPHERTEXT", kat_field_hex, KAT_OFF(ct) },
	{ NULL, NULL, 0 },
};

static const struct tdes_mode tdes_cbc = {
	.need = KAT_NEED_KEY | KAT_NEED_IV | KAT_NEED_PT | KAT_NEED_CT,
};

static const struct tdes_mode tdes_ecb = {
	.need = KAT_NEED_KEY | KAT_NEED_PT | KAT_NEED_CT,
};

static const struct tdes_mode des_cbc = {
	.need = KAT_NEED_KEY | KAT_NEED_IV | KAT_NEED_PT | KAT_NEED_CT,
	.single_des = true,
};

static bool
one_key(const struct kat_buf *key)
{
	const uint8_t *k = key->data;

	return key->len == 3 * DES_KEY_LEN &&
		memcmp(k, k + DES_KEY_LEN, DES_KEY_LEN) == 0 &&
		memcmp(k, k + 2 * DES_KEY_LEN, DES_KEY_LEN) == 0;
}

/* Keep only the first key where all three are one; skip the rest. */
static void
des_reduce(struct kat_set *set)
{
	struct kat_vec *v;
	unsigned int i;

	for (i = 0; i < set->nb; i++) {
		v = &set->vec[i];
		if (one_key(&v->key))
			v->key.len = DES_KEY_LEN;
		else
			v->skip = "K1, K2, K3 differ: not a single-DES vector";
	}
}

static int
tdes_load(const struct kat_row *row, const char *path, struct kat_set *set,
		char *err, size_t len)
{
	const struct tdes_mode *mode = row->arg;
	int rc;

	rc = kat_rsp_load(path, tdes_fields, set, err, len);
	if (rc == 0)
		rc = kat_set_require(set, mode->need, path, err, len);
	if (rc != 0) {
		kat_set_free(set);
		return rc;
	}
	if (mode->single_des)
		des_reduce(set);
	return 0;
}

#define TDES_ROW(lc, algo, MODE, mode, test) { \
	.name = lc "/T" MODE test, \
	.kind = KAT_CIPHER, \
	.src = KAT_SRC_VECTORS, \
	.cipher = RTE_CRYPTO_CIPHER_ ## algo, \
	.file = "ciphers/3DES/" MODE "/T" MODE test ".rsp", \
	.load = tdes_load, \
	.arg = &mode, \
}

/* The TDESAVS known-answer tests plus MMT keying option 1 (K1=K2=K3). */
#define TDES_KAT(lc, algo, MODE, mode) \
	TDES_ROW(lc, algo, MODE, mode, "invperm"), \
	TDES_ROW(lc, algo, MODE, mode, "permop"), \
	TDES_ROW(lc, algo, MODE, mode, "subtab"), \
	TDES_ROW(lc, algo, MODE, mode, "varkey"), \
	TDES_ROW(lc, algo, MODE, mode, "vartext"), \
	TDES_ROW(lc, algo, MODE, mode, "MMT1")

static const struct kat_row tdes_rows[] = {
	TDES_KAT("3des-cbc", 3DES_CBC, "CBC", tdes_cbc),
	TDES_ROW("3des-cbc", 3DES_CBC, "CBC", tdes_cbc, "MMT2"),
	TDES_ROW("3des-cbc", 3DES_CBC, "CBC", tdes_cbc, "MMT3"),
	TDES_KAT("3des-ecb", 3DES_ECB, "ECB", tdes_ecb),
	TDES_ROW("3des-ecb", 3DES_ECB, "ECB", tdes_ecb, "MMT2"),
	TDES_ROW("3des-ecb", 3DES_ECB, "ECB", tdes_ecb, "MMT3"),
	TDES_KAT("des-cbc", DES_CBC, "CBC", des_cbc),
};

const struct kat_family kat_tdes_family = {
	.name = "tdes",
	.rows = tdes_rows,
	.nb_rows = RTE_DIM(tdes_rows),
};
