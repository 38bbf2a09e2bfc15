/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * A minimal vhost-user front end + virtio-crypto driver for tests: shares a
 * memfd with the device, lays out split rings in it and posts requests.
 */
#ifndef VD_DRIVER_H
#define VD_DRIVER_H

#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>

#define TD_MEM_SIZE	(16u << 20)
#define TD_GPA_BASE	0x40000000ull
#define TD_QSIZE	64
#define TD_MAXQ		4

struct td_seg {
	const void *p;	/* inside shared memory */
	uint32_t len;
	bool w;
};

struct td_q {
	uint8_t *desc, *avail, *used;
	uint16_t avail_idx, last_used;
	int kick, call;
	uint8_t *itab;	/* indirect tables, one per slot */
	/* packed ring state */
	bool avail_wrap, used_wrap;
	uint16_t next_id;
	uint16_t ndesc[TD_QSIZE];
	uint64_t calls;	/* used-buffer notifications seen */
};

struct td {
	int sock;
	uint8_t *mem;
	uint64_t bump;
	uint64_t features;
	unsigned int nq;
	struct td_q q[TD_MAXQ];
	uint8_t cfg[56];
	bool indirect;	/* post requests through one indirect descriptor */
	bool packed;	/* VIRTIO_F_RING_PACKED negotiated */
	uint32_t frag;	/* split every segment into pieces of at most this */
	bool no_kick;	/* post without kicking (a device that polls) */
};

int td_connect(struct td *t, const char *path, uint64_t want_features, unsigned int nq);
void td_close(struct td *t);
void *td_alloc(struct td *t, uint64_t len);
void td_reset_bump(struct td *t, uint64_t mark);
uint64_t td_gpa(const struct td *t, const void *p);
/* Post one request; returns the head or -1. */
int td_post(struct td *t, unsigned int qi, const struct td_seg *s, unsigned int n);
/* Post raw descriptors (tests of malformed chains): the ring gets `head`. */
void td_post_raw_head(struct td *t, unsigned int qi, uint16_t head);
void td_set_desc(struct td *t, unsigned int qi, uint16_t i, uint64_t addr, uint32_t len,
		 uint16_t flags, uint16_t next);
/* Wait for one used entry; false on timeout. */
bool td_wait(struct td *t, unsigned int qi, int timeout_ms, uint32_t *id, uint32_t *len);
/* Collect pending call notifications into q->calls; returns q->calls. */
uint64_t td_calls(struct td *t, unsigned int qi);
/* Raw vhost-user message helpers. */
int td_msg(struct td *t, uint32_t req, uint32_t flags, const void *p, uint32_t size,
	   const int *fds, int nfds);
int td_reply(struct td *t, uint32_t req, void *p, uint32_t size);

/* High-level crypto helpers. Return the status (or -1 transport failure). */
int td_create(struct td *t, const uint8_t *hdr_flf, uint32_t flf_len, const uint8_t *key1,
	      uint32_t k1, const uint8_t *key2, uint32_t k2, uint64_t *sid);
int td_destroy(struct td *t, uint32_t opcode, uint64_t sid);

#endif
