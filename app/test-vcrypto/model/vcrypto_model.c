/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Device side of a split virtqueue (see vcrypto_model.h). Reads what the
 * driver made available, checks it like QEMU's hw/virtio/virtio.c
 * (virtqueue_num_heads, virtqueue_get_head, virtqueue_read_next_desc), and
 * writes used entries, truthfully or not. Test code: DPDK headers only.
 */
#include <endian.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/virtio_ring.h>

#include <rte_common.h>

#include "vcrypto_model.h"

#define MODEL_MAX_SIZE 32768
#define FNV_OFFSET 0xcbf29ce484222325ULL
#define FNV_PRIME 0x100000001b3ULL

static const char * const fault_names[VCRYPTO_MODEL_FAULT_COUNT] = {
	[VCRYPTO_MODEL_FAULT_NONE] = "none",
	[VCRYPTO_MODEL_FAULT_ID_RANGE] = "id-range",
	[VCRYPTO_MODEL_FAULT_ID_NOT_INFLIGHT] = "id-not-inflight",
	[VCRYPTO_MODEL_FAULT_DUPLICATE] = "duplicate",
	[VCRYPTO_MODEL_FAULT_LEN_TOO_BIG] = "len-too-big",
	[VCRYPTO_MODEL_FAULT_IDX_JUMP] = "idx-jump",
};

const char *
vcrypto_model_fault_name(enum vcrypto_model_fault fault)
{
	if ((unsigned int)fault >= VCRYPTO_MODEL_FAULT_COUNT)
		return "?";
	return fault_names[fault];
}

static void __rte_format_printf(2, 3)
violation(struct vcrypto_model *m, const char *fmt, ...)
{
	va_list ap;

	if (m->violations++ > 0)
		return;
	va_start(ap, fmt);
	vsnprintf(m->violation, sizeof(m->violation), fmt, ap);
	va_end(ap);
}

static void *
map(const struct vcrypto_model *m, uint64_t iova, uint64_t len)
{
	if (iova == 0 || iova + len < iova)
		return NULL;
	if (m->cfg.map != NULL)
		return m->cfg.map(m->cfg.map_ctx, iova, len);
	return (void *)(uintptr_t)iova;
}

void *
vcrypto_model_map(const struct vcrypto_model *m, uint64_t iova, uint64_t len)
{
	return map(m, iova, len);
}

static struct vring_avail *
avail(const struct vcrypto_model *m)
{
	return m->avail;
}

static struct vring_used *
used(const struct vcrypto_model *m)
{
	return m->used;
}

int
vcrypto_model_init(struct vcrypto_model *m, const struct vcrypto_model_cfg *cfg)
{
	uint16_t size = cfg->size;

	memset(m, 0, sizeof(*m));
	if (size == 0 || size > MODEL_MAX_SIZE || (size & (size - 1)) != 0)
		return -EINVAL;
	m->cfg = *cfg;
	m->desc = map(m, cfg->desc, sizeof(struct vring_desc) * size);
	m->avail = map(m, cfg->avail, sizeof(uint16_t) * (3 + size));
	m->used = map(m, cfg->used, sizeof(uint16_t) * 3 +
		      sizeof(struct vring_used_elem) * size);
	if (m->desc == NULL || m->avail == NULL || m->used == NULL)
		return -EINVAL;
	m->held = calloc(size, sizeof(*m->held));
	m->busy = calloc(size, sizeof(*m->busy));
	m->segs = calloc(size, sizeof(*m->segs));
	if (m->held == NULL || m->busy == NULL || m->segs == NULL) {
		vcrypto_model_fini(m);
		return -ENOMEM;
	}
	m->rng = cfg->seed != 0 ? cfg->seed : 0x9e3779b97f4a7c15ULL;
	return 0;
}

void
vcrypto_model_fini(struct vcrypto_model *m)
{
	free(m->held);
	free(m->busy);
	free(m->segs);
	m->held = NULL;
	m->busy = NULL;
	m->segs = NULL;
}

void
vcrypto_model_reset(struct vcrypto_model *m)
{
	memset(m->busy, 0, sizeof(*m->busy) * m->cfg.size);
	m->nheld = 0;
	m->last_avail = 0;
	m->used_idx = 0;
	m->used_flags = 0;
	m->fault = VCRYPTO_MODEL_FAULT_NONE;
}

static uint64_t
fnv(uint64_t h, const void *p, size_t len)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ b[i]) * FNV_PRIME;
	return h;
}

/* Hash of every descriptor of a chain, bounded walk, no checks. */
static uint64_t
chain_hash(const struct vcrypto_model *m, uint16_t head)
{
	const struct vring_desc *table = m->desc;
	struct vring_desc d = table[head];
	uint32_t max = m->cfg.size;
	uint64_t h = fnv(FNV_OFFSET, &d, sizeof(d));
	uint32_t i, n;

	if (le16toh(d.flags) & VRING_DESC_F_INDIRECT) {
		max = le32toh(d.len) / sizeof(d);
		table = map(m, le64toh(d.addr), le32toh(d.len));
		if (table == NULL || max == 0)
			return h;
		d = table[0];
		h = fnv(h, &d, sizeof(d));
	}
	for (n = 1; n < max && (le16toh(d.flags) & VRING_DESC_F_NEXT); n++) {
		i = le16toh(d.next);
		if (i >= max)
			break;
		d = table[i];
		h = fnv(h, &d, sizeof(d));
	}
	return h;
}

/* Checks of one descriptor of a chain; returns false on a violation. */
static bool
check_desc(struct vcrypto_model *m, const struct vring_desc *d, bool in_table,
	   bool seen_write, uint64_t *total)
{
	uint16_t flags = le16toh(d->flags);
	uint32_t len = le32toh(d->len);

	if (flags & VRING_DESC_F_INDIRECT) {
		violation(m, in_table ? "nested INDIRECT descriptor" :
			  "INDIRECT descriptor inside a chain");
		return false;
	}
	if (flags & ~(VRING_DESC_F_NEXT | VRING_DESC_F_WRITE)) {
		violation(m, "unknown descriptor flags %#x", flags);
		return false;
	}
	if (len == 0) {
		violation(m, "zero-length descriptor");
		return false;
	}
	if (!(flags & VRING_DESC_F_WRITE) && seen_write) {
		violation(m, "readable descriptor after a writable one");
		return false;
	}
	if (map(m, le64toh(d->addr), len) == NULL) {
		violation(m, "unmapped buffer %#llx+%u",
			  (unsigned long long)le64toh(d->addr), len);
		return false;
	}
	*total += len;
	if (*total > UINT32_MAX) {
		violation(m, "chain longer than 4 GiB");
		return false;
	}
	return true;
}

/* Head of an indirect request: check it, return the table or NULL. */
static const struct vring_desc *
indirect_table(struct vcrypto_model *m, const struct vring_desc *d,
	       uint32_t *max)
{
	uint16_t flags = le16toh(d->flags);
	uint32_t len = le32toh(d->len);
	const struct vring_desc *table;

	if (!m->cfg.indirect) {
		violation(m, "INDIRECT descriptor without the feature");
		return NULL;
	}
	if (flags & VRING_DESC_F_NEXT) {
		violation(m, "INDIRECT descriptor with NEXT");
		return NULL;
	}
	if (len == 0 || len % sizeof(*d) != 0 ||
	    len / sizeof(*d) > m->cfg.size) {
		violation(m, "indirect table length %u (ring size %u)", len,
			  m->cfg.size);
		return NULL;
	}
	table = map(m, le64toh(d->addr), len);
	if (table == NULL)
		violation(m, "unmapped indirect table");
	*max = len / sizeof(*d);
	return table;
}

/* Walk and check the chain at head into m->segs; -1 on a violation. */
static int
walk(struct vcrypto_model *m, uint16_t head, struct vcrypto_model_held *h)
{
	const struct vring_desc *table = m->desc;
	struct vring_desc d = table[head];
	uint32_t max = m->cfg.size, n = 0, i;
	bool in_table = false, seen_write = false;
	uint64_t total = 0;

	h->ndesc = 1;
	h->wlen = 0;
	if (le16toh(d.flags) & VRING_DESC_F_INDIRECT) {
		table = indirect_table(m, &d, &max);
		if (table == NULL)
			return -1;
		in_table = true;
		d = table[0];
	}
	for (;;) {
		if (n >= max) {
			violation(m, "descriptor chain at head %u loops", head);
			return -1;
		}
		if (!check_desc(m, &d, in_table, seen_write, &total))
			return -1;
		seen_write = le16toh(d.flags) & VRING_DESC_F_WRITE;
		m->segs[n].iova = le64toh(d.addr);
		m->segs[n].len = le32toh(d.len);
		m->segs[n].write = seen_write;
		if (seen_write)
			h->wlen += m->segs[n].len;
		n++;
		if (!(le16toh(d.flags) & VRING_DESC_F_NEXT))
			break;
		i = le16toh(d.next);
		if (i >= max) {
			violation(m, "descriptor next %u >= %u", i, max);
			return -1;
		}
		d = table[i];
		if (!in_table)
			h->ndesc++;
	}
	h->head = head;
	h->hash = chain_hash(m, head);
	return (int)n;
}

/* Byte cursor over the R or the W part of m->segs. */
struct cursor {
	const struct vcrypto_model *m;
	uint32_t nseg;
	uint32_t i;
	uint32_t off;
	bool write;
};

static uint8_t *
cursor_next(struct cursor *c)
{
	const struct vcrypto_model_seg *s;
	uint8_t *p;

	for (; c->i < c->nseg; c->i++, c->off = 0) {
		s = &c->m->segs[c->i];
		if (s->write != c->write || c->off >= s->len)
			continue;
		p = map(c->m, s->iova, s->len);
		return p + c->off++;
	}
	return NULL;
}

/*
 * Echo: the writable bytes get the readable bytes (zero-padded or cut),
 * except the last writable byte, which gets the status, as a crypto data
 * request's trailing status byte does.
 */
static void
echo(struct vcrypto_model *m, uint32_t nseg, uint32_t wlen)
{
	struct cursor r = { m, nseg, 0, 0, false };
	struct cursor w = { m, nseg, 0, 0, true };
	uint8_t *in, *out;
	uint32_t k;

	for (k = 0; k < wlen; k++) {
		out = cursor_next(&w);
		if (k + 1 == wlen) {
			*out = m->status;
			break;
		}
		in = cursor_next(&r);
		*out = in != NULL ? *in : 0;
	}
}

/* The driver never writes the used ring. */
static bool
check_used_untouched(struct vcrypto_model *m)
{
	uint16_t idx = le16toh(__atomic_load_n(&used(m)->idx, __ATOMIC_RELAXED));
	uint16_t flags = le16toh(__atomic_load_n(&used(m)->flags,
						 __ATOMIC_RELAXED));

	if (idx != m->used_idx || flags != m->used_flags) {
		violation(m, "driver wrote the used ring: idx %u flags %#x, "
			  "device wrote %u %#x", idx, flags, m->used_idx,
			  m->used_flags);
		return false;
	}
	return true;
}

static bool
check_avail_flags(struct vcrypto_model *m)
{
	uint16_t flags = le16toh(__atomic_load_n(&avail(m)->flags,
						 __ATOMIC_RELAXED));

	if (flags & ~VRING_AVAIL_F_NO_INTERRUPT) {
		violation(m, "unknown avail flags %#x", flags);
		return false;
	}
	if (m->cfg.event_idx && flags != 0) {
		violation(m, "avail flags %#x with EVENT_IDX", flags);
		return false;
	}
	return true;
}

/* Take the request at one avail slot; false on a violation. */
static bool
take(struct vcrypto_model *m)
{
	uint16_t slot = m->last_avail & (m->cfg.size - 1);
	uint16_t head = le16toh(avail(m)->ring[slot]);
	struct vcrypto_model_held h;
	int nseg;

	if (head >= m->cfg.size) {
		violation(m, "avail slot %u: head %u >= ring size %u", slot,
			  head, m->cfg.size);
		return false;
	}
	if (m->busy[head]) {
		violation(m, "head %u made available while in flight", head);
		return false;
	}
	if (m->cfg.head_is_slot && head != slot) {
		violation(m, "head %u != avail slot %u", head, slot);
		return false;
	}
	nseg = walk(m, head, &h);
	if (nseg < 0)
		return false;
	if (m->handler != NULL) {
		h.len = m->handler(m->handler_ctx, m, m->segs, (uint32_t)nseg,
				   h.wlen);
	} else {
		echo(m, (uint32_t)nseg, h.wlen);
		h.len = h.wlen;
	}
	m->busy[head] = true;
	m->last_avail++;
	m->fetched++;
	if (h.len == VCRYPTO_MODEL_NO_COMPLETION) {
		/* Held forever: head stays busy until a reset. */
		m->dropped++;
		return true;
	}
	m->held[m->nheld++] = h;
	return true;
}

unsigned int
vcrypto_model_fetch(struct vcrypto_model *m)
{
	uint16_t idx, n, k;

	if (!check_used_untouched(m) || !check_avail_flags(m))
		return 0;
	/* Descriptors and ring entries are read only after idx. */
	idx = le16toh(__atomic_load_n(&avail(m)->idx, __ATOMIC_ACQUIRE));
	n = idx - m->last_avail;
	if (n > m->cfg.size) {
		violation(m, "avail idx moved from %u to %u (ring size %u)",
			  m->last_avail, idx, m->cfg.size);
		return 0;
	}
	for (k = 0; k < n; k++)
		if (!take(m))
			break;
	return k;
}

static void
put(struct vcrypto_model *m, uint32_t id, uint32_t len)
{
	struct vring_used_elem *e = &used(m)->ring[m->used_idx &
						   (m->cfg.size - 1)];

	e->id = htole32(id);
	e->len = htole32(len);
	m->used_idx++;
}

static struct vcrypto_model_held
pick(struct vcrypto_model *m)
{
	struct vcrypto_model_held h;
	uint32_t k = 0;

	if (m->order == VCRYPTO_MODEL_REVERSE) {
		k = m->nheld - 1;
	} else if (m->order == VCRYPTO_MODEL_RANDOM) {
		m->rng ^= m->rng << 13;
		m->rng ^= m->rng >> 7;
		m->rng ^= m->rng << 17;
		k = (uint32_t)(m->rng % m->nheld);
	}
	h = m->held[k];
	memmove(&m->held[k], &m->held[k + 1],
		sizeof(h) * (m->nheld - k - 1));
	m->nheld--;
	return h;
}

static void
inject(struct vcrypto_model *m, const struct vcrypto_model_held *h)
{
	uint32_t id;

	switch (m->fault) {
	case VCRYPTO_MODEL_FAULT_ID_RANGE:
		put(m, m->cfg.size + 6u, 0);
		break;
	case VCRYPTO_MODEL_FAULT_ID_NOT_INFLIGHT:
		for (id = 0; id < m->cfg.size; id++)
			if (!m->busy[id] && id != h->head)
				break;
		put(m, id, 0);
		break;
	case VCRYPTO_MODEL_FAULT_DUPLICATE:
		put(m, h->head, h->len);
		put(m, h->head, h->len);
		break;
	case VCRYPTO_MODEL_FAULT_LEN_TOO_BIG:
		put(m, h->head, h->wlen + 1);
		break;
	case VCRYPTO_MODEL_FAULT_IDX_JUMP:
		m->used_idx += m->cfg.size + 1u;
		break;
	case VCRYPTO_MODEL_FAULT_NONE:
	case VCRYPTO_MODEL_FAULT_COUNT:
		put(m, h->head, h->len);
		return;
	}
	m->fault = VCRYPTO_MODEL_FAULT_NONE;
	m->faults_fired++;
}

/* Publish used idx, then see whether the driver wanted an interrupt. */
static void
publish(struct vcrypto_model *m, uint16_t old)
{
	uint16_t ev, flags;

	if (m->used_idx == old)
		return;
	__atomic_store_n(&used(m)->idx, htole16(m->used_idx), __ATOMIC_RELEASE);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (m->cfg.event_idx) {
		ev = le16toh(__atomic_load_n(&avail(m)->ring[m->cfg.size],
					     __ATOMIC_RELAXED));
		if ((uint16_t)(m->used_idx - ev - 1) <
		    (uint16_t)(m->used_idx - old))
			m->interrupts++;
		return;
	}
	flags = le16toh(__atomic_load_n(&avail(m)->flags, __ATOMIC_RELAXED));
	if (!(flags & VRING_AVAIL_F_NO_INTERRUPT))
		m->interrupts++;
}

unsigned int
vcrypto_model_complete(struct vcrypto_model *m, unsigned int max)
{
	uint16_t old = m->used_idx;
	struct vcrypto_model_held h;
	unsigned int done = 0;

	if (m->hold || !check_used_untouched(m))
		return 0;
	while (done < max && m->nheld > 0) {
		h = pick(m);
		if (chain_hash(m, h.head) != h.hash)
			violation(m, "descriptors of in-flight head %u changed",
				  h.head);
		m->busy[h.head] = false;
		if (m->fault != VCRYPTO_MODEL_FAULT_NONE &&
		    m->completed == m->fault_at)
			inject(m, &h);
		else
			put(m, h.head, h.len);
		m->completed++;
		done++;
	}
	publish(m, old);
	return done;
}

unsigned int
vcrypto_model_run(struct vcrypto_model *m)
{
	vcrypto_model_fetch(m);
	return vcrypto_model_complete(m, UINT32_MAX);
}

void
vcrypto_model_set_fault(struct vcrypto_model *m,
			enum vcrypto_model_fault fault, uint64_t n)
{
	m->fault = fault;
	m->fault_at = m->completed + n;
}

void
vcrypto_model_set_used_flags(struct vcrypto_model *m, uint16_t flags)
{
	m->used_flags = flags;
	__atomic_store_n(&used(m)->flags, htole16(flags), __ATOMIC_RELAXED);
}

void
vcrypto_model_set_avail_event(struct vcrypto_model *m, uint16_t idx)
{
	uint16_t *ev = (uint16_t *)&used(m)->ring[m->cfg.size];

	__atomic_store_n(ev, htole16(idx), __ATOMIC_RELAXED);
}
