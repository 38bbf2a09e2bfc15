/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * dpdk-test-vcrypto-asym: RSA known-answer, cross-check and negative tests
 * of one cryptodev through the public rte_cryptodev API. Options, device
 * bring-up and the order of the suites.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_eal.h>

#include "at.h"
#include "../tv_report.h"

#define DEFAULT_DRIVER	"crypto_vcrypto"
#define DEFAULT_VECTORS	"/usr/lib/python3/dist-packages/cryptography_vectors"
#define DEFAULT_TIMEOUT_MS 5000

struct options {
	const char *driver;
	const char *vectors;
	const char *filter;
	unsigned int timeout_ms;
	unsigned int keygen_max;
	bool caps_only;
	bool no_cavp;
};

static void
usage(const char *prog)
{
	fprintf(stderr,
		"usage: %s [EAL args] -- [--driver NAME] [--vectors DIR]\n"
		"	[--filter SUBSTR] [--timeout MS] [--keygen-max BITS]\n"
		"	[--list-caps] [--no-cavp]\n"
		"  --driver      first cryptodev of this driver (%s)\n"
		"  --vectors     cryptography_vectors directory (%s)\n"
		"  --filter      CAVP cases whose name contains SUBSTR\n"
		"  --timeout     bound on each wait for completions (%u ms)\n"
		"  --keygen-max  largest RSA key generated here (4096)\n"
		"  --list-caps   print the asymmetric capabilities and exit\n"
		"  --no-cavp     skip the CAVP vector files\n",
		prog, DEFAULT_DRIVER, DEFAULT_VECTORS, DEFAULT_TIMEOUT_MS);
}

static int
parse_args(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "driver", required_argument, NULL, 'd' },
		{ "vectors", required_argument, NULL, 'v' },
		{ "filter", required_argument, NULL, 'f' },
		{ "timeout", required_argument, NULL, 't' },
		{ "keygen-max", required_argument, NULL, 'k' },
		{ "list-caps", no_argument, NULL, 'l' },
		{ "no-cavp", no_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': o->driver = optarg; break;
		case 'v': o->vectors = optarg; break;
		case 'f': o->filter = optarg; break;
		case 't': o->timeout_ms = strtoul(optarg, NULL, 0); break;
		case 'k': o->keygen_max = strtoul(optarg, NULL, 0); break;
		case 'l': o->caps_only = true; break;
		case 'n': o->no_cavp = true; break;
		default: return -1;
		}
	}
	if (optind != argc || o->timeout_ms == 0)
		return -1;
	return 0;
}

int
main(int argc, char **argv)
{
	struct options o = {
		.driver = DEFAULT_DRIVER,
		.vectors = DEFAULT_VECTORS,
		.timeout_ms = DEFAULT_TIMEOUT_MS,
		.keygen_max = 4096,
	};
	struct at_dev d;
	int n, rc;

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
	tv_report_init(o.filter, false);
	at_wire_watch();
	if (at_dev_setup(&d, o.driver, o.timeout_ms) != 0) {
		at_dev_teardown(&d);
		rte_eal_cleanup();
		return 2;
	}
	at_dev_print_caps(&d);
	if (o.caps_only)
		goto out;
	if (at_dev_rsa_cap(&d) == NULL) {
		tv_skip("rsa", "device advertises no RSA capability");
		goto out;
	}
	if (d.digestinfo_input)
		tv_note("%s: sign/verify input is a whole DigestInfo, "
			"padding.hash unset (how this PMD takes it)", o.driver);
	at_cases_run(&d, o.keygen_max);
	if (!o.no_cavp) {
		at_cavp_siggen(&d, o.vectors);
		at_cavp_sigver(&d, o.vectors);
	}
out:
	rc = tv_report_summary();
	at_dev_teardown(&d);
	rte_eal_cleanup();
	return rc;
}
