/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Unit tests of the virtio-user session-message payload
 * (vcrypto_user_sess.c): a virtio symmetric CREATE_SESSION request, cipher
 * only or chained, into DPDK 22.11's 632-byte VhostUserCryptoSessionParam
 * (offsets as in lib/vhost/vhost_user.h) and QEMU 11.1's 1072-byte
 * VhostUserCryptoSession (op_code first, session id at 1064: the layout
 * QEMU 11.1 was seen sending to vcrypto-device, devtools/vm run with
 * --backend device-sessions), refusals, and the reply's session id. Each
 * case runs once per layout.
 */
#include "vcrypto_user_sess.c"

#include "ut.h"

static uint8_t out[VCRYPTO_USER_SESS_LEN + 1];
static uint8_t ckey[64], akey[512];
/* The layout under test: its size, field base and session id offset. */
static uint32_t L = 632, FB = 12, SID;

static uint32_t
at32(unsigned int off)
{
	uint32_t v;

	memcpy(&v, out + off, 4);
	return v;
}

static int64_t
at64(unsigned int off)
{
	int64_t v;

	memcpy(&v, out + off, 8);
	return v;
}

static bool
zero_from(unsigned int from, unsigned int to)
{
	for (; from < to; from++)
		if (out[from] != 0)
			return false;
	return true;
}

static void
fill_keys(void)
{
	unsigned int i;

	for (i = 0; i < sizeof(ckey); i++)
		ckey[i] = (uint8_t)(0xc0 + i);
	for (i = 0; i < sizeof(akey); i++)
		akey[i] = (uint8_t)(0x10 + i);
}

static void
cipher_req(struct virtio_crypto_sym_create_session_req *f,
	   struct vcrypto_session_req *r, uint32_t klen, uint32_t op)
{
	memset(f, 0, sizeof(*f));
	f->op_type = rte_cpu_to_le_32(VIRTIO_CRYPTO_SYM_OP_CIPHER);
	f->u.cipher.para.algo = rte_cpu_to_le_32(VIRTIO_CRYPTO_CIPHER_AES_CBC);
	f->u.cipher.para.keylen = rte_cpu_to_le_32(klen);
	f->u.cipher.para.op = rte_cpu_to_le_32(op);
	*r = (struct vcrypto_session_req){
		.opcode = VIRTIO_CRYPTO_CIPHER_CREATE_SESSION,
		.fixed = f, .fixed_len = sizeof(*f),
		.key = { ckey, NULL }, .key_len = { klen, 0 },
	};
	fill_keys();
}

static void
chain_req(struct virtio_crypto_sym_create_session_req *f,
	  struct vcrypto_session_req *r, uint32_t alen)
{
	struct virtio_crypto_alg_chain_session_para *p = &f->u.chain.para;

	memset(f, 0, sizeof(*f));
	f->op_type = rte_cpu_to_le_32(VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING);
	p->alg_chain_order = rte_cpu_to_le_32(
		VIRTIO_CRYPTO_SYM_ALG_CHAIN_ORDER_HASH_THEN_CIPHER);
	p->hash_mode = rte_cpu_to_le_32(VIRTIO_CRYPTO_SYM_HASH_MODE_AUTH);
	p->cipher_param.algo = rte_cpu_to_le_32(VIRTIO_CRYPTO_CIPHER_3DES_CBC);
	p->cipher_param.keylen = rte_cpu_to_le_32(24);
	p->cipher_param.op = rte_cpu_to_le_32(VIRTIO_CRYPTO_OP_DECRYPT);
	p->u.mac_param.algo = rte_cpu_to_le_32(VIRTIO_CRYPTO_MAC_HMAC_SHA1);
	p->u.mac_param.hash_result_len = rte_cpu_to_le_32(12);
	p->u.mac_param.auth_key_len = rte_cpu_to_le_32(alen);
	*r = (struct vcrypto_session_req){
		.opcode = VIRTIO_CRYPTO_CIPHER_CREATE_SESSION,
		.fixed = f, .fixed_len = sizeof(*f),
		.key = { ckey, akey }, .key_len = { 24, alen },
	};
	fill_keys();
}

/* The layouts: DPDK 22.11 and QEMU 11.1 on x86-64. */
static void
t_layout(void)
{
	UT_ASSERT_EQ(vcrypto_user_sess_len(632), 632);
	UT_ASSERT_EQ(vcrypto_user_sess_len(1072), 1072);
	UT_ASSERT_EQ(vcrypto_user_sess_len(0), 0);
	UT_ASSERT_EQ(vcrypto_user_sess_len(1056), 0);
	UT_ASSERT_EQ(layout_of(632)->fields + F_OP_TYPE, 36);
	UT_ASSERT_EQ(layout_of(1072)->fields + F_OP_TYPE, 32);
	UT_ASSERT_EQ(O_CIPHER_KEY, 56);
	UT_ASSERT_EQ(O_AUTH_KEY, 120);
	UT_ASSERT_EQ(O_AUTH_KEY + VCRYPTO_USER_SESS_AUTH_KEY_MAX, 632);
	UT_ASSERT_EQ(layout_of(1072)->sid, 1064);
}

static void
use_layout(uint32_t len)
{
	L = len;
	FB = len == 632 ? 12 : 8;
	SID = len == 632 ? 0 : 1064;
}

static void
t_cipher(void)
{
	struct virtio_crypto_sym_create_session_req f;
	struct vcrypto_session_req r;

	cipher_req(&f, &r, 32, VIRTIO_CRYPTO_OP_ENCRYPT);
	memset(out, 0xee, sizeof(out));
	UT_ASSERT_EQ(vcrypto_user_sess_encode(L, &r, out), 0);
	UT_ASSERT_EQ(at64(SID), -1);
	if (L == 632) {
		UT_ASSERT_EQ(at32(8), VIRTIO_CRYPTO_CIPHER_CREATE_SESSION);
	} else {
		UT_ASSERT_EQ(at64(0), VIRTIO_CRYPTO_CIPHER_CREATE_SESSION);
	}
	UT_ASSERT_EQ(at32(FB), VIRTIO_CRYPTO_CIPHER_AES_CBC);
	UT_ASSERT_EQ(at32(FB + 4), 32);
	UT_ASSERT(zero_from(FB + 8, FB + 24));	/* hash, digest, auth key, aad */
	UT_ASSERT_EQ(out[FB + 24], VIRTIO_CRYPTO_SYM_OP_CIPHER);
	UT_ASSERT_EQ(out[FB + 25], VIRTIO_CRYPTO_OP_ENCRYPT);
	UT_ASSERT_EQ(out[FB + 26], 0);
	UT_ASSERT_EQ(out[FB + 27], 0);
	UT_ASSERT(zero_from(FB + 28, 56));	/* padding, the two pointers */
	UT_ASSERT(memcmp(out + 56, ckey, 32) == 0);
	UT_ASSERT(zero_from(88, L == 632 ? 632 : 1064));
	UT_ASSERT_EQ(out[L], 0xee);	/* nothing written past the payload */
}

static void
t_chain(void)
{
	struct virtio_crypto_sym_create_session_req f;
	struct vcrypto_session_req r;

	chain_req(&f, &r, 512);
	UT_ASSERT_EQ(vcrypto_user_sess_encode(L, &r, out), 0);
	UT_ASSERT_EQ(at32(FB), VIRTIO_CRYPTO_CIPHER_3DES_CBC);
	UT_ASSERT_EQ(at32(FB + 4), 24);
	UT_ASSERT_EQ(at32(FB + 8), VIRTIO_CRYPTO_MAC_HMAC_SHA1);
	UT_ASSERT_EQ(at32(FB + 12), 12);
	UT_ASSERT_EQ(at32(FB + 16), 512);
	UT_ASSERT_EQ(at32(FB + 20), 0);
	UT_ASSERT_EQ(out[FB + 24], VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING);
	UT_ASSERT_EQ(out[FB + 25], VIRTIO_CRYPTO_OP_DECRYPT);
	UT_ASSERT_EQ(out[FB + 26], VIRTIO_CRYPTO_SYM_HASH_MODE_AUTH);
	UT_ASSERT_EQ(out[FB + 27], VIRTIO_CRYPTO_SYM_ALG_CHAIN_ORDER_HASH_THEN_CIPHER);
	UT_ASSERT(memcmp(out + 56, ckey, 24) == 0);
	UT_ASSERT(zero_from(80, 120));
	UT_ASSERT(memcmp(out + 120, akey, 512) == 0);
}

static void
t_refused(void)
{
	struct virtio_crypto_sym_create_session_req f;
	struct vcrypto_session_req r;

	cipher_req(&f, &r, 65, VIRTIO_CRYPTO_OP_ENCRYPT);	/* > buffer */
	r.key_len[0] = 65;
	UT_ASSERT_EQ(vcrypto_user_sess_encode(L, &r, out), -EINVAL);
	UT_ASSERT(zero_from(0, L));	/* nothing of the key left */
	cipher_req(&f, &r, 16, VIRTIO_CRYPTO_OP_ENCRYPT);
	r.key_len[0] = 24;		/* disagrees with keylen */
	UT_ASSERT_EQ(vcrypto_user_sess_encode(L, &r, out), -EINVAL);
	cipher_req(&f, &r, 16, 7);	/* no such direction */
	UT_ASSERT_EQ(vcrypto_user_sess_encode(L, &r, out), -EINVAL);
	cipher_req(&f, &r, 16, VIRTIO_CRYPTO_OP_ENCRYPT);
	r.fixed_len = 48;
	UT_ASSERT_EQ(vcrypto_user_sess_encode(L, &r, out), -EINVAL);
	cipher_req(&f, &r, 16, VIRTIO_CRYPTO_OP_ENCRYPT);
	r.opcode = VIRTIO_CRYPTO_AKCIPHER_CREATE_SESSION;
	UT_ASSERT_EQ(vcrypto_user_sess_encode(L, &r, out), -ENOTSUP);
	cipher_req(&f, &r, 16, VIRTIO_CRYPTO_OP_ENCRYPT);
	f.op_type = rte_cpu_to_le_32(VIRTIO_CRYPTO_SYM_OP_NONE);
	UT_ASSERT_EQ(vcrypto_user_sess_encode(L, &r, out), -ENOTSUP);
	chain_req(&f, &r, 513);		/* > auth buffer */
	r.key_len[1] = 513;
	UT_ASSERT_EQ(vcrypto_user_sess_encode(L, &r, out), -EINVAL);
	UT_ASSERT(zero_from(0, L));
	chain_req(&f, &r, 20);
	f.u.chain.para.hash_mode =
		rte_cpu_to_le_32(VIRTIO_CRYPTO_SYM_HASH_MODE_PLAIN);
	UT_ASSERT_EQ(vcrypto_user_sess_encode(L, &r, out), -ENOTSUP);
	chain_req(&f, &r, 20);
	f.u.chain.para.alg_chain_order = 0;
	UT_ASSERT_EQ(vcrypto_user_sess_encode(L, &r, out), -EINVAL);
	cipher_req(&f, &r, 16, VIRTIO_CRYPTO_OP_ENCRYPT);
	UT_ASSERT_EQ(vcrypto_user_sess_encode(1056, &r, out), -ENOTSUP);
}

static void
t_decode(void)
{
	uint64_t sid = 99;
	int64_t id;

	id = 7;
	memcpy(out + SID, &id, 8);
	UT_ASSERT_EQ(vcrypto_user_sess_decode(L, out, &sid), 0);
	UT_ASSERT_EQ(sid, 7);
	id = 0;
	memcpy(out + SID, &id, 8);
	UT_ASSERT_EQ(vcrypto_user_sess_decode(L, out, &sid), 0);
	UT_ASSERT_EQ(sid, 0);
	sid = 99;
	id = -VIRTIO_CRYPTO_NOTSUPP;
	memcpy(out + SID, &id, 8);
	UT_ASSERT_EQ(vcrypto_user_sess_decode(L, out, &sid), -ENOTSUP);
	id = -1;	/* DPDK 22.11: no IV length for the cipher */
	memcpy(out + SID, &id, 8);
	UT_ASSERT_EQ(vcrypto_user_sess_decode(L, out, &sid), -EIO);
	id = INT64_MIN;
	memcpy(out + SID, &id, 8);
	UT_ASSERT_EQ(vcrypto_user_sess_decode(L, out, &sid), -EIO);
	UT_ASSERT_EQ(sid, 99);	/* untouched on a refusal */
	UT_ASSERT_EQ(vcrypto_user_sess_decode(1056, out, &sid), -EIO);
}

#define BOTH(name) \
	static void name##_632(void) { use_layout(632); name(); } \
	static void name##_1072(void) { use_layout(1072); name(); }
BOTH(t_cipher)
BOTH(t_chain)
BOTH(t_refused)
BOTH(t_decode)

static void
teardown(void)
{
}

static const struct ut_case cases[] = {
	{ "layout", t_layout },
	{ "cipher/632", t_cipher_632 },
	{ "cipher/1072", t_cipher_1072 },
	{ "chain/632", t_chain_632 },
	{ "chain/1072", t_chain_1072 },
	{ "refused/632", t_refused_632 },
	{ "refused/1072", t_refused_1072 },
	{ "decode/632", t_decode_632 },
	{ "decode/1072", t_decode_1072 },
};

int
main(void)
{
	return ut_run(cases, RTE_DIM(cases), teardown) == 0 ? 0 : 1;
}
