/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * The vhost-user message channel of the virtio-user transport
 * (vcrypto_user_msg.h): sendmsg with fds, replies read within a deadline
 * and checked (request, flags, size, no fds), the memory table from EAL's
 * segments. A broken exchange marks the connection dead.
 */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <rte_eal_memconfig.h>
#include <rte_memory.h>

#include "vcrypto_log.h"
#include "vcrypto_user_msg.h"

void
vcrypto_umsg_mark_dead(struct vcrypto_hw *hw, const char *why)
{
	if (!user_of(hw)->dead)
		VCRYPTO_LOG(ERR, "%s: vhost-user back end %s: %s", hw->name,
			    user_of(hw)->path, why);
	user_of(hw)->dead = true;
	/* Before the first DRIVER_OK there is nothing to come back to. */
	if (!user_of(hw)->was_ok)
		hw->gone = true;
}

/* True if the peer hung up (never blocks). */
bool
vcrypto_umsg_peer_gone(struct vcrypto_hw *hw)
{
	struct pollfd pfd = { .fd = user_of(hw)->sock, .events = POLLRDHUP };

	if (user_of(hw)->dead)
		return true;
	if (poll(&pfd, 1, 0) > 0 &&
	    (pfd.revents & (POLLHUP | POLLRDHUP | POLLERR | POLLNVAL))) {
		vcrypto_umsg_mark_dead(hw, "connection closed");
		return true;
	}
	return false;
}

/* Now, in ms, on the clock poll() counts its timeout on. */
static uint64_t
now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000 + (uint64_t)t.tv_nsec / 1000000;
}

/* What is left of deadline (now_ms()), as a poll() timeout: 0 if past. */
static int
ms_left(uint64_t deadline)
{
	uint64_t now = now_ms();

	return now < deadline ? (int)(deadline - now) : 0;
}

/*
 * Send all of *mh within the reply deadline. Non-blocking: a back end
 * that stops reading fills the socket buffer, and must not block the
 * caller (holding the connection's lock) for ever. The fds go with the
 * first byte sent.
 */
static int
send_all(struct vcrypto_hw *hw, struct msghdr *mh)
{
	struct pollfd pfd = { .fd = user_of(hw)->sock, .events = POLLOUT };
	uint64_t deadline = now_ms() + user_of(hw)->reply_ms;
	struct iovec *iov = mh->msg_iov;
	ssize_t n;
	int ms;

	while (iov->iov_len > 0) {
		n = sendmsg(pfd.fd, mh, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n > 0) {
			iov->iov_base = (char *)iov->iov_base + n;
			iov->iov_len -= (size_t)n;
			mh->msg_control = NULL;
			mh->msg_controllen = 0;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
			vcrypto_umsg_mark_dead(hw, strerror(errno));
			return -ENODEV;
		}
		ms = ms_left(deadline);
		if (ms == 0 || poll(&pfd, 1, ms) == 0) {
			vcrypto_umsg_mark_dead(hw, "not reading its socket "
					       "(send buffer full past the "
					       "reply deadline)");
			return -ENODEV;
		}
	}
	return 0;
}

int
vcrypto_umsg_send_msg(struct vcrypto_hw *hw, uint32_t req, uint32_t flags,
		      const void *payload, uint32_t size, const int *fds,
		      int nfds)
{
	struct umsg m = { .req = req, .flags = U_VERSION | flags,
			  .size = size };
	char ctl[CMSG_SPACE(sizeof(int) * U_MAX_REGIONS)];
	struct iovec iov = { .iov_base = &m, .iov_len = U_HDR + size };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *c;

	if (size > sizeof(m.p) || nfds > U_MAX_REGIONS)
		return -EINVAL;
	if (size != 0)
		memcpy(m.p, payload, size);
	if (nfds > 0) {
		memset(ctl, 0, sizeof(ctl));
		mh.msg_control = ctl;
		mh.msg_controllen = CMSG_SPACE(sizeof(int) * nfds);
		c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int) * nfds);
		memcpy(CMSG_DATA(c), fds, sizeof(int) * nfds);
	}
	return send_all(hw, &mh);
}

/* A reply brought fds: close every one, none may stay open here. */
static void
close_fds(struct msghdr *mh)
{
	struct cmsghdr *c = CMSG_FIRSTHDR(mh);

	for (; c != NULL; c = CMSG_NXTHDR(mh, c))
		if (c->cmsg_type == SCM_RIGHTS) {
			int k, nf = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
			int *f = (int *)CMSG_DATA(c);

			for (k = 0; k < nf; k++)
				close(f[k]);
		}
}

/*
 * Read exactly len bytes by deadline (now_ms()); fds are refused. The
 * deadline is the whole reply's: a back end dribbling bytes, each within
 * reply_ms of the last, must not hold the connection's lock for
 * (12 + size) times reply_ms.
 */
static int
recv_exact(struct vcrypto_hw *hw, void *buf, size_t len, uint64_t deadline,
	   const char *what)
{
	char ctl[CMSG_SPACE(sizeof(int) * U_MAX_REGIONS)];
	struct pollfd pfd = { .fd = user_of(hw)->sock, .events = POLLIN };
	size_t got = 0;
	ssize_t n;

	while (got < len) {
		struct iovec iov = { .iov_base = (uint8_t *)buf + got,
				     .iov_len = len - got };
		struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
				     .msg_control = ctl,
				     .msg_controllen = sizeof(ctl) };

		n = poll(&pfd, 1, ms_left(deadline));
		if (n == 0) {
			char why[40];

			snprintf(why, sizeof(why), "no reply within %u s",
				 user_of(hw)->reply_ms / 1000);
			vcrypto_umsg_mark_dead(hw, why);
			return -ETIMEDOUT;
		}
		if (n < 0) {
			if (errno == EINTR)
				continue;
			vcrypto_umsg_mark_dead(hw, strerror(errno));
			return -ENODEV;
		}
		n = recvmsg(user_of(hw)->sock, &mh, MSG_CMSG_CLOEXEC);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			vcrypto_umsg_mark_dead(hw,
					       n == 0 ? "connection closed" : strerror(errno));
			return -ENODEV;
		}
		if (mh.msg_controllen != 0) {
			close_fds(&mh);
			VCRYPTO_LOG(ERR, "%s: %s reply carries fds", hw->name,
				    what);
			vcrypto_umsg_mark_dead(hw, "unexpected fds in a reply");
			return -EIO;
		}
		got += (size_t)n;
	}
	return 0;
}

/* Receive the reply to req within reply_ms: header checked, size must
 * be want. */
int
vcrypto_umsg_recv_reply(struct vcrypto_hw *hw, uint32_t req, void *payload,
			uint32_t want, const char *what)
{
	uint64_t deadline = now_ms() + user_of(hw)->reply_ms;
	struct umsg m;
	int rc;

	rc = recv_exact(hw, &m, U_HDR, deadline, what);
	if (rc != 0)
		return rc;
	if (m.req != req || (m.flags & 0x3) != U_VERSION ||
	    !(m.flags & U_REPLY) || m.size != want) {
		VCRYPTO_LOG(ERR, "%s: bad reply to %s: request %u flags 0x%x "
			    "size %u (want request %u, reply, size %u)",
			    hw->name, what, m.req, m.flags, m.size, req, want);
		vcrypto_umsg_mark_dead(hw, "malformed reply");
		return -EIO;
	}
	rc = recv_exact(hw, m.p, want, deadline, what);
	if (rc == 0 && want != 0)
		memcpy(payload, m.p, want);
	return rc;
}

/* A message without a reply of its own; acked when REPLY_ACK is on. */
int
vcrypto_umsg_set_msg(struct vcrypto_hw *hw, uint32_t req, const void *payload,
		     uint32_t size, const int *fds, int nfds, const char *what)
{
	bool ack = (user_of(hw)->pfeatures >> P_REPLY_ACK) & 1;
	uint8_t r[8];
	int rc;

	if (user_of(hw)->dead)
		return -ENODEV;
	rc = vcrypto_umsg_send_msg(hw, req, ack ? U_NEED_REPLY : 0, payload,
				   size, fds, nfds);
	if (rc != 0 || !ack)
		return rc;
	rc = vcrypto_umsg_recv_reply(hw, req, r, 8, what);
	if (rc == 0 && get64(r) != 0) {
		VCRYPTO_LOG(ERR, "%s: back end refused %s (ack %" PRIu64 ")",
			    hw->name, what, get64(r));
		return -EIO;
	}
	return rc;
}

int
vcrypto_umsg_set_u64(struct vcrypto_hw *hw, uint32_t req, uint64_t v,
		     const char *what)
{
	uint8_t b[8];

	put64(b, v);
	return vcrypto_umsg_set_msg(hw, req, b, 8, NULL, 0, what);
}

int
vcrypto_umsg_get_u64(struct vcrypto_hw *hw, uint32_t req, uint64_t *v,
		     const char *what)
{
	uint8_t b[8];
	int rc;

	if (user_of(hw)->dead)
		return -ENODEV;
	rc = vcrypto_umsg_send_msg(hw, req, 0, NULL, 0, NULL, 0);
	if (rc == 0)
		rc = vcrypto_umsg_recv_reply(hw, req, b, 8, what);
	if (rc == 0)
		*v = get64(b);
	return rc;
}

int
vcrypto_umsg_set_state(struct vcrypto_hw *hw, uint32_t req, uint32_t idx,
		       uint32_t num, const char *what)
{
	uint8_t b[8];

	put32(b, idx);
	put32(b + 4, num);
	return vcrypto_umsg_set_msg(hw, req, b, 8, NULL, 0, what);
}

/* ------------------------------------------------------- memory table */

struct walk_ctx {
	struct user_region r[U_MAX_REGIONS];
	unsigned int n;
	bool too_many;
	bool no_fd;
};

static int
walk_seg(const struct rte_memseg_list *msl, const struct rte_memseg *ms,
	 void *arg)
{
	struct walk_ctx *w = arg;
	struct user_region *last;
	size_t off;
	int fd;

	if (msl->external)
		return 0;
	fd = rte_memseg_get_fd_thread_unsafe(ms);
	if (fd < 0 || rte_memseg_get_fd_offset_thread_unsafe(ms, &off) < 0) {
		w->no_fd = true;
		return 1;
	}
	last = w->n > 0 ? &w->r[w->n - 1] : NULL;
	if (last != NULL && last->fd == fd &&
	    last->va + last->size == ms->addr_64 &&
	    last->off + last->size == off) {
		last->size += ms->len;
		return 0;
	}
	if (w->n == U_MAX_REGIONS) {
		w->too_many = true;
		return 1;
	}
	w->r[w->n++] = (struct user_region){ .va = ms->addr_64,
		.size = ms->len, .off = off, .fd = fd };
	return 0;
}

/* The caller holds EAL's memory lock (read, or write in a memory event). */
static int
collect_memory(struct vcrypto_hw *hw, struct walk_ctx *w)
{
	memset(w, 0, sizeof(*w));
	rte_memseg_walk_thread_unsafe(walk_seg, w);
	if (w->no_fd || w->too_many || w->n == 0) {
		VCRYPTO_LOG(ERR, "%s: EAL memory cannot be shared with a "
			    "vhost-user back end (%s): run with --no-huge -m N "
			    "or with hugepages and --single-file-segments",
			    hw->name, w->no_fd ? "a segment has no file" :
			    w->n == 0 ? "no memory" :
			    "more than 8 regions");
		return -ENOTSUP;
	}
	return 0;
}

int
vcrypto_umsg_send_mem_table(struct vcrypto_hw *hw)
{
	uint8_t b[8 + 32 * U_MAX_REGIONS];
	int fds[U_MAX_REGIONS];
	struct walk_ctx w;
	unsigned int i;
	int rc;

	rc = collect_memory(hw, &w);
	if (rc != 0)
		return rc;
	memset(b, 0, sizeof(b));
	put32(b, w.n);
	for (i = 0; i < w.n; i++) {
		uint8_t *r = b + 8 + 32 * i;

		/* VA addressing: the "guest physical" address is the VA. */
		put64(r, w.r[i].va);
		put64(r + 8, w.r[i].size);
		put64(r + 16, w.r[i].va);
		put64(r + 24, w.r[i].off);
		fds[i] = w.r[i].fd;
	}
	user_of(hw)->reply_ms = MEM_TABLE_TIMEOUT_MS;
	rc = vcrypto_umsg_set_msg(hw, U_SET_MEM_TABLE, b, 8 + 32 * w.n, fds,
				  (int)w.n, "SET_MEM_TABLE");
	user_of(hw)->reply_ms = REPLY_TIMEOUT_MS;
	if (rc == 0) {
		user_of(hw)->mem_sent = true;
		VCRYPTO_LOG(INFO, "%s: memory table: %u region(s)", hw->name,
			    w.n);
	}
	return rc;
}

int
vcrypto_umsg_memory_shareable(struct vcrypto_hw *hw)
{
	struct walk_ctx w;
	int rc;

	rte_mcfg_mem_read_lock();
	rc = collect_memory(hw, &w);
	rte_mcfg_mem_read_unlock();
	return rc;
}
