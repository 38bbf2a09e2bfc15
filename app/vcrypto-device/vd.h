/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * vcrypto-device: common definitions (logging, violation counters, options).
 */
#ifndef VD_H
#define VD_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

#define VD_MAX_QUEUES	65	/* data queues + control queue */
#define VD_MAX_QSIZE	32768

extern int vd_verbose;
void vd_log(int level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
#define VD_ERR(...)	vd_log(0, __VA_ARGS__)
#define VD_INFO(...)	vd_log(1, __VA_ARGS__)
#define VD_DBG(...)	vd_log(2, __VA_ARGS__)

/*
 * Kinds of driver behaviour the standard forbids. Each has a counter, a
 * name and the rule it breaks; vd_violation() logs and counts.
 */
enum vd_viol {
	VV_MSG,		/* vhost-user message malformed */
	VV_MEM,		/* address outside the memory table */
	VV_RING,	/* ring address/size invalid */
	VV_AVAIL_HEAD,	/* head index in avail ring >= queue size */
	VV_CHAIN_LOOP,	/* chain longer than the queue (loop) */
	VV_INDIRECT,	/* indirect descriptor misuse */
	VV_ORDER,	/* R descriptor after a W descriptor */
	VV_CHAIN_LEN,	/* chain total > 4 GiB or over the device limit */
	VV_HDR_RESERVED,/* reserved / padding field not zero */
	VV_FLAG,	/* header flag value */
	VV_OPCODE,	/* unknown opcode */
	VV_SERVICE,	/* service not offered */
	VV_SESSION,	/* unknown / wrong-service session id */
	VV_LAYOUT,	/* request size disagrees with its fields */
	VV_SLACK,	/* data part longer than its fields (served anyway) */
	VV_PARAM,	/* parameter out of range (key len, iv len, op ...) */
	VV_MAX_SIZE,	/* variable part larger than max_size */
	VV_STATE,	/* request outside DRIVER_OK / ring not ready */
	VV_FEATURES,	/* feature set refused */
	VV_COUNT
};

void vd_violation(enum vd_viol kind, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
uint64_t vd_violation_total(void);
uint64_t vd_violation_count(enum vd_viol kind);
void vd_violation_dump(void);
void vd_violation_reset(void);

static inline uint32_t vd_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
		(uint32_t)p[3] << 24;
}

static inline uint64_t vd_le64(const uint8_t *p)
{
	return (uint64_t)vd_le32(p) | (uint64_t)vd_le32(p + 4) << 32;
}

static inline void vd_put32(uint8_t *p, uint32_t v)
{
	p[0] = v; p[1] = v >> 8; p[2] = v >> 16; p[3] = v >> 24;
}

static inline void vd_put64(uint8_t *p, uint64_t v)
{
	vd_put32(p, (uint32_t)v);
	vd_put32(p + 4, (uint32_t)(v >> 32));
}

#endif /* VD_H */
