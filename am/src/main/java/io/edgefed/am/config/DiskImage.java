package io.edgefed.am.config;

/** A disk image experimenters may ask for: its GENI short name and the container image that runs it. */
public record DiskImage(String name, String containerImage) {
}
