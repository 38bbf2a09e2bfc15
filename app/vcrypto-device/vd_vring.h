/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Guest memory table and the split-ring walker: a descriptor chain becomes
 * a bounded list of host iovecs; no guest address or length is trusted.
 */
#ifndef VD_VRING_H
#define VD_VRING_H

#include <stdint.h>
#include <stdbool.h>
#include <sys/types.h>

#define VD_MAX_REGIONS	8
#define VD_MAX_SEGS	1024	/* descriptors per chain, direct + indirect */

struct vd_region {
	uint64_t gpa;		/* guest physical address */
	uint64_t size;
	uint64_t uva;		/* front-end virtual address */
	uint8_t *host;		/* our mapping of gpa */
	void *map;		/* mmap base (host - mmap_offset) */
	size_t map_len;
};

struct vd_mem {
	unsigned int n;
	struct vd_region r[VD_MAX_REGIONS];
};

/* Host pointer of [gpa, gpa+len) or NULL when not wholly in one region. */
uint8_t *vd_mem_gpa(const struct vd_mem *m, uint64_t gpa, uint64_t len);
/* Same for front-end virtual addresses (ring addresses in vhost-user). */
uint8_t *vd_mem_uva(const struct vd_mem *m, uint64_t uva, uint64_t len);
void vd_mem_unmap(struct vd_mem *m);

struct vd_seg {
	uint8_t *base;
	uint32_t len;
};

/* One descriptor chain as the device sees it. */
struct vd_chain {
	uint16_t head;		/* split: head index; packed: buffer id */
	uint16_t ndesc;		/* packed: ring descriptors the chain used */
	unsigned int n_r, n_w;
	uint64_t r_len, w_len;
	struct vd_seg r[VD_MAX_SEGS];
	struct vd_seg w[VD_MAX_SEGS];
};

/* Copy out of the readable part / into the writable part at an offset. */
bool vd_chain_read(const struct vd_chain *c, uint64_t off, void *dst, uint64_t len);
bool vd_chain_write(const struct vd_chain *c, uint64_t off, const void *src, uint64_t len);

#define VD_DESC_F_NEXT		1
#define VD_DESC_F_WRITE		2
#define VD_DESC_F_INDIRECT	4

struct vd_vring {
	uint16_t num;			/* queue size (split: power of 2) */
	bool packed;			/* VIRTIO_F_RING_PACKED negotiated */
	bool avail_wrap;		/* packed: driver wrap counter we expect */
	bool used_wrap;			/* packed: our wrap counter */
	bool indirect;			/* INDIRECT_DESC negotiated */
	bool event_idx;			/* EVENT_IDX negotiated */
	/*
	 * Split ring, negotiation unknown (the front end forwarded no virtio
	 * feature: QEMU's cryptodev-vhost-user): publish avail_event and keep
	 * NO_NOTIFY clear, call when either rule asks.
	 */
	bool event_both;
	volatile uint8_t *desc;		/* num * 16 */
	volatile uint8_t *avail;	/* 4 + 2*num + 2; packed: driver event (4) */
	volatile uint8_t *used;		/* 4 + 8*num + 2; packed: device event (4) */
	uint16_t last_avail;
	uint16_t used_idx;
	uint16_t signalled_used;	/* used idx at the last call */
	bool signalled_valid;
	uint64_t bad_chains;		/* chains refused */
};

/*
 * Next chain from the avail ring. Returns 1 with *c filled, 0 if the ring is
 * empty, -1 if the avail slot held an invalid head (slot consumed, nothing to
 * complete), -2 if the chain was invalid (c->head is valid: complete it with
 * length 0).
 */
int vd_vring_pop(struct vd_vring *vr, const struct vd_mem *m, struct vd_chain *c);
/* Put a used element (after the payload was written); ndesc = c->ndesc. */
void vd_vring_push(struct vd_vring *vr, uint32_t id, uint32_t len, uint16_t ndesc);
/* Is another chain available? */
bool vd_vring_more(const struct vd_vring *vr);
/* Should the driver be notified after the pushes since the last call? */
bool vd_vring_need_call(struct vd_vring *vr);
/*
 * Ask the driver not to kick (busy polling): packed device event flags
 * DISABLE, split VRING_USED_F_NO_NOTIFY; with EVENT_IDX avail_event is
 * left where it is. vd_vring_set_avail_event() undoes it.
 */
void vd_vring_suppress(struct vd_vring *vr);

/*
 * Publish avail_event (EVENT_IDX) or clear NO_NOTIFY so the driver kicks
 * for the next entry.
 */
void vd_vring_set_avail_event(struct vd_vring *vr);
uint16_t vd_vring_avail_idx(const struct vd_vring *vr);

#endif /* VD_VRING_H */
