/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * The control queue: session create and destroy for every service, one
 * request in flight, bounded wait, device status mapped to errno. The only
 * module that posts on the control queue.
 */
#ifndef VCRYPTO_CTRL_H
#define VCRYPTO_CTRL_H

#include <stdint.h>

struct vcrypto_dev;

/** Largest key material one create request carries (RSA-4096 private DER). */
#define VCRYPTO_CTRL_MAX_KEY	4096

/** A session-create request, assembled by a service (sym, asym). */
struct vcrypto_ctrl_create {
	uint32_t opcode;	/**< VIRTIO_CRYPTO_*_CREATE_SESSION */
	uint32_t algo;		/**< header algo (informational) */
	const void *fixed;	/**< service fixed part, <= 56 bytes, LE */
	uint32_t fixed_len;
	const void *var[2];	/**< variable part (keys), in order */
	uint32_t var_len[2];
};

/**
 * Allocate the control request buffer. Caller: probe, primary process.
 * @return 0; -ENOMEM.
 */
int vcrypto_ctrl_init(struct vcrypto_dev *dev, int socket_id);

/** Free the buffer. The device must be reset first. */
void vcrypto_ctrl_fini(struct vcrypto_dev *dev);

/**
 * After a device reset: wipe the request buffer (a request that timed out
 * left its keys there) and return the control queue to its initial state;
 * the caller gives it to the device again. Caller: device recovery,
 * holding dev->ctrl_lock.
 */
void vcrypto_ctrl_reinit(struct vcrypto_dev *dev);

/**
 * Create a session and return its device id. Serialised internally
 * (any lcore may call). Key bytes are wiped from our buffer afterwards.
 * @return 0 and *sid; -EINVAL request too large; -ENOTSUP device says
 *   NOTSUPP; -ENOSPC device out of sessions; -EIO device error or bad
 *   reply; -ETIMEDOUT no answer within the control timeout (the control
 *   queue is then broken until the watch recovers the device);
 *   -ENODEV device failed or queue broken.
 */
int vcrypto_ctrl_session_create(struct vcrypto_dev *dev,
				const struct vcrypto_ctrl_create *req,
				uint64_t *sid);

/**
 * Destroy a session created by the service whose destroy opcode is given,
 * in device generation generation (dev->generation when it was created).
 * A session of an earlier generation died with a device reset, and its id
 * may name another session since: nothing is sent for it.
 * @return 0 (also for an earlier generation); -EIO device said ERR;
 *   -ETIMEDOUT; -ENODEV.
 */
int vcrypto_ctrl_session_destroy(struct vcrypto_dev *dev, uint32_t opcode,
				 uint32_t algo, uint64_t sid,
				 uint32_t generation);

#endif /* VCRYPTO_CTRL_H */
