/**
 * The ten GENI AM API v3 methods, one class each, behind {@link io.edgefed.am.method.AmMethod}: GetVersion,
 * ListResources, Allocate, Provision, Describe, Status, Renew, PerformOperationalAction, Delete, Shutdown.
 */
package io.edgefed.am.method;
