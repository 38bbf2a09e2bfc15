/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 */

/*
 * vhost-proxy: a vhost-user relay between QEMU (front-end) and a vhost-user
 * crypto back-end (DPDK's vhost_crypto example), for the guest test bed
 * (devtools/vm/vhost-crypto.sh). Only the control channel passes through
 * here: guest memory, kick/call eventfds and the back-end request channel
 * are file descriptors handed on unchanged (SCM_RIGHTS), so the data path
 * is QEMU <-> back-end directly.
 *
 * Rewrites (each can be switched off, see usage()):
 *
 *  status   GET_PROTOCOL_FEATURES reply: clear F_STATUS (bit 16). QEMU 7.2
 *           negotiates it but never sends SET_STATUS(DRIVER_OK) for a crypto
 *           device; DPDK 22.11 then never declares the device ready.
 *  enable   after each SET_VRING_KICK, inject SET_VRING_ENABLE(ring, 1) when
 *           VHOST_USER_F_PROTOCOL_FEATURES (bit 30) was negotiated: rings
 *           then start disabled and QEMU only enables rings for net devices.
 *  session  CREATE_CRYPTO_SESSION: QEMU 7.1/7.2 dropped op_code from its
 *           CryptoDevBackendSymSessionInfo, DPDK 22.11 still has it, so
 *           insert it (payload size is the same, 632 bytes: the two layouts
 *           differ only in bytes 8..39, see fix_session()).
 *
 * Every relayed message is logged (one line) to --log or stderr. Exits 0
 * when either side closes the connection, 1 on errors.
 */

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define HDR_SIZE	12u
#define MAX_PAYLOAD	4096u	/* largest vhost-user payload is < 1100 B */
#define MAX_FDS		32	/* 8 memory regions + slack */

#define F_VERSION	0x1u
#define F_REPLY		0x4u
#define F_NEED_REPLY	0x8u

#define F_PROTOCOL_FEATURES	30	/* virtio feature bit */
#define PF_STATUS		16	/* protocol feature bit */

enum {
	GET_FEATURES = 1, SET_FEATURES = 2, SET_OWNER = 3, RESET_OWNER = 4,
	SET_MEM_TABLE = 5, SET_LOG_BASE = 6, SET_LOG_FD = 7,
	SET_VRING_NUM = 8, SET_VRING_ADDR = 9, SET_VRING_BASE = 10,
	GET_VRING_BASE = 11, SET_VRING_KICK = 12, SET_VRING_CALL = 13,
	SET_VRING_ERR = 14, GET_PROTOCOL_FEATURES = 15,
	SET_PROTOCOL_FEATURES = 16, GET_QUEUE_NUM = 17,
	SET_VRING_ENABLE = 18, SEND_RARP = 19, NET_SET_MTU = 20,
	SET_SLAVE_REQ_FD = 21, IOTLB_MSG = 22, SET_VRING_ENDIAN = 23,
	GET_CONFIG = 24, SET_CONFIG = 25, CREATE_CRYPTO_SESSION = 26,
	CLOSE_CRYPTO_SESSION = 27, POSTCOPY_ADVISE = 28, POSTCOPY_LISTEN = 29,
	POSTCOPY_END = 30, GET_INFLIGHT_FD = 31, SET_INFLIGHT_FD = 32,
	GPU_SET_SOCKET = 33, RESET_DEVICE = 34, VRING_KICK = 35,
	GET_MAX_MEM_SLOTS = 36, ADD_MEM_REG = 37, REM_MEM_REG = 38,
	SET_STATUS = 39, GET_STATUS = 40,
};

static const char *const req_names[] = {
	[GET_FEATURES] = "GET_FEATURES", [SET_FEATURES] = "SET_FEATURES",
	[SET_OWNER] = "SET_OWNER", [RESET_OWNER] = "RESET_OWNER",
	[SET_MEM_TABLE] = "SET_MEM_TABLE", [SET_LOG_BASE] = "SET_LOG_BASE",
	[SET_LOG_FD] = "SET_LOG_FD", [SET_VRING_NUM] = "SET_VRING_NUM",
	[SET_VRING_ADDR] = "SET_VRING_ADDR", [SET_VRING_BASE] = "SET_VRING_BASE",
	[GET_VRING_BASE] = "GET_VRING_BASE", [SET_VRING_KICK] = "SET_VRING_KICK",
	[SET_VRING_CALL] = "SET_VRING_CALL", [SET_VRING_ERR] = "SET_VRING_ERR",
	[GET_PROTOCOL_FEATURES] = "GET_PROTOCOL_FEATURES",
	[SET_PROTOCOL_FEATURES] = "SET_PROTOCOL_FEATURES",
	[GET_QUEUE_NUM] = "GET_QUEUE_NUM", [SET_VRING_ENABLE] = "SET_VRING_ENABLE",
	[SEND_RARP] = "SEND_RARP", [NET_SET_MTU] = "NET_SET_MTU",
	[SET_SLAVE_REQ_FD] = "SET_BACKEND_REQ_FD", [IOTLB_MSG] = "IOTLB_MSG",
	[SET_VRING_ENDIAN] = "SET_VRING_ENDIAN", [GET_CONFIG] = "GET_CONFIG",
	[SET_CONFIG] = "SET_CONFIG",
	[CREATE_CRYPTO_SESSION] = "CREATE_CRYPTO_SESSION",
	[CLOSE_CRYPTO_SESSION] = "CLOSE_CRYPTO_SESSION",
	[POSTCOPY_ADVISE] = "POSTCOPY_ADVISE", [POSTCOPY_LISTEN] = "POSTCOPY_LISTEN",
	[POSTCOPY_END] = "POSTCOPY_END", [GET_INFLIGHT_FD] = "GET_INFLIGHT_FD",
	[SET_INFLIGHT_FD] = "SET_INFLIGHT_FD", [GPU_SET_SOCKET] = "GPU_SET_SOCKET",
	[RESET_DEVICE] = "RESET_DEVICE", [VRING_KICK] = "VRING_KICK",
	[GET_MAX_MEM_SLOTS] = "GET_MAX_MEM_SLOTS", [ADD_MEM_REG] = "ADD_MEM_REG",
	[REM_MEM_REG] = "REM_MEM_REG", [SET_STATUS] = "SET_STATUS",
	[GET_STATUS] = "GET_STATUS",
};

struct msg {
	uint32_t req;
	uint32_t flags;
	uint32_t size;
	uint8_t payload[MAX_PAYLOAD];
	int fds[MAX_FDS];
	int nfds;
};

static FILE *logfp;
static struct timespec t_start;
static int fix_status = 1, fix_enable = 1, fix_session = 1, dump_session;
static uint64_t acked_features;
static unsigned long n_relayed, n_rewritten, n_injected;

static void logmsg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
logmsg(const char *fmt, ...)
{
	struct timespec t;
	va_list ap;
	double s;

	clock_gettime(CLOCK_MONOTONIC, &t);
	s = (double)(t.tv_sec - t_start.tv_sec) +
		(double)(t.tv_nsec - t_start.tv_nsec) / 1e9;
	fprintf(logfp, "[%9.3f] ", s);
	va_start(ap, fmt);
	vfprintf(logfp, fmt, ap);
	va_end(ap);
	fputc('\n', logfp);
	fflush(logfp);
}

static const char *
req_name(uint32_t req)
{
	if (req < sizeof(req_names) / sizeof(req_names[0]) && req_names[req])
		return req_names[req];
	return "?";
}

static uint64_t
get_u64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint32_t
get_u32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static void
put_u32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, sizeof(v));
}

static void
put_u64(uint8_t *p, uint64_t v)
{
	memcpy(p, &v, sizeof(v));
}

static void
close_fds(struct msg *m)
{
	int i;

	for (i = 0; i < m->nfds; i++)
		close(m->fds[i]);
	m->nfds = 0;
}

/* Read exactly len bytes; the first recvmsg also collects SCM_RIGHTS fds. */
static int
read_full(int fd, void *buf, size_t len, struct msg *m)
{
	union {
		char buf[CMSG_SPACE(MAX_FDS * sizeof(int))];
		struct cmsghdr align;
	} cbuf;
	size_t got = 0;

	while (got < len) {
		struct iovec iov = { (char *)buf + got, len - got };
		struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
		struct cmsghdr *c;
		ssize_t n;

		if (m) {
			mh.msg_control = cbuf.buf;
			mh.msg_controllen = sizeof(cbuf.buf);
		}
		n = recvmsg(fd, &mh, MSG_CMSG_CLOEXEC);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			return got == 0 ? 0 : -1;
		if (m) {
			if (mh.msg_flags & MSG_CTRUNC)
				logmsg("warning: file descriptors truncated");
			for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
				int k, nf;

				if (c->cmsg_level != SOL_SOCKET ||
						c->cmsg_type != SCM_RIGHTS)
					continue;
				nf = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
				for (k = 0; k < nf; k++) {
					int f;

					memcpy(&f, CMSG_DATA(c) + k * sizeof(int),
						sizeof(int));
					if (m->nfds < MAX_FDS)
						m->fds[m->nfds++] = f;
					else
						close(f);
				}
			}
		}
		got += (size_t)n;
	}
	return 1;
}

/* 1: message read, 0: peer closed, -1: error. */
static int
read_msg(int fd, struct msg *m)
{
	uint8_t hdr[HDR_SIZE];
	int r;

	m->nfds = 0;
	r = read_full(fd, hdr, HDR_SIZE, m);
	if (r <= 0)
		return r;
	m->req = get_u32(hdr);
	m->flags = get_u32(hdr + 4);
	m->size = get_u32(hdr + 8);
	if (m->size > MAX_PAYLOAD) {
		logmsg("error: %s payload size %u > %u", req_name(m->req),
			m->size, MAX_PAYLOAD);
		close_fds(m);
		return -1;
	}
	if (m->size && read_full(fd, m->payload, m->size, m) != 1) {
		close_fds(m);
		return -1;
	}
	return 1;
}

static int
write_msg(int fd, const struct msg *m)
{
	union {
		char buf[CMSG_SPACE(MAX_FDS * sizeof(int))];
		struct cmsghdr align;
	} cbuf;
	uint8_t hdr[HDR_SIZE];
	struct iovec iov[2] = {
		{ hdr, HDR_SIZE },
		{ (void *)(uintptr_t)m->payload, m->size },
	};
	struct msghdr mh = { .msg_iov = iov, .msg_iovlen = 2 };
	size_t total = HDR_SIZE + m->size, sent = 0;

	put_u32(hdr, m->req);
	put_u32(hdr + 4, m->flags);
	put_u32(hdr + 8, m->size);
	if (m->nfds) {
		struct cmsghdr *c;

		memset(&cbuf, 0, sizeof(cbuf));
		mh.msg_control = cbuf.buf;
		mh.msg_controllen = CMSG_SPACE(m->nfds * sizeof(int));
		c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(m->nfds * sizeof(int));
		memcpy(CMSG_DATA(c), m->fds, m->nfds * sizeof(int));
	}
	while (sent < total) {
		ssize_t n = sendmsg(fd, &mh, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		sent += (size_t)n;
		/* Rest without the fds (already passed with the first byte). */
		mh.msg_control = NULL;
		mh.msg_controllen = 0;
		while (n > 0 && mh.msg_iovlen > 0) {
			if ((size_t)n >= mh.msg_iov->iov_len) {
				n -= (ssize_t)mh.msg_iov->iov_len;
				mh.msg_iov++;
				mh.msg_iovlen--;
			} else {
				mh.msg_iov->iov_base = (char *)mh.msg_iov->iov_base + n;
				mh.msg_iov->iov_len -= (size_t)n;
				n = 0;
			}
		}
	}
	return 0;
}

/*
 * QEMU 7.1/7.2 VhostUserCryptoSession (632 bytes):
 *    0 int64  session_id
 *    8 u32    cipher_alg, key_len, hash_alg, hash_result_len, auth_key_len,
 *             add_len                        (8..31)
 *   32 u8     op_type, direction, hash_mode, alg_chain_order
 *   36        padding
 *   40 ptr    cipher_key, auth_key (QEMU addresses, meaningless here)
 *   56 u8     key[64]
 *  120 u8     auth_key[512]
 * DPDK 22.11 VhostUserCryptoSessionParam (632 bytes):
 *    0 int64  session_id
 *    8 u32    op_code
 *   12 u32    cipher_algo, cipher_key_len, hash_algo, digest_len,
 *             auth_key_len, aad_len          (12..35)
 *   36 u8     op_type, dir, hash_mode, chaining_dir
 *   40 ptr    ciphe_key, auth_key (unused by DPDK)
 *   56 u8     cipher_key_buf[64]
 *  120 u8     auth_key_buf[512]
 * So bytes 8..35 move to 12..39 and op_code goes to 8. The reply (DPDK's
 * layout, session_id at 0) is what QEMU reads: no change needed.
 */
#define SESS_SIZE	632u
#define VIRTIO_CRYPTO_CIPHER_CREATE_SESSION	0x02u	/* service 0, op 2 */

static void
log_session(const char *tag, const uint8_t *p, int dpdk_layout)
{
	int o = dpdk_layout ? 12 : 8;

	logmsg("  %s: cipher_alg=%u key_len=%u hash_alg=%u digest_len=%u "
		"auth_key_len=%u aad_len=%u op_type=%u dir=%u hash_mode=%u "
		"chain_order=%u", tag,
		get_u32(p + o), get_u32(p + o + 4), get_u32(p + o + 8),
		get_u32(p + o + 12), get_u32(p + o + 16), get_u32(p + o + 20),
		p[o + 24], p[o + 25], p[o + 26], p[o + 27]);
}

static void
hexdump(const uint8_t *p, unsigned int len)
{
	char line[3 * 16 + 1];
	unsigned int i, j;

	for (i = 0; i < len; i += 16) {
		for (j = 0; j < 16 && i + j < len; j++)
			snprintf(line + 3 * j, 4, " %02x", p[i + j]);
		logmsg("  %04x:%s", i, line);
	}
}

static void
rewrite_session(struct msg *m)
{
	uint8_t tmp[28];

	if (dump_session)
		hexdump(m->payload, m->size < 64 ? m->size : 64);
	if (!fix_session) {
		log_session("as sent (unchanged)", m->payload, 1);
		return;
	}
	if (m->size != SESS_SIZE) {
		logmsg("  warning: session payload is %u bytes, not %u: "
			"passed unchanged", m->size, SESS_SIZE);
		return;
	}
	log_session("QEMU 7.2 layout", m->payload, 0);
	memcpy(tmp, m->payload + 8, sizeof(tmp));
	memcpy(m->payload + 12, tmp, sizeof(tmp));
	/* DPDK ignores op_code; fill in what a cipher/chain session is. */
	put_u32(m->payload + 8, VIRTIO_CRYPTO_CIPHER_CREATE_SESSION);
	n_rewritten++;
	logmsg("  rewrite: inserted op_code=0x%x (DPDK layout)",
		VIRTIO_CRYPTO_CIPHER_CREATE_SESSION);
}

static void
describe(const char *dir, const struct msg *m)
{
	char extra[128] = "";
	const uint8_t *p = m->payload;

	if (m->flags & F_REPLY && m->req != CREATE_CRYPTO_SESSION) {
		/* Acks and GET_* replies carry one u64. */
		if (m->size == 8)
			snprintf(extra, sizeof(extra), " u64=0x%" PRIx64,
				get_u64(p));
		goto out;
	}
	switch (m->req) {
	case GET_FEATURES:
	case SET_FEATURES:
	case GET_PROTOCOL_FEATURES:
	case SET_PROTOCOL_FEATURES:
	case GET_QUEUE_NUM:
	case GET_MAX_MEM_SLOTS:
	case SET_STATUS:
	case GET_STATUS:
	case CLOSE_CRYPTO_SESSION:
		if (m->size >= 8)
			snprintf(extra, sizeof(extra), " u64=0x%" PRIx64,
				get_u64(p));
		break;
	case SET_VRING_NUM:
	case SET_VRING_BASE:
	case GET_VRING_BASE:
	case SET_VRING_ENABLE:
		if (m->size >= 8)
			snprintf(extra, sizeof(extra), " ring=%u num=%u",
				get_u32(p), get_u32(p + 4));
		break;
	case SET_VRING_KICK:
	case SET_VRING_CALL:
	case SET_VRING_ERR:
		if (m->size >= 8)
			snprintf(extra, sizeof(extra), " ring=%u%s",
				(unsigned int)(get_u64(p) & 0xff),
				get_u64(p) & 0x100 ? " nofd" : "");
		break;
	case SET_MEM_TABLE:
		if (m->size >= 8)
			snprintf(extra, sizeof(extra), " regions=%u",
				get_u32(p));
		break;
	case CREATE_CRYPTO_SESSION:
		if (m->flags & F_REPLY && m->size >= 8)
			snprintf(extra, sizeof(extra), " session_id=%" PRId64,
				(int64_t)get_u64(p));
		break;
	default:
		break;
	}
out:
	logmsg("%s %s(%u) flags=0x%x size=%u fds=%d%s", dir, req_name(m->req),
		m->req, m->flags, m->size, m->nfds, extra);
}

/* Front-end (QEMU) -> back-end. */
static int
relay_request(int be, struct msg *m)
{
	uint32_t ring = 0;
	int inject = 0;

	describe("Q>B", m);
	switch (m->req) {
	case SET_FEATURES:
		if (m->size >= 8)
			acked_features = get_u64(m->payload);
		break;
	case CREATE_CRYPTO_SESSION:
		rewrite_session(m);
		break;
	case SET_VRING_KICK:
		if (fix_enable && m->size >= 8 &&
				(acked_features >> F_PROTOCOL_FEATURES) & 1) {
			inject = 1;
			ring = (uint32_t)(get_u64(m->payload) & 0xff);
		}
		break;
	default:
		break;
	}
	if (write_msg(be, m) < 0)
		return -1;
	close_fds(m);
	n_relayed++;
	if (inject) {
		struct msg e = {
			.req = SET_VRING_ENABLE,
			.flags = F_VERSION,
			.size = 8,
		};

		put_u32(e.payload, ring);
		put_u32(e.payload + 4, 1);
		describe("P>B", &e);
		logmsg("  inject: SET_VRING_ENABLE ring %u (QEMU never sends it "
			"for crypto)", ring);
		if (write_msg(be, &e) < 0)
			return -1;
		n_injected++;
	}
	return 0;
}

/* Back-end -> front-end: replies on the main channel. */
static int
relay_reply(int fe, struct msg *m)
{
	describe("B>Q", m);
	if (m->req == GET_PROTOCOL_FEATURES && fix_status && m->size >= 8) {
		uint64_t v = get_u64(m->payload);

		if (v & (1ull << PF_STATUS)) {
			put_u64(m->payload, (uint64_t)(v & ~(1ull << PF_STATUS)));
			n_rewritten++;
			logmsg("  rewrite: protocol features 0x%" PRIx64
				" -> 0x%" PRIx64 " (F_STATUS masked)", v,
				(uint64_t)(v & ~(1ull << PF_STATUS)));
		}
	}
	if (m->req == CREATE_CRYPTO_SESSION && m->size >= 8 &&
			(int64_t)get_u64(m->payload) < 0)
		logmsg("  back-end REJECTED the session (status %" PRId64 ")",
			(int64_t)get_u64(m->payload));
	if (write_msg(fe, m) < 0)
		return -1;
	close_fds(m);
	n_relayed++;
	return 0;
}

static int
connect_backend(const char *path, int timeout_s)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int fd, i;

	if (strlen(path) >= sizeof(a.sun_path))
		return -1;
	strcpy(a.sun_path, path);
	for (i = 0; i <= timeout_s * 10; i++) {
		fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd < 0)
			return -1;
		if (connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0)
			return fd;
		close(fd);
		usleep(100000);
	}
	return -1;
}

static int
listen_on(const char *path)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(a.sun_path))
		return -1;
	strcpy(a.sun_path, path);
	unlink(path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(fd, 1) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static void
usage(FILE *f)
{
	fprintf(f,
"usage: vhost-proxy --listen PATH --backend PATH [options]\n"
"  --listen PATH        socket QEMU connects to (created, removed at exit)\n"
"  --backend PATH       vhost-user back-end socket to connect to\n"
"  --connect-timeout S  wait up to S seconds for the back-end (default 30)\n"
"  --log FILE           message log (default stderr)\n"
"  --no-fix-status      do not mask F_STATUS in GET_PROTOCOL_FEATURES\n"
"  --no-fix-enable      do not inject SET_VRING_ENABLE after SET_VRING_KICK\n"
"  --no-fix-session     relay CREATE_CRYPTO_SESSION unchanged\n"
"  --dump-session       hex dump the first 64 session payload bytes\n");
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "backend", required_argument, NULL, 'b' },
		{ "connect-timeout", required_argument, NULL, 't' },
		{ "log", required_argument, NULL, 'o' },
		{ "no-fix-status", no_argument, NULL, 'S' },
		{ "no-fix-enable", no_argument, NULL, 'E' },
		{ "no-fix-session", no_argument, NULL, 'C' },
		{ "dump-session", no_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *lpath = NULL, *bpath = NULL, *logpath = NULL;
	int timeout_s = 30, lfd, fe, be, c, rc = 0;
	struct msg *m;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'l': lpath = optarg; break;
		case 'b': bpath = optarg; break;
		case 't': timeout_s = atoi(optarg); break;
		case 'o': logpath = optarg; break;
		case 'S': fix_status = 0; break;
		case 'E': fix_enable = 0; break;
		case 'C': fix_session = 0; break;
		case 'D': dump_session = 1; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (!lpath || !bpath || optind != argc) {
		usage(stderr);
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t_start);
	logfp = stderr;
	if (logpath && !(logfp = fopen(logpath, "a"))) {
		perror(logpath);
		return 1;
	}
	signal(SIGPIPE, SIG_IGN);
	m = malloc(sizeof(*m));
	if (!m)
		return 1;

	be = connect_backend(bpath, timeout_s);
	if (be < 0) {
		logmsg("error: cannot connect to back-end %s: %s", bpath,
			strerror(errno));
		return 1;
	}
	logmsg("connected to back-end %s", bpath);
	lfd = listen_on(lpath);
	if (lfd < 0) {
		logmsg("error: cannot listen on %s: %s", lpath, strerror(errno));
		return 1;
	}
	logmsg("listening on %s (fixes: status=%d enable=%d session=%d)",
		lpath, fix_status, fix_enable, fix_session);
	do {
		fe = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	} while (fe < 0 && errno == EINTR);
	if (fe < 0) {
		logmsg("error: accept: %s", strerror(errno));
		unlink(lpath);
		return 1;
	}
	close(lfd);
	unlink(lpath);
	logmsg("front-end connected");

	for (;;) {
		struct pollfd p[2] = {
			{ .fd = fe, .events = POLLIN },
			{ .fd = be, .events = POLLIN },
		};
		int i, r;

		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			logmsg("error: poll: %s", strerror(errno));
			rc = 1;
			break;
		}
		for (i = 0; i < 2; i++) {
			if (!(p[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			r = read_msg(p[i].fd, m);
			if (r == 0) {
				logmsg("%s closed the connection",
					i == 0 ? "front-end (QEMU)" : "back-end");
				goto out;
			}
			if (r < 0) {
				logmsg("error: reading from %s: %s",
					i == 0 ? "front-end" : "back-end",
					strerror(errno));
				rc = 1;
				goto out;
			}
			r = i == 0 ? relay_request(be, m) : relay_reply(fe, m);
			if (r < 0) {
				logmsg("error: writing to %s: %s",
					i == 0 ? "back-end" : "front-end",
					strerror(errno));
				close_fds(m);
				rc = 1;
				goto out;
			}
		}
	}
out:
	logmsg("exit: %lu messages relayed, %lu rewritten, %lu injected",
		n_relayed, n_rewritten, n_injected);
	close(fe);
	close(be);
	free(m);
	return rc;
}
