/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * dpdk-vcrypto-hello: the smallest complete use of a virtio-crypto device
 * through vcrypto, with the public rte_cryptodev API only.
 *
 *   1. find the device (driver crypto_vcrypto unless -- --driver NAME),
 *   2. check its capabilities for AES-CBC with a 128-bit key,
 *   3. one queue pair, two sessions (encrypt, decrypt),
 *   4. a burst of ops out and back: enqueue what the ring takes, dequeue
 *      until every op is back, each op's status checked,
 *   5. decrypt(encrypt(data)) == data.
 *
 *   dpdk-vcrypto-hello [EAL args] [-- --driver NAME]
 * Prints "vcrypto-hello: ok ..." and exits 0 when every op came back right.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_crypto.h>
#include <rte_cryptodev.h>
#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_mbuf.h>
#include <rte_random.h>

#define NB_OPS		32	/* one burst */
#define DATA_LEN	256	/* a multiple of the AES block */
#define KEY_LEN		16
#define IV_LEN		16
/* The IV travels in the op's private area, right after the sym op. */
#define IV_OFFSET	(sizeof(struct rte_crypto_op) + \
			 sizeof(struct rte_crypto_sym_op))

static struct rte_mempool *mbuf_pool, *op_pool, *sess_pool;
static uint8_t key[KEY_LEN];

/* Step 1 and 2: the device, and whether it can do AES-128-CBC. */
static int
find_device(const char *driver)
{
	const struct rte_cryptodev_symmetric_capability *cap;
	struct rte_cryptodev_sym_capability_idx idx = {
		.type = RTE_CRYPTO_SYM_XFORM_CIPHER,
		.algo.cipher = RTE_CRYPTO_CIPHER_AES_CBC,
	};
	uint8_t ids[RTE_CRYPTO_MAX_DEVS];

	if (rte_cryptodev_devices_get(driver, ids, RTE_DIM(ids)) == 0) {
		printf("vcrypto-hello: no %s device (bound? plugin loaded?)\n",
		       driver);
		return -1;
	}
	cap = rte_cryptodev_sym_capability_get(ids[0], &idx);
	if (cap == NULL ||
	    rte_cryptodev_sym_capability_check_cipher(cap, KEY_LEN, IV_LEN) != 0) {
		printf("vcrypto-hello: device %u lacks AES-128-CBC\n", ids[0]);
		return -1;
	}
	return ids[0];
}

/* Step 3: one queue pair, started. */
static int
setup_device(uint8_t dev)
{
	struct rte_cryptodev_config conf = {
		.socket_id = rte_cryptodev_socket_id(dev),
		.nb_queue_pairs = 1,
	};
	struct rte_cryptodev_qp_conf qp = { .nb_descriptors = 128 };

	if (rte_cryptodev_configure(dev, &conf) < 0 ||
	    rte_cryptodev_queue_pair_setup(dev, 0, &qp, conf.socket_id) < 0 ||
	    rte_cryptodev_start(dev) < 0)
		return -1;
	return 0;
}

static void *
make_session(uint8_t dev, enum rte_crypto_cipher_operation op)
{
	struct rte_crypto_sym_xform xform = {
		.type = RTE_CRYPTO_SYM_XFORM_CIPHER,
		.cipher = {
			.op = op,
			.algo = RTE_CRYPTO_CIPHER_AES_CBC,
			.key = { .data = key, .length = KEY_LEN },
			.iv = { .offset = IV_OFFSET, .length = IV_LEN },
		},
	};

	return rte_cryptodev_sym_session_create(dev, &xform, sess_pool);
}

/*
 * Step 4: run ops[] through the device in place. The ring may take fewer
 * than asked (it is full): enqueue the rest later. Dequeue until every op
 * is back; a device that stops answering makes the PMD fail its ops with
 * an error status, and the deadline here only guards the example.
 */
static int
run_burst(uint8_t dev, struct rte_crypto_op **ops, uint16_t n)
{
	struct rte_crypto_op *done[NB_OPS];
	uint16_t sent = 0, back = 0, i, got;
	uint64_t deadline = rte_get_timer_cycles() + 10 * rte_get_timer_hz();
	int bad = 0;

	while (back < n) {
		if (sent < n)
			sent += rte_cryptodev_enqueue_burst(dev, 0, ops + sent,
							    n - sent);
		got = rte_cryptodev_dequeue_burst(dev, 0, done, NB_OPS);
		for (i = 0; i < got; i++)
			if (done[i]->status != RTE_CRYPTO_OP_STATUS_SUCCESS) {
				printf("vcrypto-hello: op failed, status %d\n",
				       done[i]->status);
				bad = 1;
			}
		back += got;
		if (rte_get_timer_cycles() > deadline) {
			printf("vcrypto-hello: %u of %u ops back\n", back, n);
			return -1;
		}
	}
	return bad ? -1 : 0;
}

/* Point each op at its mbuf's data, with the session and a random IV. */
static void
attach(struct rte_crypto_op **ops, struct rte_mbuf **m, void *sess,
       uint8_t (*iv)[IV_LEN])
{
	unsigned int i;

	for (i = 0; i < NB_OPS; i++) {
		ops[i]->sym->m_src = m[i];
		ops[i]->sym->cipher.data.offset = 0;
		ops[i]->sym->cipher.data.length = DATA_LEN;
		rte_crypto_op_attach_sym_session(ops[i], sess);
		memcpy(rte_crypto_op_ctod_offset(ops[i], uint8_t *, IV_OFFSET),
		       iv[i], IV_LEN);
	}
}

static int
hello(uint8_t dev)
{
	static uint8_t plain[NB_OPS][DATA_LEN], iv[NB_OPS][IV_LEN];
	struct rte_crypto_op *ops[NB_OPS];
	struct rte_mbuf *m[NB_OPS];
	void *enc, *dec;
	unsigned int i, j, same = 0;
	int ret = -1;

	for (i = 0; i < KEY_LEN; i++)
		key[i] = (uint8_t)rte_rand();
	enc = make_session(dev, RTE_CRYPTO_CIPHER_OP_ENCRYPT);
	dec = make_session(dev, RTE_CRYPTO_CIPHER_OP_DECRYPT);
	if (enc == NULL || dec == NULL) {
		printf("vcrypto-hello: session create failed: %s\n",
		       rte_strerror(rte_errno));
		goto out_sess;
	}
	if (rte_pktmbuf_alloc_bulk(mbuf_pool, m, NB_OPS) != 0)
		goto out_sess;
	if (rte_crypto_op_bulk_alloc(op_pool, RTE_CRYPTO_OP_TYPE_SYMMETRIC,
				     ops, NB_OPS) != NB_OPS)
		goto out_mbufs;
	for (i = 0; i < NB_OPS; i++) {
		for (j = 0; j < DATA_LEN; j++)
			plain[i][j] = (uint8_t)rte_rand();
		for (j = 0; j < IV_LEN; j++)
			iv[i][j] = (uint8_t)rte_rand();
		memcpy(rte_pktmbuf_append(m[i], DATA_LEN), plain[i], DATA_LEN);
	}

	attach(ops, m, enc, iv);
	if (run_burst(dev, ops, NB_OPS) != 0)
		goto out_ops;
	for (i = 0; i < NB_OPS; i++)
		same += memcmp(rte_pktmbuf_mtod(m[i], void *), plain[i],
			       DATA_LEN) == 0;
	attach(ops, m, dec, iv);
	if (run_burst(dev, ops, NB_OPS) != 0)
		goto out_ops;
	for (i = 0; i < NB_OPS; i++)
		if (memcmp(rte_pktmbuf_mtod(m[i], void *), plain[i],
			   DATA_LEN) != 0) {
			printf("vcrypto-hello: op %u: decrypt(encrypt(x)) != x\n", i);
			goto out_ops;
		}
	if (same != 0) {
		printf("vcrypto-hello: %u ciphertexts equal their plaintext\n", same);
		goto out_ops;
	}
	printf("vcrypto-hello: ok: %u x %u B AES-128-CBC encrypted and decrypted on device %u\n",
	       NB_OPS, DATA_LEN, dev);
	ret = 0;
out_ops:
	rte_mempool_put_bulk(op_pool, (void **)ops, NB_OPS);
out_mbufs:
	rte_pktmbuf_free_bulk(m, NB_OPS);
out_sess:
	if (enc != NULL)
		rte_cryptodev_sym_session_free(dev, enc);
	if (dec != NULL)
		rte_cryptodev_sym_session_free(dev, dec);
	return ret;
}

int
main(int argc, char **argv)
{
	const char *driver = "crypto_vcrypto";
	int ret, dev;

	ret = rte_eal_init(argc, argv);
	if (ret < 0) {
		printf("vcrypto-hello: EAL init failed\n");
		return 1;
	}
	argc -= ret;
	argv += ret;
	if (argc == 3 && strcmp(argv[1], "--driver") == 0)
		driver = argv[2];

	ret = 1;
	dev = find_device(driver);
	if (dev < 0)
		goto out;
	mbuf_pool = rte_pktmbuf_pool_create("hello_mbufs", 2 * NB_OPS, 0, 0,
		RTE_PKTMBUF_HEADROOM + DATA_LEN, rte_socket_id());
	op_pool = rte_crypto_op_pool_create("hello_ops",
		RTE_CRYPTO_OP_TYPE_SYMMETRIC, 2 * NB_OPS, 0, IV_LEN,
		rte_socket_id());
	sess_pool = rte_cryptodev_sym_session_pool_create("hello_sessions", 4,
		rte_cryptodev_sym_get_private_session_size(dev), 0, 0,
		rte_socket_id());
	if (mbuf_pool == NULL || op_pool == NULL || sess_pool == NULL) {
		printf("vcrypto-hello: out of memory (hugepages?)\n");
		goto out;
	}
	if (setup_device(dev) != 0) {
		printf("vcrypto-hello: device %d setup failed\n", dev);
		goto out;
	}
	ret = hello(dev) == 0 ? 0 : 1;
	rte_cryptodev_stop(dev);
	rte_cryptodev_close(dev);
out:
	rte_eal_cleanup();
	return ret;
}
