/**
 * What a method reads from a call: the positional arguments ({@link io.edgefed.am.call.AmArguments}), the options
 * ({@link io.edgefed.am.call.Options}, {@link io.edgefed.am.call.RspecVersionOption},
 * {@link io.edgefed.am.call.GeniUsers}, {@link io.edgefed.am.call.RequestLimits}), and for the six calls on existing
 * slivers the shared start ({@link io.edgefed.am.call.SliverRequest}) that
 * {@link io.edgefed.am.call.SliverSelector} turns into an authorized {@link io.edgefed.am.call.SliverSelection}.
 */
package io.edgefed.am.call;
