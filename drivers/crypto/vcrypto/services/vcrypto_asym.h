/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Asymmetric service (AKCIPHER, RSA): xform to DER keys and device
 * sessions, the request builder that turns an RSA op into a data request,
 * and the completion check that bounds and copies out the result. Nothing
 * below services: no ring, and op->status is only returned, never written.
 */
#ifndef VCRYPTO_ASYM_H
#define VCRYPTO_ASYM_H

#include <stdint.h>

struct rte_crypto_asym_xform;
struct rte_crypto_op;
struct vcrypto_dev;
struct vcrypto_req;
struct vcrypto_req_akc;
struct vcrypto_req_ctx;

/** Largest RSA modulus driven: 4096 bits (bounce area, control buffer). */
#define VCRYPTO_ASYM_MOD_MAX	512
/** Smallest RSA modulus driven: 512 bits. */
#define VCRYPTO_ASYM_MOD_MIN	64

/** RSAPublicKey: SEQUENCE of two INTEGERs of up to 513 bytes. */
#define VCRYPTO_ASYM_PUB_DER_MAX	(4 + 2 * (4 + VCRYPTO_ASYM_MOD_MAX + 1))
/** RSAPrivateKey of RSA-4096 with an e as long as n, with room to spare. */
#define VCRYPTO_ASYM_PRIV_DER_MAX	4096

struct rte_crypto_rsa_xform;

/** The PKCS#1 DER keys of one RSA xform, as the device takes them. */
struct vcrypto_asym_keys {
	uint16_t mod_len;	/**< modulus bytes, leading zeros stripped */
	uint16_t pub_len;	/**< RSAPublicKey bytes */
	uint16_t priv_len;	/**< RSAPrivateKey bytes; 0: public key only */
	uint8_t pub[VCRYPTO_ASYM_PUB_DER_MAX];
	uint8_t priv[VCRYPTO_ASYM_PRIV_DER_MAX];
};

/**
 * DER-encode the keys of x into k (vcrypto_asym_key.c): RSAPublicKey
 * {n, e}, and RSAPrivateKey {0, n, e, d, p, q, dP, dQ, qInv} when x carries
 * a private key (d, which shares storage with qt.p, non-empty). DPDK 22.11
 * gives d or the quintuple, never both; d is derived from p, q and e. On
 * error k is wiped. Caller: vcrypto_asym.c and its unit test.
 * @return 0; -EINVAL modulus outside VCRYPTO_ASYM_MOD_MIN..MAX bytes, e
 *   empty or longer than the modulus, a quintuple part missing or longer
 *   than the modulus, p * q != n, no inverse of e; -ENOTSUP private key
 *   given as exponent only (RTE_RSA_KEY_TYPE_EXP), or e >= 2^32 with a
 *   private key.
 */
int vcrypto_asym_keys_encode(const struct rte_crypto_rsa_xform *x,
			     struct vcrypto_asym_keys *k);

/** Bytes of session private data vcrypto_asym_session_create() needs. */
unsigned int vcrypto_asym_session_size(void);

/**
 * Check an RSA xform, DER-encode its keys and create the device sessions
 * for PKCS#1 v1.5 (public key, and private key when one is given); other
 * padding/hash pairs get theirs on first use, from the device's watch
 * (vcrypto_asym_build(), vcrypto_asym_session_make()). The private
 * key must come as a quintuple (RTE_RSA_KEY_TYPE_QT); the private exponent
 * the DER form needs is derived from p, q and e (e below 2^32).
 * Caller: asym_session_configure, any lcore. priv: the session's private
 * data, vcrypto_asym_session_size() bytes, zeroed.
 * @return 0; -ENOTSUP not RSA, device without RSA, a private key given as
 *   an exponent only (RTE_RSA_KEY_TYPE_EXP with d), or e >= 2^32 with a
 *   private key; -EINVAL modulus outside 512..4096 bits, missing or
 *   oversized key parts, a quintuple that does not give a private
 *   exponent; errors of vcrypto_ctrl_session_create() (the device refusing
 *   a key it cannot parse says -EIO).
 */
int vcrypto_asym_session_create(struct vcrypto_dev *dev,
				const struct rte_crypto_asym_xform *xform,
				void *priv);

/**
 * Destroy every device session of priv (failures logged, not returned) and
 * wipe it, keys included. Caller: asym_session_clear, any lcore, with no
 * op of the session in flight. A priv never created is left alone.
 */
void vcrypto_asym_session_destroy(struct vcrypto_dev *dev, void *priv);

/**
 * Make the device sessions the data path asked for on priv (padding/hash
 * pairs used for the first time, or the first time since a device reset):
 * control requests, one per pair. Caller: the device's watch, which keeps
 * recovery out meanwhile; never the data path.
 * @return the control requests made.
 */
int vcrypto_asym_session_make(struct vcrypto_dev *dev, void *priv);

/**
 * Build the data request of an RSA op into ctx: header, input copied into
 * the slot's bounce area, result area, status. Never sends a control
 * request: a padding/hash pair with no device session yet (first use, or
 * first since a device reset) gives -EAGAIN and ctx->want, the session the
 * watch must complete (vcrypto_asym_session_make()); the op is left to the
 * caller meanwhile.
 * Caller: data path, the queue's lcore; sessions may be shared by lcores.
 * On failure the bounce area is wiped.
 * @return 0; -EAGAIN see above; -ENOENT no valid vcrypto asym session (or
 *   one made on another device), or the watch's last try to make the
 *   device session failed (the device is out of sessions, or failed a
 *   control request; the next op asks again); -ENOTSUP not RSA, OAEP or PSS padding, raw padding for
 *   sign/verify, a hash the standard lacks, private op on a public-only
 *   session, or the device refused the session for this padding/hash;
 *   -EINVAL lengths that do not fit the modulus or the hash, missing
 *   buffers; -E2BIG over the device's max_size or the queue's segment
 *   limit; -ENODEV the device failed (the op is not taken).
 */
int vcrypto_asym_build(struct vcrypto_dev *dev, struct rte_crypto_op *op,
		       struct vcrypto_req_ctx *ctx);

/**
 * Check the completion of an RSA op built by vcrypto_asym_build() and, on
 * success, copy the result out of the id's bounce area akc into the op's
 * output buffer and set its length; then wipe akc (plaintexts). status is
 * the data path's mapping of the device status; used_len the validated
 * used length (result bytes + 1 status byte).
 * Caller: data path, the queue's lcore.
 * @return the status the data path stores in op->status: status itself,
 *   or RTE_CRYPTO_OP_STATUS_ERROR when the device reported success with a
 *   result length the operation cannot have.
 */
uint8_t vcrypto_asym_complete(struct rte_crypto_op *op,
			      struct vcrypto_req_akc *akc,
			      uint32_t used_len, uint8_t status);

#endif /* VCRYPTO_ASYM_H */
