/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Which RSA hashes the device refused, as seen on the wire. A case may be
 * skipped as "the device refuses this hash" only when the device said so:
 * INVALID_ARGS alone does not tell a device refusal from the driver's own
 * error (a wrong digest length in its hash table returns INVALID_ARGS
 * too, and would turn the rows of that hash into skips).
 *
 * crypto_vcrypto creates a PKCS#1 session per hash on first use; when the
 * device answers the control request with an error status it logs, on
 * pmd.crypto.vcrypto.ctrl at INFO, "device refused RSA-<bits> <key>-key
 * session, padding PKCS#1 v1.5 hash <virtio hash id>: <errno>". The log
 * stream is tapped here (every line still reaches stderr) and that line
 * read. If the driver changes the message, the skips turn into failures:
 * loud, never quiet.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include <linux/virtio_crypto.h>

#include <rte_common.h>
#include <rte_log.h>

#include "at.h"

#define REFUSED_MARK	"device refused RSA-"
#define HASH_MARK	" hash "

static struct {
	FILE *out;		/* where log lines go on */
	char line[1024];
	size_t len;
	uint32_t refused;	/* bit n: virtio hash id n refused */
} tap;

static void
tap_line(const char *l)
{
	const char *p = strstr(l, REFUSED_MARK);
	unsigned long id;
	char *end;

	if (p == NULL || strstr(p, "PKCS#1") == NULL)
		return;
	p = strstr(p, HASH_MARK);
	if (p == NULL)
		return;
	id = strtoul(p + strlen(HASH_MARK), &end, 10);
	if (end != p + strlen(HASH_MARK) && id < 32)
		tap.refused |= 1u << id;
}

static ssize_t
tap_write(void *c, const char *buf, size_t n)
{
	size_t i;

	(void)c;
	fwrite(buf, 1, n, tap.out);
	fflush(tap.out);
	for (i = 0; i < n; i++) {
		if (buf[i] == '\n' || tap.len == sizeof(tap.line) - 1) {
			tap.line[tap.len] = '\0';
			tap_line(tap.line);
			tap.len = 0;
		} else {
			tap.line[tap.len++] = buf[i];
		}
	}
	return (ssize_t)n;
}

void
at_wire_watch(void)
{
	static const cookie_io_functions_t io = { .write = tap_write };
	FILE *f;
	int type;

	tap.out = stderr;
	f = fopencookie(NULL, "w", io);
	if (f == NULL || rte_openlog_stream(f) != 0) {
		fprintf(stderr, "cannot tap the log: device refusals unseen\n");
		return;
	}
	type = rte_log_register("pmd.crypto.vcrypto.ctrl");
	if (type >= 0 && rte_log_get_level(type) < (int)RTE_LOG_INFO)
		rte_log_set_level(type, RTE_LOG_INFO);
}

bool
at_wire_refused(uint32_t virtio_hash)
{
	return virtio_hash < 32 && (tap.refused >> virtio_hash) & 1;
}

bool
at_wire_refused_hash(const struct at_hash *h)
{
	static const struct {
		const char *name;
		uint32_t id;
	} ids[] = {
		{ "MD5", VIRTIO_CRYPTO_RSA_MD5 },
		{ "SHA1", VIRTIO_CRYPTO_RSA_SHA1 },
		{ "SHA224", VIRTIO_CRYPTO_RSA_SHA224 },
		{ "SHA256", VIRTIO_CRYPTO_RSA_SHA256 },
		{ "SHA384", VIRTIO_CRYPTO_RSA_SHA384 },
		{ "SHA512", VIRTIO_CRYPTO_RSA_SHA512 },
	};
	unsigned int i;

	for (i = 0; h != NULL && i < RTE_DIM(ids); i++)
		if (strcmp(ids[i].name, h->name) == 0)
			return at_wire_refused(ids[i].id);
	return false;
}
