/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Symmetric sessions and ops built from known answers: one vector in, one
 * verdict out, with the output bytes, the status and (out of place) the
 * untouched source all checked. Moves ops only through tv_dev_process().
 */

#ifndef TV_SYM_H
#define TV_SYM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kat/kat.h"
#include "tv_dev.h"

/** Largest cipher or auth key a session is built from. */
#define TV_KEY_MAX 256

/** Direction: encrypt (auth rows: generate) or decrypt (verify). */
enum tv_dir {
	TV_ENC,
	TV_DEC,
};

enum tv_place {
	TV_INPLACE,
	TV_OOP,
};

/** One vector run one way. */
struct tv_job {
	const struct kat_row *row;
	const struct kat_vec *vec;
	enum tv_dir dir;
	enum tv_place place;
	bool bad_digest;	/**< corrupt the digest; want AUTH_FAILED */
};

/** What a session is made of; equal params, same session. */
struct tv_params {
	uint8_t kind;		/**< enum kat_kind */
	uint8_t dir;		/**< enum tv_dir */
	uint16_t cipher;
	uint16_t auth;
	uint16_t key_len;
	uint16_t akey_len;
	uint16_t iv_len;
	uint16_t digest_len;
	uint8_t key[TV_KEY_MAX];
	uint8_t akey[TV_KEY_MAX];
};

/** The last session of a case, reused while the params do not change. */
struct tv_sess_cache {
	void *sess;
	struct tv_params params;
};

/** Verdict on one vector. */
enum tv_verdict {
	TV_VEC_PASS,
	TV_VEC_FAIL,	/**< wrong answer or status; @msg says which */
	TV_VEC_ABORT,	/**< timeout or lost accounting: stop the case */
};

/**
 * Run job @j on device @d, using and refreshing session cache @c.
 * The caller has checked the vector against the capabilities.
 * Returns an enum tv_verdict; on FAIL/ABORT @msg holds the reason.
 */
enum tv_verdict tv_sym_run(struct tv_dev *d, struct tv_sess_cache *c,
		const struct tv_job *j, char *msg, size_t len);

/**
 * Drop the cached session: destroyed, or kept for good with @leak when an
 * op using it was lost (the device may still read it).
 */
void tv_sess_cache_flush(struct tv_dev *d, struct tv_sess_cache *c, bool leak);

/**
 * Create a cipher-only session. Returns it, or NULL with rte_errno set
 * (as rte_cryptodev_sym_session_create()).
 */
void *tv_sym_cipher_session(struct tv_dev *d,
		enum rte_crypto_cipher_algorithm algo, enum tv_dir dir,
		const uint8_t *key, uint16_t key_len, uint16_t iv_len);

/**
 * Build an in-place cipher op over @len bytes copied from @in into one
 * linear mbuf from @pool (the headroom shrunk to the device's minimum if
 * that is what it takes to fit), with @sess (NULL: sessionless, no xform)
 * and IV @iv. Returns the op, or NULL when a pool is empty or @len does
 * not fit.
 */
struct rte_crypto_op *tv_sym_cipher_op(struct tv_dev *d,
		struct rte_mempool *pool, void *sess, const uint8_t *in,
		uint32_t len, const struct kat_buf *iv);

/**
 * Encrypt @v's plaintext with cipher session @sess in one in-place op.
 * Returns 0 for SUCCESS with @v's ciphertext, else a negative value with
 * the reason in @why (a timeout: as tv_dev_process(), the op is then lost).
 */
int tv_sym_cipher_kat(struct tv_dev *d, void *sess, const struct kat_vec *v,
		char *why, size_t len);

/** "SUCCESS", "AUTH_FAILED", ... for an rte_crypto_op_status. */
const char *tv_status_name(uint8_t status);

#endif /* TV_SYM_H */
