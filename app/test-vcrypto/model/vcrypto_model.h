/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * A software virtio device serving one split virtqueue from the device
 * side, in process, over the driver's ring memory. It checks the driver
 * as QEMU's virtqueue_pop/virtqueue_get_head do, echoes readable bytes into
 * the writable ones (last writable byte = a status) or hands each request
 * to a test's handler (a crypto device's control or data queue), and has
 * knobs that make it misbehave so tests can watch the driver cope. Test
 * code only.
 */
#ifndef VCRYPTO_MODEL_H
#define VCRYPTO_MODEL_H

#include <stdbool.h>
#include <stdint.h>

/** How the device misbehaves, once, at the chosen completion. */
enum vcrypto_model_fault {
	VCRYPTO_MODEL_FAULT_NONE = 0,
	VCRYPTO_MODEL_FAULT_ID_RANGE,		/**< used id >= ring size */
	VCRYPTO_MODEL_FAULT_ID_NOT_INFLIGHT,	/**< used id not made available */
	VCRYPTO_MODEL_FAULT_DUPLICATE,		/**< complete one request twice */
	VCRYPTO_MODEL_FAULT_LEN_TOO_BIG,	/**< len = writable bytes + 1 */
	VCRYPTO_MODEL_FAULT_IDX_JUMP,		/**< used idx += in flight + 1, no entries */
	VCRYPTO_MODEL_FAULT_COUNT,
};

/** Which held request the device completes next. */
enum vcrypto_model_order {
	VCRYPTO_MODEL_IN_ORDER = 0,
	VCRYPTO_MODEL_REVERSE,
	VCRYPTO_MODEL_RANDOM,
};

/** Translate a bus address into a pointer, NULL if not mapped. */
typedef void *(*vcrypto_model_map_t)(void *ctx, uint64_t iova, uint64_t len);

struct vcrypto_model;
struct vcrypto_model_seg;

/** Handler return: take the request but never complete it (until reset). */
#define VCRYPTO_MODEL_NO_COMPLETION UINT32_MAX

/**
 * Device-side request handler, called instead of the echo for every request
 * the model takes: segs[0..nseg) are its buffers, readable ones first (map
 * them with vcrypto_model_map()), wlen the writable bytes. Does the work and
 * returns the used length to report (normally wlen; 0 for "wrote nothing"),
 * or VCRYPTO_MODEL_NO_COMPLETION to hold the request forever, as DPDK's
 * vhost-crypto does with a request it rejects.
 */
typedef uint32_t (*vcrypto_model_handler_t)(void *ctx, struct vcrypto_model *m,
					    const struct vcrypto_model_seg *segs,
					    uint32_t nseg, uint32_t wlen);

struct vcrypto_model_cfg {
	uint16_t size;		/**< ring entries, power of two */
	bool indirect;		/**< VIRTIO_F_INDIRECT_DESC negotiated */
	bool event_idx;		/**< VIRTIO_F_EVENT_IDX negotiated */
	bool head_is_slot;	/**< demand head == avail slot (vhost-crypto) */
	uint64_t desc;		/**< bus addresses of the three areas */
	uint64_t avail;
	uint64_t used;
	vcrypto_model_map_t map;	/**< NULL: bus address == pointer */
	void *map_ctx;
	uint64_t seed;		/**< for VCRYPTO_MODEL_RANDOM */
};

struct vcrypto_model_seg {
	uint64_t iova;
	uint32_t len;
	bool write;
};

/** A request the device took and has not completed. */
struct vcrypto_model_held {
	uint16_t head;
	uint16_t ndesc;		/**< ring descriptors of the chain */
	uint32_t wlen;		/**< writable bytes in the chain */
	uint32_t len;		/**< used length to report */
	uint64_t hash;		/**< of its descriptors, to see driver writes */
};

struct vcrypto_model {
	struct vcrypto_model_cfg cfg;
	void *desc;
	void *avail;
	void *used;
	uint16_t last_avail;	/**< next avail index to take */
	uint16_t used_idx;	/**< our copy of used->idx */
	uint16_t used_flags;	/**< our copy of used->flags */
	uint32_t nheld;
	struct vcrypto_model_held *held;	/**< size entries, fetch order */
	bool *busy;		/**< per head: held by the device */
	struct vcrypto_model_seg *segs;		/**< chain walk scratch */
	uint64_t rng;
	/* knobs */
	enum vcrypto_model_fault fault;
	uint64_t fault_at;	/**< fire at this completion number */
	bool hold;		/**< never complete anything */
	enum vcrypto_model_order order;
	uint8_t status;		/**< status byte written last */
	vcrypto_model_handler_t handler;	/**< NULL: echo */
	void *handler_ctx;
	/* results */
	uint64_t fetched;
	uint64_t completed;	/**< used entries written, faults included */
	uint64_t faults_fired;
	uint64_t dropped;	/**< requests a handler never completes */
	uint64_t interrupts;	/**< times the driver asked for one */
	uint64_t violations;	/**< driver mistakes seen */
	char violation[256];	/**< the first one */
};

/** Attach to a ring the driver has set up. @return 0 or -ENOMEM/-EINVAL. */
int vcrypto_model_init(struct vcrypto_model *m,
		       const struct vcrypto_model_cfg *cfg);

/** Free what init allocated. */
void vcrypto_model_fini(struct vcrypto_model *m);

/** Forget every held request and restart at index 0 (device reset). */
void vcrypto_model_reset(struct vcrypto_model *m);

/**
 * Take every newly available request, check it, and do its work (the
 * echo). @return number taken; stops at the first driver violation.
 */
unsigned int vcrypto_model_fetch(struct vcrypto_model *m);

/** Complete up to max held requests, honouring order and fault knobs. */
unsigned int vcrypto_model_complete(struct vcrypto_model *m, unsigned int max);

/** Fetch, then complete everything held. @return completions. */
unsigned int vcrypto_model_run(struct vcrypto_model *m);

/** Arm a fault to fire at the n-th completion from now (0: the next). */
void vcrypto_model_set_fault(struct vcrypto_model *m,
			     enum vcrypto_model_fault fault, uint64_t n);

/** Set used->flags (VRING_USED_F_NO_NOTIFY: no kicks wanted). */
void vcrypto_model_set_used_flags(struct vcrypto_model *m, uint16_t flags);

/** Set avail_event (EVENT_IDX: kick when avail idx passes it). */
void vcrypto_model_set_avail_event(struct vcrypto_model *m, uint16_t idx);

/** Pointer to len bytes at bus address iova, NULL if not mapped. */
void *vcrypto_model_map(const struct vcrypto_model *m, uint64_t iova,
			uint64_t len);

/** Name of a fault, for messages. */
const char *vcrypto_model_fault_name(enum vcrypto_model_fault fault);

#endif /* VCRYPTO_MODEL_H */
