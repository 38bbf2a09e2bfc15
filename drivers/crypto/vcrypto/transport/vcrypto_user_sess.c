/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * virtio-user session messages: the CREATE_CRYPTO_SESSION payload of
 * DPDK 22.11 (lib/vhost/vhost_user.h, VhostUserCryptoSessionParam) and
 * QEMU <= 7.0 (632 bytes), or of QEMU 11.1 and DPDK >= 25.03 (1072 bytes:
 * op_code first, a union with the asymmetric session, session id last),
 * built from a virtio symmetric CREATE_SESSION request the way QEMU's
 * vhost-user cryptodev does: the fixed part's fields one by one, keys
 * into their buffers (at the same offsets in both layouts).
 * vhost-user payloads are in host byte order, the virtio fixed part is LE.
 */
#include <assert.h>
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_common.h>

#include "vcrypto_user_sess.h"
#include "vcrypto_wire.h"

/*
 * Offsets of the symmetric fields from the layout's field base (632: 12,
 * after session id and a u32 op_code; 1072: 8, after a u64 op_code),
 * then the key buffers, where both layouts put them.
 */
enum {
	F_CIPHER_ALGO = 0, F_CIPHER_KEY_LEN = 4, F_HASH_ALGO = 8,
	F_DIGEST_LEN = 12, F_AUTH_KEY_LEN = 16, F_AAD_LEN = 20, F_OP_TYPE = 24,
	F_DIR = 25, F_HASH_MODE = 26, F_CHAINING_DIR = 27,
	O_CIPHER_KEY = 56,
	O_AUTH_KEY = O_CIPHER_KEY + VCRYPTO_USER_SESS_CIPHER_KEY_MAX,
};

static_assert(O_AUTH_KEY + VCRYPTO_USER_SESS_AUTH_KEY_MAX == 632,
	      "632-byte session payload: keys end it");
static_assert(12 + F_CHAINING_DIR + 1 + 16 <= O_CIPHER_KEY,
	      "fields and two pointers before the keys");

/* Where a layout keeps its session id, op_code and fields. */
struct layout {
	uint32_t len, sid, op_code, op_code_len, fields;
};

static const struct layout layouts[] = {
	{ VCRYPTO_USER_SESS_LAYOUT_632, 0, 8, 4, 12 },
	{ VCRYPTO_USER_SESS_LAYOUT_1072, 1064, 0, 8, 8 },
};

static const struct layout *
layout_of(uint32_t len)
{
	unsigned int i;

	for (i = 0; i < RTE_DIM(layouts); i++)
		if (layouts[i].len == len)
			return &layouts[i];
	return NULL;
}

uint32_t
vcrypto_user_sess_len(uint32_t layout)
{
	return layout_of(layout) != NULL ? layout : 0;
}

static void
put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

/* An LE field of the virtio fixed part, as a host value. */
static uint32_t
le32_at(const void *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return rte_le_to_cpu_32(v);
}

/* The cipher half: algorithm, key length, direction, key. */
static int
put_cipher(const struct virtio_crypto_cipher_session_para *c,
	   const struct vcrypto_session_req *req, uint8_t *out, uint8_t *f)
{
	uint32_t klen = le32_at(&c->keylen);
	uint32_t op = le32_at(&c->op);

	if (klen != req->key_len[0] || klen > VCRYPTO_USER_SESS_CIPHER_KEY_MAX ||
	    (klen > 0 && req->key[0] == NULL) ||
	    (op != VIRTIO_CRYPTO_OP_ENCRYPT && op != VIRTIO_CRYPTO_OP_DECRYPT))
		return -EINVAL;
	put32(f + F_CIPHER_ALGO, le32_at(&c->algo));
	put32(f + F_CIPHER_KEY_LEN, klen);
	f[F_DIR] = (uint8_t)op;
	if (klen > 0)
		memcpy(out + O_CIPHER_KEY, req->key[0], klen);
	return 0;
}

/* A chain: order, hash mode (MAC only), then the MAC half. */
static int
put_chain(const struct virtio_crypto_alg_chain_session_para *p,
	  const struct vcrypto_session_req *req, uint8_t *out, uint8_t *f)
{
	uint32_t order = le32_at(&p->alg_chain_order);
	uint32_t mode = le32_at(&p->hash_mode);
	uint32_t alen = le32_at(&p->u.mac_param.auth_key_len);
	int rc;

	if (mode != VIRTIO_CRYPTO_SYM_HASH_MODE_AUTH)
		return -ENOTSUP;
	if ((order != VIRTIO_CRYPTO_SYM_ALG_CHAIN_ORDER_HASH_THEN_CIPHER &&
	     order != VIRTIO_CRYPTO_SYM_ALG_CHAIN_ORDER_CIPHER_THEN_HASH) ||
	    alen != req->key_len[1] || alen > VCRYPTO_USER_SESS_AUTH_KEY_MAX ||
	    (alen > 0 && req->key[1] == NULL))
		return -EINVAL;
	rc = put_cipher(&p->cipher_param, req, out, f);
	if (rc != 0)
		return rc;
	put32(f + F_HASH_ALGO, le32_at(&p->u.mac_param.algo));
	put32(f + F_DIGEST_LEN, le32_at(&p->u.mac_param.hash_result_len));
	put32(f + F_AUTH_KEY_LEN, alen);
	put32(f + F_AAD_LEN, le32_at(&p->aad_len));
	f[F_HASH_MODE] = (uint8_t)mode;
	f[F_CHAINING_DIR] = (uint8_t)order;
	if (alen > 0)
		memcpy(out + O_AUTH_KEY, req->key[1], alen);
	return 0;
}

int
vcrypto_user_sess_encode(uint32_t layout,
			 const struct vcrypto_session_req *req, uint8_t *out)
{
	const struct virtio_crypto_sym_create_session_req *fx = req->fixed;
	const struct layout *l = layout_of(layout);
	uint64_t op_code = req->opcode;
	int64_t none = -1;
	uint32_t op_type;
	uint8_t *f;
	int rc;

	if (l == NULL)
		return -ENOTSUP;
	memset(out, 0, l->len);
	if (req->opcode != VIRTIO_CRYPTO_CIPHER_CREATE_SESSION)
		return -ENOTSUP;
	if (fx == NULL || req->fixed_len != sizeof(*fx))
		return -EINVAL;
	f = out + l->fields;
	op_type = le32_at(&fx->op_type);
	memcpy(out + l->sid, &none, sizeof(none));
	/* DPDK 22.11 ignores op_code; QEMU sends the opcode. Host order. */
	if (l->op_code_len == 8)
		memcpy(out + l->op_code, &op_code, 8);
	else
		put32(out + l->op_code, req->opcode);
	switch (op_type) {
	case VIRTIO_CRYPTO_SYM_OP_CIPHER:
		rc = req->key_len[1] != 0 ? -EINVAL :
			put_cipher(&fx->u.cipher.para, req, out, f);
		break;
	case VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING:
		rc = put_chain(&fx->u.chain.para, req, out, f);
		break;
	default:
		rc = -ENOTSUP;
		break;
	}
	if (rc != 0) {
		explicit_bzero(out, l->len);
		return rc;
	}
	f[F_OP_TYPE] = (uint8_t)op_type;
	return 0;
}

int
vcrypto_user_sess_decode(uint32_t layout, const uint8_t *reply, uint64_t *sid)
{
	const struct layout *l = layout_of(layout);
	int64_t id;

	if (l == NULL)
		return -EIO;
	memcpy(&id, reply + l->sid, sizeof(id));
	if (id == -VIRTIO_CRYPTO_NOTSUPP)
		return -ENOTSUP;
	if (id < 0)
		return -EIO;
	*sid = (uint64_t)id;
	return 0;
}
