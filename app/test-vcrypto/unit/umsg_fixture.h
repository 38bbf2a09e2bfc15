/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * A fake vhost-user back end for tests of the virtio-user transport
 * (test_user_msg.c): a connection (struct user_hw) on one end of an
 * AF_UNIX socketpair, the back end's end in the test's hands, in-process
 * (a reply queued before the driver reads) or on a thread (the driver
 * waits). Also EAL's memory segments as stubs of rte_memseg_walk and its
 * fd calls, files (memfds, pipes) closed at teardown, and a clock.
 */
#ifndef UMSG_FIXTURE_H
#define UMSG_FIXTURE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vcrypto_user_msg.h"

#define UF_MAX_FDS	16	/* files a case opens, fds one message takes */
#define UF_MAX_SEGS	(U_MAX_REGIONS + 4)

/** One EAL memory segment as the stubbed walk reports it. */
struct uf_seg {
	uint64_t va;
	size_t len;
	int fd;			/**< rte_memseg_get_fd_thread_unsafe() */
	size_t off;		/**< its offset in that file */
	bool no_off;		/**< the offset call fails */
	bool external;		/**< rte_memseg_list.external */
};

struct uf {
	struct user_hw u;	/**< the connection (hw.priv) */
	struct vcrypto_hw hw;	/**< named "umsg0" */
	int peer;		/**< the back end's end; -1 once closed */
	int files[UF_MAX_FDS];	/**< closed at teardown (-1: already) */
	unsigned int nfiles;
	struct uf_seg segs[UF_MAX_SEGS];
	unsigned int nsegs;
	unsigned int mem_locks, mem_unlocks;	/**< rte_mcfg_mem_read_* */
};

extern struct uf uf;

/** What the back end read: one message and the fds that came with it. */
struct uf_got {
	uint32_t req, flags, size;
	uint8_t p[U_MAX_PAYLOAD];
	int fds[UF_MAX_FDS];
	int nfds;
};

/** A back end on a thread (uf_late_reply()); join tid before asserting. */
struct uf_late {
	pthread_t tid;
	int fd;
	unsigned int delay_ms, gap_ms;
	size_t chunk;
	uint8_t b[U_HDR + 8];
	size_t len;
};

/**
 * A fresh connection (the previous one closed): REPLY_ACK negotiated,
 * the ordinary reply deadline, never DRIVER_OK, not dead.
 * @return 0; -errno of socketpair().
 */
int uf_connect(void);

/** Close the connection, the case's files; forget the segments. */
void uf_teardown(void);

/** A memfd of its own, closed at teardown. @return the fd; -1. */
int uf_new_file(void);

/** A pipe, both ends closed at teardown. @return 0; -1. */
int uf_new_pipe(int p[2]);

/** Close one of the case's files now. */
void uf_close_file(int fd);

/** Whether two fds are the same open file (device and inode). */
bool uf_same_file(int a, int b);

/** Open fds of this process. @return the count; -1. */
int uf_count_fds(void);

/** Bytes waiting unread on a socket. @return the count; -1. */
int uf_pending(int fd);

/** CLOCK_MONOTONIC in milliseconds (the clock of poll()'s timeouts). */
uint64_t uf_now_ms(void);

/**
 * The back end writes a header, plen payload bytes (size may say
 * otherwise) and nfds fds, in one sendmsg.
 * @return 0; -1.
 */
int uf_put_fds(uint32_t req, uint32_t flags, uint32_t size, const void *p,
	       uint32_t plen, const int *fds, int nfds);

/** uf_put_fds() without fds. */
int uf_put(uint32_t req, uint32_t flags, uint32_t size, const void *p,
	   uint32_t plen);

/** A well-formed reply to req carrying one u64 (a value, an ack). */
int uf_reply_u64(uint32_t req, uint64_t v);

/**
 * The back end reads one message the driver has sent, never waiting.
 * @return 0; -1 nothing (whole) there, or fds beyond UF_MAX_FDS.
 */
int uf_get(struct uf_got *g);

/** Close the fds a message brought. */
void uf_got_close(struct uf_got *g);

/** Whether the driver has sent nothing the back end has not read. */
bool uf_peer_empty(void);

/**
 * Start a thread that, after delay_ms, writes a reply to req carrying
 * v, chunk bytes at a time gap_ms apart (chunk 0: all at once). It stops
 * at the first write that fails (shutdown() the peer to end it early).
 * @return 0; an error number of pthread_create().
 */
int uf_late_reply(struct uf_late *l, uint32_t req, uint64_t v,
		  unsigned int delay_ms, size_t chunk, unsigned int gap_ms);

/** Add a memory segment to what the stubbed walk reports. */
void uf_add_seg(uint64_t va, size_t len, int fd, size_t off, bool external);

/** Whether region i of a SET_MEM_TABLE payload is (va, size, off). */
bool uf_region_is(const struct uf_got *g, unsigned int i, uint64_t va,
		  uint64_t size, uint64_t off);

#endif /* UMSG_FIXTURE_H */
