/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Transport abstraction (virtio-pci modern today, vhost-user later) and the
 * transport-neutral sequences built on it: reset with a deadline, feature
 * negotiation against a whitelist, config snapshot under config_generation.
 * Knows nothing of crypto services or of ring layouts.
 */
#ifndef VCRYPTO_TRANSPORT_H
#define VCRYPTO_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vcrypto_vq.h"

/** Transport kinds; dev_private stores the kind, never the ops pointer. */
enum vcrypto_transport_kind {
	VCRYPTO_TRANSPORT_PCI = 0,
	VCRYPTO_TRANSPORT_USER = 1,	/**< vhost-user (vcrypto_user.c) */
};

/** Most virtqueues we drive: 65535 data queues are allowed, we cap. */
#define VCRYPTO_MAX_QUEUES 65

/**
 * Per-device transport state, transport-neutral. Lives in shared
 * dev_private; what a transport keeps of its own (PCI: the mapped
 * register pointers, valid in every process because DPDK maps BARs at
 * the same address in secondaries) hangs off priv, allocated by the
 * transport in shared memory and read only by its own file.
 */
struct vcrypto_hw {
	enum vcrypto_transport_kind kind;
	char name[20];			/**< for logs: the PCI address */
	uint64_t features;		/**< negotiated */
	uint16_t num_queues;		/**< common cfg num_queues */
	bool gone;			/**< all-ones reads: function vanished */
	/** No control queue: sessions go through the transport's
	 *  session_create/session_destroy ops (virtio-user session
	 *  messages); the config is synthesized by the transport. */
	bool ctrl_msgs;
	void *priv;			/**< the transport's own; NULL: detached */
};

/**
 * A symmetric CREATE_SESSION request in the control queue's terms
 * (Control Virtqueue / Session operation), for a transport that carries
 * sessions in messages of its own and translates it (hw->ctrl_msgs).
 */
struct vcrypto_session_req {
	uint32_t opcode;	/**< VIRTIO_CRYPTO_CIPHER_CREATE_SESSION */
	const void *fixed;	/**< virtio_crypto_sym_create_session_req, LE */
	uint32_t fixed_len;
	const void *key[2];	/**< cipher key, then the MAC key (chains) */
	uint32_t key_len[2];
};

/** Operations a transport provides (const table per process). */
struct vcrypto_transport_ops {
	uint8_t (*get_status)(struct vcrypto_hw *hw);
	void (*set_status)(struct vcrypto_hw *hw, uint8_t status);
	uint64_t (*get_features)(struct vcrypto_hw *hw);
	void (*set_features)(struct vcrypto_hw *hw, uint64_t features);
	uint8_t (*config_generation)(struct vcrypto_hw *hw);
	/** Read len bytes of device config at off (4-byte units). */
	int (*read_config)(struct vcrypto_hw *hw, uint32_t off, void *dst,
			   uint32_t len);
	/** Max size of queue idx; 0 if the queue does not exist. */
	uint16_t (*queue_max_size)(struct vcrypto_hw *hw, uint16_t idx);
	/** Program size and ring addresses of queue idx, then enable it. */
	int (*queue_setup)(struct vcrypto_hw *hw, uint16_t idx, uint16_t size,
			   const struct vcrypto_vq_addrs *addrs);
	/** Ring the doorbell of queue idx. */
	void (*notify)(struct vcrypto_hw *hw, uint16_t idx);
	/**
	 * Optional, used when hw->ctrl_msgs: create a session from req and
	 * return the back end's id. Caller: ctrl, under its lock.
	 * @return 0 and *sid; -ENOTSUP refused as not supported (or not
	 *   expressible in the transport's layout); -EIO refused otherwise;
	 *   -EINVAL req malformed; -ENODEV the connection is dead or broke
	 *   the protocol (logged; the device needs a reset).
	 */
	int (*session_create)(struct vcrypto_hw *hw,
			      const struct vcrypto_session_req *req,
			      uint64_t *sid);
	/**
	 * Optional, used when hw->ctrl_msgs: close session sid.
	 * @return 0; -EIO refused; -ENODEV as above.
	 */
	int (*session_destroy)(struct vcrypto_hw *hw, uint64_t sid);
};

/** Ops table of the given hw's transport kind, in this process. */
const struct vcrypto_transport_ops *vcrypto_transport_ops(const struct vcrypto_hw *hw);

/** The virtio-pci modern transport's ops. */
extern const struct vcrypto_transport_ops vcrypto_pci_ops;
/** The virtio-user (vhost-user front end) transport's ops. */
extern const struct vcrypto_transport_ops vcrypto_user_ops;

/**
 * Reset the device: write 0 to status and poll until it reads 0.
 * @return 0; -ETIMEDOUT if it did not within timeout_ms; -ENODEV if the
 *   function reads as all-ones (gone).
 */
int vcrypto_transport_reset(struct vcrypto_hw *hw, unsigned int timeout_ms);

/** OR bits into the device status (never clears one). */
void vcrypto_transport_add_status(struct vcrypto_hw *hw, uint8_t bits);

/**
 * Negotiate features: accept offered & wanted, require every bit of
 * required, set FEATURES_OK and check the device kept it. On success
 * hw->features holds the result.
 * @return 0; -ENOTSUP a required bit is not offered; -EIO the device
 *   refused FEATURES_OK; -ENODEV gone.
 */
int vcrypto_transport_negotiate(struct vcrypto_hw *hw, uint64_t wanted,
				uint64_t required);

/**
 * Read len bytes of device config at off into dst as one consistent
 * snapshot (config_generation equal before and after, bounded retries).
 * @return 0; -EIO generation never settled; -ENODEV gone.
 */
int vcrypto_transport_read_config(struct vcrypto_hw *hw, uint32_t off,
				  void *dst, uint32_t len);

/** True if feature bit was negotiated. */
static inline bool
vcrypto_hw_has(const struct vcrypto_hw *hw, unsigned int bit)
{
	return (hw->features >> bit) & 1;
}

#endif /* VCRYPTO_TRANSPORT_H */
