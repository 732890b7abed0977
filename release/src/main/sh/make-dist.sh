#!/usr/bin/env bash
# Writes a release of edgefed into one folder (run by `./mvnw -B -Prelease package`, after the application images
# were built; see README.md "Making a release"):
#   images/edgefed-{operator,am,console}-V.oci.tar, images/sliver-ubuntu-V.oci.tar  OCI archives (skopeo copy them
#                                                   to your registry, digests preserved)
#   kubernetes/                                     the kustomize install, its images pinned by digest
#   edgefed.yaml                                    the default install rendered (kubectl kustomize kubernetes/)
#   edgefed-agent-V.tar.gz                          the node agent (quarkus-app/, bin/edgefed-agent)
#   edgefed-ansible-V.tar.gz                        the node playbooks (ansible/), for bootstrap.sh --playbook-url
#   bootstrap.sh                                    the node installer
#   SHA256SUMS                                      over all of the above
#
#   make-dist.sh --root CHECKOUT --version V --sliver-base IMAGE --output DIR
set -euo pipefail

die() {
    printf 'make-dist: %s\n' "$*" >&2
    exit 1
}

root="" version="" sliver_base="" output=""
while [ $# -gt 0 ]; do
    [ $# -ge 2 ] || die "option $1 needs a value"
    case $1 in
        --root) root=$2 ;;
        --version) version=$2 ;;
        --sliver-base) sliver_base=$2 ;;
        --output) output=$2 ;;
        *) die "unknown option $1" ;;
    esac
    shift 2
done
for required in "$root" "$version" "$sliver_base" "$output"; do
    [ -n "$required" ] || die "--root, --version, --sliver-base and --output are required"
done
root=$(cd "$root" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
registry=ghcr.io/edgefed
for tool in skopeo kubectl tar sha256sum; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool is not installed"
done
[ -d "$root/agent/target/quarkus-app" ] || die "$root/agent/target/quarkus-app is missing: build the agent first"

rm -rf "$output"
mkdir -p "$output/images"
output=$(cd "$output" && pwd)

# The sliver image, from images/sliver-ubuntu on the given base.
bash "$here/build-image.sh" --strict --name sliver-ubuntu --version "$version" --base "$sliver_base" \
    --containerfile "$root/images/sliver-ubuntu/Containerfile" --context "$root/images/sliver-ubuntu"

declare -A digests
for name in edgefed-operator edgefed-am edgefed-console sliver-ubuntu; do
    archive="$output/images/$name-$version.oci.tar"
    skopeo copy --quiet "containers-storage:localhost/$name:$version" "oci-archive:$archive:$registry/$name:$version"
    digests[$name]=$(skopeo inspect --format '{{.Digest}}' "oci-archive:$archive")
    printf 'make-dist: %s (%s/%s@%s)\n' "$archive" "$registry" "$name" "${digests[$name]}"
done

# The install, pinned: every image by digest, and the AM's sliver image too.
cp -a "$root/src/main/kubernetes" "$output/kubernetes"
rm -f "$output"/kubernetes/components/*/fed4fire-root.pem
kustomization="$output/kubernetes/edgefed/kustomization.yaml"
grep -q '^images:' "$kustomization" && die "$kustomization already has images:"
sed -i "s|^      - EDGEFED_AM_NAMESPACE=edgefed\$|&\n      - EDGEFED_AM_IMAGES=ubuntu2404=$registry/sliver-ubuntu@${digests[sliver-ubuntu]}|" "$kustomization"
grep -q "EDGEFED_AM_IMAGES=" "$kustomization" || die "could not pin the sliver image in $kustomization"
{
    printf '\n# Pinned by the release %s: each image by the digest of its archive in images/. To pull from your own\n' "$version"
    printf '# registry, override newName in an overlay (the digest stays).\nimages:\n'
    for name in edgefed-operator edgefed-am edgefed-console; do
        printf '  - name: %s/%s\n    digest: %s\n' "$registry" "$name" "${digests[$name]}"
    done
} >>"$kustomization"
kubectl kustomize "$output/kubernetes" >"$output/edgefed.yaml"

tar -czf "$output/edgefed-agent-$version.tar.gz" -C "$root/agent/target" quarkus-app
tar -czf "$output/edgefed-ansible-$version.tar.gz" -C "$root" --exclude=ansible/target --exclude=ansible/src \
    --exclude=ansible/tests --exclude=ansible/pom.xml ansible
cp "$root/ansible/bootstrap.sh" "$output/bootstrap.sh"

sums=$(cd "$output" && find . -type f -printf '%P\n' | LC_ALL=C sort | xargs sha256sum)
printf '%s\n' "$sums" >"$output/SHA256SUMS"
printf 'make-dist: wrote %s (%s files, SHA256SUMS)\n' "$output" "$(wc -l <"$output/SHA256SUMS")"
