/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * dpdk-test-vcrypto-diff: seeded random symmetric ops through one cryptodev,
 * each checked byte for byte against OpenSSL's libcrypto. Shared types: the
 * random stream and op generator (dt_gen.c), the OpenSSL reference
 * (dt_ref.c), segmented mbufs (dt_mbuf.c), the group runner (dt_run.c).
 * Ops move only through tv_dev; results are printed only through tv_report.
 */
#ifndef DT_H
#define DT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_crypto.h>
#include <rte_cryptodev.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include "../tv_dev.h"

#define DT_DATA_MAX	3584	/**< largest cipher range, bytes */
#define DT_PREFIX_MAX	64	/**< largest run of bytes before the ranges */
#define DT_TRAILER_MAX	32	/**< largest run of bytes after the ranges */
#define DT_ESP_HDR	8	/**< SPI + sequence number */
#define DT_IV_MAX	16
#define DT_KEY_MAX	32	/**< cipher key */
#define DT_AKEY_MAX	128	/**< MAC key */
#define DT_DIGEST_MAX	64
#define DT_GUARD	16	/**< bytes after the digest that must stay */
/** Largest packet: ESP prefix, header, IV, data, inline digest, trailer. */
#define DT_PKT_MAX	(DT_PREFIX_MAX + DT_ESP_HDR + DT_IV_MAX + \
			 DT_DATA_MAX + DT_DIGEST_MAX + DT_TRAILER_MAX)
#define DT_PIECES_MAX	32	/**< pieces of one segmented mbuf */
#define DT_HEAD_MAX	128	/**< largest random headroom of a piece */
#define DT_BURST_MAX	32
/** What vcrypto puts in one request at most (VCRYPTO_VQ_MAX_SEGS). */
#define DT_DESC_MAX	32

/* --- random stream (dt_gen.c) ------------------------------------------- */

/**
 * splitmix64 state: one stream per group, so --filter keeps its ops. The
 * functions below only touch @r; one thread per stream.
 */
struct dt_rng {
	uint64_t s;
};

/** Seed @r from the run's @seed and the stream's @name. */
void dt_rng_seed(struct dt_rng *r, uint64_t seed, const char *name);
/** The next 64 random bits of @r. */
uint64_t dt_rng_next(struct dt_rng *r);
/** Uniform in [lo, hi], both inclusive; lo when hi <= lo. */
uint32_t dt_rng_range(struct dt_rng *r, uint32_t lo, uint32_t hi);
/** True with probability @pct percent. */
bool dt_rng_chance(struct dt_rng *r, unsigned int pct);
/** Fill @p[0..n) from @r. */
void dt_rng_bytes(struct dt_rng *r, uint8_t *p, size_t n);

/* --- layout classes ------------------------------------------------------ */

/** Placement and segmentation; one group per class. */
enum dt_class {
	DT_IP_LB,	/**< linear, in place */
	DT_OOP_LB,	/**< linear in, linear out */
	DT_IP_SGL,	/**< segmented, in place */
	DT_OOP_SGL_LB,	/**< segmented in, linear out */
	DT_OOP_LB_SGL,	/**< linear in, segmented out */
	DT_OOP_SGL_SGL,	/**< segmented in, segmented out */
	DT_CLASS_NB,
};

struct dt_class_info {
	const char *tag;	/**< in group names: "oop-sgl" */
	const char *title;	/**< in the layout table */
	uint64_t flag;		/**< RTE_CRYPTODEV_FF_* that allows it; 0 */
	const char *flag_name;
	bool oop;
	bool src_sgl;
	bool dst_sgl;
};

extern const struct dt_class_info dt_classes[DT_CLASS_NB];

/* --- OpenSSL reference (dt_ref.c) --------------------------------------- */

/** A cipher this test can compute. */
struct dt_cipher {
	enum rte_crypto_cipher_algorithm algo;
	const char *name;	/**< "aes-cbc" */
	uint16_t block;		/**< lengths must be multiples; 1: any */
	uint16_t iv_len;	/**< 0: none (ECB) */
};

/** A MAC this test can compute. */
struct dt_mac {
	enum rte_crypto_auth_algorithm algo;
	const char *name;	/**< "hmac-sha256" */
	const char *digest;	/**< OpenSSL digest for HMAC; NULL: CMAC */
	uint16_t full;		/**< untruncated MAC length */
};

/**
 * Load OpenSSL's default (and, for DES, legacy) providers and the MAC
 * methods; call once before the rest, from the main thread (the reference
 * keeps one cipher context: single-threaded). Returns 0, or -1.
 */
int dt_ref_init(void);

/** The reference for @algo, or NULL if this test has none. */
const struct dt_cipher *dt_ref_cipher(enum rte_crypto_cipher_algorithm algo);
const struct dt_mac *dt_ref_mac(enum rte_crypto_auth_algorithm algo);

/** True when OpenSSL here can run @c with a @key_len-byte key. */
bool dt_ref_cipher_key_ok(const struct dt_cipher *c, uint16_t key_len);
/** True when OpenSSL here can run @m with a @key_len-byte key. */
bool dt_ref_mac_key_ok(const struct dt_mac *m, uint16_t key_len);

/**
 * Encrypt or decrypt @len bytes (a multiple of the block) from @in to @out
 * without padding. Returns 0, or -1 on an OpenSSL error.
 */
int dt_ref_crypt(const struct dt_cipher *c, bool enc, const uint8_t *key,
		uint16_t key_len, const uint8_t *iv, const uint8_t *in,
		uint8_t *out, uint32_t len);

/**
 * The MAC of @len bytes at @in under @key, truncated to @out_len bytes.
 * Returns 0, or -1 on an OpenSSL error.
 */
int dt_ref_mac_compute(const struct dt_mac *m, const uint8_t *key,
		uint16_t key_len, const uint8_t *in, uint32_t len,
		uint8_t *out, uint16_t out_len);

/* --- groups and generated ops (dt_gen.c) -------------------------------- */

/** Where digests go: both, or only one kind. */
enum dt_digest_mode {
	DT_DIGEST_MIXED,
	DT_DIGEST_INLINE,
	DT_DIGEST_DETACHED,
};

/** One PASS/FAIL line: algorithm, key size, chain, layout class. */
struct dt_group {
	char name[96];
	const struct dt_cipher *cipher;
	uint16_t key_len;
	const struct dt_mac *mac;		/**< NULL: cipher only */
	struct rte_crypto_param_range akey;	/**< allowed MAC key sizes */
	struct rte_crypto_param_range digest;	/**< allowed digest sizes */
	enum dt_class cls;
	unsigned int desc_max;	/**< descriptors one request may use */
	uint32_t max_len;	/**< longest cipher range, <= DT_DATA_MAX */
	enum dt_digest_mode digest_mode;
};

/** How the cipher and MAC ranges sit in the packet. */
enum dt_shape {
	DT_SHAPE_CIPHER,	/**< cipher only: prefix, data, trailer */
	DT_SHAPE_ESP,	/**< auth over ESP header + IV + data, then cipher */
	DT_SHAPE_SAME,	/**< auth range == cipher range */
	DT_SHAPE_FREE,	/**< any overlap (in place only) */
};

/** A buffer's segmentation: one piece is a linear mbuf. */
struct dt_layout {
	uint8_t n;
	uint16_t len[DT_PIECES_MAX];
	uint8_t head[DT_PIECES_MAX];	/**< headroom of each piece */
};

/** One generated op. */
struct dt_case {
	uint8_t shape;		/**< enum dt_shape */
	bool bad_digest;	/**< verify: flip a bit, want AUTH_FAILED */
	/** Digest inside the packet right after the MAC range (as an ESP
	 * ICV), else in the tail room after the last piece, outside pkt_len. */
	bool d_inline;
	uint8_t bad_bit;
	uint16_t bad_byte;
	uint32_t pkt_len;
	uint32_t c_off;
	uint32_t c_len;
	uint32_t a_off;
	uint32_t a_len;
	uint32_t d_off;		/**< inline digest: a_off + a_len */
	uint8_t iv[DT_IV_MAX];
	struct dt_layout src;
	struct dt_layout dst;	/**< out of place only */
	uint8_t in[DT_PKT_MAX];	/**< the source packet */
};

/** Ops sharing one session: direction and keys. */
struct dt_burst {
	bool enc;		/**< encrypt(+generate), else (verify+)dec. */
	uint16_t n;
	uint16_t akey_len;
	uint16_t digest_len;
	uint8_t key[DT_KEY_MAX];
	uint8_t akey[DT_AKEY_MAX];
	struct dt_case cases[DT_BURST_MAX];
};

/** Descriptors a request of @g needs besides the data pieces. */
unsigned int dt_fixed_descs(const struct dt_group *g);

/**
 * Draw the next burst of @n ops (1..DT_BURST_MAX) of group @g from @r.
 * What is drawn never depends on device results, so a seed replays.
 */
void dt_gen_burst(struct dt_rng *r, const struct dt_group *g, uint16_t n,
		struct dt_burst *b);

/** First and one-past-last byte the request maps: cipher and MAC ranges. */
void dt_case_span(const struct dt_case *c, uint32_t *lo, uint32_t *hi);

/** Descriptors vcrypto builds for @c of group @g (vcrypto_sym.c). */
unsigned int dt_case_descs(const struct dt_group *g, const struct dt_case *c);

/** Pieces of @l holding bytes of [lo, hi): one descriptor each. */
unsigned int dt_layout_descs(const struct dt_layout *l, uint32_t lo,
		uint32_t hi);

/** "3 pieces: 1@0 0@17 2000@64" (len@headroom) into @buf. */
const char *dt_layout_str(const struct dt_layout *l, char *buf, size_t len);

/** "mixed", "inline", "detached": the --digest words. */
const char *dt_digest_mode_name(enum dt_digest_mode m);

/** "esp", "same", ... */
const char *dt_shape_name(uint8_t shape);

/* --- mbufs (dt_mbuf.c) --------------------------------------------------- */

/** Room after the last piece's data: digest plus guard bytes. */
#define DT_TAIL_ROOM	(DT_DIGEST_MAX + DT_GUARD)
/** Data room of a piece: the largest headroom, packet and tail. */
#define DT_PIECE_ROOM	(DT_HEAD_MAX + DT_PKT_MAX + DT_TAIL_ROOM)
/** Byte a destination starts as, so bytes not written show. */
#define DT_FILL		0xa5
/** Byte the digest area and guard start as. */
#define DT_GUARD_BYTE	0xc3

/**
 * Build a chain of @l's pieces from @pool holding @img (NULL: DT_FILL),
 * the first piece's headroom at least @min_head, DT_TAIL_ROOM bytes of
 * DT_GUARD_BYTE after the last piece's data. Returns it, or NULL when the
 * pool runs dry.
 */
struct rte_mbuf *dt_mbuf_build(struct rte_mempool *pool,
		const struct dt_layout *l, const uint8_t *img,
		uint16_t min_head);

/** Copy @m's packet (following m->next and data_len) into @out; bytes. */
uint32_t dt_mbuf_read(const struct rte_mbuf *m, uint8_t *out, uint32_t max);

/** The tail room after the last piece's data, and its IOVA in @iova. */
uint8_t *dt_mbuf_tail(struct rte_mbuf *m, rte_iova_t *iova);

/**
 * Packet byte @off of @m and its IOVA in @iova; the caller made sure the
 * bytes it needs from there are in one piece. NULL past the packet.
 */
uint8_t *dt_mbuf_at(struct rte_mbuf *m, uint32_t off, rte_iova_t *iova);

/* --- running groups (dt_run.c) ------------------------------------------ */

/** Run-wide settings. */
struct dt_opts {
	uint64_t seed;
	unsigned int iterations;	/**< ops per group */
	unsigned int max_burst;
	long only_burst;		/**< --only B.O; -1: all */
	long only_op;
	unsigned int notes;		/**< failing ops described per group */
	bool verbose;
};

/** Per-group or per-class counts. */
struct dt_stats {
	unsigned int groups;
	unsigned int ops;
	unsigned int failed;
	unsigned int enc;
	unsigned int dec;
	unsigned int bad;	/**< verify ops with a corrupted digest */
	unsigned int sgl;	/**< ops with a segmented src or dst */
	unsigned int max_descs;	/**< most descriptors one request needed */
};

/**
 * Run @o->iterations ops of group @g on @d with pieces from @pool, print
 * its PASS/FAIL line (and notes on failing ops) and add the counts to @st.
 * Returns 0, or -ENODEV once the device stopped answering.
 */
int dt_run_group(struct tv_dev *d, struct rte_mempool *pool,
		const struct dt_group *g, const struct dt_opts *o,
		struct dt_stats *st);

#endif /* DT_H */
