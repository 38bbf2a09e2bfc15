/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Driver for a fuzz target without libFuzzer (gcc builds, CI): replay
 * every corpus file given (files or directories), then mutate them at
 * random for a bounded time. The input of a finding is written to a
 * file (-o; else printed in hex) so it can be replayed. A finding aborts (FZ_CHECK, or a
 * sanitizer's report); a clean run ends with "1 passed, 0 failed".
 *
 *   fuzz-<target> [-t seconds] [-s seed] [-o current-input] corpus...
 */
#include <dirent.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fuzz.h"

#define FZ_MAX_INPUT 2048
#define MAX_CORPUS 512

static uint8_t *corpus[MAX_CORPUS];
static size_t corpus_len[MAX_CORPUS];
static unsigned int ncorpus;
static const char *current_path;
static uint64_t rng = 1;

static uint32_t
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 11);
}

static void
load(const char *path)
{
	uint8_t buf[FZ_MAX_INPUT];
	size_t n;
	FILE *fp;

	if (ncorpus == MAX_CORPUS)
		return;
	fp = fopen(path, "rb");
	if (fp == NULL)
		return;
	n = fread(buf, 1, sizeof(buf), fp);
	fclose(fp);
	corpus[ncorpus] = malloc(n + 1);
	if (corpus[ncorpus] == NULL)
		return;
	memcpy(corpus[ncorpus], buf, n);
	corpus_len[ncorpus++] = n;
}

static void
load_any(const char *path)
{
	char sub[4096];
	struct dirent *e;
	struct stat st;
	DIR *d;

	if (stat(path, &st) != 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		load(path);
		return;
	}
	d = opendir(path);
	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
		load(sub);
	}
	closedir(d);
}

static const uint8_t *cur_p;
static size_t cur_n;

/* A finding: keep the input that made it, for replay (-o, else hex). */
static void
dump(void)
{
	FILE *fp = current_path != NULL ? fopen(current_path, "wb") : NULL;
	size_t i;

	if (fp != NULL) {
		fwrite(cur_p, 1, cur_n, fp);
		fclose(fp);
		fprintf(stderr, "input kept in %s\n", current_path);
		return;
	}
	fprintf(stderr, "input (%zu bytes):", cur_n);
	for (i = 0; i < cur_n; i++)
		fprintf(stderr, "%s%02x", i % 32 ? "" : "\n  ", cur_p[i]);
	fprintf(stderr, "\n");
}

/* Sanitizers call this before they end the process (no-op without). */
void __sanitizer_set_death_callback(void (*cb)(void)) __attribute__((weak));

/* A crash without a sanitizer: keep the input, then die of the signal. */
static void
on_signal(int sig)
{
	dump();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
run(const uint8_t *p, size_t n)
{
	cur_p = p;
	cur_n = n;
	LLVMFuzzerTestOneInput(p, n);
}

static size_t
mutate(uint8_t *buf, size_t n)
{
	unsigned int k, edits = 1 + rnd() % 8;
	size_t at;

	for (k = 0; k < edits; k++) {
		at = n > 0 ? rnd() % n : 0;
		switch (rnd() % 5) {
		case 0:	/* flip bits */
			if (n > 0)
				buf[at] ^= (uint8_t)(1u << (rnd() % 8));
			break;
		case 1:	/* random byte */
			if (n > 0)
				buf[at] = (uint8_t)rnd();
			break;
		case 2:	/* insert */
			if (n < FZ_MAX_INPUT) {
				memmove(buf + at + 1, buf + at, n - at);
				buf[at] = (uint8_t)rnd();
				n++;
			}
			break;
		case 3:	/* delete */
			if (n > 0) {
				memmove(buf + at, buf + at + 1, n - at - 1);
				n--;
			}
			break;
		default:	/* interesting values */
			if (n > 0)
				buf[at] = (const uint8_t[]){ 0, 1, 0x7f, 0x80,
							     0xff }[rnd() % 5];
			break;
		}
	}
	return n;
}

int
main(int argc, char **argv)
{
	uint8_t buf[FZ_MAX_INPUT];
	unsigned int seconds = 0, i;
	uint64_t runs = 0;
	time_t end;
	size_t n;
	int c;

	while ((c = getopt(argc, argv, "t:s:o:")) != -1) {
		switch (c) {
		case 't': seconds = (unsigned int)strtoul(optarg, NULL, 0); break;
		case 's': rng = strtoull(optarg, NULL, 0) | 1; break;
		case 'o': current_path = optarg; break;
		default:
			fprintf(stderr, "usage: %s [-t s] [-s seed] [-o file] "
				"corpus...\n", argv[0]);
			return 2;
		}
	}
	for (; optind < argc; optind++)
		load_any(argv[optind]);
	fz_on_fail = dump;
	if (__sanitizer_set_death_callback != NULL)
		__sanitizer_set_death_callback(dump);
	else {
		signal(SIGSEGV, on_signal);
		signal(SIGBUS, on_signal);
		signal(SIGFPE, on_signal);
	}
	for (i = 0; i < ncorpus; i++, runs++) {
		run(corpus[i], corpus_len[i]);
	}
	printf("# %u corpus inputs replayed\n", ncorpus);
	end = time(NULL) + seconds;
	while (seconds > 0 && time(NULL) < end) {
		if (ncorpus > 0 && rnd() % 8 != 0) {
			i = rnd() % ncorpus;
			n = corpus_len[i];
			memcpy(buf, corpus[i], n);
		} else {
			n = rnd() % 256;
			for (i = 0; i < n; i++)
				buf[i] = (uint8_t)rnd();
		}
		n = mutate(buf, n);
		run(buf, n);
		runs++;
	}
	printf("# %" PRIu64 " inputs run in %u s\n", runs, seconds);
	printf("1 passed, 0 failed\n");
	for (i = 0; i < ncorpus; i++)
		free(corpus[i]);
	return 0;
}
