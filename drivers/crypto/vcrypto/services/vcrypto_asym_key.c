/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * RSA keys for the device (Crypto Device / AKCIPHER session): PKCS#1
 * RSAPublicKey and RSAPrivateKey in DER, built from a DPDK RSA xform with
 * a small bounded encoder. Pure functions: no device, no logging of key
 * material, every temporary copy wiped.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include <rte_common.h>
#include <rte_crypto_asym.h>

#include "vcrypto_asym.h"
#include "vcrypto_ctrl.h"
#include "vcrypto_log.h"

_Static_assert(VCRYPTO_ASYM_PRIV_DER_MAX <= VCRYPTO_CTRL_MAX_KEY,
	       "RSA private key DER larger than a control request carries");

/* --- DER (X.690) encoding of the PKCS#1 key structures ---------------- */

/* A bounded writer; buf NULL only counts. */
struct der {
	uint8_t *buf;
	size_t cap;
	size_t len;
};

static void
der_put(struct der *d, const uint8_t *p, size_t n, uint8_t fill)
{
	if (d->buf != NULL && d->len + n <= d->cap) {
		if (p != NULL)
			memcpy(d->buf + d->len, p, n);
		else
			memset(d->buf + d->len, fill, n);
	}
	d->len += n;
}

/* Tag and definite length; our structures stay below 64 KiB. */
static void
der_hdr(struct der *d, uint8_t tag, size_t n)
{
	uint8_t h[4] = { tag };
	size_t hl;

	if (n < 0x80) {
		h[1] = n;
		hl = 2;
	} else if (n <= 0xff) {
		h[1] = 0x81;
		h[2] = n;
		hl = 3;
	} else {
		h[1] = 0x82;
		h[2] = n >> 8;
		h[3] = n & 0xff;
		hl = 4;
	}
	der_put(d, h, hl, 0);
}

/* Unsigned big-endian bytes without leading zeros (may become empty). */
static const uint8_t *
strip(const uint8_t *p, size_t *n)
{
	while (*n > 0 && *p == 0) {
		p++;
		(*n)--;
	}
	return p;
}

/* INTEGER, minimal: one 0x00 for zero, 0x00 prefix when the top bit is set. */
static void
der_uint(struct der *d, const uint8_t *p, size_t n)
{
	bool pad;

	p = strip(p, &n);
	pad = n == 0 || (p[0] & 0x80);
	der_hdr(d, 0x02, n + pad);
	if (pad)
		der_put(d, NULL, 1, 0);
	der_put(d, p, n, 0);
}

struct der_int {
	const uint8_t *p;
	size_t n;
};

/* SEQUENCE of INTEGERs into buf; 0 if it does not fit cap. */
static size_t
der_seq(uint8_t *buf, size_t cap, const struct der_int *v, unsigned int nv)
{
	struct der count = { NULL, 0, 0 };
	struct der out = { buf, cap, 0 };
	unsigned int i;

	for (i = 0; i < nv; i++)
		der_uint(&count, v[i].p, v[i].n);
	if (count.len > 0xffff)
		return 0;
	der_hdr(&out, 0x30, count.len);
	for (i = 0; i < nv; i++)
		der_uint(&out, v[i].p, v[i].n);
	return out.len <= cap ? out.len : 0;
}

/* --- private exponent from the quintuple ------------------------------ */

/*
 * DPDK 22.11 keeps d and the quintuple in one union, while RSAPrivateKey
 * needs both. With e < 2^32 a private exponent follows from p, q and e with
 * single-limb steps only: for phi = (p-1)(q-1) find k < e with
 * k * phi = -1 (mod e); then d = (k * phi + 1) / e satisfies
 * d * e = 1 (mod phi). Little-endian arrays of 32-bit limbs.
 */
#define BN_LIMBS	(VCRYPTO_ASYM_MOD_MAX / 4 + 2)

static size_t
bn_from_be(uint32_t *a, size_t max, const uint8_t *p, size_t n)
{
	size_t i, nl = (n + 3) / 4;

	if (nl > max)
		return 0;
	memset(a, 0, nl * sizeof(*a));
	for (i = 0; i < n; i++)
		a[i / 4] |= (uint32_t)p[n - 1 - i] << (8 * (i % 4));
	return nl;
}

static void
bn_to_be(const uint32_t *a, size_t nl, uint8_t *p)
{
	size_t i;

	for (i = 0; i < nl * 4; i++)
		p[nl * 4 - 1 - i] = a[i / 4] >> (8 * (i % 4));
}

/* r = a * b; r has na + nb limbs and must not overlap a or b. */
static void
bn_mul(uint32_t *r, const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
	uint64_t t;
	size_t i, j;

	memset(r, 0, (na + nb) * sizeof(*r));
	for (i = 0; i < na; i++) {
		t = 0;
		for (j = 0; j < nb; j++) {
			t += (uint64_t)a[i] * b[j] + r[i + j];
			r[i + j] = (uint32_t)t;
			t >>= 32;
		}
		r[i + nb] = (uint32_t)t;
	}
}

/* a = a * m + add, the carry going into a[n] (one spare limb). */
static void
bn_mul_add_u32(uint32_t *a, size_t n, uint32_t m, uint32_t add)
{
	uint64_t t = add;
	size_t i;

	for (i = 0; i < n; i++) {
		t += (uint64_t)a[i] * m;
		a[i] = (uint32_t)t;
		t >>= 32;
	}
	a[n] = (uint32_t)t;
}

/* a = a / m in place; returns the remainder. */
static uint32_t
bn_div_u32(uint32_t *a, size_t n, uint32_t m)
{
	uint64_t r = 0;
	size_t i;

	for (i = n; i-- > 0;) {
		r = r << 32 | a[i];
		a[i] = (uint32_t)(r / m);
		r %= m;
	}
	return (uint32_t)r;
}

static uint32_t
bn_mod_u32(const uint32_t *a, size_t n, uint32_t m)
{
	uint64_t r = 0;
	size_t i;

	for (i = n; i-- > 0;)
		r = (r << 32 | a[i]) % m;
	return (uint32_t)r;
}

/* Subtract 1 from a value > 0. */
static void
bn_dec(uint32_t *a, size_t n)
{
	size_t i;

	for (i = 0; i < n && a[i]-- == 0; i++)
		;
}

static bool
bn_is_zero(const uint32_t *a, size_t n)
{
	while (n > 0)
		if (a[--n] != 0)
			return false;
	return true;
}

/* x with x * a = 1 (mod m), or 0 when a and m are not coprime. */
static uint32_t
inv_mod_u32(uint32_t a, uint32_t m)
{
	int64_t t = 0, nt = 1, r = m, nr = a, q, tmp;

	while (nr != 0) {
		q = r / nr;
		tmp = t - q * nt;
		t = nt;
		nt = tmp;
		tmp = r - q * nr;
		r = nr;
		nr = tmp;
	}
	if (r != 1)
		return 0;
	return (uint32_t)(t < 0 ? t + m : t);
}

/* a == b, both possibly with high zero limbs. */
static bool
bn_eq(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
	size_t i;

	for (i = 0; i < RTE_MAX(na, nb); i++)
		if ((i < na ? a[i] : 0) != (i < nb ? b[i] : 0))
			return false;
	return true;
}

/*
 * Side channels (issue 16): this arithmetic runs on the secret primes,
 * once per session create (control path, never per op), and is not made
 * constant time. What depends on secret values:
 * - bn_mul(), bn_mul_add_u32(), bn_from_be(), bn_to_be(): loops bounded
 *   by the lengths of p and q (public: half the modulus), no branch on
 *   limb values. bn_dec() and bn_is_zero() stop at the first limb for a
 *   prime (odd, top limb not 0); bn_eq() compares p * q with the public n
 *   and runs to the end for a valid key.
 * - bn_mod_u32(), bn_div_u32(): the CPU's 64-bit division, whose latency
 *   depends on the dividend on some x86 parts (not on recent ones).
 * - inv_mod_u32(): a Euclid loop whose step count depends on phi mod e,
 *   i.e. on (p + q) mod e: at most 32 bits of a 1024+ bit secret, not
 *   enough to factor n, but a leak to a local timing observer of session
 *   creation. A fixed-step inverse would close it; not done yet, since
 *   the whole key goes to the device (the host) in the clear right after.
 * Wiped afterwards: every temporary (explicit_bzero below).
 */

/* Room for d: phi has at most BN_LIMBS limbs, k * phi + 1 one more. */
#define D_BUF	((BN_LIMBS + 1) * 4)

/*
 * d (big-endian, *dn bytes into dbuf[D_BUF]) from p, q and e, after
 * checking p * q == n. -EINVAL inconsistent parts; -ENOTSUP e >= 2^32.
 */
static int
derive_d(const struct rte_crypto_rsa_xform *x, const uint8_t *n, size_t nn,
	 uint8_t *dbuf, size_t *dn)
{
	uint32_t p[BN_LIMBS], q[BN_LIMBS], t[BN_LIMBS + 1], nl[BN_LIMBS];
	size_t en = x->e.length, pn = x->qt.p.length, qn = x->qt.q.length;
	const uint8_t *e = strip(x->e.data, &en);
	/* Stripped: p and q zero-padded to the modulus' length, as the
	 * contract allows, would not fit phi in BN_LIMBS from 2088 bits up. */
	const uint8_t *pb = strip(x->qt.p.data, &pn);
	const uint8_t *qb = strip(x->qt.q.data, &qn);
	uint32_t ev = 0, k;
	size_t np, nq, nt, i;
	int rc = -EINVAL;

	if (en > 4)
		return -ENOTSUP;
	for (i = 0; i < en; i++)
		ev = ev << 8 | e[i];
	np = bn_from_be(p, BN_LIMBS, pb, pn);
	nq = bn_from_be(q, BN_LIMBS, qb, qn);
	nt = np + nq;
	if (ev < 3 || np == 0 || nq == 0 || nt > BN_LIMBS ||
	    bn_is_zero(p, np) || bn_is_zero(q, nq))
		goto out;
	/* p * q must be n: catches swapped or corrupted parts early. */
	bn_mul(t, p, np, q, nq);
	if (!bn_eq(t, nt, nl, bn_from_be(nl, BN_LIMBS, n, nn)))
		goto out;
	bn_dec(p, np);
	bn_dec(q, nq);
	bn_mul(t, p, np, q, nq);		/* phi */
	k = inv_mod_u32(bn_mod_u32(t, nt, ev), ev);
	if (k == 0)
		goto out;			/* e shares a factor with phi */
	bn_mul_add_u32(t, nt, ev - k, 1);	/* (e - k) * phi = -1 (mod e) */
	nt++;
	if (bn_div_u32(t, nt, ev) != 0)
		goto out;
	bn_to_be(t, nt, dbuf);
	*dn = nt * 4;
	rc = 0;
out:
	explicit_bzero(p, sizeof(p));
	explicit_bzero(q, sizeof(q));
	explicit_bzero(t, sizeof(t));
	return rc;
}

static bool
param_ok(const rte_crypto_param *v, size_t max)
{
	return v->data != NULL && v->length > 0 && v->length <= max;
}

static int
encode_private(struct vcrypto_asym_keys *s, const struct rte_crypto_rsa_xform *x,
	       const uint8_t *n, size_t nn)
{
	uint8_t d[D_BUF];
	static const uint8_t zero;
	struct der_int v[9];
	size_t dn = 0;
	int rc;

	if (x->key_type != RTE_RSA_KEY_TYPE_QT) {
		VCRYPTO_CTRL_LOG(NOTICE, "RSA private key as exponent only: "
				 "the device needs p, q (use the quintuple)");
		return -ENOTSUP;
	}
	if (!param_ok(&x->qt.p, nn) || !param_ok(&x->qt.q, nn) ||
	    !param_ok(&x->qt.dP, nn) || !param_ok(&x->qt.dQ, nn) ||
	    !param_ok(&x->qt.qInv, nn))
		return -EINVAL;
	rc = derive_d(x, n, nn, d, &dn);
	if (rc == 0) {
		v[0] = (struct der_int){ &zero, 1 };	/* version two-prime */
		v[1] = (struct der_int){ n, nn };
		v[2] = (struct der_int){ x->e.data, x->e.length };
		v[3] = (struct der_int){ d, dn };
		v[4] = (struct der_int){ x->qt.p.data, x->qt.p.length };
		v[5] = (struct der_int){ x->qt.q.data, x->qt.q.length };
		v[6] = (struct der_int){ x->qt.dP.data, x->qt.dP.length };
		v[7] = (struct der_int){ x->qt.dQ.data, x->qt.dQ.length };
		v[8] = (struct der_int){ x->qt.qInv.data, x->qt.qInv.length };
		s->priv_len = der_seq(s->priv, sizeof(s->priv), v, 9);
		if (s->priv_len == 0)
			rc = -EINVAL;
	}
	explicit_bzero(d, sizeof(d));
	return rc;
}

int
vcrypto_asym_keys_encode(const struct rte_crypto_rsa_xform *x,
			 struct vcrypto_asym_keys *s)
{
	size_t nn = x->n.length, en = x->e.length;
	const uint8_t *n;
	struct der_int v[2];
	int rc;

	memset(s, 0, sizeof(*s));
	if (x->n.data == NULL || x->e.data == NULL)
		return -EINVAL;
	n = strip(x->n.data, &nn);
	strip(x->e.data, &en);
	if (nn < VCRYPTO_ASYM_MOD_MIN || nn > VCRYPTO_ASYM_MOD_MAX ||
	    en == 0 || en > nn || x->e.length > VCRYPTO_ASYM_MOD_MAX) {
		VCRYPTO_CTRL_LOG(DEBUG, "RSA modulus of %zu bytes (%u..%u) or "
				 "e of %zu bytes refused", nn,
				 VCRYPTO_ASYM_MOD_MIN, VCRYPTO_ASYM_MOD_MAX,
				 x->e.length);
		return -EINVAL;
	}
	s->mod_len = nn;
	v[0] = (struct der_int){ n, nn };
	v[1] = (struct der_int){ x->e.data, x->e.length };
	s->pub_len = der_seq(s->pub, sizeof(s->pub), v, 2);
	if (s->pub_len == 0)
		return -EINVAL;
	/* d and qt.p share storage: an empty one means no private key. */
	if (x->d.length == 0)
		return 0;
	rc = encode_private(s, x, n, nn);
	if (rc != 0)
		explicit_bzero(s, sizeof(*s));
	return rc;
}

