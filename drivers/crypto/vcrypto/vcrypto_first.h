/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * vcrypto ahead of other PCI drivers of the same ids (vcrypto_first.c):
 * why and how are explained there and in the guide ("Binding and
 * loading").
 */
#ifndef VCRYPTO_FIRST_H
#define VCRYPTO_FIRST_H

#include <stdbool.h>

#include <bus_pci_driver.h>

/** vcrypto's PCI driver (vcrypto_probe.c). */
extern struct rte_pci_driver vcrypto_pci_driver;

/**
 * True when some id of table @ours could match a device some id of
 * @theirs matches (RTE_PCI_ANY_ID vendor or device counts as either).
 * Tables end with a zero vendor id; NULL: false.
 */
bool vcrypto_first_tables_overlap(const struct rte_pci_id *ours,
				  const struct rte_pci_id *theirs);

/** False when the environment has VCRYPTO_PCI_FIRST=0. */
bool vcrypto_first_enabled(void);

/**
 * Move every PCI driver registered before @ours whose id table overlaps
 * ours behind it (unregister and register again), keeping their order,
 * logging one NOTICE line each. At most 16 are moved. EAL init thread,
 * before any PCI probe. @return the number of drivers moved.
 */
unsigned int vcrypto_first_reorder(struct rte_pci_driver *ours);

#endif /* VCRYPTO_FIRST_H */
