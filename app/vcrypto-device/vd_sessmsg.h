/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * vhost-user session messages (CREATE_CRYPTO_SESSION = 26,
 * CLOSE_CRYPTO_SESSION = 27, protocol feature CRYPTO_SESSION): the control
 * path of a front end that keeps the control queue to itself (QEMU's
 * cryptodev-vhost-user, vcrypto's crypto_vcrypto_user with ctrl=session).
 * The payload is a C struct of the front end, in host byte order, and its
 * layout was never negotiated; three are in use:
 *
 *   VD_SL_632      session_id @0, op_code (u32) @8, fields @12, keys @56
 *                  and @120: DPDK 22.11 (VhostUserCryptoSessionParam),
 *                  QEMU <= 7.0
 *   VD_SL_632_QEMU session_id @0, fields @8, keys @56 and @120: QEMU 7.1
 *                  and 7.2 (op_code left CryptoDevBackendSymSessionInfo)
 *   VD_SL_1072     op_code (u64) @0, sym fields @8, keys @56 and @120, or
 *                  asym fields @8, key @40 (<= 1024 bytes); session_id
 *                  @1064: QEMU with asymmetric vhost-user sessions (11.1
 *                  tested), DPDK >= 25.03
 *
 * The two 632-byte layouts cannot be told apart by size: the device is
 * told which one (--session-msgs). Transport-free, no socket.
 */
#ifndef VD_SESSMSG_H
#define VD_SESSMSG_H

#include <stdint.h>

#include "vd_crypto.h"

enum vd_sess_layout {
	VD_SL_NONE,	/* control vring, no session messages */
	VD_SL_632,
	VD_SL_632_QEMU,
	VD_SL_1072,
};

/* Payload bytes of a CREATE_CRYPTO_SESSION message in layout l. */
uint32_t vd_sessmsg_size(enum vd_sess_layout l);

/* Layout from its option name (632, qemu-632, 1072); VD_SL_NONE if unknown. */
enum vd_sess_layout vd_sessmsg_parse(const char *name);

/*
 * CREATE_CRYPTO_SESSION: p (size bytes, must be vd_sessmsg_size(l)) ->
 * a session of d; reply (same size) gets p with the session id field set
 * to the new id, or to minus the virtio status on failure (what DPDK's
 * vhost_crypto answers: -VIRTIO_CRYPTO_NOTSUPP, -VIRTIO_CRYPTO_ERR).
 * Returns the virtio status; -1 when size is wrong (no reply possible:
 * a violation, the caller drops the connection).
 */
int vd_sessmsg_create(struct vd_crypto *d, enum vd_sess_layout l, const uint8_t *p,
		      uint32_t size, uint8_t *reply);

/* CLOSE_CRYPTO_SESSION: p is the u64 session id. Virtio status; -1 bad size. */
int vd_sessmsg_close(struct vd_crypto *d, const uint8_t *p, uint32_t size);

#endif /* VD_SESSMSG_H */
