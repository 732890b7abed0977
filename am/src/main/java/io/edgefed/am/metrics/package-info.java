/**
 * The AM's Prometheus metrics (Micrometer, served on the management port at {@code /q/metrics}): calls by method and
 * GENI code with their latency, credential refusals by reason, BUSY answers, the worker queue, Slivers by state,
 * swept allocations and the TLS certificate's expiry. No label carries a URN, user, client_id or sliver name.
 */
package io.edgefed.am.metrics;
