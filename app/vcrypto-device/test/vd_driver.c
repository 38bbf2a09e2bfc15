/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Test driver: vhost-user front end over a real socket, memfd memory.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "vd.h"
#include "vd_driver.h"

int td_msg(struct td *t, uint32_t req, uint32_t flags, const void *p, uint32_t size,
	   const int *fds, int nfds)
{
	uint8_t buf[12 + 4096];
	char cbuf[CMSG_SPACE(8 * sizeof(int))];
	struct iovec iov = { buf, 12 + size };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };

	vd_put32(buf, req);
	vd_put32(buf + 4, 1 | flags);
	vd_put32(buf + 8, size);
	if (size)
		memcpy(buf + 12, p, size);
	if (nfds) {
		struct cmsghdr *cm;

		memset(cbuf, 0, sizeof(cbuf));
		mh.msg_control = cbuf;
		mh.msg_controllen = CMSG_SPACE(nfds * sizeof(int));
		cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(nfds * sizeof(int));
		memcpy(CMSG_DATA(cm), fds, nfds * sizeof(int));
	}
	return sendmsg(t->sock, &mh, MSG_NOSIGNAL) == (ssize_t)(12 + size) ? 0 : -1;
}

int td_reply(struct td *t, uint32_t req, void *p, uint32_t size)
{
	uint8_t h[12];
	struct pollfd pf = { t->sock, POLLIN, 0 };

	if (poll(&pf, 1, 5000) != 1 || recv(t->sock, h, 12, MSG_WAITALL) != 12)
		return -1;
	if (vd_le32(h) != req || !(vd_le32(h + 4) & 4) || vd_le32(h + 8) != size)
		return -1;
	return size && recv(t->sock, p, size, MSG_WAITALL) != (ssize_t)size ? -1 : 0;
}

static int get_u64(struct td *t, uint32_t req, uint64_t *v)
{
	uint8_t b[8];

	if (td_msg(t, req, 0, NULL, 0, NULL, 0) || td_reply(t, req, b, 8))
		return -1;
	*v = vd_le64(b);
	return 0;
}

static int set_u64(struct td *t, uint32_t req, uint64_t v)
{
	uint8_t b[8];

	vd_put64(b, v);
	/* REPLY_ACK: ask for the ack to keep messages in step */
	if (td_msg(t, req, 8, b, 8, NULL, 0) || td_reply(t, req, b, 8))
		return -1;
	return vd_le64(b) ? -1 : 0;
}

static int set_state(struct td *t, uint32_t req, uint32_t idx, uint32_t num)
{
	uint8_t b[8];

	vd_put32(b, idx);
	vd_put32(b + 4, num);
	if (td_msg(t, req, 8, b, 8, NULL, 0) || td_reply(t, req, b, 8))
		return -1;
	return vd_le64(b) ? -1 : 0;
}

void *td_alloc(struct td *t, uint64_t len)
{
	uint64_t a = (t->bump + 63) & ~63ull;

	if (a + len > TD_MEM_SIZE)
		return NULL;
	t->bump = a + len;
	return t->mem + a;
}

void td_reset_bump(struct td *t, uint64_t mark)
{
	t->bump = mark;
}

uint64_t td_gpa(const struct td *t, const void *p)
{
	return TD_GPA_BASE + (uint64_t)((const uint8_t *)p - t->mem);
}

int td_connect(struct td *t, const char *path, uint64_t want, unsigned int nq)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	uint64_t f, pf, qn;
	uint8_t b[128];
	int mfd;

	memset(t, 0, sizeof(*t));
	t->sock = socket(AF_UNIX, SOCK_STREAM, 0);
	snprintf(a.sun_path, sizeof(a.sun_path), "%s", path);
	for (int i = 0; ; i++) {
		if (connect(t->sock, (struct sockaddr *)&a, sizeof(a)) == 0)
			break;
		if (i > 100)
			return -1;
		usleep(50000);
	}
	mfd = memfd_create("td-mem", MFD_CLOEXEC);
	if (mfd < 0 || ftruncate(mfd, TD_MEM_SIZE) < 0)
		return -1;
	t->mem = mmap(NULL, TD_MEM_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, mfd, 0);
	if (t->mem == MAP_FAILED)
		return -1;
	if (get_u64(t, 1, &f))
		return -1;
	t->features = f & want;
	if (get_u64(t, 15, &pf))
		return -1;
	/* SET_PROTOCOL_FEATURES without ack (REPLY_ACK not yet negotiated) */
	vd_put64(b, pf & (1 << 0 | 1 << 3 | 1 << 9 | 1 << 16));
	if (td_msg(t, 16, 0, b, 8, NULL, 0))
		return -1;
	if (get_u64(t, 17, &qn) || qn < nq)
		return -1;
	t->nq = nq;
	t->packed = t->features >> 34 & 1;
	if (set_u64(t, 2, t->features))
		return -1;
	/* GET_CONFIG 56 bytes */
	memset(b, 0, sizeof(b));
	vd_put32(b + 4, 56);
	if (td_msg(t, 24, 0, b, 12 + 56, NULL, 0) || td_reply(t, 24, b, 12 + 56))
		return -1;
	memcpy(t->cfg, b + 12, 56);
	/* memory table: one region */
	memset(b, 0, sizeof(b));
	vd_put32(b, 1);
	vd_put64(b + 8, TD_GPA_BASE);
	vd_put64(b + 16, TD_MEM_SIZE);
	vd_put64(b + 24, (uint64_t)(uintptr_t)t->mem);
	vd_put64(b + 32, 0);
	if (td_msg(t, 5, 8, b, 40, &mfd, 1) || td_reply(t, 5, b, 8) || vd_le64(b))
		return -1;
	close(mfd);
	for (unsigned int i = 0; i < nq; i++) {
		struct td_q *q = &t->q[i];
		int efd;

		q->desc = td_alloc(t, 16 * TD_QSIZE);
		q->avail = td_alloc(t, 6 + 2 * TD_QSIZE);
		q->used = td_alloc(t, 6 + 8 * TD_QSIZE);
		q->itab = td_alloc(t, TD_QSIZE * 1024 * 16);
		q->avail_wrap = q->used_wrap = true;
		if (set_state(t, 8, i, TD_QSIZE) || set_state(t, 10, i, t->packed ? 0x8000 : 0))
			return -1;
		memset(b, 0, 40);
		vd_put32(b, i);
		vd_put64(b + 8, (uintptr_t)q->desc);
		vd_put64(b + 16, (uintptr_t)q->used);
		vd_put64(b + 24, (uintptr_t)q->avail);
		if (td_msg(t, 9, 8, b, 40, NULL, 0) || td_reply(t, 9, b, 8) || vd_le64(b))
			return -1;
		q->call = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
		q->kick = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
		efd = q->call;
		vd_put64(b, i);
		if (td_msg(t, 13, 8, b, 8, &efd, 1) || td_reply(t, 13, b, 8) || vd_le64(b))
			return -1;
		efd = q->kick;
		vd_put64(b, i);
		if (td_msg(t, 12, 8, b, 8, &efd, 1) || td_reply(t, 12, b, 8) || vd_le64(b))
			return -1;
		if (set_state(t, 18, i, 1))
			return -1;
	}
	return 0;
}

void td_close(struct td *t)
{
	for (unsigned int i = 0; i < t->nq; i++) {
		close(t->q[i].kick);
		close(t->q[i].call);
	}
	if (t->sock >= 0)
		close(t->sock);
	t->sock = -1;
	if (t->mem && t->mem != MAP_FAILED)
		munmap(t->mem, TD_MEM_SIZE);
	t->mem = NULL;
}

static void put_desc(uint8_t *d, uint64_t addr, uint32_t len, uint16_t flags, uint16_t next)
{
	vd_put64(d, addr);
	vd_put32(d + 8, len);
	d[12] = (uint8_t)flags; d[13] = (uint8_t)(flags >> 8);
	d[14] = (uint8_t)next; d[15] = (uint8_t)(next >> 8);
}

void td_set_desc(struct td *t, unsigned int qi, uint16_t i, uint64_t addr, uint32_t len,
		 uint16_t flags, uint16_t next)
{
	put_desc(t->q[qi].desc + 16 * i, addr, len, flags, next);
}

void td_post_raw_head(struct td *t, unsigned int qi, uint16_t head)
{
	struct td_q *q = &t->q[qi];
	uint16_t slot = q->avail_idx % TD_QSIZE;
	uint64_t one = 1;

	q->avail[4 + 2 * slot] = (uint8_t)head;
	q->avail[5 + 2 * slot] = (uint8_t)(head >> 8);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	q->avail_idx++;
	q->avail[2] = (uint8_t)q->avail_idx;
	q->avail[3] = (uint8_t)(q->avail_idx >> 8);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (!t->no_kick && write(q->kick, &one, 8) != 8)
		perror("kick");
}

static int post_packed(struct td *t, unsigned int qi, const struct td_seg *s, unsigned int n)
{
	struct td_q *q = &t->q[qi];
	uint16_t id = q->next_id++ % TD_QSIZE, pos = q->avail_idx, head = pos;
	bool wrap = q->avail_wrap;
	uint16_t hflags = 0, k = 0;
	uint8_t *tab = q->itab + (size_t)id * 1024 * 16;
	uint64_t one = 1;

	for (unsigned int i = 0; i < n; i++) {
		uint32_t off = 0;

		do {
			uint32_t l = s[i].len - off;
			bool last;
			uint16_t f;

			if (t->frag && l > t->frag)
				l = t->frag;
			last = i == n - 1 && off + l == s[i].len;
			f = s[i].w ? 2 : 0;
			if (t->indirect) {
				if (k >= 1024)
					return -1;
				uint8_t *e = tab + 16 * k;

				/* packed layout: id at 12 (unused here), flags at 14 */
				vd_put64(e, td_gpa(t, (const uint8_t *)s[i].p + off));
				vd_put32(e + 8, l);
				e[12] = e[13] = 0;
				e[14] = (uint8_t)f;
				e[15] = 0;
			} else {
				uint8_t *d = q->desc + 16 * pos;

				if (k >= TD_QSIZE)
					return -1;
				f |= last ? 0 : 1;
				f |= wrap ? 1 << 7 : 1 << 15;
				vd_put64(d, td_gpa(t, (const uint8_t *)s[i].p + off));
				vd_put32(d + 8, l);
				d[12] = (uint8_t)id; d[13] = (uint8_t)(id >> 8);
				if (pos == head) {
					hflags = f;
				} else {
					__atomic_thread_fence(__ATOMIC_RELEASE);
					d[14] = (uint8_t)f; d[15] = (uint8_t)(f >> 8);
				}
				if (++pos == TD_QSIZE) {
					pos = 0;
					wrap = !wrap;
				}
			}
			off += l;
			k++;
		} while (off < s[i].len);
	}
	if (t->indirect) {
		uint8_t *d = q->desc + 16 * pos;

		vd_put64(d, td_gpa(t, tab));
		vd_put32(d + 8, k * 16u);
		d[12] = (uint8_t)id; d[13] = (uint8_t)(id >> 8);
		hflags = (uint16_t)(4 | (wrap ? 1 << 7 : 1 << 15));
		if (++pos == TD_QSIZE) {
			pos = 0;
			wrap = !wrap;
		}
		k = 1;
	}
	q->ndesc[id] = k;
	__atomic_thread_fence(__ATOMIC_RELEASE);
	q->desc[16 * head + 14] = (uint8_t)hflags;
	q->desc[16 * head + 15] = (uint8_t)(hflags >> 8);
	q->avail_idx = pos;
	q->avail_wrap = wrap;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (!t->no_kick && write(q->kick, &one, 8) != 8)
		perror("kick");
	return id;
}

int td_post(struct td *t, unsigned int qi, const struct td_seg *s, unsigned int n)
{
	struct td_q *q = &t->q[qi];
	uint16_t slot = q->avail_idx % TD_QSIZE;
	uint8_t *tab;
	unsigned int k = 0, max;

	if (t->packed)
		return post_packed(t, qi, s, n);
	/* one request in flight per slot: head = slot */
	if (t->indirect) {
		tab = q->itab + (size_t)slot * 1024 * 16;
		max = 1024;
	} else {
		tab = q->desc;
		max = TD_QSIZE;
	}
	for (unsigned int i = 0; i < n; i++) {
		uint32_t off = 0;

		do {
			uint32_t l = s[i].len - off;
			uint16_t idx;

			if (t->frag && l > t->frag)
				l = t->frag;
			if (k >= max)
				return -1;
			idx = t->indirect ? (uint16_t)k : (uint16_t)((slot + k) % TD_QSIZE);
			put_desc(tab + 16 * idx, td_gpa(t, (const uint8_t *)s[i].p + off), l,
				 (uint16_t)((s[i].w ? 2 : 0) | 1),
				 t->indirect ? (uint16_t)(k + 1) :
				 (uint16_t)((slot + k + 1) % TD_QSIZE));
			off += l;
			k++;
		} while (off < s[i].len);
	}
	/* clear NEXT on the last */
	{
		uint16_t last = t->indirect ? (uint16_t)(k - 1) :
			(uint16_t)((slot + k - 1) % TD_QSIZE);

		tab[16 * last + 12] &= (uint8_t)~1;
	}
	if (t->indirect)
		put_desc(q->desc + 16 * slot, td_gpa(t, tab), k * 16, 4, 0);
	td_post_raw_head(t, qi, slot);
	return slot;
}

bool td_wait(struct td *t, unsigned int qi, int timeout_ms, uint32_t *id, uint32_t *len)
{
	struct td_q *q = &t->q[qi];
	struct timespec t0, t1;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		uint16_t ui = (uint16_t)(q->used[2] | q->used[3] << 8);

		if (t->packed) {
			uint8_t *d = q->desc + 16 * q->last_used;
			uint16_t f = (uint16_t)(d[14] | d[15] << 8);

			if (!!(f & 1 << 7) == q->used_wrap && !!(f & 1 << 15) == q->used_wrap) {
				__atomic_thread_fence(__ATOMIC_ACQUIRE);
				*id = (uint32_t)(d[12] | d[13] << 8);
				*len = vd_le32(d + 8);
				q->last_used = (uint16_t)(q->last_used +
					(*id < TD_QSIZE && q->ndesc[*id] ? q->ndesc[*id] : 1));
				if (q->last_used >= TD_QSIZE) {
					q->last_used -= TD_QSIZE;
					q->used_wrap = !q->used_wrap;
				}
				return true;
			}
		} else if (ui != q->last_used) {
			uint8_t *e;

			__atomic_thread_fence(__ATOMIC_ACQUIRE);
			e = q->used + 4 + 8 * (q->last_used % TD_QSIZE);
			*id = vd_le32(e);
			*len = vd_le32(e + 4);
			q->last_used++;
			return true;
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if ((t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000 >
		    timeout_ms)
			return false;
		{
			struct pollfd pf = { q->call, POLLIN, 0 };
			uint64_t v;

			if (poll(&pf, 1, 10) == 1 && read(q->call, &v, 8) == 8)
				q->calls += v;
		}
	}
}

int td_create(struct td *t, const uint8_t *req, uint32_t req_len, const uint8_t *key1,
	      uint32_t k1, const uint8_t *key2, uint32_t k2, uint64_t *sid)
{
	uint64_t mark = t->bump;
	uint8_t *r = td_alloc(t, req_len), *a = td_alloc(t, k1 + 1), *b = td_alloc(t, k2 + 1);
	uint8_t *out = td_alloc(t, 16);
	struct td_seg s[4];
	unsigned int n = 0;
	uint32_t id, len;
	int st;

	memcpy(r, req, req_len);
	s[n++] = (struct td_seg){ r, req_len, false };
	if (k1) {
		memcpy(a, key1, k1);
		s[n++] = (struct td_seg){ a, k1, false };
	}
	if (k2) {
		memcpy(b, key2, k2);
		s[n++] = (struct td_seg){ b, k2, false };
	}
	memset(out, 0xff, 16);
	s[n++] = (struct td_seg){ out, 16, true };
	if (td_post(t, t->nq - 1, s, n) < 0 || !td_wait(t, t->nq - 1, 5000, &id, &len)) {
		td_reset_bump(t, mark);
		return -1;
	}
	st = (int)vd_le32(out + 8);
	*sid = vd_le64(out);
	td_reset_bump(t, mark);
	return len == 16 ? st : -1;
}

int td_destroy(struct td *t, uint32_t opcode, uint64_t sid)
{
	uint64_t mark = t->bump;
	uint8_t *r = td_alloc(t, 72), *out = td_alloc(t, 1);
	uint32_t flf = (t->features & 1) ? 8 : 56;
	struct td_seg s[2] = { { r, 16 + flf, false }, { out, 1, true } };
	uint32_t id, len;
	int st = -1;

	memset(r, 0, 72);
	vd_put32(r, opcode);
	vd_put64(r + 16, sid);
	*out = 0xff;
	if (td_post(t, t->nq - 1, s, 2) >= 0 && td_wait(t, t->nq - 1, 5000, &id, &len))
		st = *out;
	td_reset_bump(t, mark);
	return st;
}

uint64_t td_calls(struct td *t, unsigned int qi)
{
	uint64_t v;

	if (read(t->q[qi].call, &v, 8) == 8)
		t->q[qi].calls += v;
	return t->q[qi].calls;
}
