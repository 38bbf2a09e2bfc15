/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Unit tests of vcrypto_telemetry.c: what each /vcrypto command replies
 * for devices in each state, and that it refuses ids that are not vcrypto
 * devices. Telemetry data is a text buffer here ("key=value;", containers
 * in braces) behind stubbed rte_tel_data_*(); cryptodevs are a small
 * array behind stubbed rte_cryptodev_pmd_get_dev() and friends.
 */
#include "vcrypto_telemetry.c"

#include <stdio.h>

#include "ut.h"

struct rte_tel_data {
	char buf[2048];
};

static void
tel_put(struct rte_tel_data *d, const char *fmt, ...) __rte_format_printf(2, 3);

static void
tel_put(struct rte_tel_data *d, const char *fmt, ...)
{
	size_t len = strlen(d->buf);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(d->buf + len, sizeof(d->buf) - len, fmt, ap);
	va_end(ap);
}

int
rte_tel_data_start_array(struct rte_tel_data *d, enum rte_tel_value_type type)
{
	RTE_SET_USED(type);
	d->buf[0] = '\0';
	return 0;
}

int
rte_tel_data_start_dict(struct rte_tel_data *d)
{
	d->buf[0] = '\0';
	return 0;
}

int
rte_tel_data_add_array_int(struct rte_tel_data *d, int x)
{
	tel_put(d, "%d,", x);
	return 0;
}

int
rte_tel_data_add_dict_string(struct rte_tel_data *d, const char *name,
			     const char *val)
{
	tel_put(d, "%s=%s;", name, val);
	return 0;
}

int
rte_tel_data_add_dict_u64(struct rte_tel_data *d, const char *name,
			  uint64_t val)
{
	tel_put(d, "%s=%" PRIu64 ";", name, val);
	return 0;
}

int
rte_tel_data_add_dict_container(struct rte_tel_data *d, const char *name,
				struct rte_tel_data *val, int keep)
{
	tel_put(d, "%s={%s}", name, val->buf);
	if (!keep)
		free(val);
	return 0;
}

struct rte_tel_data *
rte_tel_data_alloc(void)
{
	return calloc(1, sizeof(struct rte_tel_data));
}

void
rte_tel_data_free(struct rte_tel_data *data)
{
	free(data);
}

static const char *registered[8];
static telemetry_cb handlers[8];
static unsigned int nb_registered;

int
rte_telemetry_register_cmd(const char *cmd, telemetry_cb fn, const char *help)
{
	RTE_SET_USED(help);
	if (nb_registered < RTE_DIM(registered)) {
		registered[nb_registered] = cmd;
		handlers[nb_registered++] = fn;
	}
	return 0;
}

#define NB_DEVS 4
#define VCRYPTO_ID 7

static struct rte_cryptodev devs[NB_DEVS];
static struct rte_cryptodev_data data[NB_DEVS];
static struct vcrypto_dev vdev[NB_DEVS];
static struct vcrypto_qp qp0;

unsigned int
rte_cryptodev_is_valid_dev(uint8_t dev_id)
{
	return dev_id < NB_DEVS && devs[dev_id].data != NULL;
}

struct rte_cryptodev *
rte_cryptodev_pmd_get_dev(uint8_t dev_id)
{
	return dev_id < NB_DEVS ? &devs[dev_id] : NULL;
}

int
rte_cryptodev_driver_id_get(const char *name)
{
	return strcmp(name, "crypto_vcrypto") == 0 ? VCRYPTO_ID : -1;
}

/* Devices 0 and 2 are vcrypto's, 1 another driver's, 3 absent. */
static void
setup(void)
{
	unsigned int i;

	memset(devs, 0, sizeof(devs));
	memset(data, 0, sizeof(data));
	memset(vdev, 0, sizeof(vdev));
	memset(&qp0, 0, sizeof(qp0));
	for (i = 0; i < 3; i++) {
		devs[i].data = &data[i];
		devs[i].driver_id = i == 1 ? 3 : VCRYPTO_ID;
		data[i].dev_private = &vdev[i];
		snprintf(data[i].name, sizeof(data[i].name), "0000:00:0%u.0", i);
	}
}

static struct rte_tel_data out;

static int
call(const char *cmd, const char *params)
{
	unsigned int i;

	memset(&out, 0, sizeof(out));
	for (i = 0; i < nb_registered; i++)
		if (strcmp(registered[i], cmd) == 0)
			return handlers[i](cmd, params, &out);
	ut_fail(__FILE__, __LINE__, "%s not registered", cmd);
	return -999;
}

#define HAS(s) do { \
	if (strstr(out.buf, (s)) == NULL) { \
		ut_fail(__FILE__, __LINE__, "\"%s\" not in \"%s\"", (s), \
			out.buf); \
		return; \
	} \
} while (0)

static void
test_registered(void)
{
	UT_ASSERT_EQ(nb_registered, 4);
	UT_ASSERT(strcmp(registered[0], "/vcrypto/list") == 0);
	UT_ASSERT(strcmp(registered[1], "/vcrypto/health") == 0);
	UT_ASSERT(strcmp(registered[2], "/vcrypto/limits") == 0);
	UT_ASSERT(strcmp(registered[3], "/vcrypto/queues") == 0);
}

static void
test_list(void)
{
	setup();
	UT_ASSERT_EQ(call("/vcrypto/list", NULL), 0);
	UT_ASSERT(strcmp(out.buf, "0,2,") == 0);
}

static void
test_health_states(void)
{
	setup();
	data[0].dev_started = 1;
	UT_ASSERT_EQ(call("/vcrypto/health", "0"), 0);
	HAS("name=0000:00:00.0;");
	HAS("state=running;");
	HAS("failures=0;");
	HAS("recoveries=0;");

	/* Three failures, two recovered, the last one not yet. */
	vdev[0].epoch = 5;
	vdev[0].generation = 2;
	vdev[0].dead = true;
	vdev[0].fail_streak = 1;
	vdev[0].recover_max = 3;
	UT_ASSERT_EQ(call("/vcrypto/health", "0"), 0);
	HAS("state=failed;");
	HAS("failures=3;");
	HAS("recoveries=2;");
	HAS("failures_in_a_row=1;");
	HAS("recover_max=3;");

	vdev[0].gave_up = true;
	UT_ASSERT_EQ(call("/vcrypto/health", "0"), 0);
	HAS("state=failed, not recovering;");

	vdev[0].stuck = true;
	UT_ASSERT_EQ(call("/vcrypto/health", "0"), 0);
	HAS("state=failed, reset incomplete;");

	UT_ASSERT_EQ(call("/vcrypto/health", "2"), 0);
	HAS("state=stopped;");
}

static void
test_bad_ids(void)
{
	static const char *const bad[] = { "", "x", "1", "3", "99", "2x",
		"-1", "300" };
	unsigned int i;

	setup();
	UT_ASSERT_EQ(call("/vcrypto/health", NULL), -EINVAL);
	for (i = 0; i < RTE_DIM(bad); i++) {
		UT_ASSERT_EQ(call("/vcrypto/health", bad[i]), -EINVAL);
		UT_ASSERT_EQ(call("/vcrypto/limits", bad[i]), -EINVAL);
		UT_ASSERT_EQ(call("/vcrypto/queues", bad[i]), -EINVAL);
	}
	/* A device being torn down: no private data. */
	data[2].dev_private = NULL;
	UT_ASSERT_EQ(call("/vcrypto/health", "2"), -EINVAL);
}

static void
test_limits(void)
{
	setup();
	vdev[2].cfg.max_dataqueues = 4;
	vdev[2].nb_dataqs = 2;
	vdev[2].cfg.services = 0x1d;
	vdev[2].cfg.cipher_l = 0x20;
	vdev[2].cfg.akcipher = 0x2;
	vdev[2].cfg.max_cipher_key_len = 64;
	vdev[2].cfg.max_size = UINT64_C(1) << 40;
	UT_ASSERT_EQ(call("/vcrypto/limits", "2"), 0);
	HAS("max_dataqueues=4;");
	HAS("dataqueues_driven=2;");
	HAS("crypto_services=29;");
	HAS("cipher_algo_l=32;");
	HAS("akcipher_algo=2;");
	HAS("max_cipher_key_len=64;");
	HAS("max_size=1099511627776;");
}

static void
test_queues(void)
{
	setup();
	vdev[0].nb_dataqs = 2;
	vdev[0].qps[0] = &qp0;	/* qps[1] not set up: left out */
	qp0.stats.enqueued_count = 100;
	qp0.stats.dequeued_count = 98;
	qp0.stats.enqueue_err_count = 3;
	qp0.stats.dequeue_err_count = 2;
	qp0.in_use = true;
	qp0.parked = true;
	UT_ASSERT_EQ(call("/vcrypto/queues", "0"), 0);
	UT_ASSERT(strcmp(out.buf, "qp0={enqueued=100;dequeued=98;"
			 "enqueue_errors=3;dequeue_errors=2;in_use=1;"
			 "parked=1;}") == 0);
}

int
main(void)
{
	static const struct ut_case cases[] = {
		{ "registered", test_registered },
		{ "list", test_list },
		{ "health_states", test_health_states },
		{ "bad_ids", test_bad_ids },
		{ "limits", test_limits },
		{ "queues", test_queues },
	};

	return ut_run(cases, RTE_DIM(cases), NULL) == 0 ? 0 : 1;
}
