/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Unit tests of the device limits and capabilities (vcrypto_caps.c) and
 * of the transport-neutral sequences they rely on (vcrypto_transport.c):
 * config snapshot under config_generation, reset, feature negotiation.
 * The transport is a fake whose device config is a little-endian byte
 * array (Device configuration layout); time is the fake clock of ut.h.
 */
#include "ut_clock.h"

#include "vcrypto_transport.c"
#include "vcrypto_caps.c"

#include <stdlib.h>

#include "ut.h"

#define BIT(n) (UINT64_C(1) << (n))

/* ---- fake transport ------------------------------------------------------ */

static struct {
	uint8_t cfg[64];	/**< device config, little endian */
	uint32_t cfg_len;
	uint8_t gen;		/**< config_generation */
	unsigned int bump;	/**< change the config during this many reads */
	unsigned int reads;
	bool gone_on_read;	/**< reads as all-ones: function gone */
	uint8_t status;
	unsigned int busy;	/**< reads of a non-zero status after a reset */
	unsigned int status_reads;
	uint64_t offered;
	uint64_t accepted;	/**< what the driver wrote */
	bool refuse_features_ok;
} ft;

static uint8_t
f_get_status(struct vcrypto_hw *hw)
{
	ft.status_reads++;
	if (ft.gone_on_read) {
		hw->gone = true;
		return 0xff;
	}
	if (ft.busy > 0) {
		ft.busy--;
		return VCRYPTO_STATUS_DRIVER_OK;
	}
	return ft.status;
}

static void
f_set_status(struct vcrypto_hw *hw, uint8_t status)
{
	RTE_SET_USED(hw);
	if (ft.refuse_features_ok)
		status &= ~VCRYPTO_STATUS_FEATURES_OK;
	ft.status = status;
}

static uint64_t
f_get_features(struct vcrypto_hw *hw)
{
	RTE_SET_USED(hw);
	return ft.offered;
}

static void
f_set_features(struct vcrypto_hw *hw, uint64_t features)
{
	RTE_SET_USED(hw);
	ft.accepted = features;
}

static uint8_t
f_config_generation(struct vcrypto_hw *hw)
{
	RTE_SET_USED(hw);
	return ft.gen;
}

static int
f_read_config(struct vcrypto_hw *hw, uint32_t off, void *dst, uint32_t len)
{
	ft.reads++;
	if ((off | len) & 3 || off + len > ft.cfg_len)
		return -EINVAL;
	if (ft.gone_on_read) {
		hw->gone = true;
		memset(dst, 0xff, len);
		return 0;
	}
	memcpy(dst, ft.cfg + off, len);
	if (ft.bump > 0) {
		ft.bump--;
		ft.gen++;	/* the device changed its config meanwhile */
	}
	return 0;
}

/* vcrypto_transport.c dispatches PCI devices to this table. */
const struct vcrypto_transport_ops vcrypto_pci_ops = {
	.get_status = f_get_status,
	.set_status = f_set_status,
	.get_features = f_get_features,
	.set_features = f_set_features,
	.config_generation = f_config_generation,
	.read_config = f_read_config,
};

/* Never dispatched to here (no virtio-user device in these tests). */
const struct vcrypto_transport_ops vcrypto_user_ops;

static struct vcrypto_dev dev;

/* The MACs whose trial sessions bring-up saw accepted (vcrypto_recover.c). */
static uint64_t mac_trials;

static const struct rte_cryptodev_capabilities *
find_auth(enum rte_crypto_auth_algorithm algo)
{
	const struct rte_cryptodev_capabilities *c = vcrypto_caps_get(&dev);

	for (; c->op != RTE_CRYPTO_OP_TYPE_UNDEFINED; c++)
		if (c->op == RTE_CRYPTO_OP_TYPE_SYMMETRIC &&
		    c->sym.xform_type == RTE_CRYPTO_SYM_XFORM_AUTH &&
		    c->sym.auth.algo == algo)
			return c;
	return NULL;
}

static void
put32(uint32_t off, uint32_t v)
{
	v = rte_cpu_to_le_32(v);
	memcpy(ft.cfg + off, &v, 4);
}

static void
put64(uint32_t off, uint64_t v)
{
	v = rte_cpu_to_le_64(v);
	memcpy(ft.cfg + off, &v, 8);
}

/* QEMU's builtin backend (cryptodev-builtin.c), one data queue. */
static void
cfg_qemu_builtin(void)
{
	memset(&ft, 0, sizeof(ft));
	ft.cfg_len = VCRYPTO_CFG_SIZE;
	put32(VCRYPTO_CFG_STATUS, VIRTIO_CRYPTO_S_HW_READY);
	put32(VCRYPTO_CFG_MAX_DATAQUEUES, 1);
	put32(VCRYPTO_CFG_CRYPTO_SERVICES, 1u << VCRYPTO_SERVICE_CIPHER |
	      1u << VCRYPTO_SERVICE_HASH | 1u << VCRYPTO_SERVICE_MAC |
	      1u << VCRYPTO_SERVICE_AKCIPHER);
	put32(VCRYPTO_CFG_CIPHER_ALGO_L, 1u << VIRTIO_CRYPTO_CIPHER_AES_CBC);
	put32(VCRYPTO_CFG_HASH_ALGO, 1u << VIRTIO_CRYPTO_HASH_SHA1);
	put32(VCRYPTO_CFG_MAX_CIPHER_KEY_LEN, 64);
	put32(VCRYPTO_CFG_MAX_AUTH_KEY_LEN, 512);
	put64(VCRYPTO_CFG_MAX_SIZE, UINT64_C(0x7fffffffffffffff) - 100);
}

static void
setup(void)
{
	memset(&dev, 0, sizeof(dev));
	snprintf(dev.hw.name, sizeof(dev.hw.name), "ut0");
	dev.hw.kind = VCRYPTO_TRANSPORT_PCI;
	dev.hw.num_queues = 2;
	ut_clock_reset();
	ut_log_quiet(true);
}

static void
teardown(void)
{
	if (dev.caps_mz != NULL)
		vcrypto_caps_destroy(&dev);
	memset(&dev, 0, sizeof(dev));
	memset(&ft, 0, sizeof(ft));
	ut_clock_reset();
	ut_log_quiet(false);
}

/* Snapshot, validate and build the capabilities: the probe's sequence. */
static int
bring_up_caps(void)
{
	int rc;

	rc = vcrypto_caps_read_config(&dev.hw, &dev.cfg);
	if (rc == 0)
		rc = vcrypto_caps_validate(&dev.hw, &dev.cfg, 0, mac_trials,
					   &dev.lim);
	if (rc == 0)
		rc = vcrypto_caps_create(&dev, 0);
	return rc;
}

static unsigned int
nb_caps(void)
{
	const struct rte_cryptodev_capabilities *c = vcrypto_caps_get(&dev);
	unsigned int n = 0;

	while (c[n].op != RTE_CRYPTO_OP_TYPE_UNDEFINED && n < MAX_CAPS)
		n++;
	return n;
}

static const struct rte_cryptodev_capabilities *
find_cipher(enum rte_crypto_cipher_algorithm algo)
{
	const struct rte_cryptodev_capabilities *c = vcrypto_caps_get(&dev);

	for (; c->op != RTE_CRYPTO_OP_TYPE_UNDEFINED; c++)
		if (c->op == RTE_CRYPTO_OP_TYPE_SYMMETRIC &&
		    c->sym.xform_type == RTE_CRYPTO_SYM_XFORM_CIPHER &&
		    c->sym.cipher.algo == algo)
			return c;
	return NULL;
}

/* ---- cases: config snapshot and validation -------------------------------- */

static void
t_read_config_le(void)
{
	static const uint8_t max_size[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	uint32_t off;

	setup();
	memset(&ft, 0, sizeof(ft));
	ft.cfg_len = VCRYPTO_CFG_SIZE + 8;	/* a larger area is fine */
	for (off = 0; off < VCRYPTO_CFG_MAX_SIZE; off += 4)
		put32(off, 0x01000000u * (off / 4 + 1) + off);
	memcpy(ft.cfg + VCRYPTO_CFG_MAX_SIZE, max_size, 8);
	UT_ASSERT_EQ(vcrypto_caps_read_config(&dev.hw, &dev.cfg), 0);
	UT_ASSERT_EQ(dev.cfg.status, 0x01000000u);
	UT_ASSERT_EQ(dev.cfg.max_dataqueues, 0x02000004u);
	UT_ASSERT_EQ(dev.cfg.services, 0x03000008u);
	UT_ASSERT_EQ(dev.cfg.cipher_l, 0x0400000cu);
	UT_ASSERT_EQ(dev.cfg.cipher_h, 0x05000010u);
	UT_ASSERT_EQ(dev.cfg.hash, 0x06000014u);
	UT_ASSERT_EQ(dev.cfg.mac_l, 0x07000018u);
	UT_ASSERT_EQ(dev.cfg.mac_h, 0x0800001cu);
	UT_ASSERT_EQ(dev.cfg.aead, 0x09000020u);
	UT_ASSERT_EQ(dev.cfg.max_cipher_key_len, 0x0a000024u);
	UT_ASSERT_EQ(dev.cfg.max_auth_key_len, 0x0b000028u);
	UT_ASSERT_EQ(dev.cfg.akcipher, 0x0c00002cu);
	UT_ASSERT(dev.cfg.max_size == UINT64_C(0x0807060504030201));
	UT_ASSERT_EQ(ft.reads, 1);
}

static void
t_hw_ready_clear(void)
{
	setup();
	cfg_qemu_builtin();
	put32(VCRYPTO_CFG_STATUS, 0);
	UT_ASSERT_EQ(bring_up_caps(), -EIO);
}

static void
t_status_unknown_bits(void)
{
	static const uint32_t bad[] = { 0x3, 0x2, 0x80000001u, UINT32_MAX };
	unsigned int i;

	setup();
	for (i = 0; i < RTE_DIM(bad); i++) {
		cfg_qemu_builtin();
		put32(VCRYPTO_CFG_STATUS, bad[i]);
		UT_ASSERT_EQ(vcrypto_caps_read_config(&dev.hw, &dev.cfg), 0);
		UT_ASSERT_EQ(vcrypto_caps_validate(&dev.hw, &dev.cfg, 0, 0, &dev.lim) *
			     10 + (int)i, -EIO * 10 + (int)i);
	}
}

static void
t_max_dataqueues(void)
{
	static const struct {
		uint32_t mdq;
		uint16_t num_queues;
		int rc;
	} t[] = {
		{ 0, 2, -EIO },
		{ 1, 2, 0 },
		{ 2, 2, -EIO },		/* no room for the control queue */
		{ 1, 1, -EIO },
		{ 1, 0, -EIO },
		{ 3, 4, 0 },
		{ 64, 65, 0 },
		{ 65534, 65535, 0 },
		{ 65535, 65535, -EIO },
		{ 65536, 65535, -EIO },
		{ UINT32_MAX, 65535, -EIO },	/* + 1 must not wrap */
	};
	unsigned int i;

	setup();
	for (i = 0; i < RTE_DIM(t); i++) {
		cfg_qemu_builtin();
		put32(VCRYPTO_CFG_MAX_DATAQUEUES, t[i].mdq);
		dev.hw.num_queues = t[i].num_queues;
		UT_ASSERT_EQ(vcrypto_caps_read_config(&dev.hw, &dev.cfg), 0);
		UT_ASSERT_EQ(vcrypto_caps_validate(&dev.hw, &dev.cfg, 0, 0, &dev.lim) *
			     100 + (int)i, t[i].rc * 100 + (int)i);
	}
}

/* A mask counts only when its service is offered. */
static void
t_masks_only_offered(void)
{
	unsigned int s;

	setup();
	for (s = 0; s <= 6; s++) {
		cfg_qemu_builtin();
		put32(VCRYPTO_CFG_CRYPTO_SERVICES, s == 6 ? 0 : 1u << s);
		put32(VCRYPTO_CFG_CIPHER_ALGO_L, 0x11111111);
		put32(VCRYPTO_CFG_CIPHER_ALGO_H, 0x22222222);
		put32(VCRYPTO_CFG_HASH_ALGO, 0x33333333);
		put32(VCRYPTO_CFG_MAC_ALGO_L, 0x44444444);
		put32(VCRYPTO_CFG_MAC_ALGO_H, 0x55555555);
		put32(VCRYPTO_CFG_AEAD_ALGO, 0x66666666);
		put32(VCRYPTO_CFG_AKCIPHER_ALGO, 0x77777777);
		UT_ASSERT_EQ(vcrypto_caps_read_config(&dev.hw, &dev.cfg), 0);
		UT_ASSERT_EQ(vcrypto_caps_validate(&dev.hw, &dev.cfg, 0, 0, &dev.lim),
			     0);
		UT_ASSERT(dev.lim.cipher_mask == (s == VCRYPTO_SERVICE_CIPHER ?
			  UINT64_C(0x2222222211111111) : 0));
		UT_ASSERT_EQ(dev.lim.hash_mask, s == VCRYPTO_SERVICE_HASH ?
			     0x33333333u : 0);
		UT_ASSERT(dev.lim.mac_mask == (s == VCRYPTO_SERVICE_MAC ?
			  UINT64_C(0x5555555544444444) : 0));
		UT_ASSERT_EQ(dev.lim.aead_mask, s == VCRYPTO_SERVICE_AEAD ?
			     0x66666666u : 0);
		UT_ASSERT_EQ(dev.lim.akcipher_mask,
			     s == VCRYPTO_SERVICE_AKCIPHER ? 0x77777777u : 0);
	}
	/* Unknown service bits are ignored, not fatal. */
	cfg_qemu_builtin();
	put32(VCRYPTO_CFG_CRYPTO_SERVICES, 0xffffffc1u);
	UT_ASSERT_EQ(vcrypto_caps_read_config(&dev.hw, &dev.cfg), 0);
	UT_ASSERT_EQ(vcrypto_caps_validate(&dev.hw, &dev.cfg, 0, 0, &dev.lim), 0);
	UT_ASSERT(dev.lim.cipher_mask == 1u << VIRTIO_CRYPTO_CIPHER_AES_CBC);
	UT_ASSERT_EQ(dev.lim.hash_mask, 0);
}

static void
t_max_size_clamped(void)
{
	static const struct {
		uint64_t in;
		uint32_t out;
	} t[] = {
		{ 1, 1 },
		{ 4096, 4096 },
		{ UINT32_MAX, UINT32_MAX },
		{ UINT64_C(1) << 32, UINT32_MAX },
		{ (UINT64_C(1) << 32) + 5, UINT32_MAX },	/* not 5 */
		{ UINT64_C(1) << 40, UINT32_MAX },
		{ UINT64_MAX, UINT32_MAX },
	};
	unsigned int i;

	setup();
	for (i = 0; i < RTE_DIM(t); i++) {
		cfg_qemu_builtin();
		put64(VCRYPTO_CFG_MAX_SIZE, t[i].in);
		UT_ASSERT_EQ(vcrypto_caps_read_config(&dev.hw, &dev.cfg), 0);
		UT_ASSERT_EQ(vcrypto_caps_validate(&dev.hw, &dev.cfg, 0, 0, &dev.lim),
			     0);
		UT_ASSERT_EQ(dev.lim.max_size, t[i].out);
	}
	UT_ASSERT_EQ(dev.lim.max_cipher_key_len, 64);
	UT_ASSERT_EQ(dev.lim.max_auth_key_len, 512);
}

/* max_size 0: no request could ever pass; refused at probe, logged. */
static void
t_max_size_zero_refused(void)
{
	setup();
	cfg_qemu_builtin();
	put64(VCRYPTO_CFG_MAX_SIZE, 0);
	UT_ASSERT_EQ(vcrypto_caps_read_config(&dev.hw, &dev.cfg), 0);
	UT_ASSERT_EQ(vcrypto_caps_validate(&dev.hw, &dev.cfg, 0, 0, &dev.lim), -EIO);
	UT_ASSERT(strstr(ut_log_last(), "max_size 0") != NULL);
}

/* ---- cases: capability array ---------------------------------------------- */

static void
check_aes_cbc(uint16_t kmin, uint16_t kmax, uint16_t kinc)
{
	const struct rte_cryptodev_capabilities *c =
		find_cipher(RTE_CRYPTO_CIPHER_AES_CBC);

	UT_ASSERT(c != NULL);
	UT_ASSERT_EQ(c->sym.cipher.block_size, 16);
	UT_ASSERT_EQ(c->sym.cipher.key_size.min, kmin);
	UT_ASSERT_EQ(c->sym.cipher.key_size.max, kmax);
	UT_ASSERT_EQ(c->sym.cipher.key_size.increment, kinc);
	UT_ASSERT_EQ(c->sym.cipher.iv_size.min, 16);
	UT_ASSERT_EQ(c->sym.cipher.iv_size.max, 16);
	UT_ASSERT_EQ(c->sym.cipher.iv_size.increment, 0);
}

static void
t_caps_qemu_builtin(void)
{
	const struct rte_cryptodev_capabilities *c;

	setup();
	cfg_qemu_builtin();
	UT_ASSERT_EQ(bring_up_caps(), 0);
	UT_ASSERT_EQ(nb_caps(), 1);
	c = vcrypto_caps_get(&dev);
	UT_ASSERT_EQ(c[0].op, RTE_CRYPTO_OP_TYPE_SYMMETRIC);
	UT_ASSERT_EQ(c[0].sym.xform_type, RTE_CRYPTO_SYM_XFORM_CIPHER);
	UT_ASSERT_EQ(c[0].sym.cipher.algo, RTE_CRYPTO_CIPHER_AES_CBC);
	check_aes_cbc(16, 32, 8);
	if (ut_failed())
		return;
	UT_ASSERT(dev.feature_flags & RTE_CRYPTODEV_FF_SYMMETRIC_CRYPTO);
	UT_ASSERT(dev.feature_flags & RTE_CRYPTODEV_FF_HW_ACCELERATED);
	UT_ASSERT(!(dev.feature_flags & RTE_CRYPTODEV_FF_ASYMMETRIC_CRYPTO));
	UT_ASSERT_EQ(dev.lim.max_size, UINT32_MAX);
}

/* QEMU 7.2's builtin also sets akcipher_algo = RSA: one RSA capability. */
static void
t_caps_qemu_builtin_rsa(void)
{
	const struct rte_cryptodev_capabilities *c;
	unsigned int i, nsym = 0, nasym = 0;

	setup();
	cfg_qemu_builtin();
	put32(VCRYPTO_CFG_AKCIPHER_ALGO, 1u << VCRYPTO_AKCIPHER_RSA);
	UT_ASSERT_EQ(bring_up_caps(), 0);
	c = vcrypto_caps_get(&dev);
	for (i = 0; i < nb_caps(); i++) {
		if (c[i].op == RTE_CRYPTO_OP_TYPE_SYMMETRIC) {
			nsym++;
			continue;
		}
		UT_ASSERT_EQ(c[i].op, RTE_CRYPTO_OP_TYPE_ASYMMETRIC);
		UT_ASSERT_EQ(c[i].asym.xform_capa.xform_type,
			     RTE_CRYPTO_ASYM_XFORM_RSA);
		UT_ASSERT(c[i].asym.xform_capa.modlen.min > 0);
		UT_ASSERT(c[i].asym.xform_capa.modlen.max >=
			  c[i].asym.xform_capa.modlen.min);
		nasym++;
	}
	UT_ASSERT_EQ(nsym, 1);
	UT_ASSERT_EQ(nasym, 1);
	check_aes_cbc(16, 32, 8);
	if (ut_failed())
		return;
	UT_ASSERT(dev.feature_flags & RTE_CRYPTODEV_FF_ASYMMETRIC_CRYPTO);
	/* The same bit without the AKCIPHER service: no RSA. */
	vcrypto_caps_destroy(&dev);
	put32(VCRYPTO_CFG_CRYPTO_SERVICES, 1u << VCRYPTO_SERVICE_CIPHER);
	UT_ASSERT_EQ(bring_up_caps(), 0);
	UT_ASSERT_EQ(nb_caps(), 1);
	UT_ASSERT(!(dev.feature_flags & RTE_CRYPTODEV_FF_ASYMMETRIC_CRYPTO));
}

static void
t_caps_key16(void)
{
	setup();
	cfg_qemu_builtin();
	put32(VCRYPTO_CFG_MAX_CIPHER_KEY_LEN, 16);
	UT_ASSERT_EQ(bring_up_caps(), 0);
	UT_ASSERT_EQ(nb_caps(), 1);
	check_aes_cbc(16, 16, 0);
}

static void
t_caps_unknown_cipher_bits(void)
{
	setup();
	cfg_qemu_builtin();
	/* 0 NO_CIPHER, 15..31 and 40 (cipher_algo_h bit 8) are not ciphers. */
	put32(VCRYPTO_CFG_CIPHER_ALGO_L, 1u << VIRTIO_CRYPTO_CIPHER_AES_CBC |
	      1u << VIRTIO_CRYPTO_NO_CIPHER | 0xffff8000u);
	put32(VCRYPTO_CFG_CIPHER_ALGO_H, 1u << (40 - 32) | 0x80000000u);
	UT_ASSERT_EQ(bring_up_caps(), 0);
	UT_ASSERT_EQ(nb_caps(), 1);
	check_aes_cbc(16, 32, 8);
}

static void
t_caps_no_cipher_service(void)
{
	setup();
	cfg_qemu_builtin();
	put32(VCRYPTO_CFG_CRYPTO_SERVICES, 1u << VCRYPTO_SERVICE_HASH);
	UT_ASSERT_EQ(bring_up_caps(), 0);
	UT_ASSERT_EQ(nb_caps(), 0);
	UT_ASSERT(!(dev.feature_flags & RTE_CRYPTODEV_FF_SYMMETRIC_CRYPTO));
	vcrypto_caps_destroy(&dev);
	/* Key limit below every cipher's smallest key: nothing either. */
	cfg_qemu_builtin();
	put32(VCRYPTO_CFG_MAX_CIPHER_KEY_LEN, 0);
	UT_ASSERT_EQ(bring_up_caps(), 0);
	UT_ASSERT_EQ(nb_caps(), 0);
	UT_ASSERT(!(dev.feature_flags & RTE_CRYPTODEV_FF_SYMMETRIC_CRYPTO));
}

/* Key sizes a capability range describes, as a bitmap over 0..511. */
static void
range_set(uint16_t min, uint16_t max, uint16_t inc, uint8_t *set)
{
	uint32_t k;

	memset(set, 0, 512);
	if (inc == 0) {
		if (min == max && min < 512)
			set[min] = 1;
		return;
	}
	for (k = min; k <= max && k < 512; k += inc)
		set[k] = 1;
}

/*
 * Every cipher of the table offered, under several key limits: each
 * advertised range is exactly the table's sizes that fit the limit (an
 * independent enumeration), its IV range is the table's, and an algorithm
 * with no size left is absent.
 */
static void
t_caps_all_ciphers_clamped(void)
{
	static const uint32_t limits[] = { 64, 48, 32, 24, 16, 8, 1, 1000 };
	const struct rte_cryptodev_capabilities *c;
	const struct vcrypto_cipher_algo *a;
	uint8_t want[512], got[512];
	unsigned int l, i, expect;
	uint32_t k;

	setup();
	for (l = 0; l < RTE_DIM(limits); l++) {
		cfg_qemu_builtin();
		put32(VCRYPTO_CFG_CIPHER_ALGO_L, UINT32_MAX);
		put32(VCRYPTO_CFG_CIPHER_ALGO_H, UINT32_MAX);
		put32(VCRYPTO_CFG_MAX_CIPHER_KEY_LEN, limits[l]);
		UT_ASSERT_EQ(bring_up_caps(), 0);
		expect = 0;
		for (i = 0; i < vcrypto_nb_cipher_algos; i++) {
			a = &vcrypto_cipher_algos[i];
			memset(want, 0, sizeof(want));
			for (k = 0; k < 512; k++)
				want[k] = vcrypto_range_has(&a->key, k) &&
					  k <= limits[l];
			c = find_cipher(a->rte);
			if (memchr(want, 1, sizeof(want)) == NULL) {
				if (c != NULL)
					ut_fail(__FILE__, __LINE__, "%s offered "
						"with max key %u", a->name,
						limits[l]);
				UT_ASSERT(c == NULL);
				continue;
			}
			expect++;
			if (c == NULL)
				ut_fail(__FILE__, __LINE__, "%s missing with "
					"max key %u", a->name, limits[l]);
			UT_ASSERT(c != NULL);
			range_set(c->sym.cipher.key_size.min,
				  c->sym.cipher.key_size.max,
				  c->sym.cipher.key_size.increment, got);
			if (memcmp(want, got, sizeof(want)) != 0)
				ut_fail(__FILE__, __LINE__, "%s keys %u..%u/%u "
					"with max key %u", a->name,
					c->sym.cipher.key_size.min,
					c->sym.cipher.key_size.max,
					c->sym.cipher.key_size.increment,
					limits[l]);
			UT_ASSERT_EQ(c->sym.cipher.iv_size.min, a->iv.min);
			UT_ASSERT_EQ(c->sym.cipher.iv_size.max, a->iv.max);
			UT_ASSERT_EQ(c->sym.cipher.iv_size.increment, a->iv.inc);
			UT_ASSERT_EQ(c->sym.cipher.block_size, a->block_size);
		}
		UT_ASSERT_EQ(nb_caps(), expect);
		vcrypto_caps_destroy(&dev);
	}
}

/* Created twice (re-probe): the memzone is found again, not leaked. */
static void
t_caps_create_twice(void)
{
	const struct rte_memzone *mz;
	int live;

	setup();
	cfg_qemu_builtin();
	UT_ASSERT_EQ(bring_up_caps(), 0);
	mz = dev.caps_mz;
	live = ut_allocs_live();
	UT_ASSERT_EQ(vcrypto_caps_create(&dev, 0), 0);
	UT_ASSERT(dev.caps_mz == mz);
	UT_ASSERT_EQ(ut_allocs_live(), live);
	UT_ASSERT_EQ(nb_caps(), 1);
	vcrypto_caps_destroy(&dev);
	UT_ASSERT(dev.caps_mz == NULL);
	ut_alloc_fail_at(1);
	UT_ASSERT_EQ(vcrypto_caps_create(&dev, 0), -ENOMEM);
	UT_ASSERT(dev.caps_mz == NULL);
}

/* ---- cases: transport sequences ------------------------------------------- */

/* A config that changes under every read: bounded retries, then -EIO. */
static void
t_generation_unstable(void)
{
	setup();
	cfg_qemu_builtin();
	ft.bump = UINT32_MAX;
	UT_ASSERT_EQ(vcrypto_caps_read_config(&dev.hw, &dev.cfg), -EIO);
	UT_ASSERT(ft.reads >= 2);
	UT_ASSERT(ft.reads <= 64);
	UT_ASSERT_EQ(ft.reads, CONFIG_GEN_RETRIES);
	/* It settles after three changes: the fourth read is kept. */
	cfg_qemu_builtin();
	ft.bump = 3;
	UT_ASSERT_EQ(vcrypto_caps_read_config(&dev.hw, &dev.cfg), 0);
	UT_ASSERT_EQ(ft.reads, 4);
	UT_ASSERT_EQ(dev.cfg.max_cipher_key_len, 64);
}

static void
t_config_gone(void)
{
	setup();
	cfg_qemu_builtin();
	ft.gone_on_read = true;
	UT_ASSERT_EQ(vcrypto_caps_read_config(&dev.hw, &dev.cfg), -ENODEV);
	UT_ASSERT(dev.hw.gone);
	/* A config area too small for the layout: the transport says no. */
	cfg_qemu_builtin();
	dev.hw.gone = false;
	ft.cfg_len = 40;	/* a pre-1.0 draft's size */
	UT_ASSERT(vcrypto_caps_read_config(&dev.hw, &dev.cfg) < 0);
}

static void
t_reset(void)
{
	uint64_t us;

	setup();
	memset(&ft, 0, sizeof(ft));
	ft.status = VCRYPTO_STATUS_DRIVER_OK;
	UT_ASSERT_EQ(vcrypto_transport_reset(&dev.hw, 100), 0);
	UT_ASSERT_EQ(ft.status, 0);
	/* Slow but in time. */
	ft.busy = 5;
	UT_ASSERT_EQ(vcrypto_transport_reset(&dev.hw, 100), 0);
	UT_ASSERT_EQ(ft.busy, 0);
	/* Never done: -ETIMEDOUT at the deadline, having slept. */
	ut_clock_reset();
	ft.busy = UINT32_MAX;
	UT_ASSERT_EQ(vcrypto_transport_reset(&dev.hw, 100), -ETIMEDOUT);
	us = ut_clock_elapsed_us();
	UT_ASSERT(us >= 100 * 1000);
	UT_ASSERT(us <= 101 * 1000);
	UT_ASSERT(ut_clock_sleeps() > 0);
	UT_ASSERT(!dev.hw.gone);
	/* All ones: the function is gone. */
	ft.busy = 0;
	ft.gone_on_read = true;
	UT_ASSERT_EQ(vcrypto_transport_reset(&dev.hw, 100), -ENODEV);
	UT_ASSERT(dev.hw.gone);
}

static void
t_negotiate(void)
{
	const uint64_t want = BIT(VCRYPTO_F_VERSION_1) |
		BIT(VCRYPTO_F_INDIRECT_DESC) | BIT(VCRYPTO_F_EVENT_IDX);

	setup();
	memset(&ft, 0, sizeof(ft));
	/* Unknown offered bits are simply not taken. */
	ft.offered = BIT(VCRYPTO_F_VERSION_1) | BIT(VCRYPTO_F_INDIRECT_DESC) |
		BIT(VCRYPTO_F_REVISION_1) | BIT(VCRYPTO_F_RING_PACKED) |
		BIT(63);
	UT_ASSERT_EQ(vcrypto_transport_negotiate(&dev.hw, want,
		BIT(VCRYPTO_F_VERSION_1)), 0);
	UT_ASSERT(ft.accepted == (BIT(VCRYPTO_F_VERSION_1) |
				  BIT(VCRYPTO_F_INDIRECT_DESC)));
	UT_ASSERT(dev.hw.features == ft.accepted);
	UT_ASSERT(ft.status & VCRYPTO_STATUS_FEATURES_OK);
	/* A legacy-only device lacks VERSION_1. */
	memset(&ft, 0, sizeof(ft));
	ft.offered = BIT(VCRYPTO_F_INDIRECT_DESC);
	UT_ASSERT_EQ(vcrypto_transport_negotiate(&dev.hw, want,
		BIT(VCRYPTO_F_VERSION_1)), -ENOTSUP);
	UT_ASSERT(!(ft.status & VCRYPTO_STATUS_FEATURES_OK));
	/* The device does not keep FEATURES_OK. */
	memset(&ft, 0, sizeof(ft));
	ft.offered = BIT(VCRYPTO_F_VERSION_1);
	ft.refuse_features_ok = true;
	UT_ASSERT_EQ(vcrypto_transport_negotiate(&dev.hw, want,
		BIT(VCRYPTO_F_VERSION_1)), -EIO);
	/* add_status never clears a bit. */
	memset(&ft, 0, sizeof(ft));
	ft.status = VCRYPTO_STATUS_ACKNOWLEDGE;
	vcrypto_transport_add_status(&dev.hw, VCRYPTO_STATUS_DRIVER);
	UT_ASSERT_EQ(ft.status, VCRYPTO_STATUS_ACKNOWLEDGE |
		     VCRYPTO_STATUS_DRIVER);
}

/* QEMU builtin: MAC service, empty mask, chains refused: no MAC caps. */
static void
t_mac_probe_refused(void)
{
	setup();
	cfg_qemu_builtin();
	mac_trials = 0;
	UT_ASSERT_EQ(bring_up_caps(), 0);
	UT_ASSERT(vcrypto_caps_mac_trials_wanted(&dev.hw, &dev.cfg));
	UT_ASSERT(find_auth(RTE_CRYPTO_AUTH_SHA1_HMAC) == NULL);
	UT_ASSERT(!(dev.feature_flags & RTE_CRYPTODEV_FF_SYM_OPERATION_CHAINING));
}

/* QEMU vhost-user: empty MAC mask, backend does HMAC-SHA1/256 chains. */
static void
t_mac_probe_accepted(void)
{
	const struct rte_cryptodev_capabilities *c;

	setup();
	cfg_qemu_builtin();
	mac_trials = UINT64_C(1) << VIRTIO_CRYPTO_MAC_HMAC_SHA1 |
		UINT64_C(1) << VIRTIO_CRYPTO_MAC_HMAC_SHA_256;
	UT_ASSERT_EQ(bring_up_caps(), 0);
	c = find_auth(RTE_CRYPTO_AUTH_SHA1_HMAC);
	UT_ASSERT(c != NULL);
	UT_ASSERT_EQ(c->sym.auth.digest_size.max, 20);
	UT_ASSERT_EQ(c->sym.auth.key_size.max, 64);
	UT_ASSERT(find_auth(RTE_CRYPTO_AUTH_SHA256_HMAC) != NULL);
	UT_ASSERT(find_auth(RTE_CRYPTO_AUTH_MD5_HMAC) == NULL);
	UT_ASSERT(dev.feature_flags & RTE_CRYPTODEV_FF_SYM_OPERATION_CHAINING);
	mac_trials = 0;
}

/*
 * Session messages (virtio-user, DPDK 22.11 vhost_crypto): the config is
 * synthesized, its masks upper bounds; only what the trial sessions took
 * is advertised, ciphers and MACs both.
 */
static void
t_session_msgs_trials(void)
{
	uint64_t ciphers = UINT64_C(1) << VIRTIO_CRYPTO_CIPHER_AES_CBC;

	setup();
	cfg_qemu_builtin();
	dev.hw.ctrl_msgs = true;
	put32(VCRYPTO_CFG_CIPHER_ALGO_L, 1u << VIRTIO_CRYPTO_CIPHER_AES_CBC |
	      1u << VIRTIO_CRYPTO_CIPHER_AES_CTR);
	put32(VCRYPTO_CFG_MAC_ALGO_L, 1u << VIRTIO_CRYPTO_MAC_HMAC_SHA1 |
	      1u << VIRTIO_CRYPTO_MAC_HMAC_SHA_256);
	UT_ASSERT(vcrypto_caps_cipher_trials_wanted(&dev.hw));
	UT_ASSERT_EQ(vcrypto_caps_read_config(&dev.hw, &dev.cfg), 0);
	UT_ASSERT(vcrypto_caps_mac_trials_wanted(&dev.hw, &dev.cfg));
	/* Before the trials: nothing. */
	UT_ASSERT_EQ(vcrypto_caps_validate(&dev.hw, &dev.cfg, 0, 0, &dev.lim), 0);
	UT_ASSERT(dev.lim.cipher_mask == 0 && dev.lim.mac_mask == 0);
	/* Trials: AES-CBC, and HMAC-SHA1 plus MD5 (outside the bound). */
	UT_ASSERT_EQ(vcrypto_caps_validate(&dev.hw, &dev.cfg, ciphers,
		UINT64_C(1) << VIRTIO_CRYPTO_MAC_HMAC_SHA1 |
		UINT64_C(1) << VIRTIO_CRYPTO_MAC_HMAC_MD5, &dev.lim), 0);
	UT_ASSERT(dev.lim.cipher_mask == ciphers);
	UT_ASSERT(dev.lim.mac_mask ==
		  UINT64_C(1) << VIRTIO_CRYPTO_MAC_HMAC_SHA1);
	UT_ASSERT_EQ(vcrypto_caps_create(&dev, 0), 0);
	UT_ASSERT(find_auth(RTE_CRYPTO_AUTH_SHA1_HMAC) != NULL);
	UT_ASSERT(find_auth(RTE_CRYPTO_AUTH_SHA256_HMAC) == NULL);
	UT_ASSERT(find_auth(RTE_CRYPTO_AUTH_MD5_HMAC) == NULL);
	/* The control-vring transport never trials ciphers. */
	dev.hw.ctrl_msgs = false;
	UT_ASSERT(!vcrypto_caps_cipher_trials_wanted(&dev.hw));
}

/* A MAC mask from the device is taken as is, without probing. */
static void
t_mac_mask_no_probe(void)
{
	setup();
	cfg_qemu_builtin();
	put32(VCRYPTO_CFG_MAC_ALGO_L, 1u << VIRTIO_CRYPTO_MAC_HMAC_SHA_384);
	put32(VCRYPTO_CFG_MAX_AUTH_KEY_LEN, 64);
	mac_trials = UINT64_C(1) << VIRTIO_CRYPTO_MAC_HMAC_SHA1;
	UT_ASSERT_EQ(bring_up_caps(), 0);
	UT_ASSERT(!vcrypto_caps_mac_trials_wanted(&dev.hw, &dev.cfg));
	UT_ASSERT(find_auth(RTE_CRYPTO_AUTH_SHA1_HMAC) == NULL);
	mac_trials = 0;
	UT_ASSERT(find_auth(RTE_CRYPTO_AUTH_SHA384_HMAC) != NULL);
	/* HMAC-SHA384 keys up to its 128-byte block, clamped to 64. */
	UT_ASSERT_EQ(find_auth(RTE_CRYPTO_AUTH_SHA384_HMAC)->sym.auth.key_size.max, 64);
}

static const struct ut_case cases[] = {
	{ "mac_probe_refused", t_mac_probe_refused },
	{ "mac_probe_accepted", t_mac_probe_accepted },
	{ "mac_mask_no_probe", t_mac_mask_no_probe },
	{ "session_msgs_trials", t_session_msgs_trials },
	{ "read_config_le", t_read_config_le },
	{ "hw_ready_clear", t_hw_ready_clear },
	{ "status_unknown_bits", t_status_unknown_bits },
	{ "max_dataqueues", t_max_dataqueues },
	{ "masks_only_offered", t_masks_only_offered },
	{ "max_size_clamped", t_max_size_clamped },
	{ "max_size_zero_refused", t_max_size_zero_refused },
	{ "caps_qemu_builtin", t_caps_qemu_builtin },
	{ "caps_qemu_builtin_rsa", t_caps_qemu_builtin_rsa },
	{ "caps_key16", t_caps_key16 },
	{ "caps_unknown_cipher_bits", t_caps_unknown_cipher_bits },
	{ "caps_no_cipher_service", t_caps_no_cipher_service },
	{ "caps_all_ciphers_clamped", t_caps_all_ciphers_clamped },
	{ "caps_create_twice", t_caps_create_twice },
	{ "generation_unstable", t_generation_unstable },
	{ "config_gone", t_config_gone },
	{ "reset", t_reset },
	{ "negotiate", t_negotiate },
};

int
main(void)
{
	return ut_run(cases, RTE_DIM(cases), teardown) == 0 ? 0 : 1;
}
