/**
 * Worker tuning: {@link io.caravel.workers.tuning.LedgerSlotSupplier}, which lets a node poll the
 * placement queues only while its ledger has room.
 */
package io.caravel.workers.tuning;
