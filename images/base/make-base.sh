#!/bin/sh
# Makes a Debian base image from Debian packages alone (debootstrap, then podman import), for machines that can
# reach Debian's archive but no container registry. The public Containerfiles keep their public base as the
# default (ARG BASE); builds and tests here pass the image this script makes instead.
#
#   make-base.sh NAME [PACKAGE...]      ->  localhost/edgefed-base-NAME:bookworm
#
# The image is made once and kept in the engine's storage; a later call with the same packages reuses it (it is
# labelled with what it holds), a call with other packages makes it anew. Needs root, debootstrap and podman.
# Settings: EDGEFED_DEBIAN_MIRROR (default http://deb.debian.org/debian), EDGEFED_PODMAN (default podman).
set -eu

SUITE=bookworm
MIRROR=${EDGEFED_DEBIAN_MIRROR:-http://deb.debian.org/debian}
PODMAN=${EDGEFED_PODMAN:-podman}
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
# Bump when the way the root is made changes, so images made by an older script are made anew.
RECIPE=1

fail() {
    printf 'make-base: %s\n' "$*" >&2
    exit 1
}

log() {
    printf 'make-base: %s\n' "$*" >&2
}

require_tools() {
    [ "$(id -u)" -eq 0 ] || fail "needs root (debootstrap makes device nodes and chroots)"
    for tool in debootstrap flock tar "$PODMAN"; do
        command -v "$tool" >/dev/null 2>&1 || fail "$tool is not installed (apt-get install debootstrap podman)"
    done
    [ -r "$KEYRING" ] || fail "$KEYRING is missing (apt-get install debian-archive-keyring)"
}

# What the image must hold, as one label value: the recipe, the suite and the sorted package list.
content_label() {
    printf 'recipe=%s suite=%s packages=%s' "$RECIPE" "$SUITE" "$(printf '%s\n' "$@" | sort -u | paste -sd, -)"
}

image_is_current() {
    image=$1 want=$2
    have=$("$PODMAN" image inspect --format '{{ index .Labels "io.edgefed.base.content" }}' "$image" 2>/dev/null) \
        || return 1
    [ "$have" = "$want" ]
}

# debootstrap with retries: the mirror here drops out for minutes at a time.
bootstrap() {
    root=$1
    shift
    include=$(printf '%s\n' ca-certificates "$@" | sort -u | paste -sd, -)
    for attempt in 1 2 3; do
        rm -rf "$root"
        if debootstrap --variant=minbase --keyring="$KEYRING" --include="$include" "$SUITE" "$root" "$MIRROR" \
            >"$root.log" 2>&1; then
            return 0
        fi
        log "debootstrap attempt $attempt failed (last lines of $root.log):"
        tail -n 5 "$root.log" >&2
        sleep $((attempt * 10))
    done
    fail "debootstrap of $SUITE from $MIRROR failed three times; see $root.log"
}

# Leaves out what an image should not carry: package lists, caches, logs, the build machine's name.
trim_root() {
    root=$1
    rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb \
        "$root"/var/log/* "$root"/tmp/* "$root"/debootstrap
    : >"$root/etc/hostname"
}

main() {
    [ $# -ge 1 ] || fail "usage: make-base.sh NAME [PACKAGE...]"
    name=$1
    shift
    printf '%s' "$name" | grep -Eq '^[a-z0-9][a-z0-9-]{0,40}$' || fail "name '$name' must be [a-z0-9-]"
    require_tools
    image="localhost/edgefed-base-$name:$SUITE"
    want=$(content_label "$@")

    lockdir=/var/tmp/edgefed-base
    mkdir -p "$lockdir"
    exec 9>"$lockdir/$name.lock"
    flock 9
    if image_is_current "$image" "$want"; then
        printf '%s\n' "$image"
        return 0
    fi

    started=$(date +%s)
    work=$(mktemp -d "$lockdir/$name.XXXXXX")
    trap 'rm -rf "$work"' EXIT
    log "making $image from Debian $SUITE (${*:-no extra packages}); this takes a minute or two, once"
    bootstrap "$work/root" "$@"
    trim_root "$work/root"
    tar -C "$work/root" --numeric-owner -cf - . |
        "$PODMAN" import --quiet --change "LABEL io.edgefed.base.content=\"$want\"" \
            --change 'CMD ["/bin/bash"]' --change 'ENV LANG=C.UTF-8' - "$image" >/dev/null
    log "made $image in $(($(date +%s) - started)) s"
    printf '%s\n' "$image"
}

main "$@"
