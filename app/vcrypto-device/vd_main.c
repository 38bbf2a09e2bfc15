/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * vcrypto-device: a virtio-crypto device as a vhost-user back end.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/virtio_crypto.h>

#include "vd.h"
#include "vd_sessmsg.h"
#include "vd_vhost.h"
#include "vcrypto_wire.h"

static void usage(FILE *f)
{
	fprintf(f,
"usage: vcrypto-device --socket PATH [options]\n"
"  --socket PATH        vhost-user socket to listen on (server side)\n"
"  --queues N           data queues (1-%d, default 1); the control queue is N\n"
"  --queue-size N       largest ring size accepted (power of 2, default 1024)\n"
"  --services LIST      comma list of cipher,hash,mac,aead,akcipher (default all)\n"
"  --engine NAME        openssl (default) or null (no crypto: output = input)\n"
"  --max-sessions N     session table size (default 1024)\n"
"  --max-size N         max_size in the config space (default 1048576)\n"
"  --no-revision-1      do not offer VIRTIO_CRYPTO_F_REVISION_1 (nor stateless)\n"
"  --stateless LIST     services whose STATELESS_MODE bit is offered\n"
"                       (cipher,hash,mac,aead; default all; 'none' = no bit)\n"
"  --no-packed          do not offer VIRTIO_F_RING_PACKED\n"
"  --session-msgs L     no control queue: sessions by vhost-user messages\n"
"                       (CREATE/CLOSE_CRYPTO_SESSION) in payload layout L:\n"
"                       632 (DPDK 22.11), qemu-632 (QEMU 7.1-7.2) or 1072\n"
"                       (QEMU 11); no config space, no REVISION_1\n"
"  --poll-us N          after a request, poll the data queues for N us\n"
"                       without sleeping, kicks off (0-1000000, default 0:\n"
"                       sleep until kicked)\n"
"  --strict             exit 3 at the end if any driver violation was seen\n"
"  --once               exit when the first front end disconnects\n"
"  --fault Q:KIND[:N]   on queue Q, every Nth request (default every):\n"
"                       delay, drop, status, badid, notinflight, overlen,\n"
"                       reset, close\n"
"  --fault-delay-ms MS  delay for the 'delay' fault (default 100)\n"
"  -v, --verbose        more logging; -q, --quiet less\n"
"  -h, --help\n"
"SIGUSR1 dumps the counters; SIGTERM/SIGINT exit cleanly.\n", VD_MAX_QUEUES - 1);
}

static bool parse_u32(const char *s, uint32_t min, uint32_t max, uint32_t *v)
{
	char *end;
	unsigned long long x;

	if (!s || !*s || *s == '-')
		return false;
	x = strtoull(s, &end, 0);
	if (*end || x < min || x > max)
		return false;
	*v = (uint32_t)x;
	return true;
}

static bool parse_services(const char *s, uint32_t *mask)
{
	char buf[128], *tok, *save;

	if (strlen(s) >= sizeof(buf))
		return false;
	strcpy(buf, s);
	*mask = 0;
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (!strcmp(tok, "cipher"))
			*mask |= 1u << VCRYPTO_SERVICE_CIPHER;
		else if (!strcmp(tok, "hash"))
			*mask |= 1u << VCRYPTO_SERVICE_HASH;
		else if (!strcmp(tok, "mac"))
			*mask |= 1u << VCRYPTO_SERVICE_MAC;
		else if (!strcmp(tok, "aead"))
			*mask |= 1u << VCRYPTO_SERVICE_AEAD;
		else if (!strcmp(tok, "akcipher"))
			*mask |= 1u << VCRYPTO_SERVICE_AKCIPHER;
		else
			return false;
	}
	return *mask != 0;
}

static bool parse_fault(const char *s, struct vd_opts *o, uint32_t *delay_ms)
{
	static const char *const names[] = {
		[VF_DELAY] = "delay", [VF_DROP] = "drop", [VF_STATUS] = "status",
		[VF_BADID] = "badid", [VF_NOTINFLIGHT] = "notinflight",
		[VF_OVERLEN] = "overlen", [VF_RESET] = "reset", [VF_CLOSE] = "close",
	};
	char buf[64], *q, *k, *n;
	uint32_t qi, every = 1;

	if (strlen(s) >= sizeof(buf))
		return false;
	strcpy(buf, s);
	q = buf;
	k = strchr(q, ':');
	if (!k)
		return false;
	*k++ = 0;
	n = strchr(k, ':');
	if (n)
		*n++ = 0;
	if (!parse_u32(q, 0, VD_MAX_QUEUES - 1, &qi) ||
	    (n && !parse_u32(n, 1, UINT32_MAX, &every)))
		return false;
	for (unsigned int i = 1; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(k, names[i])) {
			o->fault[qi].kind = (enum vd_fault_kind)i;
			o->fault[qi].every = every;
			o->fault[qi].delay_ms = *delay_ms;
			return true;
		}
	return false;
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "queues", required_argument, NULL, 'Q' },
		{ "queue-size", required_argument, NULL, 'S' },
		{ "services", required_argument, NULL, 'V' },
		{ "engine", required_argument, NULL, 'e' },
		{ "max-sessions", required_argument, NULL, 'M' },
		{ "max-size", required_argument, NULL, 'Z' },
		{ "no-revision-1", no_argument, NULL, 'R' },
		{ "stateless", required_argument, NULL, 'L' },
		{ "strict", no_argument, NULL, 't' },
		{ "poll-us", required_argument, NULL, 'p' },
		{ "no-packed", no_argument, NULL, 'P' },
		{ "session-msgs", required_argument, NULL, 'm' },
		{ "once", no_argument, NULL, 'o' },
		{ "fault", required_argument, NULL, 'f' },
		{ "fault-delay-ms", required_argument, NULL, 'D' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct vd_opts o;
	uint32_t delay_ms = 100, v, stateless;
	int c;

	memset(&o, 0, sizeof(o));
	o.queues = 1;
	o.queue_size = 1024;
	o.crypto.engine = &vd_engine_openssl;
	o.crypto.services = 0x1f;
	o.crypto.max_sessions = 1024;
	o.crypto.max_size = 1 << 20;
	o.crypto.crypto_features = 1ULL << VCRYPTO_F_REVISION_1;
	stateless = 0xf;
	while ((c = getopt_long(argc, argv, "vqh", lo, NULL)) != -1) {
		switch (c) {
		case 's':
			o.socket = optarg;
			break;
		case 'Q':
			if (!parse_u32(optarg, 1, VD_MAX_QUEUES - 1, &o.queues))
				goto bad;
			break;
		case 'S':
			if (!parse_u32(optarg, 2, VD_MAX_QSIZE, &o.queue_size) ||
			    (o.queue_size & (o.queue_size - 1)))
				goto bad;
			break;
		case 'V':
			if (!parse_services(optarg, &o.crypto.services))
				goto bad;
			break;
		case 'e':
			if (!strcmp(optarg, "openssl"))
				o.crypto.engine = &vd_engine_openssl;
			else if (!strcmp(optarg, "null"))
				o.crypto.engine = &vd_engine_null;
			else
				goto bad;
			break;
		case 'M':
			if (!parse_u32(optarg, 1, 1u << 20, &o.crypto.max_sessions))
				goto bad;
			break;
		case 'Z':
			if (!parse_u32(optarg, 64, 64u << 20, &v))
				goto bad;
			o.crypto.max_size = v;
			break;
		case 'R':
			o.crypto.crypto_features &= ~(1ULL << VCRYPTO_F_REVISION_1);
			break;
		case 'L':
			if (!strcmp(optarg, "none"))
				stateless = 0;
			else if (!parse_services(optarg, &stateless))
				goto bad;
			break;
		case 'P':
			o.no_packed = true;
			break;
		case 'm':
			o.session_msgs = vd_sessmsg_parse(optarg);
			if (o.session_msgs == VD_SL_NONE)
				goto bad;
			break;
		case 't':
			o.strict = true;
			break;
		case 'p':
			if (!parse_u32(optarg, 0, 1000000, &o.poll_us))
				goto bad;
			break;
		case 'o':
			o.once = true;
			break;
		case 'D':
			if (!parse_u32(optarg, 0, 3600000, &delay_ms))
				goto bad;
			break;
		case 'f':
			if (!parse_fault(optarg, &o, &delay_ms))
				goto bad;
			break;
		case 'v':
			vd_verbose++;
			break;
		case 'q':
			vd_verbose = 0;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "vcrypto-device: unexpected argument '%s'\n", argv[optind]);
		usage(stderr);
		return 2;
	}
	if (!o.socket) {
		fprintf(stderr, "vcrypto-device: --socket PATH is required\n");
		usage(stderr);
		return 2;
	}
	/* Queues 0..queues-1 are data queues; queue N the control queue,
	 * which session messages replace. */
	for (unsigned int i = 0; i < VD_MAX_QUEUES; i++)
		if (o.fault[i].kind != VF_NONE && i >= o.queues + !o.session_msgs) {
			fprintf(stderr, "vcrypto-device: --fault on queue %u, device has %u\n",
				i, o.queues + !o.session_msgs);
			return 2;
		}
	for (unsigned int i = 0; i < VD_MAX_QUEUES; i++)
		o.fault[i].delay_ms = delay_ms;
	/* Stateless bits n+1 for service n; they need REVISION_1. */
	/*
	 * A session-message front end reads no config space, so it cannot see
	 * REVISION_1 or stateless mode: its requests are legacy ones.
	 */
	if (o.session_msgs) {
		o.crypto.crypto_features = 0;
		o.crypto.no_config = true;
	}
	if (o.crypto.crypto_features & 1ULL << VCRYPTO_F_REVISION_1)
		o.crypto.crypto_features |= (uint64_t)(stateless & o.crypto.services & 0xf) << 1;
	o.crypto.max_dataqueues = o.queues;
	return vd_serve(&o);
bad:
	fprintf(stderr, "vcrypto-device: invalid option value '%s'\n", optarg);
	usage(stderr);
	return 2;
}
