#!/bin/sh
# bootstrap.sh against fake /etc/os-release files and architectures, in --check-only mode (installs
# nothing), plus its option checks, checksum verification and the variables file it writes.
# Needs nothing but a POSIX shell, coreutils, tar and curl; prints "N passed, N failed".
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
ANSIBLE_DIR=$(dirname "$HERE")
BOOTSTRAP="$ANSIBLE_DIR/bootstrap.sh"
FIXTURES="$HERE/fixtures/os-release"
# shellcheck source-path=SCRIPTDIR source=assertions.sh
. "$HERE/assertions.sh"

# run_bootstrap OS ARCH ARGS...: sets RC and OUT (stdout and stderr).
run_bootstrap() {
    os=$1 arch=$2
    shift 2
    set +e
    OUT=$(EDGEFED_OS_RELEASE_FILE="$FIXTURES/$os" EDGEFED_UNAME_M="$arch" sh "$BOOTSTRAP" "$@" 2>&1)
    RC=$?
    set -e
}

# expect NAME EXPECTED_RC EXPECTED_TEXT: checks the last run.
expect() {
    if [ "$RC" -ne "$2" ]; then
        fail "$1: exit code $RC, expected $2" "$OUT"
    elif ! printf '%s\n' "$OUT" | grep -qF -- "$3"; then
        fail "$1: output lacks '$3'" "$OUT"
    else
        pass "$1"
    fi
}

supported_systems_continue() {
    for arch in x86_64 aarch64; do
        for os in debian-11 debian-12 debian-13 ubuntu-22.04 ubuntu-24.04; do
            run_bootstrap "$os" "$arch" --check-only
            expect "$os on $arch is supported" 0 "family:             debian (apt)"
        done
        for os in rhel-8.10 rhel-9.4 rocky-8.9 rocky-9.5 almalinux-9.4 fedora-41; do
            run_bootstrap "$os" "$arch" --check-only
            expect "$os on $arch is supported" 0 "family:             redhat (dnf)"
        done
    done
    run_bootstrap debian-12 arm64 --check-only
    expect "arm64 is taken as aarch64" 0 "arch:               arm64 (arm64)"
    run_bootstrap ubuntu-24.04 amd64 --check-only
    expect "amd64 is taken as x86_64" 0 "arch:               amd64 (amd64)"
    run_bootstrap debian-12 x86_64 --check-only
    expect "the plan names the architecture" 0 "arch:               x86_64 (amd64)"
}

unknown_systems_stop_with_code_3() {
    for os in alpine-3.20 arch freebsd-14 centos-7; do
        run_bootstrap "$os" x86_64 --check-only
        expect "$os stops as unsupported OS" 3 "unsupported operating system"
    done
    run_bootstrap linuxmint-21 x86_64 --check-only
    expect "a derivative is told its family" 3 "It says it is like 'ubuntu debian'"
    run_bootstrap alpine-3.20 x86_64 --check-only
    expect "the diagnostic block shows the os-release file" 3 "edgefed:   ID=alpine"
    run_bootstrap does-not-exist x86_64 --check-only
    expect "a missing os-release stops as unsupported OS" 3 "cannot read"
}

unsupported_versions_stop_with_code_5() {
    for os in debian-10 debian-sid ubuntu-20.04 fedora-38 rocky-10.0; do
        run_bootstrap "$os" x86_64 --check-only
        expect "$os stops as unsupported version" 5 "is not supported; edgefed supports"
    done
}

unsupported_architectures_stop_with_code_4() {
    for arch in s390x mips armv7l ppc64le riscv64; do
        run_bootstrap debian-12 "$arch" --check-only
        expect "$arch stops as unsupported architecture" 4 "unsupported CPU architecture '$arch'"
    done
}

bad_options_stop_with_code_2() {
    run_bootstrap debian-12 x86_64 --check-only --no-such-flag
    expect "an unknown flag is refused" 2 "unknown option '--no-such-flag'"
    run_bootstrap debian-12 x86_64 --check-only --token not-a-token
    expect "a malformed token is refused" 2 "abcdef.0123456789abcdef"
    run_bootstrap debian-12 x86_64 --check-only --ca-hash sha256:1234
    expect "a malformed CA hash is refused" 2 "64 lower-case hex digits"
    run_bootstrap debian-12 x86_64 --check-only --agent-url https://downloads.invalid/agent.jar
    expect "an agent download without a checksum is refused" 2 "needs --agent-sha256"
    run_bootstrap debian-12 x86_64 --check-only --join-address "no port"
    expect "a join address without a port is refused" 2 "must be HOST:PORT"
    run_bootstrap debian-12 x86_64 --check-only --token
    expect "a flag without its value is refused" 2 "needs a value"
    run_bootstrap debian-12 x86_64 --check-only --repo-url https://git.invalid/edgefed.git
    expect "a repository without a pinned ref is refused" 2 "needs --repo-ref"
}

options_come_from_flags_and_environment() {
    run_bootstrap debian-12 x86_64 --check-only --join-address 192.0.2.10:6443 \
        --token abcdef.0123456789abcdef --ca-hash "sha256:$(printf '%064d' 0)" --endpoint 198.51.100.7:51820
    expect "flags appear in the plan" 0 "join address:       192.0.2.10:6443"
    if printf '%s\n' "$OUT" | grep -q 0123456789abcdef; then
        fail "the token is never printed" "$OUT"
    else
        pass "the token is never printed"
    fi
    set +e
    OUT=$(EDGEFED_OS_RELEASE_FILE="$FIXTURES/rocky-9.5" EDGEFED_UNAME_M=aarch64 \
        EDGEFED_JOIN_ADDRESS=api.testbed.invalid:6443 EDGEFED_NODE_NAME=pi-lab-3 \
        EDGEFED_REPO_URL=https://git.invalid/edgefed.git EDGEFED_REPO_REF=v0.1.0 sh "$BOOTSTRAP" --check-only 2>&1)
    RC=$?
    set -e
    expect "environment variables appear in the plan" 0 "node name:          pi-lab-3"
    expect "ansible-pull is planned from the pinned ref" 0 "ansible-pull https://git.invalid/edgefed.git at v0.1.0"
}

console_url_names_the_nodes_page() {
    run_bootstrap debian-12 x86_64 --check-only --console-url https://console.testbed.invalid/ --node-name pi-lab-3
    expect "the plan names the node's console page" 0 "node page:          https://console.testbed.invalid/nodes/pi-lab-3"
    set +e
    OUT=$(EDGEFED_OS_RELEASE_FILE="$FIXTURES/debian-12" EDGEFED_UNAME_M=x86_64 EDGEFED_NODE_NAME=home-7 \
        EDGEFED_CONSOLE_URL=http://192.0.2.5:8080/edgefed sh "$BOOTSTRAP" --check-only 2>&1)
    RC=$?
    set -e
    expect "the console URL comes from the environment too" 0 "node page:          http://192.0.2.5:8080/edgefed/nodes/home-7"
    run_bootstrap debian-12 x86_64 --check-only
    if printf '%s\n' "$OUT" | grep -q "node page:"; then
        fail "without a console URL no page is promised" "$OUT"
    else
        pass "without a console URL no page is promised"
    fi
    for bad in "javascript:alert(1)" "https://console.invalid/\$(id)" "https://x.invalid/a b" "ftp://x.invalid/"; do
        run_bootstrap debian-12 x86_64 --check-only --console-url "$bad"
        expect "console URL '$bad' is refused" 2 "--console-url must be an http(s) URL"
    done
    # The end of a real install prints the page (print_summary, loaded without running main).
    work=$(mktemp -d)
    sed '$d' "$BOOTSTRAP" >"$work/functions.sh"
    set +e
    OUT=$(cd "$work" && EDGEFED_JOIN_ADDRESS=192.0.2.1:6443 EDGEFED_NODE_NAME=edge-9 \
        EDGEFED_CONSOLE_URL=https://console.testbed.invalid sh -c '
        . ./functions.sh
        load_settings
        validate_settings
        print_summary' 2>&1)
    RC=$?
    set -e
    expect "the summary ends with the node's console page" 0 "this node's page (joined, Ready, its paths, what to do if something is wrong): https://console.testbed.invalid/nodes/edge-9"
    rm -rf "$work"
}

published_defaults_are_used() {
    work=$(mktemp -d)
    sh "$ANSIBLE_DIR/publish-bootstrap.sh" --join-address api.testbed.invalid:6443 \
        --token abcdef.0123456789abcdef --ca-hash "sha256:$(printf '%064d' 7)" \
        --repo-url https://git.invalid/edgefed.git --repo-ref 0123abc --console-url https://console.testbed.invalid \
        --output "$work/bootstrap.sh" >/dev/null
    set +e
    OUT=$(EDGEFED_OS_RELEASE_FILE="$FIXTURES/ubuntu-24.04" EDGEFED_UNAME_M=x86_64 sh "$work/bootstrap.sh" --check-only 2>&1)
    RC=$?
    set -e
    expect "a published script carries the join address" 0 "join address:       api.testbed.invalid:6443"
    expect "a published script carries the token" 0 "bootstrap token:    set"
    expect "a published script carries the console's address" 0 "node page:          https://console.testbed.invalid/nodes/"
    if (cd "$work" && sha256sum -c bootstrap.sh.sha256 >/dev/null 2>&1); then
        pass "the published script's checksum file matches it"
    else
        fail "the published script's checksum file matches it" "$(cat "$work/bootstrap.sh.sha256")"
    fi
    mode=$(stat -c %a "$work/bootstrap.sh")
    if [ "$mode" = 700 ]; then
        pass "a published script holding a token is not world-readable"
    else
        fail "a published script holding a token is not world-readable (mode $mode)"
    fi
    if tail -n 1 "$work/bootstrap.sh" | grep -qx 'main "\$@"'; then
        pass "the published script still ends with main \"\$@\""
    else
        fail "the published script still ends with main \"\$@\""
    fi
    rm -rf "$work"
}

downloads_are_verified() {
    work=$(mktemp -d)
    mkdir -p "$work/src/ansible"
    echo "- hosts: all" >"$work/src/ansible/node.yml"
    tar -czf "$work/playbooks.tar.gz" -C "$work/src" ansible
    good=$(sha256sum "$work/playbooks.tar.gz" | cut -d ' ' -f 1)
    bad=$(printf '%064d' 1)
    run_bootstrap debian-12 x86_64 --download-only --playbook-url "file://$work/playbooks.tar.gz" \
        --playbook-sha256 "$good" --download-dir "$work/dl"
    expect "a download with the right SHA-256 is kept" 0 "verified SHA-256"
    run_bootstrap debian-12 x86_64 --download-only --playbook-url "file://$work/playbooks.tar.gz" \
        --playbook-sha256 "$bad" --download-dir "$work/dl-bad"
    expect "a download with the wrong SHA-256 stops with code 7" 7 "SHA-256 mismatch"
    if [ -e "$work/dl-bad/edgefed-playbooks.tar.gz" ]; then
        fail "a download with the wrong SHA-256 is deleted"
    else
        pass "a download with the wrong SHA-256 is deleted"
    fi
    run_bootstrap debian-12 x86_64 --download-only --playbook-url "file://$work/missing.tar.gz" \
        --playbook-sha256 "$good" --download-dir "$work/dl-missing"
    expect "a failed download stops with code 8" 8 "download of file://$work/missing.tar.gz failed"
    rm -rf "$work"
}

# Loads bootstrap.sh's functions without running main (its last line) and checks the variables file.
vars_file_is_private_json() {
    work=$(mktemp -d)
    sed '$d' "$BOOTSTRAP" >"$work/functions.sh"
    printf '%s\n' '-----BEGIN CERTIFICATE-----' 'MIIB"quoted"\back' '-----END CERTIFICATE-----' >"$work/ca.pem"
    set +e
    OUT=$(
        cd "$work" && EDGEFED_BOOTSTRAP_STATE_DIR="$work/etc" EDGEFED_TOKEN=abcdef.0123456789abcdef \
            EDGEFED_JOIN_ADDRESS=192.0.2.1:6443 EDGEFED_CA_CERT_FILE="$work/ca.pem" \
            EDGEFED_REPO_URL=https://git.invalid/edgefed.git EDGEFED_REPO_REF=v1 sh -c '
            . ./functions.sh
            load_settings
            validate_settings
            choose_source
            SUDO=""
            write_vars_file' 2>&1
    )
    RC=$?
    set -e
    if [ "$RC" -ne 0 ]; then
        fail "the variables file is written" "$OUT"
    elif ! python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["edgefed_token"]=="abcdef.0123456789abcdef"; assert d["edgefed_join"] is True; assert d["edgefed_pull_repo_ref"]=="v1"; assert d["edgefed_ca_cert_pem"]==open(sys.argv[2]).read().rstrip("\n"), d' \
        "$work/etc/bootstrap-vars.json" "$work/ca.pem" 2>"$work/err"; then
        fail "the variables file is valid JSON holding the settings" "$(cat "$work/err" "$work/etc/bootstrap-vars.json")"
    else
        pass "the variables file is valid JSON holding the settings"
    fi
    mode=$(stat -c %a "$work/etc/bootstrap-vars.json" 2>/dev/null || echo missing)
    if [ "$mode" = 600 ]; then
        pass "the variables file holding the token has mode 0600"
    else
        fail "the variables file holding the token has mode 0600 (mode $mode)"
    fi
    rm -rf "$work"
}

script_is_truncation_safe() {
    if tail -n 1 "$BOOTSTRAP" | grep -qx 'main "\$@"'; then
        pass "bootstrap.sh ends with main \"\$@\""
    else
        fail "bootstrap.sh ends with main \"\$@\""
    fi
    # Every top-level line is a comment, an assignment, set -eu, a function or the final call.
    stray=$(awk '/^[a-z_0-9]+\(\) \{$/ { infn = 1; next } infn && /^\}$/ { infn = 0; next } infn { next }
        /^#/ || /^$/ || /^[A-Z_0-9]+=/ || /^set -eu$/ || /^main "\$@"$/ { next } { print NR ": " $0 }' "$BOOTSTRAP")
    if [ -z "$stray" ]; then
        pass "bootstrap.sh runs nothing outside functions but main"
    else
        fail "bootstrap.sh runs nothing outside functions but main" "$stray"
    fi
    head -c 2000 "$BOOTSTRAP" >"${TMPDIR:-/tmp}/edgefed-truncated.sh"
    set +e
    OUT=$(EDGEFED_OS_RELEASE_FILE="$FIXTURES/debian-12" sh "${TMPDIR:-/tmp}/edgefed-truncated.sh" 2>&1)
    RC=$?
    set -e
    rm -f "${TMPDIR:-/tmp}/edgefed-truncated.sh"
    if printf '%s\n' "$OUT" | grep -q 'edgefed bootstrap plan\|installing'; then
        fail "a truncated download does nothing" "$OUT"
    else
        pass "a truncated download does nothing (exit $RC)"
    fi
}

main() {
    supported_systems_continue
    unknown_systems_stop_with_code_3
    unsupported_versions_stop_with_code_5
    unsupported_architectures_stop_with_code_4
    bad_options_stop_with_code_2
    options_come_from_flags_and_environment
    console_url_names_the_nodes_page
    published_defaults_are_used
    downloads_are_verified
    vars_file_is_private_json
    script_is_truncation_safe
    echo "bootstrap: $PASSED passed, $FAILED failed"
    [ "$FAILED" -eq 0 ]
}

main "$@"
