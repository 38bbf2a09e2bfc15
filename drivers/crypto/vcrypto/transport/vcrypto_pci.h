/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * virtio-pci modern transport: capability walk and register mapping.
 */
#ifndef VCRYPTO_PCI_H
#define VCRYPTO_PCI_H

#include "vcrypto_transport.h"

struct rte_pci_device;

/**
 * Find the virtio structures of a mapped PCI function and attach hw to
 * them (hw->priv: the register pointers, in shared memory; reused if
 * already there). Caller: probe, primary process, once. The BARs must be
 * mapped. On error hw is left detached (priv NULL).
 * @return 0; -ENODEV no usable modern capabilities (legacy device) or a
 *   capability pointing outside its BAR; -EIO config space unreadable;
 *   -ENOMEM.
 */
int vcrypto_pci_init(struct rte_pci_device *pci, struct vcrypto_hw *hw);

/** Detach hw from its PCI function (free hw->priv). NULL priv ok. */
void vcrypto_pci_fini(struct vcrypto_hw *hw);

#endif /* VCRYPTO_PCI_H */
