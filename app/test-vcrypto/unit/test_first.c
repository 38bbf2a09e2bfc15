/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Unit tests of vcrypto_first.c: PCI drivers of overlapping ids that were
 * registered before vcrypto move behind it, keeping their order; others
 * stay; VCRYPTO_PCI_FIRST=0 turns it off. The PCI bus's driver list is a
 * list here behind stubbed rte_pci_register()/rte_pci_unregister(), which
 * append and remove as the bus does (drivers/bus/pci/pci_common.c).
 */
#include "vcrypto_first.c"

#include <stdlib.h>

#include "ut.h"

static struct vcrypto_pci_drv_list drv_list = TAILQ_HEAD_INITIALIZER(drv_list);
static struct rte_bus *bus_registered;

void
rte_pci_register(struct rte_pci_driver *driver)
{
	TAILQ_INSERT_TAIL(&drv_list, driver, next);
}

void
rte_pci_unregister(struct rte_pci_driver *driver)
{
	TAILQ_REMOVE(&drv_list, driver, next);
}

/* RTE_REGISTER_BUS's constructor runs before main(). */
void
rte_bus_register(struct rte_bus *bus)
{
	bus_registered = bus;
}

static const struct rte_pci_id ids_vcrypto[] = {
	{ RTE_PCI_DEVICE(0x1af4, 0x1054) },
	{ RTE_PCI_DEVICE(0x1af4, 0x1014) },
	{ .vendor_id = 0 },
};
static const struct rte_pci_id ids_virtio_crypto[] = {
	{ RTE_PCI_DEVICE(0x1af4, 0x1054) },
	{ .vendor_id = 0 },
};
static const struct rte_pci_id ids_virtio_net[] = {
	{ RTE_PCI_DEVICE(0x1af4, 0x1000) },
	{ RTE_PCI_DEVICE(0x1af4, 0x1041) },
	{ .vendor_id = 0 },
};
static const struct rte_pci_id ids_any_redhat[] = {
	{ RTE_PCI_DEVICE(0x1af4, RTE_PCI_ANY_ID) },
	{ .vendor_id = 0 },
};
static const struct rte_pci_id ids_intel[] = {
	{ RTE_PCI_DEVICE(0x8086, 0x1054) },
	{ .vendor_id = 0 },
};

struct rte_pci_driver vcrypto_pci_driver = {
	.driver = { .name = "crypto_vcrypto" },
	.id_table = ids_vcrypto,
};
static struct rte_pci_driver drv_virtio = {
	.driver = { .name = "crypto_virtio" }, .id_table = ids_virtio_crypto,
};
static struct rte_pci_driver drv_net = {
	.driver = { .name = "net_virtio" }, .id_table = ids_virtio_net,
};
static struct rte_pci_driver drv_any = {
	.driver = { .name = "any_redhat" }, .id_table = ids_any_redhat,
};
static struct rte_pci_driver drv_intel = {
	.driver = { .name = "intel_1054" }, .id_table = ids_intel,
};
static struct rte_pci_driver drv_late = {
	.driver = { .name = "crypto_virtio_late" }, .id_table = ids_virtio_crypto,
};

/* The list's driver names joined by ' ', for one compare per case. */
static const char *
order(void)
{
	static char buf[256];
	struct rte_pci_driver *d;
	size_t len = 0;

	buf[0] = '\0';
	TAILQ_FOREACH(d, &drv_list, next)
		len += snprintf(buf + len, sizeof(buf) - len, "%s%s",
				len ? " " : "", d->driver.name);
	return buf;
}

static void
register_all(struct rte_pci_driver **drvs, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		rte_pci_register(drvs[i]);
}

static void
teardown(void)
{
	struct rte_pci_driver *d;

	while ((d = TAILQ_FIRST(&drv_list)) != NULL) {
		TAILQ_REMOVE(&drv_list, d, next);
		d->next.tqe_prev = NULL;
	}
	unsetenv("VCRYPTO_PCI_FIRST");
}

#define ORDER_IS(s) do { \
	if (strcmp(order(), (s)) != 0) { \
		ut_fail(__FILE__, __LINE__, "order \"%s\", expected \"%s\"", \
			order(), (s)); \
		return; \
	} \
} while (0)

static void
test_bus_registered(void)
{
	UT_ASSERT(bus_registered == &vcrypto_first_bus);
	UT_ASSERT(bus_registered->scan != NULL);
	UT_ASSERT(bus_registered->probe != NULL);
	UT_ASSERT(bus_registered->find_device != NULL);
	UT_ASSERT(bus_registered->find_device(NULL, NULL, NULL) == NULL);
	UT_ASSERT_EQ(bus_registered->probe(), 0);
}

static void
test_virtio_first_moves_behind(void)
{
	struct rte_pci_driver *d[] = { &drv_virtio, &vcrypto_pci_driver };
	unsigned int logs = ut_log_count();

	register_all(d, RTE_DIM(d));
	UT_ASSERT_EQ(bus_registered->scan(), 0);
	ORDER_IS("crypto_vcrypto crypto_virtio");
	UT_ASSERT_EQ(ut_log_count(), logs + 1);
	UT_ASSERT(strstr(ut_log_last(), "crypto_virtio") != NULL);
	UT_ASSERT(strstr(ut_log_last(), "VCRYPTO_PCI_FIRST=0") != NULL);
	/* A second scan (hotplug) finds nothing left to move. */
	UT_ASSERT_EQ(vcrypto_first_reorder(&vcrypto_pci_driver), 0);
	ORDER_IS("crypto_vcrypto crypto_virtio");
}

static void
test_others_stay(void)
{
	struct rte_pci_driver *d[] = { &drv_net, &drv_virtio, &drv_intel,
		&drv_any, &vcrypto_pci_driver, &drv_late };

	register_all(d, RTE_DIM(d));
	UT_ASSERT_EQ(vcrypto_first_reorder(&vcrypto_pci_driver), 2);
	/* Wildcard device ids overlap; other vendors or devices do not;
	 * the moved keep their order; a driver after vcrypto stays. */
	ORDER_IS("net_virtio intel_1054 crypto_vcrypto crypto_virtio_late "
		 "crypto_virtio any_redhat");
}

static void
test_already_first(void)
{
	struct rte_pci_driver *d[] = { &vcrypto_pci_driver, &drv_virtio };
	unsigned int logs = ut_log_count();

	register_all(d, RTE_DIM(d));
	UT_ASSERT_EQ(vcrypto_first_reorder(&vcrypto_pci_driver), 0);
	ORDER_IS("crypto_vcrypto crypto_virtio");
	UT_ASSERT_EQ(ut_log_count(), logs);
}

static void
test_switched_off(void)
{
	struct rte_pci_driver *d[] = { &drv_virtio, &vcrypto_pci_driver };

	register_all(d, RTE_DIM(d));
	setenv("VCRYPTO_PCI_FIRST", "0", 1);
	UT_ASSERT(!vcrypto_first_enabled());
	UT_ASSERT_EQ(bus_registered->scan(), 0);
	ORDER_IS("crypto_virtio crypto_vcrypto");
	setenv("VCRYPTO_PCI_FIRST", "1", 1);
	UT_ASSERT(vcrypto_first_enabled());
	unsetenv("VCRYPTO_PCI_FIRST");
	UT_ASSERT(vcrypto_first_enabled());
}

static void
test_not_registered(void)
{
	struct rte_pci_driver *d[] = { &drv_virtio };

	register_all(d, RTE_DIM(d));
	UT_ASSERT_EQ(vcrypto_first_reorder(&vcrypto_pci_driver), 0);
	ORDER_IS("crypto_virtio");
}

static void
test_overlap(void)
{
	UT_ASSERT(vcrypto_first_tables_overlap(ids_vcrypto, ids_virtio_crypto));
	UT_ASSERT(vcrypto_first_tables_overlap(ids_vcrypto, ids_any_redhat));
	UT_ASSERT(!vcrypto_first_tables_overlap(ids_vcrypto, ids_virtio_net));
	UT_ASSERT(!vcrypto_first_tables_overlap(ids_vcrypto, ids_intel));
	UT_ASSERT(!vcrypto_first_tables_overlap(ids_vcrypto, NULL));
	UT_ASSERT(!vcrypto_first_tables_overlap(NULL, ids_vcrypto));
}

int
main(void)
{
	static const struct ut_case cases[] = {
		{ "bus_registered", test_bus_registered },
		{ "virtio_first_moves_behind", test_virtio_first_moves_behind },
		{ "others_stay", test_others_stay },
		{ "already_first", test_already_first },
		{ "switched_off", test_switched_off },
		{ "not_registered", test_not_registered },
		{ "overlap", test_overlap },
	};

	ut_log_quiet(true);
	return ut_run(cases, RTE_DIM(cases), teardown) == 0 ? 0 : 1;
}
