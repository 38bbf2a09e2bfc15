/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * dpdk-test-vcrypto-diff: options, device bring-up, the walk over the
 * device's capabilities that turns each (cipher, key size[, MAC], layout
 * class) into a group, and the closing table of layouts exercised, from
 * which the RTE_CRYPTODEV_FF_*_SGL flags a driver may claim can be read.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_eal.h>
#include <rte_errno.h>

#include "dt.h"
#include "../tv_report.h"

#define DEFAULT_DRIVER		"crypto_vcrypto"
#define DEFAULT_SEED		1
/* 18 AES-CBC groups x 1000 ops: ~8 s in a TCG guest (builtin device). */
#define DEFAULT_ITERATIONS	1000
#define DEFAULT_TIMEOUT_MS	5000
#define DEFAULT_DESCRIPTORS	128
#define DEFAULT_NOTES		3
#define NB_PIECES		4096

enum sgl_mode {
	SGL_AUTO,	/* ALL for crypto_vcrypto, FLAGS for the rest */
	SGL_ALL,	/* run every SGL class, advertised or not */
	SGL_FLAGS,	/* only what the feature flags allow */
	SGL_NONE,	/* linear mbufs only */
};

struct options {
	const char *driver;
	const char *filter;
	unsigned int timeout_ms;
	unsigned int descriptors;
	unsigned int desc_max;
	unsigned int max_len;
	enum sgl_mode sgl;
	enum dt_digest_mode digest;
	bool cipher_only;
	struct dt_opts run;
};

struct main_ctx {
	struct tv_dev dev;
	struct rte_mempool *pool;
	const struct options *o;
	bool force_sgl;
	bool dead;
	struct dt_stats cls[DT_CLASS_NB];
	unsigned int cls_skipped[DT_CLASS_NB];
};

static void
usage(const char *prog)
{
	fprintf(stderr,
		"usage: %s [EAL args] -- [--driver NAME] [--seed N]\n"
		"	[--iterations N] [--filter SUBSTR] [--only B.O]\n"
		"	[--max-burst N] [--max-descs N] [--max-len N]\n"
		"	[--sgl all|flags|none]\n"
		"	[--digest mixed|inline|detached] [--timeout MS]\n"
		"	[--descriptors N] [--cipher-only] [--notes N]\n"
		"	[--verbose]\n"
		"  --driver       first cryptodev of this driver (%s)\n"
		"  --seed         seed of every random draw (%u)\n"
		"  --iterations   ops per group (%u)\n"
		"  --filter       groups whose name contains SUBSTR\n"
		"  --only         of each group run only op O of burst B\n"
		"  --max-burst    largest burst (%u)\n"
		"  --max-descs    descriptors one request may use (%u)\n"
		"  --max-len      longest cipher range in bytes (%u)\n"
		"  --sgl          all: SGL layouts even if not advertised\n"
		"                 (default for crypto_vcrypto); flags: only\n"
		"                 those the feature flags allow (default);\n"
		"                 none: linear mbufs only\n"
		"  --digest       chained digests in the packet after the MAC\n"
		"                 range (inline, as ESP), in the tail room\n"
		"                 past pkt_len (detached), or both (mixed)\n"
		"  --timeout      bound on each wait for completions (%u ms)\n"
		"  --descriptors  queue pair size (%u)\n"
		"  --cipher-only  no cipher+MAC chains\n"
		"  --notes        failing ops described per group (%u)\n"
		"  --verbose      dump bytes around the first difference\n",
		prog, DEFAULT_DRIVER, DEFAULT_SEED, DEFAULT_ITERATIONS,
		DT_BURST_MAX, DT_DESC_MAX, DT_DATA_MAX, DEFAULT_TIMEOUT_MS,
		DEFAULT_DESCRIPTORS, DEFAULT_NOTES);
}

static int
parse_uint(const char *s, unsigned long min, unsigned long max,
		unsigned int *out)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno != 0 || end == s || *end != '\0' || v < min || v > max)
		return -1;
	*out = (unsigned int)v;
	return 0;
}

static int
parse_only(const char *s, struct dt_opts *r)
{
	unsigned long b, o;
	char *end;

	b = strtoul(s, &end, 10);
	if (end == s || *end != '.')
		return -1;
	s = end + 1;
	o = strtoul(s, &end, 10);
	if (end == s || *end != '\0' || o >= DT_BURST_MAX || b > INT32_MAX)
		return -1;
	r->only_burst = (long)b;
	r->only_op = (long)o;
	return 0;
}

static const char *const sgl_words[] = {
	[SGL_AUTO] = "auto", [SGL_ALL] = "all", [SGL_FLAGS] = "flags",
	[SGL_NONE] = "none",
};
static const char *const digest_words[] = {
	[DT_DIGEST_MIXED] = "mixed", [DT_DIGEST_INLINE] = "inline",
	[DT_DIGEST_DETACHED] = "detached",
};

static int
parse_word(const char *arg, const char *const *words, unsigned int n,
		int *out)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (strcmp(arg, words[i]) == 0) {
			*out = (int)i;
			return 0;
		}
	}
	return -1;
}

static int
parse_opt(int c, const char *arg, struct options *o)
{
	char *end;

	switch (c) {
	case 'd': o->driver = arg; return 0;
	case 'f': o->filter = arg; return 0;
	case 'v': o->run.verbose = true; return 0;
	case 'c': o->cipher_only = true; return 0;
	case 'o': return parse_only(arg, &o->run);
	case 'i': return parse_uint(arg, 1, 10000000, &o->run.iterations);
	case 'b': return parse_uint(arg, 2, DT_BURST_MAX, &o->run.max_burst);
	case 'm': return parse_uint(arg, 8, DT_DESC_MAX, &o->desc_max);
	case 'n': return parse_uint(arg, 0, 100000, &o->run.notes);
	case 'L': return parse_uint(arg, 16, DT_DATA_MAX, &o->max_len);
	case 't': return parse_uint(arg, 1, 600000, &o->timeout_ms);
	case 'q': return parse_uint(arg, 32, 32768, &o->descriptors);
	case 's':
		errno = 0;
		o->run.seed = strtoull(arg, &end, 0);
		return errno != 0 || end == arg || *end != '\0' ? -1 : 0;
	case 'g':
		return parse_word(arg, sgl_words, RTE_DIM(sgl_words),
			(int *)&o->sgl);
	case 'D':
		return parse_word(arg, digest_words, RTE_DIM(digest_words),
			(int *)&o->digest);
	default:
		return -1;
	}
}

static int
parse_args(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "driver", required_argument, NULL, 'd' },
		{ "seed", required_argument, NULL, 's' },
		{ "iterations", required_argument, NULL, 'i' },
		{ "filter", required_argument, NULL, 'f' },
		{ "only", required_argument, NULL, 'o' },
		{ "max-burst", required_argument, NULL, 'b' },
		{ "max-descs", required_argument, NULL, 'm' },
		{ "max-len", required_argument, NULL, 'L' },
		{ "sgl", required_argument, NULL, 'g' },
		{ "digest", required_argument, NULL, 'D' },
		{ "timeout", required_argument, NULL, 't' },
		{ "descriptors", required_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "cipher-only", no_argument, NULL, 'c' },
		{ "notes", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1)
		if (parse_opt(c, optarg, o) != 0)
			return -1;
	return optind == argc ? 0 : -1;
}

static const char *
cipher_str(enum rte_crypto_cipher_algorithm a)
{
	const char *s = rte_crypto_cipher_algorithm_strings[a];

	return s != NULL ? s : "cipher?";
}

static const char *
auth_str(enum rte_crypto_auth_algorithm a)
{
	const char *s = rte_crypto_auth_algorithm_strings[a];

	return s != NULL ? s : "auth?";
}

static void
run_class(struct main_ctx *m, struct dt_group *g, enum dt_class cls,
		const char *base)
{
	const struct dt_class_info *ci = &dt_classes[cls];
	bool sgl = ci->src_sgl || ci->dst_sgl;

	g->cls = cls;
	snprintf(g->name, sizeof(g->name), "%s/%s", base, ci->tag);
	if (!tv_want(g->name))
		return;
	if (sgl && m->o->sgl == SGL_NONE) {
		m->cls_skipped[cls]++;
		tv_skip(g->name, "--sgl none");
		return;
	}
	if (ci->flag != 0 && !(m->dev.info.feature_flags & ci->flag) &&
			!(sgl && m->force_sgl)) {
		m->cls_skipped[cls]++;
		tv_skip(g->name, "driver does not advertise "
			"RTE_CRYPTODEV_FF_%s", ci->flag_name);
		return;
	}
	if (m->dead) {
		tv_fail(g->name, "not run: the device stopped answering");
		return;
	}
	if (dt_run_group(&m->dev, m->pool, g, &m->o->run, &m->cls[cls]) ==
			-ENODEV)
		m->dead = true;
}

static void
run_classes(struct main_ctx *m, struct dt_group *g, const char *base)
{
	unsigned int cls;

	for (cls = 0; cls < DT_CLASS_NB; cls++)
		run_class(m, g, cls, base);
}

/* Every MAC step of the capability must be one OpenSSL can compute. */
static bool
mac_range_ok(const struct dt_mac *mac, struct rte_crypto_param_range *k)
{
	uint16_t len;

	if (k->min == 0 && k->increment != 0)
		k->min = k->increment;	/* HMAC with no key: not tested */
	k->max = RTE_MIN(k->max, (uint16_t)DT_AKEY_MAX);
	for (len = k->min; len <= k->max; len += k->increment) {
		if (!dt_ref_mac_key_ok(mac, len))
			return false;
		if (k->increment == 0)
			break;
	}
	return true;
}

static void
run_chains(struct main_ctx *m, struct dt_group *g, const char *cbase)
{
	const struct rte_cryptodev_capabilities *cap;
	const struct dt_mac *mac;
	char base[80];

	for (cap = m->dev.info.capabilities;
			cap->op != RTE_CRYPTO_OP_TYPE_UNDEFINED; cap++) {
		if (cap->op != RTE_CRYPTO_OP_TYPE_SYMMETRIC ||
				cap->sym.xform_type !=
				RTE_CRYPTO_SYM_XFORM_AUTH)
			continue;
		mac = dt_ref_mac(cap->sym.auth.algo);
		snprintf(base, sizeof(base), "%s+%s", cbase,
			mac != NULL ? mac->name : auth_str(cap->sym.auth.algo));
		g->akey = cap->sym.auth.key_size;
		g->digest = cap->sym.auth.digest_size;
		g->digest.max = RTE_MIN(g->digest.max,
			mac != NULL ? mac->full : 0);
		if (mac == NULL || !mac_range_ok(mac, &g->akey) ||
				g->digest.min == 0 ||
				g->digest.min > g->digest.max) {
			if (tv_want(base))
				tv_skip(base, "no OpenSSL MAC reference here "
					"for its key or digest sizes");
			continue;
		}
		g->mac = mac;
		run_classes(m, g, base);
	}
	g->mac = NULL;
}

static bool
iv_ok(const struct rte_cryptodev_symmetric_capability *s,
		const struct dt_cipher *c)
{
	const struct rte_crypto_param_range *r = &s->cipher.iv_size;

	if (c->iv_len < r->min || c->iv_len > r->max)
		return false;
	return r->increment == 0 ? c->iv_len == r->min :
		(c->iv_len - r->min) % r->increment == 0;
}

/* One cipher capability: every key size, cipher-only then chained. */
static void
run_cipher_cap(struct main_ctx *m, const struct rte_cryptodev_capabilities *cap)
{
	const struct rte_crypto_param_range *k = &cap->sym.cipher.key_size;
	const struct dt_cipher *c = dt_ref_cipher(cap->sym.cipher.algo);
	bool chain = (m->dev.info.feature_flags &
		RTE_CRYPTODEV_FF_SYM_OPERATION_CHAINING) && !m->o->cipher_only;
	struct dt_group g = {
		.desc_max = m->o->desc_max,
		.max_len = m->o->max_len,
		.digest_mode = m->o->digest,
	};
	char base[64];
	uint16_t len;

	snprintf(base, sizeof(base), "diff/%s", c != NULL ? c->name :
		cipher_str(cap->sym.cipher.algo));
	if (c == NULL || !iv_ok(&cap->sym, c)) {
		if (tv_want(base))
			tv_skip(base, "no OpenSSL reference here (or IV size "
				"not %u)", c != NULL ? c->iv_len : 0);
		return;
	}
	g.cipher = c;
	for (len = k->min; len <= k->max; len += k->increment) {
		snprintf(base, sizeof(base), "diff/%s-%u", c->name, len * 8);
		g.key_len = len;
		if (len > DT_KEY_MAX || !dt_ref_cipher_key_ok(c, len)) {
			if (tv_want(base))
				tv_skip(base, "OpenSSL here has no %u-byte key "
					"%s", len, c->name);
		} else {
			run_classes(m, &g, base);
			if (chain)
				run_chains(m, &g, base);
		}
		if (k->increment == 0)
			break;
	}
}

static void
run_all(struct main_ctx *m)
{
	const struct rte_cryptodev_capabilities *cap;

	for (cap = m->dev.info.capabilities;
			cap->op != RTE_CRYPTO_OP_TYPE_UNDEFINED; cap++)
		if (cap->op == RTE_CRYPTO_OP_TYPE_SYMMETRIC &&
				cap->sym.xform_type ==
				RTE_CRYPTO_SYM_XFORM_CIPHER)
			run_cipher_cap(m, cap);
}

static void
print_flags(const struct main_ctx *m)
{
	uint64_t ff = m->dev.info.feature_flags;
	unsigned int cls;
	char buf[160];
	size_t at = 0;

	buf[0] = '\0';
	for (cls = 0; cls < DT_CLASS_NB; cls++)
		if (dt_classes[cls].flag != 0 && (ff & dt_classes[cls].flag))
			at += (size_t)snprintf(buf + at, sizeof(buf) - at,
				" %s", dt_classes[cls].flag_name);
	tv_note("%s: layout flags advertised:%s; chaining %s",
		m->dev.info.driver_name, at ? buf : " none",
		(ff & RTE_CRYPTODEV_FF_SYM_OPERATION_CHAINING) ? "yes" : "no");
	if (m->force_sgl)
		tv_note("SGL layouts run even where the flags above do not "
			"claim them, deliberately: a driver-level test of the "
			"request builder (--sgl flags to respect them)");
}

/* What the lead reads to decide the SGL flags. */
static void
print_layouts(const struct main_ctx *m)
{
	uint64_t ff = m->dev.info.feature_flags;
	const struct dt_class_info *ci;
	const struct dt_stats *s;
	const char *verdict;
	unsigned int cls;

	tv_note("layouts exercised on %s (seed %" PRIu64 "):",
		m->dev.info.driver_name, m->o->run.seed);
	for (cls = 0; cls < DT_CLASS_NB; cls++) {
		ci = &dt_classes[cls];
		s = &m->cls[cls];
		if (s->groups == 0)
			verdict = m->cls_skipped[cls] ? "not run (SKIP lines "
				"say why)" : "not run";
		else if (s->failed != 0)
			verdict = "FAILING";
		else if (ci->flag != 0 && !(ff & ci->flag))
			verdict = "all passed, flag could be advertised";
		else
			verdict = "all passed";
		tv_note("  %-22s FF %-19s %-3s %3u groups %6u ops %4u failed "
			"<=%2u descs: %s", ci->title, ci->flag_name,
			ci->flag == 0 ? "" : (ff & ci->flag) ? "yes" : "no",
			s->groups, s->ops, s->failed, s->max_descs, verdict);
	}
}

static int
ctx_setup(struct main_ctx *m, const struct options *o)
{
	int id;

	m->o = o;
	if (dt_ref_init() != 0) {
		fprintf(stderr, "OpenSSL initialisation failed\n");
		return -1;
	}
	id = tv_dev_find(o->driver);
	if (id < 0) {
		fprintf(stderr, "no cryptodev of driver %s\n", o->driver);
		return -1;
	}
	if (tv_dev_setup(&m->dev, (uint8_t)id, o->descriptors,
			o->timeout_ms) != 0)
		return -1;
	m->pool = rte_pktmbuf_pool_create("dt_pieces", NB_PIECES, 0, 0,
		DT_PIECE_ROOM, m->dev.socket);
	if (m->pool == NULL) {
		fprintf(stderr, "piece pool: %s\n", rte_strerror(rte_errno));
		return -1;
	}
	m->force_sgl = o->sgl == SGL_ALL || (o->sgl == SGL_AUTO &&
		strcmp(o->driver, DEFAULT_DRIVER) == 0);
	return 0;
}

static void
ctx_teardown(struct main_ctx *m)
{
	tv_dev_teardown(&m->dev);
	rte_mempool_free(m->pool);
}

int
main(int argc, char **argv)
{
	static struct main_ctx m;
	struct options o = {
		.driver = DEFAULT_DRIVER,
		.timeout_ms = DEFAULT_TIMEOUT_MS,
		.descriptors = DEFAULT_DESCRIPTORS,
		.desc_max = DT_DESC_MAX,
		.max_len = DT_DATA_MAX,
		.run = { .seed = DEFAULT_SEED, .iterations = DEFAULT_ITERATIONS,
			.max_burst = DT_BURST_MAX, .only_burst = -1,
			.only_op = -1, .notes = DEFAULT_NOTES },
	};
	int n, rc = 2;

	n = rte_eal_init(argc, argv);
	if (n < 0) {
		fprintf(stderr, "EAL initialisation failed\n");
		return 2;
	}
	argv[n] = argv[0];
	if (parse_args(argc - n, argv + n, &o) != 0) {
		usage(argv[0]);
		rte_eal_cleanup();
		return 2;
	}
	tv_report_init(o.filter, o.run.verbose);
	if (ctx_setup(&m, &o) == 0) {
		tv_note("seed %" PRIu64 ", %u ops per group, bursts of 1..%u, "
			"at most %u descriptors per request, cipher ranges up "
			"to %u B", o.run.seed, o.run.iterations,
			o.run.max_burst, o.desc_max, o.max_len);
		print_flags(&m);
		run_all(&m);
		print_layouts(&m);
		rc = tv_report_summary();
	}
	ctx_teardown(&m);
	rte_eal_cleanup();
	return rc;
}
