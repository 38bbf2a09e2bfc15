/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Soak of the data path (vcrypto_dp.c, vcrypto_sym*.c, the queue) against
 * the device model (qp_fixture.c): random bursts of ops of random sizes
 * and chains, sessions destroyed and made again underneath (when none of
 * their ops is in flight, as the API asks), random statuses, and device
 * faults at random points: a ring protocol violation (each of the
 * model's), DEVICE_NEEDS_RESET, a stall (requests held past the
 * timeout). Every op taken must come back exactly once, none lost, none
 * twice; after a fault every op in flight comes back with ERROR, the
 * device is brought up again and the run goes on. No memory may grow:
 * stub allocations (driver memory) return to their count after each
 * bring-up, and the process RSS may not grow after the warm-up.
 *
 * VCRYPTO_SOAK_OPS=<n> ops (default 10^6, CI); devtools/soak.sh runs the
 * extended 10^8. VCRYPTO_UT_SEED=<n> the seed. Prints its figures.
 */
#include "ut_clock.h"

/* Under test: */
#include "vcrypto_dp.c"
#include "vcrypto_dp_share.c"
#include "vcrypto_recover.c"
/* What it calls, real: */
#include "vcrypto_sym.c"
#include "vcrypto_sym_run.c"
#include "vcrypto_vq.c"
#include "vcrypto_vq_split.c"

#include "dp_fixture.h"
#include "qp_fixture.h"
#include "ut.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

/* The fixture's helpers the soak does not use. */
static void __rte_unused (*const unused_[])(void) = {
	(void (*)(void))collect, device_completes, (void (*)(void))dq_up_cbc,
};

#define NB_SESS 3		/* sessions 0..2 live; 3 stays blank */

enum { FREE = 0, INFLIGHT };

static struct {
	uint64_t target;
	uint64_t seed;
	uint64_t rng;
	uint8_t state[DPF_NB_OPS];
	unsigned int inflight;
	uint64_t enqueued, returned, ok, errors, refused;
	uint64_t faults[8];	/* by kind */
	uint64_t bringups, sess_remade;
	long rss_warm_kb, rss_end_kb;
	int allocs_base;
} sk = { .target = 1000000, .seed = 1 };

static const char *const soak_fault_name[] = {
	"ring violation", "NEEDS_RESET", "stall",
};

static uint32_t
rnd(void)
{
	sk.rng ^= sk.rng << 13;
	sk.rng ^= sk.rng >> 7;
	sk.rng ^= sk.rng << 17;
	return (uint32_t)(sk.rng >> 11);
}

static long
rss_kb(void)
{
	long pages = 0, rss = 0;
	FILE *fp = fopen("/proc/self/statm", "r");

	if (fp == NULL)
		return -1;
	if (fscanf(fp, "%ld %ld", &pages, &rss) != 2)
		rss = -1;
	fclose(fp);
	return rss * (sysconf(_SC_PAGESIZE) / 1024);
}

static int
make(unsigned int i)
{
	static const struct {
		enum rte_crypto_cipher_algorithm algo;
		uint16_t key_len;
	} kinds[] = {
		{ RTE_CRYPTO_CIPHER_AES_CBC, 16 },
		{ RTE_CRYPTO_CIPHER_AES_CTR, 32 },
		{ RTE_CRYPTO_CIPHER_AES_CBC, 32 },
	};
	unsigned int k = rnd() % RTE_DIM(kinds);

	return make_sess(i, kinds[k].algo, rnd() % 2, kinds[k].key_len, 16);
}

/* Device and sessions from scratch: a re-probe after a failed device. */
static bool
soak_bring_up(void)
{
	unsigned int i;
	int rc;

	if (!dq_up(rnd() % 4 != 0, (uint16_t)(16u << rnd() % 3)))
		return false;
	for (i = 0; i < NB_SESS; i++) {
		ctl.sid = SID + i;
		rc = make(i);
		if (rc != 0) {
			ut_fail(__FILE__, __LINE__, "session %u: %d", i, rc);
			return false;
		}
	}
	dpf_sess_blank(NB_SESS);
	sk.bringups++;
	return true;
}

static bool
dequeue(uint16_t burst)
{
	struct rte_crypto_op *out[DPF_NB_OPS];
	unsigned int i, k;
	uint16_t n;

	n = vcrypto_dp_dequeue(dq.qp, out, burst);
	for (i = 0; i < n; i++) {
		k = dpf_index(out[i]);
		if (k >= DPF_NB_OPS || sk.state[k] != INFLIGHT) {
			ut_fail(__FILE__, __LINE__, "op %u back twice or "
				"never taken (%" PRIu64 " ops in)", k,
				sk.enqueued);
			return false;
		}
		sk.state[k] = FREE;
		sk.inflight--;
		sk.returned++;
		if (out[i]->status == RTE_CRYPTO_OP_STATUS_SUCCESS)
			sk.ok++;
		else
			sk.errors++;
	}
	return true;
}

/* A burst of up to 32 ops: random chains (1-3 pieces), sizes, sessions. */
static void
enqueue(void)
{
	struct rte_crypto_op *ops[32];
	unsigned int want = 1 + rnd() % 32, n = 0, k, i, pieces;
	uint16_t lens[3], took;
	uint32_t total, len;
	struct rte_mbuf *src;

	for (k = 0; k < DPF_NB_OPS && n < want; k++) {
		if (sk.state[k] != FREE)
			continue;
		pieces = 1 + rnd() % 3;
		for (i = 0, total = 0; i < pieces; i++) {
			lens[i] = 16 + rnd() % (DPF_SEGBUF - DPF_HEADROOM - 15);
			total += lens[i];
		}
		src = dpf_chain(0, lens, pieces, (uint8_t)k);
		len = (1 + rnd() % (total / 16)) * 16;
		ops[n++] = dpf_op(k, rnd() % 64 == 0 ? NB_SESS :
				  rnd() % NB_SESS, src, NULL, 0, len);
	}
	took = vcrypto_dp_enqueue(dq.qp, ops, (uint16_t)n);
	for (i = 0; i < took; i++) {
		sk.state[dpf_index(ops[i])] = INFLIGHT;
		sk.inflight++;
	}
	sk.enqueued += took;
	if (took < n && ops[took]->status != RTE_CRYPTO_OP_STATUS_NOT_PROCESSED)
		sk.refused++;	/* the blank session: refused, not taken */
}

/* Session i again (destroy, create), if none of its ops is in flight. */
static void
remake_session(void)
{
	unsigned int i = rnd() % NB_SESS, k;

	for (k = 0; k < DPF_NB_OPS; k++)
		if (sk.state[k] == INFLIGHT &&
		    dpf_ops[k]->sym->session == dpf_sess(i))
			return;
	vcrypto_sym_session_destroy(&dq.dev, dpf_priv(i));
	ctl.sid++;
	if (make(i) == 0)
		sk.sess_remade++;
}

static void
inject(void)
{
	unsigned int kind = rnd() % 3;

	sk.faults[kind]++;
	switch (kind) {
	case 0:
		vcrypto_model_set_fault(&dq.m, (enum vcrypto_model_fault)
			(1 + rnd() % (VCRYPTO_MODEL_FAULT_COUNT - 1)),
			rnd() % 8);
		break;
	case 1:
		dq.dev_status = VCRYPTO_STATUS_NEEDS_RESET;
		break;
	default:
		dpf.never = true;
		break;
	}
}

/* The device failed: every op in flight back (ERROR), then a new one. */
static bool
after_failure(void)
{
	unsigned int spins;

	for (spins = 0; sk.inflight > 0 && spins < 100; spins++) {
		if (!dequeue(DPF_NB_OPS))
			return false;
		vcrypto_dev_watch(&dq.dev);
	}
	if (sk.inflight != 0) {
		ut_fail(__FILE__, __LINE__, "%u ops lost by a failed device",
			sk.inflight);
		return false;
	}
	teardown();
	if (ut_allocs_live() != sk.allocs_base) {
		ut_fail(__FILE__, __LINE__, "%d allocations left by a failed "
			"device (base %d)", ut_allocs_live(), sk.allocs_base);
		return false;
	}
	return soak_bring_up();
}

static void
t_soak(void)
{
	time_t t0 = time(NULL);
	uint64_t fault_every = 2000, step = 0, warm = sk.target / 10;
	uint64_t last_moves = 0, still = 0;
	unsigned int spins;

	sk.rng = sk.seed * 0x9e3779b97f4a7c15ULL + 11;
	ut_log_quiet(true);
	sk.allocs_base = ut_allocs_live();
	UT_ASSERT(soak_bring_up());
	while (sk.enqueued < sk.target && !ut_failed()) {
		step++;
		enqueue();
		if (!dq.dev.dead) {
			vcrypto_model_fetch(&dq.m);
			vcrypto_model_complete(&dq.m, rnd() % 40);
		}
		UT_ASSERT(dequeue((uint16_t)(1 + rnd() % DPF_NB_OPS)));
		vcrypto_dev_watch(&dq.dev);	/* the EAL alarm's work */
		if (sk.enqueued + sk.returned != last_moves) {
			last_moves = sk.enqueued + sk.returned;
			still = 0;
		} else if (++still > 100000) {
			ut_fail(__FILE__, __LINE__, "wedged: nothing in or out "
				"for 10^5 steps (%" PRIu64 " ops in, %u in "
				"flight, dead %d)", sk.enqueued, sk.inflight,
				dq.dev.dead);
			return;
		}
		if (dpf.never)	/* a stall: time passes */
			ut_clock_advance_us(DP_TIMEOUT_MS * 1000 / 8);
		if (rnd() % 512 == 0)
			remake_session();
		if (rnd() % 64 == 0)
			dpf.status[dq.m.fetched % RTE_DIM(dpf.status)] =
				rnd() % 2 ? VIRTIO_CRYPTO_BADMSG : 0xee;
		else
			dpf.status[dq.m.fetched % RTE_DIM(dpf.status)] = 0;
		if (rnd() % fault_every == 0)
			inject();
		if (dq.dev.dead)
			UT_ASSERT(after_failure());
		if (dq.m.violations != 0 || dpf.error[0] != '\0') {
			ut_fail(__FILE__, __LINE__, "device saw: %s%s",
				dq.m.violation, dpf.error);
			return;
		}
		if (sk.rss_warm_kb == 0 && sk.enqueued >= warm)
			sk.rss_warm_kb = rss_kb();
	}
	/* Finish with a behaving device: everything comes back. */
	dpf.never = false;
	dq.dev_status = 0;
	dq.m.fault = VCRYPTO_MODEL_FAULT_NONE;
	for (spins = 0; sk.inflight > 0 && spins < 1000; spins++) {
		if (!dq.dev.dead) {
			vcrypto_model_fetch(&dq.m);
			vcrypto_model_complete(&dq.m, UINT32_MAX);
		}
		UT_ASSERT(dequeue(DPF_NB_OPS));
		vcrypto_dev_watch(&dq.dev);
		ut_clock_advance_us(1000);
	}
	sk.rss_end_kb = rss_kb();
	printf("# soak: %" PRIu64 " ops in %ld s (seed %" PRIu64 "): %"
	       PRIu64 " back (%" PRIu64 " ok, %" PRIu64 " error status), %"
	       PRIu64 " refused bursts\n", sk.enqueued,
	       (long)(time(NULL) - t0), sk.seed, sk.returned, sk.ok,
	       sk.errors, sk.refused);
	printf("# soak: faults injected: %" PRIu64 " %s, %" PRIu64 " %s, %"
	       PRIu64 " %s; %" PRIu64 " device bring-ups, %" PRIu64
	       " sessions remade\n", sk.faults[0], soak_fault_name[0],
	       sk.faults[1], soak_fault_name[1], sk.faults[2], soak_fault_name[2],
	       sk.bringups, sk.sess_remade);
	printf("# soak: RSS %ld kB after warm-up (%" PRIu64 " ops), %ld kB "
	       "at the end\n", sk.rss_warm_kb, warm, sk.rss_end_kb);
	UT_ASSERT_EQ(sk.inflight, 0);
	UT_ASSERT_EQ(sk.returned, sk.enqueued);
	UT_ASSERT(sk.faults[0] + sk.faults[1] + sk.faults[2] > 0);
	UT_ASSERT(sk.bringups > 1);
	/*
	 * Driver memory is counted exactly (after_failure()); the RSS bound
	 * is for everything else: page-granular noise of the C heap as rings
	 * of other sizes come and go, never per op (10^8 ops leaking a byte
	 * each would be 100 MB).
	 */
#if defined(__SANITIZE_ADDRESS__)
	/* ASan keeps freed memory in quarantine: LeakSanitizer checks. */
	printf("# soak: RSS bound not checked under ASan\n");
#else
	UT_ASSERT(sk.rss_end_kb <= sk.rss_warm_kb + 1024);
#endif
}

static const struct ut_case cases[] = {
	{ "soak", t_soak },
};

int
main(void)
{
	const char *v = getenv("VCRYPTO_SOAK_OPS");

	if (v != NULL && strtoull(v, NULL, 0) > 0)
		sk.target = strtoull(v, NULL, 0);
	v = getenv("VCRYPTO_UT_SEED");
	if (v != NULL)
		sk.seed = strtoull(v, NULL, 0);
	return ut_run(cases, RTE_DIM(cases), teardown) == 0 ? 0 : 1;
}
