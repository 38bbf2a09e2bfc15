/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * What the fuzz targets share: the input as a byte reader (zeros once it
 * runs out, so every input is a complete script), the check that turns a
 * broken invariant into a finding, and the entry point libFuzzer calls
 * (fuzz_main.c calls it without libFuzzer: corpus replay + mutation).
 */
#ifndef VCRYPTO_FUZZ_H
#define VCRYPTO_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct fz {
	const uint8_t *p;
	size_t n;
	size_t off;
};

static inline bool
fz_done(const struct fz *f)
{
	return f->off >= f->n;
}

static inline uint8_t
fz_u8(struct fz *f)
{
	return f->off < f->n ? f->p[f->off++] : 0;
}

static inline uint16_t
fz_u16(struct fz *f)
{
	uint16_t v = fz_u8(f);

	return (uint16_t)(v | fz_u8(f) << 8);
}

static inline uint32_t
fz_u32(struct fz *f)
{
	uint32_t v = fz_u16(f);

	return v | (uint32_t)fz_u16(f) << 16;
}

/** Report a broken invariant (file, line, text) and abort: a finding. */
void fz_fail(const char *file, int line, const char *what)
	__attribute__((noreturn));

#define FZ_CHECK(cond) do { \
	if (!(cond)) \
		fz_fail(__FILE__, __LINE__, #cond); \
} while (0)

/** Called by fz_fail() before it aborts, if set (keeps the input). */
extern void (*fz_on_fail)(void);

/** Silence the driver's logs (device faults are the normal case here). */
void fz_quiet(void);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif /* VCRYPTO_FUZZ_H */
