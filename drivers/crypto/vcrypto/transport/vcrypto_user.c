/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * virtio-user transport over vhost-user (front end, client side). Two
 * control modes. Control vring: every virtqueue, the control queue
 * included, is an ordinary vring handed over with SET_VRING_*; the device
 * config comes from GET_CONFIG. Session messages (protocol feature
 * CRYPTO_SESSION, DPDK 22.11's vhost_crypto): only the data queues are
 * vrings, sessions are made and closed with CREATE/CLOSE_CRYPTO_SESSION
 * (payload: vcrypto_user_sess.c), and the config is synthesized here.
 * Status from SET/GET_STATUS in both. Addresses are EAL virtual
 * addresses (--iova-mode=va), shared through a memory table built from
 * EAL's segment fds. Every reply is checked (request, flags, size, fds).
 * A closed socket makes the status read 0xff: the device is gone and the
 * recovery code fails it like a vanished PCI function.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <rte_byteorder.h>
#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_eal_memconfig.h>
#include <rte_malloc.h>
#include <rte_memory.h>
#include <rte_spinlock.h>

#include "vcrypto_log.h"
#include "vcrypto_user.h"
#include "vcrypto_user_msg.h"
#include "vcrypto_user_sess.h"
#include "vcrypto_wire.h"

/* ---------------------------------------------------------- transport */

static uint8_t
user_get_status(struct vcrypto_hw *hw)
{
	struct user_hw *u = user_of(hw);
	uint64_t v;
	uint8_t s;

	if (vcrypto_umsg_peer_gone(hw)) {
		if (!u->was_ok)
			return 0xff;
		/*
		 * Disconnected after bring-up: the back end may come back.
		 * Ask for a reset (recovery path); a reset reads as done,
		 * since a closed connection stops the back end's rings.
		 */
		return u->status == 0 ? 0 :
			u->status | VCRYPTO_STATUS_NEEDS_RESET;
	}
	if (!((u->pfeatures >> P_STATUS) & 1))
		return u->status;
	/* Never wait for the lock: the data path's watch calls this. */
	if (!rte_spinlock_trylock(&u->lock))
		return u->status;
	s = vcrypto_umsg_get_u64(hw, U_GET_STATUS, &v, "GET_STATUS") == 0 ?
		(uint8_t)v : 0xff;
	rte_spinlock_unlock(&u->lock);
	if (s == 0xff && u->was_ok)
		return u->status | VCRYPTO_STATUS_NEEDS_RESET;
	if (s == 0xff)
		hw->gone = true;
	return s;
}

/* Status 0 is a reset: stop every ring the back end holds. */
static void
user_reset(struct vcrypto_hw *hw)
{
	struct user_hw *u = user_of(hw);
	uint8_t b[8];
	unsigned int i;

	if ((u->pfeatures >> P_RESET_DEVICE) & 1) {
		vcrypto_umsg_set_msg(hw, U_RESET_DEVICE, NULL, 0, NULL, 0,
				     "RESET_DEVICE");
	} else {
		for (i = 0; i < VCRYPTO_MAX_QUEUES; i++) {
			if (!u->started[i] || u->dead)
				continue;
			put32(b, u->qidx[i]);
			put32(b + 4, 0);
			if (vcrypto_umsg_send_msg(hw, U_GET_VRING_BASE, 0, b, 8,
						  NULL, 0) == 0)
				vcrypto_umsg_recv_reply(hw, U_GET_VRING_BASE, b,
							8, "GET_VRING_BASE");
		}
	}
	memset(u->started, 0, sizeof(u->started));
	u->mem_sent = false;
}

static void reconnect(struct vcrypto_hw *hw);

static void
user_set_status(struct vcrypto_hw *hw, uint8_t status)
{
	struct user_hw *u = user_of(hw);

	rte_spinlock_lock(&u->lock);
	if (status == 0 && u->dead && u->was_ok)
		reconnect(hw);
	if (status == 0 && !u->dead)
		user_reset(hw);
	if (status == 0) {
		memset(u->started, 0, sizeof(u->started));
		u->mem_sent = false;
	}
	if (status & VCRYPTO_STATUS_DRIVER_OK)
		u->was_ok = true;
	u->status = status;
	if ((u->pfeatures >> P_STATUS) & 1)
		vcrypto_umsg_set_u64(hw, U_SET_STATUS, status, "SET_STATUS");
	rte_spinlock_unlock(&u->lock);
}

/*
 * The back end translates every address through our memory table, whose
 * "guest physical" addresses are EAL's IOVAs (= VAs): that is what
 * ACCESS_PLATFORM promises, so it is offered here, never sent.
 */
static uint64_t
user_get_features(struct vcrypto_hw *hw)
{
	struct user_hw *u = user_of(hw);
	uint64_t f = 0;

	rte_spinlock_lock(&u->lock);
	if (vcrypto_umsg_get_u64(hw, U_GET_FEATURES, &f, "GET_FEATURES") == 0)
		u->offered = f;
	rte_spinlock_unlock(&u->lock);
	f &= ~(1ULL << F_PROTOCOL_FEATURES);
	return f | (1ULL << VCRYPTO_F_ACCESS_PLATFORM);
}

static void
user_set_features(struct vcrypto_hw *hw, uint64_t features)
{
	struct user_hw *u = user_of(hw);

	features &= u->offered;
	if (u->proto)
		features |= 1ULL << F_PROTOCOL_FEATURES;
	rte_spinlock_lock(&u->lock);
	if (vcrypto_umsg_set_u64(hw, U_SET_FEATURES, features,
				 "SET_FEATURES") != 0)
		vcrypto_umsg_mark_dead(hw, "SET_FEATURES failed");
	rte_spinlock_unlock(&u->lock);
}

static uint8_t
user_config_generation(struct vcrypto_hw *hw __rte_unused)
{
	return 0;	/* one GET_CONFIG is one snapshot */
}

/*
 * Session messages: the back end has no config space. What DPDK 22.11's
 * vhost_crypto can do at most (lib/vhost/vhost_crypto.c, the algorithm
 * switches): bring-up trials then keep what the back end really takes.
 * Keys: the payload's buffers; sizes: VHOST_CRYPTO_MAX_DATA_SIZE (4096)
 * for source and destination each, plus a 32-byte IV and a digest.
 */
#define SYNTH_CIPHERS (BIT(VIRTIO_CRYPTO_CIPHER_AES_CBC) | \
	BIT(VIRTIO_CRYPTO_CIPHER_AES_CTR) | BIT(VIRTIO_CRYPTO_CIPHER_DES_CBC) | \
	BIT(VIRTIO_CRYPTO_CIPHER_3DES_ECB) | BIT(VIRTIO_CRYPTO_CIPHER_3DES_CBC) | \
	BIT(VIRTIO_CRYPTO_CIPHER_3DES_CTR) | BIT(VIRTIO_CRYPTO_CIPHER_KASUMI_F8) | \
	BIT(VIRTIO_CRYPTO_CIPHER_SNOW3G_UEA2) | BIT(VIRTIO_CRYPTO_CIPHER_AES_F8) | \
	BIT(VIRTIO_CRYPTO_CIPHER_AES_XTS) | BIT(VIRTIO_CRYPTO_CIPHER_ZUC_EEA3))
#define SYNTH_MACS (BIT(VIRTIO_CRYPTO_MAC_HMAC_MD5) | \
	BIT(VIRTIO_CRYPTO_MAC_HMAC_SHA1) | BIT(VIRTIO_CRYPTO_MAC_HMAC_SHA_224) | \
	BIT(VIRTIO_CRYPTO_MAC_HMAC_SHA_256) | BIT(VIRTIO_CRYPTO_MAC_HMAC_SHA_384) | \
	BIT(VIRTIO_CRYPTO_MAC_HMAC_SHA_512) | BIT(VIRTIO_CRYPTO_MAC_CMAC_AES) | \
	BIT(VIRTIO_CRYPTO_MAC_KASUMI_F9) | BIT(VIRTIO_CRYPTO_MAC_SNOW3G_UIA2) | \
	BIT(VIRTIO_CRYPTO_MAC_GMAC_AES) | BIT(VIRTIO_CRYPTO_MAC_CBCMAC_AES) | \
	BIT(VIRTIO_CRYPTO_MAC_XCBC_AES))
#define SYNTH_MAX_SIZE	(2 * 4096 + 32 + 64)

static void
synth_config(const struct vcrypto_hw *hw, struct virtio_crypto_config *c)
{
	memset(c, 0, sizeof(*c));
	c->status = rte_cpu_to_le_32(VIRTIO_CRYPTO_S_HW_READY);
	c->max_dataqueues = rte_cpu_to_le_32(user_of(hw)->dataqs);
	c->crypto_services = rte_cpu_to_le_32(1u << VCRYPTO_SERVICE_CIPHER |
					      1u << VCRYPTO_SERVICE_MAC);
	c->cipher_algo_l = rte_cpu_to_le_32((uint32_t)SYNTH_CIPHERS);
	c->cipher_algo_h = rte_cpu_to_le_32((uint32_t)(SYNTH_CIPHERS >> 32));
	c->mac_algo_l = rte_cpu_to_le_32((uint32_t)SYNTH_MACS);
	c->mac_algo_h = rte_cpu_to_le_32((uint32_t)(SYNTH_MACS >> 32));
	c->max_cipher_key_len =
		rte_cpu_to_le_32(VCRYPTO_USER_SESS_CIPHER_KEY_MAX);
	c->max_auth_key_len = rte_cpu_to_le_32(VCRYPTO_USER_SESS_AUTH_KEY_MAX);
	c->max_size = rte_cpu_to_le_64(SYNTH_MAX_SIZE);
}

static int get_config(struct vcrypto_hw *hw, uint32_t off, void *dst,
		      uint32_t len);

static int
user_read_config(struct vcrypto_hw *hw, uint32_t off, void *dst,
		 uint32_t len)
{
	struct user_hw *u = user_of(hw);
	struct virtio_crypto_config c;
	int rc;

	if (len == 0 || len > CONFIG_MAX || off > CONFIG_MAX - len)
		return -EINVAL;
	if (hw->ctrl_msgs) {
		if (u->dead)
			return -ENODEV;
		synth_config(hw, &c);
		if (off > sizeof(c) || len > sizeof(c) - off)
			return -EINVAL;
		memcpy(dst, (uint8_t *)&c + off, len);
		return 0;
	}
	rte_spinlock_lock(&u->lock);
	rc = get_config(hw, off, dst, len);
	rte_spinlock_unlock(&u->lock);
	return rc;
}

/* GET_CONFIG, the caller holding the lock (or attaching). */
static int
get_config(struct vcrypto_hw *hw, uint32_t off, void *dst, uint32_t len)
{
	uint8_t b[12 + CONFIG_MAX];
	int rc;

	memset(b, 0, sizeof(b));
	put32(b, off);
	put32(b + 4, len);
	rc = user_of(hw)->dead ? -ENODEV :
		vcrypto_umsg_send_msg(hw, U_GET_CONFIG, 0, b, 12 + len,
				      NULL, 0);
	if (rc == 0)
		rc = vcrypto_umsg_recv_reply(hw, U_GET_CONFIG, b, 12 + len,
					     "GET_CONFIG");
	if (rc != 0)
		return rc;
	if (get32(b) != off || get32(b + 4) != len) {
		VCRYPTO_LOG(ERR, "%s: GET_CONFIG reply for offset %u size %u, "
			    "asked %u/%u", hw->name, get32(b), get32(b + 4),
			    off, len);
		return -EIO;
	}
	memcpy(dst, b + 12, len);
	return 0;
}

static uint16_t
user_queue_max_size(struct vcrypto_hw *hw, uint16_t idx)
{
	return idx < hw->num_queues ? user_of(hw)->queue_size : 0;
}

/* Same slots as the PCI transport: data queues by index, control last. */
static unsigned int
qslot(uint16_t idx)
{
	return RTE_MIN(idx, VCRYPTO_MAX_QUEUES - 1);
}

static int
ring_fd(struct vcrypto_hw *hw, uint32_t req, uint16_t idx, int fd,
	const char *what)
{
	uint8_t b[8];

	put64(b, idx);
	return vcrypto_umsg_set_msg(hw, req, b, 8, &fd, 1, what);
}

static int
queue_setup_locked(struct vcrypto_hw *hw, uint16_t idx, uint16_t size,
		   const struct vcrypto_vq_addrs *a)
{
	struct user_hw *u = user_of(hw);
	unsigned int s = qslot(idx);
	uint8_t b[40];
	int rc = 0;

	if (rte_eal_iova_mode() != RTE_IOVA_VA) {
		VCRYPTO_LOG(ERR, "%s: virtio-user needs --iova-mode=va",
			    hw->name);
		return -ENOTSUP;
	}
	if (!u->mem_sent)
		rc = vcrypto_umsg_send_mem_table(hw);
	if (rc == 0 && u->kick[s] < 0)
		u->kick[s] = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (rc == 0 && u->call[s] < 0)
		u->call[s] = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (rc == 0 && (u->kick[s] < 0 || u->call[s] < 0))
		rc = -errno;
	if (rc == 0)
		rc = vcrypto_umsg_set_state(hw, U_SET_VRING_NUM, idx, size,
					    "SET_VRING_NUM");
	if (rc == 0)
		rc = vcrypto_umsg_set_state(hw, U_SET_VRING_BASE, idx, 0,
					    "SET_VRING_BASE");
	if (rc == 0) {
		memset(b, 0, sizeof(b));
		put32(b, idx);
		put64(b + 8, a->desc);
		put64(b + 16, a->device);
		put64(b + 24, a->driver);
		rc = vcrypto_umsg_set_msg(hw, U_SET_VRING_ADDR, b, 40, NULL, 0,
					  "SET_VRING_ADDR");
	}
	if (rc == 0)
		rc = ring_fd(hw, U_SET_VRING_CALL, idx, u->call[s],
			     "SET_VRING_CALL");
	if (rc == 0)
		rc = ring_fd(hw, U_SET_VRING_KICK, idx, u->kick[s],
			     "SET_VRING_KICK");
	if (rc == 0) {
		u->started[s] = true;
		u->qidx[s] = idx;
	}
	if (rc == 0 && u->proto)
		rc = vcrypto_umsg_set_state(hw, U_SET_VRING_ENABLE, idx, 1,
					    "SET_VRING_ENABLE");
	return rc;
}

static int
user_queue_setup(struct vcrypto_hw *hw, uint16_t idx, uint16_t size,
		 const struct vcrypto_vq_addrs *a)
{
	struct user_hw *u = user_of(hw);
	int rc;

	/* Memory lock first (vcrypto_umsg_send_mem_table()). */
	rte_mcfg_mem_read_lock();
	rte_spinlock_lock(&u->lock);
	rc = queue_setup_locked(hw, idx, size, a);
	rte_spinlock_unlock(&u->lock);
	rte_mcfg_mem_read_unlock();
	return rc;
}

/*
 * EAL memory hot-plug (hugepages in EAL's default dynamic mode): memory
 * allocated after the table was sent is unknown to the back end, which
 * would refuse every buffer in it. Called by EAL after each allocation,
 * with its memory lock held for writing (so no walk lock here), before
 * the allocation returns: the back end has the new table before anything
 * in that memory can be posted. A free needs nothing: nothing is posted
 * from freed memory, and the next table leaves it out.
 */
static void
user_mem_event(enum rte_mem_event type, const void *addr, size_t len,
	       void *arg)
{
	struct vcrypto_hw *hw = arg;
	struct user_hw *u = user_of(hw);
	const struct rte_memseg_list *msl;
	bool send;
	int rc = 0;

	msl = rte_mem_virt2memseg_list(addr);
	if (type != RTE_MEM_EVENT_ALLOC || msl == NULL || msl->external)
		return;
	rte_spinlock_lock(&u->lock);
	send = u->mem_sent && !u->dead;
	if (send)
		rc = vcrypto_umsg_send_mem_table(hw);
	rte_spinlock_unlock(&u->lock);
	if (rc != 0)
		VCRYPTO_LOG(ERR, "%s: EAL allocated memory the back end "
			    "cannot be told about (%d): buffers in it will "
			    "fail", hw->name, rc);
	else if (send)
		VCRYPTO_LOG(INFO, "%s: memory table re-sent after EAL "
			    "allocated %zu bytes", hw->name, len);
}

static void
user_notify(struct vcrypto_hw *hw, uint16_t idx)
{
	uint64_t one = 1;
	ssize_t n;

	/* Non-blocking eventfd: a full counter already means "kicked". */
	n = write(user_of(hw)->kick[qslot(idx)], &one, sizeof(one));
	RTE_SET_USED(n);
}

/* ------------------------------------------------- session messages */

/*
 * CREATE_CRYPTO_SESSION: the reply is the same message, the session id
 * rewritten (>= 0, or a negative VIRTIO_CRYPTO_* status). No NEED_REPLY:
 * the message has a reply of its own. A reply of another request, size
 * or flags breaks the connection (vcrypto_umsg_recv_reply()).
 */
static int
user_session_create(struct vcrypto_hw *hw,
		    const struct vcrypto_session_req *req, uint64_t *sid)
{
	struct user_hw *u = user_of(hw);
	uint8_t b[VCRYPTO_USER_SESS_LEN];
	uint32_t len = vcrypto_user_sess_len(u->layout);
	int rc;

	rc = vcrypto_user_sess_encode(u->layout, req, b);
	if (rc != 0)
		return rc;
	rte_spinlock_lock(&u->lock);
	rc = u->dead ? -ENODEV :
		vcrypto_umsg_send_msg(hw, U_CREATE_CRYPTO_SESSION, 0, b,
				      len, NULL, 0);
	if (rc == 0)
		rc = vcrypto_umsg_recv_reply(hw, U_CREATE_CRYPTO_SESSION, b,
					     len, "CREATE_CRYPTO_SESSION");
	if (rc == 0)
		rc = vcrypto_user_sess_decode(u->layout, b, sid);
	else if (u->dead)
		rc = -ENODEV;
	rte_spinlock_unlock(&u->lock);
	explicit_bzero(b, sizeof(b));	/* keys, echoed back too */
	if (rc == -ENOTSUP || rc == -EIO)
		VCRYPTO_LOG(DEBUG, "%s: back end refused a session (keys "
			    "%u + %u bytes): %d", hw->name, req->key_len[0],
			    req->key_len[1], rc);
	return rc;
}

/* CLOSE_CRYPTO_SESSION: the u64 id, acked when REPLY_ACK is on (DPDK
 * 22.11 drops the connection on a refused close without NEED_REPLY). */
static int
user_session_destroy(struct vcrypto_hw *hw, uint64_t sid)
{
	struct user_hw *u = user_of(hw);
	int rc;

	rte_spinlock_lock(&u->lock);
	rc = u->dead ? -ENODEV :
		vcrypto_umsg_set_u64(hw, U_CLOSE_CRYPTO_SESSION, sid,
				     "CLOSE_CRYPTO_SESSION");
	if (rc != 0 && u->dead)
		rc = -ENODEV;
	rte_spinlock_unlock(&u->lock);
	return rc;
}

const struct vcrypto_transport_ops vcrypto_user_ops = {
	.get_status = user_get_status,
	.set_status = user_set_status,
	.get_features = user_get_features,
	.set_features = user_set_features,
	.config_generation = user_config_generation,
	.read_config = user_read_config,
	.queue_max_size = user_queue_max_size,
	.queue_setup = user_queue_setup,
	.notify = user_notify,
	.session_create = user_session_create,
	.session_destroy = user_session_destroy,
};

/* ------------------------------------------------------------- attach */

static int
connect_to(struct vcrypto_hw *hw, const char *path, bool loud)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(a.sun_path)) {
		VCRYPTO_LOG(ERR, "%s: socket path too long: %s", hw->name,
			    path);
		return -ENAMETOOLONG;
	}
	strcpy(a.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
		int e = errno;

		if (loud)
			VCRYPTO_LOG(ERR, "%s: cannot connect to vhost-user back end "
				    "%s: %s", hw->name, path, strerror(e));
		close(fd);
		return -e;
	}
	return fd;
}

static const char *const ctrl_names[] = {
	[VCRYPTO_USER_CTRL_AUTO] = "auto",
	[VCRYPTO_USER_CTRL_VRING] = "vring",
	[VCRYPTO_USER_CTRL_SESSION] = "session",
};

/*
 * The control mode the protocol features pf allow: session messages need
 * CRYPTO_SESSION, a control vring needs CONFIG. ctrl=auto takes session
 * messages whenever CRYPTO_SESSION is offered: DPDK 22.11's vhost_crypto
 * offers CONFIG too (rte_vhost_crypto_driver_start()) but has no config
 * space, and drops the connection on GET_CONFIG; a control-vring back end
 * has no use for CRYPTO_SESSION.
 */
static int
pick_mode(struct vcrypto_hw *hw, uint64_t pf, bool *msgs)
{
	enum vcrypto_user_ctrl want = user_of(hw)->ctrl;
	bool cs = (pf >> P_CRYPTO_SESSION) & 1, cfg = (pf >> P_CONFIG) & 1;

	*msgs = want == VCRYPTO_USER_CTRL_SESSION ||
		(want == VCRYPTO_USER_CTRL_AUTO && cs);
	if (*msgs && !cs)
		VCRYPTO_LOG(ERR, "%s: back end protocol features 0x%" PRIx64
			    " lack CRYPTO_SESSION: ctrl=session needs it",
			    hw->name, pf);
	else if (!*msgs && !cfg)
		VCRYPTO_LOG(ERR, "%s: back end protocol features 0x%" PRIx64
			    " lack CONFIG: control-vring mode needs it%s",
			    hw->name, pf, want == VCRYPTO_USER_CTRL_AUTO ?
			    " (and CRYPTO_SESSION, for session messages, is "
			    "not offered either)" : "");
	else
		return 0;
	return -ENOTSUP;
}

/* Queue count: GET_QUEUE_NUM under MQ; data queues + an unused control
 * slot for session messages (no control vring). */
static int
count_queues(struct vcrypto_hw *hw)
{
	struct user_hw *u = user_of(hw);
	uint64_t nq;
	int rc;

	hw->num_queues = hw->ctrl_msgs ? u->dataqs + 1 : VCRYPTO_MAX_QUEUES;
	if (!((u->pfeatures >> P_MQ) & 1))
		return 0;
	rc = vcrypto_umsg_get_u64(hw, U_GET_QUEUE_NUM, &nq, "GET_QUEUE_NUM");
	if (rc != 0)
		return rc;
	/* A ring's fd message has 8 bits for its index. */
	if (nq < (hw->ctrl_msgs ? u->dataqs : 2u) || nq > 256) {
		VCRYPTO_LOG(ERR, "%s: GET_QUEUE_NUM %" PRIu64 " (need %u..256)",
			    hw->name, nq, hw->ctrl_msgs ? u->dataqs : 2u);
		return -EIO;
	}
	if (!hw->ctrl_msgs)
		hw->num_queues = (uint16_t)nq;
	return 0;
}

static int
attach(struct vcrypto_hw *hw)
{
	struct user_hw *u = user_of(hw);
	uint64_t f, pf;
	bool msgs;
	int rc;

	rc = vcrypto_umsg_set_msg(hw, U_SET_OWNER, NULL, 0, NULL, 0,
				  "SET_OWNER");
	if (rc == 0)
		rc = vcrypto_umsg_get_u64(hw, U_GET_FEATURES, &f,
					  "GET_FEATURES");
	if (rc != 0)
		return rc;
	u->offered = f;
	u->proto = (f >> F_PROTOCOL_FEATURES) & 1;
	if (!u->proto) {
		VCRYPTO_LOG(ERR, "%s: back end offers no protocol features: "
			    "control-vring mode needs CONFIG, session messages "
			    "CRYPTO_SESSION", hw->name);
		return -ENOTSUP;
	}
	rc = vcrypto_umsg_get_u64(hw, U_GET_PROTOCOL_FEATURES, &pf,
				  "GET_PROTOCOL_FEATURES");
	if (rc == 0)
		rc = pick_mode(hw, pf, &msgs);
	if (rc != 0)
		return rc;
	pf &= P_WANTED & ~(msgs ? BIT(P_CONFIG) : BIT(P_CRYPTO_SESSION));
	rc = vcrypto_umsg_set_u64(hw, U_SET_PROTOCOL_FEATURES, pf,
				  "SET_PROTOCOL_FEATURES");
	if (rc != 0)
		return rc;
	u->pfeatures = pf;	/* REPLY_ACK applies from the next message */
	if (u->attached && msgs != hw->ctrl_msgs) {
		VCRYPTO_LOG(ERR, "%s: back end came back in another control "
			    "mode (%s)", hw->name, msgs ? "session messages" :
			    "control vring");
		rc = -EIO;
	}
	if (rc != 0)
		return rc;
	hw->ctrl_msgs = msgs;
	u->attached = true;
	rc = count_queues(hw);
	if (rc != 0)
		return rc;
	VCRYPTO_LOG(INFO, "%s: vhost-user %s: features 0x%" PRIx64
		    ", protocol features 0x%" PRIx64 ", %u queues, %s (ctrl=%s)",
		    hw->name, u->path, f, pf, hw->num_queues,
		    msgs ? "session messages" : "control vring",
		    ctrl_names[u->ctrl]);
	return 0;
}

/*
 * The back end closed the connection after bring-up: try to connect
 * again for up to RECONNECT_MS (a restarted back end), then attach as at
 * probe. Caller: a reset, under the lock (control path, may sleep).
 */
static void
reconnect(struct vcrypto_hw *hw)
{
	struct user_hw *u = user_of(hw);
	uint64_t deadline = rte_get_timer_cycles() +
		rte_get_timer_hz() * RECONNECT_MS / 1000;
	int fd;

	if (u->sock >= 0)
		close(u->sock);
	u->sock = -1;
	do {
		fd = connect_to(hw, u->path, false);
		if (fd >= 0)
			break;
		rte_delay_us_sleep(50000);
	} while (rte_get_timer_cycles() < deadline);
	if (fd < 0) {
		VCRYPTO_LOG(ERR, "%s: vhost-user back end %s not back within "
			    "%u ms", hw->name, u->path, RECONNECT_MS);
		return;
	}
	u->sock = fd;
	u->dead = false;
	u->pfeatures = 0;
	if (attach(hw) != 0) {
		vcrypto_umsg_mark_dead(hw,
				       "reconnected, but the back end failed set-up");
		return;
	}
	VCRYPTO_LOG(NOTICE, "%s: reconnected to vhost-user back end %s",
		    hw->name, u->path);
}

int
vcrypto_user_init(const struct vcrypto_user_args *args,
		  struct vcrypto_hw *hw, int socket_id)
{
	struct user_hw *u;
	unsigned int i;
	int rc;

	if (rte_eal_iova_mode() != RTE_IOVA_VA) {
		VCRYPTO_LOG(ERR, "%s: virtio-user shares virtual addresses: "
			    "run with --iova-mode=va", hw->name);
		return -ENOTSUP;
	}
	rc = vcrypto_umsg_memory_shareable(hw);
	if (rc != 0)
		return rc;
	u = rte_zmalloc_socket("vcrypto_user", sizeof(*u), 0, socket_id);
	if (u == NULL)
		return -ENOMEM;
	rte_spinlock_init(&u->lock);
	for (i = 0; i < VCRYPTO_MAX_QUEUES; i++)
		u->kick[i] = u->call[i] = -1;
	u->queue_size = args->queue_size;
	u->reply_ms = REPLY_TIMEOUT_MS;
	u->ctrl = args->ctrl;
	u->dataqs = args->queues != 0 ? args->queues : 1;
	if (vcrypto_user_sess_len(args->session_layout) == 0) {
		VCRYPTO_LOG(ERR, "%s: session_layout=%u not supported: %u (DPDK "
			    "22.11, QEMU <= 7.0) or %u (QEMU 11.1, DPDK >= "
			    "25.03)", hw->name, args->session_layout,
			    VCRYPTO_USER_SESS_LAYOUT_632,
			    VCRYPTO_USER_SESS_LAYOUT_1072);
		rte_free(u);
		return -ENOTSUP;
	}
	u->layout = args->session_layout;
	snprintf(u->path, sizeof(u->path), "%s", args->path);
	u->sock = -1;
	hw->priv = u;
	hw->kind = VCRYPTO_TRANSPORT_USER;
	rc = connect_to(hw, args->path, true);
	if (rc >= 0) {
		u->sock = rc;
		rc = attach(hw);
	}
	/* Legacy memory (--no-huge, -m with --legacy-mem) has no events. */
	if (rc == 0 && rte_mem_event_callback_register(hw->name,
						       user_mem_event, hw) == 0)
		u->mem_cb = true;
	if (rc != 0)
		vcrypto_user_fini(hw);
	return rc;
}

void
vcrypto_user_fini(struct vcrypto_hw *hw)
{
	struct user_hw *u = user_of(hw);
	unsigned int i;

	if (u == NULL)
		return;
	/* After this, no callback runs (EAL holds its event lock). */
	if (u->mem_cb)
		rte_mem_event_callback_unregister(hw->name, hw);
	if (u->sock >= 0)
		close(u->sock);
	for (i = 0; i < VCRYPTO_MAX_QUEUES; i++) {
		if (u->kick[i] >= 0)
			close(u->kick[i]);
		if (u->call[i] >= 0)
			close(u->call[i]);
	}
	rte_free(u);
	hw->priv = NULL;
}
