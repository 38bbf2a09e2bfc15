/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * What the data-path tests share (test_dp.c, test_recover.c): a crypto
 * device's data queue as a model handler (parses each request as a device
 * would, checks its framing, applies a fake cipher, writes a status), and
 * the test's ops, sessions and mbufs built in test memory with DPDK's own
 * struct definitions. Public driver API only, so any test program that
 * includes vcrypto_dp.c and vcrypto_sym.c can link it; it also stubs the
 * asymmetric service, which these tests do not include.
 */
#ifndef DP_FIXTURE_H
#define DP_FIXTURE_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_crypto.h>
#include <rte_mbuf.h>

#include "vcrypto_model.h"
#include "vcrypto_req.h"
#include "vcrypto_vq.h"

struct vcrypto_dev;
struct vcrypto_qp;
struct vcrypto_sym_sess;
struct rte_cryptodev_sym_session;

#define DPF_NB_OPS	64
#define DPF_SEGBUF	256	/* bytes of buffer per test mbuf */
#define DPF_HEADROOM	32
#define DPF_IV_OFF	(sizeof(struct rte_crypto_op) + \
			 sizeof(struct rte_crypto_sym_op))
#define DPF_STATUS_NONE	0x100	/* device leaves the status byte alone */
#define DPF_NB_SESS	4

/** The last request the device parsed. */
struct dpf_seen {
	uint32_t nseg;
	struct vcrypto_model_seg segs[VCRYPTO_VQ_MAX_SEGS];
	uint8_t prefix[VCRYPTO_DATA_PREFIX_LEN];
	uint8_t iv[VCRYPTO_REQ_IV_MAX];
};

struct dpf {
	/* device knobs */
	int status[DPF_NB_OPS * 4];	/**< by fetch number: 0 = OK (default) */
	bool never;		/**< take requests, never complete them */
	bool len0;		/**< report used length 0 (results only) */
	/** Chained requests: the device verifies the MAC in place and
	 *  answers ERR on a mismatch, as DPDK's vhost-crypto does (default:
	 *  it writes the computed MAC over it, as the standard says). */
	bool verify_in_place;
	/** NULL, or whether the device holds this session (else INVSESS). */
	bool (*sid_ok)(uint64_t sid);
	/** NULL, or the device's watch (vcrypto_dev_watch()), run after each
	 *  dequeue of dpf_collect() as the EAL alarm would run meanwhile. */
	void (*watch)(void *arg);
	void *watch_arg;
	/* what the device saw */
	unsigned int requests;
	struct dpf_seen last;
	char error[160];
	unsigned int invsess;	/**< requests naming an unknown session */
	/* what the driver did */
	unsigned int returned[DPF_NB_OPS];	/**< times each op came back */
	unsigned int asym_builds;		/**< calls of the asym stub */
	/** The asym stub's verdict: 0 = -ENOTSUP (default), else this;
	 *  -EAGAIN names asym_want as the session to be made. */
	int asym_rc;
	void *asym_want;
	unsigned int asym_makes;		/**< watch's makes, of ... */
	void *asym_made;			/**< ... this session last */
	uint8_t src[1 << 16];
};

extern struct dpf dpf;
/** Op k is dpf_ops[k] once dpf_op(k, ...) built it. */
extern struct rte_crypto_op *dpf_ops[DPF_NB_OPS];
/** Two mbuf chains (source, destination) of up to 8 pieces. */
extern struct rte_mbuf dpf_mb[2][8];
/** AES-256 key bytes; sessions use the first key_len. */
extern const uint8_t dpf_key[32];

/** Record the device's first framing complaint in dpf.error. */
void dpf_error(const char *fmt, ...) __rte_format_printf(1, 2);

/** Forget knobs, what the device saw and what came back. */
void dpf_reset(void);

/**
 * The data queue's device side (vcrypto_model_handler_t): CIPHER session
 * request [72 R][iv R][src R...][dst W...][status 1 W].
 */
uint32_t dpf_handler(void *ctx, struct vcrypto_model *m,
		     const struct vcrypto_model_seg *segs, uint32_t nseg,
		     uint32_t wlen);

/** The fake cipher: byte k of the output. */
uint8_t dpf_cipher(uint8_t in, const uint8_t *iv, uint32_t iv_len,
		   uint32_t k);

uint32_t dpf_le32(const uint8_t *p, size_t off);
uint64_t dpf_le64(const uint8_t *p, size_t off);
bool dpf_zero(const uint8_t *p, size_t len);

/** Test session i (zeroed, ours) and its private data. */
struct rte_cryptodev_sym_session *dpf_sess(unsigned int i);
struct vcrypto_sym_sess *dpf_priv(unsigned int i);

/** Zero session i: ours, but never configured. */
void dpf_sess_blank(unsigned int i);

/** Configure session i as a cipher session on dev. @return its errno. */
int dpf_make_sess(struct vcrypto_dev *dev, unsigned int i,
		  enum rte_crypto_cipher_algorithm algo, bool enc,
		  uint16_t key_len, uint16_t iv_len);

/** Chain `which` of n mbufs with the given data lengths, patterned. */
struct rte_mbuf *dpf_chain(unsigned int which, const uint16_t *lens,
			   unsigned int n, uint8_t pat);
struct rte_mbuf *dpf_flat(unsigned int which, uint16_t len, uint8_t pat);

/** Byte off of the packet data of chain m (the test's own walk). */
uint8_t *dpf_byte(struct rte_mbuf *m, uint32_t off);

/** IV of op k (in the op's private area). */
uint8_t *dpf_iv(unsigned int k);

/** Op k: cipher over [off, off + len) of src (dst: NULL = in place). */
struct rte_crypto_op *dpf_op(unsigned int k, unsigned int sess,
			     struct rte_mbuf *src, struct rte_mbuf *dst,
			     uint32_t off, uint32_t len);

/** k of op k; DPF_NB_OPS or more for a foreign op. */
unsigned int dpf_index(const struct rte_crypto_op *op);

/**
 * Dequeue from qp until it has been quiet for three calls (a failing
 * device needs one call to notice and one more to drain), running
 * dpf.watch after each, counting what comes back per op in dpf.returned.
 * @return ops returned.
 */
unsigned int dpf_collect(struct vcrypto_qp *qp, uint16_t burst);

/** Digest buffers of the ops (phys_addr = virtual address). */
extern uint8_t dpf_digest[DPF_NB_OPS][64];

/** MAC of chained sessions made by dpf_make_chain(). */
#define DPF_MAC_LEN	16

/**
 * Configure session i as a chained session on dev: AES-CBC-128 encrypt
 * then HMAC-SHA256 generate (verify false), or HMAC-SHA256 verify then
 * decrypt (verify true); 16-byte IV, DPF_MAC_LEN-byte MAC (dev's limits
 * must allow HMAC-SHA256 with a 32-byte key). @return its errno.
 */
int dpf_make_chain(struct vcrypto_dev *dev, unsigned int i, bool verify);

/**
 * Op k of a chained session: cipher [c_off, c_off + c_len), MAC over
 * [a_off, a_off + a_len) of src, digest in dpf_digest[k].
 */
struct rte_crypto_op *dpf_chain_op(unsigned int k, unsigned int sess,
				   struct rte_mbuf *src, struct rte_mbuf *dst,
				   uint32_t c_off, uint32_t c_len,
				   uint32_t a_off, uint32_t a_len);

/** The fake MAC the device computes over len bytes (DPF_MAC_LEN out). */
void dpf_mac(const uint8_t *data, uint32_t len, uint8_t *out);

/** The fake MAC of [a_off, a_off + a_len) of chain m (the test's walk). */
void dpf_mac_of(struct rte_mbuf *m, uint32_t a_off, uint32_t a_len,
		uint8_t *out);

/** Output = fake cipher of the input over the range, rest untouched. */
bool dpf_check_output(struct rte_crypto_op *op, uint8_t src_pat);

/** Every op in [0, n) came back exactly once, none beyond. */
#define DPF_ASSERT_RETURNED_ONCE(n) do { \
	unsigned int k_; \
	for (k_ = 0; k_ < DPF_NB_OPS; k_++) \
		UT_ASSERT_EQ(dpf.returned[k_] * 1000 + k_, \
			     (k_ < (n) ? 1u : 0u) * 1000 + k_); \
} while (0)

/** enqueued = dequeued + in flight on qp, whatever happened. */
#define DPF_ASSERT_STATS_CONSISTENT(qp) do { \
	const struct rte_cryptodev_stats *st_ = &(qp)->stats; \
	if (st_->enqueued_count != st_->dequeued_count + \
	    vcrypto_vq_inflight((qp)->vq)) { \
		ut_fail(__FILE__, __LINE__, "stats: enqueued %" PRIu64 \
			" != dequeued %" PRIu64 " + in flight %u (dequeue " \
			"errors %" PRIu64 ")", st_->enqueued_count, \
			st_->dequeued_count, vcrypto_vq_inflight((qp)->vq), \
			st_->dequeue_err_count); \
		return; \
	} \
} while (0)

/** No framing error seen by the device, no ring violation by the driver. */
#define DPF_CLEAN(model) do { \
	if (dpf.error[0] != '\0') { \
		ut_fail(__FILE__, __LINE__, "device saw: %s", dpf.error); \
		return; \
	} \
	if ((model).violations != 0) { \
		ut_fail(__FILE__, __LINE__, "model: %s", (model).violation); \
		return; \
	} \
} while (0)

#endif /* DP_FIXTURE_H */
