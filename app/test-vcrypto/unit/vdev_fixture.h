/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * A software virtio-crypto device at the transport level, for tests that
 * include the PMD's device code (vcrypto_recover.c, vcrypto_transport.c): the
 * status, feature and config registers behind vcrypto_pci_ops, one ring
 * model (vcrypto_model.c) per queue, a control queue that keeps a table
 * of sessions, and the data queue of dp_fixture.c, which answers INVSESS
 * for a session the device does not hold. A reset forgets every ring and
 * every session, as the standard says; knobs make it misbehave.
 */
#ifndef VDEV_FIXTURE_H
#define VDEV_FIXTURE_H

#include <stdbool.h>
#include <stdint.h>

#include <linux/virtio_crypto.h>

#include "vcrypto_model.h"

#define VD_NB_DQ	2
#define VD_NB_Q		(VD_NB_DQ + 1)	/* data queues, then control */
#define VD_CQ		VD_NB_DQ
#define VD_DQ_MAX	64
#define VD_CQ_MAX	16
#define VD_NB_SID	16

struct vdev {
	/* registers */
	uint8_t status;
	uint64_t offered;
	uint64_t acked;
	struct virtio_crypto_config cfg;	/* little endian, as read */
	struct vcrypto_model m[VD_NB_Q];
	bool q_on[VD_NB_Q];
	/* sessions the device holds; ids are never reused */
	uint64_t sid[VD_NB_SID];
	unsigned int nb_sid;
	uint64_t next_sid;
	unsigned int creates;
	unsigned int destroys;
	unsigned int bad_destroys;	/* DESTROY of an id it does not hold */
	/* knobs */
	bool gone;		/* every read all-ones */
	bool refuse_ok;		/* NEEDS_RESET right after DRIVER_OK */
	bool refuse_create;	/* control queue answers ERR to creates */
	bool cq_never;		/* control queue takes requests, no answer */
	uint32_t cipher_after_reset;	/* != 0: cipher_algo_l after a reset */
	bool reset_stuck;	/* a reset never completes (status stays) */
	unsigned int reset_reads;	/* status reads before a reset is done */
	uint16_t dq_max;	/* != 0: data queue max size */
	/* seen */
	unsigned int resets;
};

extern struct vdev vd;

/** Power on: zeroed, config and offered features of a cipher device. */
void vd_init(void);

/** Device reset: rings, sessions and status are gone (also on teardown). */
void vd_reset(void);

/** Attach hw to the device, as vcrypto_pci_init() would (probe's step). */
struct vcrypto_hw;
void vd_attach(struct vcrypto_hw *hw);

/** Whether the device holds session sid (dpf.sid_ok). */
bool vd_holds(uint64_t sid);

#endif /* VDEV_FIXTURE_H */
