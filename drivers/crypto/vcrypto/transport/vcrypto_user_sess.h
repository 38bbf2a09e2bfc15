/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * virtio-user, session-message mode: the payload of the vhost-user
 * CREATE_CRYPTO_SESSION message (request 26), translated from a virtio
 * symmetric CREATE_SESSION request, in one of the two layouts front ends
 * send (never negotiated): DPDK 22.11 / QEMU <= 7.0 (632 bytes) or QEMU
 * 11.1 / DPDK >= 25.03 (1072 bytes, room for asymmetric keys). Pure byte work: no socket, no DPDK state.
 * Private to the virtio-user transport (and its unit test).
 */
#ifndef VCRYPTO_USER_SESS_H
#define VCRYPTO_USER_SESS_H

#include <stdint.h>

#include "vcrypto_transport.h"

/** Payload layouts (devarg session_layout=, in bytes). */
#define VCRYPTO_USER_SESS_LAYOUT_632	632	/**< DPDK 22.11, QEMU <= 7.0 */
#define VCRYPTO_USER_SESS_LAYOUT_1072	1072	/**< QEMU 11.1, DPDK >= 25.03 */
/** The largest payload: buffers hold this many bytes. */
#define VCRYPTO_USER_SESS_LEN		1072
/** Key buffers of both layouts. */
#define VCRYPTO_USER_SESS_CIPHER_KEY_MAX	64
#define VCRYPTO_USER_SESS_AUTH_KEY_MAX		512

/** Payload bytes of layout; 0 for a layout not supported. */
uint32_t vcrypto_user_sess_len(uint32_t layout);

/**
 * Fill out (vcrypto_user_sess_len(layout) bytes, zeroed first) from req:
 * a cipher-only or a chained (cipher + MAC, hash mode AUTH) session.
 * 632: session id -1, op_code at 8 (u32), fields from 12. 1072: op_code
 * at 0 (u64), fields from 8, session id -1 at 1064. Keys at 56 and 120
 * in both; pointer fields zero. Caller: the transport, any thread.
 * @return 0; -ENOTSUP another opcode or op type (hash, AEAD, asymmetric:
 *   not sent as messages) or an unknown layout; -EINVAL sizes inconsistent
 *   with the fixed part or keys larger than the layout's buffers.
 */
int vcrypto_user_sess_encode(uint32_t layout,
			     const struct vcrypto_session_req *req,
			     uint8_t *out);

/**
 * The session id of a CREATE_CRYPTO_SESSION reply payload in layout (the
 * same bytes, session id rewritten by the back end).
 * @return 0 and *sid (>= 0); -ENOTSUP the back end answered
 *   -VIRTIO_CRYPTO_NOTSUPP; -EIO any other negative id (refused).
 */
int vcrypto_user_sess_decode(uint32_t layout, const uint8_t *reply,
			     uint64_t *sid);

#endif /* VCRYPTO_USER_SESS_H */
