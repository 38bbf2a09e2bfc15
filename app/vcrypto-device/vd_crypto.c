/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * virtio-crypto device side: config space, sessions, request parsing.
 * Every field is read from a private copy of the readable part, checked
 * against the standard (violations counted, see vd_log.c) and only then
 * handed to the engine.
 */
#include <stdlib.h>
#include <string.h>
#include <linux/virtio_crypto.h>

#include "vd.h"
#include "vd_crypto.h"
#include "vcrypto_wire.h"

#define CTRL_HDR	16
#define DATA_HDR	24
#define LEGACY_CTRL	56
#define LEGACY_DATA	48
#define KEY_SLACK	512	/* room for keys and headers beyond max_size */

struct vd_sess {
	bool live;
	uint32_t gen;
	uint32_t service;
	uint32_t op_type;	/* CIPHER service: 1 cipher, 2 chain */
	uint32_t algo;		/* cipher / hash / mac / aead algorithm */
	uint32_t auth_algo;	/* chain: hash or MAC algorithm */
	uint32_t hash_mode;
	uint32_t order;
	uint32_t rlen;		/* hash/MAC result length */
	uint32_t tag_len;
	uint32_t aad_len;
	bool enc;
	bool priv;		/* AKCIPHER private key */
	uint32_t p1, p2;	/* AKCIPHER padding/curve, hash */
	void *ctx;		/* cipher / digest / aead context */
	void *actx;		/* chain: digest context */
};

struct vd_crypto {
	struct vd_crypto_opts o;
	struct vd_caps caps;
	uint64_t features;
	bool rev1;
	uint32_t stateless;	/* bit = service with stateless mode negotiated */
	struct vd_sess *sess;
};

struct vd_crypto *vd_crypto_new(const struct vd_crypto_opts *o)
{
	struct vd_crypto *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	d->o = *o;
	d->sess = calloc(o->max_sessions, sizeof(*d->sess));
	if (!d->sess) {
		free(d);
		return NULL;
	}
	o->engine->caps(&d->caps);
	if (!(o->services & 1u << VCRYPTO_SERVICE_CIPHER))
		d->caps.cipher = 0;
	if (!(o->services & 1u << VCRYPTO_SERVICE_HASH))
		d->caps.hash = 0;
	if (!(o->services & 1u << VCRYPTO_SERVICE_MAC))
		d->caps.mac = 0;
	if (!(o->services & 1u << VCRYPTO_SERVICE_AEAD))
		d->caps.aead = 0;
	if (!(o->services & 1u << VCRYPTO_SERVICE_AKCIPHER))
		d->caps.akcipher = 0;
	return d;
}

static void sess_drop(struct vd_crypto *d, struct vd_sess *s)
{
	if (s->ctx)
		d->o.engine->free(s->ctx);
	if (s->actx)
		d->o.engine->free(s->actx);
	s->ctx = s->actx = NULL;
	s->live = false;
	s->gen++;
}

void vd_crypto_reset(struct vd_crypto *d)
{
	for (uint32_t i = 0; i < d->o.max_sessions; i++)
		if (d->sess[i].live)
			sess_drop(d, &d->sess[i]);
	d->features = 0;
	d->rev1 = false;
	d->stateless = 0;
}

void vd_crypto_free(struct vd_crypto *d)
{
	if (!d)
		return;
	vd_crypto_reset(d);
	free(d->sess);
	free(d);
}

unsigned int vd_crypto_live_sessions(const struct vd_crypto *d)
{
	unsigned int n = 0;

	for (uint32_t i = 0; i < d->o.max_sessions; i++)
		n += d->sess[i].live;
	return n;
}

bool vd_crypto_set_features(struct vd_crypto *d, uint64_t f)
{
	bool ok = true;

	if (f & 0x3e && !(f & 1)) {
		vd_violation(VV_FEATURES, "stateless bit(s) 0x%llx without REVISION_1",
			     (unsigned long long)(f & 0x3e));
		ok = false;
	}
	if ((f & 0xff) & ~d->o.crypto_features) {
		vd_violation(VV_FEATURES, "device bits 0x%llx not offered",
			     (unsigned long long)((f & 0xff) & ~d->o.crypto_features));
		ok = false;
	}
	d->features = f;
	d->rev1 = f & 1;
	d->stateless = d->rev1 ? (uint32_t)(f >> 1) & 0x1f : 0;
	return ok;
}

void vd_crypto_config(const struct vd_crypto *d, uint8_t cfg[56])
{
	memset(cfg, 0, 56);
	vd_put32(cfg + VCRYPTO_CFG_STATUS, VIRTIO_CRYPTO_S_HW_READY);
	vd_put32(cfg + VCRYPTO_CFG_MAX_DATAQUEUES, d->o.max_dataqueues);
	vd_put32(cfg + VCRYPTO_CFG_CRYPTO_SERVICES, d->o.services & 0x1f);
	vd_put32(cfg + VCRYPTO_CFG_CIPHER_ALGO_L, (uint32_t)d->caps.cipher);
	vd_put32(cfg + VCRYPTO_CFG_CIPHER_ALGO_H, (uint32_t)(d->caps.cipher >> 32));
	vd_put32(cfg + VCRYPTO_CFG_HASH_ALGO, d->caps.hash);
	vd_put32(cfg + VCRYPTO_CFG_MAC_ALGO_L, (uint32_t)d->caps.mac);
	vd_put32(cfg + VCRYPTO_CFG_MAC_ALGO_H, (uint32_t)(d->caps.mac >> 32));
	vd_put32(cfg + VCRYPTO_CFG_AEAD_ALGO, d->caps.aead);
	if (d->o.services & (1u << VCRYPTO_SERVICE_CIPHER | 1u << VCRYPTO_SERVICE_AEAD))
		vd_put32(cfg + VCRYPTO_CFG_MAX_CIPHER_KEY_LEN, d->caps.max_cipher_key_len);
	if (d->o.services & (1u << VCRYPTO_SERVICE_MAC | 1u << VCRYPTO_SERVICE_CIPHER))
		vd_put32(cfg + VCRYPTO_CFG_MAX_AUTH_KEY_LEN, d->caps.max_auth_key_len);
	vd_put32(cfg + VCRYPTO_CFG_AKCIPHER_ALGO, d->caps.akcipher);
	vd_put64(cfg + VCRYPTO_CFG_MAX_SIZE, d->o.max_size);
}

int vd_scratch_init(struct vd_scratch *s, const struct vd_crypto *d)
{
	s->cap = d->o.max_size + KEY_SLACK;
	s->in = malloc(s->cap);
	s->out = malloc(s->cap);
	if (!s->in || !s->out) {
		vd_scratch_fini(s);
		return -1;
	}
	return 0;
}

void vd_scratch_fini(struct vd_scratch *s)
{
	free(s->in);
	free(s->out);
	s->in = s->out = NULL;
}

/* Bytes [from, to) of p are zero? Violation otherwise. */
static bool zeros(const uint8_t *p, unsigned int from, unsigned int to, const char *what)
{
	for (unsigned int i = from; i < to; i++)
		if (p[i]) {
			vd_violation(VV_HDR_RESERVED, "%s: byte %u of the fixed part is 0x%02x",
				     what, i, p[i]);
			return false;
		}
	return true;
}

static bool svc_on(const struct vd_crypto *d, uint32_t svc)
{
	return svc < 5 && (d->o.services & 1u << svc);
}

/*
 * An algorithm or service the config space does not list. A driver that
 * read it broke a rule; one that has no config space to read (session
 * messages, --session-msgs) can only ask: NOTSUPP either way.
 */
#define unadvertised(d, ...) do { \
	if (!(d)->o.no_config) \
		vd_violation(VV_SERVICE, __VA_ARGS__); \
	else \
		VD_DBG(__VA_ARGS__); \
} while (0)

static bool mask_has64(uint64_t m, uint32_t a)
{
	return a < 64 && (m >> a & 1);
}

/* ---------------------------------------------------------------- control */

static uint32_t ctrl_natural(uint32_t opcode)
{
	switch (opcode) {
	case VIRTIO_CRYPTO_CIPHER_CREATE_SESSION: return 56;
	case VIRTIO_CRYPTO_HASH_CREATE_SESSION: return 8;
	case VIRTIO_CRYPTO_MAC_CREATE_SESSION: return 16;
	case VIRTIO_CRYPTO_AEAD_CREATE_SESSION: return 24;
	case VIRTIO_CRYPTO_AKCIPHER_CREATE_SESSION: return 56;
	default: return 8;	/* destroy */
	}
}

static uint32_t ctrl_flf_len(const struct vd_crypto *d, uint32_t opcode)
{
	return d->rev1 ? ctrl_natural(opcode) : LEGACY_CTRL;
}

static struct vd_sess *sess_alloc(struct vd_crypto *d, uint64_t *id)
{
	for (uint32_t i = 0; i < d->o.max_sessions; i++)
		if (!d->sess[i].live) {
			struct vd_sess *s = &d->sess[i];
			uint32_t gen = s->gen;

			memset(s, 0, sizeof(*s));
			s->gen = gen;
			*id = (uint64_t)gen << 32 | i;
			return s;
		}
	return NULL;
}

static struct vd_sess *sess_find(struct vd_crypto *d, uint64_t id, uint32_t svc)
{
	uint32_t i = (uint32_t)id;
	struct vd_sess *s;

	if (i >= d->o.max_sessions) {
		vd_violation(VV_SESSION, "session id 0x%llx was never created",
			     (unsigned long long)id);
		return NULL;
	}
	s = &d->sess[i];
	if (!s->live || s->gen != (uint32_t)(id >> 32)) {
		vd_violation(VV_SESSION, "session id 0x%llx is not live",
			     (unsigned long long)id);
		return NULL;
	}
	if (s->service != svc) {
		vd_violation(VV_SESSION, "session id 0x%llx belongs to service %u, request is for %u",
			     (unsigned long long)id, s->service, svc);
		return NULL;
	}
	return s;
}

/* Check a cipher algorithm/key against the table and the caps. */
static int cipher_key_check(const struct vd_crypto *d, uint32_t algo, uint32_t klen)
{
	const struct vd_cipher_info *ci = vd_cipher_info(algo);

	if (!ci || !mask_has64(d->caps.cipher, algo)) {
		unadvertised(d, "cipher algorithm %u not advertised", algo);
		return VIRTIO_CRYPTO_NOTSUPP;
	}
	if (klen > d->caps.max_cipher_key_len) {
		vd_violation(VV_MAX_SIZE, "cipher key of %u bytes > max_cipher_key_len %u",
			     klen, d->caps.max_cipher_key_len);
		return VIRTIO_CRYPTO_ERR;
	}
	if (!klen || (klen != ci->klen[0] && klen != ci->klen[1] && klen != ci->klen[2])) {
		vd_violation(VV_PARAM, "cipher %u: key length %u invalid", algo, klen);
		return VIRTIO_CRYPTO_ERR;
	}
	return VIRTIO_CRYPTO_OK;
}

static int mac_key_check(const struct vd_crypto *d, uint32_t algo, uint32_t klen,
			 uint32_t rlen)
{
	if (!vd_mac_size(algo) || !mask_has64(d->caps.mac, algo)) {
		unadvertised(d, "MAC algorithm %u not advertised", algo);
		return VIRTIO_CRYPTO_NOTSUPP;
	}
	if (klen > d->caps.max_auth_key_len) {
		vd_violation(VV_MAX_SIZE, "MAC key of %u bytes > max_auth_key_len %u",
			     klen, d->caps.max_auth_key_len);
		return VIRTIO_CRYPTO_ERR;
	}
	if (!vd_mac_klen_ok(algo, klen)) {
		vd_violation(VV_PARAM, "MAC %u: key length %u invalid", algo, klen);
		return VIRTIO_CRYPTO_ERR;
	}
	if (rlen == 0 || rlen > vd_mac_size(algo)) {
		vd_violation(VV_PARAM, "MAC %u: result length %u invalid", algo, rlen);
		return VIRTIO_CRYPTO_ERR;
	}
	return VIRTIO_CRYPTO_OK;
}

static int hash_check(const struct vd_crypto *d, uint32_t algo, uint32_t rlen)
{
	if (!vd_hash_size(algo) || algo >= 32 || !(d->caps.hash >> algo & 1)) {
		unadvertised(d, "hash algorithm %u not advertised", algo);
		return VIRTIO_CRYPTO_NOTSUPP;
	}
	if (rlen == 0 || rlen > vd_hash_size(algo)) {
		vd_violation(VV_PARAM, "hash %u: result length %u invalid", algo, rlen);
		return VIRTIO_CRYPTO_ERR;
	}
	return VIRTIO_CRYPTO_OK;
}

static int aead_check(const struct vd_crypto *d, uint32_t algo, uint32_t klen,
		      uint32_t tag)
{
	if (algo >= 32 || !(d->caps.aead >> algo & 1)) {
		unadvertised(d, "AEAD algorithm %u not advertised", algo);
		return VIRTIO_CRYPTO_NOTSUPP;
	}
	if (klen > d->caps.max_cipher_key_len) {
		vd_violation(VV_MAX_SIZE, "AEAD key of %u bytes > max_cipher_key_len", klen);
		return VIRTIO_CRYPTO_ERR;
	}
	if (!vd_aead_klen_ok(algo, klen) || !vd_aead_taglen_ok(algo, tag)) {
		vd_violation(VV_PARAM, "AEAD %u: key length %u / tag length %u invalid",
			     algo, klen, tag);
		return VIRTIO_CRYPTO_ERR;
	}
	return VIRTIO_CRYPTO_OK;
}

static bool op_ok(uint32_t op)
{
	if (op == VIRTIO_CRYPTO_OP_ENCRYPT || op == VIRTIO_CRYPTO_OP_DECRYPT)
		return true;
	vd_violation(VV_PARAM, "cipher op %u is neither ENCRYPT nor DECRYPT", op);
	return false;
}

/* Expect exactly `want` readable bytes. */
static bool r_exact(uint64_t have, uint64_t want, const char *what)
{
	if (have == want)
		return true;
	vd_violation(VV_LAYOUT, "%s: readable part is %llu bytes, fields say %llu",
		     what, (unsigned long long)have, (unsigned long long)want);
	return false;
}

static int create_session(struct vd_crypto *d, uint32_t opcode, const uint8_t *f,
			  const uint8_t *var, uint64_t var_len, uint64_t *id,
			  struct vd_sess *into)
{
	const struct vd_engine *e = d->o.engine;
	struct vd_sess tmp, *s;
	uint32_t klen = 0, aklen = 0;
	int st;

	memset(&tmp, 0, sizeof(tmp));
	switch (opcode) {
	case VIRTIO_CRYPTO_CIPHER_CREATE_SESSION:
		tmp.service = VIRTIO_CRYPTO_SERVICE_CIPHER;
		tmp.op_type = vd_le32(f + 48);
		if (!zeros(f, 52, 56, "cipher session"))
			return VIRTIO_CRYPTO_ERR;
		if (tmp.op_type == VIRTIO_CRYPTO_SYM_OP_CIPHER) {
			tmp.algo = vd_le32(f);
			klen = vd_le32(f + 4);
			if (!zeros(f, 12, 48, "cipher session") || !op_ok(vd_le32(f + 8)))
				return VIRTIO_CRYPTO_ERR;
			tmp.enc = vd_le32(f + 8) == VIRTIO_CRYPTO_OP_ENCRYPT;
		} else if (tmp.op_type == VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING) {
			tmp.order = vd_le32(f);
			tmp.hash_mode = vd_le32(f + 4);
			tmp.algo = vd_le32(f + 8);
			klen = vd_le32(f + 12);
			if (!op_ok(vd_le32(f + 16)))
				return VIRTIO_CRYPTO_ERR;
			tmp.enc = vd_le32(f + 16) == VIRTIO_CRYPTO_OP_ENCRYPT;
			tmp.auth_algo = vd_le32(f + 24);
			tmp.rlen = vd_le32(f + 28);
			tmp.aad_len = vd_le32(f + 40);
			if (!zeros(f, 20, 24, "chain session") || !zeros(f, 36, 40, "chain session") ||
			    !zeros(f, 44, 48, "chain session"))
				return VIRTIO_CRYPTO_ERR;
			if (tmp.order != VIRTIO_CRYPTO_SYM_ALG_CHAIN_ORDER_HASH_THEN_CIPHER &&
			    tmp.order != VIRTIO_CRYPTO_SYM_ALG_CHAIN_ORDER_CIPHER_THEN_HASH) {
				vd_violation(VV_PARAM, "chain order %u", tmp.order);
				return VIRTIO_CRYPTO_ERR;
			}
			if (tmp.hash_mode == VIRTIO_CRYPTO_SYM_HASH_MODE_PLAIN) {
				if (!zeros(f, 32, 36, "chain session (plain hash)"))
					return VIRTIO_CRYPTO_ERR;
				if ((st = hash_check(d, tmp.auth_algo, tmp.rlen)))
					return st;
			} else if (tmp.hash_mode == VIRTIO_CRYPTO_SYM_HASH_MODE_AUTH) {
				aklen = vd_le32(f + 32);
				if ((st = mac_key_check(d, tmp.auth_algo, aklen, tmp.rlen)))
					return st;
			} else if (tmp.hash_mode == VIRTIO_CRYPTO_SYM_HASH_MODE_NESTED) {
				return VIRTIO_CRYPTO_NOTSUPP;
			} else {
				vd_violation(VV_PARAM, "chain hash_mode %u", tmp.hash_mode);
				return VIRTIO_CRYPTO_ERR;
			}
		} else {
			vd_violation(VV_PARAM, "sym session op_type %u", tmp.op_type);
			return tmp.op_type == VIRTIO_CRYPTO_SYM_OP_NONE ?
				VIRTIO_CRYPTO_NOTSUPP : VIRTIO_CRYPTO_ERR;
		}
		if ((st = cipher_key_check(d, tmp.algo, klen)))
			return st;
		if (!r_exact(var_len, (uint64_t)klen + aklen, "cipher session"))
			return VIRTIO_CRYPTO_ERR;
		break;
	case VIRTIO_CRYPTO_HASH_CREATE_SESSION:
		tmp.service = VIRTIO_CRYPTO_SERVICE_HASH;
		tmp.algo = vd_le32(f);
		tmp.rlen = vd_le32(f + 4);
		if ((st = hash_check(d, tmp.algo, tmp.rlen)))
			return st;
		if (!r_exact(var_len, 0, "hash session"))
			return VIRTIO_CRYPTO_ERR;
		break;
	case VIRTIO_CRYPTO_MAC_CREATE_SESSION:
		tmp.service = VIRTIO_CRYPTO_SERVICE_MAC;
		tmp.algo = vd_le32(f);
		tmp.rlen = vd_le32(f + 4);
		aklen = vd_le32(f + 8);
		if (!zeros(f, 12, 16, "MAC session"))
			return VIRTIO_CRYPTO_ERR;
		if ((st = mac_key_check(d, tmp.algo, aklen, tmp.rlen)))
			return st;
		if (!r_exact(var_len, aklen, "MAC session"))
			return VIRTIO_CRYPTO_ERR;
		break;
	case VIRTIO_CRYPTO_AEAD_CREATE_SESSION:
		tmp.service = VIRTIO_CRYPTO_SERVICE_AEAD;
		tmp.algo = vd_le32(f);
		klen = vd_le32(f + 4);
		tmp.tag_len = vd_le32(f + 8);
		tmp.aad_len = vd_le32(f + 12);
		if (!zeros(f, 20, 24, "AEAD session") || !op_ok(vd_le32(f + 16)))
			return VIRTIO_CRYPTO_ERR;
		tmp.enc = vd_le32(f + 16) == VIRTIO_CRYPTO_OP_ENCRYPT;
		if ((st = aead_check(d, tmp.algo, klen, tmp.tag_len)))
			return st;
		if (!r_exact(var_len, klen, "AEAD session"))
			return VIRTIO_CRYPTO_ERR;
		break;
	case VIRTIO_CRYPTO_AKCIPHER_CREATE_SESSION: {
		uint32_t kt = vd_le32(f + 4);

		tmp.service = VCRYPTO_SERVICE_AKCIPHER;
		tmp.algo = vd_le32(f);
		klen = vd_le32(f + 8);
		tmp.p1 = vd_le32(f + 12);
		if (tmp.algo >= 32 || !(d->caps.akcipher >> tmp.algo & 1)) {
			unadvertised(d, "AKCIPHER algorithm %u not advertised", tmp.algo);
			return VIRTIO_CRYPTO_NOTSUPP;
		}
		if (kt != VIRTIO_CRYPTO_AKCIPHER_KEY_TYPE_PUBLIC &&
		    kt != VIRTIO_CRYPTO_AKCIPHER_KEY_TYPE_PRIVATE) {
			vd_violation(VV_PARAM, "AKCIPHER key_type %u", kt);
			return VIRTIO_CRYPTO_ERR;
		}
		tmp.priv = kt == VIRTIO_CRYPTO_AKCIPHER_KEY_TYPE_PRIVATE;
		if (tmp.algo == VCRYPTO_AKCIPHER_RSA) {
			tmp.p2 = vd_le32(f + 16);
			if (!zeros(f, 20, 56, "RSA session"))
				return VIRTIO_CRYPTO_ERR;
		} else if (!zeros(f, 16, 56, "ECDSA session")) {
			return VIRTIO_CRYPTO_ERR;
		}
		if (!r_exact(var_len, klen, "AKCIPHER session"))
			return VIRTIO_CRYPTO_ERR;
		break;
	}
	default:
		return VIRTIO_CRYPTO_NOTSUPP;
	}
	if (!svc_on(d, tmp.service)) {
		unadvertised(d, "session for service %u, not advertised", tmp.service);
		return VIRTIO_CRYPTO_NOTSUPP;
	}
	s = into ? into : sess_alloc(d, id);
	if (!s)
		return d->rev1 ? VIRTIO_CRYPTO_NOSPC : VIRTIO_CRYPTO_ERR;
	tmp.gen = s->gen;
	switch (tmp.service) {
	case VIRTIO_CRYPTO_SERVICE_CIPHER:
		st = e->cipher_new(tmp.algo, var, klen, tmp.enc, &tmp.ctx);
		if (!st && tmp.op_type == VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING)
			st = tmp.hash_mode == VIRTIO_CRYPTO_SYM_HASH_MODE_PLAIN ?
				e->hash_new(tmp.auth_algo, &tmp.actx) :
				e->mac_new(tmp.auth_algo, var + klen, aklen, &tmp.actx);
		break;
	case VIRTIO_CRYPTO_SERVICE_HASH:
		st = e->hash_new(tmp.algo, &tmp.ctx);
		break;
	case VIRTIO_CRYPTO_SERVICE_MAC:
		st = e->mac_new(tmp.algo, var, aklen, &tmp.ctx);
		break;
	case VCRYPTO_SERVICE_AKCIPHER:
		st = e->ak_new(tmp.algo, tmp.priv, var, klen, tmp.p1, tmp.p2, &tmp.ctx);
		break;
	default:
		st = e->aead_new(tmp.algo, var, klen, tmp.enc, &tmp.ctx);
		break;
	}
	if (st) {
		if (tmp.ctx)
			e->free(tmp.ctx);
		if (tmp.actx)
			e->free(tmp.actx);
		return st;
	}
	*s = tmp;
	s->live = true;
	return VIRTIO_CRYPTO_OK;
}

int vd_crypto_session_create(struct vd_crypto *d, uint32_t opcode,
			     const uint8_t flf[LEGACY_CTRL], const uint8_t *keys,
			     uint32_t keys_len, uint64_t *id)
{
	return create_session(d, opcode, flf, keys, keys_len, id, NULL);
}

int vd_crypto_session_destroy(struct vd_crypto *d, uint64_t id)
{
	uint32_t i = (uint32_t)id;
	struct vd_sess *s;

	/* Any service: the message names no opcode; sess_find checks the rest. */
	s = sess_find(d, id, i < d->o.max_sessions ? d->sess[i].service : 0);
	if (!s)
		return VIRTIO_CRYPTO_ERR;
	sess_drop(d, s);
	return VIRTIO_CRYPTO_OK;
}

static uint32_t ctrl_service(uint32_t opcode)
{
	return opcode >> 8;
}

uint32_t vd_crypto_ctrl(struct vd_crypto *d, const struct vd_chain *c,
			struct vd_scratch *s, int *status)
{
	uint8_t *in = s->in;
	uint32_t opcode, flf;
	uint64_t id = 0;
	int st = VIRTIO_CRYPTO_ERR;
	bool destroy;
	uint8_t out[16];

	*status = -1;
	if (c->r_len < CTRL_HDR || c->r_len > s->cap) {
		vd_violation(c->r_len < CTRL_HDR ? VV_LAYOUT : VV_MAX_SIZE,
			     "control request with %llu readable bytes",
			     (unsigned long long)c->r_len);
		goto reply_unknown;
	}
	vd_chain_read(c, 0, in, c->r_len);
	opcode = vd_le32(in);
	switch (opcode) {
	case VIRTIO_CRYPTO_CIPHER_CREATE_SESSION:
	case VIRTIO_CRYPTO_HASH_CREATE_SESSION:
	case VIRTIO_CRYPTO_MAC_CREATE_SESSION:
	case VIRTIO_CRYPTO_AEAD_CREATE_SESSION:
	case VIRTIO_CRYPTO_AKCIPHER_CREATE_SESSION:
		destroy = false;
		break;
	case VIRTIO_CRYPTO_CIPHER_DESTROY_SESSION:
	case VIRTIO_CRYPTO_HASH_DESTROY_SESSION:
	case VIRTIO_CRYPTO_MAC_DESTROY_SESSION:
	case VIRTIO_CRYPTO_AEAD_DESTROY_SESSION:
	case VIRTIO_CRYPTO_AKCIPHER_DESTROY_SESSION:
		destroy = true;
		break;
	default:
		vd_violation(VV_OPCODE, "control opcode 0x%x", opcode);
		/* The result layout is unknown: answer like a create if it fits. */
		st = VIRTIO_CRYPTO_NOTSUPP;
		goto reply_unknown;
	}
	if (destroy ? c->w_len != 1 : c->w_len != 16) {
		vd_violation(VV_LAYOUT, "control opcode 0x%x: writable part %llu bytes, want %u",
			     opcode, (unsigned long long)c->w_len, destroy ? 1 : 16);
		st = VIRTIO_CRYPTO_ERR;
		goto reply_unknown;
	}
	flf = ctrl_flf_len(d, opcode);
	if (c->r_len < CTRL_HDR + flf) {
		vd_violation(VV_LAYOUT, "control opcode 0x%x: %llu readable bytes < prefix %u",
			     opcode, (unsigned long long)c->r_len, CTRL_HDR + flf);
		st = VIRTIO_CRYPTO_ERR;
		goto reply;
	}
	if (vd_le32(in + 12)) {
		vd_violation(VV_HDR_RESERVED, "control header reserved = 0x%x", vd_le32(in + 12));
		st = VIRTIO_CRYPTO_ERR;
		goto reply;
	}
	if (!svc_on(d, ctrl_service(opcode))) {
		vd_violation(VV_SERVICE, "control opcode 0x%x for a service not advertised",
			     opcode);
		st = VIRTIO_CRYPTO_NOTSUPP;
		goto reply;
	}
	if (destroy) {
		struct vd_sess *ss;

		if (!zeros(in + CTRL_HDR, 8, flf, "destroy session") ||
		    !r_exact(c->r_len, CTRL_HDR + flf, "destroy session")) {
			st = VIRTIO_CRYPTO_ERR;
			goto reply;
		}
		ss = sess_find(d, vd_le64(in + CTRL_HDR), ctrl_service(opcode));
		if (!ss) {
			st = VIRTIO_CRYPTO_ERR;
			goto reply;
		}
		sess_drop(d, ss);
		st = VIRTIO_CRYPTO_OK;
		goto reply;
	}
	if (!d->rev1 && !zeros(in + CTRL_HDR, ctrl_natural(opcode),
			     LEGACY_CTRL, "session create (legacy padding)")) {
		st = VIRTIO_CRYPTO_ERR;
		goto reply;
	}
	st = create_session(d, opcode, in + CTRL_HDR, in + CTRL_HDR + flf,
			    c->r_len - CTRL_HDR - flf, &id, NULL);
reply:
	*status = st;
	if (destroy) {
		out[0] = (uint8_t)st;
		vd_chain_write(c, 0, out, 1);
		return 1;
	}
	memset(out, 0, sizeof(out));
	if (st == VIRTIO_CRYPTO_OK)
		vd_put64(out, id);
	vd_put32(out + 8, (uint32_t)st);
	vd_chain_write(c, 0, out, 16);
	return 16;
reply_unknown:
	if (c->w_len >= 16) {
		memset(out, 0, sizeof(out));
		vd_put32(out + 8, (uint32_t)st);
		vd_chain_write(c, 0, out, 16);
		*status = st;
		return 16;
	}
	if (c->w_len >= 1) {
		out[0] = (uint8_t)st;
		vd_chain_write(c, c->w_len - 1, out, 1);
		*status = st;
		return (uint32_t)c->w_len;
	}
	return 0;
}

/* ------------------------------------------------------------------- data */

static uint32_t data_flf_len(const struct vd_crypto *d, uint32_t svc)
{
	static const uint32_t natural[] = { 48, 8, 8, 24, 8 };
	static const uint32_t stateless[] = { 76, 16, 16, 32, 28 };

	if (!d->rev1)
		return LEGACY_DATA;
	if (d->stateless >> svc & 1)
		return stateless[svc];
	return natural[svc];
}

/*
 * A data request reduced to its fields, whatever the layout (legacy,
 * REVISION_1 session mode, stateless): lengths and pointers into the copy
 * of the readable part.
 */
struct dparams {
	uint32_t op_type;	/* CIPHER service: 1 cipher, 2 chain */
	uint32_t iv_len, src, dst, aad, rlen, tag;
	uint32_t cs, cl, hs, hl;	/* chain offsets */
	const uint8_t *iv, *sp, *ap;
};

struct dreq {
	struct vd_crypto *d;
	const struct vd_chain *c;
	struct vd_scratch *s;
	uint32_t opcode;
	uint64_t out_len;	/* bytes of s->out produced (before status) */
	bool ak;		/* AKCIPHER: produced length may be short */
};

/*
 * Writable part: the fields' outputs, then the status byte (always the last
 * byte). A longer writable part is served (output at the start, status
 * last) and counted as slack; a shorter one is an error.
 */
static bool w_exact(const struct dreq *q, uint64_t want, const char *what)
{
	if (q->c->w_len == want + 1)
		return true;
	if (q->c->w_len > want + 1) {
		vd_violation(VV_SLACK, "%s: writable part is %llu bytes, fields say %llu + status",
			     what, (unsigned long long)q->c->w_len, (unsigned long long)want);
		return true;
	}
	vd_violation(VV_LAYOUT, "%s: writable part is %llu bytes, fields say %llu + status",
		     what, (unsigned long long)q->c->w_len, (unsigned long long)want);
	return false;
}

/* Readable variable part of a data request: at least the fields; more is slack. */
static bool r_data(uint64_t have, uint64_t want, const char *what)
{
	if (have == want)
		return true;
	if (have > want) {
		vd_violation(VV_SLACK, "%s: readable part is %llu bytes, fields say %llu",
			     what, (unsigned long long)have, (unsigned long long)want);
		return true;
	}
	return r_exact(have, want, what);
}

static bool size_ok(const struct vd_crypto *d, uint64_t var)
{
	if (var <= d->o.max_size)
		return true;
	vd_violation(VV_MAX_SIZE, "variable part %llu bytes > max_size %llu",
		     (unsigned long long)var, (unsigned long long)d->o.max_size);
	return false;
}

static int run_cipher(struct dreq *q, struct vd_sess *ss, const struct dparams *p)
{
	const struct vd_engine *e = q->d->o.engine;
	const struct vd_cipher_info *ci = vd_cipher_info(ss->algo);
	uint8_t *out = q->s->out;
	int st;

	if (p->op_type != ss->op_type) {
		vd_violation(VV_PARAM, "data op_type %u, session op_type %u", p->op_type,
			     ss->op_type);
		return VIRTIO_CRYPTO_ERR;
	}
	if ((q->opcode == VIRTIO_CRYPTO_CIPHER_ENCRYPT) != ss->enc) {
		vd_violation(VV_PARAM, "opcode 0x%x on a session created for %s", q->opcode,
			     ss->enc ? "ENCRYPT" : "DECRYPT");
		return VIRTIO_CRYPTO_ERR;
	}
	if (p->op_type == VIRTIO_CRYPTO_SYM_OP_CIPHER) {
		if (!w_exact(q, p->dst, "cipher data") ||
		    !size_ok(q->d, (uint64_t)p->iv_len + p->src + p->dst))
			return VIRTIO_CRYPTO_ERR;
		if (p->dst != p->src || p->iv_len != ci->ivlen || p->src % ci->block ||
		    p->src < ci->min_len) {
			vd_violation(VV_PARAM, "cipher %u: iv_len %u src %u dst %u",
				     ss->algo, p->iv_len, p->src, p->dst);
			return VIRTIO_CRYPTO_ERR;
		}
		q->out_len = p->dst;
		return e->cipher_run(ss->ctx, p->iv, p->iv_len, p->sp, out, p->src);
	}
	if (!w_exact(q, (uint64_t)p->dst + p->rlen, "chain data") ||
	    !size_ok(q->d, (uint64_t)p->iv_len + p->src + p->aad + p->dst + p->rlen))
		return VIRTIO_CRYPTO_ERR;
	if (p->dst != p->src || p->iv_len != ci->ivlen || p->rlen != ss->rlen ||
	    (uint64_t)p->cs + p->cl > p->src || (uint64_t)p->hs + p->hl > p->src ||
	    p->cl % ci->block || (p->cl && p->cl < ci->min_len)) {
		vd_violation(VV_PARAM, "chain: iv %u src %u dst %u cipher %u+%u hash %u+%u result %u",
			     p->iv_len, p->src, p->dst, p->cs, p->cl, p->hs, p->hl, p->rlen);
		return VIRTIO_CRYPTO_ERR;
	}
	memcpy(out, p->sp, p->src);
	if (ss->order == VIRTIO_CRYPTO_SYM_ALG_CHAIN_ORDER_HASH_THEN_CIPHER) {
		/* authenticate the source, then cipher (decrypt + verify) */
		st = e->digest_run(ss->actx, p->sp + p->hs, p->hl, out + p->dst, p->rlen);
		if (!st && p->cl)
			st = e->cipher_run(ss->ctx, p->iv, p->iv_len, p->sp + p->cs,
					   out + p->cs, p->cl);
	} else {
		/* cipher, then authenticate the output (encrypt + MAC) */
		st = p->cl ? e->cipher_run(ss->ctx, p->iv, p->iv_len, p->sp + p->cs,
					   out + p->cs, p->cl) : 0;
		if (!st)
			st = e->digest_run(ss->actx, out + p->hs, p->hl, out + p->dst, p->rlen);
	}
	q->out_len = (uint64_t)p->dst + p->rlen;
	return st;
}

static int run_digest(struct dreq *q, struct vd_sess *ss, const struct dparams *p)
{
	if (!w_exact(q, p->rlen, "hash/MAC data") || !size_ok(q->d, (uint64_t)p->src + p->rlen))
		return VIRTIO_CRYPTO_ERR;
	if (p->rlen != ss->rlen) {
		vd_violation(VV_PARAM, "hash_result_len %u, session says %u", p->rlen, ss->rlen);
		return VIRTIO_CRYPTO_ERR;
	}
	q->out_len = p->rlen;
	return q->d->o.engine->digest_run(ss->ctx, p->sp, p->src, q->s->out, p->rlen);
}

static int run_aead(struct dreq *q, struct vd_sess *ss, const struct dparams *p)
{
	bool enc = q->opcode == VIRTIO_CRYPTO_AEAD_ENCRYPT;
	uint32_t tag = p->tag;

	if (!w_exact(q, p->dst, "AEAD data") ||
	    !size_ok(q->d, (uint64_t)p->iv_len + p->src + p->aad + p->dst))
		return VIRTIO_CRYPTO_ERR;
	if (enc != ss->enc) {
		vd_violation(VV_PARAM, "opcode 0x%x on an AEAD session created for %s",
			     q->opcode, ss->enc ? "ENCRYPT" : "DECRYPT");
		return VIRTIO_CRYPTO_ERR;
	}
	if (tag != ss->tag_len || !vd_aead_ivlen_ok(ss->algo, p->iv_len) ||
	    (enc ? (uint64_t)p->dst < (uint64_t)p->src + tag :
	     (p->src < tag || p->dst < p->src - tag))) {
		vd_violation(VV_PARAM, "AEAD %u: iv %u aad %u src %u dst %u tag %u (session tag %u)",
			     ss->algo, p->iv_len, p->aad, p->src, p->dst, tag, ss->tag_len);
		return VIRTIO_CRYPTO_ERR;
	}
	memset(q->s->out, 0, p->dst);
	q->out_len = p->dst;
	return q->d->o.engine->aead_run(ss->ctx, p->iv, p->iv_len, p->ap, p->aad, p->sp,
					enc ? p->src : p->src - tag, q->s->out, tag);
}

static int run_ak(struct dreq *q, struct vd_sess *ss, const struct dparams *p)
{
	uint32_t op = q->opcode & 0xff, olen = 0;
	int st;

	if (!w_exact(q, op == 3 ? 0 : p->dst, "AKCIPHER data") ||
	    !size_ok(q->d, (uint64_t)p->src + p->dst))
		return VIRTIO_CRYPTO_ERR;
	if ((op == 1 || op == 2) && !ss->priv) {
		vd_violation(VV_PARAM, "AKCIPHER %s with a public-key session",
			     op == 1 ? "decrypt" : "sign");
		return VIRTIO_CRYPTO_ERR;
	}
	if (ss->algo == VCRYPTO_AKCIPHER_ECDSA && op < 2) {
		vd_violation(VV_PARAM, "ECDSA has no encrypt/decrypt");
		return VIRTIO_CRYPTO_NOTSUPP;
	}
	st = q->d->o.engine->ak_run(ss->ctx, op, p->sp, p->src, p->ap, op == 3 ? p->dst : 0,
				    q->s->out, op == 3 ? 0 : p->dst, &olen);
	q->out_len = olen;
	q->ak = true;
	return st;
}

/*
 * Session-mode fixed part (legacy or REVISION_1) -> dparams. vlf holds
 * vlen bytes. false = layout violation (logged).
 */
static bool parse_session(uint32_t svc, uint32_t opcode, const uint8_t *f,
			  const uint8_t *v, uint64_t vlen, struct dparams *p)
{
	uint64_t want;

	memset(p, 0, sizeof(*p));
	switch (svc) {
	case VIRTIO_CRYPTO_SERVICE_CIPHER:
		p->op_type = vd_le32(f + 40);
		p->iv_len = vd_le32(f);
		p->src = vd_le32(f + 4);
		p->dst = vd_le32(f + 8);
		if (!zeros(f, 44, 48, "sym data"))
			return false;
		if (p->op_type == VIRTIO_CRYPTO_SYM_OP_CIPHER) {
			if (!zeros(f, 12, 40, "cipher data"))
				return false;
		} else if (p->op_type == VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING) {
			p->cs = vd_le32(f + 12);
			p->cl = vd_le32(f + 16);
			p->hs = vd_le32(f + 20);
			p->hl = vd_le32(f + 24);
			p->aad = vd_le32(f + 28);
			p->rlen = vd_le32(f + 32);
			if (!zeros(f, 36, 40, "chain data"))
				return false;
		} else {
			vd_violation(VV_PARAM, "sym data op_type %u", p->op_type);
			return false;
		}
		want = (uint64_t)p->iv_len + p->src + p->aad;
		p->iv = v;
		p->sp = v + p->iv_len;
		p->ap = p->sp + p->src;
		break;
	case VIRTIO_CRYPTO_SERVICE_HASH:
	case VIRTIO_CRYPTO_SERVICE_MAC:
		p->src = vd_le32(f);
		p->rlen = vd_le32(f + 4);
		want = p->src;
		p->sp = v;
		break;
	case VCRYPTO_SERVICE_AKCIPHER:
		p->src = vd_le32(f);
		p->dst = vd_le32(f + 4);
		p->sp = v;
		p->ap = v + p->src;
		/* verify: signature, then the signed data (dst_data_len bytes) */
		want = opcode == VIRTIO_CRYPTO_AKCIPHER_VERIFY ?
			(uint64_t)p->src + p->dst : p->src;
		break;
	default:
		p->iv_len = vd_le32(f);
		p->aad = vd_le32(f + 4);
		p->src = vd_le32(f + 8);
		p->dst = vd_le32(f + 12);
		p->tag = vd_le32(f + 16);
		if (!zeros(f, 20, 24, "AEAD data"))
			return false;
		want = (uint64_t)p->iv_len + p->src + p->aad;
		p->iv = v;
		p->sp = v + p->iv_len;
		p->ap = p->sp + p->src;
		break;
	}
	return r_data(vlen, want, "data request");
}

/*
 * Stateless fixed part -> a temporary session (built with the same checks
 * as a create) + dparams. With flag = SESSION_MODE the same layout carries
 * zero key lengths and the session's parameters are used instead.
 */
static int parse_stateless(struct vd_crypto *d, uint32_t svc, bool session,
			   const uint8_t *f, const uint8_t *v, uint64_t vlen,
			   struct dparams *p, struct vd_sess *tmp)
{
	uint8_t cf[56];
	uint32_t copc, k1 = 0, k2 = 0;
	uint64_t want, id;
	int st;

	memset(p, 0, sizeof(*p));
	memset(cf, 0, sizeof(cf));
	switch (svc) {
	case VIRTIO_CRYPTO_SERVICE_CIPHER:
		copc = VIRTIO_CRYPTO_CIPHER_CREATE_SESSION;
		p->op_type = vd_le32(f + 72);
		vd_put32(cf + 48, p->op_type);
		if (p->op_type == VIRTIO_CRYPTO_SYM_OP_CIPHER) {
			k1 = vd_le32(f + 4);
			memcpy(cf, f, 12);	/* algo, key_len, op */
			p->iv_len = vd_le32(f + 12);
			p->src = vd_le32(f + 16);
			p->dst = vd_le32(f + 20);
			if (!zeros(f, 24, 72, "stateless cipher"))
				return VIRTIO_CRYPTO_ERR;
			want = (uint64_t)k1 + p->iv_len + p->src;
			p->iv = v + k1;
			p->sp = p->iv + p->iv_len;
		} else if (p->op_type == VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING) {
			k1 = vd_le32(f + 12);
			k2 = vd_le32(f + 24);
			vd_put32(cf, vd_le32(f));		/* order */
			vd_put32(cf + 4, vd_le32(f + 28));	/* hash_mode */
			memcpy(cf + 8, f + 8, 12);		/* cipher algo, key_len, op */
			vd_put32(cf + 24, vd_le32(f + 20));	/* hash/MAC algo */
			vd_put32(cf + 28, vd_le32(f + 64));	/* result length */
			vd_put32(cf + 32, k2);
			vd_put32(cf + 40, vd_le32(f + 4));	/* aad_len */
			p->iv_len = vd_le32(f + 32);
			p->src = vd_le32(f + 36);
			p->dst = vd_le32(f + 40);
			p->cs = vd_le32(f + 44);
			p->cl = vd_le32(f + 48);
			p->hs = vd_le32(f + 52);
			p->hl = vd_le32(f + 56);
			p->aad = vd_le32(f + 60);
			p->rlen = vd_le32(f + 64);
			if (!zeros(f, 68, 72, "stateless chain"))
				return VIRTIO_CRYPTO_ERR;
			if (p->aad != vd_le32(f + 4)) {
				vd_violation(VV_PARAM, "stateless chain: aad_len %u and %u differ",
					     vd_le32(f + 4), p->aad);
				return VIRTIO_CRYPTO_ERR;
			}
			want = (uint64_t)k1 + k2 + p->iv_len + p->aad + p->src;
			p->iv = v + k1 + k2;
			p->ap = p->iv + p->iv_len;
			p->sp = p->ap + p->aad;
		} else {
			vd_violation(VV_PARAM, "stateless sym op_type %u", p->op_type);
			return VIRTIO_CRYPTO_ERR;
		}
		break;
	case VIRTIO_CRYPTO_SERVICE_HASH:
		copc = VIRTIO_CRYPTO_HASH_CREATE_SESSION;
		p->src = vd_le32(f + 4);
		p->rlen = vd_le32(f + 8);
		vd_put32(cf, vd_le32(f));
		vd_put32(cf + 4, p->rlen);
		if (!zeros(f, 12, 16, "stateless hash"))
			return VIRTIO_CRYPTO_ERR;
		want = p->src;
		p->sp = v;
		break;
	case VIRTIO_CRYPTO_SERVICE_MAC:
		copc = VIRTIO_CRYPTO_MAC_CREATE_SESSION;
		k1 = vd_le32(f + 4);
		p->src = vd_le32(f + 8);
		p->rlen = vd_le32(f + 12);
		vd_put32(cf, vd_le32(f));
		vd_put32(cf + 4, p->rlen);
		vd_put32(cf + 8, k1);
		want = (uint64_t)k1 + p->src;
		p->sp = v + k1;
		break;
	default:
		copc = VIRTIO_CRYPTO_AEAD_CREATE_SESSION;
		k1 = vd_le32(f + 4);
		p->iv_len = vd_le32(f + 12);
		p->tag = vd_le32(f + 16);
		p->aad = vd_le32(f + 20);
		p->src = vd_le32(f + 24);
		p->dst = vd_le32(f + 28);
		vd_put32(cf, vd_le32(f));
		vd_put32(cf + 4, k1);
		vd_put32(cf + 8, p->tag);
		vd_put32(cf + 12, p->aad);
		vd_put32(cf + 16, vd_le32(f + 8));
		want = (uint64_t)k1 + p->iv_len + p->src + p->aad;
		p->iv = v + k1;
		p->sp = p->iv + p->iv_len;
		p->ap = p->sp + p->src;
		break;
	}
	if (!r_data(vlen, want, "stateless-layout request"))
		return VIRTIO_CRYPTO_ERR;
	if (session) {
		if (k1 || k2) {
			vd_violation(VV_LAYOUT, "session request in the stateless layout with keys");
			return VIRTIO_CRYPTO_ERR;
		}
		return VIRTIO_CRYPTO_OK;
	}
	memset(tmp, 0, sizeof(*tmp));
	st = create_session(d, copc, cf, v, (uint64_t)k1 + k2, &id, tmp);
	return st;
}

static int ctx_free_tmp(struct vd_crypto *d, struct vd_sess *t)
{
	if (t->ctx)
		d->o.engine->free(t->ctx);
	if (t->actx)
		d->o.engine->free(t->actx);
	t->ctx = t->actx = NULL;
	return 0;
}

uint32_t vd_crypto_data(struct vd_crypto *d, const struct vd_chain *c,
			struct vd_scratch *s, int *status)
{
	struct dreq q = { .d = d, .c = c, .s = s };
	struct dparams p;
	struct vd_sess tmp, *ss = NULL;
	uint8_t *in = s->in;
	uint32_t svc, flf, flag;
	bool stateless_layout, session = true;
	const uint8_t *f, *v;
	uint64_t vlen;
	int st = VIRTIO_CRYPTO_ERR;

	memset(&tmp, 0, sizeof(tmp));
	*status = -1;
	if (c->w_len == 0) {
		vd_violation(VV_LAYOUT, "data request without a writable status byte");
		return 0;
	}
	if (c->r_len > s->cap || c->w_len > s->cap) {
		vd_violation(VV_MAX_SIZE, "data request %llu+%llu bytes beyond max_size",
			     (unsigned long long)c->r_len, (unsigned long long)c->w_len);
		goto done;
	}
	if (c->r_len < DATA_HDR) {
		vd_violation(VV_LAYOUT, "data request with %llu readable bytes",
			     (unsigned long long)c->r_len);
		goto done;
	}
	vd_chain_read(c, 0, in, c->r_len);
	q.opcode = vd_le32(in);
	svc = q.opcode >> 8;
	switch (q.opcode) {
	case VIRTIO_CRYPTO_CIPHER_ENCRYPT:
	case VIRTIO_CRYPTO_CIPHER_DECRYPT:
	case VIRTIO_CRYPTO_HASH:
	case VIRTIO_CRYPTO_MAC:
	case VIRTIO_CRYPTO_AEAD_ENCRYPT:
	case VIRTIO_CRYPTO_AEAD_DECRYPT:
		break;
	case VIRTIO_CRYPTO_AKCIPHER_ENCRYPT:
	case VIRTIO_CRYPTO_AKCIPHER_DECRYPT:
	case VIRTIO_CRYPTO_AKCIPHER_SIGN:
	case VIRTIO_CRYPTO_AKCIPHER_VERIFY:
		break;
	default:
		vd_violation(VV_OPCODE, "data opcode 0x%x", q.opcode);
		st = VIRTIO_CRYPTO_NOTSUPP;
		goto done;
	}
	if (!svc_on(d, svc)) {
		vd_violation(VV_SERVICE, "data opcode 0x%x for a service not advertised", q.opcode);
		st = VIRTIO_CRYPTO_NOTSUPP;
		goto done;
	}
	flf = data_flf_len(d, svc);
	if (c->r_len < DATA_HDR + flf) {
		vd_violation(VV_LAYOUT, "data opcode 0x%x: %llu readable bytes < prefix %u",
			     q.opcode, (unsigned long long)c->r_len, DATA_HDR + flf);
		goto done;
	}
	if (vd_le32(in + 20)) {
		vd_violation(VV_HDR_RESERVED, "data header padding = 0x%x", vd_le32(in + 20));
		goto done;
	}
	flag = vd_le32(in + 16);
	stateless_layout = d->rev1 && (d->stateless >> svc & 1);
	if (d->rev1) {
		if (stateless_layout && flag == 0) {
			session = false;
		} else if (flag != VCRYPTO_FLAG_SESSION_MODE) {
			/* 1.4 note: the device SHOULD reject these */
			vd_violation(VV_FLAG, "data flag %u (SESSION_MODE%s wanted)", flag,
				     stateless_layout ? " or 0" : "");
			goto done;
		}
	}
	if (!d->rev1) {
		static const uint32_t natural[] = { 48, 8, 8, 24, 8 };

		if (!zeros(in + DATA_HDR, natural[svc], LEGACY_DATA, "data (legacy padding)"))
			goto done;
	}
	f = in + DATA_HDR;
	v = f + flf;
	vlen = c->r_len - DATA_HDR - flf;
	if (stateless_layout && svc == VCRYPTO_SERVICE_AKCIPHER) {
		st = VIRTIO_CRYPTO_NOTSUPP;	/* bit never offered */
		goto done;
	}
	if (stateless_layout) {
		st = parse_stateless(d, svc, session, f, v, vlen, &p, &tmp);
		if (st)
			goto done;
		st = VIRTIO_CRYPTO_ERR;
		if (!session)
			ss = &tmp;
	} else if (!parse_session(svc, q.opcode, f, v, vlen, &p)) {
		goto done;
	}
	if (session) {
		ss = sess_find(d, vd_le64(in + 8), svc);
		if (!ss) {
			st = VIRTIO_CRYPTO_INVSESS;
			goto done;
		}
	}
	switch (svc) {
	case VIRTIO_CRYPTO_SERVICE_CIPHER:
		st = run_cipher(&q, ss, &p);
		break;
	case VIRTIO_CRYPTO_SERVICE_HASH:
	case VIRTIO_CRYPTO_SERVICE_MAC:
		st = run_digest(&q, ss, &p);
		break;
	case VCRYPTO_SERVICE_AKCIPHER:
		st = run_ak(&q, ss, &p);
		break;
	default:
		st = run_aead(&q, ss, &p);
		break;
	}
done:
	ctx_free_tmp(d, &tmp);
	*status = st;
	if (st == VIRTIO_CRYPTO_OK && q.ak && q.out_len <= c->w_len - 1) {
		/* AKCIPHER: result at the start, status last, used = result + 1 */
		uint8_t b = VIRTIO_CRYPTO_OK;

		vd_chain_write(c, 0, s->out, q.out_len);
		vd_chain_write(c, c->w_len - 1, &b, 1);
		return (uint32_t)q.out_len + 1;
	}
	if (st == VIRTIO_CRYPTO_OK && q.out_len == c->w_len - 1) {
		s->out[q.out_len] = (uint8_t)st;
		vd_chain_write(c, 0, s->out, c->w_len);
	} else if (st == VIRTIO_CRYPTO_OK && q.out_len < c->w_len - 1) {
		/* slack in the writable part: output first, status last */
		uint8_t b = VIRTIO_CRYPTO_OK;

		vd_chain_write(c, 0, s->out, q.out_len);
		vd_chain_write(c, c->w_len - 1, &b, 1);
	} else {
		uint8_t b = (uint8_t)st;

		if (st == VIRTIO_CRYPTO_OK)	/* cannot happen: layouts checked */
			b = VIRTIO_CRYPTO_ERR;
		*status = b;
		vd_chain_write(c, c->w_len - 1, &b, 1);
	}
	return (uint32_t)c->w_len;
}
