/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * The vhost-user message channel of the virtio-user transport, private
 * to vcrypto_user.c and vcrypto_user_msg.c: the connection state, the
 * message format, sending and strictly checked replies, the memory table.
 */
#ifndef VCRYPTO_USER_MSG_H
#define VCRYPTO_USER_MSG_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <rte_common.h>
#include <rte_spinlock.h>

#include "vcrypto_transport.h"
#include "vcrypto_user.h"
#include "vcrypto_user_sess.h"

/* vhost-user requests we send (vhost-user protocol, front-end messages). */
enum {
	U_GET_FEATURES = 1, U_SET_FEATURES = 2, U_SET_OWNER = 3,
	U_SET_MEM_TABLE = 5, U_SET_VRING_NUM = 8, U_SET_VRING_ADDR = 9,
	U_SET_VRING_BASE = 10, U_GET_VRING_BASE = 11, U_SET_VRING_KICK = 12,
	U_SET_VRING_CALL = 13, U_GET_PROTOCOL_FEATURES = 15,
	U_SET_PROTOCOL_FEATURES = 16, U_GET_QUEUE_NUM = 17,
	U_SET_VRING_ENABLE = 18, U_GET_CONFIG = 24,
	U_CREATE_CRYPTO_SESSION = 26, U_CLOSE_CRYPTO_SESSION = 27,
	U_RESET_DEVICE = 34,
	U_SET_STATUS = 39, U_GET_STATUS = 40,
};

#define U_VERSION	0x1
#define U_REPLY		0x4
#define U_NEED_REPLY	0x8
#define U_HDR		12
#define U_MAX_PAYLOAD	VCRYPTO_USER_SESS_LEN	/* > 8 + 32 * U_MAX_REGIONS */
#define U_MAX_REGIONS	8
#define U_VRING_NOFD	0x100

#define P_MQ		0
#define P_REPLY_ACK	3
#define P_CRYPTO_SESSION 7
#define P_CONFIG	9
#define P_RESET_DEVICE	13
#define P_STATUS	16
#define P_WANTED	(1ULL << P_MQ | 1ULL << P_REPLY_ACK | 1ULL << P_CONFIG | \
			 1ULL << P_CRYPTO_SESSION | 1ULL << P_RESET_DEVICE | \
			 1ULL << P_STATUS)
#define F_PROTOCOL_FEATURES 30
#define BIT(n)		(UINT64_C(1) << (n))

#define REPLY_TIMEOUT_MS 2000
/* DPDK 22.11's vhost (async copy) maps the table with MAP_POPULATE: the
 * whole of EAL's memory is faulted in before the ack, seconds on a busy
 * host for -m 512. */
#define MEM_TABLE_TIMEOUT_MS 15000
#define CONFIG_MAX	256
#define RECONNECT_MS	1000

struct user_region {
	uint64_t va, size, off;
	int fd;
};

/* The connection (vcrypto_hw.priv); primary process only. */
struct user_hw {
	rte_spinlock_t lock;		/**< one message exchange at a time */
	int sock;
	bool dead;			/**< socket closed or a reply broken */
	bool was_ok;			/**< reached DRIVER_OK once: reconnect */
	bool mem_sent;			/**< memory table sent since reset */
	bool mem_cb;			/**< EAL memory event callback set */
	bool proto;			/**< PROTOCOL_FEATURES offered */
	uint64_t pfeatures;		/**< negotiated protocol features */
	uint64_t offered;		/**< device features (GET_FEATURES) */
	uint8_t status;			/**< last status written */
	uint16_t queue_size;
	enum vcrypto_user_ctrl ctrl;	/**< devarg ctrl= */
	uint16_t dataqs;		/**< devarg queues= (session messages) */
	uint32_t layout;		/**< devarg session_layout= (bytes) */
	bool attached;			/**< mode chosen once: kept on reconnect */
	unsigned int reply_ms;		/**< deadline of the reply awaited */
	bool started[VCRYPTO_MAX_QUEUES];	/**< rings handed over */
	int kick[VCRYPTO_MAX_QUEUES];
	int call[VCRYPTO_MAX_QUEUES];
	uint16_t qidx[VCRYPTO_MAX_QUEUES];
	char path[108];
};

struct umsg {
	uint32_t req;
	uint32_t flags;
	uint32_t size;
	uint8_t p[U_MAX_PAYLOAD];
} __rte_packed;

static inline struct user_hw *
user_of(const struct vcrypto_hw *hw)
{
	return hw->priv;
}

static inline void
put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

static inline void
put64(uint8_t *p, uint64_t v)
{
	memcpy(p, &v, 8);
}

static inline uint32_t
get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static inline uint64_t
get64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

/**
 * The connection is over (logged once with why): the status reads 0xff
 * from now on; before the first DRIVER_OK the device counts as gone.
 */
void vcrypto_umsg_mark_dead(struct vcrypto_hw *hw, const char *why);

/** True if the peer hung up (never blocks; marks the connection dead). */
bool vcrypto_umsg_peer_gone(struct vcrypto_hw *hw);

/**
 * Send request req with flags (U_VERSION added), size payload bytes and
 * nfds file descriptors, never waiting longer than the reply deadline for
 * a back end that does not read its socket.
 * @return 0; -EINVAL too big; -ENODEV not sent (connection marked dead).
 */
int vcrypto_umsg_send_msg(struct vcrypto_hw *hw, uint32_t req,
			  uint32_t flags, const void *payload, uint32_t size,
			  const int *fds, int nfds);

/**
 * Receive the reply to req, all of it within the reply deadline
 * (reply_ms, counted once for header and payload): request, version,
 * reply flag and size (want) checked, no fds; what names it in the log.
 * @return 0; -ETIMEDOUT, -ENODEV, -EIO (connection marked dead).
 */
int vcrypto_umsg_recv_reply(struct vcrypto_hw *hw, uint32_t req,
			    void *payload, uint32_t want, const char *what);

/**
 * A message without a reply of its own; acked (and the ack checked) when
 * REPLY_ACK was negotiated.
 * @return 0; -ENODEV; -EIO refused or broken.
 */
int vcrypto_umsg_set_msg(struct vcrypto_hw *hw, uint32_t req,
			 const void *payload, uint32_t size, const int *fds,
			 int nfds, const char *what);

/** vcrypto_umsg_set_msg() with a u64 payload. */
int vcrypto_umsg_set_u64(struct vcrypto_hw *hw, uint32_t req, uint64_t v,
			 const char *what);

/** A request whose reply is one u64 (*v). @return as recv_reply. */
int vcrypto_umsg_get_u64(struct vcrypto_hw *hw, uint32_t req, uint64_t *v,
			 const char *what);

/** vcrypto_umsg_set_msg() with a vring state {idx, num}. */
int vcrypto_umsg_set_state(struct vcrypto_hw *hw, uint32_t req,
			   uint32_t idx, uint32_t num, const char *what);

/**
 * SET_MEM_TABLE from EAL's memory segments and their fds (at most
 * U_MAX_REGIONS regions after merging). The caller holds EAL's memory
 * lock (rte_mcfg_mem_read_lock(), or the write lock EAL holds around a
 * memory event callback) and then the connection's lock: always in that
 * order, as EAL calls the memory event callback with its lock held.
 * @return 0; -ENOTSUP memory that cannot be shared (logged with the fix);
 *   errors of vcrypto_umsg_set_msg().
 */
int vcrypto_umsg_send_mem_table(struct vcrypto_hw *hw);

/**
 * Whether EAL's memory can be shared with a back end (what
 * vcrypto_umsg_send_mem_table() needs).
 * @return 0; -ENOTSUP (logged with the fix).
 */
int vcrypto_umsg_memory_shareable(struct vcrypto_hw *hw);

#endif /* VCRYPTO_USER_MSG_H */
