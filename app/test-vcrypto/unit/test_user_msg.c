/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Unit tests of the virtio-user message channel (vcrypto_user_msg.c)
 * against the fake vhost-user back end of umsg_fixture.c: replies
 * accepted and refused (request, flags, size, fds, hang-ups, silence),
 * fds sent, a dead connection, the memory table from stubbed EAL
 * segments. Each refusal must come back as an error, with the connection
 * dead and logged, never as a crash, a hang or a leaked fd.
 */
#include "vcrypto_user_msg.c"

#include <signal.h>
#include <stdlib.h>

#include "umsg_fixture.h"
#include "ut.h"

#define SHORT_MS	100	/* reply deadline of the cases that wait */
#define MB		(UINT64_C(1) << 20)
#define VA0		UINT64_C(0x100000000)
#define VA1		UINT64_C(0x200000000)

/* The connection is dead, the device gone, and the last log says why. */
static bool
died(unsigned int logs_before, const char *why)
{
	return uf.u.dead && uf.hw.gone && ut_log_count() > logs_before &&
		strstr(ut_log_last(), why) != NULL;
}

/* -------------------------------------------------- accepted replies */

static void
t_get_u64(void)
{
	uint64_t v = 0;
	unsigned int logs;
	struct uf_got g;

	UT_ASSERT_EQ(uf_connect(), 0);
	UT_ASSERT_EQ(uf_reply_u64(U_GET_FEATURES,
				  UINT64_C(0x1122334455667788)), 0);
	logs = ut_log_count();
	UT_ASSERT_EQ(vcrypto_umsg_get_u64(&uf.hw, U_GET_FEATURES, &v,
					  "GET_FEATURES"), 0);
	UT_ASSERT(v == UINT64_C(0x1122334455667788));
	UT_ASSERT(!uf.u.dead && !uf.hw.gone);
	UT_ASSERT_EQ(ut_log_count(), logs);
	UT_ASSERT_EQ(uf_pending(uf.u.sock), 0);
	UT_ASSERT_EQ(uf_get(&g), 0);
	UT_ASSERT_EQ(g.req, U_GET_FEATURES);
	UT_ASSERT_EQ(g.flags, U_VERSION);
	UT_ASSERT_EQ(g.size, 0);
	UT_ASSERT_EQ(g.nfds, 0);
	UT_ASSERT(uf_peer_empty());
}

/* A reply of the largest payload (CREATE_CRYPTO_SESSION's) is copied
 * whole, and not a byte past it. */
static void
t_reply_payload(void)
{
	static uint8_t sent[U_MAX_PAYLOAD], out[U_MAX_PAYLOAD + 8];
	unsigned int i;

	UT_ASSERT_EQ(uf_connect(), 0);
	for (i = 0; i < sizeof(sent); i++)
		sent[i] = (uint8_t)(i * 7 + 1);
	memset(out, 0xee, sizeof(out));
	UT_ASSERT_EQ(uf_put(U_CREATE_CRYPTO_SESSION, U_VERSION | U_REPLY,
			    sizeof(sent), sent, sizeof(sent)), 0);
	UT_ASSERT_EQ(vcrypto_umsg_recv_reply(&uf.hw, U_CREATE_CRYPTO_SESSION,
					     out, sizeof(sent), "CREATE"), 0);
	UT_ASSERT(memcmp(out, sent, sizeof(sent)) == 0);
	for (i = sizeof(sent); i < sizeof(out); i++)
		UT_ASSERT_EQ(out[i], 0xee);
	UT_ASSERT(!uf.u.dead);
	UT_ASSERT_EQ(uf_pending(uf.u.sock), 0);
}

/* REPLY_ACK negotiated: NEED_REPLY set, the ack read and accepted. */
static void
t_set_acked(void)
{
	struct uf_got g;

	UT_ASSERT_EQ(uf_connect(), 0);
	UT_ASSERT_EQ(uf_reply_u64(U_SET_FEATURES, 0), 0);
	UT_ASSERT_EQ(vcrypto_umsg_set_u64(&uf.hw, U_SET_FEATURES,
					  UINT64_C(0x40000001),
					  "SET_FEATURES"), 0);
	UT_ASSERT_EQ(uf_get(&g), 0);
	UT_ASSERT_EQ(g.req, U_SET_FEATURES);
	UT_ASSERT_EQ(g.flags, U_VERSION | U_NEED_REPLY);
	UT_ASSERT_EQ(g.size, 8);
	UT_ASSERT(get64(g.p) == UINT64_C(0x40000001));
	UT_ASSERT_EQ(uf_reply_u64(U_SET_VRING_NUM, 0), 0);
	UT_ASSERT_EQ(vcrypto_umsg_set_state(&uf.hw, U_SET_VRING_NUM, 2, 256,
					    "SET_VRING_NUM"), 0);
	UT_ASSERT_EQ(uf_get(&g), 0);
	UT_ASSERT_EQ(g.req, U_SET_VRING_NUM);
	UT_ASSERT_EQ(get32(g.p), 2);
	UT_ASSERT_EQ(get32(g.p + 4), 256);
	UT_ASSERT(!uf.u.dead);
	UT_ASSERT_EQ(uf_pending(uf.u.sock), 0);
}

/* No REPLY_ACK: no NEED_REPLY, and no reply waited for. */
static void
t_set_unacked(void)
{
	struct uf_got g;

	UT_ASSERT_EQ(uf_connect(), 0);
	uf.u.pfeatures = 0;
	uf.u.reply_ms = SHORT_MS;
	UT_ASSERT_EQ(vcrypto_umsg_set_u64(&uf.hw, U_SET_STATUS, 0xf,
					  "SET_STATUS"), 0);
	UT_ASSERT_EQ(uf_get(&g), 0);
	UT_ASSERT_EQ(g.flags, U_VERSION);
	UT_ASSERT(get64(g.p) == 0xf);
	UT_ASSERT(!uf.u.dead);
}

/* ------------------------------------------------- refused replies */

/* GET_FEATURES answered by this header and plen bytes: refused from the
 * header alone (none of the payload read), the connection dead. */
static void
bad_header(uint32_t req, uint32_t flags, uint32_t size, uint32_t plen)
{
	uint8_t p[64] = { 0 };
	uint64_t v = 42;
	unsigned int logs;

	UT_ASSERT_EQ(uf_connect(), 0);
	UT_ASSERT_EQ(uf_put(req, flags, size, p, plen), 0);
	logs = ut_log_count();
	UT_ASSERT_EQ(vcrypto_umsg_get_u64(&uf.hw, U_GET_FEATURES, &v,
					  "GET_FEATURES"), -EIO);
	UT_ASSERT_EQ(v, 42);
	UT_ASSERT(died(logs, "malformed reply"));
	UT_ASSERT_EQ(uf_pending(uf.u.sock), (int)plen);
}

static void
t_wrong_request(void)
{
	bad_header(U_GET_PROTOCOL_FEATURES, U_VERSION | U_REPLY, 8, 8);
}

static void
t_no_reply_flag(void)
{
	bad_header(U_GET_FEATURES, U_VERSION, 8, 8);
}

static void
t_bad_version(void)
{
	bad_header(U_GET_FEATURES, U_REPLY, 8, 8);
	bad_header(U_GET_FEATURES, 0x2 | U_REPLY, 8, 8);
	bad_header(U_GET_FEATURES, 0x3 | U_REPLY, 8, 8);
}

static void
t_size_larger(void)
{
	bad_header(U_GET_FEATURES, U_VERSION | U_REPLY, 16, 16);
}

static void
t_size_smaller(void)
{
	bad_header(U_GET_FEATURES, U_VERSION | U_REPLY, 4, 4);
	bad_header(U_GET_FEATURES, U_VERSION | U_REPLY, 0, 0);
}

/* 4 GiB announced, 8 bytes sent: refused at once, nothing more read. */
static void
t_size_absurd(void)
{
	uint64_t t0 = uf_now_ms();

	bad_header(U_GET_FEATURES, U_VERSION | U_REPLY, UINT32_MAX, 8);
	UT_ASSERT(uf_now_ms() - t0 < 500);
}

/* A reply carrying nfds fds (the same pipe's read end): refused, every
 * fd closed: no more fds open after the call, no reader left. */
static void
reply_with_fds(int nfds)
{
	int p[2], fds[UF_MAX_FDS], i, before;
	uint8_t b[8] = { 0 };
	struct pollfd w;
	unsigned int logs;
	uint64_t v = 42;

	UT_ASSERT_EQ(uf_connect(), 0);
	UT_ASSERT_EQ(uf_new_pipe(p), 0);
	for (i = 0; i < nfds; i++)
		fds[i] = p[0];
	UT_ASSERT_EQ(uf_put_fds(U_GET_FEATURES, U_VERSION | U_REPLY, 8, b, 8,
				fds, nfds), 0);
	uf_close_file(p[0]);	/* only in flight now */
	before = uf_count_fds();
	logs = ut_log_count();
	UT_ASSERT_EQ(vcrypto_umsg_get_u64(&uf.hw, U_GET_FEATURES, &v,
					  "GET_FEATURES"), -EIO);
	UT_ASSERT_EQ(v, 42);
	UT_ASSERT(died(logs, "unexpected fds in a reply"));
	UT_ASSERT_EQ(uf_count_fds(), before);
	w = (struct pollfd){ .fd = p[1], .events = POLLOUT };
	UT_ASSERT(poll(&w, 1, 0) == 1 && (w.revents & POLLERR));
}

static void
t_reply_fd(void)
{
	reply_with_fds(1);
}

/* More fds than the driver's control buffer holds (8). */
static void
t_reply_many_fds(void)
{
	reply_with_fds(12);
}

/* The back end writes n bytes of a GET_FEATURES reply and closes. */
static void
close_after(size_t n)
{
	uint8_t b[U_HDR + 8], out[8];
	unsigned int logs;

	UT_ASSERT_EQ(uf_connect(), 0);
	put32(b, U_GET_FEATURES);
	put32(b + 4, U_VERSION | U_REPLY);
	put32(b + 8, 8);
	memset(b + U_HDR, 0x5a, 8);
	memset(out, 0x11, sizeof(out));
	UT_ASSERT_EQ(write(uf.peer, b, n), (ssize_t)n);
	close(uf.peer);
	uf.peer = -1;
	logs = ut_log_count();
	UT_ASSERT_EQ(vcrypto_umsg_recv_reply(&uf.hw, U_GET_FEATURES, out, 8,
					     "GET_FEATURES"), -ENODEV);
	UT_ASSERT(died(logs, "connection closed"));
	UT_ASSERT_EQ(out[0], 0x11);
	UT_ASSERT_EQ(out[7], 0x11);
}

static void
t_close_mid_header(void)
{
	close_after(6);
}

static void
t_close_mid_payload(void)
{
	close_after(U_HDR + 3);
}

/* No answer at all: -ETIMEDOUT once the reply deadline has passed. */
static void
t_silent(void)
{
	unsigned int logs;
	uint64_t t, v = 42;

	UT_ASSERT_EQ(uf_connect(), 0);
	uf.u.reply_ms = SHORT_MS;
	logs = ut_log_count();
	t = uf_now_ms();
	UT_ASSERT_EQ(vcrypto_umsg_get_u64(&uf.hw, U_GET_FEATURES, &v,
					  "GET_FEATURES"), -ETIMEDOUT);
	t = uf_now_ms() - t;
	UT_ASSERT(t >= SHORT_MS - 10 && t < 1000);
	UT_ASSERT_EQ(v, 42);
	UT_ASSERT(died(logs, "no reply within"));
}

/* A reply dribbled a byte every quarter deadline: each byte in time, the
 * whole (20 bytes) far past it. The deadline is the reply's, not each
 * read's. */
static void
t_trickle(void)
{
	unsigned int logs;
	struct uf_late l;
	uint64_t t, v = 42;
	int rc;

	UT_ASSERT_EQ(uf_connect(), 0);
	uf.u.reply_ms = 2 * SHORT_MS;
	logs = ut_log_count();
	UT_ASSERT_EQ(uf_late_reply(&l, U_GET_FEATURES, 7, 0, 1, SHORT_MS / 2),
		     0);
	t = uf_now_ms();
	rc = vcrypto_umsg_get_u64(&uf.hw, U_GET_FEATURES, &v, "GET_FEATURES");
	t = uf_now_ms() - t;
	shutdown(uf.peer, SHUT_RDWR);	/* the thread's next byte fails */
	pthread_join(l.tid, NULL);
	UT_ASSERT_EQ(rc, -ETIMEDOUT);
	UT_ASSERT(t >= 2 * SHORT_MS - 10 && t < 10 * SHORT_MS);
	UT_ASSERT_EQ(v, 42);
	UT_ASSERT(died(logs, "no reply within"));
}

/* The header in time, the payload after the deadline: late, though it
 * came within reply_ms of the header. */
static void
t_payload_late(void)
{
	struct uf_late l;
	uint64_t v = 42;
	int rc;

	UT_ASSERT_EQ(uf_connect(), 0);
	uf.u.reply_ms = 2 * SHORT_MS;
	UT_ASSERT_EQ(uf_late_reply(&l, U_GET_FEATURES, 7, 3 * SHORT_MS / 2,
				   U_HDR, 3 * SHORT_MS / 2), 0);
	rc = vcrypto_umsg_get_u64(&uf.hw, U_GET_FEATURES, &v, "GET_FEATURES");
	shutdown(uf.peer, SHUT_RDWR);
	pthread_join(l.tid, NULL);
	UT_ASSERT_EQ(rc, -ETIMEDOUT);
	UT_ASSERT_EQ(v, 42);
	UT_ASSERT(uf.u.dead);
}

/* An answer that comes, in one piece, while the driver waits. */
static void
t_late_in_time(void)
{
	struct uf_late l;
	uint64_t v = 0;
	int rc;

	UT_ASSERT_EQ(uf_connect(), 0);
	uf.u.reply_ms = 50 * SHORT_MS;	/* a loaded host may be slow */
	UT_ASSERT_EQ(uf_late_reply(&l, U_GET_FEATURES, 77, SHORT_MS / 2, 0,
				   0), 0);
	rc = vcrypto_umsg_get_u64(&uf.hw, U_GET_FEATURES, &v, "GET_FEATURES");
	pthread_join(l.tid, NULL);
	UT_ASSERT_EQ(rc, 0);
	UT_ASSERT_EQ(v, 77);
	UT_ASSERT(!uf.u.dead);
}

/* REPLY_ACK with a non-zero status: refused (-EIO, logged). The back end
 * answered as the protocol says, so the connection stays up: whether a
 * refusal is fatal is the caller's call (vcrypto_user.c marks it dead for
 * SET_FEATURES, not for CLOSE_CRYPTO_SESSION). */
static void
t_ack_refused(void)
{
	unsigned int logs;
	uint64_t v = 0;

	UT_ASSERT_EQ(uf_connect(), 0);
	UT_ASSERT_EQ(uf_reply_u64(U_SET_FEATURES, 1), 0);
	logs = ut_log_count();
	UT_ASSERT_EQ(vcrypto_umsg_set_u64(&uf.hw, U_SET_FEATURES, 5,
					  "SET_FEATURES"), -EIO);
	UT_ASSERT(ut_log_count() > logs);
	UT_ASSERT(strstr(ut_log_last(), "refused SET_FEATURES") != NULL);
	UT_ASSERT(!uf.u.dead);
	UT_ASSERT_EQ(uf_reply_u64(U_GET_FEATURES, 9), 0);
	UT_ASSERT_EQ(vcrypto_umsg_get_u64(&uf.hw, U_GET_FEATURES, &v,
					  "GET_FEATURES"), 0);
	UT_ASSERT_EQ(v, 9);
}

/* An ack that is not one (another request's reply): broken. */
static void
t_ack_malformed(void)
{
	unsigned int logs;

	UT_ASSERT_EQ(uf_connect(), 0);
	UT_ASSERT_EQ(uf_reply_u64(U_GET_FEATURES, 0), 0);
	logs = ut_log_count();
	UT_ASSERT_EQ(vcrypto_umsg_set_u64(&uf.hw, U_SET_FEATURES, 5,
					  "SET_FEATURES"), -EIO);
	UT_ASSERT(died(logs, "malformed reply"));
}

/* ---------------------------------------------------------- sending */

/* The back end receives exactly the payload and the fds sent. */
static void
t_send_fds(void)
{
	uint8_t b[8];
	int fds[2];
	struct uf_got g;

	UT_ASSERT_EQ(uf_connect(), 0);
	fds[0] = uf_new_file();
	fds[1] = uf_new_file();
	UT_ASSERT(fds[0] >= 0 && fds[1] >= 0);
	put64(b, 3 | U_VRING_NOFD);
	UT_ASSERT_EQ(vcrypto_umsg_send_msg(&uf.hw, U_SET_VRING_KICK, 0, b, 8,
					   fds, 2), 0);
	UT_ASSERT_EQ(uf_get(&g), 0);
	UT_ASSERT_EQ(g.req, U_SET_VRING_KICK);
	UT_ASSERT_EQ(g.flags, U_VERSION);
	UT_ASSERT_EQ(g.size, 8);
	UT_ASSERT(memcmp(g.p, b, 8) == 0);
	UT_ASSERT_EQ(g.nfds, 2);
	UT_ASSERT(uf_same_file(g.fds[0], fds[0]) &&
		  uf_same_file(g.fds[1], fds[1]));
	uf_got_close(&g);
	UT_ASSERT(uf_peer_empty());
	UT_ASSERT(!uf.u.dead);
}

/* Too big a payload or too many fds: -EINVAL, nothing sent, still up. */
static void
t_send_limits(void)
{
	static uint8_t big[U_MAX_PAYLOAD + 1];
	int fds[U_MAX_REGIONS + 1], i, f;

	UT_ASSERT_EQ(uf_connect(), 0);
	f = uf_new_file();
	UT_ASSERT(f >= 0);
	for (i = 0; i < (int)RTE_DIM(fds); i++)
		fds[i] = f;
	UT_ASSERT_EQ(vcrypto_umsg_send_msg(&uf.hw, U_SET_OWNER, 0, big,
					   sizeof(big), NULL, 0), -EINVAL);
	UT_ASSERT_EQ(vcrypto_umsg_send_msg(&uf.hw, U_SET_OWNER, 0, NULL, 0,
					   fds, RTE_DIM(fds)), -EINVAL);
	UT_ASSERT(uf_peer_empty());
	UT_ASSERT(!uf.u.dead);
}

/* A dead connection: every exchange fails at once, nothing is sent. */
static void
t_dead_fails_fast(void)
{
	uint64_t t, v = 42;

	UT_ASSERT_EQ(uf_connect(), 0);
	uf_add_seg(VA0, 2 * MB, uf_new_file(), 0, false);
	vcrypto_umsg_mark_dead(&uf.hw, "test");
	t = uf_now_ms();
	UT_ASSERT_EQ(vcrypto_umsg_get_u64(&uf.hw, U_GET_FEATURES, &v, "GET"),
		     -ENODEV);
	UT_ASSERT_EQ(vcrypto_umsg_set_u64(&uf.hw, U_SET_FEATURES, 1, "SET"),
		     -ENODEV);
	UT_ASSERT_EQ(vcrypto_umsg_set_state(&uf.hw, U_SET_VRING_NUM, 0, 8,
					    "NUM"), -ENODEV);
	UT_ASSERT_EQ(vcrypto_umsg_set_msg(&uf.hw, U_SET_OWNER, NULL, 0, NULL,
					  0, "OWNER"), -ENODEV);
	UT_ASSERT_EQ(vcrypto_umsg_send_mem_table(&uf.hw), -ENODEV);
	UT_ASSERT(uf_now_ms() - t < 5 * SHORT_MS);	/* no reply awaited */
	UT_ASSERT_EQ(v, 42);
	UT_ASSERT(!uf.u.mem_sent);
	UT_ASSERT(uf_peer_empty());
}

/* The back end closed: the send fails without raising SIGPIPE (held
 * blocked here, so a regression fails the case rather than the program),
 * the connection dead. */
static void
t_send_peer_closed(void)
{
	const struct timespec now = { 0, 0 };
	sigset_t pipe_set, old, pend;
	unsigned int logs;
	bool raised;
	int rc;

	UT_ASSERT_EQ(uf_connect(), 0);
	close(uf.peer);
	uf.peer = -1;
	logs = ut_log_count();
	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
	rc = vcrypto_umsg_set_u64(&uf.hw, U_SET_FEATURES, 1, "SET_FEATURES");
	raised = sigpending(&pend) == 0 && sigismember(&pend, SIGPIPE) == 1;
	if (raised)
		sigtimedwait(&pipe_set, NULL, &now);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	UT_ASSERT_EQ(rc, -ENODEV);
	UT_ASSERT(!raised);
	UT_ASSERT(died(logs, strerror(EPIPE)));
}

/* A back end that stops reading: the socket buffer fills, and the send
 * that finds it full gives up at the reply deadline, connection dead,
 * instead of blocking for ever. */
static void
t_send_not_read(void)
{
	static const uint8_t pay[U_MAX_PAYLOAD];
	unsigned int logs, sent = 0;
	uint64_t t = 0;
	int rc;

	UT_ASSERT_EQ(uf_connect(), 0);
	uf.u.reply_ms = SHORT_MS;
	logs = ut_log_count();
	do {
		t = uf_now_ms();
		rc = vcrypto_umsg_send_msg(&uf.hw, U_SET_VRING_NUM, 0, pay,
					   sizeof(pay), NULL, 0);
		t = uf_now_ms() - t;
	} while (rc == 0 && ++sent < 100000);
	UT_ASSERT_EQ(rc, -ENODEV);
	UT_ASSERT(sent > 0);
	UT_ASSERT(t >= SHORT_MS - 10 && t < 1000);
	UT_ASSERT(died(logs, "not reading its socket"));
}

/* ------------------------------------------------ hang-up, death */

static void
t_peer_gone_half_closed(void)
{
	unsigned int logs;

	UT_ASSERT_EQ(uf_connect(), 0);
	UT_ASSERT(!vcrypto_umsg_peer_gone(&uf.hw));
	UT_ASSERT_EQ(uf_reply_u64(U_GET_STATUS, 1), 0);	/* not a hang-up */
	UT_ASSERT(!vcrypto_umsg_peer_gone(&uf.hw));
	UT_ASSERT(!uf.u.dead);
	logs = ut_log_count();
	UT_ASSERT_EQ(shutdown(uf.peer, SHUT_WR), 0);
	UT_ASSERT(vcrypto_umsg_peer_gone(&uf.hw));
	UT_ASSERT(died(logs, "connection closed"));
	UT_ASSERT(vcrypto_umsg_peer_gone(&uf.hw));
}

static void
t_peer_gone_closed(void)
{
	unsigned int logs;

	UT_ASSERT_EQ(uf_connect(), 0);
	close(uf.peer);
	uf.peer = -1;
	logs = ut_log_count();
	UT_ASSERT(vcrypto_umsg_peer_gone(&uf.hw));
	UT_ASSERT(died(logs, "connection closed"));
}

/* Logged once with the device, the socket and why; gone only before the
 * first DRIVER_OK. */
static void
t_mark_dead(void)
{
	unsigned int logs;

	UT_ASSERT_EQ(uf_connect(), 0);
	logs = ut_log_count();
	vcrypto_umsg_mark_dead(&uf.hw, "first reason");
	UT_ASSERT_EQ(ut_log_count(), logs + 1);
	UT_ASSERT(strstr(ut_log_last(), "umsg0") != NULL);
	UT_ASSERT(strstr(ut_log_last(), uf.u.path) != NULL);
	UT_ASSERT(strstr(ut_log_last(), "first reason") != NULL);
	UT_ASSERT(uf.u.dead && uf.hw.gone);
	vcrypto_umsg_mark_dead(&uf.hw, "second reason");
	UT_ASSERT_EQ(ut_log_count(), logs + 1);
	UT_ASSERT_EQ(uf_connect(), 0);
	uf.u.was_ok = true;
	vcrypto_umsg_mark_dead(&uf.hw, "after DRIVER_OK");
	UT_ASSERT(uf.u.dead && !uf.hw.gone);
}

/* ---------------------------------------------------- memory table */

/* Segments merge when file, address and offset all continue; a gap in
 * any one starts a region; external memory is left out. */
static void
t_mem_table(void)
{
	int a = uf_new_file(), b = uf_new_file(), c = uf_new_file();
	struct uf_got g;

	UT_ASSERT_EQ(uf_connect(), 0);
	UT_ASSERT(a >= 0 && b >= 0 && c >= 0);
	uf_add_seg(VA0, 2 * MB, a, 0, false);
	uf_add_seg(VA0 + 2 * MB, 2 * MB, a, 2 * MB, false);	/* merges */
	uf_add_seg(VA0 + 4 * MB, 2 * MB, a, 8 * MB, false);	/* offset */
	uf_add_seg(VA0 + 6 * MB, 2 * MB, b, 10 * MB, false);	/* file */
	uf_add_seg(VA0 + 16 * MB, 2 * MB, b, 12 * MB, false);	/* address */
	uf_add_seg(VA1 - 4 * MB, 4 * MB, -1, 0, true);
	uf_add_seg(VA1, 4 * MB, c, 0, false);
	UT_ASSERT_EQ(uf_reply_u64(U_SET_MEM_TABLE, 0), 0);
	UT_ASSERT_EQ(vcrypto_umsg_send_mem_table(&uf.hw), 0);
	UT_ASSERT(uf.u.mem_sent && !uf.u.dead);
	UT_ASSERT_EQ(uf.u.reply_ms, REPLY_TIMEOUT_MS);
	UT_ASSERT_EQ(uf_get(&g), 0);
	UT_ASSERT_EQ(g.req, U_SET_MEM_TABLE);
	UT_ASSERT_EQ(g.flags, U_VERSION | U_NEED_REPLY);
	UT_ASSERT_EQ(g.size, 8 + 32 * 5);
	UT_ASSERT_EQ(get32(g.p), 5);
	UT_ASSERT_EQ(get32(g.p + 4), 0);
	UT_ASSERT(uf_region_is(&g, 0, VA0, 4 * MB, 0));
	UT_ASSERT(uf_region_is(&g, 1, VA0 + 4 * MB, 2 * MB, 8 * MB));
	UT_ASSERT(uf_region_is(&g, 2, VA0 + 6 * MB, 2 * MB, 10 * MB));
	UT_ASSERT(uf_region_is(&g, 3, VA0 + 16 * MB, 2 * MB, 12 * MB));
	UT_ASSERT(uf_region_is(&g, 4, VA1, 4 * MB, 0));
	UT_ASSERT_EQ(g.nfds, 5);
	UT_ASSERT(uf_same_file(g.fds[0], a) && uf_same_file(g.fds[1], a) &&
		  uf_same_file(g.fds[2], b) && uf_same_file(g.fds[3], b) &&
		  uf_same_file(g.fds[4], c));
	uf_got_close(&g);
}

/* Eight regions fit; a ninth is refused before anything is sent. */
static void
t_mem_table_regions(void)
{
	unsigned int i, logs;
	struct uf_got g;

	UT_ASSERT_EQ(uf_connect(), 0);
	for (i = 0; i < U_MAX_REGIONS; i++)
		uf_add_seg(VA0 + i * 4 * MB, 2 * MB, uf_new_file(), 0, false);
	UT_ASSERT_EQ(uf_reply_u64(U_SET_MEM_TABLE, 0), 0);
	UT_ASSERT_EQ(vcrypto_umsg_send_mem_table(&uf.hw), 0);
	UT_ASSERT_EQ(uf_get(&g), 0);
	UT_ASSERT_EQ(g.size, 8 + 32 * U_MAX_REGIONS);
	UT_ASSERT_EQ(g.nfds, U_MAX_REGIONS);
	UT_ASSERT(uf_region_is(&g, 7, VA0 + 28 * MB, 2 * MB, 0));
	UT_ASSERT(uf_same_file(g.fds[7], uf.segs[7].fd));
	uf_got_close(&g);
	uf_add_seg(VA1, 2 * MB, uf_new_file(), 0, false);
	logs = ut_log_count();
	UT_ASSERT_EQ(vcrypto_umsg_send_mem_table(&uf.hw), -ENOTSUP);
	UT_ASSERT(ut_log_count() > logs);
	UT_ASSERT(strstr(ut_log_last(), "more than 8 regions") != NULL);
	UT_ASSERT(uf_peer_empty());
	UT_ASSERT(!uf.u.dead);
}

/* Memory without a file (or its offset), or none: -ENOTSUP, nothing
 * sent, the connection still up. */
static void
t_mem_table_unshareable(void)
{
	UT_ASSERT_EQ(uf_connect(), 0);
	UT_ASSERT_EQ(vcrypto_umsg_send_mem_table(&uf.hw), -ENOTSUP);
	UT_ASSERT(strstr(ut_log_last(), "no memory") != NULL);
	uf_add_seg(VA0, 2 * MB, uf_new_file(), 0, false);
	uf_add_seg(VA1, 2 * MB, -1, 0, false);
	UT_ASSERT_EQ(vcrypto_umsg_send_mem_table(&uf.hw), -ENOTSUP);
	UT_ASSERT(strstr(ut_log_last(), "a segment has no file") != NULL);
	uf.segs[1].fd = uf_new_file();
	uf.segs[1].no_off = true;
	UT_ASSERT_EQ(vcrypto_umsg_send_mem_table(&uf.hw), -ENOTSUP);
	UT_ASSERT(strstr(ut_log_last(), "a segment has no file") != NULL);
	UT_ASSERT(uf_peer_empty());
	UT_ASSERT(!uf.u.dead && !uf.u.mem_sent);
}

/* The table waits longer for its ack than an ordinary reply (the back
 * end maps all of it first), then the ordinary deadline is back. */
static void
t_mem_table_slow_ack(void)
{
	struct uf_late l;
	uint64_t t;
	int rc;

	UT_ASSERT_EQ(uf_connect(), 0);
	uf_add_seg(VA0, 2 * MB, uf_new_file(), 0, false);
	uf.u.reply_ms = SHORT_MS;
	UT_ASSERT_EQ(uf_late_reply(&l, U_SET_MEM_TABLE, 0, 3 * SHORT_MS, 0,
				   0), 0);
	t = uf_now_ms();
	rc = vcrypto_umsg_send_mem_table(&uf.hw);
	t = uf_now_ms() - t;
	pthread_join(l.tid, NULL);
	UT_ASSERT_EQ(rc, 0);
	UT_ASSERT(t >= 2 * SHORT_MS);
	UT_ASSERT(uf.u.mem_sent && !uf.u.dead);
	UT_ASSERT_EQ(uf.u.reply_ms, REPLY_TIMEOUT_MS);
}

/* A refused table: -EIO, not marked sent, the deadline restored. */
static void
t_mem_table_refused(void)
{
	UT_ASSERT_EQ(uf_connect(), 0);
	uf_add_seg(VA0, 2 * MB, uf_new_file(), 0, false);
	UT_ASSERT_EQ(uf_reply_u64(U_SET_MEM_TABLE, 1), 0);
	UT_ASSERT_EQ(vcrypto_umsg_send_mem_table(&uf.hw), -EIO);
	UT_ASSERT(!uf.u.mem_sent);
	UT_ASSERT_EQ(uf.u.reply_ms, REPLY_TIMEOUT_MS);
}

/* The probe's check walks under EAL's memory lock and sends nothing. */
static void
t_memory_shareable(void)
{
	UT_ASSERT_EQ(uf_connect(), 0);
	uf_add_seg(VA0, 2 * MB, uf_new_file(), 0, false);
	UT_ASSERT_EQ(vcrypto_umsg_memory_shareable(&uf.hw), 0);
	UT_ASSERT(uf.mem_locks == 1 && uf.mem_unlocks == 1);
	uf.segs[0].fd = -1;
	UT_ASSERT_EQ(vcrypto_umsg_memory_shareable(&uf.hw), -ENOTSUP);
	UT_ASSERT(uf.mem_locks == 2 && uf.mem_unlocks == 2);
	UT_ASSERT(uf_peer_empty());
}

static const struct ut_case cases[] = {
	{ "get_u64", t_get_u64 },
	{ "reply_payload", t_reply_payload },
	{ "set_acked", t_set_acked },
	{ "set_unacked", t_set_unacked },
	{ "wrong_request", t_wrong_request },
	{ "no_reply_flag", t_no_reply_flag },
	{ "bad_version", t_bad_version },
	{ "size_larger", t_size_larger },
	{ "size_smaller", t_size_smaller },
	{ "size_absurd", t_size_absurd },
	{ "reply_fd", t_reply_fd },
	{ "reply_many_fds", t_reply_many_fds },
	{ "close_mid_header", t_close_mid_header },
	{ "close_mid_payload", t_close_mid_payload },
	{ "silent", t_silent },
	{ "trickle", t_trickle },
	{ "payload_late", t_payload_late },
	{ "late_in_time", t_late_in_time },
	{ "ack_refused", t_ack_refused },
	{ "ack_malformed", t_ack_malformed },
	{ "send_fds", t_send_fds },
	{ "send_limits", t_send_limits },
	{ "dead_fails_fast", t_dead_fails_fast },
	{ "send_peer_closed", t_send_peer_closed },
	{ "send_not_read", t_send_not_read },
	{ "peer_gone_half_closed", t_peer_gone_half_closed },
	{ "peer_gone_closed", t_peer_gone_closed },
	{ "mark_dead", t_mark_dead },
	{ "mem_table", t_mem_table },
	{ "mem_table_regions", t_mem_table_regions },
	{ "mem_table_unshareable", t_mem_table_unshareable },
	{ "mem_table_slow_ack", t_mem_table_slow_ack },
	{ "mem_table_refused", t_mem_table_refused },
	{ "memory_shareable", t_memory_shareable },
};

int
main(void)
{
	ut_log_quiet(getenv("UT_VERBOSE") == NULL);
	return ut_run(cases, RTE_DIM(cases), uf_teardown) == 0 ? 0 : 1;
}
