/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * The virtio-crypto device proper: config space, sessions, control and data
 * request parsing. Transport-free: input is a descriptor chain as iovecs.
 */
#ifndef VD_CRYPTO_H
#define VD_CRYPTO_H

#include <stdint.h>
#include <stdbool.h>

#include "vd_engine.h"
#include "vd_vring.h"

struct vd_crypto_opts {
	const struct vd_engine *engine;
	uint32_t services;	/* bit n = service n offered */
	uint32_t max_dataqueues;
	uint32_t max_sessions;
	uint64_t max_size;
	uint64_t crypto_features;	/* device-specific feature bits 0-5 offered */
	bool no_config;		/* the driver sees no config space (session messages) */
};

struct vd_crypto;

/* Per-queue scratch buffers (a copy of the readable part, the output). */
struct vd_scratch {
	uint8_t *in;
	uint8_t *out;
	uint64_t cap;
};

struct vd_crypto *vd_crypto_new(const struct vd_crypto_opts *o);
void vd_crypto_free(struct vd_crypto *d);
/* Drop every session (device reset). */
void vd_crypto_reset(struct vd_crypto *d);
/* Negotiated features (all 64 bits); returns false when the set is invalid. */
bool vd_crypto_set_features(struct vd_crypto *d, uint64_t features);
/* The 56-byte config space. */
void vd_crypto_config(const struct vd_crypto *d, uint8_t cfg[56]);
int vd_scratch_init(struct vd_scratch *s, const struct vd_crypto *d);
void vd_scratch_fini(struct vd_scratch *s);

/*
 * Handle one request; returns the used length to report. *status gets the
 * status written (or -1 when nothing could be written).
 */
uint32_t vd_crypto_ctrl(struct vd_crypto *d, const struct vd_chain *c,
			struct vd_scratch *s, int *status);
uint32_t vd_crypto_data(struct vd_crypto *d, const struct vd_chain *c,
			struct vd_scratch *s, int *status);
/*
 * Sessions made without a control queue (vhost-user CREATE/CLOSE_CRYPTO_SESSION,
 * vd_sessmsg.c): opcode a *_CREATE_SESSION (the caller picks which ones a
 * message may carry), flf the 56-byte legacy fixed part of the control
 * request, keys its variable part. Return a virtio status
 * (VIRTIO_CRYPTO_OK: *id set); every check of the control queue applies.
 */
int vd_crypto_session_create(struct vd_crypto *d, uint32_t opcode, const uint8_t flf[56],
			     const uint8_t *keys, uint32_t keys_len, uint64_t *id);
/* Destroy session id of any service: VIRTIO_CRYPTO_OK or _ERR (not live). */
int vd_crypto_session_destroy(struct vd_crypto *d, uint64_t id);
/* Number of live sessions (tests, counters). */
unsigned int vd_crypto_live_sessions(const struct vd_crypto *d);

#endif /* VD_CRYPTO_H */
