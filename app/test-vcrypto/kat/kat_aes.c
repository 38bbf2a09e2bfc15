/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * AES cipher rows: CAVP AESAVS CBC and ECB (GFSbox, KeySbox, VarKey,
 * VarTxt, MMT at 128/192/256 bits), RFC 3686 CTR and CAVP XTSGen in both
 * tweak styles. Keyword tables and loaders only.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kat.h"

#define XTS_TWEAK_LEN 16

struct aes_mode {
	const struct kat_field *fields;
	unsigned int need;
	bool xts;
};

static const struct kat_field aes_fields[] = {
	{ "COUNT", kat_field_u32, KAT_OFF(id) },
	{ "KEY", kat_field_hex, KAT_OFF(key) },
	{ "IV", kat_field_hex, KAT_OFF(iv) },
	{ "PLAINTEXT", kat_field_hex, KAT_OFF(pt) },
	{ "CIPHERTEXT", kat_field_hex, KAT_OFF(ct) },
	{ NULL, NULL, 0 },
};

/*
 * XTSGen "tweak-dataunitseqno" gives the data unit sequence number in
 * decimal; IEEE 1619 turns it into the 16-byte tweak little-endian, which
 * is what a cryptodev takes as the AES-XTS IV.
 */
static int
xts_seqno(struct kat_vec *v, const char *val, size_t off)
{
	uint8_t tweak[XTS_TWEAK_LEN] = { 0 };
	unsigned long long n;
	unsigned int i;
	char *end;

	RTE_SET_USED(off);
	errno = 0;
	n = strtoull(val, &end, 10);
	if (errno != 0 || end == val || *end != '\0')
		return -EINVAL;
	for (i = 0; i < sizeof(n); i++)
		tweak[i] = (uint8_t)(n >> (8 * i));
	return kat_buf_set(&v->iv, tweak, sizeof(tweak));
}

static const struct kat_field xts_fields[] = {
	{ "COUNT", kat_field_u32, KAT_OFF(id) },
	{ "DataUnitLen", kat_field_u32, KAT_OFF(bits) },
	{ "Key", kat_field_hex, KAT_OFF(key) },
	{ "i", kat_field_hex, KAT_OFF(iv) },
	{ "DataUnitSeqNumber", xts_seqno, 0 },
	{ "PT", kat_field_hex, KAT_OFF(pt) },
	{ "CT", kat_field_hex, KAT_OFF(ct) },
	{ NULL, NULL, 0 },
};

static const struct aes_mode aes_iv_mode = {
	.fields = aes_fields,
	.need = KAT_NEED_KEY | KAT_NEED_IV | KAT_NEED_PT | KAT_NEED_CT,
};

static const struct aes_mode aes_ecb_mode = {
	.fields = aes_fields,
	.need = KAT_NEED_KEY | KAT_NEED_PT | KAT_NEED_CT,
};

static const struct aes_mode aes_xts_mode = {
	.fields = xts_fields,
	.need = KAT_NEED_KEY | KAT_NEED_IV | KAT_NEED_PT | KAT_NEED_CT,
	.xts = true,
};

/* XTSGen also tests data units of 130 bits; a cryptodev works in bytes. */
static void
xts_mark(struct kat_set *set)
{
	unsigned int i;

	for (i = 0; i < set->nb; i++)
		if (set->vec[i].bits % 8 != 0)
			set->vec[i].skip = "DataUnitLen not whole bytes";
}

static int
aes_load(const struct kat_row *row, const char *path, struct kat_set *set,
		char *err, size_t len)
{
	const struct aes_mode *mode = row->arg;
	int rc;

	rc = kat_rsp_load(path, mode->fields, set, err, len);
	if (rc == 0)
		rc = kat_set_require(set, mode->need, path, err, len);
	if (rc != 0) {
		kat_set_free(set);
		return rc;
	}
	if (mode->xts)
		xts_mark(set);
	return 0;
}

int
kat_aes_cbc_mmt_load(const char *dir, unsigned int key_bits,
		struct kat_set *set, char *err, size_t len)
{
	const struct kat_row row = { .arg = &aes_iv_mode };
	char path[4096];

	snprintf(path, sizeof(path), "%s/ciphers/AES/CBC/CBCMMT%u.rsp",
		dir, key_bits);
	return aes_load(&row, path, set, err, len);
}

#define AES_ROW(lc, MODE, algo, mode, test) { \
	.name = "aes-" lc "/" MODE test, \
	.kind = KAT_CIPHER, \
	.src = KAT_SRC_VECTORS, \
	.cipher = RTE_CRYPTO_CIPHER_ ## algo, \
	.file = "ciphers/AES/" MODE "/" MODE test ".rsp", \
	.load = aes_load, \
	.arg = &mode, \
}

/* The five AESAVS tests at the three key sizes, as CBC or ECB. */
#define AES_AVS(lc, MODE, algo, mode) \
	AES_ROW(lc, MODE, algo, mode, "GFSbox128"), \
	AES_ROW(lc, MODE, algo, mode, "GFSbox192"), \
	AES_ROW(lc, MODE, algo, mode, "GFSbox256"), \
	AES_ROW(lc, MODE, algo, mode, "KeySbox128"), \
	AES_ROW(lc, MODE, algo, mode, "KeySbox192"), \
	AES_ROW(lc, MODE, algo, mode, "KeySbox256"), \
	AES_ROW(lc, MODE, algo, mode, "VarKey128"), \
	AES_ROW(lc, MODE, algo, mode, "VarKey192"), \
	AES_ROW(lc, MODE, algo, mode, "VarKey256"), \
	AES_ROW(lc, MODE, algo, mode, "VarTxt128"), \
	AES_ROW(lc, MODE, algo, mode, "VarTxt192"), \
	AES_ROW(lc, MODE, algo, mode, "VarTxt256"), \
	AES_ROW(lc, MODE, algo, mode, "MMT128"), \
	AES_ROW(lc, MODE, algo, mode, "MMT192"), \
	AES_ROW(lc, MODE, algo, mode, "MMT256")

#define AES_CTR(bits) { \
	.name = "aes-ctr/aes-" bits "-ctr", \
	.kind = KAT_CIPHER, \
	.src = KAT_SRC_VECTORS, \
	.cipher = RTE_CRYPTO_CIPHER_AES_CTR, \
	.file = "ciphers/AES/CTR/aes-" bits "-ctr.txt", \
	.load = aes_load, \
	.arg = &aes_iv_mode, \
}

#define AES_XTS(style, bits) { \
	.name = "aes-xts/" style "/XTSGenAES" bits, \
	.kind = KAT_CIPHER, \
	.src = KAT_SRC_VECTORS, \
	.cipher = RTE_CRYPTO_CIPHER_AES_XTS, \
	.file = "ciphers/AES/XTS/tweak-" style "/XTSGenAES" bits ".rsp", \
	.load = aes_load, \
	.arg = &aes_xts_mode, \
}

static const struct kat_row aes_rows[] = {
	AES_AVS("cbc", "CBC", AES_CBC, aes_iv_mode),
	AES_AVS("ecb", "ECB", AES_ECB, aes_ecb_mode),
	AES_CTR("128"),
	AES_CTR("192"),
	AES_CTR("256"),
	AES_XTS("128hexstr", "128"),
	AES_XTS("128hexstr", "256"),
	AES_XTS("dataunitseqno", "128"),
	AES_XTS("dataunitseqno", "256"),
};

const struct kat_family kat_aes_family = {
	.name = "aes",
	.rows = aes_rows,
	.nb_rows = RTE_DIM(aes_rows),
};
