/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Segmented mbufs from a layout and back: each piece its own mbuf with its
 * own headroom (odd addresses included), empty pieces kept in the chain.
 * The digest lives in the tail room after the last piece's data, as an
 * ESP ICV does, outside pkt_len.
 */
#include <string.h>

#include "dt.h"

static void
piece_fill(struct rte_mbuf *m, uint16_t head, uint16_t len, const uint8_t *src)
{
	m->data_off = head;
	m->data_len = len;
	if (src != NULL)
		memcpy(rte_pktmbuf_mtod(m, uint8_t *), src, len);
	else
		memset(rte_pktmbuf_mtod(m, uint8_t *), DT_FILL, len);
}

struct rte_mbuf *
dt_mbuf_build(struct rte_mempool *pool, const struct dt_layout *l,
		const uint8_t *img, uint16_t min_head)
{
	struct rte_mbuf *first = NULL, *prev = NULL, *m;
	uint32_t off = 0;
	uint16_t head;
	unsigned int i;

	for (i = 0; i < l->n; i++) {
		m = rte_pktmbuf_alloc(pool);
		if (m == NULL) {
			rte_pktmbuf_free(first);
			return NULL;
		}
		head = l->head[i];
		if (i == 0)
			head = RTE_MAX(head, min_head);
		/* Pool elements are sized for this; a smaller pool is a bug. */
		if (head + l->len[i] + DT_TAIL_ROOM > m->buf_len) {
			rte_pktmbuf_free(m);
			rte_pktmbuf_free(first);
			return NULL;
		}
		piece_fill(m, head, l->len[i], img != NULL ? img + off : NULL);
		off += l->len[i];
		if (first == NULL) {
			first = m;
		} else {
			prev->next = m;
			first->nb_segs++;
		}
		first->pkt_len = off;
		prev = m;
	}
	memset(rte_pktmbuf_mtod_offset(prev, uint8_t *, prev->data_len),
		DT_GUARD_BYTE, DT_TAIL_ROOM);
	return first;
}

uint32_t
dt_mbuf_read(const struct rte_mbuf *m, uint8_t *out, uint32_t max)
{
	uint32_t n = 0, chunk;

	for (; m != NULL && n < max; m = m->next) {
		chunk = RTE_MIN((uint32_t)m->data_len, max - n);
		memcpy(out + n, rte_pktmbuf_mtod(m, const uint8_t *), chunk);
		n += chunk;
	}
	return n;
}

uint8_t *
dt_mbuf_tail(struct rte_mbuf *m, rte_iova_t *iova)
{
	struct rte_mbuf *last = rte_pktmbuf_lastseg(m);

	*iova = rte_pktmbuf_iova_offset(last, last->data_len);
	return rte_pktmbuf_mtod_offset(last, uint8_t *, last->data_len);
}

uint8_t *
dt_mbuf_at(struct rte_mbuf *m, uint32_t off, rte_iova_t *iova)
{
	/* Skip empty pieces too: the byte lives in the next non-empty one. */
	while (m != NULL && off >= m->data_len) {
		off -= m->data_len;
		m = m->next;
	}
	if (m == NULL)
		return NULL;
	*iova = rte_pktmbuf_iova_offset(m, off);
	return rte_pktmbuf_mtod_offset(m, uint8_t *, off);
}
