/**
 * Running containers on this machine through a daemonless engine (podman, or docker where a daemon runs): which
 * engine there is, the resource limits this host lets a container have, and one command at a time with its output.
 * The embedded default's kubelet stand-in and the image tests use it.
 */
package io.edgefed.containers;
