/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * dpdk-test-vcrypto-asym: RSA through the public rte_cryptodev API, with
 * OpenSSL's libcrypto as the reference. Shared declarations: the device
 * under test (at_dev.c), RSA keys and the OpenSSL side (at_ossl.c), the
 * vector suites (at_cavp.c) and the generated-key suites (at_cases.c).
 */
#ifndef AT_H
#define AT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_crypto.h>
#include <rte_cryptodev.h>
#include <rte_mempool.h>

#define AT_MOD_MAX	512	/* bytes: RSA-4096 */
#define AT_LOST_MAX	64

/* --- device (at_dev.c) --------------------------------------------------- */

struct at_dev {
	uint8_t id;
	int socket;
	uint64_t timeout;	/* timer cycles per wait */
	unsigned int timeout_ms;
	struct rte_cryptodev_info info;
	struct rte_mempool *op_pool;
	struct rte_mempool *sess_pool;
	bool started;
	bool dead;		/* a wait timed out: nothing more is sent */
	unsigned int nb_lost;
	struct rte_crypto_op *lost[AT_LOST_MAX];
	/* The caller builds sign/verify input as a whole DigestInfo and
	 * leaves padding.hash unset (crypto_openssl in 22.11). */
	bool digestinfo_input;
};

/** Outcome of at_dev_run() per op. */
enum at_state {
	AT_DONE,	/* dequeued: read op->status */
	AT_REFUSED,	/* enqueue refused it: op->status says why */
	AT_LOST,	/* never came back in time: held by at_dev */
};

int at_dev_setup(struct at_dev *d, const char *driver, unsigned int timeout_ms);
void at_dev_teardown(struct at_dev *d);

/** Print the device's asymmetric capabilities and feature flags. */
void at_dev_print_caps(const struct at_dev *d);

/** The RSA capability, or NULL. */
const struct rte_cryptodev_asymmetric_xform_capability *
at_dev_rsa_cap(const struct at_dev *d);

/**
 * Enqueue ops[0..n) and dequeue them, every wait bounded by the timeout.
 * st[i] receives enum at_state. Returns 0, or -ETIMEDOUT if some op was
 * lost, -ENODEV if the device was already given up on (nothing sent).
 */
int at_dev_run(struct at_dev *d, struct rte_crypto_op **ops, unsigned int n,
	       uint8_t *st);

/** One op; returns its final status, or 0xff if lost/not sent. */
uint8_t at_dev_run1(struct at_dev *d, struct rte_crypto_op *op);

/** A fresh asymmetric op (status NOT_PROCESSED), or NULL. */
struct rte_crypto_op *at_op_new(struct at_dev *d);
/** Free an op unless at_dev holds it as lost. */
void at_op_free(struct at_dev *d, struct rte_crypto_op *op);

const char *at_status_str(uint8_t st);

/* --- device refusals seen on the wire (at_wire.c) ------------------------- */

/** Tap the log stream for the driver's record of device refusals. */
void at_wire_watch(void);
/** True once the device refused a PKCS#1 session with virtio hash id. */
bool at_wire_refused(uint32_t virtio_hash);

/* --- RSA keys and OpenSSL (at_ossl.c) ------------------------------------ */

struct at_bn {
	size_t len;
	uint8_t b[AT_MOD_MAX];
};

struct at_key {
	unsigned int bits;
	struct at_bn n, e, d, p, q, dp, dq, qinv;
	bool has_priv;		/* quintuple present */
	void *pkey;		/* EVP_PKEY for cross-checks */
};

/** Hex string to bytes (odd lengths left-padded); -1 on bad input/overflow. */
int at_hex(const char *s, uint8_t *out, size_t cap, size_t *len);

int at_key_generate(struct at_key *k, unsigned int bits);
/** Public key from n, e. */
int at_key_public(struct at_key *k, const struct at_bn *n, const struct at_bn *e);
/** Full key from n, e, d: factors n, derives the quintuple. */
int at_key_from_ned(struct at_key *k, const struct at_bn *n,
		    const struct at_bn *e, const struct at_bn *d);
void at_key_free(struct at_key *k);

/** Fill the xform: public only (EXP, no d) or private as quintuple. */
void at_key_xform(struct at_key *k, bool priv,
		  struct rte_crypto_asym_xform *x);

/** Session for k on d; NULL with *rc set when refused. */
void *at_sess_new(struct at_dev *d, struct at_key *k, bool priv, int *rc);
void at_sess_free(struct at_dev *d, void *sess);

/** Hashes by CAVP name ("SHA256"): DPDK enum, digest/DigestInfo sizes. */
struct at_hash {
	const char *name;
	enum rte_crypto_auth_algorithm rte;
	size_t len;
	size_t prefix_len;
	const uint8_t *prefix;
};
const struct at_hash *at_hash_by_name(const char *name);
/** True once the device refused a PKCS#1 session with hash h (at_wire.c). */
bool at_wire_refused_hash(const struct at_hash *h);

/** digest of msg; returns digest length. */
size_t at_digest(const struct at_hash *h, const uint8_t *msg, size_t len,
		 uint8_t *out);

/**
 * Set the op's message (and padding) for signing/verifying digest dg of h:
 * the digest with padding.hash, or a DigestInfo (into buf) without it.
 */
void at_op_set_digest(const struct at_dev *d, struct rte_crypto_op *op,
		      const struct at_hash *h, uint8_t *dg, uint8_t *buf);

int at_ossl_verify(const struct at_key *k, const struct at_hash *h,
		   const uint8_t *dg, const uint8_t *sig, size_t siglen);
int at_ossl_sign(const struct at_key *k, const struct at_hash *h,
		 const uint8_t *dg, uint8_t *sig, size_t *siglen);
int at_ossl_encrypt(const struct at_key *k, const uint8_t *m, size_t mlen,
		    uint8_t *c, size_t *clen);
int at_ossl_decrypt(const struct at_key *k, const uint8_t *c, size_t clen,
		    uint8_t *m, size_t *mlen);
void at_random(uint8_t *p, size_t n);

/* --- one op (at_ops.c) ------------------------------------------------- */

/** An op on sess of type t with PKCS#1 v1.5 padding, or NULL. */
struct rte_crypto_op *at_mk(struct at_dev *d, void *sess,
			    enum rte_crypto_asym_op_type t);
/* Each returns the op's final status (0xff: lost) and the output length. */
uint8_t at_run_encrypt(struct at_dev *d, void *sess, uint8_t *m, size_t ml,
		       uint8_t *c, size_t *cl);
uint8_t at_run_decrypt(struct at_dev *d, void *sess, uint8_t *c, size_t cl,
		       uint8_t *m, size_t *ml);
uint8_t at_run_sign(struct at_dev *d, void *sess, const struct at_hash *h,
		    uint8_t *dg, uint8_t *sig, size_t *sl);
uint8_t at_run_verify(struct at_dev *d, void *sess, const struct at_hash *h,
		      uint8_t *dg, uint8_t *sig, size_t sl);

/* --- suites ------------------------------------------------------------ */

void at_cavp_siggen(struct at_dev *d, const char *dir);
void at_cavp_sigver(struct at_dev *d, const char *dir);
void at_cases_run(struct at_dev *d, unsigned int keygen_max);
/** Negative cases on a 1024-bit key; other: a second key (may be NULL). */
void at_neg_run(struct at_dev *d, struct at_key *key, struct at_key *other);

#endif /* AT_H */
