/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * DPDK's asymmetric cryptodev suite (app/test/test_cryptodev_asym.c) for
 * a named PMD. Not built by meson: this file includes test_cryptodev_asym.c
 * from the Debian source package of the installed DPDK
 * (devtools/build-dpdk-suites.sh). DPDK 22.11 has no generic asymmetric
 * entry: each driver's autotest sets gbl_driver_id and runs one of the
 * file's suites. The suite below runs every case of those suites that
 * asks the device what it can do first: the OCTEON TX suite's (capability
 * dump, RSA with CRT keys, modexp, ECDSA and EC point multiplication on
 * every curve) and the OpenSSL suite's RSA with exponent keys and modinv,
 * which check the feature flags and capabilities too. Left out, as DPDK
 * runs them only on crypto_openssl (and test_one_by_one on QAT, which does
 * every vector): test_dsa and test_dh_key_generation, which report a
 * session refused with -ENOTSUP as a failure, and test_one_by_one, which
 * counts every vector it skips for lack of a capability as a failure.
 * A device that offers no asymmetric service at all has every case
 * skipped (the file's own setup would count them as failed).
 */
#include "test_cryptodev_asym.c"

static int
asym_suite_setup(void)
{
	struct rte_cryptodev_info info;
	uint8_t devs[RTE_CRYPTO_MAX_DEVS];
	unsigned int i, n;

	n = rte_cryptodev_devices_get(rte_cryptodev_driver_name_get(
			gbl_driver_id), devs, RTE_CRYPTO_MAX_DEVS);
	for (i = 0; i < n; i++) {
		rte_cryptodev_info_get(devs[i], &info);
		if (info.feature_flags & RTE_CRYPTODEV_FF_ASYMMETRIC_CRYPTO)
			return testsuite_setup();
	}
	RTE_LOG(INFO, USER1, "%u %s device(s), none offers asymmetric crypto: "
		"every case skipped\n", n,
		rte_cryptodev_driver_name_get(gbl_driver_id));
	return TEST_SKIPPED;
}

static struct unit_test_suite cryptodev_named_asym_testsuite = {
	.suite_name = "Crypto Device ASYM Unit Test Suite (device-generic cases)",
	.setup = asym_suite_setup,
	.teardown = testsuite_teardown,
	.unit_test_cases = {
		TEST_CASE_ST(ut_setup_asym, ut_teardown_asym, test_capability),
		TEST_CASE_ST(ut_setup_asym, ut_teardown_asym, test_rsa_enc_dec),
		TEST_CASE_ST(ut_setup_asym, ut_teardown_asym,
				test_rsa_sign_verify),
		TEST_CASE_ST(ut_setup_asym, ut_teardown_asym,
				test_rsa_enc_dec_crt),
		TEST_CASE_ST(ut_setup_asym, ut_teardown_asym,
				test_rsa_sign_verify_crt),
		TEST_CASE_ST(ut_setup_asym, ut_teardown_asym, test_mod_inv),
		TEST_CASE_ST(ut_setup_asym, ut_teardown_asym, test_mod_exp),
		TEST_CASE_ST(ut_setup_asym, ut_teardown_asym,
				test_ecdsa_sign_verify_all_curve),
		TEST_CASE_ST(ut_setup_asym, ut_teardown_asym,
				test_ecpm_all_curve),
		TEST_CASES_END()
	}
};

static int
run_named_asym_suite(const char *pmd_name)
{
	gbl_driver_id = rte_cryptodev_driver_id_get(pmd_name);
	if (gbl_driver_id == -1) {
		RTE_LOG(ERR, USER1, "%s PMD must be loaded.\n", pmd_name);
		return TEST_SKIPPED;
	}
	return unit_test_suite_runner(&cryptodev_named_asym_testsuite);
}

static int
test_cryptodev_vcrypto_asym(void)
{
	return run_named_asym_suite("crypto_vcrypto");
}

static int
test_cryptodev_vcrypto_user_asym(void)
{
	return run_named_asym_suite("crypto_vcrypto_user");
}

static int
test_cryptodev_virtio_asym(void)
{
	return run_named_asym_suite("crypto_virtio");
}

REGISTER_TEST_COMMAND(cryptodev_vcrypto_asym_autotest,
		test_cryptodev_vcrypto_asym);
REGISTER_TEST_COMMAND(cryptodev_vcrypto_user_asym_autotest,
		test_cryptodev_vcrypto_user_asym);
REGISTER_TEST_COMMAND(cryptodev_virtio_asym_autotest,
		test_cryptodev_virtio_asym);
