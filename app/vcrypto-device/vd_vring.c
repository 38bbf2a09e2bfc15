/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Guest memory translation and the split-ring walker.
 */
#include <endian.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

#include "vd.h"
#include "vd_vring.h"

static uint8_t *lookup(const struct vd_mem *m, uint64_t a, uint64_t len, bool uva)
{
	if (len > UINT64_MAX - a)
		return NULL;
	for (unsigned int i = 0; i < m->n; i++) {
		const struct vd_region *r = &m->r[i];
		uint64_t start = uva ? r->uva : r->gpa;

		if (a >= start && a - start <= r->size && len <= r->size - (a - start))
			return r->host + (a - start);
	}
	return NULL;
}

uint8_t *vd_mem_gpa(const struct vd_mem *m, uint64_t gpa, uint64_t len)
{
	return lookup(m, gpa, len, false);
}

uint8_t *vd_mem_uva(const struct vd_mem *m, uint64_t uva, uint64_t len)
{
	return lookup(m, uva, len, true);
}

void vd_mem_unmap(struct vd_mem *m)
{
	for (unsigned int i = 0; i < m->n; i++)
		if (m->r[i].map)
			munmap(m->r[i].map, m->r[i].map_len);
	memset(m, 0, sizeof(*m));
}

bool vd_chain_read(const struct vd_chain *c, uint64_t off, void *dst, uint64_t len)
{
	uint8_t *d = dst;

	if (off > c->r_len || len > c->r_len - off)
		return false;
	for (unsigned int i = 0; i < c->n_r && len; i++) {
		uint64_t n;

		if (off >= c->r[i].len) {
			off -= c->r[i].len;
			continue;
		}
		n = c->r[i].len - off;
		if (n > len)
			n = len;
		memcpy(d, c->r[i].base + off, n);
		d += n;
		len -= n;
		off = 0;
	}
	return len == 0;
}

bool vd_chain_write(const struct vd_chain *c, uint64_t off, const void *src, uint64_t len)
{
	const uint8_t *s = src;

	if (off > c->w_len || len > c->w_len - off)
		return false;
	for (unsigned int i = 0; i < c->n_w && len; i++) {
		uint64_t n;

		if (off >= c->w[i].len) {
			off -= c->w[i].len;
			continue;
		}
		n = c->w[i].len - off;
		if (n > len)
			n = len;
		memcpy(c->w[i].base + off, s, n);
		s += n;
		len -= n;
		off = 0;
	}
	return len == 0;
}

/*
 * Ring indexes and packed descriptor flags are shared with a driver that
 * polls them: each is read and written as one 16- or 32-bit access, never
 * byte by byte. A driver that sees half of an index update (0x7cff ->
 * 0x7d00 read as 0x7c00) takes the ring as broken (a used index that ran
 * backwards) and resets the device. Ring parts are naturally aligned
 * (checked when the driver sets them), so the accesses are single ones.
 */
static inline uint16_t rd16(const volatile uint8_t *p)
{
	return le16toh(__atomic_load_n((const uint16_t *)(uintptr_t)p,
						__ATOMIC_RELAXED));
}

static inline void wr16(volatile uint8_t *p, uint16_t v)
{
	__atomic_store_n((uint16_t *)(uintptr_t)p, htole16(v),
			 __ATOMIC_RELAXED);
}

static inline void wr32(volatile uint8_t *p, uint32_t v)
{
	__atomic_store_n((uint32_t *)(uintptr_t)p, htole32(v),
			 __ATOMIC_RELAXED);
}

uint16_t vd_vring_avail_idx(const struct vd_vring *vr)
{
	return rd16(vr->avail + 2);
}

/* Read one 16-byte descriptor (a copy: the driver may change it meanwhile). */
static void get_desc(const volatile uint8_t *t, uint32_t i, uint64_t *addr,
		     uint32_t *len, uint16_t *flags, uint16_t *next)
{
	uint8_t d[16];

	for (int k = 0; k < 16; k++)
		d[k] = t[(size_t)i * 16 + k];
	*addr = vd_le64(d);
	*len = vd_le32(d + 8);
	*flags = (uint16_t)(d[12] | d[13] << 8);
	*next = (uint16_t)(d[14] | d[15] << 8);
}

/* Add one buffer descriptor to the chain; false = chain invalid. */
static bool add_seg(struct vd_chain *c, const struct vd_mem *m, uint64_t addr,
		    uint32_t len, uint16_t flags)
{
	uint8_t *p;
	struct vd_seg *s;

	if (c->n_r + c->n_w >= VD_MAX_SEGS) {
		vd_violation(VV_CHAIN_LEN, "head %u: more than %d descriptors",
			     c->head, VD_MAX_SEGS);
		return false;
	}
	if (len == 0)	/* harmless; nothing to map */
		return true;
	p = vd_mem_gpa(m, addr, len);
	if (!p) {
		vd_violation(VV_MEM, "head %u: buffer 0x%llx+%u outside guest memory",
			     c->head, (unsigned long long)addr, len);
		return false;
	}
	if (flags & VD_DESC_F_WRITE) {
		s = &c->w[c->n_w++];
		c->w_len += len;
	} else {
		if (c->n_w) {
			vd_violation(VV_ORDER, "head %u: readable descriptor after a writable one",
				     c->head);
			return false;
		}
		s = &c->r[c->n_r++];
		c->r_len += len;
	}
	if (c->r_len + c->w_len > UINT32_MAX) {
		vd_violation(VV_CHAIN_LEN, "head %u: chain longer than 4 GiB", c->head);
		return false;
	}
	s->base = p;
	s->len = len;
	return true;
}

static bool walk_indirect(struct vd_chain *c, const struct vd_mem *m,
			  uint64_t addr, uint32_t len)
{
	const uint8_t *t;
	uint32_t n, i, steps = 0;

	if (len == 0 || len % 16) {
		vd_violation(VV_INDIRECT, "head %u: indirect table length %u", c->head, len);
		return false;
	}
	n = len / 16;
	if (n > VD_MAX_SEGS) {
		vd_violation(VV_CHAIN_LEN, "head %u: indirect table of %u entries", c->head, n);
		return false;
	}
	t = vd_mem_gpa(m, addr, len);
	if (!t) {
		vd_violation(VV_MEM, "head %u: indirect table 0x%llx+%u outside guest memory",
			     c->head, (unsigned long long)addr, len);
		return false;
	}
	i = 0;
	for (;;) {
		uint64_t a;
		uint32_t l;
		uint16_t f, nx;

		if (++steps > n) {
			vd_violation(VV_CHAIN_LOOP, "head %u: loop in indirect table", c->head);
			return false;
		}
		get_desc(t, i, &a, &l, &f, &nx);
		if (f & VD_DESC_F_INDIRECT) {
			vd_violation(VV_INDIRECT, "head %u: nested indirect descriptor", c->head);
			return false;
		}
		if (!add_seg(c, m, a, l, f))
			return false;
		if (!(f & VD_DESC_F_NEXT))
			return true;
		if (nx >= n) {
			vd_violation(VV_INDIRECT, "head %u: indirect next %u >= table size %u",
				     c->head, nx, n);
			return false;
		}
		i = nx;
	}
}

#define PK_F_AVAIL	(1u << 7)
#define PK_F_USED	(1u << 15)

static bool pk_avail(const struct vd_vring *vr, uint16_t i, bool wrap)
{
	uint16_t f = rd16(vr->desc + 16 * (size_t)i + 14);

	return !!(f & PK_F_AVAIL) == wrap && !!(f & PK_F_USED) != wrap;
}

bool vd_vring_more(const struct vd_vring *vr)
{
	if (vr->packed)
		return pk_avail(vr, vr->last_avail, vr->avail_wrap);
	return rd16(vr->avail + 2) != vr->last_avail;
}

/* Packed indirect table: entries are read in order; only WRITE may be set. */
static bool walk_indirect_packed(struct vd_chain *c, const struct vd_mem *m,
				 uint64_t addr, uint32_t len)
{
	const uint8_t *t;
	uint32_t n;

	if (len == 0 || len % 16) {
		vd_violation(VV_INDIRECT, "id %u: indirect table length %u", c->head, len);
		return false;
	}
	n = len / 16;
	if (n > VD_MAX_SEGS) {
		vd_violation(VV_CHAIN_LEN, "id %u: indirect table of %u entries", c->head, n);
		return false;
	}
	t = vd_mem_gpa(m, addr, len);
	if (!t) {
		vd_violation(VV_MEM, "id %u: indirect table outside guest memory", c->head);
		return false;
	}
	for (uint32_t i = 0; i < n; i++) {
		uint64_t a;
		uint32_t l;
		uint16_t f, id;

		get_desc(t, i, &a, &l, &id, &f);
		if (f & (VD_DESC_F_INDIRECT | VD_DESC_F_NEXT)) {
			vd_violation(VV_INDIRECT, "id %u: packed indirect entry flags 0x%x", c->head, f);
			return false;
		}
		if (!add_seg(c, m, a, l, f))
			return false;
	}
	return true;
}

static int pop_packed(struct vd_vring *vr, const struct vd_mem *m, struct vd_chain *c)
{
	uint16_t i = vr->last_avail, n = 0;
	bool wrap = vr->avail_wrap, ok = true;

	if (!pk_avail(vr, i, wrap))
		return 0;
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	c->n_r = c->n_w = 0;
	c->r_len = c->w_len = 0;
	c->head = 0;
	for (;;) {
		uint64_t a;
		uint32_t l;
		uint16_t f, id;

		/* descriptor layout: addr, len, id, flags */
		get_desc(vr->desc, i, &a, &l, &id, &f);
		c->head = id;
		n++;
		if (++i == vr->num) {
			i = 0;
			wrap = !wrap;
		}
		if (ok) {
			if (f & VD_DESC_F_INDIRECT) {
				if (!vr->indirect || (f & VD_DESC_F_NEXT) || n > 1) {
					vd_violation(VV_INDIRECT, "id %u: INDIRECT %s", id,
						     !vr->indirect ? "not negotiated" :
						     "inside a chain");
					ok = false;
				} else {
					ok = walk_indirect_packed(c, m, a, l);
				}
			} else {
				ok = add_seg(c, m, a, l, f);
			}
		}
		if (!(f & VD_DESC_F_NEXT))
			break;
		if (n >= vr->num || !pk_avail(vr, i, wrap)) {
			vd_violation(VV_CHAIN_LOOP, "id %u: chain runs past the available descriptors",
				     id);
			ok = false;
			break;
		}
	}
	vr->last_avail = i;
	vr->avail_wrap = wrap;
	c->ndesc = n;
	if (c->head >= vr->num) {
		vd_violation(VV_AVAIL_HEAD, "buffer id %u >= queue size %u", c->head, vr->num);
		ok = false;
	}
	if (!ok) {
		vr->bad_chains++;
		return -2;
	}
	return 1;
}

int vd_vring_pop(struct vd_vring *vr, const struct vd_mem *m, struct vd_chain *c)
{
	if (vr->packed)
		return pop_packed(vr, m, c);
	c->ndesc = 1;
	uint16_t avail_idx, head, i;
	unsigned int steps = 0;

	avail_idx = rd16(vr->avail + 2);
	if (avail_idx == vr->last_avail)
		return 0;
	if ((uint16_t)(avail_idx - vr->last_avail) > vr->num) {
		vd_violation(VV_RING, "avail idx %u runs %u entries ahead (queue size %u)",
			     avail_idx, (uint16_t)(avail_idx - vr->last_avail), vr->num);
		/* Do not walk garbage: treat as empty; the ring is broken. */
		return 0;
	}
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	head = rd16(vr->avail + 4 + 2 * (vr->last_avail & (vr->num - 1)));
	vr->last_avail++;
	c->head = head;
	c->n_r = c->n_w = 0;
	c->r_len = c->w_len = 0;
	if (head >= vr->num) {
		vd_violation(VV_AVAIL_HEAD, "avail head %u >= queue size %u", head, vr->num);
		vr->bad_chains++;
		return -1;
	}
	i = head;
	for (;;) {
		uint64_t a;
		uint32_t l;
		uint16_t f, nx;

		if (++steps > vr->num) {
			vd_violation(VV_CHAIN_LOOP, "head %u: chain longer than queue size %u",
				     head, vr->num);
			goto bad;
		}
		get_desc(vr->desc, i, &a, &l, &f, &nx);
		if (f & VD_DESC_F_INDIRECT) {
			if (!vr->indirect) {
				vd_violation(VV_INDIRECT, "head %u: INDIRECT not negotiated", head);
				goto bad;
			}
			if (f & VD_DESC_F_NEXT) {
				vd_violation(VV_INDIRECT, "head %u: INDIRECT together with NEXT", head);
				goto bad;
			}
			if (!walk_indirect(c, m, a, l))
				goto bad;
			return 1;
		}
		if (!add_seg(c, m, a, l, f))
			goto bad;
		if (!(f & VD_DESC_F_NEXT))
			return 1;
		if (nx >= vr->num) {
			vd_violation(VV_CHAIN_LOOP, "head %u: next %u >= queue size", head, nx);
			goto bad;
		}
		i = nx;
	}
bad:
	vr->bad_chains++;
	return -2;
}

void vd_vring_push(struct vd_vring *vr, uint32_t id, uint32_t len, uint16_t ndesc)
{
	volatile uint8_t *e;

	if (vr->packed) {
		uint16_t f = vr->used_wrap ? (uint16_t)(PK_F_AVAIL | PK_F_USED) : 0;

		e = vr->desc + 16 * (size_t)vr->used_idx;
		wr32(e + 8, len);
		wr16(e + 12, (uint16_t)id);
		__atomic_thread_fence(__ATOMIC_RELEASE);
		wr16(e + 14, f);
		if (!ndesc)
			ndesc = 1;
		vr->used_idx = (uint16_t)(vr->used_idx + ndesc);
		if (vr->used_idx >= vr->num) {
			vr->used_idx = (uint16_t)(vr->used_idx - vr->num);
			vr->used_wrap = !vr->used_wrap;
		}
		return;
	}
	e = vr->used + 4 + 8 * (size_t)(vr->used_idx & (vr->num - 1));

	wr32(e, id);
	wr32(e + 4, len);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	vr->used_idx++;
	wr16(vr->used + 2, vr->used_idx);
}

void vd_vring_suppress(struct vd_vring *vr)
{
	if (vr->packed)
		wr16(vr->used + 2, 1);	/* device event flags: disable */
	else if (!vr->event_idx)
		wr16(vr->used, 1);	/* VRING_USED_F_NO_NOTIFY */
	/* EVENT_IDX: avail_event is simply not advanced while polling */
}

void vd_vring_set_avail_event(struct vd_vring *vr)
{
	if (vr->packed) {
		/* device event suppression: notifications always enabled */
		wr16(vr->used + 2, 0);
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		return;
	}
	if (vr->event_idx || vr->event_both)
		wr16(vr->used + 4 + 8 * (size_t)vr->num, vr->last_avail);
	if (!vr->event_idx)
		wr16(vr->used, 0);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

bool vd_vring_need_call(struct vd_vring *vr)
{
	uint16_t old = vr->signalled_used, new = vr->used_idx, ev;
	bool valid = vr->signalled_valid;

	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	vr->signalled_used = new;
	vr->signalled_valid = true;
	if (vr->packed) {
		uint16_t flags = rd16(vr->avail + 2), ow = rd16(vr->avail), off;

		if (flags != 2 || !valid)
			return flags != 1;
		off = ow & 0x7fff;
		if (new <= old)
			old = (uint16_t)(old - vr->num);
		if (!!(ow >> 15) != vr->used_wrap)
			off = (uint16_t)(off - vr->num);
		return (uint16_t)(new - off - 1) < (uint16_t)(new - old);
	}
	if (!vr->event_idx && (!vr->event_both || !(rd16(vr->avail) & 1)))
		return !(rd16(vr->avail) & 1);
	if (!valid)
		return true;
	ev = rd16(vr->avail + 4 + 2 * (size_t)vr->num);
	return (uint16_t)(new - ev - 1) < (uint16_t)(new - old);
}
