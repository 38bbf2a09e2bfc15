/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * The null engine: no cryptography. Status OK, output = input (digests:
 * the first bytes of the input, zero-filled), to measure the transport.
 */
#include <stdlib.h>
#include <string.h>

#include "vd_engine.h"

static int dummy;

static void n_caps(struct vd_caps *c)
{
	/* Same algorithm set as the OpenSSL engine: drivers choose the same. */
	vd_engine_openssl.caps(c);
}

static int n_cipher_new(uint32_t a, const uint8_t *k, uint32_t l, bool e, void **ctx)
{
	(void)a; (void)k; (void)l; (void)e;
	*ctx = &dummy;
	return 0;
}

static int n_cipher_run(void *c, const uint8_t *iv, uint32_t ivl, const uint8_t *in,
			uint8_t *out, uint32_t len)
{
	(void)c; (void)iv; (void)ivl;
	if (out != in)
		memmove(out, in, len);
	return 0;
}

static int n_hash_new(uint32_t a, void **ctx)
{
	(void)a;
	*ctx = &dummy;
	return 0;
}

static int n_mac_new(uint32_t a, const uint8_t *k, uint32_t l, void **ctx)
{
	(void)a; (void)k; (void)l;
	*ctx = &dummy;
	return 0;
}

static int n_digest_run(void *c, const uint8_t *in, uint32_t len, uint8_t *out,
			uint32_t rlen)
{
	(void)c;
	memset(out, 0, rlen);
	memcpy(out, in, len < rlen ? len : rlen);
	return 0;
}

static int n_aead_new(uint32_t a, const uint8_t *k, uint32_t l, bool e, void **ctx)
{
	(void)a; (void)k; (void)l;
	*ctx = e ? (void *)&dummy : (void *)((char *)&dummy + 1);
	return 0;
}

static int n_aead_run(void *c, const uint8_t *iv, uint32_t ivl, const uint8_t *aad,
		      uint32_t aadl, const uint8_t *in, uint32_t len, uint8_t *out,
		      uint32_t taglen)
{
	(void)iv; (void)ivl; (void)aad; (void)aadl;
	memmove(out, in, len);
	if (c == (void *)&dummy)	/* encrypt: zero tag */
		memset(out + len, 0, taglen);
	return 0;
}

static int n_ak_new(uint32_t a, bool pk, const uint8_t *k, uint32_t l, uint32_t p1,
		    uint32_t p2, void **ctx)
{
	(void)a; (void)pk; (void)k; (void)l; (void)p1; (void)p2;
	*ctx = &dummy;
	return 0;
}

static int n_ak_run(void *c, uint32_t op, const uint8_t *in, uint32_t ilen,
		    const uint8_t *in2, uint32_t i2len, uint8_t *out, uint32_t ocap,
		    uint32_t *olen)
{
	(void)c; (void)in2; (void)i2len;
	*olen = 0;
	if (op == 3)
		return 0;
	*olen = ilen < ocap ? ilen : ocap;
	memmove(out, in, *olen);
	return 0;
}

static void n_free(void *c)
{
	(void)c;
}

const struct vd_engine vd_engine_null = {
	.name = "null",
	.caps = n_caps,
	.cipher_new = n_cipher_new,
	.cipher_run = n_cipher_run,
	.hash_new = n_hash_new,
	.mac_new = n_mac_new,
	.digest_run = n_digest_run,
	.aead_new = n_aead_new,
	.aead_run = n_aead_run,
	.ak_new = n_ak_new,
	.ak_run = n_ak_run,
	.free = n_free,
};
