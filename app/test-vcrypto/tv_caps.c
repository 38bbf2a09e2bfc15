/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Capability printing and lookups. Our own name tables rather than
 * DPDK's rte_crypto_*_strings: those have gaps (no ECDH/ECFPM name in
 * 22.11) and cannot be bounds-checked.
 */

#include <inttypes.h>
#include <stdio.h>

#include "tv_caps.h"
#include "tv_report.h"

static const char *const cipher_names[] = {
	[RTE_CRYPTO_CIPHER_NULL] = "null",
	[RTE_CRYPTO_CIPHER_3DES_CBC] = "3des-cbc",
	[RTE_CRYPTO_CIPHER_3DES_CTR] = "3des-ctr",
	[RTE_CRYPTO_CIPHER_3DES_ECB] = "3des-ecb",
	[RTE_CRYPTO_CIPHER_AES_CBC] = "aes-cbc",
	[RTE_CRYPTO_CIPHER_AES_CTR] = "aes-ctr",
	[RTE_CRYPTO_CIPHER_AES_ECB] = "aes-ecb",
	[RTE_CRYPTO_CIPHER_AES_F8] = "aes-f8",
	[RTE_CRYPTO_CIPHER_AES_XTS] = "aes-xts",
	[RTE_CRYPTO_CIPHER_ARC4] = "arc4",
	[RTE_CRYPTO_CIPHER_KASUMI_F8] = "kasumi-f8",
	[RTE_CRYPTO_CIPHER_SNOW3G_UEA2] = "snow3g-uea2",
	[RTE_CRYPTO_CIPHER_ZUC_EEA3] = "zuc-eea3",
	[RTE_CRYPTO_CIPHER_DES_CBC] = "des-cbc",
	[RTE_CRYPTO_CIPHER_AES_DOCSISBPI] = "aes-docsisbpi",
	[RTE_CRYPTO_CIPHER_DES_DOCSISBPI] = "des-docsisbpi",
	[RTE_CRYPTO_CIPHER_SM4_ECB] = "sm4-ecb",
	[RTE_CRYPTO_CIPHER_SM4_CBC] = "sm4-cbc",
	[RTE_CRYPTO_CIPHER_SM4_CTR] = "sm4-ctr",
};

static const char *const auth_names[] = {
	[RTE_CRYPTO_AUTH_NULL] = "null",
	[RTE_CRYPTO_AUTH_AES_CBC_MAC] = "aes-cbc-mac",
	[RTE_CRYPTO_AUTH_AES_CMAC] = "aes-cmac",
	[RTE_CRYPTO_AUTH_AES_GMAC] = "aes-gmac",
	[RTE_CRYPTO_AUTH_AES_XCBC_MAC] = "aes-xcbc-mac",
	[RTE_CRYPTO_AUTH_KASUMI_F9] = "kasumi-f9",
	[RTE_CRYPTO_AUTH_MD5] = "md5",
	[RTE_CRYPTO_AUTH_MD5_HMAC] = "md5-hmac",
	[RTE_CRYPTO_AUTH_SHA1] = "sha1",
	[RTE_CRYPTO_AUTH_SHA1_HMAC] = "sha1-hmac",
	[RTE_CRYPTO_AUTH_SHA224] = "sha224",
	[RTE_CRYPTO_AUTH_SHA224_HMAC] = "sha224-hmac",
	[RTE_CRYPTO_AUTH_SHA256] = "sha256",
	[RTE_CRYPTO_AUTH_SHA256_HMAC] = "sha256-hmac",
	[RTE_CRYPTO_AUTH_SHA384] = "sha384",
	[RTE_CRYPTO_AUTH_SHA384_HMAC] = "sha384-hmac",
	[RTE_CRYPTO_AUTH_SHA512] = "sha512",
	[RTE_CRYPTO_AUTH_SHA512_HMAC] = "sha512-hmac",
	[RTE_CRYPTO_AUTH_SNOW3G_UIA2] = "snow3g-uia2",
	[RTE_CRYPTO_AUTH_ZUC_EIA3] = "zuc-eia3",
	[RTE_CRYPTO_AUTH_SHA3_224] = "sha3-224",
	[RTE_CRYPTO_AUTH_SHA3_224_HMAC] = "sha3-224-hmac",
	[RTE_CRYPTO_AUTH_SHA3_256] = "sha3-256",
	[RTE_CRYPTO_AUTH_SHA3_256_HMAC] = "sha3-256-hmac",
	[RTE_CRYPTO_AUTH_SHA3_384] = "sha3-384",
	[RTE_CRYPTO_AUTH_SHA3_384_HMAC] = "sha3-384-hmac",
	[RTE_CRYPTO_AUTH_SHA3_512] = "sha3-512",
	[RTE_CRYPTO_AUTH_SHA3_512_HMAC] = "sha3-512-hmac",
	[RTE_CRYPTO_AUTH_SM3] = "sm3",
};

static const char *const aead_names[] = {
	[RTE_CRYPTO_AEAD_AES_CCM] = "aes-ccm",
	[RTE_CRYPTO_AEAD_AES_GCM] = "aes-gcm",
	[RTE_CRYPTO_AEAD_CHACHA20_POLY1305] = "chacha20-poly1305",
};

static const char *const asym_names[] = {
	[RTE_CRYPTO_ASYM_XFORM_NONE] = "none",
	[RTE_CRYPTO_ASYM_XFORM_RSA] = "rsa",
	[RTE_CRYPTO_ASYM_XFORM_DH] = "dh",
	[RTE_CRYPTO_ASYM_XFORM_DSA] = "dsa",
	[RTE_CRYPTO_ASYM_XFORM_MODINV] = "modinv",
	[RTE_CRYPTO_ASYM_XFORM_MODEX] = "modexp",
	[RTE_CRYPTO_ASYM_XFORM_ECDSA] = "ecdsa",
	[RTE_CRYPTO_ASYM_XFORM_ECDH] = "ecdh",
	[RTE_CRYPTO_ASYM_XFORM_ECPM] = "ecpm",
	[RTE_CRYPTO_ASYM_XFORM_ECFPM] = "ecfpm",
};

static const char *
name_of(const char *const *names, size_t nb, unsigned int v)
{
	if (v < nb && names[v] != NULL)
		return names[v];
	return "unknown";
}

const char *
tv_cipher_name(enum rte_crypto_cipher_algorithm algo)
{
	return name_of(cipher_names, RTE_DIM(cipher_names), algo);
}

const char *
tv_auth_name(enum rte_crypto_auth_algorithm algo)
{
	return name_of(auth_names, RTE_DIM(auth_names), algo);
}

const char *
tv_aead_name(enum rte_crypto_aead_algorithm algo)
{
	return name_of(aead_names, RTE_DIM(aead_names), algo);
}

const char *
tv_asym_name(enum rte_crypto_asym_xform_type type)
{
	return name_of(asym_names, RTE_DIM(asym_names), type);
}

bool
tv_range_ok(const struct rte_crypto_param_range *r, uint32_t v)
{
	if (v < r->min || v > r->max)
		return false;
	/* As rte_cryptodev's own check: no step means any value in range. */
	if (r->increment == 0)
		return true;
	return (v - r->min) % r->increment == 0;
}

void
tv_range_str(char *buf, size_t len, const struct rte_crypto_param_range *r)
{
	snprintf(buf, len, "%u..%u/%u", r->min, r->max, r->increment);
}

const struct rte_cryptodev_symmetric_capability *
tv_caps_cipher(uint8_t dev_id, enum rte_crypto_cipher_algorithm algo)
{
	struct rte_cryptodev_sym_capability_idx idx = {
		.type = RTE_CRYPTO_SYM_XFORM_CIPHER,
		.algo.cipher = algo,
	};

	return rte_cryptodev_sym_capability_get(dev_id, &idx);
}

const struct rte_cryptodev_symmetric_capability *
tv_caps_auth(uint8_t dev_id, enum rte_crypto_auth_algorithm algo)
{
	struct rte_cryptodev_sym_capability_idx idx = {
		.type = RTE_CRYPTO_SYM_XFORM_AUTH,
		.algo.auth = algo,
	};

	return rte_cryptodev_sym_capability_get(dev_id, &idx);
}

static void
print_sym(const struct rte_cryptodev_symmetric_capability *s)
{
	char k[32], iv[32], d[32], a[32];

	switch (s->xform_type) {
	case RTE_CRYPTO_SYM_XFORM_CIPHER:
		tv_range_str(k, sizeof(k), &s->cipher.key_size);
		tv_range_str(iv, sizeof(iv), &s->cipher.iv_size);
		tv_note("cap cipher %-14s key %-12s iv %s",
			tv_cipher_name(s->cipher.algo), k, iv);
		break;
	case RTE_CRYPTO_SYM_XFORM_AUTH:
		tv_range_str(k, sizeof(k), &s->auth.key_size);
		tv_range_str(d, sizeof(d), &s->auth.digest_size);
		tv_range_str(iv, sizeof(iv), &s->auth.iv_size);
		tv_note("cap auth   %-14s key %-12s digest %-10s iv %s",
			tv_auth_name(s->auth.algo), k, d, iv);
		break;
	case RTE_CRYPTO_SYM_XFORM_AEAD:
		tv_range_str(k, sizeof(k), &s->aead.key_size);
		tv_range_str(d, sizeof(d), &s->aead.digest_size);
		tv_range_str(a, sizeof(a), &s->aead.aad_size);
		tv_range_str(iv, sizeof(iv), &s->aead.iv_size);
		tv_note("cap aead   %-14s key %-12s digest %-10s aad %s iv %s",
			tv_aead_name(s->aead.algo), k, d, a, iv);
		break;
	default:
		tv_note("cap sym    xform type %d", s->xform_type);
		break;
	}
}

static void
print_asym(const struct rte_cryptodev_asymmetric_xform_capability *x)
{
	char m[32];

	tv_range_str(m, sizeof(m), &x->modlen);
	tv_note("cap asym   %-14s modlen %-12s op_types 0x%x",
		tv_asym_name(x->xform_type), m, x->op_types);
}

static void
print_features(uint64_t flags)
{
	char line[1024];
	size_t off = 0;
	unsigned int bit;
	const char *name;

	line[0] = '\0';
	for (bit = 0; bit < 64; bit++) {
		if ((flags & (UINT64_C(1) << bit)) == 0)
			continue;
		name = rte_cryptodev_get_feature_name(UINT64_C(1) << bit);
		off += snprintf(line + off, sizeof(line) - off, " %s",
			name != NULL ? name : "?");
		if (off >= sizeof(line))
			break;
	}
	tv_note("features 0x%" PRIx64 ":%s", flags, line);
}

void
tv_caps_print(const struct rte_cryptodev_info *info)
{
	const struct rte_cryptodev_capabilities *c;

	print_features(info->feature_flags);
	c = info->capabilities;
	for (; c != NULL && c->op != RTE_CRYPTO_OP_TYPE_UNDEFINED; c++) {
		if (c->op == RTE_CRYPTO_OP_TYPE_SYMMETRIC)
			print_sym(&c->sym);
		else if (c->op == RTE_CRYPTO_OP_TYPE_ASYMMETRIC)
			print_asym(&c->asym.xform_capa);
	}
}
