/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The vcrypto authors
 *
 * Device lifecycle and recovery (vcrypto_recover.c), the one owner of
 * failure, parking, re-initialisation and session generations. Called by
 * the glue (probe, cryptodev ops) only; the layers below report (a queue
 * pair's fault, a broken control queue) and never call in here.
 */
#ifndef VCRYPTO_RECOVER_H
#define VCRYPTO_RECOVER_H

#include <stdbool.h>
#include <stdint.h>

struct vcrypto_dev;
struct vcrypto_sym_sess;

/**
 * Give up on the device: reset it (stops DMA; this waits for the device,
 * so never on the data path), mark every queue broken, log why once. The
 * data path then hands in-flight ops back with an error status, unless
 * the reset never completed (dev->stuck): then they stay the device's.
 * Caller: a control thread (the watch, tests). Later calls do nothing.
 */
void vcrypto_dev_fail(struct vcrypto_dev *dev, const char *why);

/**
 * One round of the device's watch, the only place a device is failed or
 * recovered while it runs. Acts on what the lower layers reported: a
 * queue pair's fault (vcrypto_dp_queue_fault()) or a broken control queue
 * fails the device; once every queue pair set up has handed back its ops
 * and parked, the device is re-initialised in place (General
 * Initialization And Device Operation / Device Initialization, rings and
 * buffers kept: same features, no fewer capabilities, DRIVER_OK); then the
 * sessions queue pairs ask for are made again. A device that is gone, or
 * that failed recover_max times in a row without completing a request, is
 * left failed. Blocks (reset, control requests): runs from an EAL alarm
 * every VCRYPTO_WATCH_US in the primary process, never on the data path.
 * @return true if it made a session again this round (queue pairs ask
 *   for one at a time): the alarm comes back after VCRYPTO_WATCH_BUSY_US.
 */
bool vcrypto_dev_watch(struct vcrypto_dev *dev);

/**
 * The application clears sess: no queue pair's request to make it again
 * may outlive it. Caller: sym_session_clear, before the session is wiped.
 */
void vcrypto_dev_forget_session(struct vcrypto_dev *dev,
				const struct vcrypto_sym_sess *sess);

/**
 * The application clears an asym session (its private data priv): no
 * queue pair's request to make its device sessions may outlive it.
 * Caller: asym_session_clear, before the session is wiped.
 */
void vcrypto_dev_forget_asym_session(struct vcrypto_dev *dev, const void *priv);

/**
 * Recover a failed device now, as vcrypto_dev_watch() does, without
 * waiting for queue pairs to park, and with a fresh retry budget: the
 * application asked. Caller: dev_configure/queue_pair_setup/dev_start, with
 * no lcore inside enqueue/dequeue of this device (it is stopped).
 * @return 0 device alive; -ENODEV failed and not recovered (reason logged).
 */
int vcrypto_dev_restart(struct vcrypto_dev *dev);

/**
 * Bring the device up (General Initialization And Device Operation /
 * Device Initialization): transport, reset, features, config, control and
 * data queues, DRIVER_OK, capabilities; then start the watch. Caller:
 * probe, primary, once, with dev->hw attached to its transport
 * (vcrypto_pci_init()); -ENODEV if not.
 * dev->hw.name, ctrl_timeout_ms, dp_timeout_ms and recover_max must be set.
 * @return 0; negative errno with the device left FAILED and nothing allocated.
 */
int vcrypto_dev_init(struct vcrypto_dev *dev, int socket_id);

/**
 * Stop the watch, reset the device and free everything vcrypto_dev_init()
 * made. A device whose reset does not complete keeps the rings, request
 * slots and control buffer it may still write: they are leaked on purpose
 * (logged). Idempotent.
 */
void vcrypto_dev_fini(struct vcrypto_dev *dev);

#endif /* VCRYPTO_RECOVER_H */
