/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Fuzz target: the data path (vcrypto_dp.c, vcrypto_sym*.c over the real
 * queue) between a fuzzed caller and a fuzzed device. The input is a
 * script of bursts of ops whose ranges, offsets, mbuf chains, sessions
 * and burst sizes come from the input (the builders' input), and of device
 * steps: any status byte, used length 0, holding requests, an injected
 * ring fault, time passing (stalls, NEEDS_RESET). Whatever happens, each
 * op taken by enqueue comes back from dequeue exactly once with a status
 * a caller knows, no op not taken comes back, the device never sees a
 * malformed request, and nothing leaks. The device model, stubs and
 * fixture are the data-path unit tests' (qp_fixture.h).
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

#include "fuzz.h"

#include <stdio.h>

enum { FREE = 0, INFLIGHT };

static uint8_t state[DPF_NB_OPS];
static unsigned int inflight;

/* The device model saw no driver mistake, and no malformed request. */
static void
clean(int line)
{
	if (dq.m.violations != 0)
		fprintf(stderr, "model: %s\n", dq.m.violation);
	if (dpf.error[0] != '\0')
		fprintf(stderr, "device saw: %s\n", dpf.error);
	if (dq.m.violations != 0 || dpf.error[0] != '\0')
		fz_fail(__FILE__, line, "device saw a bad request");
}

static bool
status_known(uint8_t st)
{
	return st == RTE_CRYPTO_OP_STATUS_SUCCESS ||
	       st == RTE_CRYPTO_OP_STATUS_AUTH_FAILED ||
	       st == RTE_CRYPTO_OP_STATUS_INVALID_SESSION ||
	       st == RTE_CRYPTO_OP_STATUS_INVALID_ARGS ||
	       st == RTE_CRYPTO_OP_STATUS_ERROR;
}

/* Dequeue a burst; every op must be one in flight, back once. */
static void
dequeue(uint16_t burst)
{
	struct rte_crypto_op *out[DPF_NB_OPS];
	unsigned int i, k;
	uint16_t n;

	n = vcrypto_dp_dequeue(dq.qp, out, burst);
	FZ_CHECK(n <= burst);
	for (i = 0; i < n; i++) {
		k = dpf_index(out[i]);
		FZ_CHECK(k < DPF_NB_OPS && state[k] == INFLIGHT);
		FZ_CHECK(status_known(out[i]->status));
		state[k] = FREE;
		inflight--;
	}
}

/* One op from the input: any range, chain, session, in or out of place. */
static struct rte_crypto_op *
make_op(struct fz *f, unsigned int k)
{
	uint16_t lens[8];
	uint8_t shape = fz_u8(f), n = 1 + shape % 4, i;
	struct rte_mbuf *src, *dst = NULL;
	uint32_t off, len;

	for (i = 0; i < n; i++)
		lens[i] = fz_u8(f) % (DPF_SEGBUF - DPF_HEADROOM + 1);
	src = dpf_chain(0, lens, n, (uint8_t)k);
	if (shape & 0x10)
		dst = dpf_flat(1, fz_u8(f) % (DPF_SEGBUF - DPF_HEADROOM + 1), 0);
	off = shape & 0x20 ? fz_u32(f) : fz_u8(f) % 64;
	len = shape & 0x40 ? fz_u32(f) : (uint32_t)fz_u8(f) / 16 * 16;
	return dpf_op(k, fz_u8(f) % DPF_NB_SESS, src, dst, off, len);
}

static void
enqueue(struct fz *f)
{
	struct rte_crypto_op *ops[DPF_NB_OPS];
	unsigned int want = 1 + fz_u8(f) % 16, n = 0, k, i;
	uint16_t took;

	for (k = 0; k < DPF_NB_OPS && n < want; k++)
		if (state[k] == FREE)
			ops[n++] = make_op(f, k);
	if (n == 0)
		return;
	took = vcrypto_dp_enqueue(dq.qp, ops, (uint16_t)n);
	FZ_CHECK(took <= n);
	for (i = 0; i < took; i++) {
		state[dpf_index(ops[i])] = INFLIGHT;
		inflight++;
	}
}

static void
device(struct fz *f)
{
	uint8_t how = fz_u8(f);
	uint64_t seq = dq.m.fetched;

	switch (how % 8) {
	case 0:	/* the next statuses: any byte */
		for (; seq < RTE_DIM(dpf.status) && (how & 0x80); seq++)
			dpf.status[seq] = fz_u8(f);
		if (seq < RTE_DIM(dpf.status))
			dpf.status[seq] = fz_u8(f) == 0 ? DPF_STATUS_NONE :
				fz_u8(f);
		break;
	case 1:
		dpf.len0 = how & 0x10;
		break;
	case 2:
		dpf.never = how & 0x10;
		break;
	case 3:
		vcrypto_model_set_fault(&dq.m, (enum vcrypto_model_fault)
			(fz_u8(f) % VCRYPTO_MODEL_FAULT_COUNT), fz_u8(f) % 8);
		break;
	case 4:
		dq.dev_status = how & 0x10 ? VCRYPTO_STATUS_NEEDS_RESET : 0;
		break;
	case 5:
		ut_clock_advance_us((uint64_t)fz_u16(f) * 10);
		break;
	case 6:
		vcrypto_dev_watch(&dq.dev);	/* the EAL alarm's work */
		break;
	default:
		/* A failed device was reset: it holds nothing, and its rings
		 * are the driver's until re-initialised. */
		if (!dq.dev.dead) {
			vcrypto_model_fetch(&dq.m);
			vcrypto_model_complete(&dq.m, fz_u8(f) % 8);
		}
		break;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = { data, size, 0 };
	uint8_t mode = fz_u8(&f);
	unsigned int steps = 0, spins;
	int rc;

	fz_quiet();
	if (!dq_up(mode & 1, (uint16_t)(4u << (mode >> 1) % 3)))
		abort();
	rc = make_sess(0, RTE_CRYPTO_CIPHER_AES_CBC, true, 16, 16);
	rc |= make_sess(1, RTE_CRYPTO_CIPHER_AES_CTR, false, 32, 16);
	FZ_CHECK(rc == 0);
	dpf_sess_blank(2);	/* ours, never configured */
	memset(state, 0, sizeof(state));
	inflight = 0;
	while (!fz_done(&f) && steps++ < 2048) {
		switch (fz_u8(&f) % 4) {
		case 0:
			enqueue(&f);
			break;
		case 1:
			dequeue(1 + fz_u8(&f) % DPF_NB_OPS);
			break;
		default:
			device(&f);
			break;
		}
		clean(__LINE__);
	}
	/* A device that behaves from now on: everything comes back. */
	dq.m.fault = VCRYPTO_MODEL_FAULT_NONE;
	dpf.never = false;
	dq.dev_status = 0;
	for (spins = 0; inflight > 0 && spins < 1000; spins++) {
		if (!dq.dev.dead) {
			vcrypto_model_fetch(&dq.m);
			vcrypto_model_complete(&dq.m, UINT32_MAX);
		}
		dequeue(DPF_NB_OPS);
		vcrypto_dev_watch(&dq.dev);
		if (spins > 10)
			ut_clock_advance_us(DP_TIMEOUT_MS * 1000 / 4);
	}
	FZ_CHECK(inflight == 0);
	clean(__LINE__);
	teardown();
	FZ_CHECK(ut_allocs_live() == 0);
	return 0;
}
