/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * virtio-user transport: the device is a vhost-user back end reached over
 * a UNIX socket (we are the front end, client side). Control-vring mode:
 * the control queue is an ordinary vring, config space via GET_CONFIG.
 * Session-message mode: CREATE/CLOSE_CRYPTO_SESSION, no control vring,
 * a synthesized config (hw->ctrl_msgs).
 */
#ifndef VCRYPTO_USER_H
#define VCRYPTO_USER_H

#include "vcrypto_transport.h"

/** Control mode (devarg ctrl=). */
enum vcrypto_user_ctrl {
	/** Session messages if the back end offers CRYPTO_SESSION (DPDK
	 *  22.11 offers CONFIG too, without a config space), else vring. */
	VCRYPTO_USER_CTRL_AUTO = 0,
	VCRYPTO_USER_CTRL_VRING,	/**< control vring, GET_CONFIG */
	VCRYPTO_USER_CTRL_SESSION,	/**< CREATE/CLOSE_CRYPTO_SESSION */
};

/** Session payload layout by default (bytes; 632 or 1072 supported). */
#define VCRYPTO_USER_SESS_LAYOUT	632

/** Devargs of the transport (probe parses them). */
struct vcrypto_user_args {
	const char *path;	/**< socket of the back end */
	uint16_t queue_size;	/**< ring size to use (max per queue) */
	enum vcrypto_user_ctrl ctrl;
	/** Data queues the synthesized config offers (session messages);
	 *  0: one. */
	uint16_t queues;
	/** Session payload layout (bytes): 632 or 1072. */
	uint32_t session_layout;
};

/**
 * Connect to the back end at args->path and attach hw to it (hw->priv,
 * shared memory): SET_OWNER, protocol features, queue count. Caller:
 * probe, primary process, once. On error hw is left detached.
 * @return 0; -ENOTSUP the back end lacks what the control mode needs,
 *   session_layout is not 632 or 1072, or EAL's memory cannot be shared (message
 *   names the fix); -EIO bad
 *   reply; -ECONNREFUSED/-ENOENT no back end; -ENOMEM.
 */
int vcrypto_user_init(const struct vcrypto_user_args *args,
		      struct vcrypto_hw *hw, int socket_id);

/** Close the connection and detach hw (free hw->priv). NULL priv ok. */
void vcrypto_user_fini(struct vcrypto_hw *hw);

#endif /* VCRYPTO_USER_H */
