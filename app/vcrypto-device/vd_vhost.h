/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * The vhost-user back end (server side of the socket) of vcrypto-device.
 */
#ifndef VD_VHOST_H
#define VD_VHOST_H

#include <stdint.h>
#include <stdbool.h>

#include "vd_crypto.h"

enum vd_fault_kind {
	VF_NONE,
	VF_DELAY,	/* complete after delay_ms */
	VF_DROP,	/* never answer */
	VF_STATUS,	/* undefined status value (0x5a) */
	VF_BADID,	/* used id >= queue size */
	VF_NOTINFLIGHT,	/* used id of a descriptor not in flight */
	VF_OVERLEN,	/* used length larger than the writable part */
	VF_RESET,	/* DEVICE_NEEDS_RESET, stop serving */
	VF_CLOSE,	/* close the socket */
};

struct vd_fault {
	enum vd_fault_kind kind;
	uint32_t every;		/* every Nth request (1 = all) */
	uint32_t delay_ms;
};

struct vd_opts {
	const char *socket;
	uint32_t queues;	/* data queues */
	uint32_t queue_size;	/* largest ring accepted */
	bool strict;
	bool once;		/* exit when the first connection closes */
	bool no_packed;		/* do not offer VIRTIO_F_RING_PACKED */
	/* enum vd_sess_layout: 0 = control vring; else session messages */
	uint32_t session_msgs;
	uint32_t poll_us;	/* busy-poll data queues this long after work */
	struct vd_crypto_opts crypto;
	struct vd_fault fault[VD_MAX_QUEUES];
};

/* Run the server until SIGTERM/SIGINT; returns the process exit code. */
int vd_serve(const struct vd_opts *o);

#endif /* VD_VHOST_H */
