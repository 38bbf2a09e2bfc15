/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * One RSA op of each type through the device under test, PKCS#1 v1.5 by
 * default: build, run (bounded), read back the output length, free.
 */
#include "at.h"

/* An op on sess of type t with PKCS#1 v1.5 padding. */
struct rte_crypto_op *
at_mk(struct at_dev *d, void *sess, enum rte_crypto_asym_op_type t)
{
	struct rte_crypto_op *op = at_op_new(d);

	if (op == NULL)
		return NULL;
	rte_crypto_op_attach_asym_session(op, sess);
	op->asym->rsa.op_type = t;
	op->asym->rsa.padding.type = RTE_CRYPTO_RSA_PADDING_PKCS1_5;
	return op;
}

uint8_t
at_run_encrypt(struct at_dev *d, void *sess, uint8_t *m, size_t ml, uint8_t *c,
	    size_t *cl)
{
	struct rte_crypto_op *op = at_mk(d, sess, RTE_CRYPTO_ASYM_OP_ENCRYPT);
	uint8_t st;

	if (op == NULL)
		return 0xff;
	op->asym->rsa.message.data = m;
	op->asym->rsa.message.length = ml;
	op->asym->rsa.cipher.data = c;
	st = at_dev_run1(d, op);
	*cl = op->asym->rsa.cipher.length;
	at_op_free(d, op);
	return st;
}

uint8_t
at_run_decrypt(struct at_dev *d, void *sess, uint8_t *c, size_t cl, uint8_t *m,
	    size_t *ml)
{
	struct rte_crypto_op *op = at_mk(d, sess, RTE_CRYPTO_ASYM_OP_DECRYPT);
	uint8_t st;

	if (op == NULL)
		return 0xff;
	op->asym->rsa.cipher.data = c;
	op->asym->rsa.cipher.length = cl;
	op->asym->rsa.message.data = m;
	st = at_dev_run1(d, op);
	*ml = op->asym->rsa.message.length;
	at_op_free(d, op);
	return st;
}

uint8_t
at_run_sign(struct at_dev *d, void *sess, const struct at_hash *h, uint8_t *dg,
	 uint8_t *sig, size_t *sl)
{
	struct rte_crypto_op *op = at_mk(d, sess, RTE_CRYPTO_ASYM_OP_SIGN);
	uint8_t di[96], st;

	if (op == NULL)
		return 0xff;
	at_op_set_digest(d, op, h, dg, di);
	op->asym->rsa.sign.data = sig;
	st = at_dev_run1(d, op);
	*sl = op->asym->rsa.sign.length;
	at_op_free(d, op);
	return st;
}

uint8_t
at_run_verify(struct at_dev *d, void *sess, const struct at_hash *h, uint8_t *dg,
	   uint8_t *sig, size_t sl)
{
	struct rte_crypto_op *op = at_mk(d, sess, RTE_CRYPTO_ASYM_OP_VERIFY);
	uint8_t di[96], st;

	if (op == NULL)
		return 0xff;
	at_op_set_digest(d, op, h, dg, di);
	op->asym->rsa.sign.data = sig;
	op->asym->rsa.sign.length = sl;
	st = at_dev_run1(d, op);
	at_op_free(d, op);
	return st;
}

