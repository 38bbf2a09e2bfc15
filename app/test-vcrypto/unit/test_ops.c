/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Unit tests of vcrypto_ops.c, the cryptodev ops, through the whole stack
 * (stack_fixture.c): statistics as the application sees them and what a
 * closed device still answers.
 */
#include "stack_fixture.c"

/*
 * Defect 11: queue_pair_setup with ops in flight zeroes what the
 * application sees, not the totals the stall and fail-streak logic use.
 */
static void
t_qp_setup_keeps_totals(void)
{
	struct rte_cryptodev_qp_conf qc = { .nb_descriptors = VD_DQ_MAX };
	struct rte_cryptodev_stats st;

	if (!up())
		return;
	WORKS(0, 0);
	vd.m[0].hold = true;
	mk_ops(0, 3, 0);
	ENQ(0, 0, 3);
	UT_ASSERT_EQ(vcrypto_dev_ops.queue_pair_setup(&t.cdev, 0, &qc, 0), 0);
	vcrypto_dev_ops.stats_get(&t.cdev, &st);
	UT_ASSERT_EQ(st.enqueued_count, 0);
	UT_ASSERT_EQ(st.dequeued_count, 0);
	UT_ASSERT_EQ(qp_of(0)->stats.enqueued_count, 4);
	UT_ASSERT_EQ(vcrypto_dp_queue_completed(qp_of(0)), 1);
	DPF_ASSERT_STATS_CONSISTENT(qp_of(0));
	vd.m[0].hold = false;
	vcrypto_model_complete(&vd.m[0], UINT32_MAX);
	UT_ASSERT_EQ(dpf_collect(qp_of(0), 4), 3);
	vcrypto_dev_ops.stats_get(&t.cdev, &st);
	UT_ASSERT_EQ(st.dequeued_count, 3);
	UT_ASSERT_EQ(st.enqueued_count, 0);
	DPF_ASSERT_STATS_CONSISTENT(qp_of(0));
	vcrypto_dev_ops.stats_reset(&t.cdev);
	vcrypto_dev_ops.stats_get(&t.cdev, &st);
	UT_ASSERT_EQ(st.dequeued_count, 0);
	UT_ASSERT_EQ(vcrypto_dp_queue_completed(qp_of(0)), 4);
	CLEAN();
}

/*
 * Defect 2: after close no queue_pairs[] slot points at a freed queue
 * pair, and info_get gives a capability list DPDK can walk.
 */
static void
t_close_then_stats_info(void)
{
	struct rte_cryptodev_info info;
	struct rte_cryptodev_stats st;
	unsigned int i;

	if (!up())
		return;
	WORKS(0, 0);
	UT_ASSERT_EQ(vcrypto_dev_ops.dev_close(&t.cdev), 0);
	for (i = 0; i < VD_NB_DQ; i++)
		UT_ASSERT(t.data.queue_pairs[i] == NULL);
	vcrypto_dev_ops.stats_get(&t.cdev, &st);
	UT_ASSERT_EQ(st.enqueued_count, 0);
	vcrypto_dev_ops.stats_reset(&t.cdev);
	memset(&info, 0, sizeof(info));
	vcrypto_dev_ops.dev_infos_get(&t.cdev, &info);
	UT_ASSERT(info.capabilities != NULL);
	UT_ASSERT_EQ(info.capabilities[0].op, RTE_CRYPTO_OP_TYPE_UNDEFINED);
}

static const struct ut_case cases[] = {
	{ "qp_setup_keeps_totals", t_qp_setup_keeps_totals },
	{ "close_then_stats_info", t_close_then_stats_info },
};

int
main(void)
{
	return ut_run(cases, RTE_DIM(cases), teardown) == 0 ? 0 : 1;
}
