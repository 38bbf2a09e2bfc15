/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Unit tests of the virtio-pci modern transport (vcrypto_pci.c): the vendor
 * capability walk and its BAR bounds (Virtio Structure PCI Capabilities),
 * queue doorbells and config reads. PCI config space is a byte array behind
 * a stubbed rte_pci_read_config(); BARs are plain memory.
 */
#include "vcrypto_pci.c"

#include <stdlib.h>

#include "ut.h"

#define BAR_LEN		0x4000
#define CAP_VNDR	0x09
#define CAP_MSIX	0x11
#define CAP_PCI_CFG	5

static struct {
	uint8_t cs[256];	/**< PCI config space */
	bool fail_reads;
	unsigned int reads;
} pc;

static uint8_t bars[6][BAR_LEN] __rte_aligned(4096);
static struct rte_pci_device pci;
static struct vcrypto_hw hw;

int
rte_pci_read_config(const struct rte_pci_device *device, void *buf,
		    size_t len, off_t offset)
{
	RTE_SET_USED(device);
	pc.reads++;
	if (pc.fail_reads || offset < 0 || (size_t)offset + len > sizeof(pc.cs))
		return -EIO;
	memcpy(buf, pc.cs + offset, len);
	return (int)len;
}

static void
put16(uint8_t *p, uint16_t v)
{
	v = rte_cpu_to_le_16(v);
	memcpy(p, &v, 2);
}

static void
put32(uint8_t *p, uint32_t v)
{
	v = rte_cpu_to_le_32(v);
	memcpy(p, &v, 4);
}

static uint16_t
get16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, 2);
	return rte_le_to_cpu_16(v);
}

static uint32_t
get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return rte_le_to_cpu_32(v);
}

/* One vendor capability (struct virtio_pci_cap, + multiplier for notify). */
static void
vcap(uint8_t pos, uint8_t next, uint8_t type, uint8_t bar, uint32_t off,
     uint32_t len)
{
	uint8_t *c = pc.cs + pos;

	c[0] = CAP_VNDR;
	c[1] = next;
	c[2] = type == CAP_NOTIFY ? 20 : 16;
	c[3] = type;
	c[4] = bar;
	c[5] = 0;
	put32(c + 8, off);
	put32(c + 12, len);
	if (type == CAP_NOTIFY)
		put32(c + 16, 4);
}

static void
other_cap(uint8_t pos, uint8_t id, uint8_t next)
{
	pc.cs[pos] = id;
	pc.cs[pos + 1] = next;
}

static void
list_head(uint8_t pos)
{
	put16(pc.cs + PCI_STATUS_REG, PCI_STATUS_CAP_LIST);
	pc.cs[PCI_CAP_PTR] = pos;
}

/* The device QEMU presents: all four structures in BAR 4. */
static void
qemu_like(void)
{
	other_cap(0x40, CAP_MSIX, 0x50);
	vcap(0x50, 0x60, CAP_COMMON, 4, 0x0000, 0x1000);
	vcap(0x60, 0x70, CAP_ISR, 4, 0x1000, 0x1000);
	vcap(0x70, 0x80, CAP_DEVICE, 4, 0x2000, 0x1000);
	vcap(0x80, 0x98, CAP_NOTIFY, 4, 0x3000, 0x1000);
	vcap(0x98, 0x00, CAP_PCI_CFG, 0, 0, 0);
	list_head(0x40);
}

static void
setup(void)
{
	unsigned int i;

	memset(&pc, 0, sizeof(pc));
	memset(bars, 0, sizeof(bars));
	memset(&pci, 0, sizeof(pci));
	vcrypto_pci_fini(&hw);	/* a case may set up again */
	memset(&hw, 0, sizeof(hw));
	snprintf(hw.name, sizeof(hw.name), "0000:00:04.0");
	for (i = 0; i < 6; i++) {
		pci.mem_resource[i].addr = bars[i];
		pci.mem_resource[i].len = BAR_LEN;
	}
	put16(bars[4] + COMMON_NUMQ, 2);
	ut_log_quiet(true);
}

static void
teardown(void)
{
	vcrypto_pci_fini(&hw);
	ut_log_quiet(false);
}

static void
t_qemu_like(void)
{
	setup();
	qemu_like();
	UT_ASSERT_EQ(vcrypto_pci_init(&pci, &hw), 0);
	UT_ASSERT(pci_of(&hw)->common == bars[4]);
	UT_ASSERT(pci_of(&hw)->isr == bars[4] + 0x1000);
	UT_ASSERT(pci_of(&hw)->device == bars[4] + 0x2000);
	UT_ASSERT_EQ(pci_of(&hw)->device_len, 0x1000);
	UT_ASSERT(pci_of(&hw)->notify_base == bars[4] + 0x3000);
	UT_ASSERT_EQ(pci_of(&hw)->notify_len, 0x1000);
	UT_ASSERT_EQ(pci_of(&hw)->notify_mult, 4);
	UT_ASSERT_EQ(hw.num_queues, 2);
	UT_ASSERT_EQ(hw.kind, VCRYPTO_TRANSPORT_PCI);
}

/* Structures in different BARs, at the very end of their BAR. */
static void
t_bar_edges(void)
{
	setup();
	vcap(0x40, 0x50, CAP_COMMON, 0, BAR_LEN - COMMON_LEN, COMMON_LEN);
	vcap(0x50, 0x60, CAP_ISR, 1, BAR_LEN - 1, 1);
	vcap(0x60, 0x70, CAP_DEVICE, 2, BAR_LEN - 56, 56);
	vcap(0x70, 0x00, CAP_NOTIFY, 5, BAR_LEN - 2, 2);
	list_head(0x40);
	UT_ASSERT_EQ(vcrypto_pci_init(&pci, &hw), 0);
	UT_ASSERT(pci_of(&hw)->common == bars[0] + BAR_LEN - COMMON_LEN);
	UT_ASSERT(pci_of(&hw)->isr == bars[1] + BAR_LEN - 1);
	UT_ASSERT(pci_of(&hw)->device == bars[2] + BAR_LEN - 56);
	UT_ASSERT(pci_of(&hw)->notify_base == bars[5] + BAR_LEN - 2);
}

/* A capability pointing outside its BAR is never used. */
static void
t_outside_bar(void)
{
	static const struct {
		uint32_t off;
		uint32_t len;
	} bad[] = {
		{ BAR_LEN - 0x100, 0x200 },	/* runs past the end */
		{ BAR_LEN, 0x100 },		/* starts at the end */
		{ 0xffffff00u, 0x200 },		/* off + len wraps 32 bits */
		{ 0x100, 0xffffffffu },
		{ 0, 8 },			/* shorter than the structure */
	};
	unsigned int i;

	for (i = 0; i < RTE_DIM(bad); i++) {
		setup();
		qemu_like();
		vcap(0x50, 0x60, CAP_COMMON, 4, bad[i].off, bad[i].len);
		UT_ASSERT_EQ(vcrypto_pci_init(&pci, &hw) * 10 + (int)i,
			     -ENODEV * 10 + (int)i);
		UT_ASSERT(hw.priv == NULL);	/* detached */
		/* A good one after it is taken instead. */
		setup();
		qemu_like();
		vcap(0x50, 0x60, CAP_COMMON, 4, bad[i].off, bad[i].len);
		vcap(0x98, 0xa8, CAP_PCI_CFG, 0, 0, 0);
		vcap(0xa8, 0x00, CAP_COMMON, 3, 0x100, 0x100);
		UT_ASSERT_EQ(vcrypto_pci_init(&pci, &hw), 0);
		UT_ASSERT(pci_of(&hw)->common == bars[3] + 0x100);
	}
	/* Same for the notify area and the device config. */
	setup();
	qemu_like();
	vcap(0x80, 0x98, CAP_NOTIFY, 4, BAR_LEN - 1, 2);
	UT_ASSERT_EQ(vcrypto_pci_init(&pci, &hw), -ENODEV);
	setup();
	qemu_like();
	vcap(0x70, 0x80, CAP_DEVICE, 4, 0x3ffc, 8);
	UT_ASSERT_EQ(vcrypto_pci_init(&pci, &hw), -ENODEV);
}

/* Unknown cfg_type and BAR indexes >= 6 are skipped, not fatal. */
static void
t_unknown_type_and_bar(void)
{
	static const uint8_t types[] = { 0, 6, 8, 0xff };	/* 8: shm */
	static const uint8_t bad_bars[] = { 6, 7, 0xff };
	uint8_t pos = 0x40;
	unsigned int i;

	/* 7 skipped caps, then the four good ones: config space is full. */
	setup();
	memset(pc.cs, 0, sizeof(pc.cs));
	for (i = 0; i < RTE_DIM(types); i++, pos += 0x10)
		vcap(pos, pos + 0x10, types[i], 4, 0, 0x1000);
	for (i = 0; i < RTE_DIM(bad_bars); i++, pos += 0x10)
		vcap(pos, pos + 0x10, CAP_COMMON, bad_bars[i], 0, 0x1000);
	vcap(pos, pos + 0x14, CAP_NOTIFY, 4, 0x3000, 0x1000);
	vcap(pos + 0x14, pos + 0x24, CAP_COMMON, 4, 0x0000, 0x1000);
	vcap(pos + 0x24, pos + 0x34, CAP_ISR, 4, 0x1000, 0x1000);
	vcap(pos + 0x34, 0x00, CAP_DEVICE, 4, 0x2000, 0x1000);
	list_head(0x40);
	UT_ASSERT_EQ(vcrypto_pci_init(&pci, &hw), 0);
	UT_ASSERT(pci_of(&hw)->common == bars[4]);
	UT_ASSERT(pci_of(&hw)->notify_base == bars[4] + 0x3000);
}

static void
t_unmapped_bar(void)
{
	setup();
	qemu_like();
	pci.mem_resource[4].addr = NULL;
	pci.mem_resource[4].len = 0;
	UT_ASSERT_EQ(vcrypto_pci_init(&pci, &hw), -ENODEV);
	UT_ASSERT(hw.priv == NULL);	/* detached */
}

/* Larger cap_len and structure lengths than needed are accepted. */
static void
t_oversized_caps(void)
{
	setup();
	qemu_like();
	pc.cs[0x50 + 2] = 0x30;		/* cap_len */
	pc.cs[0x80 + 2] = 0x18;
	vcap(0x70, 0x80, CAP_DEVICE, 4, 0x2000, 0x2000);
	UT_ASSERT_EQ(vcrypto_pci_init(&pci, &hw), 0);
	UT_ASSERT(pci_of(&hw)->common == bars[4]);
	UT_ASSERT_EQ(pci_of(&hw)->device_len, 0x2000);
	/* A vendor cap shorter than struct virtio_pci_cap is ignored. */
	setup();
	qemu_like();
	pc.cs[0x50 + 2] = 12;
	UT_ASSERT_EQ(vcrypto_pci_init(&pci, &hw), -ENODEV);
}

/* The first usable capability of each type wins (device preference). */
static void
t_first_of_each_type(void)
{
	setup();
	qemu_like();
	vcap(0x98, 0xa8, CAP_COMMON, 3, 0x0, 0x1000);
	vcap(0xa8, 0x00, CAP_NOTIFY, 3, 0x1000, 0x1000);
	UT_ASSERT_EQ(vcrypto_pci_init(&pci, &hw), 0);
	UT_ASSERT(pci_of(&hw)->common == bars[4]);
	UT_ASSERT(pci_of(&hw)->notify_base == bars[4] + 0x3000);
}

static void
t_legacy_device(void)
{
	/* No capability list at all. */
	setup();
	qemu_like();
	put16(pc.cs + PCI_STATUS_REG, 0);
	UT_ASSERT_EQ(vcrypto_pci_init(&pci, &hw), -ENODEV);
	/* A list without vendor capabilities (legacy virtio: MSI-X only). */
	setup();
	other_cap(0x40, CAP_MSIX, 0x50);
	other_cap(0x50, 0x01, 0x00);
	list_head(0x40);
	UT_ASSERT_EQ(vcrypto_pci_init(&pci, &hw), -ENODEV);
	/* Only some of the four structures. */
	setup();
	qemu_like();
	vcap(0x70, 0x80, CAP_PCI_CFG, 0, 0, 0);	/* no device config */
	UT_ASSERT_EQ(vcrypto_pci_init(&pci, &hw), -ENODEV);
}

/* Loops in the list end the walk. */
static void
t_cap_loop(void)
{
	setup();
	other_cap(0x40, CAP_MSIX, 0x40);	/* points at itself */
	list_head(0x40);
	UT_ASSERT_EQ(vcrypto_pci_init(&pci, &hw), -ENODEV);
	UT_ASSERT(pc.reads <= 2 + CAP_WALK_MAX);
	setup();
	qemu_like();
	vcap(0x70, 0x50, CAP_DEVICE, 4, 0x2000, 0x1000); /* back to common */
	UT_ASSERT_EQ(vcrypto_pci_init(&pci, &hw), -ENODEV); /* no notify */
	UT_ASSERT(pc.reads <= 2 + 2 * CAP_WALK_MAX);
	/* A loop after every structure was found still ends, in success. */
	setup();
	qemu_like();
	vcap(0x98, 0x50, CAP_PCI_CFG, 0, 0, 0);
	UT_ASSERT_EQ(vcrypto_pci_init(&pci, &hw), 0);
}

static void
t_bad_pointers(void)
{
	/* Pointers into the standard header end the walk. */
	setup();
	qemu_like();
	list_head(0x20);
	UT_ASSERT_EQ(vcrypto_pci_init(&pci, &hw), -ENODEV);
	/* The low two bits of a pointer are reserved: ignored. */
	setup();
	qemu_like();
	list_head(0x43);
	pc.cs[0x40 + 1] = 0x52;
	UT_ASSERT_EQ(vcrypto_pci_init(&pci, &hw), 0);
	/* A capability running off config space: unreadable. */
	setup();
	qemu_like();
	pc.cs[0x98 + 1] = 0xfc;
	pc.cs[0xfc] = CAP_VNDR;
	UT_ASSERT_EQ(vcrypto_pci_init(&pci, &hw), -EIO);
	/* Config space unreadable from the start. */
	setup();
	qemu_like();
	pc.fail_reads = true;
	UT_ASSERT_EQ(vcrypto_pci_init(&pci, &hw), -EIO);
}

/* Doorbells: offset x multiplier checked against the notify area. */
static void
t_queue_setup_notify(void)
{
	struct vcrypto_vq_addrs a = {
		.desc = UINT64_C(0x1122334455667788),
		.driver = UINT64_C(0x99aabbccddeeff00),
		.device = UINT64_C(0x0123456789abcdef),
	};
	uint8_t *common = bars[4];

	setup();
	qemu_like();
	UT_ASSERT_EQ(vcrypto_pci_init(&pci, &hw), 0);
	put16(common + COMMON_Q_NOFF, 3);
	UT_ASSERT_EQ(vcrypto_pci_ops.queue_setup(&hw, 1, 256, &a), 0);
	UT_ASSERT_EQ(get16(common + COMMON_Q_SELECT), 1);
	UT_ASSERT_EQ(get16(common + COMMON_Q_SIZE), 256);
	UT_ASSERT_EQ(get32(common + COMMON_Q_DESCLO), 0x55667788u);
	UT_ASSERT_EQ(get32(common + COMMON_Q_DESCHI), 0x11223344u);
	UT_ASSERT_EQ(get32(common + COMMON_Q_AVAILLO), 0xddeeff00u);
	UT_ASSERT_EQ(get32(common + COMMON_Q_AVAILHI), 0x99aabbccu);
	UT_ASSERT_EQ(get32(common + COMMON_Q_USEDLO), 0x89abcdefu);
	UT_ASSERT_EQ(get32(common + COMMON_Q_USEDHI), 0x01234567u);
	UT_ASSERT_EQ(get16(common + COMMON_Q_MSIX), NO_VECTOR);
	UT_ASSERT_EQ(get16(common + COMMON_Q_ENABLE), 1);
	UT_ASSERT(pci_of(&hw)->notify_addr[1] == (uint16_t *)(bars[4] + 0x3000 + 12));
	put16(bars[4] + 0x3000 + 12, 0xeeee);
	vcrypto_pci_ops.notify(&hw, 1);
	UT_ASSERT_EQ(get16(bars[4] + 0x3000 + 12), 1);
	/* The last doorbell that fits, then one past it. */
	put16(common + COMMON_Q_NOFF, (0x1000 - 2) / 4);
	UT_ASSERT_EQ(vcrypto_pci_ops.queue_setup(&hw, 0, 256, &a), 0);
	put16(common + COMMON_Q_NOFF, 0x1000 / 4);
	put16(common + COMMON_Q_ENABLE, 0);
	UT_ASSERT_EQ(vcrypto_pci_ops.queue_setup(&hw, 0, 256, &a), -EIO);
	UT_ASSERT_EQ(get16(common + COMMON_Q_ENABLE), 0);	/* not enabled */
	/* offset x multiplier does not wrap. */
	pci_of(&hw)->notify_mult = UINT32_MAX;
	put16(common + COMMON_Q_NOFF, UINT16_MAX);
	UT_ASSERT_EQ(vcrypto_pci_ops.queue_setup(&hw, 0, 256, &a), -EIO);
	/* Multiplier 0: every queue shares the first doorbell. */
	pci_of(&hw)->notify_mult = 0;
	UT_ASSERT_EQ(vcrypto_pci_ops.queue_setup(&hw, 0, 256, &a), 0);
	UT_ASSERT(pci_of(&hw)->notify_addr[0] == (uint16_t *)(bars[4] + 0x3000));
	/* NOTIF_CONFIG_DATA: the device's value is written, not the index. */
	hw.features |= UINT64_C(1) << VCRYPTO_F_NOTIF_CONFIG_DATA;
	put16(common + COMMON_Q_NDATA, 0xbeef);
	UT_ASSERT_EQ(vcrypto_pci_ops.queue_setup(&hw, 2, 256, &a), 0);
	vcrypto_pci_ops.notify(&hw, 2);
	UT_ASSERT_EQ(get16(bars[4] + 0x3000), 0xbeef);
	/* The control queue beyond our data queues: its own doorbell slot. */
	hw.features = 0;
	UT_ASSERT_EQ(vcrypto_pci_ops.queue_setup(&hw, 1000, 16, &a), 0);
	UT_ASSERT(pci_of(&hw)->notify_addr[VCRYPTO_MAX_QUEUES - 1] != NULL);
	UT_ASSERT_EQ(pci_of(&hw)->notify_data[VCRYPTO_MAX_QUEUES - 1], 1000);
}

static void
t_read_config(void)
{
	uint32_t v[14];

	setup();
	qemu_like();
	UT_ASSERT_EQ(vcrypto_pci_init(&pci, &hw), 0);
	pci_of(&hw)->device_len = 56;
	put32(bars[4] + 0x2000 + 48, 0xa1b2c3d4);
	UT_ASSERT_EQ(vcrypto_pci_ops.read_config(&hw, 0, v, 56), 0);
	UT_ASSERT_EQ(rte_le_to_cpu_32(v[12]), 0xa1b2c3d4u);
	UT_ASSERT_EQ(vcrypto_pci_ops.read_config(&hw, 4, v, 56), -EINVAL);
	UT_ASSERT_EQ(vcrypto_pci_ops.read_config(&hw, 2, v, 4), -EINVAL);
	UT_ASSERT_EQ(vcrypto_pci_ops.read_config(&hw, 0, v, 6), -EINVAL);
	/* All ones in status: the function is gone. */
	bars[4][COMMON_STATUS] = 0xff;
	UT_ASSERT_EQ(vcrypto_pci_ops.get_status(&hw), 0xff);
	UT_ASSERT(hw.gone);
}

static const struct ut_case cases[] = {
	{ "qemu_like", t_qemu_like },
	{ "bar_edges", t_bar_edges },
	{ "outside_bar", t_outside_bar },
	{ "unknown_type_and_bar", t_unknown_type_and_bar },
	{ "unmapped_bar", t_unmapped_bar },
	{ "oversized_caps", t_oversized_caps },
	{ "first_of_each_type", t_first_of_each_type },
	{ "legacy_device", t_legacy_device },
	{ "cap_loop", t_cap_loop },
	{ "bad_pointers", t_bad_pointers },
	{ "queue_setup_notify", t_queue_setup_notify },
	{ "read_config", t_read_config },
};

int
main(void)
{
	return ut_run(cases, RTE_DIM(cases), teardown) == 0 ? 0 : 1;
}
