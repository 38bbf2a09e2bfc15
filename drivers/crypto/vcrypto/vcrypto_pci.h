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
 * Find the virtio structures of a mapped PCI function and fill hw.
 * Caller: probe, primary process, once. The BARs must be mapped.
 * @return 0; -ENODEV no usable modern capabilities (legacy device) or a
 *   capability pointing outside its BAR; -EIO config space unreadable.
 */
int vcrypto_pci_init(struct rte_pci_device *pci, struct vcrypto_hw *hw);

#endif /* VCRYPTO_PCI_H */
