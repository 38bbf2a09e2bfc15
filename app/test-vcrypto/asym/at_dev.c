/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * The cryptodev under test: one queue pair, an asymmetric op pool and a
 * session pool; ops go through with every wait bounded. An op that does not
 * come back in time is kept here for good (the device may still write it)
 * and the device is not given anything more.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_pause.h>

#include "at.h"
#include "../tv_report.h"

#define NB_OPS		256
#define NB_SESS		64
#define NB_DESC		64

static const struct {
	uint64_t flag;
	const char *name;
} flags[] = {
	{ RTE_CRYPTODEV_FF_ASYMMETRIC_CRYPTO, "ASYMMETRIC_CRYPTO" },
	{ RTE_CRYPTODEV_FF_RSA_PRIV_OP_KEY_EXP, "RSA_PRIV_OP_KEY_EXP" },
	{ RTE_CRYPTODEV_FF_RSA_PRIV_OP_KEY_QT, "RSA_PRIV_OP_KEY_QT" },
	{ RTE_CRYPTODEV_FF_ASYM_SESSIONLESS, "ASYM_SESSIONLESS" },
};

const char *
at_status_str(uint8_t st)
{
	switch (st) {
	case RTE_CRYPTO_OP_STATUS_SUCCESS: return "SUCCESS";
	case RTE_CRYPTO_OP_STATUS_NOT_PROCESSED: return "NOT_PROCESSED";
	case RTE_CRYPTO_OP_STATUS_AUTH_FAILED: return "AUTH_FAILED";
	case RTE_CRYPTO_OP_STATUS_INVALID_SESSION: return "INVALID_SESSION";
	case RTE_CRYPTO_OP_STATUS_INVALID_ARGS: return "INVALID_ARGS";
	case RTE_CRYPTO_OP_STATUS_ERROR: return "ERROR";
	case 0xff: return "LOST";
	default: return "?";
	}
}

static int
find_dev(const char *driver)
{
	struct rte_cryptodev_info info;
	uint8_t i;

	for (i = 0; i < rte_cryptodev_count(); i++) {
		rte_cryptodev_info_get(i, &info);
		if (strcmp(info.driver_name, driver) == 0)
			return i;
	}
	return -ENODEV;
}

int
at_dev_setup(struct at_dev *d, const char *driver, unsigned int timeout_ms)
{
	struct rte_cryptodev_config conf = { .nb_queue_pairs = 1 };
	struct rte_cryptodev_qp_conf qc = { .nb_descriptors = NB_DESC };
	int id = find_dev(driver), rc;

	memset(d, 0, sizeof(*d));
	if (id < 0) {
		fprintf(stderr, "no cryptodev of driver %s\n", driver);
		return id;
	}
	d->id = id;
	d->socket = rte_cryptodev_socket_id(id);
	if (d->socket < 0)
		d->socket = 0;
	conf.socket_id = d->socket;
	d->timeout_ms = timeout_ms;
	d->timeout = rte_get_timer_hz() * timeout_ms / 1000;
	d->digestinfo_input = strcmp(driver, "crypto_openssl") == 0;
	rte_cryptodev_info_get(id, &d->info);
	d->op_pool = rte_crypto_op_pool_create("at_ops",
		RTE_CRYPTO_OP_TYPE_ASYMMETRIC, NB_OPS, 0, 0, d->socket);
	d->sess_pool = rte_cryptodev_asym_session_pool_create("at_sess",
		NB_SESS, 0, 0, d->socket);
	if (d->op_pool == NULL || d->sess_pool == NULL) {
		fprintf(stderr, "pool creation failed\n");
		return -ENOMEM;
	}
	rc = rte_cryptodev_configure(id, &conf);
	if (rc == 0)
		rc = rte_cryptodev_queue_pair_setup(id, 0, &qc, d->socket);
	if (rc == 0)
		rc = rte_cryptodev_start(id);
	if (rc != 0) {
		fprintf(stderr, "device %d setup failed: %d\n", id, rc);
		return rc;
	}
	d->started = true;
	return 0;
}

void
at_dev_teardown(struct at_dev *d)
{
	if (d->started) {
		rte_cryptodev_stop(d->id);
		rte_cryptodev_close(d->id);
	}
	/* Lost ops are not freed: the pool goes with the process. */
	if (d->nb_lost == 0) {
		rte_mempool_free(d->op_pool);
		rte_mempool_free(d->sess_pool);
	}
}

const struct rte_cryptodev_asymmetric_xform_capability *
at_dev_rsa_cap(const struct at_dev *d)
{
	struct rte_cryptodev_asym_capability_idx idx = {
		.type = RTE_CRYPTO_ASYM_XFORM_RSA,
	};

	return rte_cryptodev_asym_capability_get(d->id, &idx);
}

void
at_dev_print_caps(const struct at_dev *d)
{
	const struct rte_cryptodev_capabilities *c = d->info.capabilities;
	const struct rte_cryptodev_asymmetric_xform_capability *x;
	char fl[160] = "";
	unsigned int i, n = 0;

	for (i = 0; i < RTE_DIM(flags); i++)
		if (d->info.feature_flags & flags[i].flag) {
			strncat(fl, " ", sizeof(fl) - strlen(fl) - 1);
			strncat(fl, flags[i].name, sizeof(fl) - strlen(fl) - 1);
		}
	tv_note("device %u (%s): asym feature flags:%s", d->id,
		d->info.driver_name, fl[0] ? fl : " none");
	for (; c != NULL && c->op != RTE_CRYPTO_OP_TYPE_UNDEFINED; c++) {
		if (c->op != RTE_CRYPTO_OP_TYPE_ASYMMETRIC)
			continue;
		x = &c->asym.xform_capa;
		n++;
		tv_note("asym capability: %s op_types 0x%x (%s%s%s%s) modlen "
			"%u..%u step %u bytes",
			rte_crypto_asym_xform_strings[x->xform_type],
			x->op_types,
			x->op_types & 1 << RTE_CRYPTO_ASYM_OP_ENCRYPT ? "enc " : "",
			x->op_types & 1 << RTE_CRYPTO_ASYM_OP_DECRYPT ? "dec " : "",
			x->op_types & 1 << RTE_CRYPTO_ASYM_OP_SIGN ? "sign " : "",
			x->op_types & 1 << RTE_CRYPTO_ASYM_OP_VERIFY ? "verify" : "",
			x->modlen.min, x->modlen.max, x->modlen.increment);
	}
	if (n == 0)
		tv_note("no asymmetric capability");
}

struct rte_crypto_op *
at_op_new(struct at_dev *d)
{
	return rte_crypto_op_alloc(d->op_pool, RTE_CRYPTO_OP_TYPE_ASYMMETRIC);
}

void
at_op_free(struct at_dev *d, struct rte_crypto_op *op)
{
	unsigned int i;

	if (op == NULL)
		return;
	for (i = 0; i < d->nb_lost; i++)
		if (d->lost[i] == op)
			return;
	rte_crypto_op_free(op);
}

static int
index_of(struct rte_crypto_op **ops, unsigned int n, struct rte_crypto_op *op)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (ops[i] == op)
			return i;
	return -1;
}

/* Enqueue what is left; an op refused with a status is skipped. */
static unsigned int
enqueue_all(struct at_dev *d, struct rte_crypto_op **ops, unsigned int n,
	    uint8_t *st, uint64_t deadline, unsigned int *out)
{
	unsigned int i = 0, got;

	while (i < n && rte_get_timer_cycles() < deadline) {
		got = rte_cryptodev_enqueue_burst(d->id, 0, ops + i, n - i);
		i += got;
		*out += got;
		if (i < n && ops[i]->status != RTE_CRYPTO_OP_STATUS_NOT_PROCESSED) {
			st[i] = AT_REFUSED;
			i++;
		} else if (got == 0) {
			rte_pause();
		}
	}
	return i;
}

int
at_dev_run(struct at_dev *d, struct rte_crypto_op **ops, unsigned int n,
	   uint8_t *st)
{
	uint64_t deadline = rte_get_timer_cycles() + d->timeout;
	struct rte_crypto_op *back[16];
	unsigned int i, out = 0, sent;
	uint16_t got, j;
	int k;

	for (i = 0; i < n; i++)
		st[i] = AT_LOST;
	if (d->dead)
		return -ENODEV;
	sent = enqueue_all(d, ops, n, st, deadline, &out);
	for (i = sent; i < n; i++)
		st[i] = AT_REFUSED;	/* ring stayed full: never sent */
	while (out > 0 && rte_get_timer_cycles() < deadline) {
		got = rte_cryptodev_dequeue_burst(d->id, 0, back, RTE_DIM(back));
		for (j = 0; j < got; j++) {
			k = index_of(ops, n, back[j]);
			if (k < 0 || st[k] != AT_LOST) {
				tv_note("device returned an op it was not "
					"given, or twice");
				continue;
			}
			st[k] = AT_DONE;
			out--;
		}
		if (got == 0)
			rte_pause();
	}
	if (out == 0 && sent == n)
		return 0;
	d->dead = true;
	for (i = 0; i < n; i++)
		if (st[i] == AT_LOST && d->nb_lost < AT_LOST_MAX)
			d->lost[d->nb_lost++] = ops[i];
	tv_note("%u op(s) not back within %u ms: device given up on", out,
		d->timeout_ms);
	return -ETIMEDOUT;
}

uint8_t
at_dev_run1(struct at_dev *d, struct rte_crypto_op *op)
{
	uint8_t st;

	if (at_dev_run(d, &op, 1, &st) != 0 && st == AT_LOST)
		return 0xff;
	return op->status;
}
