/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * The fake vhost-user back end of umsg_fixture.h: a socketpair, the back
 * end's reads and writes (fds as SCM_RIGHTS), a thread for late or
 * dribbled replies, and EAL's memory segments as stubs.
 */
#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <rte_eal_memconfig.h>
#include <rte_memory.h>

#include "umsg_fixture.h"

struct uf uf = { .u = { .sock = -1 }, .peer = -1 };

static struct rte_memseg seg_ms[UF_MAX_SEGS];

/* ------------------------------------------------------------ helpers */

uint64_t
uf_now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000 + (uint64_t)t.tv_nsec / 1000000;
}

static void
sleep_ms(unsigned int ms)
{
	struct timespec t = { .tv_sec = ms / 1000,
			      .tv_nsec = (long)(ms % 1000) * 1000000 };

	while (nanosleep(&t, &t) != 0 && errno == EINTR)
		;
}

static void
close_pair(void)
{
	if (uf.u.sock >= 0)
		close(uf.u.sock);
	if (uf.peer >= 0)
		close(uf.peer);
	uf.u.sock = uf.peer = -1;
}

int
uf_connect(void)
{
	int sv[2];

	close_pair();
	memset(&uf.u, 0, sizeof(uf.u));
	memset(&uf.hw, 0, sizeof(uf.hw));
	uf.u.sock = -1;
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
		return -errno;
	uf.u.sock = sv[0];
	uf.peer = sv[1];
	uf.u.reply_ms = REPLY_TIMEOUT_MS;
	uf.u.pfeatures = BIT(P_REPLY_ACK);
	snprintf(uf.u.path, sizeof(uf.u.path), "/tmp/umsg-test.sock");
	snprintf(uf.hw.name, sizeof(uf.hw.name), "umsg0");
	uf.hw.priv = &uf.u;
	return 0;
}

void
uf_teardown(void)
{
	close_pair();
	while (uf.nfiles > 0)
		if (uf.files[--uf.nfiles] >= 0)
			close(uf.files[uf.nfiles]);
	uf.nsegs = uf.mem_locks = uf.mem_unlocks = 0;
}

int
uf_new_file(void)
{
	int fd;

	if (uf.nfiles == UF_MAX_FDS)
		return -1;
	fd = memfd_create("umsg", MFD_CLOEXEC);
	if (fd >= 0)
		uf.files[uf.nfiles++] = fd;
	return fd;
}

int
uf_new_pipe(int p[2])
{
	if (uf.nfiles + 2 > UF_MAX_FDS || pipe(p) != 0)
		return -1;
	uf.files[uf.nfiles++] = p[0];
	uf.files[uf.nfiles++] = p[1];
	return 0;
}

void
uf_close_file(int fd)
{
	unsigned int i;

	for (i = 0; i < uf.nfiles; i++)
		if (uf.files[i] == fd)
			uf.files[i] = -1;
	close(fd);
}

bool
uf_same_file(int a, int b)
{
	struct stat sa, sb;

	return fstat(a, &sa) == 0 && fstat(b, &sb) == 0 &&
		sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* The walk's own fd counts every time, so counts compare. */
int
uf_count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	if (d == NULL)
		return -1;
	while (readdir(d) != NULL)
		n++;
	closedir(d);
	return n;
}

int
uf_pending(int fd)
{
	int n = -1;

	return ioctl(fd, FIONREAD, &n) == 0 ? n : -1;
}

/* ------------------------------------------------- the fake back end */

static void
put_fds(struct msghdr *mh, char *ctl, size_t ctl_len, const int *fds,
	int nfds)
{
	struct cmsghdr *c;

	memset(ctl, 0, ctl_len);
	mh->msg_control = ctl;
	mh->msg_controllen = CMSG_SPACE(sizeof(int) * nfds);
	c = CMSG_FIRSTHDR(mh);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int) * nfds);
	memcpy(CMSG_DATA(c), fds, sizeof(int) * nfds);
}

int
uf_put_fds(uint32_t req, uint32_t flags, uint32_t size, const void *p,
	   uint32_t plen, const int *fds, int nfds)
{
	static uint8_t b[U_HDR + U_MAX_PAYLOAD];
	char ctl[CMSG_SPACE(sizeof(int) * UF_MAX_FDS)];
	struct iovec iov = { .iov_base = b, .iov_len = U_HDR + plen };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };

	if (plen > U_MAX_PAYLOAD || nfds > UF_MAX_FDS)
		return -1;
	put32(b, req);
	put32(b + 4, flags);
	put32(b + 8, size);
	if (plen != 0)
		memcpy(b + U_HDR, p, plen);
	if (nfds > 0)
		put_fds(&mh, ctl, sizeof(ctl), fds, nfds);
	return sendmsg(uf.peer, &mh, MSG_NOSIGNAL) ==
		(ssize_t)(U_HDR + plen) ? 0 : -1;
}

int
uf_put(uint32_t req, uint32_t flags, uint32_t size, const void *p,
       uint32_t plen)
{
	return uf_put_fds(req, flags, size, p, plen, NULL, 0);
}

int
uf_reply_u64(uint32_t req, uint64_t v)
{
	uint8_t b[8];

	put64(b, v);
	return uf_put(req, U_VERSION | U_REPLY, 8, b, 8);
}

/* Read len bytes the driver already sent, keeping the fds that came. */
static int
peer_recv(void *buf, size_t len, struct uf_got *g)
{
	char ctl[CMSG_SPACE(sizeof(int) * UF_MAX_FDS)];
	struct iovec iov = { .iov_base = buf, .iov_len = len };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = ctl, .msg_controllen = sizeof(ctl) };
	struct cmsghdr *c;
	int i, n;

	if (len == 0)
		return 0;
	if (recvmsg(uf.peer, &mh, MSG_DONTWAIT | MSG_CMSG_CLOEXEC) !=
	    (ssize_t)len || (mh.msg_flags & MSG_CTRUNC))
		return -1;
	for (c = CMSG_FIRSTHDR(&mh); c != NULL; c = CMSG_NXTHDR(&mh, c)) {
		n = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
		for (i = 0; i < n && g->nfds < UF_MAX_FDS; i++)
			memcpy(&g->fds[g->nfds++],
			       CMSG_DATA(c) + i * sizeof(int), sizeof(int));
	}
	return 0;
}

int
uf_get(struct uf_got *g)
{
	uint8_t h[U_HDR];

	memset(g, 0, sizeof(*g));
	if (peer_recv(h, U_HDR, g) != 0)
		return -1;
	g->req = get32(h);
	g->flags = get32(h + 4);
	g->size = get32(h + 8);
	if (g->size > sizeof(g->p))
		return -1;
	return peer_recv(g->p, g->size, g);
}

void
uf_got_close(struct uf_got *g)
{
	int i;

	for (i = 0; i < g->nfds; i++)
		close(g->fds[i]);
	g->nfds = 0;
}

bool
uf_peer_empty(void)
{
	return uf_pending(uf.peer) == 0;
}

static void *
late_run(void *arg)
{
	struct uf_late *l = arg;
	size_t i, step = l->chunk != 0 ? l->chunk : l->len;

	sleep_ms(l->delay_ms);
	for (i = 0; i < l->len; i += step) {
		if (i != 0)
			sleep_ms(l->gap_ms);
		if (step > l->len - i)
			step = l->len - i;
		if (send(l->fd, l->b + i, step, MSG_NOSIGNAL) != (ssize_t)step)
			break;
	}
	return NULL;
}

int
uf_late_reply(struct uf_late *l, uint32_t req, uint64_t v,
	      unsigned int delay_ms, size_t chunk, unsigned int gap_ms)
{
	l->fd = uf.peer;
	l->delay_ms = delay_ms;
	l->chunk = chunk;
	l->gap_ms = gap_ms;
	put32(l->b, req);
	put32(l->b + 4, U_VERSION | U_REPLY);
	put32(l->b + 8, 8);
	put64(l->b + U_HDR, v);
	l->len = sizeof(l->b);
	return pthread_create(&l->tid, NULL, late_run, l);
}

/* ------------------------------------------- EAL memory segments (stub) */

void
uf_add_seg(uint64_t va, size_t len, int fd, size_t off, bool external)
{
	if (uf.nsegs < UF_MAX_SEGS)
		uf.segs[uf.nsegs++] = (struct uf_seg){ .va = va, .len = len,
			.fd = fd, .off = off, .external = external };
}

bool
uf_region_is(const struct uf_got *g, unsigned int i, uint64_t va,
	     uint64_t size, uint64_t off)
{
	const uint8_t *r = g->p + 8 + 32 * i;

	/* VA addressing: the "guest physical" address is the VA too. */
	return get64(r) == va && get64(r + 8) == size &&
		get64(r + 16) == va && get64(r + 24) == off;
}

int
rte_memseg_walk_thread_unsafe(rte_memseg_walk_t func, void *arg)
{
	struct rte_memseg_list msl;
	unsigned int i;
	int rc;

	for (i = 0; i < uf.nsegs; i++) {
		memset(&msl, 0, sizeof(msl));
		msl.external = uf.segs[i].external;
		memset(&seg_ms[i], 0, sizeof(seg_ms[i]));
		seg_ms[i].addr_64 = uf.segs[i].va;
		seg_ms[i].len = uf.segs[i].len;
		rc = func(&msl, &seg_ms[i], arg);
		if (rc != 0)
			return rc < 0 ? -1 : 1;
	}
	return 0;
}

int
rte_memseg_get_fd_thread_unsafe(const struct rte_memseg *ms)
{
	return uf.segs[ms - seg_ms].fd;
}

int
rte_memseg_get_fd_offset_thread_unsafe(const struct rte_memseg *ms,
				       size_t *offset)
{
	const struct uf_seg *s = &uf.segs[ms - seg_ms];

	if (s->no_off)
		return -1;
	*offset = s->off;
	return 0;
}

void
rte_mcfg_mem_read_lock(void)
{
	uf.mem_locks++;
}

void
rte_mcfg_mem_read_unlock(void)
{
	uf.mem_unlocks++;
}
