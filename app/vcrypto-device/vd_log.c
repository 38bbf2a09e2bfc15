/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Logging and the per-kind violation counters.
 */
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "vd.h"

int vd_verbose = 1;

static const struct {
	const char *name;
	const char *rule;
} viol_info[VV_COUNT] = {
	[VV_MSG] = { "vhost-msg", "vhost-user: message size/payload as the protocol defines" },
	[VV_MEM] = { "address", "virtio 2.7.5/2.8: buffer addresses lie in driver-shared memory" },
	[VV_RING] = { "ring", "virtio 2.7: ring areas aligned, inside shared memory, size a power of 2" },
	[VV_AVAIL_HEAD] = { "avail-head", "virtio 2.7.6: ring[] holds the head of a descriptor chain (< queue size)" },
	[VV_CHAIN_LOOP] = { "chain-loop", "virtio 2.7.5.2: the driver MUST NOT create a descriptor chain longer than the queue size (no loops)" },
	[VV_INDIRECT] = { "indirect", "virtio 2.7.5.3.1: no INDIRECT|NEXT, no nested INDIRECT, table len multiple of 16, only if negotiated" },
	[VV_ORDER] = { "rw-order", "virtio 2.7.4.2: device-writable descriptors after all device-readable ones" },
	[VV_CHAIN_LEN] = { "chain-len", "virtio 2.7.5.2: total chain length <= 4 GiB; request within the device limits" },
	[VV_HDR_RESERVED] = { "reserved", "crypto: reserved/padding fields are 0" },
	[VV_FLAG] = { "flag", "crypto 5.9.7.2: flag is SESSION_MODE for session requests after REVISION_1" },
	[VV_OPCODE] = { "opcode", "crypto: opcode is one of the defined opcodes for the queue" },
	[VV_SERVICE] = { "service", "crypto: request only services/algorithms the device advertises" },
	[VV_SESSION] = { "session", "crypto: session_id is a live id returned by create, of the same service" },
	[VV_LAYOUT] = { "layout", "crypto: request is header + fixed part + variable part + result of the negotiated sizes" },
	[VV_SLACK] = { "slack", "crypto: the data request is header, fixed part, exactly the variable fields, then the result (extra bytes served: Linux's virtio_crypto posts whole scatterlists)" },
	[VV_PARAM] = { "param", "crypto: key/iv/result lengths and op values valid for the algorithm" },
	[VV_MAX_SIZE] = { "max-size", "crypto: key lengths and variable part within max_*_key_len/max_size" },
	[VV_STATE] = { "state", "virtio 3.1: no notification before DRIVER_OK; ring configured" },
	[VV_FEATURES] = { "features", "virtio 2.2: accept only offered features and their prerequisites" },
};

static uint64_t viol_count[VV_COUNT];

void vd_log(int level, const char *fmt, ...)
{
	va_list ap;
	struct timespec ts;

	if (level > vd_verbose)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	fprintf(stderr, "vcrypto-device[%ld.%03ld] %s: ", (long)ts.tv_sec % 100000,
		ts.tv_nsec / 1000000, level == 0 ? "error" : level == 1 ? "info" : "debug");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void vd_violation(enum vd_viol kind, const char *fmt, ...)
{
	va_list ap;
	uint64_t n;

	if ((unsigned int)kind >= VV_COUNT)
		kind = VV_MSG;
	n = ++viol_count[kind];
	/* First few of each kind in full, then every 1000th. */
	if (n > 10 && n % 1000 != 0)
		return;
	fprintf(stderr, "vcrypto-device: VIOLATION %s #%llu: ", viol_info[kind].name,
		(unsigned long long)n);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " [rule: %s]\n", viol_info[kind].rule);
}

uint64_t vd_violation_total(void)
{
	uint64_t t = 0;

	for (int i = 0; i < VV_COUNT; i++)
		t += viol_count[i];
	return t;
}

uint64_t vd_violation_count(enum vd_viol kind)
{
	return (unsigned int)kind < VV_COUNT ? viol_count[kind] : 0;
}

void vd_violation_reset(void)
{
	for (int i = 0; i < VV_COUNT; i++)
		viol_count[i] = 0;
}

void vd_violation_dump(void)
{
	fprintf(stderr, "vcrypto-device: violations total %llu\n",
		(unsigned long long)vd_violation_total());
	for (int i = 0; i < VV_COUNT; i++)
		if (viol_count[i])
			fprintf(stderr, "vcrypto-device:   %-12s %llu  (%s)\n",
				viol_info[i].name,
				(unsigned long long)viol_count[i],
				viol_info[i].rule);
}
