/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * The table of virtio-crypto algorithm ids with their DPDK enums and the
 * key/IV/digest ranges the standard allows. The PMD filters it with the
 * device's masks and limits; tests and tools use it to name algorithms.
 */
#ifndef VCRYPTO_ALGO_H
#define VCRYPTO_ALGO_H

#include <stdint.h>

#include <rte_crypto_sym.h>

/** A size range in the shape of struct rte_crypto_param_range. */
struct vcrypto_range {
	uint16_t min;
	uint16_t max;
	uint16_t inc;
};

/** A cipher the standard defines and DPDK can express. */
struct vcrypto_cipher_algo {
	uint32_t virtio_id;			/**< bit in cipher_algo_l/h */
	enum rte_crypto_cipher_algorithm rte;
	const char *name;
	uint16_t block_size;
	struct vcrypto_range key;
	struct vcrypto_range iv;
};

/** A MAC (keyed hash) the standard defines and DPDK can express. */
struct vcrypto_mac_algo {
	uint32_t virtio_id;			/**< bit in mac_algo_l/h */
	enum rte_crypto_auth_algorithm rte;
	const char *name;
	uint16_t block_size;
	struct vcrypto_range key;
	struct vcrypto_range digest;
};

/** A plain hash the standard defines and DPDK can express. */
struct vcrypto_hash_algo {
	uint32_t virtio_id;			/**< bit in hash_algo */
	enum rte_crypto_auth_algorithm rte;
	const char *name;
	uint16_t block_size;
	struct vcrypto_range digest;
};

extern const struct vcrypto_cipher_algo vcrypto_cipher_algos[];
extern const unsigned int vcrypto_nb_cipher_algos;
extern const struct vcrypto_mac_algo vcrypto_mac_algos[];
extern const unsigned int vcrypto_nb_mac_algos;
extern const struct vcrypto_hash_algo vcrypto_hash_algos[];
extern const unsigned int vcrypto_nb_hash_algos;

/** Table entry for a DPDK cipher, or NULL if virtio has no such cipher. */
const struct vcrypto_cipher_algo *
vcrypto_cipher_by_rte(enum rte_crypto_cipher_algorithm algo);

/** Table entry for a DPDK MAC, or NULL if virtio has no such MAC. */
const struct vcrypto_mac_algo *
vcrypto_mac_by_rte(enum rte_crypto_auth_algorithm algo);

/** Table entry for a DPDK plain hash, or NULL. */
const struct vcrypto_hash_algo *
vcrypto_hash_by_rte(enum rte_crypto_auth_algorithm algo);

/** True if len lies in the range (min..max, step inc; inc 0 = min only). */
int vcrypto_range_has(const struct vcrypto_range *r, uint32_t len);

#endif /* VCRYPTO_ALGO_H */
