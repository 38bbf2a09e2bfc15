/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Per-request DMA slot of a data queue: allocated per ring id at queue
 * creation, filled by a service builder, read back by the data path only
 * for the device-written status (and result buffers). No pointers inside.
 * The symmetric part is kept small (three cache lines) because ids walk the
 * whole ring: the RSA bounce buffers live in a parallel array of their own.
 */
#ifndef VCRYPTO_REQ_H
#define VCRYPTO_REQ_H

#include <assert.h>
#include <stdalign.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <rte_common.h>
#include <rte_cryptodev.h>
#include <rte_memcpy.h>

#include "vcrypto_vq.h"
#include "vcrypto_wire.h"

#define VCRYPTO_REQ_IV_MAX	32
#define VCRYPTO_REQ_DIGEST_MAX	64
/** RSA input: a signature of up to 4096 bits followed by a digest. */
#define VCRYPTO_REQ_AKC_IN_MAX	(512 + 64)
/** RSA result: up to the modulus size (4096 bits). */
#define VCRYPTO_REQ_AKC_OUT_MAX	512
/** The status byte before the device writes it: not a valid status. */
#define VCRYPTO_REQ_STATUS_UNSET 0xff

struct vcrypto_req {
	struct virtio_crypto_op_data_req hdr;	/* R: legacy 72-byte prefix */
	uint8_t iv[VCRYPTO_REQ_IV_MAX];		/* R: IV copy */
	uint8_t digest[VCRYPTO_REQ_DIGEST_MAX];	/* W: computed digest */
	/* W: always the last writable descriptor. */
	uint8_t status;
	/* Not posted: MAC bytes a verify compares at completion (the
	 * session may be cleared while its op is in flight). */
	uint8_t mac_len;
} __rte_aligned(64);

/*
 * RSA bounce area of the same id (vcrypto_asym.c): apps hand RSA buffers
 * as plain virtual addresses, often on the stack, so they are copied.
 */
struct vcrypto_req_akc {
	uint8_t akc_in[VCRYPTO_REQ_AKC_IN_MAX];	/* R: input (sig + digest) */
	uint8_t akc_out[VCRYPTO_REQ_AKC_OUT_MAX]; /* W: RSA result */
} __rte_aligned(64);

/*
 * A data request's queue cookie (vcrypto_vq_post(), vcrypto_vq_run_post()):
 * its op, with bit 0 set when the completion needs the service's check
 * (vcrypto_sym_complete(), vcrypto_asym_complete()) and bits 1-2 naming
 * the application queue pair that posted it when several share the data
 * queue (vcrypto_dp_share.c; 0 otherwise). An op holds 64-bit fields, so
 * the low 3 bits of its address are free.
 */
#define VCRYPTO_REQ_COOKIE_OWNERS	4	/**< owners bits 1-2 name */

static_assert(alignof(struct rte_crypto_op) >= 8,
	      "the cookie's low 3 bits must be free");

/** Bits naming owner (< VCRYPTO_REQ_COOKIE_OWNERS) in a cookie. */
static inline uintptr_t
vcrypto_req_cookie_tag(unsigned int owner)
{
	return (uintptr_t)owner << 1;
}

/** tag: vcrypto_req_cookie_tag() of the posting queue pair, or 0. */
static inline void *
vcrypto_req_cookie(struct rte_crypto_op *op, bool check, uintptr_t tag)
{
	return (void *)((uintptr_t)op | (uintptr_t)check | tag);
}

static inline struct rte_crypto_op *
vcrypto_req_cookie_op(const void *cookie)
{
	return (struct rte_crypto_op *)((uintptr_t)cookie & ~(uintptr_t)7);
}

static inline bool
vcrypto_req_cookie_check(const void *cookie)
{
	return (uintptr_t)cookie & 1;
}

static inline unsigned int
vcrypto_req_cookie_owner(const void *cookie)
{
	return ((uintptr_t)cookie >> 1) & 3;
}

/*
 * The op's IV (iv_len bytes at iv_offset in the op) into the slot: the
 * common AES IV as one 16-byte move. With a constant iv_len (the runs'
 * loops) the test folds away.
 */
static __rte_always_inline void
vcrypto_req_copy_iv(struct vcrypto_req *req, struct rte_crypto_op *op,
		    uint16_t iv_offset, uint16_t iv_len)
{
	const uint8_t *iv = rte_crypto_op_ctod_offset(op, const uint8_t *,
						      iv_offset);

	if (likely(iv_len == 16))
		rte_mov16(req->iv, iv);
	else
		memcpy(req->iv, iv, iv_len);
}

#define VCRYPTO_REQ_IV_OFF	offsetof(struct vcrypto_req, iv)
#define VCRYPTO_REQ_DIGEST_OFF	offsetof(struct vcrypto_req, digest)
#define VCRYPTO_REQ_AKC_IN_OFF	offsetof(struct vcrypto_req_akc, akc_in)
#define VCRYPTO_REQ_AKC_OUT_OFF	offsetof(struct vcrypto_req_akc, akc_out)
#define VCRYPTO_REQ_STATUS_OFF	offsetof(struct vcrypto_req, status)

/** A request under construction: slot, its bus address and the segments. */
struct vcrypto_req_ctx {
	struct vcrypto_req *req;
	uint64_t iova;
	struct vcrypto_req_akc *akc;	/**< set for asymmetric ops only */
	uint64_t akc_iova;
	struct vcrypto_vq_seg segs[VCRYPTO_VQ_MAX_SEGS];
	uint16_t nr_ro;
	uint16_t nr_wo;
	uint16_t max_segs;	/**< what the queue accepts */
	uint32_t var_bytes;	/**< variable-length bytes, checked vs max_size */
	bool post;		/**< the completion needs the service's check */
	/** -EAGAIN from the asym builder: the session private data whose
	 *  device sessions the watch must make (vcrypto_asym_session_make). */
	void *want;
};

#endif /* VCRYPTO_REQ_H */
