/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * The random side: a seeded stream per group and the ops drawn from it
 * (keys, IVs, lengths, offsets, ESP-like chains, segment layouts). Draws
 * never depend on device results, so one seed replays the same ops on any
 * driver. Builds no mbuf; dt_mbuf.c does.
 */
#include <stdio.h>
#include <string.h>

#include "dt.h"

/* Lengths the ring and the crypto-perf buffers make interesting. */
#define NEAR_2K		2048
#define PIECES_SGL_MAX	(DT_PIECES_MAX - 1)	/* then maybe an empty one */

const struct dt_class_info dt_classes[DT_CLASS_NB] = {
	[DT_IP_LB] = { "inplace-lb", "linear in-place", 0, "-",
		false, false, false },
	[DT_OOP_LB] = { "oop-lb", "linear OOP",
		RTE_CRYPTODEV_FF_OOP_LB_IN_LB_OUT, "OOP_LB_IN_LB_OUT",
		true, false, false },
	[DT_IP_SGL] = { "inplace-sgl", "SGL in-place",
		RTE_CRYPTODEV_FF_IN_PLACE_SGL, "IN_PLACE_SGL",
		false, true, false },
	[DT_OOP_SGL_LB] = { "oop-sgl-lb", "SGL-in/linear-out OOP",
		RTE_CRYPTODEV_FF_OOP_SGL_IN_LB_OUT, "OOP_SGL_IN_LB_OUT",
		true, true, false },
	[DT_OOP_LB_SGL] = { "oop-lb-sgl", "linear-in/SGL-out OOP",
		RTE_CRYPTODEV_FF_OOP_LB_IN_SGL_OUT, "OOP_LB_IN_SGL_OUT",
		true, false, true },
	[DT_OOP_SGL_SGL] = { "oop-sgl", "SGL/SGL OOP",
		RTE_CRYPTODEV_FF_OOP_SGL_IN_SGL_OUT, "OOP_SGL_IN_SGL_OUT",
		true, true, true },
};

/* splitmix64 (Steele, Lea, Flood): tiny, fast, and seeds well from any
 * 64-bit value, which is all a reproducible test needs. */
uint64_t
dt_rng_next(struct dt_rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void
dt_rng_seed(struct dt_rng *r, uint64_t seed, const char *name)
{
	uint64_t h = 0xcbf29ce484222325ULL;	/* FNV-1a of the name */

	while (*name != '\0')
		h = (h ^ (uint8_t)*name++) * 0x100000001b3ULL;
	r->s = seed ^ h;
	(void)dt_rng_next(r);
}

uint32_t
dt_rng_range(struct dt_rng *r, uint32_t lo, uint32_t hi)
{
	uint64_t span;

	if (hi <= lo)
		return lo;
	span = (uint64_t)hi - lo + 1;
	/* Multiply-shift: no modulo bias worth the name at these spans. */
	return lo + (uint32_t)(((dt_rng_next(r) >> 32) * span) >> 32);
}

bool
dt_rng_chance(struct dt_rng *r, unsigned int pct)
{
	return dt_rng_range(r, 0, 99) < pct;
}

void
dt_rng_bytes(struct dt_rng *r, uint8_t *p, size_t n)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (i % 8 == 0)
			v = dt_rng_next(r);
		p[i] = (uint8_t)(v >> (8 * (i % 8)));
	}
}

const char *
dt_shape_name(uint8_t shape)
{
	switch (shape) {
	case DT_SHAPE_CIPHER: return "cipher";
	case DT_SHAPE_ESP: return "esp";
	case DT_SHAPE_SAME: return "same";
	case DT_SHAPE_FREE: return "free";
	default: return "?";
	}
}

const char *
dt_digest_mode_name(enum dt_digest_mode m)
{
	switch (m) {
	case DT_DIGEST_INLINE: return "inline";
	case DT_DIGEST_DETACHED: return "detached";
	default: return "mixed";
	}
}

/* Prefix, IV copy, status; a chain adds the digest (vcrypto_sym.c). */
unsigned int
dt_fixed_descs(const struct dt_group *g)
{
	return 2 + (g->cipher->iv_len > 0) + (g->mac != NULL);
}

void
dt_case_span(const struct dt_case *c, uint32_t *lo, uint32_t *hi)
{
	*lo = c->c_off;
	*hi = c->c_off + c->c_len;
	if (c->shape == DT_SHAPE_CIPHER)
		return;
	*lo = RTE_MIN(*lo, c->a_off);
	*hi = RTE_MAX(*hi, c->a_off + c->a_len);
}

/* Mirrors vcrypto's add_mbuf(): empty pieces get no descriptor. */
unsigned int
dt_layout_descs(const struct dt_layout *l, uint32_t lo, uint32_t hi)
{
	uint32_t off = 0, end;
	unsigned int i, n = 0;

	for (i = 0; i < l->n; i++, off = end) {
		end = off + l->len[i];
		if (l->len[i] != 0 && end > lo && off < hi)
			n++;
	}
	return n;
}

unsigned int
dt_case_descs(const struct dt_group *g, const struct dt_case *c)
{
	uint32_t lo, hi;
	unsigned int src;

	dt_case_span(c, &lo, &hi);
	src = dt_layout_descs(&c->src, lo, hi);
	return dt_fixed_descs(g) + src + (dt_classes[g->cls].oop ?
		dt_layout_descs(&c->dst, lo, hi) : src);
}

const char *
dt_layout_str(const struct dt_layout *l, char *buf, size_t len)
{
	size_t at;
	unsigned int i;

	at = (size_t)snprintf(buf, len, "%u piece%s:", l->n,
		l->n == 1 ? "" : "s");
	for (i = 0; i < l->n && at < len; i++)
		at += (size_t)snprintf(buf + at, len - at, " %u@%u",
			l->len[i], l->head[i]);
	return buf;
}

/* Block multiples for block modes: 1 block, near 2 KiB, the max, any;
 * what is over @max is cut to it (backends with a smaller buffer). */
static uint32_t
gen_data_len(struct dt_rng *r, uint16_t block, uint32_t max)
{
	uint32_t blocks = RTE_MAX(max / block, 1u);
	uint32_t c = dt_rng_range(r, 0, 99), len;

	if (c < 15)
		len = block == 1 ? dt_rng_range(r, 1, 16) : block;
	else if (c < 40)
		len = NEAR_2K + block * dt_rng_range(r, 0, 6) - 3 * block -
			(block == 1 ? dt_rng_range(r, 0, 16) : 0);
	else if (c < 45)
		len = blocks * block;
	else
		len = block * dt_rng_range(r, 1, blocks);
	return RTE_MIN(len, blocks * block);
}

/* Untouched bytes around the ranges: none a third of the time. */
static uint32_t
gen_pad(struct dt_rng *r, uint32_t max)
{
	return dt_rng_chance(r, 30) ? 0 : dt_rng_range(r, 1, max);
}

static void
gen_cipher_shape(struct dt_rng *r, struct dt_case *c)
{
	c->shape = DT_SHAPE_CIPHER;
	c->c_off = gen_pad(r, DT_PREFIX_MAX);
	c->pkt_len = c->c_off + c->c_len + gen_pad(r, DT_TRAILER_MAX);
}

/* Inline digests need the MAC range to end where the cipher range does. */
static bool
gen_inline(struct dt_rng *r, const struct dt_group *g, uint8_t shape)
{
	if (shape == DT_SHAPE_FREE || g->digest_mode == DT_DIGEST_DETACHED)
		return false;
	return g->digest_mode == DT_DIGEST_INLINE || dt_rng_chance(r, 50);
}

/*
 * ESP (RFC 4303) as DPDK's ipsec library lays it out: outer bytes the op
 * does not touch, SPI and sequence number, the IV, the payload; the MAC
 * covers header + IV + cipher text, the cipher only the payload. Out of
 * place only ESP and SAME: there DPDK's meaning of "MAC over the cipher
 * text" is the same whether a PMD reads it from src or dst.
 */
static void
gen_chain_shape(struct dt_rng *r, const struct dt_group *g,
		const struct dt_burst *b, struct dt_case *c)
{
	uint32_t c_end;

	c->shape = dt_rng_range(r, DT_SHAPE_ESP, DT_SHAPE_FREE);
	if (dt_classes[g->cls].oop && c->shape == DT_SHAPE_FREE)
		c->shape = DT_SHAPE_ESP;
	if (c->shape == DT_SHAPE_ESP) {
		c->a_off = gen_pad(r, DT_PREFIX_MAX);
		c->c_off = c->a_off + DT_ESP_HDR + g->cipher->iv_len;
	} else {
		c->c_off = gen_pad(r, DT_PREFIX_MAX);
	}
	c_end = c->c_off + c->c_len;
	c->d_inline = gen_inline(r, g, c->shape);
	c->d_off = c_end;
	c->pkt_len = c_end + (c->d_inline ? b->digest_len : 0) +
		gen_pad(r, DT_TRAILER_MAX);
	if (c->shape == DT_SHAPE_ESP) {
		c->a_len = c_end - c->a_off;
	} else if (c->shape == DT_SHAPE_SAME) {
		c->a_off = c->c_off;
		c->a_len = c->c_len;
	} else {
		c->a_off = dt_rng_range(r, 0, c->pkt_len - 1);
		c->a_len = dt_rng_range(r, 1, c->pkt_len - c->a_off);
	}
}

/* Piece lengths summing to @total: many 1-byte and tiny pieces. */
static void
sgl_lengths(struct dt_rng *r, uint32_t total, struct dt_layout *l)
{
	uint32_t weight[DT_PIECES_MAX], wsum = 0, fixed = 0, rest, share;
	unsigned int i, last = l->n - 1;

	for (i = 0; i < l->n; i++) {
		uint32_t c = dt_rng_range(r, 0, 99);

		weight[i] = 0;
		l->len[i] = c < 25 ? 1 : c < 40 ? dt_rng_range(r, 2, 15) : 0;
		if (l->len[i] == 0)
			weight[i] = dt_rng_range(r, 1, 64);
		fixed += l->len[i];
	}
	if (fixed > total) {	/* a short packet: all pieces share it */
		for (i = 0; i < l->n; i++) {
			l->len[i] = 0;
			weight[i] = 1;
		}
		fixed = 0;
	}
	for (i = 0; i < l->n; i++) {
		wsum += weight[i];
		if (weight[i] != 0)
			last = i;
	}
	if (wsum == 0)
		weight[last] = wsum = 1;
	rest = total - fixed;
	for (i = 0; i < l->n; i++) {
		if (weight[i] == 0)
			continue;
		share = i == last ? rest : (uint32_t)((uint64_t)
			(total - fixed) * weight[i] / wsum);
		share = RTE_MIN(share, rest);
		l->len[i] += share;
		rest -= share;
	}
}

/* An empty piece somewhere (first, middle or last) a third of the time. */
static void
sgl_add_empty(struct dt_rng *r, struct dt_layout *l)
{
	unsigned int at, i;

	if (l->n >= DT_PIECES_MAX || !dt_rng_chance(r, 35))
		return;
	at = dt_rng_range(r, 0, l->n);
	for (i = l->n; i > at; i--)
		l->len[i] = l->len[i - 1];
	l->len[at] = 0;
	l->n++;
}

/* Merge neighbours until the pieces the request maps fit in @cap. */
static void
sgl_fit(struct dt_rng *r, struct dt_layout *l, uint32_t lo, uint32_t hi,
		unsigned int cap)
{
	unsigned int j, i;

	while (l->n > 2 && dt_layout_descs(l, lo, hi) > cap) {
		j = dt_rng_range(r, 0, l->n - 2);
		l->len[j] += l->len[j + 1];
		for (i = j + 1; i + 1 < l->n; i++)
			l->len[i] = l->len[i + 1];
		l->n--;
	}
}

/*
 * An inline digest is one pointer, so one piece must hold all of
 * [from, to): merge the pieces it would straddle, and split elsewhere if
 * that left a single piece.
 */
static void
sgl_hold(struct dt_rng *r, struct dt_layout *l, uint32_t from, uint32_t to)
{
	uint32_t off = 0;
	unsigned int i = 0, j;

	while (i < l->n && (l->len[i] == 0 || off + l->len[i] <= from))
		off += l->len[i++];
	while (i + 1 < l->n && off + l->len[i] < to) {
		l->len[i] += l->len[i + 1];
		for (j = i + 1; j + 1 < l->n; j++)
			l->len[j] = l->len[j + 1];
		l->n--;
	}
	if (l->n == 1) {	/* from > 0: the cipher range comes first */
		l->len[1] = l->len[0];
		l->len[0] = dt_rng_range(r, 1, from);
		l->len[1] -= l->len[0];
		l->n = 2;
	}
}

static void
gen_heads(struct dt_rng *r, struct dt_layout *l)
{
	unsigned int i;

	for (i = 0; i < l->n; i++)
		l->head[i] = dt_rng_chance(r, 50) ? RTE_PKTMBUF_HEADROOM :
			dt_rng_range(r, 0, DT_HEAD_MAX);
}

static void
gen_linear(struct dt_rng *r, uint32_t total, struct dt_layout *l)
{
	l->n = 1;
	l->len[0] = total;
	gen_heads(r, l);
}

static void
gen_sgl(struct dt_rng *r, const struct dt_case *c, uint16_t digest_len,
		unsigned int cap, struct dt_layout *l)
{
	uint32_t pick = dt_rng_range(r, 0, 99), lo, hi;

	l->n = pick < 30 ? dt_rng_range(r, 2, 4) : pick < 70 ?
		dt_rng_range(r, 5, 12) : dt_rng_range(r, 13, PIECES_SGL_MAX);
	dt_case_span(c, &lo, &hi);
	sgl_lengths(r, c->pkt_len, l);
	sgl_add_empty(r, l);
	sgl_fit(r, l, lo, hi, cap);
	if (c->d_inline)
		sgl_hold(r, l, c->d_off, c->d_off + digest_len);
	gen_heads(r, l);
}

/*
 * Source and destination layouts of the group's class, within the
 * descriptor budget: in place the pieces are mapped twice (read, then
 * written), out of place src and dst share what is left.
 */
static void
gen_layouts(struct dt_rng *r, const struct dt_group *g,
		const struct dt_burst *b, struct dt_case *c)
{
	const struct dt_class_info *ci = &dt_classes[g->cls];
	unsigned int budget = g->desc_max - dt_fixed_descs(g), cap;
	uint32_t lo, hi;

	dt_case_span(c, &lo, &hi);
	if (ci->src_sgl) {
		cap = !ci->oop ? budget / 2 : ci->dst_sgl ?
			dt_rng_range(r, 2, budget - 2) : budget - 1;
		gen_sgl(r, c, b->digest_len, cap, &c->src);
	} else {
		gen_linear(r, c->pkt_len, &c->src);
	}
	if (!ci->oop)
		return;
	cap = budget - dt_layout_descs(&c->src, lo, hi);
	if (ci->dst_sgl)
		gen_sgl(r, c, b->digest_len, cap, &c->dst);
	else
		gen_linear(r, c->pkt_len, &c->dst);
}

static void
gen_case(struct dt_rng *r, const struct dt_group *g, const struct dt_burst *b,
		struct dt_case *c)
{
	memset(c, 0, offsetof(struct dt_case, in));
	c->c_len = gen_data_len(r, g->cipher->block, g->max_len);
	if (g->mac == NULL)
		gen_cipher_shape(r, c);
	else
		gen_chain_shape(r, g, b, c);
	dt_rng_bytes(r, c->iv, g->cipher->iv_len);
	dt_rng_bytes(r, c->in, c->pkt_len);
	if (c->shape == DT_SHAPE_ESP)	/* the IV travels in the packet too */
		memcpy(c->in + c->a_off + DT_ESP_HDR, c->iv,
			g->cipher->iv_len);
	if (g->mac != NULL && !b->enc && dt_rng_chance(r, 35)) {
		c->bad_digest = true;
		c->bad_byte = dt_rng_range(r, 0, b->digest_len - 1);
		c->bad_bit = dt_rng_range(r, 0, 7);
	}
	gen_layouts(r, g, b, c);
}

/* A size the capability allows: the largest 40% of the time (untruncated
 * MACs, long keys), else any step of the range up to @cap. */
static uint16_t
gen_size(struct dt_rng *r, const struct rte_crypto_param_range *p,
		uint16_t cap)
{
	uint16_t max = RTE_MIN(p->max, cap), steps;

	if (p->increment == 0 || max <= p->min)
		return p->min;
	steps = (max - p->min) / p->increment;
	if (dt_rng_chance(r, 40))
		return p->min + steps * p->increment;
	return p->min + dt_rng_range(r, 0, steps) * p->increment;
}

void
dt_gen_burst(struct dt_rng *r, const struct dt_group *g, uint16_t n,
		struct dt_burst *b)
{
	uint16_t i;

	b->enc = dt_rng_chance(r, 50);
	b->n = n;
	dt_rng_bytes(r, b->key, g->key_len);
	b->akey_len = 0;
	b->digest_len = 0;
	if (g->mac != NULL) {
		b->akey_len = gen_size(r, &g->akey, DT_AKEY_MAX);
		b->digest_len = gen_size(r, &g->digest, DT_DIGEST_MAX);
		dt_rng_bytes(r, b->akey, b->akey_len);
	}
	for (i = 0; i < n; i++)
		gen_case(r, g, b, &b->cases[i]);
}
