/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * NIST CAVP RSA PKCS#1 v1.5 vectors (FIPS 186-2/186-3, as shipped by
 * python3-cryptography-vectors): SigGen15 signs the digest of each message
 * and compares the signature byte for byte (v1.5 signing is
 * deterministic); SigVer15 verifies and expects the file's P/F verdict.
 * One output line per vector.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "at.h"
#include "../tv_report.h"

#define LINE_MAX_LEN	4096
#define MSG_MAX		1024

/* The fields of the current record; values persist until overwritten. */
struct rec {
	unsigned int mod;
	struct at_bn n, e, d;
	char alg[16];
	uint8_t msg[MSG_MAX];
	size_t msg_len;
	struct at_bn s;
	char result;
};

typedef void (*rec_fn)(struct at_dev *d, struct rec *r, void *ctx);

/* Feed every "key = value" line to r; call fn when trig is seen. */
static int
parse(const char *path, const char *trig, struct at_dev *d, rec_fn fn,
      void *ctx)
{
	FILE *f = fopen(path, "r");
	char line[LINE_MAX_LEN], *v;
	struct rec *r = calloc(1, sizeof(*r));
	int rc = 0;

	if (f == NULL || r == NULL) {
		free(r);
		if (f != NULL)
			fclose(f);
		return -errno;
	}
	while (rc == 0 && fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		if (sscanf(line, "[mod = %u]", &r->mod) == 1)
			continue;
		v = strstr(line, " = ");
		if (line[0] == '#' || v == NULL)
			continue;
		*v = '\0';
		v += 3;
		if (strcmp(line, "n") == 0)
			rc = at_hex(v, r->n.b, AT_MOD_MAX, &r->n.len);
		else if (strcmp(line, "e") == 0)
			rc = at_hex(v, r->e.b, AT_MOD_MAX, &r->e.len);
		else if (strcmp(line, "d") == 0)
			rc = at_hex(v, r->d.b, AT_MOD_MAX, &r->d.len);
		else if (strcmp(line, "S") == 0)
			rc = at_hex(v, r->s.b, AT_MOD_MAX, &r->s.len);
		else if (strcmp(line, "Msg") == 0)
			rc = at_hex(v, r->msg, MSG_MAX, &r->msg_len);
		else if (strcmp(line, "SHAAlg") == 0)
			snprintf(r->alg, sizeof(r->alg), "%s", v);
		else if (strcmp(line, "Result") == 0)
			r->result = v[0];
		if (rc == 0 && strcmp(line, trig) == 0)
			fn(d, r, ctx);
	}
	fclose(f);
	free(r);
	return rc;
}

/*
 * The standard leaves the RSA hash list to the device (QEMU's nettle
 * backend: MD5, SHA-1, SHA-256, SHA-512). vcrypto opens PKCS#1/SHA-256
 * sessions when the DPDK session is made, so only SHA-256 must work; any
 * other may be refused, but only by the device: INVALID_ARGS with no
 * refusal on the control queue is the driver's own error (at_wire.c).
 */
static bool
refused(const char *alg, uint8_t st)
{
	return st == RTE_CRYPTO_OP_STATUS_INVALID_ARGS &&
	       strcmp(alg, "SHA256") != 0 &&
	       at_wire_refused_hash(at_hash_by_name(alg));
}

/* --- SigGen ---------------------------------------------------------------- */

struct gen_ctx {
	struct at_key key;
	void *sess;
	bool key_ok;
	unsigned int idx;
};

static bool
same_bn(const struct at_bn *a, const struct at_bn *b)
{
	return a->len == b->len && memcmp(a->b, b->b, a->len) == 0;
}

/* A new key when n, e or d changed: factor n and open a session. */
static void
gen_key(struct at_dev *d, struct rec *r, struct gen_ctx *g)
{
	int rc;

	if (g->key_ok && same_bn(&g->key.n, &r->n) &&
	    same_bn(&g->key.e, &r->e) && same_bn(&g->key.d, &r->d))
		return;
	at_sess_free(d, g->sess);
	g->sess = NULL;
	at_key_free(&g->key);
	g->key_ok = at_key_from_ned(&g->key, &r->n, &r->e, &r->d) == 0;
	if (!g->key_ok) {
		tv_note("siggen mod %u: cannot factor n from (n, e, d)", r->mod);
		return;
	}
	g->sess = at_sess_new(d, &g->key, true, &rc);
	if (g->sess == NULL)
		tv_note("siggen mod %u: session create failed: %d", r->mod, rc);
}

static void
gen_one(struct at_dev *d, struct rec *r, void *ctx)
{
	struct gen_ctx *g = ctx;
	const struct at_hash *h = at_hash_by_name(r->alg);
	uint8_t dg[64], di[96], sig[AT_MOD_MAX];
	struct rte_crypto_op *op = NULL;
	char name[64];
	uint8_t st;

	snprintf(name, sizeof(name), "siggen15-%u-%s-%u", r->mod, r->alg,
		 g->idx++);
	if (!tv_want(name))
		return;
	gen_key(d, r, g);
	if (h == NULL || g->sess == NULL || d->dead) {
		tv_fail(name, h == NULL ? "unknown hash" : d->dead ?
			"device given up on" : "no session for the key");
		return;
	}
	op = at_op_new(d);
	if (op == NULL) {
		tv_fail(name, "no op");
		return;
	}
	at_digest(h, r->msg, r->msg_len, dg);
	rte_crypto_op_attach_asym_session(op, g->sess);
	op->asym->rsa.op_type = RTE_CRYPTO_ASYM_OP_SIGN;
	at_op_set_digest(d, op, h, dg, di);
	op->asym->rsa.sign.data = sig;
	st = at_dev_run1(d, op);
	if (refused(r->alg, st))
		tv_skip(name, "device refused PKCS#1 v1.5 with %s (op %s)",
			r->alg, at_status_str(st));
	else if (st == RTE_CRYPTO_OP_STATUS_ERROR && r->s.b[0] == 0)
		tv_skip(name, "signature starts with a zero byte and the device "
			"failed the op (QEMU nettle returns it one byte short)");
	else if (st != RTE_CRYPTO_OP_STATUS_SUCCESS)
		tv_fail(name, "status %s", at_status_str(st));
	else if (op->asym->rsa.sign.length != r->s.len ||
		 memcmp(sig, r->s.b, r->s.len) != 0)
		tv_fail(name, "signature differs (%zu bytes, expected %zu)",
			op->asym->rsa.sign.length, r->s.len);
	else
		tv_pass(name, NULL);
	at_op_free(d, op);
}

void
at_cavp_siggen(struct at_dev *d, const char *dir)
{
	struct gen_ctx g;
	char path[512];
	int rc;

	memset(&g, 0, sizeof(g));
	snprintf(path, sizeof(path), "%s/asymmetric/RSA/FIPS_186-2/"
		 "SigGen15_186-2.txt", dir);
	rc = parse(path, "S", d, gen_one, &g);
	if (rc != 0)
		tv_fail("siggen15-file", "%s: %s", path, strerror(-rc));
	at_sess_free(d, g.sess);
	at_key_free(&g.key);
}

/* --- SigVer ---------------------------------------------------------------- */

struct ver_ctx {
	struct at_key key;
	void *sess;
	unsigned int idx;
};

static void
ver_one(struct at_dev *d, struct rec *r, void *ctx)
{
	struct ver_ctx *vc = ctx;
	const struct at_hash *h = at_hash_by_name(r->alg);
	uint8_t dg[64], di[96];
	struct rte_crypto_op *op;
	uint8_t st, want;
	char name[64];
	int rc;

	snprintf(name, sizeof(name), "sigver15-%u-%s-%u-%c", r->mod, r->alg,
		 vc->idx++, r->result);
	if (!tv_want(name))
		return;
	if (h == NULL || d->dead) {
		tv_fail(name, h == NULL ? "unknown hash" : "device given up on");
		return;
	}
	if (vc->sess == NULL || !same_bn(&vc->key.n, &r->n) ||
	    !same_bn(&vc->key.e, &r->e)) {
		at_sess_free(d, vc->sess);
		at_key_free(&vc->key);
		at_key_public(&vc->key, &r->n, &r->e);
		vc->sess = at_sess_new(d, &vc->key, false, &rc);
		if (vc->sess == NULL) {
			tv_fail(name, "session create failed: %d", rc);
			return;
		}
	}
	op = at_op_new(d);
	if (op == NULL) {
		tv_fail(name, "no op");
		return;
	}
	at_digest(h, r->msg, r->msg_len, dg);
	rte_crypto_op_attach_asym_session(op, vc->sess);
	op->asym->rsa.op_type = RTE_CRYPTO_ASYM_OP_VERIFY;
	at_op_set_digest(d, op, h, dg, di);
	op->asym->rsa.sign.data = r->s.b;
	op->asym->rsa.sign.length = r->s.len;
	want = r->result == 'P' ? RTE_CRYPTO_OP_STATUS_SUCCESS :
				  RTE_CRYPTO_OP_STATUS_AUTH_FAILED;
	st = at_dev_run1(d, op);
	if (st == want)
		tv_pass(name, NULL);
	else if (refused(r->alg, st))
		tv_skip(name, "device refused PKCS#1 v1.5 with %s (op %s)",
			r->alg, at_status_str(st));
	else
		tv_fail(name, "status %s, expected %s", at_status_str(st),
			at_status_str(want));
	at_op_free(d, op);
}

void
at_cavp_sigver(struct at_dev *d, const char *dir)
{
	struct ver_ctx vc;
	char path[512];
	int rc;

	memset(&vc, 0, sizeof(vc));
	snprintf(path, sizeof(path), "%s/asymmetric/RSA/FIPS_186-2/"
		 "SigVer15_186-3.rsp", dir);
	rc = parse(path, "Result", d, ver_one, &vc);
	if (rc != 0)
		tv_fail("sigver15-file", "%s: %s", path, strerror(-rc));
	at_sess_free(d, vc.sess);
	at_key_free(&vc.key);
}
