/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * vhost-user session messages -> the device's sessions: each payload is
 * rewritten as the virtio control request it stands for (56-byte legacy
 * fixed part + keys) and handed to vd_crypto_session_create(), so every
 * check of the control queue applies to it too.
 */
#include <string.h>
#include <linux/virtio_crypto.h>

#include "vd.h"
#include "vd_sessmsg.h"
#include "vcrypto_wire.h"

#define SYM_KEY		56	/* cipher key buffer, all layouts */
#define SYM_KEY_MAX	64
#define SYM_AUTH_KEY	120	/* auth key buffer, all layouts */
#define SYM_AUTH_MAX	512
#define ASYM_KEY	40	/* 1072 only */
#define ASYM_KEY_MAX	1024
#define SID_1072	1064

/* vhost-user payloads are host-order C structs. */
static uint32_t h32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static uint64_t h64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

uint32_t vd_sessmsg_size(enum vd_sess_layout l)
{
	switch (l) {
	case VD_SL_632:
	case VD_SL_632_QEMU:
		return 632;
	case VD_SL_1072:
		return 1072;
	default:
		return 0;
	}
}

enum vd_sess_layout vd_sessmsg_parse(const char *name)
{
	if (!strcmp(name, "632"))
		return VD_SL_632;
	if (!strcmp(name, "qemu-632"))
		return VD_SL_632_QEMU;
	if (!strcmp(name, "1072"))
		return VD_SL_1072;
	return VD_SL_NONE;
}

/*
 * CryptoDevBackendSymSessionInfo at f (cipher_alg, key_len, hash_alg,
 * hash_result_len, auth_key_len, add_len: u32; op_type, direction,
 * hash_mode, alg_chain_order: u8; two host pointers, ignored) and the key
 * buffers at p + 56 / p + 120 -> virtio_crypto_sym_create_session_req.
 */
static int sym_request(const uint8_t *p, const uint8_t *f, uint8_t flf[56],
		       uint8_t *keys, uint32_t *keys_len)
{
	uint32_t klen = h32(f + 4), aklen = h32(f + 16);
	uint8_t op_type = f[24], mode = f[26];

	if (klen > SYM_KEY_MAX || aklen > SYM_AUTH_MAX) {
		vd_violation(VV_PARAM, "session message: key %u / auth key %u bytes "
			     "(buffers: %u / %u)", klen, aklen, SYM_KEY_MAX, SYM_AUTH_MAX);
		return VIRTIO_CRYPTO_ERR;
	}
	memset(flf, 0, 56);
	if (op_type == VIRTIO_CRYPTO_SYM_OP_CIPHER) {
		vd_put32(flf, h32(f));		/* algo */
		vd_put32(flf + 4, klen);
		vd_put32(flf + 8, f[25]);	/* op */
		aklen = 0;
	} else if (op_type == VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING) {
		vd_put32(flf, f[27]);		/* alg_chain_order */
		vd_put32(flf + 4, mode);	/* hash_mode */
		vd_put32(flf + 8, h32(f));	/* cipher algo */
		vd_put32(flf + 12, klen);
		vd_put32(flf + 16, f[25]);	/* op */
		vd_put32(flf + 24, h32(f + 8));	/* hash / MAC algo */
		vd_put32(flf + 28, h32(f + 12));	/* hash_result_len */
		if (mode != VIRTIO_CRYPTO_SYM_HASH_MODE_AUTH)
			aklen = 0;
		vd_put32(flf + 32, aklen);
		vd_put32(flf + 40, h32(f + 20));	/* aad_len */
	} else {
		vd_violation(VV_PARAM, "session message: op_type %u", op_type);
		return op_type == VIRTIO_CRYPTO_SYM_OP_NONE ? VIRTIO_CRYPTO_NOTSUPP :
			VIRTIO_CRYPTO_ERR;
	}
	vd_put32(flf + 48, op_type);
	memcpy(keys, p + SYM_KEY, klen);
	memcpy(keys + klen, p + SYM_AUTH_KEY, aklen);
	*keys_len = klen + aklen;
	return VIRTIO_CRYPTO_OK;
}

/*
 * CryptoDevBackendAsymSessionInfo at p + 8 (algo, keytype, keylen: u32;
 * a host pointer @24; rsa {padding_algo, hash_algo} or ecdsa {curve_id}
 * @32) and the key at p + 40 -> virtio_crypto_akcipher_create_session_req.
 */
static int asym_request(const uint8_t *p, uint8_t flf[56], uint8_t *keys,
			uint32_t *keys_len)
{
	uint32_t klen = h32(p + 16);

	if (klen > ASYM_KEY_MAX) {
		vd_violation(VV_PARAM, "session message: asymmetric key %u bytes (buffer %u)",
			     klen, ASYM_KEY_MAX);
		return VIRTIO_CRYPTO_ERR;
	}
	memset(flf, 0, 56);
	vd_put32(flf, h32(p + 8));		/* algo */
	vd_put32(flf + 4, h32(p + 12));		/* keytype */
	vd_put32(flf + 8, klen);
	vd_put32(flf + 12, h32(p + 32));	/* padding_algo / curve_id */
	if (h32(p + 8) == VCRYPTO_AKCIPHER_RSA)
		vd_put32(flf + 16, h32(p + 36));	/* hash_algo */
	memcpy(keys, p + ASYM_KEY, klen);
	*keys_len = klen;
	return VIRTIO_CRYPTO_OK;
}

int vd_sessmsg_create(struct vd_crypto *d, enum vd_sess_layout l, const uint8_t *p,
		      uint32_t size, uint8_t *reply)
{
	uint8_t flf[56], keys[ASYM_KEY_MAX];
	const uint8_t *fields;
	uint32_t opcode, keys_len = 0;
	uint64_t id = 0;
	int64_t sid;
	int st;

	if (!vd_sessmsg_size(l) || size != vd_sessmsg_size(l)) {
		vd_violation(VV_MSG, "CREATE_CRYPTO_SESSION: payload %u bytes, layout wants %u",
			     size, vd_sessmsg_size(l));
		return -1;
	}
	/* Where the layout keeps op_code and the fields (asym: 1072 only). */
	switch (l) {
	case VD_SL_632:
		opcode = h32(p + 8);
		fields = p + 12;
		break;
	case VD_SL_632_QEMU:
		opcode = VIRTIO_CRYPTO_CIPHER_CREATE_SESSION;
		fields = p + 8;
		break;
	default:
		opcode = h64(p) > UINT32_MAX ? UINT32_MAX : (uint32_t)h64(p);
		fields = p + 8;
		break;
	}
	if (opcode == VIRTIO_CRYPTO_CIPHER_CREATE_SESSION) {
		st = sym_request(p, fields, flf, keys, &keys_len);
	} else if (opcode == VIRTIO_CRYPTO_AKCIPHER_CREATE_SESSION && l == VD_SL_1072) {
		st = asym_request(p, flf, keys, &keys_len);
	} else {
		vd_violation(VV_OPCODE, "CREATE_CRYPTO_SESSION for opcode 0x%x", opcode);
		st = VIRTIO_CRYPTO_NOTSUPP;
	}
	if (st == VIRTIO_CRYPTO_OK)
		st = vd_crypto_session_create(d, opcode, flf, keys, keys_len, &id);
	sid = st == VIRTIO_CRYPTO_OK ? (int64_t)id : -(int64_t)st;
	memcpy(reply, p, size);
	memcpy(reply + (l == VD_SL_1072 ? SID_1072 : 0), &sid, 8);
	VD_DBG("CREATE_CRYPTO_SESSION opcode 0x%x: status %d, id %lld", opcode, st,
	       (long long)sid);
	return st;
}

int vd_sessmsg_close(struct vd_crypto *d, const uint8_t *p, uint32_t size)
{
	if (size != 8) {
		vd_violation(VV_MSG, "CLOSE_CRYPTO_SESSION: payload %u bytes, want 8", size);
		return -1;
	}
	return vd_crypto_session_destroy(d, h64(p));
}
