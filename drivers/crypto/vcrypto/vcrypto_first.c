/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * vcrypto takes the PCI ids it shares with another loaded driver
 * (Debian's crypto_virtio: both claim 1af4:1054).
 *
 * EAL 22.11 loads the plugins of its PMD directory in readdir() order
 * (eal_plugindir_init(): no sorting; on ext4 that is hash order), each
 * constructor appending its driver to the PCI bus's driver list
 * (rte_pci_register(): TAILQ_INSERT_TAIL), and the PCI bus gives each
 * device to the first driver in that list whose id table matches
 * (pci_probe_all_drivers(); a failing probe does not fall through to the
 * next). So after `meson install` the winner depended on file names'
 * hashes. EAL scans every bus after all plugins are loaded and before it
 * probes any (rte_eal_init(): eal_plugins_init(), then rte_bus_scan(),
 * then rte_bus_probe()). This file registers a bus with no devices whose
 * scan step moves every PCI driver registered ahead of vcrypto that
 * matches one of vcrypto's ids behind it (unregister, register again:
 * rte_pci_register() appends), with one NOTICE line per driver moved.
 * Environment VCRYPTO_PCI_FIRST=0 leaves EAL's order alone; meson option
 * -Dpci_first=false leaves this file out.
 *
 * Owns no device state; touches only the PCI driver list, before any
 * probe, from EAL's init thread.
 */

#include <stdlib.h>
#include <string.h>

#include <bus_driver.h>
#include <bus_pci_driver.h>
#include <rte_common.h>

#include "vcrypto_first.h"
#include "vcrypto_log.h"

/* Same layout as the list head the PCI bus keeps (RTE_TAILQ_HEAD), so
 * that TAILQ_PREV can walk back from an entry without knowing the head. */
RTE_TAILQ_HEAD(vcrypto_pci_drv_list, rte_pci_driver);

#define FIRST_MAX_MOVED 16

/* Wildcard-aware: could one id match a device the other matches? */
static bool
ids_overlap(const struct rte_pci_id *a, const struct rte_pci_id *b)
{
	return (a->vendor_id == b->vendor_id ||
		a->vendor_id == RTE_PCI_ANY_ID ||
		b->vendor_id == RTE_PCI_ANY_ID) &&
	       (a->device_id == b->device_id ||
		a->device_id == RTE_PCI_ANY_ID ||
		b->device_id == RTE_PCI_ANY_ID);
}

bool
vcrypto_first_tables_overlap(const struct rte_pci_id *ours,
			     const struct rte_pci_id *theirs)
{
	const struct rte_pci_id *a, *b;

	if (ours == NULL || theirs == NULL)
		return false;
	/* Tables end with an entry whose vendor id is 0. */
	for (a = ours; a->vendor_id != 0; a++)
		for (b = theirs; b->vendor_id != 0; b++)
			if (ids_overlap(a, b))
				return true;
	return false;
}

bool
vcrypto_first_enabled(void)
{
	const char *v = getenv("VCRYPTO_PCI_FIRST");

	return v == NULL || strcmp(v, "0") != 0;
}

unsigned int
vcrypto_first_reorder(struct rte_pci_driver *ours)
{
	struct rte_pci_driver *moved[FIRST_MAX_MOVED];
	struct rte_pci_driver *d;
	unsigned int n = 0, i;

	/* Not registered (tqe_prev is set by the insert): nothing to do. */
	if (ours->next.tqe_prev == NULL)
		return 0;
	for (d = TAILQ_PREV(ours, vcrypto_pci_drv_list, next);
	     d != NULL && n < FIRST_MAX_MOVED;
	     d = TAILQ_PREV(d, vcrypto_pci_drv_list, next))
		if (vcrypto_first_tables_overlap(ours->id_table, d->id_table))
			moved[n++] = d;
	/* Earliest first, so the moved drivers keep their own order. */
	for (i = n; i-- > 0;) {
		rte_pci_unregister(moved[i]);
		rte_pci_register(moved[i]);
		VCRYPTO_LOG(NOTICE, "PCI driver %s claims ids of %s and was "
			    "registered first: moved behind it "
			    "(VCRYPTO_PCI_FIRST=0 keeps EAL's order)",
			    moved[i]->driver.name != NULL ?
			    moved[i]->driver.name : "?",
			    ours->driver.name);
	}
	return n;
}

static int
first_scan(void)
{
	if (vcrypto_first_enabled())
		vcrypto_first_reorder(&vcrypto_pci_driver);
	return 0;
}

static int
first_probe(void)
{
	return 0;
}

static struct rte_device *
first_find_device(const struct rte_device *start __rte_unused,
		  rte_dev_cmp_t cmp __rte_unused, const void *data __rte_unused)
{
	return NULL;
}

static struct rte_bus vcrypto_first_bus = {
	.scan = first_scan,
	.probe = first_probe,
	.find_device = first_find_device,
};

RTE_REGISTER_BUS(vcrypto_first, vcrypto_first_bus);
