/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Known-answer vectors as data: the record a vector file yields, the keyword
 * tables that fill it and the rows naming which file tests which algorithm.
 * Nothing here touches a device; the tv_* modules run what this describes.
 */

#ifndef KAT_H
#define KAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_common.h>
#include <rte_crypto_sym.h>

/** Room for a parse error: "path:line: what". */
#define KAT_ERR_LEN 256

/** Bytes read from a vector file; @set tells "absent" from "empty". */
struct kat_buf {
	uint8_t *data;
	uint32_t len;
	bool set;
};

/** One known answer. Which buffers a family fills is up to its table. */
struct kat_vec {
	uint32_t id;		/**< COUNT, or the record's ordinal */
	unsigned int line;	/**< first line of the record */
	struct kat_buf key;	/**< cipher key, or the MAC key of auth rows */
	struct kat_buf iv;	/**< IV, counter block or XTS tweak */
	struct kat_buf pt;	/**< plaintext, or the message of auth rows */
	struct kat_buf ct;	/**< ciphertext */
	struct kat_buf auth_key;	/**< HMAC key of chained rows */
	struct kat_buf digest;	/**< MAC or digest */
	uint32_t bits;		/**< Len / DataUnitLen, when the file says */
	/* Chained rows composed from a MAC and a cipher vector (tv_walk.c):
	 * the MAC covers [0, auth_len), the cipher [cipher_off, end). 0 and
	 * 0: both cover the whole buffer. */
	uint32_t cipher_off;
	uint32_t auth_len;
	const char *skip;	/**< why the vector cannot run, or NULL */
};

/** The records of one file, in file order. */
struct kat_set {
	struct kat_vec *vec;
	unsigned int nb;
	unsigned int cap;
};

/**
 * A keyword callback: store @val (already trimmed) into @v, at @off for the
 * generic ones. Returns 0, or -EINVAL when @val does not parse, -ENOMEM.
 */
typedef int (*kat_field_fn)(struct kat_vec *v, const char *val, size_t off);

/** One "KEYWORD = value" a file may hold (DPDK fips_validation's idea). */
struct kat_field {
	const char *key;	/**< exact, case-sensitive; NULL ends a table */
	kat_field_fn fn;
	size_t off;
};

#define KAT_OFF(member) offsetof(struct kat_vec, member)

/* Generic callbacks for keyword tables. */
int kat_field_hex(struct kat_vec *v, const char *val, size_t off);
int kat_field_hex_cat(struct kat_vec *v, const char *val, size_t off);
int kat_field_u32(struct kat_vec *v, const char *val, size_t off);
int kat_field_ignore(struct kat_vec *v, const char *val, size_t off);

/** Buffers kat_set_require() can insist on. */
#define KAT_NEED_KEY	(1u << 0)
#define KAT_NEED_IV	(1u << 1)
#define KAT_NEED_PT	(1u << 2)
#define KAT_NEED_CT	(1u << 3)
#define KAT_NEED_DIGEST	(1u << 4)

/**
 * Append a zeroed record to @set, starting at file line @line.
 * Returns the record, or NULL when out of memory.
 */
struct kat_vec *kat_set_add(struct kat_set *set, unsigned int line);

/** Free the buffers of @v; the record itself stays. */
void kat_vec_free(struct kat_vec *v);

/** Free every buffer of @set and leave it empty; @set may be empty. */
void kat_set_free(struct kat_set *set);

/**
 * Check that every record of @set has the buffers in @need and, with both
 * KAT_NEED_PT and KAT_NEED_CT, that they have one length.
 * Returns 0, or -EINVAL with @err naming the first bad record.
 */
int kat_set_require(const struct kat_set *set, unsigned int need,
		const char *path, char *err, size_t len);

/** Replace @b with a copy of @len bytes at @p. Returns 0 or -ENOMEM. */
int kat_buf_set(struct kat_buf *b, const uint8_t *p, uint32_t len);

/** Append @len bytes at @p to @b. Returns 0 or -ENOMEM. */
int kat_buf_cat(struct kat_buf *b, const uint8_t *p, uint32_t len);

/** Release @b's bytes; @b reads as absent afterwards. */
void kat_buf_free(struct kat_buf *b);

/**
 * Read the CAVP-style file at @path ("[SECTION]", "KEY = hex", records
 * split by blank lines or sections, '#' comments) into @set through the
 * keyword table @fields. A keyword missing from the table is an error, so a
 * changed file format cannot silently drop a field.
 * Returns 0; -ENOENT when the file cannot be opened; -EINVAL on a parse
 * error; -ENOMEM. On error @err holds "path:line: reason" and @set is freed.
 */
int kat_rsp_load(const char *path, const struct kat_field *fields,
		struct kat_set *set, char *err, size_t len);

/** What a row asks of the device. */
enum kat_kind {
	KAT_CIPHER,	/**< cipher only: encrypt and decrypt */
	KAT_AUTH,	/**< auth only: generate and verify */
	KAT_CHAIN,	/**< cipher then auth / verify then decipher */
};

/** Where a row's file lives. */
enum kat_src {
	KAT_SRC_VECTORS,	/**< --vectors (cryptography_vectors) */
	KAT_SRC_PERF,		/**< --perf-data (crypto-perf *.data) */
};

struct kat_row;

/**
 * Load @row's file at @path into @set. Returns 0, -ENOENT when the file is
 * missing, -EINVAL/-ENOMEM with @err filled otherwise.
 */
typedef int (*kat_load_fn)(const struct kat_row *row, const char *path,
		struct kat_set *set, char *err, size_t len);

/** One vector file tested against one algorithm (or pair, for chains). */
struct kat_row {
	const char *name;	/**< case name prefix, "aes-cbc/CBCGFSbox128" */
	enum kat_kind kind;
	enum kat_src src;
	enum rte_crypto_cipher_algorithm cipher;	/**< 0: none */
	enum rte_crypto_auth_algorithm auth;		/**< 0: none */
	const char *file;	/**< relative to the src directory */
	kat_load_fn load;
	const void *arg;	/**< the family's own description */
};

/** A family's rows (one file per family: kat_aes.c, kat_tdes.c, ...). */
struct kat_family {
	const char *name;
	const struct kat_row *rows;
	unsigned int nb_rows;
};

extern const struct kat_family kat_aes_family;
extern const struct kat_family kat_tdes_family;
extern const struct kat_family kat_hash_family;
extern const struct kat_family kat_hmac_family;
extern const struct kat_family kat_cmac_family;
extern const struct kat_family kat_perf_family;

/** Every family, NULL-terminated. */
extern const struct kat_family *const kat_families[];

/**
 * Load the AES-CBC multi-block vectors (CBCMMT<key_bits>.rsp) from the
 * vectors directory @dir; used by the negative and large-op cases.
 * Returns as kat_rsp_load().
 */
int kat_aes_cbc_mmt_load(const char *dir, unsigned int key_bits,
		struct kat_set *set, char *err, size_t len);

/**
 * Load a "Len, [Key,] Msg, MD" file (SHAVS, RFC HMAC and MD5 vectors);
 * with @keyed every record needs a Key. Returns as kat_rsp_load().
 */
int kat_msg_load(const char *path, bool keyed, struct kat_set *set,
		char *err, size_t len);

#endif /* KAT_H */
