/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * virtio-user, session-message mode: the payload of the vhost-user
 * CREATE_CRYPTO_SESSION message (request 26) in the layout of DPDK 22.11
 * and QEMU <= 7.0 (632 bytes), translated from a virtio symmetric
 * CREATE_SESSION request. Pure byte work: no socket, no DPDK state.
 * Private to the virtio-user transport (and its unit test).
 */
#ifndef VCRYPTO_USER_SESS_H
#define VCRYPTO_USER_SESS_H

#include <stdint.h>

#include "vcrypto_transport.h"

/** The one payload layout supported: DPDK 22.11 VhostUserCryptoSessionParam. */
#define VCRYPTO_USER_SESS_LAYOUT_632	632
#define VCRYPTO_USER_SESS_LEN		632
/** Key buffers of that layout. */
#define VCRYPTO_USER_SESS_CIPHER_KEY_MAX	64
#define VCRYPTO_USER_SESS_AUTH_KEY_MAX		512

/**
 * Fill out (VCRYPTO_USER_SESS_LEN bytes, zeroed first) from req: a
 * cipher-only or a chained (cipher + MAC, hash mode AUTH) session; session
 * id -1, pointer fields zero. Caller: the transport, any thread.
 * @return 0; -ENOTSUP another opcode or op type (hash, AEAD, asymmetric:
 *   the layout has no field for them); -EINVAL sizes inconsistent with the
 *   fixed part or keys larger than the layout's buffers.
 */
int vcrypto_user_sess_encode(const struct vcrypto_session_req *req,
			     uint8_t *out);

/**
 * The session id of a CREATE_CRYPTO_SESSION reply payload (the same 632
 * bytes, session id rewritten by the back end).
 * @return 0 and *sid (>= 0); -ENOTSUP the back end answered
 *   -VIRTIO_CRYPTO_NOTSUPP; -EIO any other negative id (refused).
 */
int vcrypto_user_sess_decode(const uint8_t *reply, uint64_t *sid);

#endif /* VCRYPTO_USER_SESS_H */
