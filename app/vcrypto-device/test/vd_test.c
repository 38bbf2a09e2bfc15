/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Socket-level tests of vcrypto-device: starts the device, plays the driver
 * over vhost-user with memfd memory, checks results against NIST/RFC vector
 * files and against OpenSSL computed here, then checks the strict checks,
 * the walker's defences and the fault options.
 *   vd_test DEVICE_BINARY VECTORS_DIR
 */
#include <endian.h>
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <linux/virtio_crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/ecdsa.h>
#include <openssl/rsa.h>
#include <openssl/bn.h>

#include "vd.h"
#include "vd_driver.h"
#include "vd_sessmsg.h"
#include "vd_vring.h"
#include "vcrypto_wire.h"

static int n_pass, n_fail, n_skip;
static const char *dev_bin, *vec_dir;
static char sock_path[100];

#define CHECK(cond, ...) do { \
	if (cond) { n_pass++; } else { n_fail++; printf("FAIL %s:%d: ", __func__, __LINE__); \
		printf(__VA_ARGS__); printf("\n"); } } while (0)

static pid_t dev_start(const char *extra)
{
	char cmd[512];
	pid_t p;

	snprintf(sock_path, sizeof(sock_path), "/tmp/vd-test-%d.sock", (int)getpid());
	snprintf(cmd, sizeof(cmd), "exec %s --socket %s --once -q %s", dev_bin, sock_path,
		 extra);
	p = fork();
	if (p == 0) {
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	return p;
}

static int dev_stop(pid_t p)
{
	int st = 0;

	kill(p, SIGTERM);
	waitpid(p, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* ------------------------------------------------------- request builders */

static uint32_t ctrl_flf(struct td *t, uint32_t natural)
{
	return (t->features & 1) ? natural : 56;
}

static uint32_t data_flf(struct td *t, uint32_t natural)
{
	return (t->features & 1) ? natural : 48;
}

static int cipher_session(struct td *t, uint32_t algo, const uint8_t *key, uint32_t klen,
			  bool enc, uint64_t *sid)
{
	uint8_t r[72] = { 0 };

	vd_put32(r, VIRTIO_CRYPTO_CIPHER_CREATE_SESSION);
	vd_put32(r + 4, algo);
	vd_put32(r + 16, algo);
	vd_put32(r + 20, klen);
	vd_put32(r + 24, enc ? VIRTIO_CRYPTO_OP_ENCRYPT : VIRTIO_CRYPTO_OP_DECRYPT);
	vd_put32(r + 16 + 48, VIRTIO_CRYPTO_SYM_OP_CIPHER);
	return td_create(t, r, 16 + ctrl_flf(t, 56), key, klen, NULL, 0, sid);
}

/* Generic data request: R = prefix + parts, W = outs + status. */
static int data_req(struct td *t, unsigned int qi, const uint8_t *prefix, uint32_t plen,
		    const uint8_t *const *rin, const uint32_t *rlen, unsigned int nr,
		    uint8_t *out, uint32_t olen, uint32_t *used)
{
	uint64_t mark = t->bump;
	struct td_seg s[8];
	unsigned int n = 0;
	uint8_t *p = td_alloc(t, plen), *o = td_alloc(t, olen + 1);
	uint32_t id, len;
	int st;

	memcpy(p, prefix, plen);
	s[n++] = (struct td_seg){ p, plen, false };
	for (unsigned int i = 0; i < nr; i++) {
		uint8_t *b;

		if (!rlen[i])
			continue;
		b = td_alloc(t, rlen[i]);
		memcpy(b, rin[i], rlen[i]);
		s[n++] = (struct td_seg){ b, rlen[i], false };
	}
	memset(o, 0xee, olen + 1);
	if (olen)
		s[n++] = (struct td_seg){ o, olen, true };
	s[n++] = (struct td_seg){ o + olen, 1, true };
	if (td_post(t, qi, s, n) < 0 || !td_wait(t, qi, 5000, &id, &len)) {
		td_reset_bump(t, mark);
		return -1;
	}
	if (used)
		*used = len;
	memcpy(out, o, olen);
	st = o[olen];
	td_reset_bump(t, mark);
	return st;
}

static int cipher_run(struct td *t, uint64_t sid, bool enc, const uint8_t *iv, uint32_t ivl,
		      const uint8_t *in, uint32_t len, uint8_t *out)
{
	uint8_t p[72] = { 0 };
	const uint8_t *parts[2] = { iv, in };
	uint32_t lens[2] = { ivl, len };

	vd_put32(p, enc ? VIRTIO_CRYPTO_CIPHER_ENCRYPT : VIRTIO_CRYPTO_CIPHER_DECRYPT);
	vd_put64(p + 8, sid);
	if (t->features & 1)
		vd_put32(p + 16, VCRYPTO_FLAG_SESSION_MODE);
	vd_put32(p + 24, ivl);
	vd_put32(p + 28, len);
	vd_put32(p + 32, len);
	vd_put32(p + 24 + 40, VIRTIO_CRYPTO_SYM_OP_CIPHER);
	return data_req(t, 0, p, 24 + data_flf(t, 48), parts, lens, 2, out, len, NULL);
}

/* ------------------------------------------------------- vector files */

struct rec {
	char key[16][24];
	char raw[16][32];
	uint8_t *val[16];
	uint32_t len[16];
	int n;
	bool fail;
	char section[64];
};

static int hexval(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
		c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static const uint8_t *rec_get(const struct rec *r, const char *k, uint32_t *len)
{
	for (int i = 0; i < r->n; i++)
		if (!strcmp(r->key[i], k)) {
			*len = r->len[i];
			return r->val[i];
		}
	return NULL;
}

static void rec_clear(struct rec *r)
{
	for (int i = 0; i < r->n; i++)
		free(r->val[i]);
	r->n = 0;
	r->fail = false;
}

/* Calls fn for each record; returns number of records or -1 if no file. */
static int for_each_rec(const char *rel, int (*fn)(const struct rec *, void *), void *arg)
{
	char path[512], line[70000];
	FILE *f;
	struct rec r = { .n = 0 };
	int count = 0;

	snprintf(path, sizeof(path), "%s/%s", vec_dir, rel);
	f = fopen(path, "r");
	if (!f)
		return -1;
	for (;;) {
		char *l = fgets(line, sizeof(line), f);
		char *eq;

		if (l)
			l[strcspn(l, "\r\n")] = 0;
		if (!l || !*l) {
			if (r.n) {
				count++;
				if (fn(&r, arg))
					break;
			}
			rec_clear(&r);
			if (!l)
				break;
			continue;
		}
		if (*l == '#')
			continue;
		if (*l == '[') {
			snprintf(r.section, sizeof(r.section), "%s", l);
			continue;
		}
		if (!strcmp(l, "FAIL")) {
			r.fail = true;
			continue;
		}
		eq = strstr(l, " = ");
		if (!eq || r.n >= 16)
			continue;
		*eq = 0;
		snprintf(r.key[r.n], sizeof(r.key[r.n]), "%s", l);
		snprintf(r.raw[r.n], sizeof(r.raw[r.n]), "%s", eq + 3);
		{
			const char *h = eq + 3;
			size_t hl = strlen(h);
			uint8_t *v = malloc(hl / 2 + 1);
			uint32_t k = 0;

			size_t nd = 0, i = 0;

			while (nd < hl && hexval(h[nd]) >= 0)
				nd++;
			if (nd & 1)	/* odd digit count: a leading 0 nibble dropped */
				v[k++] = (uint8_t)hexval(h[i++]);
			for (; i + 1 < nd; i += 2)
				v[k++] = (uint8_t)(hexval(h[i]) << 4 | hexval(h[i + 1]));
			r.val[r.n] = v;
			r.len[r.n] = k;
			r.n++;
		}
	}
	rec_clear(&r);
	fclose(f);
	return count;
}

/* ------------------------------------------------------- tests */

static struct td T;

#define PACKED		(1ull << 34)
#define SPLIT_ALL	(~PACKED)
#define NO_STATELESS	(~0x3eull & ~PACKED)	/* REVISION_1, no stateless bit, split */

static void test_flag_rev1(void);
static void test_ring_garbage(void);
static void test_event_idx(void);
static void test_akcipher(void);

static void test_config(void)
{
	const uint8_t *c = T.cfg;

	CHECK(vd_le32(c) == VIRTIO_CRYPTO_S_HW_READY, "status %u", vd_le32(c));
	CHECK(vd_le32(c + 4) == 2, "max_dataqueues %u", vd_le32(c + 4));
	CHECK(vd_le32(c + 8) == 0x1f, "services 0x%x", vd_le32(c + 8));
	CHECK(vd_le32(c + 44) == 0x6, "akcipher_algo 0x%x (RSA=1, ECDSA=2 as bits)",
	      vd_le32(c + 44));
	CHECK(vd_le32(c + 12) == (1u << 2 | 1u << 3 | 1u << 4 | 1u << 7 | 1u << 8 | 1u << 13),
	      "cipher_algo_l 0x%x", vd_le32(c + 12));
	CHECK(vd_le32(c + 20) == 0x1ffe, "hash_algo 0x%x", vd_le32(c + 20));
	CHECK(vd_le32(c + 24) == (0x7eu | 1u << 25 | 1u << 26), "mac_algo_l 0x%x",
	      vd_le32(c + 24));
	CHECK(vd_le32(c + 32) == 0xe, "aead 0x%x", vd_le32(c + 32));
	CHECK(vd_le32(c + 36) == 64 && vd_le32(c + 40) == 128, "key lens %u %u",
	      vd_le32(c + 36), vd_le32(c + 40));
	CHECK(vd_le64(c + 48) == 1u << 20, "max_size");
	CHECK(T.features >> 32 & 1, "VERSION_1 negotiated");
}

struct cbc_arg { uint32_t algo; int n; };

static int cbc_rec(const struct rec *r, void *a)
{
	struct cbc_arg *x = a;
	uint32_t kl = 0, il = 0, pl = 0, cl = 0;
	const uint8_t *k = rec_get(r, "KEY", &kl), *iv = rec_get(r, "IV", &il);
	const uint8_t *pt = rec_get(r, "PLAINTEXT", &pl), *ct = rec_get(r, "CIPHERTEXT", &cl);
	bool enc = strstr(r->section, "ENCRYPT") != NULL;
	uint8_t out[4096];
	uint64_t sid;
	int st;

	if (!k || !pt || !ct || pl != cl || pl > sizeof(out) || !pl)
		return 0;
	if (!iv)
		il = 0;
	st = cipher_session(&T, x->algo, k, kl, enc, &sid);
	CHECK(st == 0, "create algo %u klen %u: status %d", x->algo, kl, st);
	if (st)
		return 1;
	st = cipher_run(&T, sid, enc, iv, il, enc ? pt : ct, pl, out);
	CHECK(st == 0 && !memcmp(out, enc ? ct : pt, pl), "algo %u %s len %u: status %d",
	      x->algo, enc ? "enc" : "dec", pl, st);
	CHECK(td_destroy(&T, VIRTIO_CRYPTO_CIPHER_DESTROY_SESSION, sid) == 0, "destroy");
	x->n++;
	return 0;
}

static void test_cipher_vectors(void)
{
	static const struct { const char *f; uint32_t algo; } v[] = {
		{ "ciphers/AES/CBC/CBCMMT128.rsp", VIRTIO_CRYPTO_CIPHER_AES_CBC },
		{ "ciphers/AES/CBC/CBCMMT256.rsp", VIRTIO_CRYPTO_CIPHER_AES_CBC },
		{ "ciphers/AES/ECB/ECBMMT192.rsp", VIRTIO_CRYPTO_CIPHER_AES_ECB },
		{ "ciphers/AES/XTS/tweak-128hexstr/XTSGenAES128.rsp", 0 },
	};

	for (unsigned int i = 0; i < 3; i++) {
		struct cbc_arg a = { v[i].algo, 0 };
		int n = for_each_rec(v[i].f, cbc_rec, &a);

		if (n < 0) {
			n_skip++;
			printf("SKIP %s: vector file missing\n", v[i].f);
			continue;
		}
		CHECK(a.n >= 10, "%s: only %d vectors ran", v[i].f, a.n);
	}
}

static int hash_session(struct td *t, uint32_t algo, uint32_t rlen, uint64_t *sid)
{
	uint8_t r[72] = { 0 };

	vd_put32(r, VIRTIO_CRYPTO_HASH_CREATE_SESSION);
	vd_put32(r + 4, algo);
	vd_put32(r + 16, algo);
	vd_put32(r + 20, rlen);
	return td_create(t, r, 16 + ctrl_flf(t, 8), NULL, 0, NULL, 0, sid);
}

static int mac_session(struct td *t, uint32_t algo, uint32_t rlen, const uint8_t *k,
		       uint32_t kl, uint64_t *sid)
{
	uint8_t r[72] = { 0 };

	vd_put32(r, VIRTIO_CRYPTO_MAC_CREATE_SESSION);
	vd_put32(r + 4, algo);
	vd_put32(r + 16, algo);
	vd_put32(r + 20, rlen);
	vd_put32(r + 24, kl);
	return td_create(t, r, 16 + ctrl_flf(t, 16), k, kl, NULL, 0, sid);
}

static int digest_run(struct td *t, uint32_t opcode, uint64_t sid, const uint8_t *in,
		      uint32_t len, uint8_t *out, uint32_t rlen)
{
	uint8_t p[72] = { 0 };
	const uint8_t *parts[1] = { in };
	uint32_t lens[1] = { len };

	vd_put32(p, opcode);
	vd_put64(p + 8, sid);
	if (t->features & 1)
		vd_put32(p + 16, VCRYPTO_FLAG_SESSION_MODE);
	vd_put32(p + 24, len);
	vd_put32(p + 28, rlen);
	return data_req(t, 1, p, 24 + data_flf(t, 8), parts, lens, 1, out, rlen, NULL);
}

struct hash_arg { uint32_t algo, size; bool mac; int n; };

static int hash_rec(const struct rec *r, void *a)
{
	struct hash_arg *x = a;
	uint32_t ml = 0, dl = 0, kl = 0, bits = 0;
	const uint8_t *m = rec_get(r, "Msg", &ml), *md = rec_get(r, "MD", &dl);
	const uint8_t *k = rec_get(r, "Key", &kl), *lenf = rec_get(r, "Len", &bits);
	uint8_t out[64];
	uint64_t sid;
	int st;

	(void)lenf;
	if (!m || !md || dl != x->size)
		return 0;
	/* "Len = 0" records carry Msg = 00 */
	if (!x->mac && r->n && !strcmp(r->key[0], "Len") && !strcmp(r->raw[0], "0"))
		ml = 0;
	/* keys beyond the advertised max_auth_key_len are the driver's to hash */
	if (x->mac && kl > vd_le32(T.cfg + VCRYPTO_CFG_MAX_AUTH_KEY_LEN))
		return 0;
	st = x->mac ? mac_session(&T, x->algo, dl, k, kl, &sid) :
		hash_session(&T, x->algo, dl, &sid);
	CHECK(st == 0, "create: %d", st);
	if (st)
		return 1;
	st = digest_run(&T, x->mac ? VIRTIO_CRYPTO_MAC : VIRTIO_CRYPTO_HASH, sid, m, ml, out, dl);
	CHECK(st == 0 && !memcmp(out, md, dl), "%s %u len %u: status %d",
	      x->mac ? "MAC" : "hash", x->algo, ml, st);
	td_destroy(&T, x->mac ? VIRTIO_CRYPTO_MAC_DESTROY_SESSION :
		   VIRTIO_CRYPTO_HASH_DESTROY_SESSION, sid);
	x->n++;
	return 0;
}

static void test_hash_mac_vectors(void)
{
	static const struct { const char *f; uint32_t algo, size; bool mac; } v[] = {
		{ "hashes/SHA2/SHA256ShortMsg.rsp", VIRTIO_CRYPTO_HASH_SHA_256, 32, false },
		{ "hashes/SHA2/SHA512ShortMsg.rsp", VIRTIO_CRYPTO_HASH_SHA_512, 64, false },
		{ "hashes/SHA1/SHA1ShortMsg.rsp", VIRTIO_CRYPTO_HASH_SHA1, 20, false },
		{ "HMAC/rfc-4231-sha256.txt", VIRTIO_CRYPTO_MAC_HMAC_SHA_256, 32, true },
		{ "HMAC/rfc-2202-sha1.txt", VIRTIO_CRYPTO_MAC_HMAC_SHA1, 20, true },
	};

	for (unsigned int i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct hash_arg a = { v[i].algo, v[i].size, v[i].mac, 0 };
		int n = for_each_rec(v[i].f, hash_rec, &a);

		if (n < 0) {
			n_skip++;
			printf("SKIP %s: vector file missing\n", v[i].f);
			continue;
		}
		CHECK(a.n >= 4, "%s: only %d vectors ran", v[i].f, a.n);
	}
}

static int aead_session(struct td *t, uint32_t algo, const uint8_t *k, uint32_t kl,
			uint32_t tag, uint32_t aad, bool enc, uint64_t *sid)
{
	uint8_t r[72] = { 0 };

	vd_put32(r, VIRTIO_CRYPTO_AEAD_CREATE_SESSION);
	vd_put32(r + 4, algo);
	vd_put32(r + 16, algo);
	vd_put32(r + 20, kl);
	vd_put32(r + 24, tag);
	vd_put32(r + 28, aad);
	vd_put32(r + 32, enc ? VIRTIO_CRYPTO_OP_ENCRYPT : VIRTIO_CRYPTO_OP_DECRYPT);
	return td_create(t, r, 16 + ctrl_flf(t, 24), k, kl, NULL, 0, sid);
}

static int aead_run(struct td *t, uint64_t sid, bool enc, const uint8_t *iv, uint32_t ivl,
		    const uint8_t *aad, uint32_t aadl, const uint8_t *src, uint32_t sl,
		    uint8_t *dst, uint32_t dl, uint32_t tag)
{
	uint8_t p[72] = { 0 };
	const uint8_t *parts[3] = { iv, src, aad };
	uint32_t lens[3] = { ivl, sl, aadl };

	vd_put32(p, enc ? VIRTIO_CRYPTO_AEAD_ENCRYPT : VIRTIO_CRYPTO_AEAD_DECRYPT);
	vd_put64(p + 8, sid);
	if (t->features & 1)
		vd_put32(p + 16, VCRYPTO_FLAG_SESSION_MODE);
	vd_put32(p + 24, ivl);
	vd_put32(p + 28, aadl);
	vd_put32(p + 32, sl);
	vd_put32(p + 36, dl);
	vd_put32(p + 40, tag);
	return data_req(t, 0, p, 24 + data_flf(t, 24), parts, lens, 3, dst, dl, NULL);
}

struct gcm_arg { bool dec; int n, nfail; };

static int gcm_rec(const struct rec *r, void *a)
{
	struct gcm_arg *x = a;
	uint32_t kl = 0, il = 0, pl = 0, cl = 0, al = 0, tl = 0;
	const uint8_t *k = rec_get(r, "Key", &kl), *iv = rec_get(r, "IV", &il);
	const uint8_t *pt = rec_get(r, "PT", &pl), *ct = rec_get(r, "CT", &cl);
	const uint8_t *aad = rec_get(r, "AAD", &al), *tag = rec_get(r, "Tag", &tl);
	uint8_t src[1024], out[1024];
	uint64_t sid;
	int st;

	if (!k || !iv || !tag || il != 12 || tl != 16 || x->n >= 60)
		return 0;
	if (!strstr(r->section, "") || cl > 512 || pl > 512)
		return 0;
	if (!aad)
		al = 0;
	st = aead_session(&T, VIRTIO_CRYPTO_AEAD_GCM, k, kl, 16, al, !x->dec, &sid);
	CHECK(st == 0, "gcm create %d", st);
	if (st)
		return 1;
	if (!x->dec) {
		st = aead_run(&T, sid, true, iv, 12, aad, al, pt, cl, out, cl + 16, 16);
		CHECK(st == 0 && !memcmp(out, ct, cl) && !memcmp(out + cl, tag, 16),
		      "gcm enc len %u aad %u: status %d", cl, al, st);
	} else {
		memcpy(src, ct, cl);
		memcpy(src + cl, tag, 16);
		st = aead_run(&T, sid, false, iv, 12, aad, al, src, cl + 16, out, cl, 16);
		if (r->fail) {
			CHECK(st == VIRTIO_CRYPTO_BADMSG, "gcm dec FAIL vector: status %d", st);
			x->nfail++;
		} else {
			CHECK(st == 0 && (!pt || !memcmp(out, pt, cl)), "gcm dec len %u: status %d",
			      cl, st);
		}
	}
	td_destroy(&T, VIRTIO_CRYPTO_AEAD_DESTROY_SESSION, sid);
	x->n++;
	return 0;
}

static void test_gcm_vectors(void)
{
	struct gcm_arg e = { false, 0, 0 }, d = { true, 0, 0 };

	if (for_each_rec("ciphers/AES/GCM/gcmEncryptExtIV128.rsp", gcm_rec, &e) < 0 ||
	    for_each_rec("ciphers/AES/GCM/gcmDecrypt256.rsp", gcm_rec, &d) < 0) {
		n_skip++;
		printf("SKIP gcm: vector files missing\n");
		return;
	}
	CHECK(e.n >= 20 && d.n >= 20 && d.nfail >= 3, "gcm vectors: enc %d dec %d fail %d",
	      e.n, d.n, d.nfail);
}

/* Differential tests against OpenSSL computed here. */
static void rnd(uint8_t *p, size_t n)
{
	if (RAND_bytes(p, (int)n) != 1)
		memset(p, 0x5a, n);
}

static void test_diff_cipher(void)
{
	static const struct { uint32_t algo; uint32_t klen, ivl, len; const char *name; } v[] = {
		{ VIRTIO_CRYPTO_CIPHER_AES_CTR, 16, 16, 1000, "AES-128-CTR" },
		{ VIRTIO_CRYPTO_CIPHER_AES_CTR, 32, 16, 17, "AES-256-CTR" },
		{ VIRTIO_CRYPTO_CIPHER_AES_XTS, 32, 16, 512, "AES-128-XTS" },
		{ VIRTIO_CRYPTO_CIPHER_AES_XTS, 64, 16, 4096, "AES-256-XTS" },
		{ VIRTIO_CRYPTO_CIPHER_3DES_CBC, 24, 8, 64, "DES-EDE3-CBC" },
		{ VIRTIO_CRYPTO_CIPHER_3DES_ECB, 24, 0, 64, "DES-EDE3-ECB" },
		{ VIRTIO_CRYPTO_CIPHER_3DES_CBC, 16, 8, 64, "DES-EDE-CBC" },
		{ VIRTIO_CRYPTO_CIPHER_3DES_ECB, 16, 0, 64, "DES-EDE-ECB" },
		{ VIRTIO_CRYPTO_CIPHER_AES_CBC, 24, 16, 2048, "AES-192-CBC" },
	};
	uint8_t key[64], iv[16], in[4096], out[4096], exp[4096];

	for (unsigned int i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		EVP_CIPHER *c = EVP_CIPHER_fetch(NULL, v[i].name, NULL);
		EVP_CIPHER_CTX *x = EVP_CIPHER_CTX_new();
		int n1 = 0, n2 = 0, st;
		uint64_t sid;

		rnd(key, sizeof(key));
		rnd(iv, sizeof(iv));
		rnd(in, v[i].len);
		EVP_CipherInit_ex(x, c, NULL, key, v[i].ivl ? iv : NULL, 1);
		EVP_CIPHER_CTX_set_padding(x, 0);
		EVP_CipherUpdate(x, exp, &n1, in, (int)v[i].len);
		EVP_CipherFinal_ex(x, exp + n1, &n2);
		EVP_CIPHER_CTX_free(x);
		EVP_CIPHER_free(c);
		st = cipher_session(&T, v[i].algo, key, v[i].klen, true, &sid);
		CHECK(st == 0, "%s create: %d", v[i].name, st);
		if (st)
			continue;
		st = cipher_run(&T, sid, true, iv, v[i].ivl, in, v[i].len, out);
		CHECK(st == 0 && !memcmp(out, exp, v[i].len), "%s: status %d", v[i].name, st);
		td_destroy(&T, VIRTIO_CRYPTO_CIPHER_DESTROY_SESSION, sid);
		/* and back */
		st = cipher_session(&T, v[i].algo, key, v[i].klen, false, &sid);
		st = st ? st : cipher_run(&T, sid, false, iv, v[i].ivl, exp, v[i].len, out);
		CHECK(st == 0 && !memcmp(out, in, v[i].len), "%s decrypt: status %d",
		      v[i].name, st);
		td_destroy(&T, VIRTIO_CRYPTO_CIPHER_DESTROY_SESSION, sid);
	}
}

static void test_diff_digest(void)
{
	static const struct { uint32_t algo; const char *md; uint32_t size; } h[] = {
		{ VIRTIO_CRYPTO_HASH_MD5, "MD5", 16 },
		{ VIRTIO_CRYPTO_HASH_SHA_224, "SHA224", 28 },
		{ VIRTIO_CRYPTO_HASH_SHA_384, "SHA384", 48 },
		{ VIRTIO_CRYPTO_HASH_SHA3_256, "SHA3-256", 32 },
		{ VIRTIO_CRYPTO_HASH_SHA3_512, "SHA3-512", 64 },
		{ VIRTIO_CRYPTO_HASH_SHA3_SHAKE128, "SHAKE128", 32 },
	};
	uint8_t in[3000], out[64], exp[64], key[32];
	uint64_t sid;
	int st;

	rnd(in, sizeof(in));
	for (unsigned int i = 0; i < sizeof(h) / sizeof(h[0]); i++) {
		EVP_MD_CTX *m = EVP_MD_CTX_new();
		unsigned int n = 0;

		EVP_DigestInit_ex(m, EVP_get_digestbyname(h[i].md), NULL);
		EVP_DigestUpdate(m, in, sizeof(in));
		if (h[i].algo == VIRTIO_CRYPTO_HASH_SHA3_SHAKE128)
			EVP_DigestFinalXOF(m, exp, h[i].size);
		else
			EVP_DigestFinal_ex(m, exp, &n);
		EVP_MD_CTX_free(m);
		st = hash_session(&T, h[i].algo, h[i].size, &sid);
		st = st ? st : digest_run(&T, VIRTIO_CRYPTO_HASH, sid, in, sizeof(in), out,
					  h[i].size);
		CHECK(st == 0 && !memcmp(out, exp, h[i].size), "%s: status %d", h[i].md, st);
		td_destroy(&T, VIRTIO_CRYPTO_HASH_DESTROY_SESSION, sid);
	}
	/* HMAC-SHA384 truncated to 24 bytes, CMAC-AES */
	{
		unsigned int n = 0;
		size_t cn = 0;
		EVP_MAC *mac = EVP_MAC_fetch(NULL, "CMAC", NULL);
		EVP_MAC_CTX *mc = EVP_MAC_CTX_new(mac);
		static char cname[] = "AES-128-CBC";
		OSSL_PARAM prm[2] = {
			OSSL_PARAM_construct_utf8_string("cipher", cname, 0),
			OSSL_PARAM_construct_end() };

		rnd(key, sizeof(key));
		HMAC(EVP_sha384(), key, 32, in, sizeof(in), exp, &n);
		st = mac_session(&T, VIRTIO_CRYPTO_MAC_HMAC_SHA_384, 24, key, 32, &sid);
		st = st ? st : digest_run(&T, VIRTIO_CRYPTO_MAC, sid, in, sizeof(in), out, 24);
		CHECK(st == 0 && !memcmp(out, exp, 24), "HMAC-SHA384/24: status %d", st);
		td_destroy(&T, VIRTIO_CRYPTO_MAC_DESTROY_SESSION, sid);
		EVP_MAC_init(mc, key, 16, prm);
		EVP_MAC_update(mc, in, 100);
		EVP_MAC_final(mc, exp, &cn, sizeof(exp));
		EVP_MAC_CTX_free(mc);
		EVP_MAC_free(mac);
		st = mac_session(&T, VIRTIO_CRYPTO_MAC_CMAC_AES, 16, key, 16, &sid);
		st = st ? st : digest_run(&T, VIRTIO_CRYPTO_MAC, sid, in, 100, out, 16);
		CHECK(st == 0 && cn == 16 && !memcmp(out, exp, 16), "CMAC-AES: status %d", st);
		td_destroy(&T, VIRTIO_CRYPTO_MAC_DESTROY_SESSION, sid);
	}
}

static void test_diff_aead(void)
{
	static const struct { uint32_t algo; const char *name; uint32_t kl, ivl, tag; } v[] = {
		{ VIRTIO_CRYPTO_AEAD_CCM, "AES-128-CCM", 16, 11, 8 },
		{ VIRTIO_CRYPTO_AEAD_CHACHA20_POLY1305, "ChaCha20-Poly1305", 32, 12, 16 },
		{ VIRTIO_CRYPTO_AEAD_GCM, "AES-256-GCM", 32, 12, 12 },
	};
	uint8_t key[32], iv[16], aad[20], in[300], exp[400], out[400], back[400];

	for (unsigned int i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		EVP_CIPHER *c = EVP_CIPHER_fetch(NULL, v[i].name, NULL);
		EVP_CIPHER_CTX *x = EVP_CIPHER_CTX_new();
		bool ccm = v[i].algo == VIRTIO_CRYPTO_AEAD_CCM;
		int n = 0, st;
		uint64_t sid;
		uint32_t len = 300;

		rnd(key, sizeof(key));
		rnd(iv, sizeof(iv));
		rnd(aad, sizeof(aad));
		rnd(in, sizeof(in));
		EVP_EncryptInit_ex(x, c, NULL, NULL, NULL);
		EVP_CIPHER_CTX_ctrl(x, EVP_CTRL_AEAD_SET_IVLEN, (int)v[i].ivl, NULL);
		if (ccm)
			EVP_CIPHER_CTX_ctrl(x, EVP_CTRL_AEAD_SET_TAG, (int)v[i].tag, NULL);
		EVP_EncryptInit_ex(x, NULL, NULL, key, iv);
		if (ccm)
			EVP_EncryptUpdate(x, NULL, &n, NULL, (int)len);
		EVP_EncryptUpdate(x, NULL, &n, aad, sizeof(aad));
		EVP_EncryptUpdate(x, exp, &n, in, (int)len);
		EVP_EncryptFinal_ex(x, exp + n, &n);
		EVP_CIPHER_CTX_ctrl(x, EVP_CTRL_AEAD_GET_TAG, (int)v[i].tag, exp + len);
		EVP_CIPHER_CTX_free(x);
		EVP_CIPHER_free(c);
		st = aead_session(&T, v[i].algo, key, v[i].kl, v[i].tag, sizeof(aad), true, &sid);
		st = st ? st : aead_run(&T, sid, true, iv, v[i].ivl, aad, sizeof(aad), in, len,
					out, len + v[i].tag, v[i].tag);
		CHECK(st == 0 && !memcmp(out, exp, len + v[i].tag), "%s enc: status %d",
		      v[i].name, st);
		td_destroy(&T, VIRTIO_CRYPTO_AEAD_DESTROY_SESSION, sid);
		st = aead_session(&T, v[i].algo, key, v[i].kl, v[i].tag, sizeof(aad), false, &sid);
		st = st ? st : aead_run(&T, sid, false, iv, v[i].ivl, aad, sizeof(aad), exp,
					len + v[i].tag, back, len, v[i].tag);
		CHECK(st == 0 && !memcmp(back, in, len), "%s dec: status %d", v[i].name, st);
		exp[3] ^= 1;
		st = aead_run(&T, sid, false, iv, v[i].ivl, aad, sizeof(aad), exp,
			      len + v[i].tag, back, len, v[i].tag);
		CHECK(st == VIRTIO_CRYPTO_BADMSG, "%s tampered: status %d (BADMSG wanted)",
		      v[i].name, st);
		td_destroy(&T, VIRTIO_CRYPTO_AEAD_DESTROY_SESSION, sid);
	}
}

static void test_chain(void)
{
	uint8_t key[16], akey[20], iv[16], in[256], exp[256], out[256 + 20], mac[20];
	uint8_t r[72] = { 0 }, p[72] = { 0 };
	const uint8_t *parts[2] = { iv, in };
	uint32_t lens[2] = { 16, 256 }, n = 0;
	EVP_CIPHER_CTX *x = EVP_CIPHER_CTX_new();
	uint64_t sid;
	int m = 0, st;

	rnd(key, 16); rnd(akey, 20); rnd(iv, 16); rnd(in, 256);
	EVP_EncryptInit_ex(x, EVP_aes_128_cbc(), NULL, key, iv);
	EVP_CIPHER_CTX_set_padding(x, 0);
	memcpy(exp, in, 16);
	EVP_EncryptUpdate(x, exp + 16, &m, in + 16, 240);
	EVP_CIPHER_CTX_free(x);
	HMAC(EVP_sha1(), akey, 20, exp, 256, mac, &n);
	vd_put32(r, VIRTIO_CRYPTO_CIPHER_CREATE_SESSION);
	vd_put32(r + 16, VIRTIO_CRYPTO_SYM_ALG_CHAIN_ORDER_CIPHER_THEN_HASH);
	vd_put32(r + 20, VIRTIO_CRYPTO_SYM_HASH_MODE_AUTH);
	vd_put32(r + 24, VIRTIO_CRYPTO_CIPHER_AES_CBC);
	vd_put32(r + 28, 16);
	vd_put32(r + 32, VIRTIO_CRYPTO_OP_ENCRYPT);
	vd_put32(r + 40, VIRTIO_CRYPTO_MAC_HMAC_SHA1);
	vd_put32(r + 44, 12);
	vd_put32(r + 48, 20);
	vd_put32(r + 64, VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING);
	st = td_create(&T, r, 16 + ctrl_flf(&T, 56), key, 16, akey, 20, &sid);
	CHECK(st == 0, "chain create: %d", st);
	vd_put32(p, VIRTIO_CRYPTO_CIPHER_ENCRYPT);
	vd_put64(p + 8, sid);
	if (T.features & 1)
		vd_put32(p + 16, VCRYPTO_FLAG_SESSION_MODE);
	vd_put32(p + 24, 16);
	vd_put32(p + 28, 256);
	vd_put32(p + 32, 256);
	vd_put32(p + 36, 16);	/* cipher from 16 */
	vd_put32(p + 40, 240);
	vd_put32(p + 44, 0);	/* hash all */
	vd_put32(p + 48, 256);
	vd_put32(p + 56, 12);
	vd_put32(p + 64, VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING);
	st = data_req(&T, 1, p, 24 + data_flf(&T, 48), parts, lens, 2, out, 256 + 12, NULL);
	CHECK(st == 0 && !memcmp(out, exp, 256) && !memcmp(out + 256, mac, 12),
	      "AES-CBC + HMAC-SHA1/12 chain: status %d", st);
	td_destroy(&T, VIRTIO_CRYPTO_CIPHER_DESTROY_SESSION, sid);
}

/* Driver mistakes: the device answers with the spec's status and stays up. */
static void test_strict(void)
{
	uint8_t key[16] = { 1 }, iv[16] = { 2 }, in[64] = { 3 }, out[64];
	uint8_t r[72] = { 0 }, p[72] = { 0 };
	uint64_t sid, bad;
	uint32_t id, len;
	int st;

	st = cipher_session(&T, VIRTIO_CRYPTO_CIPHER_AES_CBC, key, 16, true, &sid);
	CHECK(st == 0, "create");
	/* unknown session */
	st = cipher_run(&T, sid + 77, true, iv, 16, in, 64, out);
	CHECK(st == VIRTIO_CRYPTO_INVSESS, "unknown session: %d", st);
	/* wrong iv length */
	st = cipher_run(&T, sid, true, iv, 8, in, 64, out);
	CHECK(st == VIRTIO_CRYPTO_ERR, "iv_len 8 for CBC: %d", st);
	/* not a block multiple */
	st = cipher_run(&T, sid, true, iv, 16, in, 63, out);
	CHECK(st == VIRTIO_CRYPTO_ERR, "CBC 63 bytes: %d", st);
	/* decrypt opcode on an encrypt session */
	st = cipher_run(&T, sid, false, iv, 16, in, 64, out);
	CHECK(st == VIRTIO_CRYPTO_ERR, "opcode/session op mismatch: %d", st);
	/* bad key length */
	st = cipher_session(&T, VIRTIO_CRYPTO_CIPHER_AES_CBC, key, 15, true, &bad);
	CHECK(st == VIRTIO_CRYPTO_ERR, "AES key of 15 bytes: %d", st);
	/* algorithm not offered */
	st = cipher_session(&T, VIRTIO_CRYPTO_CIPHER_KASUMI_F8, key, 16, true, &bad);
	CHECK(st == VIRTIO_CRYPTO_NOTSUPP, "KASUMI: %d", st);
	/* reserved header field */
	vd_put32(r, VIRTIO_CRYPTO_HASH_CREATE_SESSION);
	vd_put32(r + 12, 1);
	vd_put32(r + 16, VIRTIO_CRYPTO_HASH_SHA1);
	vd_put32(r + 20, 20);
	st = td_create(&T, r, 16 + ctrl_flf(&T, 8), NULL, 0, NULL, 0, &bad);
	CHECK(st == VIRTIO_CRYPTO_ERR, "reserved != 0: %d", st);
	/* unknown control opcode */
	vd_put32(r, 0x0707);
	vd_put32(r + 12, 0);
	st = td_create(&T, r, 16 + ctrl_flf(&T, 8), NULL, 0, NULL, 0, &bad);
	CHECK(st == VIRTIO_CRYPTO_NOTSUPP, "unknown opcode: %d", st);
	/* unknown data opcode */
	vd_put32(p, 0x0909);
	st = data_req(&T, 0, p, 72, NULL, NULL, 0, out, 0, NULL);
	CHECK(st == VIRTIO_CRYPTO_NOTSUPP, "unknown data opcode: %d", st);
	/* slack (what Linux's virtio_crypto posts): extra readable bytes after
	 * the source and extra writable bytes before the status: served */
	{
		uint8_t pre[72] = { 0 }, extra[24] = { 0 }, o2[64 + 8], exp[64];
		const uint8_t *parts[3] = { iv, in, extra };
		uint32_t lens[3] = { 16, 64, 24 };
		EVP_CIPHER_CTX *x = EVP_CIPHER_CTX_new();
		int m = 0;

		EVP_EncryptInit_ex(x, EVP_aes_128_cbc(), NULL, key, iv);
		EVP_CIPHER_CTX_set_padding(x, 0);
		EVP_EncryptUpdate(x, exp, &m, in, 64);
		EVP_CIPHER_CTX_free(x);
		vd_put32(pre, VIRTIO_CRYPTO_CIPHER_ENCRYPT);
		vd_put64(pre + 8, sid);
		if (T.features & 1)
			vd_put32(pre + 16, VCRYPTO_FLAG_SESSION_MODE);
		vd_put32(pre + 24, 16);
		vd_put32(pre + 28, 64);
		vd_put32(pre + 32, 64);
		vd_put32(pre + 64, VIRTIO_CRYPTO_SYM_OP_CIPHER);
		st = data_req(&T, 0, pre, 24 + data_flf(&T, 48), parts, lens, 3, o2, 72, NULL);
		CHECK(st == 0 && !memcmp(o2, exp, 64), "slack R/W served: status %d", st);
		lens[1] = 48;	/* shorter than the fields: refused */
		st = data_req(&T, 0, pre, 24 + data_flf(&T, 48), parts, lens, 2, o2, 64, NULL);
		CHECK(st == VIRTIO_CRYPTO_ERR, "short readable part: %d", st);
	}
	/* destroy twice */
	CHECK(td_destroy(&T, VIRTIO_CRYPTO_CIPHER_DESTROY_SESSION, sid) == 0, "destroy");
	CHECK(td_destroy(&T, VIRTIO_CRYPTO_CIPHER_DESTROY_SESSION, sid) == VIRTIO_CRYPTO_ERR,
	      "destroy of a dead session");
	/* data on a destroyed session */
	st = cipher_run(&T, sid, true, iv, 16, in, 64, out);
	CHECK(st == VIRTIO_CRYPTO_INVSESS, "destroyed session: %d", st);

	/* Malformed chains: used len 0, device stays up. */
	td_set_desc(&T, 0, 5, 0xdead00000000ull, 64, 0, 0);
	td_post_raw_head(&T, 0, 5);
	CHECK(td_wait(&T, 0, 3000, &id, &len) && id == 5 && len == 0,
	      "address outside memory: id %u len %u", id, len);
	td_set_desc(&T, 0, 6, td_gpa(&T, T.mem + 0x100000), 16, 1, 7);
	td_set_desc(&T, 0, 7, td_gpa(&T, T.mem + 0x100000), 16, 1, 6);
	td_post_raw_head(&T, 0, 6);
	CHECK(td_wait(&T, 0, 3000, &id, &len) && id == 6 && len == 0, "loop: id %u len %u",
	      id, len);
	td_set_desc(&T, 0, 8, td_gpa(&T, T.mem + 0x100000), 0xffffff00u, 0, 0);
	td_post_raw_head(&T, 0, 8);
	CHECK(td_wait(&T, 0, 3000, &id, &len) && id == 8 && len == 0, "huge length: len %u",
	      len);
	{
		/* indirect table pointing at itself (nested indirect) */
		uint8_t *tab = td_alloc(&T, 32);

		memset(tab, 0, 32);
		vd_put64(tab, td_gpa(&T, tab));
		vd_put32(tab + 8, 32);
		tab[12] = 4;
		td_set_desc(&T, 0, 9, td_gpa(&T, tab), 32, 4, 0);
		td_post_raw_head(&T, 0, 9);
		CHECK(td_wait(&T, 0, 3000, &id, &len) && id == 9 && len == 0,
		      "nested indirect: len %u", len);
		/* loop inside an indirect table */
		memset(tab, 0, 32);
		vd_put64(tab, td_gpa(&T, T.mem + 0x100000));
		vd_put32(tab + 8, 8);
		tab[12] = 1; tab[14] = 1;
		vd_put64(tab + 16, td_gpa(&T, T.mem + 0x100000));
		vd_put32(tab + 24, 8);
		tab[28] = 1; tab[30] = 0;
		td_set_desc(&T, 0, 10, td_gpa(&T, tab), 32, 4, 0);
		td_post_raw_head(&T, 0, 10);
		CHECK(td_wait(&T, 0, 3000, &id, &len) && id == 10 && len == 0,
		      "indirect loop: len %u", len);
	}
	/* head out of range: nothing to complete, next request still works */
	td_post_raw_head(&T, 0, 4000);
	st = cipher_session(&T, VIRTIO_CRYPTO_CIPHER_AES_CBC, key, 16, true, &sid);
	st = st ? st : cipher_run(&T, sid, true, iv, 16, in, 64, out);
	CHECK(st == 0, "device still serves after garbage: %d", st);
	td_destroy(&T, VIRTIO_CRYPTO_CIPHER_DESTROY_SESSION, sid);
}

static void run_suite(const char *label)
{
	printf("-- %s\n", label);
	test_config();
	test_cipher_vectors();
	test_hash_mac_vectors();
	test_gcm_vectors();
	test_diff_cipher();
	test_diff_digest();
	test_diff_aead();
	test_chain();
}

static void with_device(const char *args, uint64_t feat, bool indirect, uint32_t frag,
			const char *label, bool strict_suite)
{
	pid_t p = dev_start(args);
	int rc;

	if (td_connect(&T, sock_path, feat, 3)) {
		CHECK(0, "%s: connect/setup failed", label);
		td_close(&T);
		dev_stop(p);
		return;
	}
	T.indirect = indirect;
	T.frag = frag;
	CHECK(!!(feat & PACKED) == T.packed, "%s: packed negotiated %d", label, T.packed);
	run_suite(label);
	test_ring_garbage();
	test_event_idx();
	test_akcipher();
	if (strict_suite) {
		test_strict();
		test_flag_rev1();
	}
	td_close(&T);
	rc = dev_stop(p);
	CHECK(rc == 0, "%s: device exit code %d", label, rc);
}

static void test_null_engine(void)
{
	pid_t p = dev_start("--engine null --queues 2");
	uint8_t key[16] = { 0 }, iv[16] = { 0 }, in[128], out[128];
	uint64_t sid;
	int st;

	printf("-- null engine\n");
	if (td_connect(&T, sock_path, NO_STATELESS, 3)) {
		CHECK(0, "null: connect");
		dev_stop(p);
		return;
	}
	rnd(in, sizeof(in));
	st = cipher_session(&T, VIRTIO_CRYPTO_CIPHER_AES_CBC, key, 16, true, &sid);
	st = st ? st : cipher_run(&T, sid, true, iv, 16, in, 128, out);
	CHECK(st == 0 && !memcmp(in, out, 128), "null engine: output = input (%d)", st);
	td_close(&T);
	CHECK(dev_stop(p) == 0, "null: exit code");
}

static void test_faults(void)
{
	static const struct { const char *arg; int kind; } f[] = {
		{ "--fault 0:status", 1 }, { "--fault 0:badid", 2 }, { "--fault 0:drop", 3 },
		{ "--fault 0:overlen", 4 }, { "--fault 0:notinflight", 5 },
		{ "--fault 0:delay --fault-delay-ms 300", 6 },
	};
	uint8_t key[16] = { 0 }, iv[16] = { 0 }, in[64] = { 0 };

	printf("-- faults\n");
	for (unsigned int i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		char args[128];
		pid_t p;
		uint64_t sid, mark;
		uint8_t pre[72] = { 0 }, *b;
		struct td_seg s[4];
		uint32_t id = 0, len = 0;
		bool got;
		int head;

		snprintf(args, sizeof(args), "--queues 2 %s", f[i].arg);
		p = dev_start(args);
		if (td_connect(&T, sock_path, NO_STATELESS, 3) ||
		    cipher_session(&T, VIRTIO_CRYPTO_CIPHER_AES_CBC, key, 16, true, &sid)) {
			CHECK(0, "%s: setup", f[i].arg);
			td_close(&T);
			dev_stop(p);
			continue;
		}
		mark = T.bump;
		vd_put32(pre, VIRTIO_CRYPTO_CIPHER_ENCRYPT);
		vd_put64(pre + 8, sid);
		vd_put32(pre + 16, 1);
		vd_put32(pre + 24, 16);
		vd_put32(pre + 28, 64);
		vd_put32(pre + 32, 64);
		vd_put32(pre + 64, 1);
		b = td_alloc(&T, 72 + 16 + 64 + 65);
		memcpy(b, pre, 72);
		memcpy(b + 72, iv, 16);
		memcpy(b + 88, in, 64);
		s[0] = (struct td_seg){ b, 72, false };
		s[1] = (struct td_seg){ b + 72, 16, false };
		s[2] = (struct td_seg){ b + 88, 64, false };
		s[3] = (struct td_seg){ b + 152, 65, true };
		if (!(T.features & 1)) {
			CHECK(0, "REVISION_1 expected");
		}
		s[0].len = 24 + 48;
		head = td_post(&T, 0, s, 4);
		got = td_wait(&T, 0, f[i].kind == 3 ? 500 : f[i].kind == 6 ? 100 : 3000, &id, &len);
		switch (f[i].kind) {
		case 1: CHECK(got && b[152 + 64] == 0x5a, "status fault: 0x%x", b[216]); break;
		case 2: CHECK(got && id >= TD_QSIZE, "badid: id %u", id); break;
		case 3: CHECK(!got, "drop: got a completion"); break;
		case 4: CHECK(got && len > 65, "overlen: len %u", len); break;
		case 5: CHECK(got && (int)id != head, "notinflight: id %u head %d", id, head); break;
		case 6:
			CHECK(!got, "delay: completed before 100 ms");
			got = td_wait(&T, 0, 3000, &id, &len);
			CHECK(got && (int)id == head && b[216] == 0, "delay: completed late, status %u",
			      b[216]);
			break;
		}
		td_reset_bump(&T, mark);
		td_close(&T);
		dev_stop(p);
	}
}

static void test_fault_reset_close(void)
{
	uint8_t key[16] = { 0 }, iv[16] = { 0 }, in[16] = { 0 }, out[16], b[8];
	uint64_t sid, status = 0;
	int st, rc;
	pid_t p;

	/* reset: no completion, GET_STATUS shows DEVICE_NEEDS_RESET */
	p = dev_start("--queues 2 --fault 0:reset");
	if (td_connect(&T, sock_path, NO_STATELESS, 3) ||
	    cipher_session(&T, VIRTIO_CRYPTO_CIPHER_AES_CBC, key, 16, true, &sid)) {
		CHECK(0, "reset fault: setup");
	} else {
		uint32_t id, len;
		uint64_t mark = T.bump;
		uint8_t pre[72] = { 0 }, *bf = td_alloc(&T, 72 + 16 + 16 + 17);
		struct td_seg sg[4] = { { bf, 72, false }, { bf + 72, 16, false },
					{ bf + 88, 16, false }, { bf + 104, 17, true } };

		vd_put32(pre, VIRTIO_CRYPTO_CIPHER_ENCRYPT);
		vd_put64(pre + 8, sid);
		vd_put32(pre + 16, 1);
		vd_put32(pre + 24, 16);
		vd_put32(pre + 28, 16);
		vd_put32(pre + 32, 16);
		vd_put32(pre + 64, 1);
		memcpy(bf, pre, 72);
		td_post(&T, 0, sg, 4);
		CHECK(!td_wait(&T, 0, 300, &id, &len), "reset fault: a completion arrived");
		if (td_msg(&T, 40, 0, NULL, 0, NULL, 0) == 0 && td_reply(&T, 40, b, 8) == 0)
			status = vd_le64(b);
		CHECK(status & VCRYPTO_STATUS_NEEDS_RESET, "GET_STATUS 0x%llx lacks NEEDS_RESET",
		      (unsigned long long)status);
		td_reset_bump(&T, mark);
	}
	td_close(&T);
	dev_stop(p);
	/* close: the socket goes away; with --once the device then exits 0 */
	p = dev_start("--queues 2 --fault 0:close");
	if (td_connect(&T, sock_path, NO_STATELESS, 3) ||
	    cipher_session(&T, VIRTIO_CRYPTO_CIPHER_AES_CBC, key, 16, true, &sid)) {
		CHECK(0, "close fault: setup");
	} else {
		int status2 = 0;

		st = cipher_run(&T, sid, true, iv, 16, in, 16, out);
		CHECK(st == -1, "close fault: request answered (%d)", st);
		for (int i = 0; i < 50 && waitpid(p, &status2, WNOHANG) == 0; i++)
			usleep(100000);
		rc = WIFEXITED(status2) ? WEXITSTATUS(status2) : -1;
		CHECK(rc == 0, "close fault: device (--once) exit %d", rc);
		p = 0;
	}
	td_close(&T);
	if (p)
		dev_stop(p);
	/* SIGUSR1 dumps counters and the device keeps serving */
	p = dev_start("--queues 2");
	if (!td_connect(&T, sock_path, NO_STATELESS, 3)) {
		kill(p, SIGUSR1);
		usleep(100000);
		st = cipher_session(&T, VIRTIO_CRYPTO_CIPHER_AES_CBC, key, 16, true, &sid);
		st = st ? st : cipher_run(&T, sid, true, iv, 16, in, 16, out);
		CHECK(st == 0, "serving after SIGUSR1: %d", st);
	}
	td_close(&T);
	CHECK(dev_stop(p) == 0, "exit after SIGUSR1");
}

/* A front end whose memory file is shorter than the region it declares. */
static void test_short_memfd(void)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	struct td t = { .sock = -1 };
	uint8_t b[48] = { 0 };
	int mfd, ok = 0;
	pid_t p = dev_start("--queues 1");

	t.sock = socket(AF_UNIX, SOCK_STREAM, 0);
	snprintf(a.sun_path, sizeof(a.sun_path), "%s", sock_path);
	for (int i = 0; i < 100 && connect(t.sock, (struct sockaddr *)&a, sizeof(a)); i++)
		usleep(50000);
	mfd = memfd_create("short", 0);
	if (mfd >= 0 && ftruncate(mfd, 4096) == 0) {
		vd_put64(b, 1u << 3);	/* REPLY_ACK */
		td_msg(&t, 16, 0, b, 8, NULL, 0);
		memset(b, 0, sizeof(b));
		vd_put32(b, 1);
		vd_put64(b + 8, 0x100000);
		vd_put64(b + 16, 16u << 20);
		vd_put64(b + 24, 0x7f0000000000ull);
		if (td_msg(&t, 5, 8, b, 40, &mfd, 1) == 0 && td_reply(&t, 5, b, 8) == 0)
			ok = vd_le64(b) != 0;
	}
	CHECK(ok, "SET_MEM_TABLE with a 4 KiB file for 16 MiB: not refused");
	CHECK(kill(p, 0) == 0, "device died on a short memory file");
	if (mfd >= 0)
		close(mfd);
	close(t.sock);
	CHECK(dev_stop(p) == 0, "exit after a short memory file");
}

static void test_process(void)
{
	char cmd[512];
	int rc;
	pid_t p;

	printf("-- process\n");
	snprintf(cmd, sizeof(cmd), "%s --queues 0 --socket /tmp/x 2>/dev/null", dev_bin);
	rc = system(cmd);
	CHECK(WIFEXITED(rc) && WEXITSTATUS(rc) == 2, "bad option: exit %d", WEXITSTATUS(rc));
	snprintf(cmd, sizeof(cmd), "%s --engine foo --socket /tmp/x 2>/dev/null", dev_bin);
	rc = system(cmd);
	CHECK(WIFEXITED(rc) && WEXITSTATUS(rc) == 2, "bad engine: exit %d", WEXITSTATUS(rc));
	/* --strict: a violation makes the exit code non-zero */
	p = dev_start("--strict --queues 2");
	if (!td_connect(&T, sock_path, NO_STATELESS, 3)) {
		uint8_t key[16] = { 0 };
		uint64_t sid;

		cipher_session(&T, VIRTIO_CRYPTO_CIPHER_AES_CBC, key, 15, true, &sid);
		td_close(&T);
	}
	rc = dev_stop(p);
	CHECK(rc == 3, "--strict after a violation: exit %d", rc);
	/* --strict, clean run: 0 */
	p = dev_start("--strict --queues 2");
	if (!td_connect(&T, sock_path, NO_STATELESS, 3)) {
		uint8_t key[16] = { 0 };
		uint64_t sid;

		CHECK(cipher_session(&T, VIRTIO_CRYPTO_CIPHER_AES_CBC, key, 16, true, &sid) == 0,
		      "strict create");
		CHECK(td_destroy(&T, VIRTIO_CRYPTO_CIPHER_DESTROY_SESSION, sid) == 0, "strict destroy");
		td_close(&T);
	}
	rc = dev_stop(p);
	CHECK(rc == 0, "--strict clean run: exit %d", rc);
}

/* Stateless requests (REVISION_1 + the four stateless bits). */
static int sl_req(const uint8_t *flf, uint32_t flf_len, uint32_t opcode, uint32_t flag,
		  uint64_t sid, const uint8_t *const *parts, const uint32_t *lens,
		  unsigned int n, uint8_t *out, uint32_t olen)
{
	uint8_t p[24 + 80] = { 0 };

	vd_put32(p, opcode);
	vd_put64(p + 8, sid);
	vd_put32(p + 16, flag);
	memcpy(p + 24, flf, flf_len);
	return data_req(&T, 0, p, 24 + flf_len, parts, lens, n, out, olen, NULL);
}

static void test_stateless(void)
{
	pid_t pid = dev_start("--queues 2");
	uint8_t key[32], akey[32], iv[16], in[512], aad[16], out[600], exp[600], f[80];
	EVP_CIPHER_CTX *x;
	unsigned int n = 0;
	int m = 0, st;
	uint64_t sid;

	printf("-- stateless mode\n");
	if (td_connect(&T, sock_path, SPLIT_ALL, 3) || (T.features & 0x3f) != 0x1f) {
		CHECK(0, "stateless: connect / features 0x%llx", (unsigned long long)T.features);
		td_close(&T);
		dev_stop(pid);
		return;
	}
	T.indirect = true;
	rnd(key, 32); rnd(akey, 32); rnd(iv, 16); rnd(in, 512); rnd(aad, 16);
	/* CIPHER: AES-256-CBC */
	x = EVP_CIPHER_CTX_new();
	EVP_EncryptInit_ex(x, EVP_aes_256_cbc(), NULL, key, iv);
	EVP_CIPHER_CTX_set_padding(x, 0);
	EVP_EncryptUpdate(x, exp, &m, in, 512);
	EVP_CIPHER_CTX_free(x);
	memset(f, 0, sizeof(f));
	vd_put32(f, VIRTIO_CRYPTO_CIPHER_AES_CBC);
	vd_put32(f + 4, 32);
	vd_put32(f + 8, VIRTIO_CRYPTO_OP_ENCRYPT);
	vd_put32(f + 12, 16);
	vd_put32(f + 16, 512);
	vd_put32(f + 20, 512);
	vd_put32(f + 72, VIRTIO_CRYPTO_SYM_OP_CIPHER);
	{
		const uint8_t *pp[3] = { key, iv, in };
		uint32_t ll[3] = { 32, 16, 512 };

		st = sl_req(f, 76, VIRTIO_CRYPTO_CIPHER_ENCRYPT, 0, 0, pp, ll, 3, out, 512);
		CHECK(st == 0 && !memcmp(out, exp, 512), "stateless AES-256-CBC: %d", st);
	}
	/* HASH SHA-256, then a session request in the stateless layout */
	{
		const uint8_t *pp[1] = { in };
		uint32_t ll[1] = { 300 };
		unsigned int dl = 0;

		EVP_Digest(in, 300, exp, &dl, EVP_sha256(), NULL);
		memset(f, 0, sizeof(f));
		vd_put32(f, VIRTIO_CRYPTO_HASH_SHA_256);
		vd_put32(f + 4, 300);
		vd_put32(f + 8, 32);
		st = sl_req(f, 16, VIRTIO_CRYPTO_HASH, 0, 0, pp, ll, 1, out, 32);
		CHECK(st == 0 && !memcmp(out, exp, 32), "stateless SHA-256: %d", st);
		st = hash_session(&T, VIRTIO_CRYPTO_HASH_SHA_256, 32, &sid);
		CHECK(st == 0, "hash session (REVISION_1 natural create layout): %d", st);
		vd_put32(f, 0);	/* sess_para zero */
		st = sl_req(f, 16, VIRTIO_CRYPTO_HASH, VCRYPTO_FLAG_SESSION_MODE, sid, pp, ll, 1,
			    out, 32);
		CHECK(st == 0 && !memcmp(out, exp, 32), "session request, stateless layout: %d", st);
		st = sl_req(f, 16, VIRTIO_CRYPTO_HASH, 2, sid, pp, ll, 1, out, 32);
		CHECK(st == VIRTIO_CRYPTO_ERR, "flag 2: %d", st);
		td_destroy(&T, VIRTIO_CRYPTO_HASH_DESTROY_SESSION, sid);
	}
	/* MAC HMAC-SHA256 */
	{
		const uint8_t *pp[2] = { akey, in };
		uint32_t ll[2] = { 32, 200 };

		HMAC(EVP_sha256(), akey, 32, in, 200, exp, &n);
		memset(f, 0, sizeof(f));
		vd_put32(f, VIRTIO_CRYPTO_MAC_HMAC_SHA_256);
		vd_put32(f + 4, 32);
		vd_put32(f + 8, 200);
		vd_put32(f + 12, 32);
		st = sl_req(f, 16, VIRTIO_CRYPTO_MAC, 0, 0, pp, ll, 2, out, 32);
		CHECK(st == 0 && !memcmp(out, exp, 32), "stateless HMAC-SHA256: %d", st);
	}
	/* AEAD AES-128-GCM, aad after src */
	{
		const uint8_t *pp[4] = { key, iv, in, aad };
		uint32_t ll[4] = { 16, 12, 100, 16 };
		int k = 0;

		x = EVP_CIPHER_CTX_new();
		EVP_EncryptInit_ex(x, EVP_aes_128_gcm(), NULL, key, iv);
		EVP_EncryptUpdate(x, NULL, &k, aad, 16);
		EVP_EncryptUpdate(x, exp, &k, in, 100);
		EVP_EncryptFinal_ex(x, exp + 100, &k);
		EVP_CIPHER_CTX_ctrl(x, EVP_CTRL_AEAD_GET_TAG, 16, exp + 100);
		EVP_CIPHER_CTX_free(x);
		memset(f, 0, sizeof(f));
		vd_put32(f, VIRTIO_CRYPTO_AEAD_GCM);
		vd_put32(f + 4, 16);
		vd_put32(f + 8, VIRTIO_CRYPTO_OP_ENCRYPT);
		vd_put32(f + 12, 12);
		vd_put32(f + 16, 16);
		vd_put32(f + 20, 16);
		vd_put32(f + 24, 100);
		vd_put32(f + 28, 116);
		st = sl_req(f, 32, VIRTIO_CRYPTO_AEAD_ENCRYPT, 0, 0, pp, ll, 4, out, 116);
		CHECK(st == 0 && !memcmp(out, exp, 116), "stateless AES-128-GCM: %d", st);
	}
	/* chain: AES-128-CBC then HMAC-SHA1 over the whole output */
	{
		const uint8_t *pp[4] = { key, akey, iv, in };
		uint32_t ll[4] = { 16, 20, 16, 256 };

		x = EVP_CIPHER_CTX_new();
		EVP_EncryptInit_ex(x, EVP_aes_128_cbc(), NULL, key, iv);
		EVP_CIPHER_CTX_set_padding(x, 0);
		EVP_EncryptUpdate(x, exp, &m, in, 256);
		EVP_CIPHER_CTX_free(x);
		HMAC(EVP_sha1(), akey, 20, exp, 256, exp + 256, &n);
		memset(f, 0, sizeof(f));
		vd_put32(f, VIRTIO_CRYPTO_SYM_ALG_CHAIN_ORDER_CIPHER_THEN_HASH);
		vd_put32(f + 8, VIRTIO_CRYPTO_CIPHER_AES_CBC);
		vd_put32(f + 12, 16);
		vd_put32(f + 16, VIRTIO_CRYPTO_OP_ENCRYPT);
		vd_put32(f + 20, VIRTIO_CRYPTO_MAC_HMAC_SHA1);
		vd_put32(f + 24, 20);
		vd_put32(f + 28, VIRTIO_CRYPTO_SYM_HASH_MODE_AUTH);
		vd_put32(f + 32, 16);
		vd_put32(f + 36, 256);
		vd_put32(f + 40, 256);
		vd_put32(f + 48, 256);
		vd_put32(f + 56, 256);
		vd_put32(f + 64, 20);
		vd_put32(f + 72, VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING);
		st = sl_req(f, 76, VIRTIO_CRYPTO_CIPHER_ENCRYPT, 0, 0, pp, ll, 4, out, 276);
		CHECK(st == 0 && !memcmp(out, exp, 276), "stateless chain: %d", st);
		/* bad key length in sess_para: the create checks apply */
		vd_put32(f + 12, 15);
		ll[0] = 15;
		st = sl_req(f, 76, VIRTIO_CRYPTO_CIPHER_ENCRYPT, 0, 0, pp, ll, 4, out, 276);
		CHECK(st == VIRTIO_CRYPTO_ERR, "stateless chain, 15-byte AES key: %d", st);
	}
	td_close(&T);
	CHECK(dev_stop(pid) == 0, "stateless: exit code");
}

/* ------------------------------------------------------- AKCIPHER */

static int ak_session(uint32_t algo, bool priv, const uint8_t *key, uint32_t kl,
		      uint32_t p1, uint32_t p2, uint64_t *sid)
{
	uint8_t r[72] = { 0 };

	vd_put32(r, VIRTIO_CRYPTO_AKCIPHER_CREATE_SESSION);
	vd_put32(r + 4, algo);
	vd_put32(r + 16, algo);
	vd_put32(r + 20, priv ? VIRTIO_CRYPTO_AKCIPHER_KEY_TYPE_PRIVATE :
		 VIRTIO_CRYPTO_AKCIPHER_KEY_TYPE_PUBLIC);
	vd_put32(r + 24, kl);
	vd_put32(r + 28, p1);
	vd_put32(r + 32, p2);
	return td_create(&T, r, 16 + 56, key, kl, NULL, 0, sid);
}

/* op 0..3; verify: in = signature, in2 = data. Returns status, *olen. */
static int ak_run(uint64_t sid, uint32_t op, const uint8_t *in, uint32_t il,
		  const uint8_t *in2, uint32_t i2l, uint8_t *out, uint32_t ol, uint32_t *used)
{
	uint8_t p[72] = { 0 };
	const uint8_t *parts[2] = { in, in2 };
	uint32_t lens[2] = { il, i2l };

	vd_put32(p, VIRTIO_CRYPTO_AKCIPHER_ENCRYPT + op);
	vd_put64(p + 8, sid);
	if (T.features & 1)
		vd_put32(p + 16, VCRYPTO_FLAG_SESSION_MODE);
	vd_put32(p + 24, il);
	vd_put32(p + 28, op == 3 ? i2l : ol);
	return data_req(&T, 0, p, 24 + data_flf(&T, 8), parts, lens, op == 3 ? 2 : 1, out,
			op == 3 ? 0 : ol, used);
}

static uint32_t der_priv(EVP_PKEY *k, uint8_t *buf)
{
	unsigned char *p = buf;

	return (uint32_t)i2d_PrivateKey(k, &p);
}

static uint32_t der_pub(EVP_PKEY *k, uint8_t *buf)
{
	unsigned char *p = buf;

	return (uint32_t)i2d_PublicKey(k, &p);
}

static void test_rsa(void)
{
	EVP_PKEY *k = EVP_RSA_gen(2048);
	EVP_PKEY_CTX *c;
	uint8_t priv[4096], pub[1024], dig[32], sig[256], out[512], ct[256], pt[100];
	uint32_t pl, ul, used = 0;
	uint64_t ps, us, rs;
	size_t n;
	int st;

	if (!k) {
		CHECK(0, "RSA key generation");
		return;
	}
	pl = der_priv(k, priv);
	ul = der_pub(k, pub);
	rnd(dig, 32);
	rnd(pt, sizeof(pt));
	/* PKCS#1 v1.5 sign with SHA-256 (hash id 6), verified here */
	st = ak_session(VCRYPTO_AKCIPHER_RSA, true, priv, pl, 1, 6, &ps);
	CHECK(st == 0, "RSA private session: %d", st);
	st = ak_session(VCRYPTO_AKCIPHER_RSA, false, pub, ul, 1, 6, &us);
	CHECK(st == 0, "RSA public session: %d", st);
	st = ak_run(ps, 2, dig, 32, NULL, 0, sig, 256, &used);
	c = EVP_PKEY_CTX_new(k, NULL);
	EVP_PKEY_verify_init(c);
	EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_PADDING);
	EVP_PKEY_CTX_set_signature_md(c, EVP_sha256());
	CHECK(st == 0 && used == 257 && EVP_PKEY_verify(c, sig, 256, dig, 32) == 1,
	      "RSA sign: status %d used %u", st, used);
	EVP_PKEY_CTX_free(c);
	st = ak_run(us, 3, sig, 256, dig, 32, NULL, 0, NULL);
	CHECK(st == 0, "RSA verify: %d", st);
	sig[10] ^= 1;
	st = ak_run(us, 3, sig, 256, dig, 32, NULL, 0, NULL);
	CHECK(st == VIRTIO_CRYPTO_KEY_REJECTED, "RSA verify, bad signature: %d", st);
	st = ak_run(us, 2, dig, 32, NULL, 0, sig, 256, NULL);
	CHECK(st == VIRTIO_CRYPTO_ERR, "RSA sign with a public key: %d", st);
	/* PKCS#1 v1.5 encrypt here, decrypt on the device, and back */
	c = EVP_PKEY_CTX_new(k, NULL);
	EVP_PKEY_encrypt_init(c);
	EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_PADDING);
	n = sizeof(ct);
	EVP_PKEY_encrypt(c, ct, &n, pt, sizeof(pt));
	EVP_PKEY_CTX_free(c);
	st = ak_run(ps, 1, ct, 256, NULL, 0, out, 256, &used);
	CHECK(st == 0 && used == sizeof(pt) + 1 && !memcmp(out, pt, sizeof(pt)),
	      "RSA PKCS#1 decrypt: status %d used %u", st, used);
	st = ak_run(us, 0, pt, sizeof(pt), NULL, 0, out, 256, &used);
	c = EVP_PKEY_CTX_new(k, NULL);
	EVP_PKEY_decrypt_init(c);
	EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_PADDING);
	n = sizeof(ct);
	CHECK(st == 0 && used == 257 && EVP_PKEY_decrypt(c, ct, &n, out, 256) == 1 &&
	      n == sizeof(pt) && !memcmp(ct, pt, n), "RSA PKCS#1 encrypt: status %d", st);
	EVP_PKEY_CTX_free(c);
	/* raw RSA: device encrypt (public) then device decrypt (private) */
	st = ak_session(VCRYPTO_AKCIPHER_RSA, true, priv, pl, 0, 0, &rs);
	CHECK(st == 0, "raw RSA session: %d", st);
	st = ak_run(us, 0, pt, sizeof(pt), NULL, 0, out, 256, NULL);
	td_destroy(&T, VIRTIO_CRYPTO_AKCIPHER_DESTROY_SESSION, us);
	st = ak_session(VCRYPTO_AKCIPHER_RSA, false, pub, ul, 0, 0, &us);
	st = st ? st : ak_run(us, 0, pt, sizeof(pt), NULL, 0, ct, 256, NULL);
	st = st ? st : ak_run(rs, 1, ct, 256, NULL, 0, out, 256, &used);
	CHECK(st == 0 && used == 257 && !memcmp(out + 256 - sizeof(pt), pt, sizeof(pt)),
	      "raw RSA round trip: status %d", st);
	st = ak_run(rs, 2, dig, 32, NULL, 0, sig, 256, NULL);
	CHECK(st == VIRTIO_CRYPTO_ERR, "raw RSA sign refused: %d", st);
	CHECK(ak_session(VCRYPTO_AKCIPHER_RSA, true, priv, pl - 1, 1, 6, &ps) == VIRTIO_CRYPTO_ERR,
	      "truncated RSA key refused");
	/* an even modulus: RSAPublicKey DER ends "02 03 01 00 01" (e = 65537),
	 * so the modulus' last byte sits just before it */
	{
		uint8_t even[1024];
		uint64_t es;

		memcpy(even, pub, ul);
		CHECK(ul > 6 && !memcmp(even + ul - 5, "\x02\x03\x01\x00\x01", 5),
		      "RSA public key DER layout");
		even[ul - 6] &= 0xfe;
		CHECK(ak_session(VCRYPTO_AKCIPHER_RSA, false, even, ul, 1, 6, &es) ==
		      VIRTIO_CRYPTO_ERR, "RSA key with an even modulus refused");
	}
	td_destroy(&T, VIRTIO_CRYPTO_AKCIPHER_DESTROY_SESSION, ps);
	td_destroy(&T, VIRTIO_CRYPTO_AKCIPHER_DESTROY_SESSION, us);
	td_destroy(&T, VIRTIO_CRYPTO_AKCIPHER_DESTROY_SESSION, rs);
	EVP_PKEY_free(k);
}

static void test_ecdsa_gen(const char *curve, uint32_t id)
{
	EVP_PKEY *k = EVP_EC_gen(curve);
	EVP_PKEY_CTX *c;
	uint8_t priv[512], pub[256], dig[48], sig[160];
	uint32_t pl, ul, used = 0;
	uint64_t ps, us;
	size_t sl = sizeof(sig);
	int st;

	pl = der_priv(k, priv);
	ul = der_pub(k, pub);
	rnd(dig, sizeof(dig));
	st = ak_session(VCRYPTO_AKCIPHER_ECDSA, true, priv, pl, id, 0, &ps);
	CHECK(st == 0, "%s private session: %d", curve, st);
	st = ak_session(VCRYPTO_AKCIPHER_ECDSA, false, pub, ul, id, 0, &us);
	CHECK(st == 0, "%s public session: %d", curve, st);
	st = ak_run(ps, 2, dig, 32, NULL, 0, sig, sizeof(sig), &used);
	c = EVP_PKEY_CTX_new(k, NULL);
	EVP_PKEY_verify_init(c);
	CHECK(st == 0 && used > 8 && EVP_PKEY_verify(c, sig, used - 1, dig, 32) == 1,
	      "%s sign: status %d used %u", curve, st, used);
	EVP_PKEY_CTX_free(c);
	c = EVP_PKEY_CTX_new(k, NULL);
	EVP_PKEY_sign_init(c);
	EVP_PKEY_sign(c, sig, &sl, dig, 32);
	EVP_PKEY_CTX_free(c);
	st = ak_run(us, 3, sig, (uint32_t)sl, dig, 32, NULL, 0, NULL);
	CHECK(st == 0, "%s verify: %d", curve, st);
	dig[0] ^= 1;
	st = ak_run(us, 3, sig, (uint32_t)sl, dig, 32, NULL, 0, NULL);
	CHECK(st == VIRTIO_CRYPTO_KEY_REJECTED, "%s verify, other digest: %d", curve, st);
	/* a key of another curve than the session says */
	st = ak_session(VCRYPTO_AKCIPHER_ECDSA, true, priv, pl, id == 3 ? 4 : 3, 0, &ps);
	CHECK(st == VIRTIO_CRYPTO_ERR, "%s key with the wrong curve id: %d", curve, st);
	td_destroy(&T, VIRTIO_CRYPTO_AKCIPHER_DESTROY_SESSION, us);
	EVP_PKEY_free(k);
}

struct ecv_arg { int n, nf; };

static int ecdsa_rec(const struct rec *r, void *a)
{
	struct ecv_arg *x = a;
	uint32_t ml = 0, xl = 0, yl = 0, rl = 0, sl = 0, id;
	const uint8_t *m = rec_get(r, "Msg", &ml), *qx = rec_get(r, "Qx", &xl);
	const uint8_t *qy = rec_get(r, "Qy", &yl), *rr = rec_get(r, "R", &rl);
	const uint8_t *ss = rec_get(r, "S", &sl);
	const char *res = NULL, *mdn;
	uint8_t pub[200], dig[64], der[200], *dp = der;
	unsigned int dl = 0;
	ECDSA_SIG *sig;
	int derl, st;
	uint64_t sid;

	for (int i = 0; i < r->n; i++)
		if (!strcmp(r->key[i], "Result"))
			res = r->raw[i];
	if (!m || !qx || !qy || !rr || !ss || !res)
		return 0;
	if (!strcmp(r->section, "[P-256,SHA-256]")) {
		id = 3; mdn = "SHA256";
	} else if (!strcmp(r->section, "[P-384,SHA-384]")) {
		id = 4; mdn = "SHA384";
	} else if (!strcmp(r->section, "[P-521,SHA-512]")) {
		id = 5; mdn = "SHA512";
	} else {
		return 0;
	}
	{
		uint32_t fl = id == 3 ? 32 : id == 4 ? 48 : 66;

		if (xl > fl || yl > fl)
			return 0;
		memset(pub, 0, sizeof(pub));
		pub[0] = 4;
		memcpy(pub + 1 + fl - xl, qx, xl);
		memcpy(pub + 1 + 2 * fl - yl, qy, yl);
		xl = yl = fl;
	}
	EVP_Digest(m, ml, dig, &dl, EVP_get_digestbyname(mdn), NULL);
	sig = ECDSA_SIG_new();
	ECDSA_SIG_set0(sig, BN_bin2bn(rr, (int)rl, NULL), BN_bin2bn(ss, (int)sl, NULL));
	derl = i2d_ECDSA_SIG(sig, &dp);
	ECDSA_SIG_free(sig);
	st = ak_session(VCRYPTO_AKCIPHER_ECDSA, false, pub, 1 + xl + yl, id, 0, &sid);
	if (st) {
		/* NIST "Q changed" records carry points not on the curve */
		CHECK(res[0] == 'F', "SigVer %s: valid key refused (%d, Qx %u Qy %u bytes)", r->section, st, xl, yl);
		x->nf++;
		return 0;
	}
	st = ak_run(sid, 3, der, (uint32_t)derl, dig, dl, NULL, 0, NULL);
	CHECK(res[0] == 'P' ? st == 0 : st == VIRTIO_CRYPTO_KEY_REJECTED,
	      "SigVer %s result %c: status %d", r->section, res[0], st);
	x->n++;
	x->nf += res[0] == 'F';
	td_destroy(&T, VIRTIO_CRYPTO_AKCIPHER_DESTROY_SESSION, sid);
	return 0;
}

static void test_akcipher(void)
{
	struct ecv_arg a = { 0, 0 };

	test_rsa();
	test_ecdsa_gen("P-256", 3);
	test_ecdsa_gen("P-384", 4);
	test_ecdsa_gen("P-521", 5);
	if (for_each_rec("asymmetric/ECDSA/FIPS_186-3/SigVer.rsp", ecdsa_rec, &a) < 0) {
		n_skip++;
		printf("SKIP ECDSA SigVer: vector file missing\n");
		return;
	}
	CHECK(a.n >= 30 && a.nf >= 10, "ECDSA SigVer: %d records, %d failing ones", a.n, a.nf);
}

/* Ring-independent garbage (split or packed): buffers outside memory. */
static void test_ring_garbage(void)
{
	uint8_t key[16] = { 9 }, iv[16] = { 0 }, in[32] = { 1 }, out[32];
	struct td_seg s[2] = { { T.mem + TD_MEM_SIZE + 8192, 72, false },
			       { T.mem + 0x200000, 1, true } };
	uint32_t id, len = 1;
	uint64_t sid;
	int head, st;

	head = td_post(&T, 0, s, 2);
	CHECK(td_wait(&T, 0, 3000, &id, &len) && (int)id == head && len == 0,
	      "%s: buffer outside memory: id %u (head %d) len %u",
	      T.packed ? "packed" : "split", id, head, len);
	s[0].p = T.mem + 0x200100;
	s[0].len = 0xfff00000u;	/* runs past the region */
	if (!T.frag) {	/* (fragmenting it would need millions of descriptors) */
		head = td_post(&T, 0, s, 2);
		CHECK(td_wait(&T, 0, 3000, &id, &len) && (int)id == head && len == 0,
		      "huge length: id %u len %u", id, len);
	}
	st = cipher_session(&T, VIRTIO_CRYPTO_CIPHER_AES_CBC, key, 16, true, &sid);
	st = st ? st : cipher_run(&T, sid, true, iv, 16, in, 32, out);
	CHECK(st == 0, "still serving after garbage: %d", st);
	td_destroy(&T, VIRTIO_CRYPTO_CIPHER_DESTROY_SESSION, sid);
}

/*
 * Ring indexes are published with single stores: a driver polling the used
 * index while the device completes must never see it run backwards. With
 * byte-wise stores a read between the two bytes of 0x7cff -> 0x7d00 gives
 * 0x7c00 (seen by vcrypto's virtio-user tests as "used idx 31744 - 31999
 * = 65281 > 1 in flight" and a device reset). A second thread polls the
 * used index while vd_vring_push() completes 2^23 entries.
 */
struct idx_watch {
	const volatile uint8_t *used;
	uint64_t pushed;	/* entries completed (written after each push) */
	volatile int stop;
	uint64_t reads, torn;
	uint16_t bad_idx;
	uint64_t bad_lo, bad_hi;
};

/* An index read between two reads of the push count c1 <= c2 must lie in
 * [c1, c2 + 1] (mod 2^16): a push may have stored its index but not yet
 * its count. */
static void *idx_watch_run(void *arg)
{
	struct idx_watch *w = arg;
	uint64_t c1, c2;
	uint16_t v;

	while (!w->stop) {
		c1 = __atomic_load_n(&w->pushed, __ATOMIC_ACQUIRE);
		v = le16toh(__atomic_load_n((const uint16_t *)(uintptr_t)(w->used + 2),
					    __ATOMIC_ACQUIRE));
		c2 = __atomic_load_n(&w->pushed, __ATOMIC_ACQUIRE);
		if (c2 - c1 >= 0xffff)
			continue;	/* preempted: no bound */
		w->reads++;
		if ((uint16_t)(v - (uint16_t)c1) > c2 + 1 - c1 && !w->torn++) {
			w->bad_idx = v;
			w->bad_lo = c1;
			w->bad_hi = c2 + 1;
		}
	}
	return NULL;
}

static void test_index_single_store(void)
{
	static uint8_t ring[4096] __attribute__((aligned(64)));
	struct vd_vring vr = { .num = 256 };
	struct idx_watch w = { .used = ring };
	pthread_t th;

	vr.desc = vr.avail = vr.used = ring;
	if (pthread_create(&th, NULL, idx_watch_run, &w) != 0) {
		n_skip++;
		printf("SKIP %s: no thread\n", __func__);
		return;
	}
	for (uint32_t i = 0; i < (1u << 23); i++) {
		vd_vring_push(&vr, i & 255, 0, 1);
		__atomic_store_n(&w.pushed, i + 1ull, __ATOMIC_RELEASE);
	}
	w.stop = 1;
	pthread_join(th, NULL);
	CHECK(w.torn == 0 && w.reads > 0,
	      "used index outside what was published %" PRIu64 " times in %"
	      PRIu64 " reads (first %#x, published %#" PRIx64 "..%#" PRIx64 ")",
	      w.torn, w.reads, w.bad_idx, w.bad_lo & 0xffff, w.bad_hi & 0xffff);
}

/* EVENT_IDX (split): avail_event published, calls only when used_event says. */
static void test_event_idx(void)
{
	struct td_q *q = &T.q[0];
	uint8_t key[16] = { 0 }, iv[16] = { 0 }, in[16] = { 0 }, out[16];
	uint64_t sid, v = 0;
	int st;

	if (T.packed || !(T.features >> 29 & 1))
		return;
	if (cipher_session(&T, VIRTIO_CRYPTO_CIPHER_AES_CBC, key, 16, true, &sid))
		return;
	/* used_event = current used idx: the next completion must call */
	q->avail[4 + 2 * TD_QSIZE] = (uint8_t)q->last_used;
	q->avail[5 + 2 * TD_QSIZE] = (uint8_t)(q->last_used >> 8);
	v = td_calls(&T, 0);
	st = cipher_run(&T, sid, true, iv, 16, in, 16, out);
	usleep(20000);
	CHECK(st == 0 && td_calls(&T, 0) > v, "EVENT_IDX: no call when asked");
	CHECK((uint16_t)(q->used[4 + 8 * TD_QSIZE] | q->used[5 + 8 * TD_QSIZE] << 8) ==
	      q->avail_idx, "EVENT_IDX: avail_event not the next avail index");
	/* used_event far ahead: no call */
	q->avail[4 + 2 * TD_QSIZE] = (uint8_t)(q->last_used + 100);
	q->avail[5 + 2 * TD_QSIZE] = (uint8_t)((q->last_used + 100) >> 8);
	v = td_calls(&T, 0);
	st = cipher_run(&T, sid, true, iv, 16, in, 16, out);
	usleep(20000);
	CHECK(st == 0 && td_calls(&T, 0) == v, "EVENT_IDX: call although used_event is ahead");
	q->avail[4 + 2 * TD_QSIZE] = 0;
	q->avail[5 + 2 * TD_QSIZE] = 0;
	td_destroy(&T, VIRTIO_CRYPTO_CIPHER_DESTROY_SESSION, sid);
}

/*
 * The suppression word a driver reads before it kicks: packed device
 * event flags, split used flags, or (EVENT_IDX) avail_event.
 */
static uint16_t poll_word(const struct td *t, bool ei)
{
	const struct td_q *q = &t->q[0];

	if (t->packed)
		return (uint16_t)(q->used[2] | q->used[3] << 8);
	if (ei)
		return (uint16_t)(q->used[4 + 8 * TD_QSIZE] | q->used[5 + 8 * TD_QSIZE] << 8);
	return (uint16_t)(q->used[0] | q->used[1] << 8);
}

/*
 * --poll-us: after a request the device polls the data queue for that
 * long, with kicks off (a request posted without a kick is served); then
 * kicks are re-enabled before it sleeps (a kicked request is served).
 */
static void poll_case(uint64_t feat, bool ei, const char *label)
{
	pid_t p = dev_start("--queues 1 --poll-us 300000");
	uint8_t key[16] = { 0 }, iv[16] = { 0 }, in[16] = { 0 }, out[16];
	uint16_t w;
	uint64_t sid;
	int st;

	if (td_connect(&T, sock_path, feat, 2) ||
	    cipher_session(&T, VIRTIO_CRYPTO_CIPHER_AES_CBC, key, 16, true, &sid)) {
		CHECK(0, "poll %s: connect/session", label);
		td_close(&T);
		dev_stop(p);
		return;
	}
	CHECK(T.packed == !!(feat & PACKED) && (T.packed || !!(T.features >> 29 & 1) == ei),
	      "poll %s: features 0x%llx", label, (unsigned long long)T.features);
	st = cipher_run(&T, sid, true, iv, 16, in, 16, out);
	CHECK(st == 0, "poll %s: first request status %d", label, st);
	usleep(20000);
	w = poll_word(&T, ei);
	if (ei)
		CHECK(w != T.q[0].avail_idx, "poll %s: avail_event advanced while polling", label);
	else
		CHECK(w == 1, "poll %s: kicks not off while polling (0x%x)", label, w);
	T.no_kick = true;
	st = cipher_run(&T, sid, true, iv, 16, in, 16, out);
	T.no_kick = false;
	CHECK(st == 0, "poll %s: request without a kick not served (%d)", label, st);
	usleep(800000);		/* the window is over: the device sleeps */
	w = poll_word(&T, ei);
	CHECK(ei ? w == T.q[0].avail_idx : w == 0,
	      "poll %s: kicks not re-enabled after the window (0x%x)", label, w);
	st = cipher_run(&T, sid, true, iv, 16, in, 16, out);
	CHECK(st == 0, "poll %s: kicked request after the window status %d", label, st);
	td_destroy(&T, VIRTIO_CRYPTO_CIPHER_DESTROY_SESSION, sid);
	td_close(&T);
	CHECK(dev_stop(p) == 0, "poll %s: device exit", label);
}

static void test_poll(void)
{
	printf("-- busy polling (--poll-us)\n");
	poll_case(NO_STATELESS, true, "split, EVENT_IDX");
	poll_case(NO_STATELESS & ~(1ull << 29), false, "split, no EVENT_IDX");
	poll_case(NO_STATELESS | PACKED, false, "packed");
}

/* REVISION_1 without stateless: flag 0 is refused (1.4 SHOULD). */
static void test_flag_rev1(void)
{
	uint8_t in[16] = { 0 }, out[32];
	const uint8_t *pp[1] = { in };
	uint32_t ll[1] = { 16 };
	uint8_t p[32] = { 0 };
	uint64_t sid;
	int st;

	if (!(T.features & 1) || hash_session(&T, VIRTIO_CRYPTO_HASH_SHA1, 20, &sid))
		return;
	vd_put32(p, VIRTIO_CRYPTO_HASH);
	vd_put64(p + 8, sid);
	vd_put32(p + 24, 16);
	vd_put32(p + 28, 20);
	st = data_req(&T, 0, p, 32, pp, ll, 1, out, 20, NULL);
	CHECK(st == VIRTIO_CRYPTO_ERR, "REVISION_1, flag 0 without stateless: %d", st);
	vd_put32(p + 16, VCRYPTO_FLAG_SESSION_MODE);
	st = data_req(&T, 0, p, 32, pp, ll, 1, out, 20, NULL);
	CHECK(st == 0, "REVISION_1, flag SESSION_MODE: %d", st);
	td_destroy(&T, VIRTIO_CRYPTO_HASH_DESTROY_SESSION, sid);
}

/*
 * Session messages (vd_sessmsg.c), transport-free: each payload layout
 * QEMU or DPDK sends becomes a session of the device, its id (or minus
 * the status) where that layout keeps it; sizes, keys and opcodes refused.
 * End to end: the PMD's virtio-user stage and the QEMU guests
 * (run.sh --backend device-sessions).
 */
static void sess_payload(uint8_t *p, enum vd_sess_layout l, uint32_t op_type, uint32_t klen,
			 uint32_t aklen)
{
	uint32_t fb = l == VD_SL_632 ? 12 : 8, v;
	uint64_t op = VIRTIO_CRYPTO_CIPHER_CREATE_SESSION;

	memset(p, 0, 1072);
	if (l == VD_SL_632) {
		v = (uint32_t)op;
		memcpy(p + 8, &v, 4);
	} else if (l == VD_SL_1072) {
		memcpy(p, &op, 8);
	}
	v = VIRTIO_CRYPTO_CIPHER_AES_CBC;
	memcpy(p + fb, &v, 4);
	memcpy(p + fb + 4, &klen, 4);
	if (op_type == VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING) {
		v = VIRTIO_CRYPTO_MAC_HMAC_SHA1;
		memcpy(p + fb + 8, &v, 4);
		v = 20;
		memcpy(p + fb + 12, &v, 4);
		memcpy(p + fb + 16, &aklen, 4);
		p[fb + 26] = VIRTIO_CRYPTO_SYM_HASH_MODE_AUTH;
		p[fb + 27] = VIRTIO_CRYPTO_SYM_ALG_CHAIN_ORDER_CIPHER_THEN_HASH;
	}
	p[fb + 24] = (uint8_t)op_type;
	p[fb + 25] = VIRTIO_CRYPTO_OP_ENCRYPT;
	memset(p + fb + 32, 0xa5, 16);	/* the front end's own pointers */
	memset(p + 56, 0x11, klen < 64 ? klen : 64);
	memset(p + 120, 0x22, aklen < 512 ? aklen : 512);
}

static int64_t sess_id(const uint8_t *reply, enum vd_sess_layout l)
{
	int64_t id;

	memcpy(&id, reply + (l == VD_SL_1072 ? 1064 : 0), 8);
	return id;
}

static void test_sessmsg(void)
{
	static const struct { enum vd_sess_layout l; const char *name; } ls[] = {
		{ VD_SL_632, "632" }, { VD_SL_632_QEMU, "qemu-632" }, { VD_SL_1072, "1072" },
	};
	struct vd_crypto_opts o = { .engine = &vd_engine_openssl, .services = 0x1f,
				    .max_dataqueues = 1, .max_sessions = 8,
				    .max_size = 1 << 20 };
	struct vd_crypto *d = vd_crypto_new(&o);
	uint8_t p[1072], r[1072];
	uint32_t v;
	int st;

	printf("-- session messages (vd_sessmsg.c)\n");
	if (!d || !vd_crypto_set_features(d, 0)) {
		CHECK(0, "sessmsg: device");
		vd_crypto_free(d);
		return;
	}
	CHECK(vd_sessmsg_parse("632") == VD_SL_632 && vd_sessmsg_parse("qemu-632") ==
	      VD_SL_632_QEMU && vd_sessmsg_parse("1072") == VD_SL_1072 &&
	      vd_sessmsg_parse("1056") == VD_SL_NONE, "layout names");
	for (unsigned int i = 0; i < sizeof(ls) / sizeof(ls[0]); i++) {
		enum vd_sess_layout l = ls[i].l;
		uint32_t n = vd_sessmsg_size(l);
		uint8_t b[8];
		int64_t id, id2;

		sess_payload(p, l, VIRTIO_CRYPTO_SYM_OP_CIPHER, 16, 0);
		memset(r, 0xee, sizeof(r));
		st = vd_sessmsg_create(d, l, p, n, r);
		id = sess_id(r, l);
		CHECK(st == VIRTIO_CRYPTO_OK && id >= 0 && vd_crypto_live_sessions(d) == 1,
		      "%s: AES-128-CBC session: status %d id %lld", ls[i].name, st, (long long)id);
		CHECK(!memcmp(r + 56, p + 56, 16) && (n == 1072 || r[n] == 0xee),
		      "%s: reply echoes the payload, nothing past it", ls[i].name);
		sess_payload(p, l, VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING, 32, 64);
		st = vd_sessmsg_create(d, l, p, n, r);
		id2 = sess_id(r, l);
		CHECK(st == VIRTIO_CRYPTO_OK && id2 >= 0 && id2 != id,
		      "%s: AES-256-CBC + HMAC-SHA1 chain: status %d", ls[i].name, st);
		sess_payload(p, l, VIRTIO_CRYPTO_SYM_OP_CIPHER, 65, 0);
		st = vd_sessmsg_create(d, l, p, n, r);
		CHECK(st == VIRTIO_CRYPTO_ERR && sess_id(r, l) == -VIRTIO_CRYPTO_ERR,
		      "%s: 65-byte key refused: status %d id %lld", ls[i].name, st,
		      (long long)sess_id(r, l));
		sess_payload(p, l, VIRTIO_CRYPTO_SYM_OP_CIPHER, 17, 0);
		st = vd_sessmsg_create(d, l, p, n, r);
		CHECK(st != VIRTIO_CRYPTO_OK && sess_id(r, l) < 0,
		      "%s: 17-byte AES key refused: status %d", ls[i].name, st);
		sess_payload(p, l, VIRTIO_CRYPTO_SYM_OP_NONE, 16, 0);
		st = vd_sessmsg_create(d, l, p, n, r);
		CHECK(st == VIRTIO_CRYPTO_NOTSUPP && sess_id(r, l) == -VIRTIO_CRYPTO_NOTSUPP,
		      "%s: op_type NONE: NOTSUPP (%d)", ls[i].name, st);
		CHECK(vd_sessmsg_create(d, l, p, n == 632 ? 1072 : 632, r) == -1,
		      "%s: payload of the other size refused", ls[i].name);
		vd_put64(b, (uint64_t)id);
		CHECK(vd_sessmsg_close(d, b, 8) == VIRTIO_CRYPTO_OK, "%s: close", ls[i].name);
		CHECK(vd_sessmsg_close(d, b, 8) == VIRTIO_CRYPTO_ERR, "%s: close twice refused",
		      ls[i].name);
		vd_put64(b, (uint64_t)id2);
		CHECK(vd_sessmsg_close(d, b, 4) == -1, "%s: close with 4 bytes refused",
		      ls[i].name);
		CHECK(vd_sessmsg_close(d, b, 8) == VIRTIO_CRYPTO_OK &&
		      vd_crypto_live_sessions(d) == 0, "%s: no session left", ls[i].name);
	}
	/* Opcodes a layout cannot carry, or a device refuses. */
	sess_payload(p, VD_SL_632, VIRTIO_CRYPTO_SYM_OP_CIPHER, 16, 0);
	v = VIRTIO_CRYPTO_HASH_CREATE_SESSION;
	memcpy(p + 8, &v, 4);
	st = vd_sessmsg_create(d, VD_SL_632, p, 632, r);
	CHECK(st == VIRTIO_CRYPTO_NOTSUPP && sess_id(r, VD_SL_632) == -VIRTIO_CRYPTO_NOTSUPP,
	      "632: HASH_CREATE_SESSION not supported (%d)", st);
	memset(p, 0, sizeof(p));
	p[0] = VIRTIO_CRYPTO_AKCIPHER_CREATE_SESSION & 0xff;
	p[1] = VIRTIO_CRYPTO_AKCIPHER_CREATE_SESSION >> 8;
	v = VCRYPTO_AKCIPHER_RSA;
	memcpy(p + 8, &v, 4);
	v = VIRTIO_CRYPTO_AKCIPHER_KEY_TYPE_PUBLIC;
	memcpy(p + 12, &v, 4);
	v = 1025;
	memcpy(p + 16, &v, 4);
	st = vd_sessmsg_create(d, VD_SL_1072, p, 1072, r);
	CHECK(st == VIRTIO_CRYPTO_ERR && sess_id(r, VD_SL_1072) == -VIRTIO_CRYPTO_ERR,
	      "1072: RSA key over its 1024-byte buffer refused (%d)", st);
	v = 16;
	memcpy(p + 16, &v, 4);
	memset(p + 40, 0x30, 16);	/* not DER */
	st = vd_sessmsg_create(d, VD_SL_1072, p, 1072, r);
	CHECK(st != VIRTIO_CRYPTO_OK && sess_id(r, VD_SL_1072) < 0,
	      "1072: RSA session with a key that is not DER refused (%d)", st);
	CHECK(vd_sessmsg_create(d, VD_SL_NONE, p, 0, r) == -1, "no layout: refused");
	vd_crypto_free(d);
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: %s DEVICE VECTORS_DIR\n", argv[0]);
		return 2;
	}
	dev_bin = argv[1];
	vec_dir = argv[2];
	signal(SIGPIPE, SIG_IGN);
	setvbuf(stdout, NULL, _IOLBF, 0);
	test_index_single_store();
	test_sessmsg();
	if (getenv("VD_TEST_PACKED_ONLY"))
		goto packed;
	with_device("--queues 2", NO_STATELESS, true, 0, "REVISION_1, indirect", true);
	with_device("--queues 2 --no-revision-1", SPLIT_ALL, false, 0, "legacy, direct", true);
	with_device("--queues 2", ~0x3full & ~PACKED, true, 13, "legacy negotiated, 13-byte fragments",
		    false);
	test_stateless();
packed:
	with_device("--queues 2", NO_STATELESS | PACKED, true, 0, "packed ring, indirect", false);
	with_device("--queues 2", NO_STATELESS | PACKED, false, 0,
		    "packed ring, direct chains (wrapping)", false);
	test_null_engine();
	test_poll();
	test_faults();
	test_fault_reset_close();
	test_short_memfd();
	test_process();
	printf("%d passed, %d failed, %d skipped\n", n_pass, n_fail, n_skip);
	return n_fail ? 1 : 0;
}
