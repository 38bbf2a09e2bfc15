/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Asymmetric service, RSA (Crypto Device / AKCIPHER). Keys go to the device
 * DER-encoded (vcrypto_asym_key.c) in legacy 56-byte session requests;
 * data requests use the legacy 72-byte prefix and bounce inputs and
 * results through the request slot. Owns the RSA session private data;
 * posts nothing itself (vcrypto_ctrl.c, vcrypto_dp.c do).
 *
 * Bounce, not DMA into the op's buffers: rte_crypto_param carries a
 * virtual address that applications (DPDK's own asym tests included) point
 * at the stack or static data, with no IOVA; an RSA op costs far more than
 * copying 512 bytes, and the device never writes the caller's memory.
 *
 * Padding: a virtio session fixes key type, padding and (PKCS#1) hash,
 * while DPDK 22.11 gives padding and hash per op. A DPDK session therefore
 * holds a small table of device sessions, indexed by key (public for
 * encrypt/verify, private for decrypt/sign) and padding variant (raw, or
 * PKCS#1 v1.5 with one hash or none). The PKCS#1/SHA-256 pair is created at
 * configure time, which also has the device judge the keys. Another
 * variant is made on its first use, but never by the data path (a control
 * request waits for the device): the op stays with the caller (enqueue
 * stops there, as on a full ring), the queue pair asks the device's watch
 * (vcrypto_recover.c), which makes it off the data path, and the outcome
 * is cached. A device reset ends them all: after a recovery each is made
 * again the same way on its first use (the DER keys are kept for that).
 * OAEP and PSS have no virtio encoding and are refused per op.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_common.h>
#include <rte_crypto.h>
#include <rte_spinlock.h>
#include <cryptodev_pmd.h>

#include "vcrypto_asym.h"
#include "vcrypto_ctrl.h"
#include "vcrypto_dev.h"
#include "vcrypto_log.h"
#include "vcrypto_req.h"
#include "vcrypto_wire.h"


#define SESS_MAGIC	0x76636131u	/* "vca1" */
/* EMSA-PKCS1-v1_5 and RSAES-PKCS1-v1_5 take 11 bytes of the modulus. */
#define PKCS1_OVERHEAD	11

_Static_assert(VCRYPTO_REQ_AKC_OUT_MAX >= VCRYPTO_ASYM_MOD_MAX,
	       "RSA result area smaller than the largest modulus");
_Static_assert(VCRYPTO_REQ_AKC_IN_MAX >= VCRYPTO_ASYM_MOD_MAX + 64,
	       "RSA input area cannot hold a signature and a SHA-512 digest");

enum key_kind { KEY_PUB = 0, KEY_PRIV = 1, NB_KEYS };

/* Padding variants: raw, then PKCS#1 v1.5 with hashes[v - 1], then PKCS#1
 * v1.5 with no hash (a message signed as it is, no DigestInfo). */
enum { VAR_RAW = 0, VAR_MD5, VAR_SHA1, VAR_SHA224, VAR_SHA256, VAR_SHA384,
       VAR_SHA512, VAR_PKCS1_NOHASH, NB_VARS };
/* Longest message signed or verified with VAR_PKCS1_NOHASH (the verify
 * input area holds a signature and at most this much after it). */
#define NOHASH_MAX	64

_Static_assert(NB_VARS <= 8, "want[] holds a bit per variant");
_Static_assert(VCRYPTO_REQ_AKC_IN_MAX >= VCRYPTO_ASYM_MOD_MAX + NOHASH_MAX,
	       "RSA input area cannot hold a signature and a message");
#define VAR_DEFAULT	VAR_SHA256

/* VAR_FAILED: the watch could not make it (timeout, no room on the
 * device): the next op fails INVALID_SESSION, the one after asks again. */
enum var_state { VAR_NONE = 0, VAR_LIVE, VAR_REFUSED, VAR_FAILED };

struct rsa_hash {
	enum rte_crypto_auth_algorithm rte;
	uint32_t virtio;	/* VIRTIO_CRYPTO_RSA_* */
	uint8_t len;		/* digest bytes */
	uint8_t prefix_len;	/* DER DigestInfo header (RFC 8017, 9.2) */
	uint8_t prefix[19];
};

/* In VAR_* order from VAR_MD5 to VAR_SHA512. */
static const struct rsa_hash hashes[VAR_SHA512] = {
	{ RTE_CRYPTO_AUTH_MD5, VIRTIO_CRYPTO_RSA_MD5, 16, 18,
	  { 0x30, 0x20, 0x30, 0x0c, 0x06, 0x08, 0x2a, 0x86, 0x48, 0x86, 0xf7,
	    0x0d, 0x02, 0x05, 0x05, 0x00, 0x04, 0x10 } },
	{ RTE_CRYPTO_AUTH_SHA1, VIRTIO_CRYPTO_RSA_SHA1, 20, 15,
	  { 0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a,
	    0x05, 0x00, 0x04, 0x14 } },
	{ RTE_CRYPTO_AUTH_SHA224, VIRTIO_CRYPTO_RSA_SHA224, 28, 19,
	  { 0x30, 0x2d, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65,
	    0x03, 0x04, 0x02, 0x04, 0x05, 0x00, 0x04, 0x1c } },
	{ RTE_CRYPTO_AUTH_SHA256, VIRTIO_CRYPTO_RSA_SHA256, 32, 19,
	  { 0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65,
	    0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20 } },
	{ RTE_CRYPTO_AUTH_SHA384, VIRTIO_CRYPTO_RSA_SHA384, 48, 19,
	  { 0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65,
	    0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30 } },
	{ RTE_CRYPTO_AUTH_SHA512, VIRTIO_CRYPTO_RSA_SHA512, 64, 19,
	  { 0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65,
	    0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40 } },
};

/* Session private data (in the asym session mempool, any process). */
struct asym_sess {
	uint32_t magic;
	/* The device the session was made on: its session ids name keys
	 * there only; ops of the session on another are INVALID_SESSION. */
	const struct vcrypto_dev *dev;
	rte_spinlock_t lock;	/* state[][], sid[][], generation, want[]:
				 * held for a few loads and stores only,
				 * never across a control request */
	uint8_t want[NB_KEYS];	/* variants (bits) the data path asked for */
	bool bad_len_logged;	/* bad_length() said it once */
	uint32_t generation;	/* dev->generation of the LIVE sessions */
	uint8_t state[NB_KEYS][NB_VARS];
	uint64_t sid[NB_KEYS][NB_VARS];
	struct vcrypto_asym_keys keys;	/* kept for variants made later */
};

unsigned int
vcrypto_asym_session_size(void)
{
	return sizeof(struct asym_sess);
}

/* --- sessions ---------------------------------------------------------- */

static int
variant_create(struct vcrypto_dev *dev, struct asym_sess *s,
	       enum key_kind key, unsigned int v, uint64_t *sid)
{
	struct virtio_crypto_akcipher_create_session_req fixed;
	struct vcrypto_ctrl_create req;
	int rc;

	memset(&fixed, 0, sizeof(fixed));
	fixed.para.algo = rte_cpu_to_le_32(VCRYPTO_AKCIPHER_RSA);
	fixed.para.keytype = rte_cpu_to_le_32(key == KEY_PRIV ?
		VIRTIO_CRYPTO_AKCIPHER_KEY_TYPE_PRIVATE :
		VIRTIO_CRYPTO_AKCIPHER_KEY_TYPE_PUBLIC);
	fixed.para.keylen = rte_cpu_to_le_32(key == KEY_PRIV ? s->keys.priv_len :
					     s->keys.pub_len);
	fixed.para.u.rsa.padding_algo = rte_cpu_to_le_32(v == VAR_RAW ?
		VIRTIO_CRYPTO_RSA_RAW_PADDING : VIRTIO_CRYPTO_RSA_PKCS1_PADDING);
	fixed.para.u.rsa.hash_algo = rte_cpu_to_le_32(v == VAR_RAW ||
		v == VAR_PKCS1_NOHASH ? VIRTIO_CRYPTO_RSA_NO_HASH :
		hashes[v - 1].virtio);
	memset(&req, 0, sizeof(req));
	req.opcode = VIRTIO_CRYPTO_AKCIPHER_CREATE_SESSION;
	req.algo = VCRYPTO_AKCIPHER_RSA;
	req.fixed = &fixed;
	req.fixed_len = sizeof(fixed);
	req.var[0] = key == KEY_PRIV ? s->keys.priv : s->keys.pub;
	req.var_len[0] = key == KEY_PRIV ? s->keys.priv_len : s->keys.pub_len;
	rc = vcrypto_ctrl_session_create(dev, &req, sid);
	/* Hashes are the device's choice; a refused key shows at configure. */
	if (rc == -ENOTSUP || rc == -EIO)
		VCRYPTO_CTRL_LOG(INFO, "%s: device refused RSA-%u %s-key "
			"session, padding %s hash %u: %d", dev->hw.name,
			s->keys.mod_len * 8, key == KEY_PRIV ? "private" : "public",
			v == VAR_RAW ? "raw" : "PKCS#1 v1.5",
			v == VAR_RAW || v == VAR_PKCS1_NOHASH ? 0 :
			hashes[v - 1].virtio, rc);
	return rc;
}

/*
 * Device sessions end with a device reset: after a recovery (the device's
 * generation moved on) the live ones are forgotten, to be made again on
 * first use like any other; refusals stay (the same device refuses the
 * same hashes). Nothing is destroyed: their ids are dead.
 */
static void
forget_stale(struct asym_sess *s, uint32_t gen)
{
	unsigned int k, v;

	if (s->generation == gen)
		return;
	for (k = 0; k < NB_KEYS; k++)
		for (v = 0; v < NB_VARS; v++)
			if (s->state[k][v] == VAR_LIVE ||
			    s->state[k][v] == VAR_FAILED)
				s->state[k][v] = VAR_NONE;
	s->generation = gen;
}

/* Outcome of a create for (key, v) made in generation gen. Lock held. */
static void
variant_settle(struct asym_sess *s, enum key_kind key, unsigned int v,
	       int rc, uint64_t sid)
{
	if (rc == 0) {
		s->sid[key][v] = sid;
		s->state[key][v] = VAR_LIVE;
	} else if (rc == -ENOTSUP || rc == -EIO) {
		s->state[key][v] = VAR_REFUSED;
	} else {
		s->state[key][v] = VAR_FAILED;	/* transient: asked again */
	}
}

/*
 * The device session for (key, v), created now: the control path's way
 * (session configure). A refusal is remembered; transient failures
 * (timeout, dead device, no room) are not.
 */
static int
variant_make(struct vcrypto_dev *dev, struct asym_sess *s, enum key_kind key,
	     unsigned int v, uint64_t *sid)
{
	int rc;

	if (key == KEY_PRIV && s->keys.priv_len == 0)
		return -ENOTSUP;
	rc = variant_create(dev, s, key, v, sid);
	rte_spinlock_lock(&s->lock);
	variant_settle(s, key, v, rc, *sid);
	rte_spinlock_unlock(&s->lock);
	return rc;
}

/*
 * The device session for (key, v) as the data path takes it: never made
 * here. One not made yet (first use, or first since a device reset) is
 * asked for: the device's watch makes it (vcrypto_asym_session_make()).
 * @return 0 and *sid; -EAGAIN asked for, the op waits; -ENOTSUP refused;
 *   -ENOENT the watch's last try failed (the next op asks again).
 */
static int
variant_use(const struct vcrypto_dev *dev, struct asym_sess *s,
	    enum key_kind key, unsigned int v, uint64_t *sid)
{
	int rc = 0;

	if (key == KEY_PRIV && s->keys.priv_len == 0)
		return -ENOTSUP;
	rte_spinlock_lock(&s->lock);
	forget_stale(s, dev->generation);
	switch (s->state[key][v]) {
	case VAR_LIVE:
		*sid = s->sid[key][v];
		break;
	case VAR_REFUSED:
		rc = -ENOTSUP;
		break;
	case VAR_FAILED:
		s->state[key][v] = VAR_NONE;
		rc = -ENOENT;
		break;
	default:
		s->want[key] |= (uint8_t)(1u << v);
		rc = -EAGAIN;
		break;
	}
	rte_spinlock_unlock(&s->lock);
	return rc;
}

int
vcrypto_asym_session_make(struct vcrypto_dev *dev, void *priv)
{
	struct asym_sess *s = priv;
	unsigned int k, v, n = 0;
	uint64_t sid = 0;
	bool todo;
	int rc;

	if (s->magic != SESS_MAGIC)
		return 0;
	for (k = 0; k < NB_KEYS; k++)
		for (v = 0; v < NB_VARS; v++) {
			rte_spinlock_lock(&s->lock);
			forget_stale(s, dev->generation);
			todo = (s->want[k] >> v & 1) &&
			       s->state[k][v] == VAR_NONE;
			s->want[k] &= (uint8_t)~(1u << v);
			rte_spinlock_unlock(&s->lock);
			if (!todo || vcrypto_dev_is_dead(dev))
				continue;
			/* Unlocked: the data path never waits for this. The
			 * generation cannot move meanwhile (the caller keeps
			 * recovery out). */
			rc = variant_create(dev, s, k, v, &sid);
			rte_spinlock_lock(&s->lock);
			variant_settle(s, k, v, rc, sid);
			rte_spinlock_unlock(&s->lock);
			n++;
		}
	return (int)n;
}

static void
sess_destroy(struct vcrypto_dev *dev, struct asym_sess *s)
{
	unsigned int k, v;
	int rc;

	for (k = 0; k < NB_KEYS; k++)
		for (v = 0; v < NB_VARS; v++) {
			if (s->state[k][v] != VAR_LIVE)
				continue;
			/* An earlier generation's: nothing is sent. */
			rc = vcrypto_ctrl_session_destroy(dev,
				VIRTIO_CRYPTO_AKCIPHER_DESTROY_SESSION,
				VCRYPTO_AKCIPHER_RSA, s->sid[k][v],
				s->generation);
			if (rc != 0 && !vcrypto_dev_is_dead(dev))
				VCRYPTO_CTRL_LOG(WARNING, "%s: destroy RSA "
					"session %" PRIu64 " failed: %d",
					dev->hw.name, s->sid[k][v], rc);
		}
	explicit_bzero(s, sizeof(*s));
}

int
vcrypto_asym_session_create(struct vcrypto_dev *dev,
			    const struct rte_crypto_asym_xform *xform,
			    void *priv)
{
	struct asym_sess *s = priv;
	uint64_t sid;
	int rc;

	memset(s, 0, sizeof(*s));
	if (xform == NULL)
		return -EINVAL;
	if (xform->next != NULL || xform->xform_type != RTE_CRYPTO_ASYM_XFORM_RSA ||
	    !((dev->lim.akcipher_mask >> VCRYPTO_AKCIPHER_RSA) & 1))
		return -ENOTSUP;
	/* TODO(#5): ECDSA sessions (standard id 2, RFC 5915 private keys,
	 * bare ECPoint public keys); no device here offers it to test. */
	rte_spinlock_init(&s->lock);
	s->generation = dev->generation;
	rc = vcrypto_asym_keys_encode(&xform->rsa, &s->keys);
	/* The device parses the keys here: a key it refuses fails now. */
	if (rc == 0)
		rc = variant_make(dev, s, KEY_PUB, VAR_DEFAULT, &sid);
	if (rc == 0 && s->keys.priv_len > 0)
		rc = variant_make(dev, s, KEY_PRIV, VAR_DEFAULT, &sid);
	/*
	 * PKCS#1 with no hash too, if the device takes it: DPDK's own tests
	 * sign a raw message and take a first enqueue that asks the watch for
	 * a session (returns 0) as a failure. A refusal is remembered (such
	 * ops are INVALID_ARGS), a transient failure is asked again later.
	 */
	if (rc == 0) {
		variant_make(dev, s, KEY_PUB, VAR_PKCS1_NOHASH, &sid);
		if (s->keys.priv_len > 0)
			variant_make(dev, s, KEY_PRIV, VAR_PKCS1_NOHASH, &sid);
	}
	if (rc != 0) {
		if (rc == -EIO)
			VCRYPTO_CTRL_LOG(NOTICE, "%s: device refused the RSA-%u "
					 "key", dev->hw.name,
					 s->keys.mod_len * 8);
		sess_destroy(dev, s);
		return rc;
	}
	s->dev = dev;
	s->magic = SESS_MAGIC;
	return 0;
}

void
vcrypto_asym_session_destroy(struct vcrypto_dev *dev, void *priv)
{
	struct asym_sess *s = priv;

	if (s->magic == SESS_MAGIC)
		sess_destroy(dev, s);
}

/* --- data requests ----------------------------------------------------- */

/* The session of an op, or NULL. */
static struct asym_sess *
op_sess(const struct rte_crypto_op *op)
{
	struct rte_cryptodev_asym_session *as = op->asym->session;
	struct asym_sess *s;

	if (op->sess_type != RTE_CRYPTO_OP_WITH_SESSION || as == NULL ||
	    as->driver_id != vcrypto_driver_id)
		return NULL;
	s = (struct asym_sess *)as->sess_private_data;
	return s->magic == SESS_MAGIC ? s : NULL;
}

/*
 * Sign/verify input: the digest and its padding variant. padding.hash names
 * the digest's hash (rte_crypto_asym.h). Without one the message is signed
 * as it is, as the openssl PMD does: a whole DigestInfo goes to the
 * device as its digest with a session of that hash (the same signature,
 * and the hashes are what devices take); any other message of up to
 * NOHASH_MAX bytes with a PKCS#1 session of no hash, which a device may
 * refuse (QEMU's builtin does: the op is then INVALID_ARGS).
 */
static int
digest_of(const struct rte_crypto_rsa_op_param *rsa, uint16_t mod_len,
	  const uint8_t **dig, uint8_t *dlen, unsigned int *v)
{
	bool no_hash = rsa->padding.hash == 0 ||
		       rsa->padding.hash == RTE_CRYPTO_AUTH_NULL;
	const struct rsa_hash *h = NULL;
	size_t len = rsa->message.length;
	unsigned int i;

	if (rsa->message.data == NULL)
		return -EINVAL;
	for (i = 0; i < RTE_DIM(hashes); i++) {
		if (no_hash) {
			if (len == (size_t)hashes[i].prefix_len + hashes[i].len &&
			    memcmp(rsa->message.data, hashes[i].prefix,
				   hashes[i].prefix_len) == 0)
				break;
		} else if (rsa->padding.hash == hashes[i].rte) {
			if (len != hashes[i].len)
				return -EINVAL;
			break;
		}
	}
	if (i == RTE_DIM(hashes) && no_hash) {
		if (len == 0 || len > NOHASH_MAX ||
		    len + PKCS1_OVERHEAD > mod_len)
			return -EINVAL;
		*dig = rsa->message.data;
		*dlen = (uint8_t)len;
		*v = VAR_PKCS1_NOHASH;
		return 0;
	}
	if (i == RTE_DIM(hashes))
		return -ENOTSUP;
	h = &hashes[i];
	if ((size_t)h->prefix_len + h->len + PKCS1_OVERHEAD > mod_len)
		return -EINVAL;
	*dig = rsa->message.data + (len - h->len);
	*dlen = h->len;
	*v = i + 1;
	return 0;
}

/* A segment at off in the slot (base ctx->iova) or bounce area (akc_iova). */
static int
add_slot_seg(struct vcrypto_req_ctx *ctx, uint64_t base, size_t off,
	     uint32_t len, bool writable)
{
	uint16_t n = ctx->nr_ro + ctx->nr_wo;

	if (n >= ctx->max_segs)
		return -E2BIG;
	ctx->segs[n].iova = base + off;
	ctx->segs[n].len = len;
	if (writable)
		ctx->nr_wo++;
	else
		ctx->nr_ro++;
	return 0;
}

/* An input buffer of 1..max bytes. */
static bool
buf_ok(const rte_crypto_param *v, size_t max)
{
	return v->data != NULL && v->length > 0 && v->length <= max;
}

/* Copy len bytes to the slot's input area at off, left-padded to width. */
static void
bounce_in(struct vcrypto_req_akc *akc, size_t off, const uint8_t *p,
	  size_t len, size_t width)
{
	memset(akc->akc_in + off, 0, width - len);
	if (len > 0)
		memcpy(akc->akc_in + off + width - len, p, len);
}

/* One request's shape, filled by the per-op checks. */
struct rsa_req {
	uint32_t opcode;
	enum key_kind key;
	unsigned int var;
	uint32_t src_len;	/* at akc_in[0] */
	uint32_t dig_len;	/* verify: digest after the signature */
	uint32_t dst_len;	/* W result, 0 for verify */
};

static int
shape_crypt(const struct asym_sess *s, const struct rte_crypto_rsa_op_param *rsa,
	    struct vcrypto_req_akc *akc, struct rsa_req *r)
{
	bool raw = rsa->padding.type == RTE_CRYPTO_RSA_PADDING_NONE;
	uint32_t k = s->keys.mod_len;

	r->var = raw ? VAR_RAW : VAR_DEFAULT;
	r->dst_len = k;
	if (rsa->op_type == RTE_CRYPTO_ASYM_OP_ENCRYPT) {
		/* Raw input is the integer itself: left-padded to k. */
		if (rsa->cipher.data == NULL ||
		    (rsa->message.data == NULL && rsa->message.length > 0) ||
		    rsa->message.length > (raw ? k : k - PKCS1_OVERHEAD))
			return -EINVAL;
		r->opcode = VIRTIO_CRYPTO_AKCIPHER_ENCRYPT;
		r->key = KEY_PUB;
		r->src_len = raw ? k : rsa->message.length;
		if (r->src_len > 0)
			bounce_in(akc, 0, rsa->message.data,
				  rsa->message.length, r->src_len);
		return 0;
	}
	if (!buf_ok(&rsa->cipher, k) || rsa->message.data == NULL)
		return -EINVAL;
	r->opcode = VIRTIO_CRYPTO_AKCIPHER_DECRYPT;
	r->key = KEY_PRIV;
	r->src_len = k;
	bounce_in(akc, 0, rsa->cipher.data, rsa->cipher.length, k);
	return 0;
}

static int
shape_sig(const struct asym_sess *s, const struct rte_crypto_rsa_op_param *rsa,
	  struct vcrypto_req_akc *akc, struct rsa_req *r)
{
	const uint8_t *dig;
	uint8_t dlen;
	int rc;

	/* Raw sessions are for encrypt/decrypt only (AKCIPHER session). */
	if (rsa->padding.type != RTE_CRYPTO_RSA_PADDING_PKCS1_5)
		return -ENOTSUP;
	rc = digest_of(rsa, s->keys.mod_len, &dig, &dlen, &r->var);
	if (rc != 0)
		return rc;
	if (rsa->op_type == RTE_CRYPTO_ASYM_OP_SIGN) {
		if (rsa->sign.data == NULL)
			return -EINVAL;
		r->opcode = VIRTIO_CRYPTO_AKCIPHER_SIGN;
		r->key = KEY_PRIV;
		r->src_len = dlen;
		r->dst_len = s->keys.mod_len;
		memcpy(akc->akc_in, dig, dlen);
		return 0;
	}
	/* Verify: R signature (k bytes), then the digest; W status only. */
	if (!buf_ok(&rsa->sign, s->keys.mod_len))
		return -EINVAL;
	r->opcode = VIRTIO_CRYPTO_AKCIPHER_VERIFY;
	r->key = KEY_PUB;
	r->src_len = s->keys.mod_len;
	r->dig_len = dlen;
	r->dst_len = 0;
	bounce_in(akc, 0, rsa->sign.data, rsa->sign.length, s->keys.mod_len);
	memcpy(akc->akc_in + s->keys.mod_len, dig, dlen);
	return 0;
}

static int
shape(const struct asym_sess *s, const struct rte_crypto_rsa_op_param *rsa,
      struct vcrypto_req_akc *akc, struct rsa_req *r)
{
	switch (rsa->padding.type) {
	case RTE_CRYPTO_RSA_PADDING_NONE:
	case RTE_CRYPTO_RSA_PADDING_PKCS1_5:
		break;
	default:
		return -ENOTSUP;	/* OAEP, PSS: no virtio encoding */
	}
	switch (rsa->op_type) {
	case RTE_CRYPTO_ASYM_OP_ENCRYPT:
	case RTE_CRYPTO_ASYM_OP_DECRYPT:
		return shape_crypt(s, rsa, akc, r);
	case RTE_CRYPTO_ASYM_OP_SIGN:
	case RTE_CRYPTO_ASYM_OP_VERIFY:
		return shape_sig(s, rsa, akc, r);
	default:
		return -EINVAL;
	}
}

/*
 * A failed session create as the data path takes it: the device refused
 * the padding/hash (INVALID_ARGS), the device failed (op left untaken),
 * or no device session could be had (INVALID_SESSION; never -ENOSPC,
 * which the data path reads as a full ring).
 */
static int
session_errno(const struct vcrypto_dev *dev, int rc)
{
	if (rc == -EIO || rc == -ENOTSUP)
		return -ENOTSUP;
	if (vcrypto_dev_is_dead(dev))
		return -ENODEV;
	return -ENOENT;
}

int
vcrypto_asym_build(struct vcrypto_dev *dev, struct rte_crypto_op *op,
		   struct vcrypto_req_ctx *ctx)
{
	struct vcrypto_req *req = ctx->req;
	struct virtio_crypto_akcipher_para *p = &req->hdr.u.akcipher_req.para;
	struct asym_sess *s = op_sess(op);
	struct rsa_req r;
	uint64_t sid;
	int rc;

	memset(&req->hdr, 0, sizeof(req->hdr));
	req->status = VCRYPTO_REQ_STATUS_UNSET;
	ctx->nr_ro = 0;
	ctx->nr_wo = 0;
	if (s == NULL || s->dev != dev)
		return -ENOENT;
	memset(&r, 0, sizeof(r));
	rc = shape(s, &op->asym->rsa, ctx->akc, &r);
	ctx->var_bytes = r.src_len + r.dig_len + r.dst_len;
	if (rc == 0 && ctx->var_bytes > dev->lim.max_size)
		rc = -E2BIG;
	if (rc == 0) {
		rc = variant_use(dev, s, r.key, r.var, &sid);
		if (rc == -EAGAIN)
			ctx->want = s;
		else if (rc != 0)
			rc = session_errno(dev, rc);
	}
	if (rc != 0) {
		/* Not posted: no plaintext stays behind in the bounce area. */
		explicit_bzero(ctx->akc, sizeof(*ctx->akc));
		return rc;
	}
	req->hdr.header.opcode = rte_cpu_to_le_32(r.opcode);
	req->hdr.header.algo = rte_cpu_to_le_32(VCRYPTO_AKCIPHER_RSA);
	req->hdr.header.session_id = rte_cpu_to_le_64(sid);
	p->src_data_len = rte_cpu_to_le_32(r.src_len);
	/* Verify: dst_data_len is the digest that follows the signature. */
	p->dst_data_len = rte_cpu_to_le_32(r.dig_len ? r.dig_len : r.dst_len);

	rc = add_slot_seg(ctx, ctx->iova, 0, VCRYPTO_DATA_PREFIX_LEN, false);
	if (rc == 0 && r.src_len > 0)
		rc = add_slot_seg(ctx, ctx->akc_iova, VCRYPTO_REQ_AKC_IN_OFF,
				  r.src_len, false);
	if (rc == 0 && r.dig_len > 0)
		rc = add_slot_seg(ctx, ctx->akc_iova,
				  VCRYPTO_REQ_AKC_IN_OFF + r.src_len,
				  r.dig_len, false);
	if (rc == 0 && r.dst_len > 0)
		rc = add_slot_seg(ctx, ctx->akc_iova, VCRYPTO_REQ_AKC_OUT_OFF,
				  r.dst_len, true);
	if (rc == 0)
		rc = add_slot_seg(ctx, ctx->iova, VCRYPTO_REQ_STATUS_OFF, 1,
				  true);
	return rc;
}

/* --- completion -------------------------------------------------------- */

/*
 * A result length the operation cannot have: ciphertexts and signatures are
 * modulus-sized, PKCS#1 plaintexts at most k - 11 bytes. Seen with QEMU 7.2
 * (nettle backend): it reports the length of the integer, so one
 * ciphertext or signature in 256 (top byte 0) comes back a byte short with
 * its last byte lost; and an empty plaintext is reported as the whole
 * buffer written. Neither can be repaired: the op fails.
 */
static uint8_t
bad_length(struct asym_sess *s, const struct rte_crypto_op *op, uint32_t got)
{
	static const char *const names[] = { "encrypt", "decrypt", "sign",
					     "verify" };

	if (!s->bad_len_logged) {
		s->bad_len_logged = true;
		VCRYPTO_DP_LOG(WARNING, "RSA-%u %s: device result of %u bytes "
			       "impossible; op failed (logged once per session)",
			       s->keys.mod_len * 8,
			       names[op->asym->rsa.op_type & 3], got);
	}
	return RTE_CRYPTO_OP_STATUS_ERROR;
}

static uint8_t
complete(struct rte_crypto_op *op, const struct vcrypto_req_akc *akc,
	 uint32_t used_len, uint8_t status)
{
	struct rte_crypto_rsa_op_param *rsa = &op->asym->rsa;
	struct asym_sess *s = op_sess(op);
	uint32_t got = used_len > 0 ? used_len - 1 : 0;

	if (status != RTE_CRYPTO_OP_STATUS_SUCCESS)
		return status;
	if (s == NULL)
		return RTE_CRYPTO_OP_STATUS_ERROR;
	switch (rsa->op_type) {
	case RTE_CRYPTO_ASYM_OP_ENCRYPT:
		if (got != s->keys.mod_len)
			return bad_length(s, op, got);
		memcpy(rsa->cipher.data, akc->akc_out, got);
		rsa->cipher.length = got;
		return status;
	case RTE_CRYPTO_ASYM_OP_SIGN:
		if (got != s->keys.mod_len)
			return bad_length(s, op, got);
		memcpy(rsa->sign.data, akc->akc_out, got);
		rsa->sign.length = got;
		return status;
	case RTE_CRYPTO_ASYM_OP_DECRYPT:
		if (got > (uint32_t)s->keys.mod_len -
		    (rsa->padding.type == RTE_CRYPTO_RSA_PADDING_NONE ? 0 :
		     PKCS1_OVERHEAD))
			return bad_length(s, op, got);
		memcpy(rsa->message.data, akc->akc_out, got);
		rsa->message.length = got;
		return status;
	case RTE_CRYPTO_ASYM_OP_VERIFY:
		return got == 0 ? status : bad_length(s, op, got);
	default:
		return RTE_CRYPTO_OP_STATUS_ERROR;
	}
}

uint8_t
vcrypto_asym_complete(struct rte_crypto_op *op, struct vcrypto_req_akc *akc,
		      uint32_t used_len, uint8_t status)
{
	uint8_t st = complete(op, akc, used_len, status);

	/*
	 * The input (an encrypt's plaintext) and the result (a decrypt's
	 * plaintext) are copied out: none stays in DMA memory until the id
	 * is used again or freed.
	 */
	explicit_bzero(akc, sizeof(*akc));
	return st;
}
