/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * virtio-user session messages: the 632-byte CREATE_CRYPTO_SESSION payload
 * of DPDK 22.11 (lib/vhost/vhost_user.h, VhostUserCryptoSessionParam) and
 * QEMU <= 7.0 (backends/cryptodev-vhost-user.c), built from a virtio
 * symmetric CREATE_SESSION request the way QEMU's vhost-user cryptodev
 * does: the fixed part's fields one by one, keys into their buffers.
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

/* Offsets in the 632-byte payload (packed by construction: no holes). */
enum {
	O_SESSION_ID = 0, O_OP_CODE = 8, O_CIPHER_ALGO = 12,
	O_CIPHER_KEY_LEN = 16, O_HASH_ALGO = 20, O_DIGEST_LEN = 24,
	O_AUTH_KEY_LEN = 28, O_AAD_LEN = 32, O_OP_TYPE = 36, O_DIR = 37,
	O_HASH_MODE = 38, O_CHAINING_DIR = 39, O_PTRS = 40,
	O_CIPHER_KEY = 56,
	O_AUTH_KEY = O_CIPHER_KEY + VCRYPTO_USER_SESS_CIPHER_KEY_MAX,
};

static_assert(O_AUTH_KEY + VCRYPTO_USER_SESS_AUTH_KEY_MAX ==
	      VCRYPTO_USER_SESS_LEN, "632-byte session payload");

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
	   const struct vcrypto_session_req *req, uint8_t *out)
{
	uint32_t klen = le32_at(&c->keylen);
	uint32_t op = le32_at(&c->op);

	if (klen != req->key_len[0] || klen > VCRYPTO_USER_SESS_CIPHER_KEY_MAX ||
	    (klen > 0 && req->key[0] == NULL) ||
	    (op != VIRTIO_CRYPTO_OP_ENCRYPT && op != VIRTIO_CRYPTO_OP_DECRYPT))
		return -EINVAL;
	put32(out + O_CIPHER_ALGO, le32_at(&c->algo));
	put32(out + O_CIPHER_KEY_LEN, klen);
	out[O_DIR] = (uint8_t)op;
	if (klen > 0)
		memcpy(out + O_CIPHER_KEY, req->key[0], klen);
	return 0;
}

/* A chain: order, hash mode (MAC only), then the MAC half. */
static int
put_chain(const struct virtio_crypto_alg_chain_session_para *p,
	  const struct vcrypto_session_req *req, uint8_t *out)
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
	rc = put_cipher(&p->cipher_param, req, out);
	if (rc != 0)
		return rc;
	put32(out + O_HASH_ALGO, le32_at(&p->u.mac_param.algo));
	put32(out + O_DIGEST_LEN, le32_at(&p->u.mac_param.hash_result_len));
	put32(out + O_AUTH_KEY_LEN, alen);
	put32(out + O_AAD_LEN, le32_at(&p->aad_len));
	out[O_HASH_MODE] = (uint8_t)mode;
	out[O_CHAINING_DIR] = (uint8_t)order;
	if (alen > 0)
		memcpy(out + O_AUTH_KEY, req->key[1], alen);
	return 0;
}

int
vcrypto_user_sess_encode(const struct vcrypto_session_req *req, uint8_t *out)
{
	const struct virtio_crypto_sym_create_session_req *f = req->fixed;
	uint32_t op_type;
	int64_t none = -1;
	int rc;

	memset(out, 0, VCRYPTO_USER_SESS_LEN);
	if (req->opcode != VIRTIO_CRYPTO_CIPHER_CREATE_SESSION)
		return -ENOTSUP;
	if (f == NULL || req->fixed_len != sizeof(*f))
		return -EINVAL;
	op_type = le32_at(&f->op_type);
	memcpy(out + O_SESSION_ID, &none, sizeof(none));
	/* DPDK 22.11 ignores op_code; QEMU <= 7.0 sends the opcode. */
	put32(out + O_OP_CODE, req->opcode);
	switch (op_type) {
	case VIRTIO_CRYPTO_SYM_OP_CIPHER:
		rc = req->key_len[1] != 0 ? -EINVAL :
			put_cipher(&f->u.cipher.para, req, out);
		break;
	case VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING:
		rc = put_chain(&f->u.chain.para, req, out);
		break;
	default:
		rc = -ENOTSUP;
		break;
	}
	if (rc != 0) {
		explicit_bzero(out, VCRYPTO_USER_SESS_LEN);
		return rc;
	}
	out[O_OP_TYPE] = (uint8_t)op_type;
	return 0;
}

int
vcrypto_user_sess_decode(const uint8_t *reply, uint64_t *sid)
{
	int64_t id;

	memcpy(&id, reply + O_SESSION_ID, sizeof(id));
	if (id == -VIRTIO_CRYPTO_NOTSUPP)
		return -ENOTSUP;
	if (id < 0)
		return -EIO;
	*sid = (uint64_t)id;
	return 0;
}
