/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Symmetric service: xform chain -> session mode -> device session, and the
 * request builders that turn a symmetric op into a data request (header +
 * segment list), or, for runs of the common op, straight into the queue's
 * tables (vcrypto_vq_run_open(); vcrypto_sym_run.c). No op status.
 */
#ifndef VCRYPTO_SYM_H
#define VCRYPTO_SYM_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_spinlock.h>

#include "vcrypto_wire.h"

struct rte_crypto_op;
struct rte_crypto_sym_xform;
struct vcrypto_dev;
struct vcrypto_req;
struct vcrypto_req_ctx;
struct vcrypto_vq;

enum vcrypto_sym_mode {
	VCRYPTO_SYM_NONE = 0,
	VCRYPTO_SYM_CIPHER,
	VCRYPTO_SYM_CIPHER_MAC,	/**< encrypt, then MAC generate */
	VCRYPTO_SYM_MAC_CIPHER,	/**< MAC verify, then decrypt */
};

#define VCRYPTO_SYM_SESS_MAGIC 0x76637331u	/* "vcs1" */

/** Bytes of the fixed part of a symmetric CREATE_SESSION request. */
#define VCRYPTO_SYM_FIXED_LEN	56
/** Key bytes a session keeps: the longest cipher key and MAC key. */
#define VCRYPTO_SYM_KEYS_MAX	(64 + 128)

/** A CREATE_SESSION request as sent, to send again after a device reset. */
struct vcrypto_sym_create {
	uint8_t fixed[VCRYPTO_SYM_FIXED_LEN];	/**< little endian */
	uint16_t key_len[2];	/**< cipher key, MAC key (0 if none) */
	uint8_t keys[VCRYPTO_SYM_KEYS_MAX];	/**< one after the other */
};

/** Session private data (in the cryptodev session mempool). */
struct vcrypto_sym_sess {
	uint32_t magic;		/**< VCRYPTO_SYM_SESS_MAGIC once created */
	/**
	 * The device the session was made on: its session_id names a key on
	 * that device only (QEMU numbers sessions per device from 0), so the
	 * data path refuses the session on any other (INVALID_SESSION).
	 * dev_private is shared memory, at one address in every process.
	 */
	const struct vcrypto_dev *dev;
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
	/** dev->generation session_id belongs to (release-stored). */
	uint32_t generation;
	rte_spinlock_t lock;	/**< making it again: one lcore at a time */
	/**
	 * The data request prefix every op of the session starts from
	 * (opcode, algorithms, session id, fixed lengths); an op adds its
	 * data lengths. Rebuilt with session_id.
	 */
	struct virtio_crypto_op_data_req tmpl;
	/**
	 * tmpl's stamp, new with every tmpl, unique on the device: the tag of
	 * the session's runs (vcrypto_vq_run_open()). An id whose table
	 * keeps the recipe's entries under it also keeps tmpl in its request
	 * slot, which is not written again.
	 */
	uint64_t stamp;
	/** Ops of the session can be posted in runs
	 *  (vcrypto_sym_post_run()): it has an IV. */
	bool direct;
	/**
	 * Most data bytes an op may span (cipher range, or chained span)
	 * within the device's max_size: IV, source, destination and MAC
	 * bytes in all (vcrypto_sym_span(), both ways of posting).
	 */
	uint32_t direct_max;
	/** The device's chain_dst_quirk (vcrypto_caps.h), chained modes. */
	bool chain_dst_quirk;
	bool remake_logged;	/**< a failed re-creation was logged */
	struct vcrypto_sym_create req;	/**< keys inside: wiped on destroy */
};

/**
 * Whether sess's device session is one of the device's generation
 * (dev->generation), i.e. survived every reset so far. An acquire load:
 * the session_id read after it is the one made in that generation, even
 * when another lcore made it again (vcrypto_sym_session_remake()).
 */
static inline bool
vcrypto_sym_session_current(const struct vcrypto_sym_sess *sess,
			    uint32_t generation)
{
	return __atomic_load_n(&sess->generation, __ATOMIC_ACQUIRE) ==
	       generation;
}

/**
 * Whether the device refused to make sess again after its last reset
 * (vcrypto_sym_session_remake() returned -ENOENT and nothing succeeded
 * since): its ops are INVALID_SESSION. A plain load, for the data path.
 */
static inline bool
vcrypto_sym_session_refused(const struct vcrypto_sym_sess *sess)
{
	return __atomic_load_n(&sess->remake_logged, __ATOMIC_RELAXED);
}

/**
 * After a device reset (sess's generation is older than the device's):
 * send sess's CREATE_SESSION again and take the new id. Thread-safe for a
 * session shared by several lcores (lock, re-check, create).
 * Caller: the device's watch (vcrypto_recover.c), a control thread, when a
 * queue pair asks for it; never the data path (it blocks).
 * @return 0; -ENODEV the device failed (meanwhile): leave the op to the
 *   caller; -ENOENT the device refused or is out of sessions (logged once
 *   per session): the op is INVALID_SESSION.
 */
int vcrypto_sym_session_remake(struct vcrypto_dev *dev,
			       struct vcrypto_sym_sess *sess);

/**
 * Check an xform chain against the device and create the device session;
 * keep the request, to make it again after a device reset.
 * Caller: sym_session_configure, any lcore.
 * @return 0; -ENOTSUP algorithm or chain the device/PMD cannot do;
 *   -EINVAL bad key or IV length or op; errors of vcrypto_ctrl_session_create().
 */
int vcrypto_sym_session_create(struct vcrypto_dev *dev,
			       const struct rte_crypto_sym_xform *xform,
			       struct vcrypto_sym_sess *sess);

/**
 * Destroy the device session unless a reset already ended it (errors are
 * logged); sess is wiped, keys included.
 */
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
 * Can the device take a cipher-only session of this cipher with a
 * key_len-byte key? Creates and destroys a trial encrypt session, whatever
 * the cipher mask says (the mask is what the trials decide). Caller: probe.
 * @return 0 yes; negative errno of the failed create otherwise.
 */
int vcrypto_sym_probe_cipher(struct vcrypto_dev *dev, uint32_t cipher_id,
			     uint16_t key_len);

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

/**
 * Post a run of common symmetric ops of one session in place
 * (vcrypto_vq_run_open()): ops[0], ops[1], ... for as long as each is an
 * op of sess with the data in the first piece of each mbuf, and the ring
 * has room, up to max. Each request goes into reqs[id] (bus address
 * reqs_iova + id * sizeof(*reqs)) and the id's table, without a segment
 * list; what the table keeps from the last op under this id is not
 * written again. Same requests as vcrypto_sym_build() + vcrypto_vq_post(),
 * with the same cookies (vcrypto_req_cookie(), tag ORed into each).
 * Caller: data path, the queue's lcore; s is sess's private data, current
 * and direct.
 * @return ops posted. The next op (if any) is not such an op, or found
 *   the ring full or the queue broken: the general way
 *   (vcrypto_sym_build()) posts it or tells what is wrong.
 */
uint16_t vcrypto_sym_post_run(const struct vcrypto_sym_sess *s,
			      const void *sess, struct rte_crypto_op **ops,
			      uint16_t max, struct vcrypto_vq *vq,
			      struct vcrypto_req *reqs, uint64_t reqs_iova,
			      uintptr_t tag);

#endif /* VCRYPTO_SYM_H */
