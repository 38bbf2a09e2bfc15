/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Fuzz target: the used ring as a hostile device writes it. The input is
 * a script: the driver posts (segment lists and runs), flushes and polls;
 * the "device" is the input itself, writing any used id, any length and
 * any used index. Whatever it writes, every completion the queue hands
 * back must be a request we published and have not had back, with no
 * more bytes than we posted as writable; once the queue breaks, drain
 * hands back exactly the rest. Anything else aborts (a finding).
 * libFuzzer entry point; fuzz_main.c replays a corpus and mutates without
 * libFuzzer.
 */
#include "vcrypto_vq.c"
#include "vcrypto_vq_split.c"

#include <stdio.h>
#include <stdlib.h>

#include <linux/virtio_ring.h>

#include "fuzz.h"

#define SIZE_MAX_FZ 16

struct shadow {
	bool live;		/* posted, not yet back */
	bool published;
	uint32_t wlen;
	uint64_t serial;
};

static struct vcrypto_vq *vq;
static struct shadow sh[SIZE_MAX_FZ];
static uint8_t mem[SIZE_MAX_FZ][256];
static uint64_t serial;
static unsigned int live;

static void
check_cpl(const struct vcrypto_vq_cpl *c)
{
	struct shadow *s;

	FZ_CHECK(c->id < vcrypto_vq_size(vq));
	s = &sh[c->id];
	FZ_CHECK(s->live && s->published);
	FZ_CHECK(c->len <= s->wlen);
	FZ_CHECK(c->cookie == (void *)(uintptr_t)(s->serial + 1));
	s->live = false;
	live--;
}

static void
post(struct fz *f)
{
	struct vcrypto_vq_seg segs[4];
	uint8_t shape = fz_u8(f);
	uint16_t nr_ro = 1 + shape % 2, nr_wo = 1 + (shape >> 1) % 2, k;
	uint32_t wlen = 0;
	int id;

	id = vcrypto_vq_next_id(vq);
	if (id < 0)
		return;
	for (k = 0; k < nr_ro + nr_wo; k++) {
		segs[k].iova = (uintptr_t)&mem[id][k * 64];
		segs[k].len = 1 + fz_u8(f) % 64;
		if (k >= nr_ro)
			wlen += segs[k].len;
	}
	id = vcrypto_vq_post(vq, segs, nr_ro, nr_wo,
			     (void *)(uintptr_t)(serial + 1));
	if (id < 0) {
		FZ_CHECK(id == -ENOSPC);
		return;
	}
	FZ_CHECK(!sh[id].live);
	sh[id] = (struct shadow){ true, false, wlen, serial++ };
	live++;
}

static void
post_run(struct fz *f)
{
	struct vcrypto_vq_run r;
	uint8_t tag = 1 + fz_u8(f) % 3;
	uint32_t j, id, len;
	int room;

	room = vcrypto_vq_run_open(vq, tag, 1, 1, 1 + fz_u8(f) % 8, &r);
	if (room == -ENOTSUP)
		return;
	FZ_CHECK(room >= 0);
	for (j = 0; j < (uint32_t)room; j++) {
		id = vcrypto_vq_run_id(&r, j);
		FZ_CHECK(id < vcrypto_vq_size(vq) && !sh[id].live);
		if (r.unkept & (UINT64_C(1) << j)) {
			vcrypto_vq_run_set(&r, id, 0, (uintptr_t)mem[id], 16);
			vcrypto_vq_run_keep(&r, id);
		}
		len = 1 + fz_u8(f) % 64;
		vcrypto_vq_run_set(&r, id, 1, (uintptr_t)&mem[id][64], len);
		vcrypto_vq_run_post(&r, id, len, (void *)(uintptr_t)(serial + 1));
		sh[id] = (struct shadow){ true, false, len, serial++ };
		live++;
	}
	vcrypto_vq_run_close(vq, &r);
}

static void
flush(void)
{
	unsigned int i;

	if (vcrypto_vq_is_broken(vq))
		return;
	vcrypto_vq_flush(vq);
	for (i = 0; i < vcrypto_vq_size(vq); i++)
		if (sh[i].live)
			sh[i].published = true;
}

/* The device writes one used entry (anything) and maybe moves the idx. */
static void
device_write(struct fz *f, struct vring_used *used, uint16_t *dev_idx)
{
	uint16_t size = vcrypto_vq_size(vq);
	struct vring_used_elem *e = &used->ring[*dev_idx & (size - 1)];
	uint8_t how = fz_u8(f);

	e->id = (how & 1) ? fz_u32(f) : fz_u8(f) % (size + 2);
	e->len = (how & 2) ? fz_u32(f) : fz_u8(f);
	if (how & 4)
		*dev_idx = fz_u16(f);
	else
		(*dev_idx)++;
	__atomic_store_n(&used->idx, *dev_idx, __ATOMIC_RELEASE);
}

/* Cookies, written reap by reap as the PMD's dequeue does. */
static void
reap(struct fz *f)
{
	struct vcrypto_vq_reap r;
	struct vcrypto_vq_cpl c;
	uint16_t n, i;

	n = vcrypto_vq_reap_open(vq, 1 + fz_u8(f) % 8, &r);
	for (i = 0; i < n && vcrypto_vq_reap_next(vq, &r, &c); i++)
		check_cpl(&c);
	vcrypto_vq_reap_close(vq, &r);
}

static void
poll_some(struct fz *f)
{
	struct vcrypto_vq_cpl c[8];
	uint16_t n, i;

	n = vcrypto_vq_poll(vq, c, 1 + fz_u8(f) % 8);
	for (i = 0; i < n; i++)
		check_cpl(&c[i]);
}

/* Broken: what is left comes back by drain, once each. */
static void
drain_all(void)
{
	struct vcrypto_vq_cpl c[SIZE_MAX_FZ];
	uint16_t n, i;

	n = vcrypto_vq_drain(vq, c, RTE_DIM(c));
	FZ_CHECK(n == live);
	for (i = 0; i < n; i++) {
		FZ_CHECK(sh[c[i].id].live);
		FZ_CHECK(c[i].cookie ==
			 (void *)(uintptr_t)(sh[c[i].id].serial + 1));
		sh[c[i].id].live = false;
	}
	live = 0;
	FZ_CHECK(vcrypto_vq_drain(vq, c, RTE_DIM(c)) == 0);
	FZ_CHECK(vcrypto_vq_inflight(vq) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = { data, size, 0 };
	uint8_t mode = fz_u8(&f);
	struct vcrypto_vq_params p = {
		.name = "fz_q", .size = 4u << (mode % 3), .max_segs = 4,
		.layout = VCRYPTO_VQ_SPLIT, .indirect = mode & 0x10,
		.event_idx = mode & 0x20,
	};
	struct vring_used *used;
	uint16_t dev_idx = 0;
	unsigned int steps = 0;

	fz_quiet();
	if (vcrypto_vq_create(&p, &vq) != 0)
		abort();
	used = vq->split.used;
	memset(sh, 0, sizeof(sh));
	serial = 0;
	live = 0;
	while (!fz_done(&f) && steps++ < 4096) {
		switch (fz_u8(&f) % 8) {
		case 0: case 1:
			post(&f);
			break;
		case 2:
			if (p.indirect)
				post_run(&f);
			break;
		case 3:
			flush();
			break;
		case 4: case 5:
			device_write(&f, used, &dev_idx);
			break;
		case 6:
			reap(&f);
			break;
		case 7:
			poll_some(&f);
			break;
		}
		FZ_CHECK(vcrypto_vq_inflight(vq) == live);
		if (vcrypto_vq_is_broken(vq)) {
			drain_all();
			vcrypto_vq_reinit(vq);
			memset(sh, 0, sizeof(sh));
			dev_idx = 0;
		}
	}
	vcrypto_vq_destroy(vq);
	vq = NULL;
	return 0;
}
