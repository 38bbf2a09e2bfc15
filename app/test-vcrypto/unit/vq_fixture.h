/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * A queue wired to the device model, with per-id request memory and what
 * each posted request should come back as. Public queue API only, so any
 * test program that includes the queue's .c files can link it.
 */
#ifndef VQ_FIXTURE_H
#define VQ_FIXTURE_H

#include <stdbool.h>
#include <stdint.h>

#include "vcrypto_model.h"
#include "vcrypto_vq.h"

/** Request memory per id: 32 segments of up to 128 bytes. */
#define FX_DATA_PER_ID 4096u
#define FX_MAX_SEGLEN (FX_DATA_PER_ID / VCRYPTO_VQ_MAX_SEGS)

/** What we posted under one id. */
struct fx_req {
	struct vcrypto_vq_seg segs[VCRYPTO_VQ_MAX_SEGS];
	uint16_t nr_ro;
	uint16_t nr_wo;
	uint32_t rlen;
	uint32_t wlen;
	uint8_t pat;
	uint64_t serial;	/**< order of posting, from 0 */
	bool live;
};

struct fx {
	struct vcrypto_vq *vq;
	struct vcrypto_vq_params p;
	struct vcrypto_model m;
	bool model_up;
	uint8_t *data;
	struct fx_req *req;
	uint64_t serial;	/**< next serial */
};

extern struct fx fx;

/** Create a queue and attach the model; false (and a failure) if not. */
bool fx_up(uint16_t size, uint16_t max_segs, bool indirect, bool event_idx,
	   bool order_platform);

/** Destroy whatever fx_up made. Safe to call twice. */
void fx_down(void);

/** Device reset: reinit the queue, reset the model, forget requests. */
void fx_reset(void);

/**
 * Post nr_ro + nr_wo segments with lengths derived from shape (1..maxlen
 * bytes each), readable ones filled with a pattern, writable ones poisoned.
 * @return the id, or the queue's negative errno.
 */
int fx_post(uint16_t nr_ro, uint16_t nr_wo, uint32_t maxlen, uint32_t shape);

/** The cookie a post of the request with this serial gives the queue. */
void *fx_cookie(uint64_t serial);

/**
 * The same, written in place as a run (vcrypto_vq_run_open()) under
 * recipe tag, whose fixed entry is the first segment (1 + tag % 64
 * bytes): open for up to max requests, post count of them (or room, if
 * less), shapes shape, shape + 1, ...; *unkept as the run said (only
 * those got the fixed entry).
 * @return room, or the queue's negative errno.
 */
int fx_post_run(uint8_t tag, uint16_t nr_ro, uint16_t nr_wo, uint32_t maxlen,
		uint32_t shape, uint16_t max, uint16_t count,
		uint64_t *unkept);

/**
 * One request as a run of one; *kept: the table still held the fixed
 * entry, so it was not written.
 * @return the id, or the queue's negative errno.
 */
int fx_post_table(uint8_t tag, uint16_t nr_ro, uint16_t nr_wo,
		  uint32_t maxlen, uint32_t shape, bool *kept);

/** Check one completion against what was posted (len, echoed bytes). */
bool fx_check_cpl(const struct vcrypto_vq_cpl *c);

/** Poll up to max, check every completion; @return count, -1 on a bad one. */
int fx_poll(uint16_t max);

/** Flush, let the model run, poll everything: false on any mismatch. */
bool fx_cycle(unsigned int expect);

#endif /* VQ_FIXTURE_H */
