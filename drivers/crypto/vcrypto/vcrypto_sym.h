/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Symmetric service: xform chain -> session mode -> device session, and the
 * request builders that turn a symmetric op into a data request (header +
 * segment list). Nothing below services: no ring, no op status.
 */
#ifndef VCRYPTO_SYM_H
#define VCRYPTO_SYM_H

#include <stdint.h>

struct rte_crypto_op;
struct rte_crypto_sym_xform;
struct vcrypto_dev;
struct vcrypto_req;
struct vcrypto_req_ctx;

enum vcrypto_sym_mode {
	VCRYPTO_SYM_NONE = 0,
	VCRYPTO_SYM_CIPHER,
	VCRYPTO_SYM_CIPHER_MAC,	/**< encrypt, then MAC generate */
	VCRYPTO_SYM_MAC_CIPHER,	/**< MAC verify, then decrypt */
};

#define VCRYPTO_SYM_SESS_MAGIC 0x76637331u	/* "vcs1" */

/** Session private data (in the cryptodev session mempool). */
struct vcrypto_sym_sess {
	uint32_t magic;		/**< VCRYPTO_SYM_SESS_MAGIC once created */
	uint8_t mode;		/**< enum vcrypto_sym_mode */
	uint64_t session_id;	/**< device session id */
	uint32_t cipher_algo;	/**< virtio cipher id */
	uint32_t opcode;	/**< data opcode (encrypt / decrypt) */
	uint16_t iv_offset;	/**< in the op */
	uint16_t iv_len;
	uint16_t block_mask;	/**< data length & mask must be 0: block
				 * size - 1 (a power of two), 0 for stream modes */
	uint32_t mac_algo;	/**< virtio MAC id (chained modes) */
	uint16_t digest_len;	/**< MAC bytes generated or verified */
};

/**
 * Check an xform chain against the device and create the device session.
 * Caller: sym_session_configure, any lcore.
 * @return 0; -ENOTSUP algorithm or chain the device/PMD cannot do;
 *   -EINVAL bad key or IV length or op; errors of vcrypto_ctrl_session_create().
 */
int vcrypto_sym_session_create(struct vcrypto_dev *dev,
			       const struct rte_crypto_sym_xform *xform,
			       struct vcrypto_sym_sess *sess);

/** Destroy the device session (errors are logged); sess is wiped. */
void vcrypto_sym_session_destroy(struct vcrypto_dev *dev,
				 struct vcrypto_sym_sess *sess);

/**
 * Can the device take a chained cipher + MAC session with this MAC?
 * Creates and destroys a trial AES-CBC session. Caller: probe.
 * @return 0 yes; negative errno of the failed create otherwise.
 */
int vcrypto_sym_probe_mac(struct vcrypto_dev *dev, uint32_t mac_id,
			  uint16_t digest_len);

/**
 * Final status of a completed symmetric op, given the device's (mapped)
 * status: a verify checks the digest the device left in the slot.
 * Caller: data path, after the device completed the request.
 */
uint8_t vcrypto_sym_complete(struct rte_crypto_op *op,
			     const struct vcrypto_req *req, uint8_t status);

/**
 * Build the data request for a symmetric op into ctx (header, IV copy,
 * segments). Caller: data path, the queue's lcore.
 * @return 0; -EINVAL op inconsistent with its session or buffers (bad
 *   offsets/lengths, partial blocks); -E2BIG too many segments or more than
 *   the device's max_size; -ENOTSUP session mode without a builder.
 */
int vcrypto_sym_build(const struct vcrypto_dev *dev,
		      const struct vcrypto_sym_sess *sess,
		      struct rte_crypto_op *op, struct vcrypto_req_ctx *ctx);

#endif /* VCRYPTO_SYM_H */
