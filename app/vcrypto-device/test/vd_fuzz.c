/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Fuzz test of the ring walker and the request parsers (build with ASan and
 * UBSan, see run-tests.sh). Valid requests are mutated (bytes, lengths,
 * descriptor flags, segmentation) and fed through vd_vring_pop() and
 * vd_crypto_ctrl()/vd_crypto_data(); the sanitizers catch any out-of-bounds
 * access, the test checks that every popped chain is answered within its
 * writable part.
 *   vd-fuzz SECONDS [SEED]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <linux/virtio_crypto.h>

#include "vd.h"
#include "vd_crypto.h"
#include "vd_vring.h"

#define MEM	(1u << 20)
#define GPA	0x10000ull
#define QS	64

static uint64_t rs;

static uint32_t rnd(void)
{
	rs ^= rs << 13; rs ^= rs >> 7; rs ^= rs << 17;
	return (uint32_t)rs;
}

static uint8_t *mem;

static void put_desc(uint8_t *d, uint64_t a, uint32_t l, uint16_t f, uint16_t n)
{
	vd_put64(d, a); vd_put32(d + 8, l);
	d[12] = (uint8_t)f; d[13] = (uint8_t)(f >> 8); d[14] = (uint8_t)n; d[15] = (uint8_t)(n >> 8);
}

/* A valid-looking request template of a random kind. */
static uint32_t template(uint8_t *r, bool *ctrl, uint32_t *wlen, uint64_t sid, bool rev1)
{
	uint32_t k = rnd() % 8, n;

	memset(r, 0, 4096);
	*ctrl = k < 3 || k == 6;
	switch (k) {
	case 0:	/* cipher create */
		vd_put32(r, VIRTIO_CRYPTO_CIPHER_CREATE_SESSION);
		vd_put32(r + 16, VIRTIO_CRYPTO_CIPHER_AES_CBC);
		vd_put32(r + 20, 16);
		vd_put32(r + 24, 1 + rnd() % 2);
		vd_put32(r + 64, 1 + (rnd() & 1));
		*wlen = 16;
		return 72 + 16 + (rnd() & 1) * 20;
	case 1:	/* aead create */
		vd_put32(r, VIRTIO_CRYPTO_AEAD_CREATE_SESSION);
		vd_put32(r + 16, 1 + rnd() % 3);
		vd_put32(r + 20, 32);
		vd_put32(r + 24, 16);
		vd_put32(r + 32, 1);
		*wlen = 16;
		return (rev1 ? 40 : 72) + 32;
	case 2:	/* destroy */
		vd_put32(r, VIRTIO_CRYPTO_CIPHER_DESTROY_SESSION + 0x100 * (rnd() % 4));
		vd_put64(r + 16, sid);
		*wlen = 1;
		return rev1 ? 24 : 72;
	case 3:	/* cipher data */
		n = (rnd() % 8) * 16;
		vd_put32(r, VIRTIO_CRYPTO_CIPHER_ENCRYPT);
		vd_put64(r + 8, sid);
		vd_put32(r + 16, rev1);
		vd_put32(r + 24, 16);
		vd_put32(r + 28, n);
		vd_put32(r + 32, n);
		vd_put32(r + 64, 1);
		*wlen = n + 1;
		return 72 + 16 + n;
	case 4:	/* hash/mac */
		n = rnd() % 300;
		vd_put32(r, rnd() & 1 ? VIRTIO_CRYPTO_HASH : VIRTIO_CRYPTO_MAC);
		vd_put64(r + 8, sid);
		vd_put32(r + 16, rev1);
		vd_put32(r + 24, n);
		vd_put32(r + 28, 32);
		*wlen = 33;
		return (rev1 ? 32 : 72) + n;
	case 6:	/* akcipher create with a random "DER" key */
		n = rnd() % 300;
		vd_put32(r, VIRTIO_CRYPTO_AKCIPHER_CREATE_SESSION);
		vd_put32(r + 16, 1 + (rnd() & 1));
		vd_put32(r + 20, 1 + (rnd() & 1));
		vd_put32(r + 24, n);
		vd_put32(r + 28, rnd() % 6);
		r[72] = 0x30;
		for (uint32_t i = 1; i < n; i++)
			r[72 + i] = (uint8_t)rnd();
		*wlen = 16;
		return 72 + n;
	case 7:	/* akcipher data */
		n = rnd() % 300;
		vd_put32(r, VIRTIO_CRYPTO_AKCIPHER_ENCRYPT + rnd() % 4);
		vd_put64(r + 8, sid);
		vd_put32(r + 16, rev1);
		vd_put32(r + 24, n);
		vd_put32(r + 28, 256);
		*wlen = 257;
		return (rev1 ? 32 : 72) + n;
	default: /* aead data */
		n = rnd() % 200;
		vd_put32(r, VIRTIO_CRYPTO_AEAD_ENCRYPT + (rnd() & 1));
		vd_put64(r + 8, sid);
		vd_put32(r + 16, rev1);
		vd_put32(r + 24, 12);
		vd_put32(r + 28, 8);
		vd_put32(r + 32, n);
		vd_put32(r + 36, n + 16);
		vd_put32(r + 40, 16);
		*wlen = n + 17;
		return (rev1 ? 48 : 72) + 12 + n + 8;
	}
}

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 10;
	struct vd_crypto_opts o = { .engine = &vd_engine_openssl,
				    .max_dataqueues = 1, .max_sessions = 16, .services = 0x1f,
				    .max_size = 65536, .crypto_features = 0x1f };
	struct vd_crypto *d[2];
	struct vd_scratch s;
	struct vd_mem m = { .n = 1 };
	struct vd_vring vr, vp;
	struct vd_chain *c = malloc(sizeof(*c));
	uint8_t *req = malloc(4096);
	uint64_t iters = 0, popped = 0, bad = 0;
	struct timespec t0, t1;
	int failures = 0;

	rs = argc > 2 ? strtoull(argv[2], NULL, 0) : (uint64_t)time(NULL) | 1;
	printf("vd-fuzz: seed %llu, %.0f s\n", (unsigned long long)rs, secs);
	vd_verbose = -1;
	mem = calloc(1, MEM);
	m.r[0] = (struct vd_region){ .gpa = GPA, .size = MEM, .uva = 0, .host = mem };
	d[0] = vd_crypto_new(&o);
	o.engine = &vd_engine_null;
	d[1] = vd_crypto_new(&o);
	vd_crypto_set_features(d[0], 1);
	vd_scratch_init(&s, d[0]);
	memset(&vr, 0, sizeof(vr));
	vr.num = QS;
	vr.indirect = true;
	vr.desc = mem;
	vr.avail = mem + 16 * QS;
	vr.used = mem + 4096;
	/* packed ring: its own descriptor area and event structs */
	memset(&vp, 0, sizeof(vp));
	vp.num = QS;
	vp.packed = true;
	vp.indirect = true;
	vp.avail_wrap = vp.used_wrap = true;
	vp.desc = mem + 0x5000;
	vp.avail = mem + 0x5800;
	vp.used = mem + 0x5810;
	if (!freopen("/dev/null", "w", stderr))	/* violation log lines */
		return 2;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		bool ctrl, rev1 = iters & 1;
		uint32_t wlen, rlen, nseg = 0, st_len;
		uint64_t sid = rnd() % 4 ? rnd() % 20 : ((uint64_t)rnd() << 32 | rnd());
		uint8_t *buf = mem + 0x8000, *tab = mem + 0x2000;
		uint32_t off = 0, total;
		uint16_t head = 0;
		struct vd_crypto *dc = d[iters >> 1 & 1];
		int st, rc;

		if (iters % 256 == 0) {
			clock_gettime(CLOCK_MONOTONIC, &t1);
			if (t1.tv_sec - t0.tv_sec + (t1.tv_nsec - t0.tv_nsec) / 1e9 > secs)
				break;
		}
		if (iters % 512 == 0) {	/* free the session table now and then */
			vd_crypto_reset(d[0]);
			vd_crypto_reset(d[1]);
		}
		vd_crypto_set_features(dc, rev1 ? (rnd() & 1 ? 0x1f : 1) : 0);
		rlen = template(req, &ctrl, &wlen, sid, rev1);
		/* stateless layouts: a sess_para-sized shift of the same fields */
		if (rev1 && !ctrl && rnd() % 4 == 0) {
			memmove(req + 24 + 12, req + 24, 2000);
			memset(req + 24, 0, 12);
			vd_put32(req + 16, 0);
			rlen += 12;
		}
		/* mutations */
		for (uint32_t k = rnd() % 4; k; k--)
			req[rnd() % (rlen < 80 ? rlen : 80)] ^= (uint8_t)(1u << (rnd() % 8));
		if (rnd() % 8 == 0)
			vd_put32(req + 24 + 4 * (rnd() % 6), rnd() % 8 ? rnd() % 512 : rnd());
		if (rnd() % 8 == 0)
			rlen = rnd() % 600;
		if (rnd() % 8 == 0)
			wlen = rnd() % 600;
		total = rlen + wlen;
		memcpy(buf, req, rlen < 4096 ? rlen : 4096);
		/* segment into an indirect table or a direct chain */
		while (off < total && nseg < 60) {
			uint32_t l = 1 + rnd() % 96;
			uint16_t f;

			if (off + l > total || nseg == 59)
				l = total - off;
			f = (off >= rlen ? 2 : 0) | 1;
			if (rnd() % 64 == 0)
				f ^= 2;
			if (rnd() % 128 == 0)
				f |= 4;
			put_desc(tab + 16 * nseg, rnd() % 256 ? GPA + 0x8000 + off : rnd() * 4096ull,
				 rnd() % 256 ? l : rnd(), f,
				 rnd() % 64 ? (uint16_t)(nseg + 1) : (uint16_t)(rnd() % 70));
			off += l;
			nseg++;
		}
		if (nseg)
			tab[16 * (nseg - 1) + 12] &= (uint8_t)~1;
		if (rnd() % 3 == 0) {
			/* packed: same segments, in ring order from last_avail */
			uint16_t pos = vp.last_avail;
			bool w = vp.avail_wrap;

			for (uint32_t i = 0; i < nseg && i < QS; i++) {
				uint16_t f = (uint16_t)(tab[16 * i + 12] | tab[16 * i + 13] << 8);

				f &= 7;
				f |= w ? 1 << 7 : 1 << 15;
				if (rnd() % 128 == 0)
					f ^= (uint16_t)(1u << (rnd() % 16));
				put_desc(mem + 0x5000 + 16 * pos, vd_le64(tab + 16 * i),
					 vd_le32(tab + 16 * i + 8), (uint16_t)(rnd() % 70), f);
				if (++pos == QS) {
					pos = 0;
					w = !w;
				}
			}
			/* put_desc wrote (id, flags) into the (flags, next) slots */
			rc = vd_vring_pop(&vp, &m, c);
			iters++;
			if (rc == 0)
				continue;
			if (rc == -2 || rc == 1)
				popped += rc == 1;
			if (rc == 1) {
				st_len = ctrl ? vd_crypto_ctrl(dc, c, &s, &st) :
					vd_crypto_data(dc, c, &s, &st);
				if (st_len > c->w_len) {
					printf("FAIL: used length %u > writable %llu\n", st_len,
					       (unsigned long long)c->w_len);
					failures++;
				}
			} else {
				st_len = 0;
				bad++;
			}
			if (c->ndesc == 0 || c->ndesc > QS) {
				printf("FAIL: packed chain of %u descriptors\n", c->ndesc);
				failures++;
			}
			vd_vring_push(&vp, c->head, st_len, c->ndesc);
			/* the driver side: jump past what the device consumed */
			vp.used_idx = vp.last_avail;
			vp.used_wrap = vp.avail_wrap;
			continue;
		}
		if (rnd() & 1) {
			put_desc(mem + 16 * head, GPA + 0x2000, nseg * 16 + (rnd() % 32 ? 0 : rnd() % 20),
				 4 | (rnd() % 32 ? 0 : 1), 0);
		} else {
			memcpy(mem, tab, 16 * (nseg < QS ? nseg : QS));
			for (uint32_t i = 0; i < nseg && i < QS; i++)
				put_desc(mem + 16 * i, vd_le64(tab + 16 * i),
					 vd_le32(tab + 16 * i + 8),
					 (uint16_t)(tab[16 * i + 12] | tab[16 * i + 13] << 8),
					 (uint16_t)(tab[16 * i + 14] | tab[16 * i + 15] << 8));
		}
		/* publish */
		{
			uint16_t ai = (uint16_t)(vr.last_avail + 1);

			vr.avail[4 + 2 * (vr.last_avail % QS)] = rnd() % 64 ? 0 : (uint8_t)rnd();
			vr.avail[5 + 2 * (vr.last_avail % QS)] = rnd() % 64 ? 0 : (uint8_t)rnd();
			vr.avail[2] = (uint8_t)ai;
			vr.avail[3] = (uint8_t)(ai >> 8);
		}
		rc = vd_vring_pop(&vr, &m, c);
		iters++;
		if (rc != 1) {
			bad++;
			continue;
		}
		popped++;
		if (ctrl ^ (rnd() % 16 == 0))
			st_len = vd_crypto_ctrl(dc, c, &s, &st);
		else
			st_len = vd_crypto_data(dc, c, &s, &st);
		if (st_len > c->w_len) {
			printf("FAIL: used length %u > writable %llu\n", st_len,
			       (unsigned long long)c->w_len);
			failures++;
		}
		vd_vring_push(&vr, c->head, st_len, c->ndesc);
	}
	printf("vd-fuzz: %llu iterations, %llu chains parsed, %llu refused by the walker, "
	       "%u+%u sessions live\n", (unsigned long long)iters, (unsigned long long)popped,
	       (unsigned long long)bad, vd_crypto_live_sessions(d[0]),
	       vd_crypto_live_sessions(d[1]));
	/* A run that never got a chain through would test nothing. */
	if (popped < iters / 10) {
		printf("FAIL: too few valid chains (%llu)\n", (unsigned long long)popped);
		failures++;
	}
	vd_crypto_free(d[0]);
	vd_crypto_free(d[1]);
	vd_scratch_fini(&s);
	free(c);
	free(req);
	free(mem);
	printf("%d passed, %d failed\n", failures ? 0 : 1, failures ? 1 : 0);
	return failures ? 1 : 0;
}
