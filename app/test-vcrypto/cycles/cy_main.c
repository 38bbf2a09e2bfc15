/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * dpdk-test-vcrypto-cycles: where the guest's time per op goes. The same
 * loop as dpdk-test-crypto-perf's throughput test (refill a burst of ops
 * from the pool, each with the mbuf it owns for life, set the fields
 * crypto-perf sets, enqueue, dequeue, put them back in bulk; no op reset,
 * no mbuf allocation per op), with a time-stamp counter read around
 * every PMD call, so that the cost of the driver (enqueue, dequeue that
 * returned ops, dequeue polls that found nothing) is told apart from the
 * application's own cost per op. Runs on any cryptodev, so the reference
 * PMD is measured by the same code on the same device.
 *
 *   dpdk-test-vcrypto-cycles EAL -- --devtype NAME [--size B] [--ops N]
 *       [--burst N] [--chain] [--desc N] [--settle-us N] [--warmup N]
 *       [--rtt [--gap-us N]]
 *
 * The PMD is only ever called through cy_enqueue() and cy_dequeue(), never
 * inlined, so that an instruction counter (valgrind --tool=callgrind
 * --toggle-collect=cy_enqueue) sees exactly the driver's work per op on
 * any PMD, symbols or not. --settle-us waits that long before each dequeue
 * so that polls return completed bursts rather than nothing: with it,
 * the instruction counts do not depend on how fast the device answered.
 * --warmup runs that many ops first, neither timed nor counted (outside
 * run()): with as many as the queue pair's descriptors, what a PMD does
 * on the first use of each ring slot is out of the figures.
 *
 * Prints one machine-readable line:
 *   CYC,<devtype>,<cipher|chain>,<size>,<burst>,<Mops>,<total/op>,
 *   <enq/op>,<deq/op>,<empty polls/op>,<empty poll cycles/op>,<app/op>
 * cycles are TSC cycles (rte_get_tsc_hz() per second).
 *
 * --rtt measures the round trip instead (closed loop): one burst in
 * flight, enqueued, then polled until all of it is back, --ops times.
 * That is the latency an application waiting for its answer sees;
 * crypto-perf's latency test keeps enqueuing while it polls, so on an
 * asynchronous device it measures how long an op waits behind a full ring
 * (ring depth / throughput). --gap-us sleeps that long between round
 * trips (a device that polls a while after each request, then sleeps,
 * must be woken again by the next kick). Prints
 *   RTT,<devtype>,<cipher|chain>,<size>,<burst>,<n>,<min>,<median>,
 *   <p99>,<max>   (microseconds per round trip)
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cryptodev.h>
#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#define MAX_BURST 128
#define IV_OFF (sizeof(struct rte_crypto_op) + sizeof(struct rte_crypto_sym_op))
#define DIGEST_LEN 12
/* Where an op keeps the pointer to its mbuf (after the IV). */
#define MBUF_OFF (IV_OFF + 16)

struct cy_opts {
	const char *devtype;
	uint32_t size;
	uint64_t ops;
	uint16_t burst;
	uint32_t desc;
	uint32_t settle_us;
	uint64_t warmup;
	bool chain;
	bool rtt;
	uint32_t gap_us;
};

struct cy_stats {
	uint64_t enq_cyc, deq_cyc, empty_cyc, empty_polls, total_cyc;
	uint64_t done, failed;
};

struct cy_ctx {
	uint8_t dev;
	bool started;		/**< configured and started: stop it at exit */
	struct rte_mempool *op_pool, *mbuf_pool, *sess_pool;
	void *sess;
	uint8_t cipher_key[16], auth_key[64];
	uint32_t data_len;	/**< bytes of each op's mbuf */
	bool no_mbuf;		/**< an op got no mbuf at setup */
};

/*
 * At setup, give every op of the pool an mbuf of its own (as each element
 * of crypto-perf's pool holds an op and its mbuf) and an IV.
 */
static void
own_mbuf(struct rte_mempool *mp __rte_unused, void *arg, void *obj,
	 unsigned int idx __rte_unused)
{
	struct cy_ctx *x = arg;
	struct rte_mbuf *m = rte_pktmbuf_alloc(x->mbuf_pool);

	if (m == NULL || rte_pktmbuf_append(m, x->data_len) == NULL) {
		x->no_mbuf = true;
		return;
	}
	*rte_crypto_op_ctod_offset(obj, struct rte_mbuf **, MBUF_OFF) = m;
	memset(rte_crypto_op_ctod_offset(obj, uint8_t *, IV_OFF), 0xa5, 16);
}

static int
parse_args(int argc, char **argv, struct cy_opts *o)
{
	static const struct option lo[] = {
		{ "devtype", required_argument, NULL, 'd' },
		{ "size", required_argument, NULL, 's' },
		{ "ops", required_argument, NULL, 'n' },
		{ "burst", required_argument, NULL, 'b' },
		{ "desc", required_argument, NULL, 'q' },
		{ "chain", no_argument, NULL, 'c' },
		{ "settle-us", required_argument, NULL, 'w' },
		{ "warmup", required_argument, NULL, 'u' },
		{ "rtt", no_argument, NULL, 'r' },
		{ "gap-us", required_argument, NULL, 'g' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*o = (struct cy_opts){ .size = 64, .ops = 200000, .burst = 32,
			       .desc = 2048 };
	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (c) {
		case 'd': o->devtype = optarg; break;
		case 's': o->size = strtoul(optarg, NULL, 0); break;
		case 'n': o->ops = strtoull(optarg, NULL, 0); break;
		case 'b': o->burst = strtoul(optarg, NULL, 0); break;
		case 'q': o->desc = strtoul(optarg, NULL, 0); break;
		case 'c': o->chain = true; break;
		case 'w': o->settle_us = strtoul(optarg, NULL, 0); break;
		case 'u': o->warmup = strtoull(optarg, NULL, 0); break;
		case 'r': o->rtt = true; break;
		case 'g': o->gap_us = strtoul(optarg, NULL, 0); break;
		default: return -EINVAL;
		}
	}
	if (o->devtype == NULL || o->size == 0 || o->size % 16 != 0 ||
	    o->size > 4096 || o->burst == 0 || o->burst > MAX_BURST ||
	    o->ops == 0) {
		fprintf(stderr, "usage: -- --devtype NAME [--size B (x16, "
			"<=4096)] [--ops N] [--burst 1-%u] [--desc N] "
			"[--chain] [--settle-us N] [--warmup N] [--rtt [--gap-us N]]\n", MAX_BURST);
		return -EINVAL;
	}
	return 0;
}

static int
setup_dev(struct cy_ctx *x, const struct cy_opts *o)
{
	struct rte_cryptodev_config conf = { .socket_id = SOCKET_ID_ANY,
					     .nb_queue_pairs = 1 };
	struct rte_cryptodev_qp_conf qc = { .nb_descriptors = o->desc };
	int id = rte_cryptodev_get_dev_id(o->devtype);
	struct rte_cryptodev_info info;

	if (id < 0) {
		/* A PCI device is named after its address: match the driver. */
		for (id = 0; id < rte_cryptodev_count(); id++) {
			rte_cryptodev_info_get(id, &info);
			if (strcmp(info.driver_name, o->devtype) == 0)
				break;
		}
		if (id == rte_cryptodev_count()) {
			fprintf(stderr, "cycles: no %s device\n", o->devtype);
			return -ENODEV;
		}
	}
	x->dev = id;
	RTE_BUILD_BUG_ON(MBUF_OFF + sizeof(struct rte_mbuf *) >
			 IV_OFF + 64);
	x->op_pool = rte_crypto_op_pool_create("cy_ops",
		RTE_CRYPTO_OP_TYPE_SYMMETRIC, o->desc + 2 * MAX_BURST, 128, 64,
		rte_socket_id());
	x->mbuf_pool = rte_pktmbuf_pool_create("cy_mbufs",
		o->desc + 2 * MAX_BURST, 128, 0,
		RTE_PKTMBUF_HEADROOM + o->size + DIGEST_LEN, rte_socket_id());
	x->sess_pool = rte_cryptodev_sym_session_pool_create("cy_sess", 4,
		rte_cryptodev_sym_get_private_session_size(id), 0, 0,
		rte_socket_id());
	qc.mp_session = x->sess_pool;
	if (x->op_pool == NULL || x->mbuf_pool == NULL || x->sess_pool == NULL)
		return -ENOMEM;
	x->data_len = o->size + (o->chain ? DIGEST_LEN : 0);
	rte_mempool_obj_iter(x->op_pool, own_mbuf, x);
	if (x->no_mbuf)
		return -ENOMEM;
	if (rte_cryptodev_configure(id, &conf) != 0 ||
	    rte_cryptodev_queue_pair_setup(id, 0, &qc, SOCKET_ID_ANY) != 0 ||
	    rte_cryptodev_start(id) != 0) {
		fprintf(stderr, "cycles: cannot set up %s\n", o->devtype);
		return -EIO;
	}
	x->started = true;
	return 0;
}

static int
make_session(struct cy_ctx *x, const struct cy_opts *o)
{
	struct rte_crypto_sym_xform auth = {
		.type = RTE_CRYPTO_SYM_XFORM_AUTH,
		.auth = {
			.op = RTE_CRYPTO_AUTH_OP_GENERATE,
			.algo = RTE_CRYPTO_AUTH_SHA1_HMAC,
			.key = { .data = x->auth_key,
				 .length = sizeof(x->auth_key) },
			.digest_length = DIGEST_LEN,
		},
	};
	struct rte_crypto_sym_xform cipher = {
		.type = RTE_CRYPTO_SYM_XFORM_CIPHER,
		.next = o->chain ? &auth : NULL,
		.cipher = {
			.op = RTE_CRYPTO_CIPHER_OP_ENCRYPT,
			.algo = RTE_CRYPTO_CIPHER_AES_CBC,
			.key = { .data = x->cipher_key,
				 .length = sizeof(x->cipher_key) },
			.iv = { .offset = IV_OFF, .length = 16 },
		},
	};

	memset(x->cipher_key, 0x2b, sizeof(x->cipher_key));
	memset(x->auth_key, 0x5c, sizeof(x->auth_key));
	x->sess = rte_cryptodev_sym_session_create(x->dev, &cipher,
						   x->sess_pool);
	if (x->sess == NULL) {
		fprintf(stderr, "cycles: session refused: %d\n", rte_errno);
		return -ENOTSUP;
	}
	return 0;
}

/*
 * What crypto-perf's throughput test does per op (cperf_set_ops_cipher(),
 * _cipher_auth()): ops straight from the pool, each with its own mbuf;
 * status, session, buffers, offsets and lengths, digest. No IV: crypto-perf
 * sets it only when verifying.
 */
static int
fill_burst(struct cy_ctx *x, const struct cy_opts *o,
	   struct rte_crypto_op **ops, uint16_t n)
{
	uint16_t i;

	if (rte_mempool_get_bulk(x->op_pool, (void **)ops, n) != 0)
		return -ENOBUFS;
	for (i = 0; i < n; i++) {
		struct rte_crypto_sym_op *sym = ops[i]->sym;
		struct rte_mbuf *m = *rte_crypto_op_ctod_offset(ops[i],
			struct rte_mbuf **, MBUF_OFF);

		ops[i]->status = RTE_CRYPTO_OP_STATUS_NOT_PROCESSED;
		rte_crypto_op_attach_sym_session(ops[i], x->sess);
		sym->m_src = m;
		sym->m_dst = NULL;
		sym->cipher.data.offset = 0;
		sym->cipher.data.length = o->size;
		if (o->chain) {
			sym->auth.data.offset = 0;
			sym->auth.data.length = o->size;
			sym->auth.digest.data = rte_pktmbuf_mtod_offset(m,
				uint8_t *, o->size);
			sym->auth.digest.phys_addr = rte_pktmbuf_iova_offset(
				m, o->size);
		}
	}
	return 0;
}

/* Back to the pool in bulk, as crypto-perf; a failed op is counted. */
static void
free_ops(struct cy_ctx *x, struct rte_crypto_op **ops, uint16_t n,
	 struct cy_stats *st)
{
	uint16_t i;

	for (i = 0; i < n; i++)
		st->failed += ops[i]->status != RTE_CRYPTO_OP_STATUS_SUCCESS;
	rte_mempool_put_bulk(x->op_pool, (void **)ops, n);
}

/* The only calls into the PMD on the measured path (see the top). */
static __rte_noinline uint16_t
cy_enqueue(uint8_t dev, struct rte_crypto_op **ops, uint16_t n)
{
	return rte_cryptodev_enqueue_burst(dev, 0, ops, n);
}

static __rte_noinline uint16_t
cy_dequeue(uint8_t dev, struct rte_crypto_op **ops, uint16_t n)
{
	return rte_cryptodev_dequeue_burst(dev, 0, ops, n);
}

/* ops ops through the PMD, crypto-perf's way. */
static __rte_always_inline void
loop(struct cy_ctx *x, const struct cy_opts *o, uint64_t ops,
     struct cy_stats *st)
{
	struct rte_crypto_op *pend[MAX_BURST], *done[MAX_BURST];
	uint64_t t0, t1, start, enqd = 0;
	uint16_t nb_pend = 0, n, want;

	start = rte_rdtsc();
	while (st->done < ops) {
		want = (uint16_t)RTE_MIN((uint64_t)o->burst, ops - enqd);
		if (nb_pend < want && fill_burst(x, o, pend + nb_pend,
						 want - nb_pend) == 0)
			nb_pend = want;
		if (nb_pend > 0) {
			t0 = rte_rdtsc();
			n = cy_enqueue(x->dev, pend, nb_pend);
			t1 = rte_rdtsc();
			st->enq_cyc += t1 - t0;
			enqd += n;
			nb_pend -= n;
			memmove(pend, pend + n, nb_pend * sizeof(pend[0]));
		}
		if (o->settle_us > 0)
			rte_delay_us_sleep(o->settle_us);
		t0 = rte_rdtsc();
		n = cy_dequeue(x->dev, done, o->burst);
		t1 = rte_rdtsc();
		if (n == 0) {
			st->empty_cyc += t1 - t0;
			st->empty_polls++;
			continue;
		}
		st->deq_cyc += t1 - t0;
		st->done += n;
		free_ops(x, done, n, st);
	}
	st->total_cyc = rte_rdtsc() - start;
	if (nb_pend > 0)	/* filled but never needed */
		free_ops(x, pend, nb_pend, &(struct cy_stats){ 0 });
}

/* Not inlined either: callgrind --toggle-collect=run counts the whole loop. */
static __rte_noinline void
run(struct cy_ctx *x, const struct cy_opts *o, struct cy_stats *st)
{
	loop(x, o, o->ops, st);
}

/* Before run(), outside its counts; failed ops still count. */
static __rte_noinline void
warm_up(struct cy_ctx *x, const struct cy_opts *o, struct cy_stats *st)
{
	struct cy_stats w = { 0 };

	loop(x, o, o->warmup, &w);
	st->failed += w.failed;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * --rtt: one burst in flight at a time; each round trip from just before
 * the enqueue to the dequeue that returned its last op. A round trip that
 * takes more than 5 s ends the run (a stalled device is an error here).
 */
static int
round_trips(struct cy_ctx *x, const struct cy_opts *o, struct cy_stats *st)
{
	struct rte_crypto_op *ops[MAX_BURST], *done[MAX_BURST];
	uint64_t *rt = calloc(o->ops, sizeof(*rt)), hz = rte_get_tsc_hz();
	uint64_t i, t0, limit = 5 * hz;
	uint16_t sent, back;
	double us = 1e6 / (double)hz;
	int rc = 0;

	if (rt == NULL)
		return -ENOMEM;
	for (i = 0; i < o->ops && rc == 0; i++) {
		if (o->gap_us > 0)
			rte_delay_us_sleep(o->gap_us);
		if (fill_burst(x, o, ops, o->burst) != 0) {
			rc = -ENOBUFS;
			break;
		}
		t0 = rte_rdtsc_precise();
		sent = cy_enqueue(x->dev, ops, o->burst);
		if (sent < o->burst)
			free_ops(x, ops + sent, o->burst - sent,
				 &(struct cy_stats){ 0 });
		for (back = 0; back < sent;) {
			uint16_t n = cy_dequeue(x->dev, done, sent - back);

			if (n > 0) {
				back += n;
				free_ops(x, done, n, st);
			} else if (rte_rdtsc() - t0 > limit) {
				fprintf(stderr, "cycles: %u ops not back after 5 s\n",
					sent - back);
				rc = -ETIMEDOUT;
				break;
			}
		}
		rt[i] = rte_rdtsc_precise() - t0;
		if (sent == 0)
			rc = -EBUSY;
	}
	if (rc == 0) {
		qsort(rt, o->ops, sizeof(*rt), cmp_u64);
		printf("RTT,%s,%s,%u,%u,%" PRIu64 ",%.2f,%.2f,%.2f,%.2f\n",
		       o->devtype, o->chain ? "chain" : "cipher", o->size,
		       o->burst, o->ops, rt[0] * us, rt[o->ops / 2] * us,
		       rt[o->ops - 1 - o->ops / 100] * us, rt[o->ops - 1] * us);
	}
	free(rt);
	return rc;
}

static void
report(const struct cy_opts *o, const struct cy_stats *st)
{
	double n = (double)st->done, hz = (double)rte_get_tsc_hz();
	double pmd = (double)(st->enq_cyc + st->deq_cyc + st->empty_cyc);

	printf("CYC,%s,%s,%u,%u,%.4f,%.0f,%.0f,%.0f,%.2f,%.0f,%.0f\n",
	       o->devtype, o->chain ? "chain" : "cipher", o->size, o->burst,
	       n / ((double)st->total_cyc / hz) / 1e6,
	       st->total_cyc / n, st->enq_cyc / n, st->deq_cyc / n,
	       st->empty_polls / n, st->empty_cyc / n,
	       (st->total_cyc - pmd) / n);
	if (st->failed > 0)
		printf("ERR,%s: %" PRIu64 " ops failed\n", o->devtype,
		       st->failed);
}

int
main(int argc, char **argv)
{
	struct cy_stats st = { 0 };
	struct cy_ctx x = { 0 };
	struct cy_opts o;
	int rc;

	rc = rte_eal_init(argc, argv);
	if (rc < 0)
		return 1;
	argc -= rc;
	argv += rc;
	rc = parse_args(argc, argv, &o);
	if (rc == 0)
		rc = setup_dev(&x, &o);
	if (rc == 0)
		rc = make_session(&x, &o);
	if (rc == 0) {
		if (o.warmup > 0)
			warm_up(&x, &o, &st);
		if (o.rtt) {
			rc = round_trips(&x, &o, &st);
		} else {
			run(&x, &o, &st);
			report(&o, &st);
		}
	}
	if (x.sess != NULL)
		rte_cryptodev_sym_session_free(x.dev, x.sess);
	if (x.started) {
		rte_cryptodev_stop(x.dev);
		rte_cryptodev_close(x.dev);
	}
	rte_eal_cleanup();
	return rc == 0 && st.failed == 0 ? 0 : 1;
}
