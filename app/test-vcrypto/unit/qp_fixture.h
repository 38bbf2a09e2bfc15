/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * One queue pair over the software model, for the programs that drive the
 * data path (test_sym.c, test_dp*.c, test_soak.c, fuzz_dp.c): stubs of the
 * data path's neighbours (control queue, capabilities, transport), the
 * model as the data queue's device (its handler is dp_fixture.c's), and
 * the fixture around one queue pair (dq_up(), teardown(), ...). Public
 * driver API only: a program that includes vcrypto_dp.c, vcrypto_sym*.c,
 * vcrypto_recover.c and the queue links it. The macros use ut.h.
 */
#ifndef QP_FIXTURE_H
#define QP_FIXTURE_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include <rte_crypto.h>

#include "vcrypto_ctrl.h"
#include "vcrypto_dev.h"
#include "vcrypto_model.h"

struct vcrypto_qp;

/** Data queue size of dq_up_cbc(). */
#define DQ_SIZE		16
/** dq.dev.dp_timeout_ms after dq_up(). */
#define DP_TIMEOUT_MS	50
/** Session id the control queue stub hands out (ctl.sid after dq_up()). */
#define SID		UINT64_C(0xfeedface00c0ffee)

/** What the control queue stub was asked, and what it answers. */
struct qpf_ctl {
	int rc;			/**< create's answer */
	uint64_t sid;		/**< create's session id when rc is 0 */
	unsigned int creates;
	struct vcrypto_ctrl_create req;	/**< the last create */
	uint8_t fixed[56];
	uint8_t key[64];
	uint8_t akey[128];	/**< second key (MAC, chained sessions) */
	unsigned int destroys;
	uint32_t d_opcode;	/**< the last destroy's arguments */
	uint32_t d_algo;
	uint64_t d_sid;
};

extern struct qpf_ctl ctl;

/** The device and its one queue pair. */
struct qpf_dq {
	struct vcrypto_dev dev;
	struct vcrypto_qp *qp;
	struct vcrypto_model m;
	bool model_up;
	uint8_t dev_status;	/**< extra device status bits (NEEDS_RESET) */
	unsigned int notifies;
	unsigned int resets;
};

extern struct qpf_dq dq;

/** Tests that run the model on a thread of their own: what the reset
 *  takes (NULL: nothing, the model runs on the caller's thread). */
extern pthread_mutex_t *dq_model_lock;
/** Set by a reset under dq_model_lock: a reset device does no more DMA,
 *  so such a test's device thread stops touching the ring. */
extern bool dq_model_stopped;
/** Devarg quiet_kick_us of the next dq_up() (teardown() sets it to 0). */
extern uint32_t dq_quiet_kick_us;

/**
 * Zero dq, ctl and dpf, reset the fake clock, create queue pair 0 of
 * size entries (indirect descriptors or not) and the model behind it
 * with dp_fixture.c's handler. @return false, with a failure recorded,
 * if not.
 */
bool dq_up(bool indirect, uint16_t size);

/** Destroy what dq_up() made; ut_run()'s teardown of these tests. */
void teardown(void);

/** dpf_make_sess() on dq.dev. */
int make_sess(unsigned int i, enum rte_crypto_cipher_algorithm algo,
	      bool enc, uint16_t key_len, uint16_t iv_len);

/**
 * The start most cases share: an indirect queue of DQ_SIZE and session 0,
 * AES-CBC-128 encrypt with a 16-byte IV. false (and a failure) if not.
 */
bool dq_up_cbc(void);

/** dpf_collect() on dq.qp. */
unsigned int collect(uint16_t burst);

/** The model fetches every request posted and completes them all. */
void device_completes(void);

/** op alone is refused with status: not taken, counted, never posted. */
void check_refused(struct rte_crypto_op *op, uint8_t status,
		   unsigned int line);

#define REFUSED(op, st) do { \
	check_refused(op, st, __LINE__); \
	if (ut_failed()) \
		return; \
} while (0)

#endif /* QP_FIXTURE_H */
