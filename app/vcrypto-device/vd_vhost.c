/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * vhost-user back end: one connection at a time, one thread, epoll over the
 * socket, the kick eventfds and a signalfd. Every front-end message is
 * checked (size, payload, fds) before use; a malformed one closes the
 * connection, never the process.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include "vd.h"
#include "vd_sessmsg.h"
#include "vd_vhost.h"
#include "vcrypto_wire.h"

/* vhost-user requests (front end -> back end) */
enum {
	U_GET_FEATURES = 1, U_SET_FEATURES = 2, U_SET_OWNER = 3, U_RESET_OWNER = 4,
	U_SET_MEM_TABLE = 5, U_SET_LOG_BASE = 6, U_SET_LOG_FD = 7,
	U_SET_VRING_NUM = 8, U_SET_VRING_ADDR = 9, U_SET_VRING_BASE = 10,
	U_GET_VRING_BASE = 11, U_SET_VRING_KICK = 12, U_SET_VRING_CALL = 13,
	U_SET_VRING_ERR = 14, U_GET_PROTOCOL_FEATURES = 15,
	U_SET_PROTOCOL_FEATURES = 16, U_GET_QUEUE_NUM = 17,
	U_SET_VRING_ENABLE = 18, U_SET_BACKEND_REQ_FD = 21,
	U_GET_CONFIG = 24, U_SET_CONFIG = 25, U_CREATE_CRYPTO_SESSION = 26,
	U_CLOSE_CRYPTO_SESSION = 27, U_RESET_DEVICE = 34,
	U_SET_STATUS = 39, U_GET_STATUS = 40,
};

#define U_VERSION	0x1
#define U_REPLY		0x4
#define U_NEED_REPLY	0x8
#define U_HDR		12
#define U_MAX_PAYLOAD	4096
#define U_MAX_FDS	8

#define P_MQ		0
#define P_REPLY_ACK	3
#define P_CRYPTO_SESSION	7
#define P_CONFIG	9
#define P_RESET_DEVICE	13
#define P_STATUS	16

#define F_PROTOCOL_FEATURES	30

#define TAG_LISTEN	0xffff0001u
#define TAG_CONN	0xffff0002u
#define TAG_SIGNAL	0xffff0003u

struct pending {
	uint16_t head;
	uint16_t ndesc;
	uint32_t len;
	uint64_t due;	/* ms */
};

struct vd_queue {
	int kick, call;
	bool enabled, started, have_addr, poll;
	bool again;			/* budget ran out: serve before sleeping */
	uint32_t num;
	uint64_t desc_uva, avail_uva, used_uva;
	uint16_t base;
	struct vd_vring vr;
	struct vd_chain *chain;
	struct vd_scratch scr;
	uint64_t reqs, done, errors;
	struct pending *pend;
	uint32_t n_pend;
};

struct vd_dev {
	const struct vd_opts *o;
	int lfd, cfd, efd, sfd;
	uint64_t features_offered, features;
	uint64_t pfeatures_offered, pfeatures;
	uint8_t status;
	bool needs_reset;
	unsigned int nq;		/* vrings */
	unsigned int ndata;		/* data queues: vrings 0..ndata-1 */
	struct vd_mem mem;
	struct vd_queue q[VD_MAX_QUEUES];
	struct vd_crypto *crypto;
	bool stop;
	int exit_code;
};

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

static uint64_t now_ms(void)
{
	return now_us() / 1000;
}

static void q_stop(struct vd_dev *dv, struct vd_queue *q)
{
	if (q->kick >= 0) {
		epoll_ctl(dv->efd, EPOLL_CTL_DEL, q->kick, NULL);
		close(q->kick);
	}
	q->kick = -1;
	q->started = false;
	q->poll = false;
	q->n_pend = 0;
}

static void q_reset(struct vd_dev *dv, struct vd_queue *q)
{
	q_stop(dv, q);
	if (q->call >= 0)
		close(q->call);
	q->call = -1;
	q->enabled = q->have_addr = false;
	q->num = 0;
	q->base = 0;
	memset(&q->vr, 0, sizeof(q->vr));
}

static void dev_reset(struct vd_dev *dv)
{
	for (unsigned int i = 0; i < dv->nq; i++)
		q_reset(dv, &dv->q[i]);
	vd_mem_unmap(&dv->mem);
	vd_crypto_reset(dv->crypto);
	dv->features = 0;
	dv->status = 0;
	dv->needs_reset = false;
}

static void conn_close(struct vd_dev *dv, const char *why)
{
	if (dv->cfd < 0)
		return;
	VD_INFO("connection closed: %s", why);
	dev_reset(dv);
	dv->pfeatures = 0;
	epoll_ctl(dv->efd, EPOLL_CTL_DEL, dv->cfd, NULL);
	close(dv->cfd);
	dv->cfd = -1;
	if (dv->o->once)
		dv->stop = true;
}

/* ------------------------------------------------------------ rings */

/* Translate the ring addresses; false = cannot start. */
static bool q_map(struct vd_dev *dv, struct vd_queue *q, unsigned int idx)
{
	uint64_t n = q->num;
	uint8_t *d, *a, *u;
	bool ev = dv->features >> VCRYPTO_F_EVENT_IDX & 1;
	bool packed = dv->features >> VCRYPTO_F_RING_PACKED & 1;
	bool blind;

	if (!q->have_addr || !n)
		return false;
	d = vd_mem_uva(&dv->mem, q->desc_uva, 16 * n);
	a = vd_mem_uva(&dv->mem, q->avail_uva, packed ? 4 : 4 + 2 * n + 2);
	u = vd_mem_uva(&dv->mem, q->used_uva, packed ? 4 : 4 + 8 * n + 2);
	if (!d || !a || !u || ((uintptr_t)d & 15) || ((uintptr_t)a & (packed ? 3 : 1)) ||
	    ((uintptr_t)u & 3)) {
		vd_violation(VV_RING, "queue %u: ring areas outside shared memory or misaligned",
			     idx);
		return false;
	}
	q->vr.num = (uint16_t)n;
	q->vr.packed = packed;
	/*
	 * QEMU's cryptodev-vhost-user (7.2 and 11.1) acks no virtio feature
	 * to its back end (SET_FEATURES carries PROTOCOL_FEATURES at most)
	 * while the guest negotiated with QEMU's virtio-crypto-pci, which
	 * offers INDIRECT_DESC and EVENT_IDX: accept indirect tables and
	 * follow both notification rules. Only ever in session-message mode.
	 */
	blind = dv->o->session_msgs && !(dv->features >> VCRYPTO_F_VERSION_1 & 1);
	q->vr.indirect = (dv->features >> VCRYPTO_F_INDIRECT_DESC & 1) || blind;
	q->vr.event_idx = ev;
	q->vr.event_both = blind && !packed;
	q->vr.desc = d;
	q->vr.avail = a;
	q->vr.used = u;
	return true;
}

static void q_call(struct vd_queue *q)
{
	uint64_t one = 1;

	if (q->call >= 0 && vd_vring_need_call(&q->vr))
		if (write(q->call, &one, sizeof(one)) < 0)
			VD_DBG("call eventfd write: %s", strerror(errno));
}

static void q_complete(struct vd_dev *dv, struct vd_queue *q, uint16_t head, uint32_t len,
		       int status, uint16_t ndesc)
{
	const struct vd_fault *f = &dv->o->fault[q - dv->q];
	bool hit = f->kind != VF_NONE && f->every && q->reqs % f->every == 0;

	if (status > 0)
		q->errors++;
	if (!hit) {
		vd_vring_push(&q->vr, head, len, ndesc);
		q->done++;
		return;
	}
	switch (f->kind) {
	case VF_DELAY:
		if (q->n_pend < q->num) {
			q->pend[q->n_pend++] = (struct pending){ head, ndesc, len,
				now_ms() + f->delay_ms };
			return;
		}
		break;
	case VF_DROP:
		return;
	case VF_STATUS:
		/* The status byte is the last writable byte: overwrite it. */
		if (q->chain->w_len) {
			uint8_t b = 0x5a;

			vd_chain_write(q->chain, q->chain->w_len - 1, &b, 1);
		}
		break;
	case VF_BADID:
		head = (uint16_t)(q->num + 1);
		break;
	case VF_NOTINFLIGHT:
		head = (uint16_t)((head + 1) % q->num);
		break;
	case VF_OVERLEN:
		len += 4096;
		break;
	case VF_RESET:
		VD_INFO("fault: DEVICE_NEEDS_RESET on queue %u", (unsigned int)(q - dv->q));
		dv->needs_reset = true;
		return;
	case VF_CLOSE:
		dv->needs_reset = true;	/* conn_close() happens in the loop */
		conn_close(dv, "fault injection (close)");
		return;
	default:
		break;
	}
	vd_vring_push(&q->vr, head, len, ndesc);
	q->done++;
}

/* Requests served from one queue before the others get their turn. */
#define Q_BUDGET 4096u

/*
 * Serve queue idx until its ring is empty (or Q_BUDGET requests: then
 * q->again makes the main loop come back before it sleeps), then call the
 * driver if it asked. busy: the caller polls the data queues again soon
 * (--poll-us), so the driver is asked not to kick (the control queue is
 * never polled: it keeps its kicks); otherwise kicks are re-enabled and
 * the ring checked once more after that (no lost wakeup). Returns the number
 * of requests taken.
 */
static unsigned int q_process(struct vd_dev *dv, unsigned int idx, bool busy)
{
	struct vd_queue *q = &dv->q[idx];
	bool ctrl = idx >= dv->ndata;
	unsigned int n = 0;
	int rc, st;
	uint32_t len;

	q->again = false;
	if (!q->started || !q->enabled || dv->needs_reset || dv->cfd < 0)
		return 0;
	for (;;) {
		while (n < Q_BUDGET && (rc = vd_vring_pop(&q->vr, &dv->mem, q->chain)) != 0) {
			n++;
			q->reqs++;
			if (rc == -1)
				continue;	/* invalid head: nothing to complete */
			if (rc == -2) {
				q_complete(dv, q, q->chain->head, 0, 1, q->chain->ndesc);
				continue;
			}
			len = ctrl ? vd_crypto_ctrl(dv->crypto, q->chain, &q->scr, &st) :
				vd_crypto_data(dv->crypto, q->chain, &q->scr, &st);
			q_complete(dv, q, q->chain->head, len, st, q->chain->ndesc);
			if (dv->cfd < 0 || dv->needs_reset)
				return n;
		}
		if (n >= Q_BUDGET) {
			q->again = true;
			break;
		}
		if (busy && !ctrl) {
			vd_vring_suppress(&q->vr);
			break;
		}
		vd_vring_set_avail_event(&q->vr);
		if (!vd_vring_more(&q->vr))
			break;
	}
	q_call(q);
	return n;
}

static void q_flush_pending(struct vd_dev *dv, uint64_t t, int *timeout)
{
	for (unsigned int i = 0; i < dv->nq; i++) {
		struct vd_queue *q = &dv->q[i];
		unsigned int k = 0, pushed = 0;

		if (!q->n_pend)
			continue;
		while (k < q->n_pend && q->pend[k].due <= t) {
			if (q->started && !dv->needs_reset) {
				vd_vring_push(&q->vr, q->pend[k].head, q->pend[k].len,
					      q->pend[k].ndesc);
				q->done++;
				pushed++;
			}
			k++;
		}
		memmove(q->pend, q->pend + k, (q->n_pend - k) * sizeof(*q->pend));
		q->n_pend -= k;
		if (pushed)
			q_call(q);
		if (q->n_pend) {
			int w = (int)(q->pend[0].due - t);

			if (*timeout < 0 || w < *timeout)
				*timeout = w;
		}
	}
}

/* ------------------------------------------------------------ messages */

struct umsg {
	uint32_t req, flags, size;
	uint8_t p[U_MAX_PAYLOAD];
	int fds[U_MAX_FDS];
	int nfds;
};

static void close_fds(struct umsg *m)
{
	for (int i = 0; i < m->nfds; i++)
		if (m->fds[i] >= 0)
			close(m->fds[i]);
	m->nfds = 0;
}

static int take_fd(struct umsg *m, int i)
{
	int fd = m->fds[i];

	m->fds[i] = -1;
	return fd;
}

static int read_full(int fd, void *buf, size_t len)
{
	uint8_t *b = buf;

	while (len) {
		ssize_t n = read(fd, b, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		b += n;
		len -= (size_t)n;
	}
	return 0;
}

static int recv_msg(int fd, struct umsg *m)
{
	uint8_t hdr[U_HDR];
	char cbuf[CMSG_SPACE(U_MAX_FDS * sizeof(int))];
	struct iovec iov = { hdr, sizeof(hdr) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *cm;
	ssize_t n;

	m->nfds = 0;
	do
		n = recvmsg(fd, &mh, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	for (cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm))
		if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS) {
			int k = (int)((cm->cmsg_len - CMSG_LEN(0)) / sizeof(int));

			for (int i = 0; i < k; i++) {
				int f;

				memcpy(&f, CMSG_DATA(cm) + i * sizeof(int), sizeof(int));
				if (m->nfds < U_MAX_FDS)
					m->fds[m->nfds++] = f;
				else
					close(f);
			}
		}
	if (n == 0)
		return -1;
	if (n < (ssize_t)sizeof(hdr) && n > 0 &&
	    read_full(fd, hdr + n, sizeof(hdr) - (size_t)n) < 0)
		n = -1;
	if (n < 0) {
		close_fds(m);
		return -1;
	}
	if (mh.msg_flags & MSG_CTRUNC)
		vd_violation(VV_MSG, "too many fds in one message");
	m->req = vd_le32(hdr);
	m->flags = vd_le32(hdr + 4);
	m->size = vd_le32(hdr + 8);
	if (m->size > U_MAX_PAYLOAD) {
		vd_violation(VV_MSG, "request %u: payload of %u bytes", m->req, m->size);
		close_fds(m);
		return -1;
	}
	if ((m->flags & 0x3) != U_VERSION)
		vd_violation(VV_MSG, "request %u: flags 0x%x (version 1 wanted)", m->req, m->flags);
	if (m->size && read_full(fd, m->p, m->size) < 0) {
		close_fds(m);
		return -1;
	}
	return 0;
}

static int send_reply(int fd, uint32_t req, const void *p, uint32_t size)
{
	uint8_t buf[U_HDR + 1088];
	ssize_t n;

	if (size > sizeof(buf) - U_HDR)
		return -1;
	vd_put32(buf, req);
	vd_put32(buf + 4, U_VERSION | U_REPLY);
	vd_put32(buf + 8, size);
	memcpy(buf + U_HDR, p, size);
	do
		n = send(fd, buf, U_HDR + size, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	return n == (ssize_t)(U_HDR + size) ? 0 : -1;
}

static int reply_u64(struct vd_dev *dv, uint32_t req, uint64_t v)
{
	uint8_t b[8];

	vd_put64(b, v);
	return send_reply(dv->cfd, req, b, 8);
}

static bool want_size(const struct umsg *m, uint32_t size, const char *name)
{
	if (m->size == size)
		return true;
	vd_violation(VV_MSG, "%s: payload %u bytes, want %u", name, m->size, size);
	return false;
}

/* Vring index of a state/addr/fd payload; NULL on a bad index. */
static struct vd_queue *msg_queue(struct vd_dev *dv, uint32_t idx, const char *name)
{
	if (idx < dv->nq)
		return &dv->q[idx];
	vd_violation(VV_MSG, "%s: vring index %u >= %u", name, idx, dv->nq);
	return NULL;
}

static int set_mem_table(struct vd_dev *dv, struct umsg *m)
{
	uint32_t n;
	struct vd_mem nm;

	if (m->size < 8)
		return -1;
	n = vd_le32(m->p);
	if (n == 0 || n > VD_MAX_REGIONS || m->size != 8 + 32 * n || (uint32_t)m->nfds != n) {
		vd_violation(VV_MSG, "SET_MEM_TABLE: %u regions, %u bytes, %d fds",
			     n, m->size, m->nfds);
		return -1;
	}
	memset(&nm, 0, sizeof(nm));
	for (uint32_t i = 0; i < n; i++) {
		const uint8_t *r = m->p + 8 + 32 * i;
		struct vd_region *g = &nm.r[i];
		uint64_t off = vd_le64(r + 24);
		void *p;

		g->gpa = vd_le64(r);
		g->size = vd_le64(r + 8);
		g->uva = vd_le64(r + 16);
		if (!g->size || off > UINT64_MAX - g->size || g->gpa > UINT64_MAX - g->size ||
		    g->uva > UINT64_MAX - g->size || g->size + off > SIZE_MAX) {
			vd_violation(VV_MSG, "SET_MEM_TABLE: region %u size/offset invalid", i);
			vd_mem_unmap(&nm);
			return -1;
		}
		{
			/* A file shorter than the region would SIGBUS us on access. */
			struct stat st;

			if (fstat(m->fds[i], &st) == 0 && S_ISREG(st.st_mode) &&
			    (uint64_t)st.st_size < g->size + off) {
				vd_violation(VV_MSG, "SET_MEM_TABLE: region %u needs %llu bytes, "
					     "its file has %lld", i,
					     (unsigned long long)(g->size + off),
					     (long long)st.st_size);
				vd_mem_unmap(&nm);
				return -1;
			}
		}
		p = mmap(NULL, g->size + off, PROT_READ | PROT_WRITE, MAP_SHARED, m->fds[i], 0);
		if (p == MAP_FAILED) {
			VD_ERR("SET_MEM_TABLE: mmap region %u (%llu bytes): %s", i,
			       (unsigned long long)(g->size + off), strerror(errno));
			vd_mem_unmap(&nm);
			return -1;
		}
		g->map = p;
		g->map_len = g->size + off;
		g->host = (uint8_t *)p + off;
		nm.n = i + 1;
	}
	vd_mem_unmap(&dv->mem);
	dv->mem = nm;
	/* Rings already running move to the new mapping. */
	for (unsigned int i = 0; i < dv->nq; i++)
		if (dv->q[i].started && !q_map(dv, &dv->q[i], i))
			q_stop(dv, &dv->q[i]);
	return 0;
}

static int handle(struct vd_dev *dv, struct umsg *m)
{
	struct vd_queue *q;
	uint32_t idx, num;
	int rc = 0;
	bool replied = false;

	switch (m->req) {
	case U_GET_FEATURES:
		rc = reply_u64(dv, m->req, dv->features_offered);
		replied = true;
		break;
	case U_SET_FEATURES: {
		uint64_t f;

		if (!want_size(m, 8, "SET_FEATURES"))
			return -1;
		f = vd_le64(m->p);
		if (f & ~dv->features_offered) {
			vd_violation(VV_FEATURES, "SET_FEATURES 0x%llx has bits not offered (0x%llx)",
				     (unsigned long long)f,
				     (unsigned long long)(f & ~dv->features_offered));
			rc = -1;
		}
		if (!vd_crypto_set_features(dv->crypto, f))
			rc = -1;
		dv->features = f;
		VD_INFO("features 0x%llx", (unsigned long long)f);
		break;
	}
	case U_SET_OWNER:
		break;
	case U_RESET_OWNER:
	case U_RESET_DEVICE:
		dev_reset(dv);
		break;
	case U_GET_PROTOCOL_FEATURES:
		rc = reply_u64(dv, m->req, dv->pfeatures_offered);
		replied = true;
		break;
	case U_SET_PROTOCOL_FEATURES:
		if (!want_size(m, 8, "SET_PROTOCOL_FEATURES"))
			return -1;
		dv->pfeatures = vd_le64(m->p);
		if (dv->pfeatures & ~dv->pfeatures_offered) {
			vd_violation(VV_FEATURES, "protocol features 0x%llx not offered",
				     (unsigned long long)(dv->pfeatures & ~dv->pfeatures_offered));
			dv->pfeatures &= dv->pfeatures_offered;
			rc = -1;
		}
		break;
	case U_GET_QUEUE_NUM:
		rc = reply_u64(dv, m->req, dv->nq);
		replied = true;
		break;
	case U_SET_MEM_TABLE:
		rc = set_mem_table(dv, m);
		break;
	case U_SET_VRING_NUM:
	case U_SET_VRING_BASE:
	case U_GET_VRING_BASE:
	case U_SET_VRING_ENABLE:
		if (!want_size(m, 8, "SET/GET_VRING_*"))
			return -1;
		idx = vd_le32(m->p);
		num = vd_le32(m->p + 4);
		q = msg_queue(dv, idx, "vring state");
		if (!q) {
			rc = -1;
			if (m->req == U_GET_VRING_BASE)
				return -1;
			break;
		}
		if (m->req == U_SET_VRING_NUM) {
			if (q->started || !num || num > dv->o->queue_size ||
			    (!(dv->features >> VCRYPTO_F_RING_PACKED & 1) && (num & (num - 1)))) {
				vd_violation(VV_RING, "queue %u: size %u (max %u, power of 2%s)",
					     idx, num, dv->o->queue_size,
					     q->started ? ", ring running" : "");
				rc = -1;
				break;
			}
			q->num = num;
			free(q->pend);
			q->pend = calloc(num, sizeof(*q->pend));
			if (!q->pend)
				rc = -1;
		} else if (m->req == U_SET_VRING_BASE) {
			q->base = (uint16_t)num;
		} else if (m->req == U_SET_VRING_ENABLE) {
			q->enabled = num != 0;
			if (q->enabled)
				q_process(dv, idx, false);
		} else {
			uint8_t b[8];

			if (q->started)
				q->base = (uint16_t)(q->vr.last_avail |
						     (q->vr.packed && q->vr.avail_wrap ? 0x8000 : 0));
			vd_put32(b, idx);
			vd_put32(b + 4, q->base);
			q_stop(dv, q);
			rc = send_reply(dv->cfd, m->req, b, 8);
			replied = true;
		}
		break;
	case U_SET_VRING_ADDR:
		if (!want_size(m, 40, "SET_VRING_ADDR"))
			return -1;
		q = msg_queue(dv, vd_le32(m->p), "SET_VRING_ADDR");
		if (!q) {
			rc = -1;
			break;
		}
		q->desc_uva = vd_le64(m->p + 8);
		q->used_uva = vd_le64(m->p + 16);
		q->avail_uva = vd_le64(m->p + 24);
		q->have_addr = true;
		break;
	case U_SET_VRING_KICK:
	case U_SET_VRING_CALL:
	case U_SET_VRING_ERR: {
		uint64_t v;
		int fd = -1;

		if (!want_size(m, 8, "SET_VRING_KICK/CALL/ERR"))
			return -1;
		v = vd_le64(m->p);
		if (!(v & 0x100)) {
			if (m->nfds != 1) {
				vd_violation(VV_MSG, "vring fd message with %d fds", m->nfds);
				return -1;
			}
			fd = take_fd(m, 0);
		}
		q = msg_queue(dv, (uint32_t)(v & 0xff), "vring fd");
		if (!q) {
			if (fd >= 0)
				close(fd);
			rc = -1;
			break;
		}
		if (m->req == U_SET_VRING_ERR) {
			if (fd >= 0)
				close(fd);
		} else if (m->req == U_SET_VRING_CALL) {
			if (q->call >= 0)
				close(q->call);
			q->call = fd;
		} else {
			q_stop(dv, q);
			if (!q_map(dv, q, (unsigned int)(v & 0xff))) {
				if (fd >= 0)
					close(fd);
				rc = -1;
				break;
			}
			if (q->vr.packed) {
				q->vr.last_avail = q->vr.used_idx = q->base & 0x7fff;
				q->vr.avail_wrap = q->vr.used_wrap = q->base >> 15;
				if (q->vr.last_avail >= q->vr.num) {
					vd_violation(VV_RING, "queue %u: base %u >= size",
						     (unsigned int)(v & 0xff), q->vr.last_avail);
					if (fd >= 0)
						close(fd);
					rc = -1;
					break;
				}
			} else {
				q->vr.last_avail = q->base;
				q->vr.used_idx = q->base;
			}
			q->vr.signalled_valid = false;
			q->kick = fd;
			q->poll = fd < 0;
			q->started = true;
			/*
			 * Session-message front ends (QEMU's cryptodev-vhost-user,
			 * 7.2 and 11.1 alike) never send SET_VRING_ENABLE: their
			 * rings run once started.
			 */
			if (!(dv->features >> F_PROTOCOL_FEATURES & 1) || dv->o->session_msgs)
				q->enabled = true;
			if (fd >= 0) {
				struct epoll_event ev = { .events = EPOLLIN,
							  .data.u32 = (uint32_t)(v & 0xff) };

				epoll_ctl(dv->efd, EPOLL_CTL_ADD, fd, &ev);
			}
			q_process(dv, (unsigned int)(v & 0xff), false);
		}
		break;
	}
	case U_GET_CONFIG: {
		uint8_t cfg[56], out[12 + 256];
		uint32_t off, sz;

		replied = true;
		if (m->size < 12) {
			vd_violation(VV_MSG, "GET_CONFIG: payload %u bytes", m->size);
			return -1;
		}
		off = vd_le32(m->p);
		sz = vd_le32(m->p + 4);
		memset(out, 0, sizeof(out));
		memcpy(out, m->p, 12);
		if (sz > 256 || off > 256 || off + sz > 256 || m->size != 12 + sz) {
			vd_violation(VV_MSG, "GET_CONFIG offset %u size %u payload %u", off, sz,
				     m->size);
			vd_put32(out + 4, 0);
			rc = send_reply(dv->cfd, m->req, out, 12);
			break;
		}
		vd_crypto_config(dv->crypto, cfg);
		for (uint32_t i = 0; i < sz; i++)
			out[12 + i] = off + i < sizeof(cfg) ? cfg[off + i] : 0;
		rc = send_reply(dv->cfd, m->req, out, 12 + sz);
		break;
	}
	case U_CREATE_CRYPTO_SESSION: {
		uint8_t out[1088];

		replied = true;
		if (!dv->o->session_msgs || !(dv->pfeatures >> P_CRYPTO_SESSION & 1)) {
			vd_violation(VV_MSG, "CREATE_CRYPTO_SESSION without protocol feature "
				     "CRYPTO_SESSION");
			return -1;
		}
		if (vd_sessmsg_create(dv->crypto, dv->o->session_msgs, m->p, m->size, out) < 0)
			return -1;
		rc = send_reply(dv->cfd, m->req, out, m->size);
		break;
	}
	case U_CLOSE_CRYPTO_SESSION:
		if (!dv->o->session_msgs || !(dv->pfeatures >> P_CRYPTO_SESSION & 1)) {
			vd_violation(VV_MSG, "CLOSE_CRYPTO_SESSION without protocol feature "
				     "CRYPTO_SESSION");
			return -1;
		}
		rc = vd_sessmsg_close(dv->crypto, m->p, m->size);
		if (rc < 0)
			return -1;
		rc = rc ? -1 : 0;	/* a virtio status: OK is 0 */
		break;
	case U_SET_CONFIG:
		vd_violation(VV_MSG, "SET_CONFIG: the crypto config space is read-only");
		rc = -1;
		break;
	case U_SET_STATUS:
		if (!want_size(m, 8, "SET_STATUS"))
			return -1;
		dv->status = (uint8_t)vd_le64(m->p);
		/*
		 * QEMU writes 0 on every vhost stop (VM pause included), not only
		 * on a driver reset: sessions survive it; RESET_DEVICE and a
		 * disconnect drop them. It does clear DEVICE_NEEDS_RESET.
		 */
		if (dv->status == 0)
			dv->needs_reset = false;
		if (dv->status & ~VCRYPTO_STATUS_KNOWN)
			vd_violation(VV_STATE, "status 0x%x has undefined bits", dv->status);
		break;
	case U_GET_STATUS:
		rc = reply_u64(dv, m->req, dv->status |
			       (dv->needs_reset ? VCRYPTO_STATUS_NEEDS_RESET : 0));
		replied = true;
		break;
	default:
		vd_violation(VV_MSG, "request %u not supported", m->req);
		rc = -1;
		break;
	}
	if (!replied && (m->flags & U_NEED_REPLY) &&
	    (dv->pfeatures >> P_REPLY_ACK & 1))
		if (reply_u64(dv, m->req, rc ? 1 : 0) < 0)
			return -1;
	return replied && rc < 0 ? -1 : 0;
}

/* ------------------------------------------------------------ main loop */

static void dump_stats(struct vd_dev *dv)
{
	for (unsigned int i = 0; i < dv->nq; i++)
		if (dv->q[i].reqs)
			fprintf(stderr, "vcrypto-device: queue %u%s: %llu requests, %llu completed, "
				"%llu non-OK, %llu bad chains\n", i,
				i >= dv->ndata ? " (control)" : "",
				(unsigned long long)dv->q[i].reqs,
				(unsigned long long)dv->q[i].done,
				(unsigned long long)dv->q[i].errors,
				(unsigned long long)dv->q[i].vr.bad_chains);
	vd_violation_dump();
}

static int listen_on(const char *path)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(a.sun_path)) {
		VD_ERR("socket path too long: %s", path);
		return -1;
	}
	strcpy(a.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	unlink(path);
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(fd, 1) < 0) {
		VD_ERR("cannot listen on %s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

int vd_serve(const struct vd_opts *o)
{
	struct vd_dev *dv = calloc(1, sizeof(*dv));
	struct epoll_event ev;
	uint64_t busy_until = 0;
	bool was_busy = false;
	sigset_t ss;
	int rc = 1;

	if (!dv)
		return 1;
	dv->o = o;
	dv->cfd = dv->lfd = dv->efd = dv->sfd = -1;
	/* Session messages replace the control queue: data vrings only. */
	dv->ndata = o->queues;
	dv->nq = o->queues + (o->session_msgs ? 0 : 1);
	dv->features_offered = 1ULL << VCRYPTO_F_VERSION_1 | 1ULL << VCRYPTO_F_INDIRECT_DESC |
		1ULL << VCRYPTO_F_EVENT_IDX | 1ULL << F_PROTOCOL_FEATURES |
		(o->no_packed ? 0 : 1ULL << VCRYPTO_F_RING_PACKED) |
		o->crypto.crypto_features;
	dv->pfeatures_offered = 1ULL << P_MQ | 1ULL << P_REPLY_ACK | 1ULL << P_CONFIG |
		1ULL << P_RESET_DEVICE | 1ULL << P_STATUS;
	/*
	 * Session messages: no config space to read, no control vring. No
	 * STATUS either: QEMU 7.2's cryptodev-vhost-user negotiates it and
	 * never sends DRIVER_OK.
	 */
	if (o->session_msgs)
		dv->pfeatures_offered = 1ULL << P_MQ | 1ULL << P_REPLY_ACK |
			1ULL << P_RESET_DEVICE | 1ULL << P_CRYPTO_SESSION;
	dv->crypto = vd_crypto_new(&o->crypto);
	if (!dv->crypto)
		goto out;
	for (unsigned int i = 0; i < dv->nq; i++) {
		dv->q[i].kick = dv->q[i].call = -1;
		dv->q[i].chain = malloc(sizeof(struct vd_chain));
		if (!dv->q[i].chain || vd_scratch_init(&dv->q[i].scr, dv->crypto) < 0)
			goto out;
	}
	sigemptyset(&ss);
	sigaddset(&ss, SIGTERM);
	sigaddset(&ss, SIGINT);
	sigaddset(&ss, SIGUSR1);
	sigaddset(&ss, SIGPIPE);
	sigprocmask(SIG_BLOCK, &ss, NULL);
	dv->sfd = signalfd(-1, &ss, SFD_CLOEXEC);
	dv->efd = epoll_create1(EPOLL_CLOEXEC);
	dv->lfd = listen_on(o->socket);
	if (dv->sfd < 0 || dv->efd < 0 || dv->lfd < 0)
		goto out;
	ev.events = EPOLLIN;
	ev.data.u32 = TAG_LISTEN;
	epoll_ctl(dv->efd, EPOLL_CTL_ADD, dv->lfd, &ev);
	ev.data.u32 = TAG_SIGNAL;
	epoll_ctl(dv->efd, EPOLL_CTL_ADD, dv->sfd, &ev);
	VD_INFO("listening on %s: %u data queues, engine %s, services 0x%x, features 0x%llx, "
		"control: %s", o->socket, o->queues, o->crypto.engine->name, o->crypto.services,
		(unsigned long long)dv->features_offered,
		o->session_msgs ? "session messages" : "vring");
	while (!dv->stop) {
		struct epoll_event evs[16];
		int timeout = -1, n;
		bool polling = false, again = false, busy;
		uint64_t t = now_us();
		unsigned int work = 0;

		/*
		 * --poll-us: for that long after the last request, the data
		 * queues are polled without sleeping and the driver does not
		 * kick; when it runs out, a last pass re-enables the kicks.
		 */
		busy = o->poll_us && t < busy_until;
		if (was_busy && !busy)
			for (unsigned int i = 0; i < dv->ndata; i++)
				work += q_process(dv, i, false);
		was_busy = busy;
		q_flush_pending(dv, t / 1000, &timeout);
		for (unsigned int i = 0; i < dv->nq; i++) {
			polling |= dv->q[i].poll;
			again |= dv->q[i].again;
		}
		if (polling && (timeout < 0 || timeout > 1))
			timeout = 1;
		if (busy || again || work)
			timeout = 0;
		n = epoll_wait(dv->efd, evs, 16, timeout);
		if (n < 0 && errno != EINTR)
			break;
		for (int i = 0; i < n; i++) {
			uint32_t tag = evs[i].data.u32;

			if (tag == TAG_SIGNAL) {
				struct signalfd_siginfo si;

				if (read(dv->sfd, &si, sizeof(si)) != sizeof(si))
					continue;
				if (si.ssi_signo == SIGUSR1) {
					dump_stats(dv);
				} else if (si.ssi_signo != SIGPIPE) {
					VD_INFO("signal %u: exiting", si.ssi_signo);
					dv->stop = true;
				}
			} else if (tag == TAG_LISTEN) {
				int c = accept4(dv->lfd, NULL, NULL, SOCK_CLOEXEC);

				if (c < 0)
					continue;
				if (dv->cfd >= 0) {
					VD_INFO("refusing a second connection");
					close(c);
					continue;
				}
				dv->cfd = c;
				ev.events = EPOLLIN;
				ev.data.u32 = TAG_CONN;
				epoll_ctl(dv->efd, EPOLL_CTL_ADD, c, &ev);
				VD_INFO("front end connected");
			} else if (tag == TAG_CONN) {
				struct umsg *m = malloc(sizeof(*m));

				if (!m || dv->cfd < 0 || recv_msg(dv->cfd, m) < 0) {
					conn_close(dv, "socket closed or unreadable message");
				} else {
					if (handle(dv, m) < 0)
						conn_close(dv, "malformed message or reply failed");
					close_fds(m);
				}
				free(m);
			} else if (tag < dv->nq) {
				uint64_t v;

				if (dv->q[tag].kick >= 0 &&
				    read(dv->q[tag].kick, &v, sizeof(v)) < 0 && errno != EAGAIN)
					VD_DBG("kick read: %s", strerror(errno));
				work += q_process(dv, tag, busy);
			}
		}
		for (unsigned int i = 0; i < dv->nq; i++)
			if (dv->q[i].poll || dv->q[i].again || (busy && i < dv->ndata))
				work += q_process(dv, i, busy);
		if (work && o->poll_us)
			busy_until = now_us() + o->poll_us;
	}
	rc = 0;
out:
	if (dv->cfd >= 0)
		conn_close(dv, "exit");
	dump_stats(dv);
	if (o->strict && vd_violation_total()) {
		fprintf(stderr, "vcrypto-device: --strict: %llu violation(s) seen\n",
			(unsigned long long)vd_violation_total());
		rc = 3;
	}
	for (unsigned int i = 0; i < dv->nq; i++) {
		free(dv->q[i].chain);
		free(dv->q[i].pend);
		vd_scratch_fini(&dv->q[i].scr);
	}
	vd_crypto_free(dv->crypto);
	if (dv->lfd >= 0) {
		close(dv->lfd);
		unlink(o->socket);
	}
	free(dv);
	return rc;
}
