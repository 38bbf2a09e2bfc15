/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Proves vcrypto_vq.h compiles on its own: no crypto, transport or ring
 * header comes in with it.
 */
#include "vcrypto_vq.h"

#if defined(_RTE_CRYPTODEV_H_) || defined(_VIRTIO_CRYPTO_H) || \
	defined(_LINUX_VIRTIO_RING_H) || defined(VCRYPTO_VQ_INTERNAL_H)
#error "vcrypto_vq.h pulls in crypto or ring-layout headers"
#endif

int vq_header_check(void);

int
vq_header_check(void)
{
	struct vcrypto_vq_params p = { .layout = VCRYPTO_VQ_SPLIT };
	struct vcrypto_vq_seg seg = { .iova = 0, .len = 1 };
	struct vcrypto_vq_cpl cpl = { .id = 0, .len = 0 };

	return (int)(p.size + seg.iova + cpl.len) +
	       (VCRYPTO_VQ_MAX_SEGS > 0 ? 0 : 1);
}
