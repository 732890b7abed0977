/**
 * The AM's views of the cluster, each kept by an informer ({@link io.edgefed.am.cluster.InformerView}, started and
 * reported ready by {@link io.edgefed.am.cluster.ClusterCaches}): the Slivers ({@link io.edgefed.am.cluster.SliverStore}),
 * the nodes ({@link io.edgefed.am.cluster.NodeInventory}) and the shutdown marks
 * ({@link io.edgefed.am.cluster.SliceShutdowns}); and what writes and reports Slivers on top of them (Allocate's
 * marks and sweeper, expiry policy, changes with {@code geni_best_effort}, GENI sliver structs).
 */
package io.edgefed.am.cluster;
