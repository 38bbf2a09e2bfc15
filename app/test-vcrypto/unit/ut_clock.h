/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Include before a module's .c: its rte_get_timer_cycles(),
 * rte_get_timer_hz() and rte_pause() (inline in DPDK's headers, so they
 * cannot be stubbed at link time) then run on the fake clock of ut.h.
 */
#ifndef UT_CLOCK_H
#define UT_CLOCK_H

#include <rte_cycles.h>
#include <rte_pause.h>

#include "ut.h"

#define rte_get_timer_cycles() ut_clock_cycles()
#define rte_get_timer_hz() UT_CLOCK_HZ
#define rte_pause() ut_clock_pause()

#endif /* UT_CLOCK_H */
