/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * DPDK's symmetric cryptodev suites (app/test/test_cryptodev.c) for a PMD
 * their driver list does not name. Not built by meson: this file includes
 * test_cryptodev.c from the Debian source package of the installed DPDK
 * (devtools/build-dpdk-suites.sh), so every case, table and check is
 * DPDK's own and run through the suites' generic entry,
 * run_cryptodev_testsuite(driver name), exactly as DPDK registers
 * cryptodev_virtio_autotest (which this binary therefore also has).
 *
 * The build compiles a copy of test_cryptodev.c with one fix: the HMAC-MD5
 * auth-only cases return what their session helper returns (TEST_SKIPPED
 * when the PMD refuses the session with -ENOTSUP) instead of TEST_FAILED;
 * vcrypto_md5_rc carries it (devtools/build-dpdk-suites.sh, patch_md5).
 */
static int vcrypto_md5_rc;

#include "test_cryptodev.c"

static int
test_cryptodev_vcrypto(void)
{
	return run_cryptodev_testsuite("crypto_vcrypto");
}

static int
test_cryptodev_vcrypto_user(void)
{
	return run_cryptodev_testsuite("crypto_vcrypto_user");
}

REGISTER_TEST_COMMAND(cryptodev_vcrypto_autotest, test_cryptodev_vcrypto);
REGISTER_TEST_COMMAND(cryptodev_vcrypto_user_autotest,
		test_cryptodev_vcrypto_user);
