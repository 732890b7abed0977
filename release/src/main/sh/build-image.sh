#!/usr/bin/env bash
# Builds one edgefed image with buildah (no daemon) into the local container storage, labelled with the version and
# the git commit, and optionally writes it as an OCI archive. Used by the release module's build (release/pom.xml).
#
#   build-image.sh --name NAME --context DIR --containerfile FILE --base IMAGE --version V [--add SRC=DEST]...
#                  [--archive FILE --archive-ref REF] [--digest-file FILE] [--if-possible]
#
#   --name          the image's name in local storage: localhost/NAME:VERSION
#   --context       the build context; with --add, a folder made anew from the SRC=DEST pairs (DEST relative to it)
#   --base          the image that replaces the Containerfile's FROM (a JRE image for the applications)
#   --archive       also write the image as an OCI archive (FILE), named REF inside it
#   --digest-file   write the archive's manifest digest (sha256:...) there
#   --if-possible   when buildah is missing or the base image is not in local storage and cannot be pulled, say so
#                   and exit 0 (the normal build; the tests that need the image then skip saying why) instead of 1
#   --strict        the opposite (the default): fail then (a release)
set -euo pipefail

die() {
    printf 'build-image: %s\n' "$*" >&2
    exit "${fail_code:-1}"
}

name="" context="" containerfile="" base="" version="" archive="" archive_ref="" digest_file="" fail_code=1
adds=()
while [ $# -gt 0 ]; do
    case $1 in
        --if-possible) fail_code=0; shift; continue ;;
        --strict) fail_code=1; shift; continue ;;
    esac
    [ $# -ge 2 ] || die "option $1 needs a value"
    case $1 in
        --name) name=$2 ;;
        --context) context=$2 ;;
        --containerfile) containerfile=$2 ;;
        --base) base=$2 ;;
        --version) version=$2 ;;
        --archive) archive=$2 ;;
        --archive-ref) archive_ref=$2 ;;
        --digest-file) digest_file=$2 ;;
        --add) adds+=("$2") ;;
        *) die "unknown option $1" ;;
    esac
    shift 2
done
for required in name context containerfile base version; do
    eval "value=\$$required"
    [ -n "$value" ] || { fail_code=1; die "--$required is required"; }
done

command -v buildah >/dev/null 2>&1 || die "skipped localhost/$name: buildah is not installed (images/ci-packages.txt)"
if ! buildah inspect --type image "$base" >/dev/null 2>&1 && ! buildah pull --quiet "$base" >/dev/null 2>&1; then
    die "skipped localhost/$name: the base image $base is not in local storage and cannot be pulled; give another with -Dedgefed.image.base=... (or make one: images/base/make-base.sh jre openjdk-17-jre-headless)"
fi

if [ ${#adds[@]} -gt 0 ]; then
    rm -rf "$context"
    mkdir -p "$context"
    for pair in "${adds[@]}"; do
        src=${pair%%=*}
        dest=$context/${pair#*=}
        [ -e "$src" ] || die "skipped localhost/$name: $src does not exist (build its module first)"
        mkdir -p "$(dirname "$dest")"
        cp -a "$src" "$dest"
    done
fi

revision=$(git -C "$context" rev-parse HEAD 2>/dev/null || echo unknown)
if [ "$revision" != unknown ] && [ -n "$(git -C "$context" status --porcelain --untracked-files=no 2>/dev/null)" ]; then
    revision="$revision-dirty"
fi

# Stay within this host's hard limits (some sandboxes refuse podman's defaults), as RUN steps need; never more
# processes than the 32768 that buildah hands its runtime (io.edgefed.embedded.containers.HostLimits does the same).
limits=""
nofile=$(ulimit -Hn)
nproc=$(ulimit -Hu)
[ "$nproc" = unlimited ] || [ "$nproc" -le 32768 ] || nproc=32768
[ "$nofile" = unlimited ] || limits="--ulimit nofile=$nofile:$nofile"
[ "$nproc" = unlimited ] || limits="$limits --ulimit nproc=$nproc:$nproc"

image="localhost/$name:$version"
# shellcheck disable=SC2086
buildah bud --quiet --runtime runc $limits --layers=false --from "$base" -f "$containerfile" \
    --label "org.opencontainers.image.title=$name" \
    --label "org.opencontainers.image.version=$version" \
    --label "org.opencontainers.image.revision=$revision" \
    -t "$image" "$context" >/dev/null
printf 'build-image: built %s (version %s, revision %s) on %s\n' "$image" "$version" "$revision" "$base"

if [ -n "$archive" ]; then
    [ -n "$archive_ref" ] || die "--archive needs --archive-ref"
    mkdir -p "$(dirname "$archive")"
    rm -f "$archive"
    skopeo copy --quiet "containers-storage:$image" "oci-archive:$archive:$archive_ref"
    digest=$(skopeo inspect --format '{{.Digest}}' "oci-archive:$archive")
    [ -z "$digest_file" ] || printf '%s\n' "$digest" >"$digest_file"
    printf 'build-image: wrote %s (%s, manifest %s)\n' "$archive" "$archive_ref" "$digest"
fi
