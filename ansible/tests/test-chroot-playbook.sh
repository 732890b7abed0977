#!/bin/sh
# A real run of node.yml into a Debian bookworm root made with debootstrap (connection
# community.general.chroot), for every role that needs neither the cluster nor a download from
# outside Debian's archive; then a second run that must change nothing, a run with a wrong CA hash
# that must fail, and the generated uninstall script in --offline mode.
#
# Needs root, debootstrap, ansible (with community.general) and the Debian mirror this machine's apt
# uses. Exits 77 (skipped) when one of them is missing. The debootstrap root is cached in
# ansible/target/debootstrap/ (mvn clean removes it) and copied afresh for every run.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
ANSIBLE_DIR=$(dirname "$HERE")
TARGET_DIR=${EDGEFED_TEST_TARGET_DIR:-$ANSIBLE_DIR/target}
SUITE=bookworm
CACHE="$TARGET_DIR/debootstrap/$SUITE-minbase"
WORK="$TARGET_DIR/chroot-test"
ROOT="$WORK/rootfs"
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
# Bump when the cached root's content changes, so an older cache is made anew.
CACHE_STAMP=.edgefed-cache-v2
SKIPPED=77
# shellcheck source-path=SCRIPTDIR source=assertions.sh
. "$HERE/assertions.sh"

log() {
    printf '%s\n' "chroot-test: $*"
}

skip() {
    printf '%s\n' "SKIPPED: $*"
    exit "$SKIPPED"
}

# check NAME COMMAND...: one assertion.
check() {
    name=$1
    shift
    if out=$("$@" 2>&1); then
        pass "$name"
    else
        fail "$name" "$out"
    fi
}

require_tools() {
    [ "$(id -u)" -eq 0 ] || skip "needs root (debootstrap and chroot)"
    for tool in debootstrap ansible-playbook ansible-doc chroot mount openssl; do
        command -v "$tool" >/dev/null 2>&1 || skip "$tool is not installed (see ansible/tests/ci-deps.txt)"
    done
    ansible-doc -t connection community.general.chroot >/dev/null 2>&1 ||
        skip "Ansible's community.general.chroot connection is missing (Debian package ansible)"
    [ -r "$KEYRING" ] || skip "$KEYRING is missing (package debian-archive-keyring)"
}

# The mirror this machine's apt uses for Debian's main archive (not the security one).
debian_mirror() {
    {
        for f in /etc/apt/sources.list.d/*.sources; do
            [ -r "$f" ] || continue
            awk 'BEGIN { RS = ""; FS = "\n" }
                {
                    uris = ""; suites = ""
                    for (i = 1; i <= NF; i++) {
                        if ($i ~ /^URIs:/) { uris = $i; sub(/^URIs:[ \t]*/, "", uris) }
                        if ($i ~ /^Suites:/) { suites = $i; sub(/^Suites:[ \t]*/, "", suites) }
                    }
                    n = split(suites, s, /[ \t]+/)
                    for (j = 1; j <= n; j++) if (s[j] == "'"$SUITE"'") { split(uris, u, /[ \t]+/); print u[1] }
                }' "$f"
        done
        for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
            [ -r "$f" ] || continue
            sed -n -e 's/\[[^]]*\]//' -e "s|^deb[ \t]\{1,\}\([^ \t]*\)[ \t]\{1,\}${SUITE}[ \t].*|\1|p" "$f"
        done
    } | grep -v -e '-security' -e '^$' | head -n 1
}

# with_retries COMMAND...: the mirror here drops out for minutes at a time; try three times.
with_retries() {
    attempt=1
    until "$@"; do
        if [ "$attempt" -ge 3 ]; then
            return 1
        fi
        log "attempt $attempt failed; trying again in 30s"
        attempt=$((attempt + 1))
        sleep 30
    done
}

run_debootstrap() {
    rm -rf "$CACHE.partial"
    # python3 and systemd are on every real node before the playbook runs (bootstrap.sh installs Ansible).
    debootstrap --variant=minbase --include=python3,python3-apt,systemd,ca-certificates \
        --keyring="$KEYRING" "$SUITE" "$CACHE.partial" "$1" >"$WORK/debootstrap.log" 2>&1
}

# Never delete a tree that still has something mounted in it.
unmount_root() {
    awk -v root="$ROOT" 'index($2, root) == 1 { print $2 }' /proc/mounts | sort -r | while read -r mount_point; do
        umount "$mount_point" 2>/dev/null || umount -l "$mount_point"
    done
    if awk -v root="$ROOT" 'index($2, root) == 1 { found = 1 } END { exit !found }' /proc/mounts; then
        echo "chroot-test: something is still mounted under $ROOT; refusing to go on" >&2
        exit 1
    fi
}

make_cached_root() {
    if [ -f "$CACHE/$CACHE_STAMP" ]; then
        log "reusing the cached debootstrap root $CACHE"
        return 0
    fi
    mirror=$(debian_mirror)
    [ -n "$mirror" ] || skip "no Debian $SUITE mirror in /etc/apt/sources.list*; this test needs one"
    log "debootstrap $SUITE (minbase) from $mirror into $CACHE"
    mkdir -p "$(dirname "$CACHE")"
    start=$(date +%s)
    if ! with_retries run_debootstrap "$mirror"; then
        tail -n 30 "$WORK/debootstrap.log"
        echo "chroot-test: debootstrap failed (log: $WORK/debootstrap.log)" >&2
        exit 1
    fi
    download_role_packages "$CACHE.partial"
    touch "$CACHE.partial/$CACHE_STAMP"
    rm -rf "$CACHE"
    mv "$CACHE.partial" "$CACHE"
    log "debootstrap took $(($(date +%s) - start))s"
}

# Puts the .debs the roles install into the cached root's apt cache, so the playbook runs install
# real packages without the network once the cache exists (the mirror here comes and goes).
download_role_packages() {
    base=$(awk '/^edgefed_base_packages_debian:/ { on = 1; next } on && /^  - / { print $2; next } on { exit }' \
        "$ANSIBLE_DIR/roles/base/defaults/main.yml")
    cp /etc/resolv.conf "$1/etc/resolv.conf"
    printf 'Acquire::Retries "5";\n' >"$1/etc/apt/apt.conf.d/80-retries"
    # shellcheck disable=SC2086 # one word a package
    if ! with_retries chroot "$1" apt-get install --download-only -y -q --no-install-recommends \
        $base systemd-timesyncd containerd wireguard-tools wireguard-go >"$WORK/download.log" 2>&1; then
        tail -n 20 "$WORK/download.log"
        echo "chroot-test: downloading the role packages failed (log: $WORK/download.log)" >&2
        exit 1
    fi
}

prepare_root() {
    unmount_root
    rm -rf "$ROOT"
    cp -a "$CACHE" "$ROOT"
    rm -f "$ROOT/$CACHE_STAMP"
    cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
    # As in every image build: packages must not start services in the chroot.
    printf '#!/bin/sh\nexit 101\n' >"$ROOT/usr/sbin/policy-rc.d"
    chmod 0755 "$ROOT/usr/sbin/policy-rc.d"
    mount -t proc proc "$ROOT/proc"
    trap unmount_root EXIT
    trap 'exit 130' INT TERM
}

# Test inputs: a CA made here (so the CA hash check runs for real) and a stand-in agent file.
make_inputs() {
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "$WORK/ca.key" -out "$WORK/ca.crt" \
        -subj /CN=kubernetes -days 2 >/dev/null 2>&1
    CA_HASH="sha256:$(openssl x509 -noout -pubkey -in "$WORK/ca.crt" | openssl pkey -pubin -outform DER | sha256sum | cut -d ' ' -f 1)"
    # A stand-in release of the agent, laid out as Quarkus' quarkus-app/ directory.
    rm -rf "$WORK/agent-release"
    mkdir -p "$WORK/agent-release/quarkus-app/lib/main"
    echo "stand-in for the edgefed agent" >"$WORK/agent-release/quarkus-app/quarkus-run.jar"
    echo "a library" >"$WORK/agent-release/quarkus-app/lib/main/library.jar"
    mkdir -p "$WORK/agent-release/quarkus-app/bin"
    echo "# stand-in launcher" >"$WORK/agent-release/quarkus-app/bin/edgefed-agent"
    tar -czf "$WORK/edgefed-agent.tar.gz" -C "$WORK/agent-release" quarkus-app
    AGENT_SHA256=$(sha256sum "$WORK/edgefed-agent.tar.gz" | cut -d ' ' -f 1)
    {
        echo "---"
        echo "ansible_become: false"
        echo "edgefed_join: false"
        echo "edgefed_join_address: 127.0.0.1:6443"
        echo "edgefed_token: abcdef.0123456789abcdef"
        echo "edgefed_ca_hash: \"$CA_HASH\""
        echo "edgefed_ca_cert_pem: |"
        sed 's/^/  /' "$WORK/ca.crt"
        echo "edgefed_node_name: chroot-node"
        echo "edgefed_endpoint: 192.0.2.7:51820"
        echo "edgefed_kubernetes_repo_enabled: false"
        echo "edgefed_kubernetes_install: false"
        echo "edgefed_agent_install: true"
        echo "edgefed_agent_artifact_type: tar"
        echo "edgefed_agent_version: 0.0.1-test"
        # Debian's Java runtime is a large download that adds nothing to what this test checks.
        echo "edgefed_agent_java_install: false"
        echo "edgefed_agent_src: $WORK/edgefed-agent.tar.gz"
        echo "edgefed_agent_sha256: $AGENT_SHA256"
        echo "edgefed_hardware_watchdog: true"
        echo "edgefed_pull_repo_url: https://git.invalid/edgefed.git"
        echo "edgefed_pull_repo_ref: 0123456789abcdef0123456789abcdef01234567"
        # Use the package lists of the cached root (its packages are downloaded already): no network.
        echo "edgefed_apt_cache_valid_time: 31536000"
    } >"$WORK/vars.yml"
}

# run_playbook LOG ARGS...: runs node.yml into the root; sets RUN_SECONDS and RUN_RC.
run_playbook() {
    logfile=$1
    shift
    start=$(date +%s)
    set +e
    ANSIBLE_CONFIG="$ANSIBLE_DIR/ansible.cfg" ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0 \
        ansible-playbook -i "$ROOT," -c community.general.chroot -e "@$WORK/vars.yml" "$@" \
        "$ANSIBLE_DIR/node.yml" >"$logfile" 2>&1
    RUN_RC=$?
    set -e
    RUN_SECONDS=$(($(date +%s) - start))
}

# recap_value LOG KEY: a number from the PLAY RECAP line of the chroot host.
recap_value() {
    grep -A1 '^PLAY RECAP' "$1" | tail -n 1 | sed -n "s/.*[[:space:]]$2=\([0-9]*\).*/\1/p"
}

in_root() {
    chroot "$ROOT" "$@"
}

file_mode_is() {
    mode=$(stat -c %a "$ROOT$1")
    [ "$mode" = "$2" ] || { echo "$1 has mode $mode, expected $2"; return 1; }
}

file_has() {
    grep -qF -- "$2" "$ROOT$1" || { echo "$1 lacks '$2':"; cat "$ROOT$1"; return 1; }
}

package_installed() {
    # shellcheck disable=SC2016 # dpkg-query's format, not the shell's
    in_root dpkg-query -W -f='${Status}\n' "$1" | grep -q 'install ok installed'
}

unit_enabled() {
    [ -L "$ROOT/etc/systemd/system/$1.wants/$2" ] || { echo "$2 is not enabled in $1"; return 1; }
}

node_ip_helper_reads_vpn_address() {
    mkdir -p "$ROOT/tmp/state"
    echo 10.183.0.7 >"$ROOT/tmp/state/vpn-ipv4"
    in_root env EDGEFED_STATE_DIR=/tmp/state EDGEFED_KUBELET_EXTRA_ARGS=--v=2 \
        /usr/local/libexec/edgefed/kubelet-env /tmp/kubelet.env
    grep -qx 'KUBELET_EXTRA_ARGS="--node-ip=10.183.0.7 --v=2"' "$ROOT/tmp/kubelet.env" || {
        cat "$ROOT/tmp/kubelet.env"
        return 1
    }
}

node_ip_helper_refuses_garbage() {
    echo not-an-address >"$ROOT/tmp/state/vpn-ipv4"
    if in_root env EDGEFED_STATE_DIR=/tmp/state EDGEFED_VPN_IP_WAIT_SEC=0 \
        /usr/local/libexec/edgefed/kubelet-env /tmp/kubelet-bad.env; then
        echo "the helper accepted a file without an IPv4 address"
        return 1
    fi
}

check_first_run() {
    for package in containerd runc wireguard-tools wireguard-go systemd-timesyncd conntrack iptables openssl; do
        check "package $package is installed" package_installed "$package"
    done
    check "the agent's environment file is 0600" file_mode_is /etc/edgefed/agent.env 600
    for line in EDGEFED_NODE_NAME=chroot-node EDGEFED_INTERFACE=edgefed0 EDGEFED_STATE_DIR=/var/lib/edgefed \
        EDGEFED_LISTEN_PORT=51820 EDGEFED_ENDPOINT=192.0.2.7:51820 KUBECONFIG=/etc/edgefed/bootstrap-kubeconfig; do
        check "agent.env sets $line" file_has /etc/edgefed/agent.env "$line"
    done
    check "the bootstrap kubeconfig is 0600" file_mode_is /etc/edgefed/bootstrap-kubeconfig 600
    check "the bootstrap kubeconfig names the API server" file_has /etc/edgefed/bootstrap-kubeconfig "server: https://127.0.0.1:6443"
    check "the bootstrap kubeconfig holds the token" file_has /etc/edgefed/bootstrap-kubeconfig "token: abcdef.0123456789abcdef"
    check "the pinned CA is installed" cmp "$WORK/ca.crt" "$ROOT/etc/edgefed/ca.crt"
    check "the state directory is 0700" file_mode_is /var/lib/edgefed 700
    check "the agent's release is kept as checked" cmp "$WORK/edgefed-agent.tar.gz" "$ROOT/var/cache/edgefed/edgefed-agent-0.0.1-test.tar.gz"
    check "the agent is unpacked" cmp "$WORK/agent-release/quarkus-app/quarkus-run.jar" "$ROOT/opt/edgefed/agent/quarkus-run.jar"
    check "the agent's libraries are unpacked" cmp "$WORK/agent-release/quarkus-app/lib/main/library.jar" "$ROOT/opt/edgefed/agent/lib/main/library.jar"
    check "the agent's launcher is unpacked" cmp "$WORK/agent-release/quarkus-app/bin/edgefed-agent" "$ROOT/opt/edgefed/agent/bin/edgefed-agent"
    for line in Type=notify Restart=always WatchdogSec=60s Before=kubelet.service NotifyAccess=all \
        EnvironmentFile=/etc/edgefed/agent.env After=edgefed-wireguard-go.service \
        "ExecStart=/bin/sh /opt/edgefed/agent/bin/edgefed-agent"; do
        check "the agent unit has $line" file_has /etc/systemd/system/edgefed-agent.service "$line"
    done
    check "the agent is enabled" unit_enabled multi-user.target edgefed-agent.service
    check "wireguard-go makes the interface without a kernel module" file_has \
        /etc/systemd/system/edgefed-wireguard-go.service "ExecStart=/usr/bin/wireguard-go --foreground edgefed0"
    check "the wireguard-go unit is enabled" unit_enabled multi-user.target edgefed-wireguard-go.service
    check "containerd is enabled" unit_enabled multi-user.target containerd.service
    check "time sync is enabled" unit_enabled sysinit.target systemd-timesyncd.service
    check "containerd uses the systemd cgroup driver" file_has /etc/containerd/config.toml "SystemdCgroup = true"
    check "br_netfilter is loaded at boot" file_has /etc/modules-load.d/edgefed.conf br_netfilter
    check "overlay is loaded at boot" file_has /etc/modules-load.d/edgefed.conf overlay
    check "IPv4 forwarding is configured" file_has /etc/sysctl.d/90-edgefed.conf "net.ipv4.ip_forward = 1"
    check "bridged traffic passes iptables" file_has /etc/sysctl.d/90-edgefed.conf "net.bridge.bridge-nf-call-iptables = 1"
    check "the kubelet drop-in reads the node IP file" file_has /etc/systemd/system/kubelet.service.d/20-edgefed.conf \
        "EnvironmentFile=-/run/edgefed/kubelet.env"
    check "the kubelet helper turns vpn-ipv4 into --node-ip" node_ip_helper_reads_vpn_address
    check "the kubelet helper refuses a file without an address" node_ip_helper_refuses_garbage
    check "the ansible-pull timer is enabled" unit_enabled timers.target edgefed-pull.timer
    check "the ansible-pull service re-runs the pinned ref" file_has /etc/systemd/system/edgefed-pull.service \
        "-C 0123456789abcdef0123456789abcdef01234567"
    check "systemd drives the hardware watchdog" file_has /etc/systemd/system.conf.d/edgefed-watchdog.conf "RuntimeWatchdogSec=30s"
    check "the uninstall script is 0700" file_mode_is /usr/local/bin/edgefed-uninstall.sh 700
    if command -v shellcheck >/dev/null 2>&1; then
        check "the generated uninstall script passes shellcheck" shellcheck "$ROOT/usr/local/bin/edgefed-uninstall.sh"
    fi
    check "no kubeadm join configuration is left behind" test ! -e "$ROOT/etc/edgefed/kubeadm-join.yaml"
}

uninstall_removes_everything() {
    in_root /usr/local/bin/edgefed-uninstall.sh --offline >"$WORK/uninstall.log" 2>&1 || {
        cat "$WORK/uninstall.log"
        return 1
    }
    for path in /etc/edgefed /var/lib/edgefed /etc/systemd/system/edgefed-agent.service \
        /etc/systemd/system/multi-user.target.wants/edgefed-agent.service \
        /etc/systemd/system/multi-user.target.wants/edgefed-wireguard-go.service \
        /etc/systemd/system/timers.target.wants/edgefed-pull.timer /etc/systemd/system/edgefed-pull.service \
        /etc/systemd/system/kubelet.service.d/20-edgefed.conf /etc/sysctl.d/90-edgefed.conf \
        /etc/modules-load.d/edgefed.conf /etc/systemd/system.conf.d/edgefed-watchdog.conf \
        /opt/edgefed /var/cache/edgefed /usr/local/bin/edgefed-uninstall.sh; do
        if [ -e "$ROOT$path" ] || [ -L "$ROOT$path" ]; then
            echo "$path is still there"
            return 1
        fi
    done
}

main() {
    require_tools
    mkdir -p "$WORK"
    make_cached_root
    prepare_root
    make_inputs

    # bootstrap.sh --dry-run: check mode on the fresh root must succeed and write nothing.
    run_playbook "$WORK/run-check.log" --check
    if [ "$RUN_RC" -eq 0 ] && [ ! -e "$ROOT/etc/edgefed" ] && [ ! -e "$ROOT/etc/containerd/config.toml" ]; then
        pass "a dry run (check mode) on a fresh root succeeds and writes nothing (${RUN_SECONDS}s)"
    else
        fail "a dry run (check mode) on a fresh root succeeds and writes nothing (exit $RUN_RC; log: $WORK/run-check.log)" \
            "$(grep -E '^(fatal|failed)' "$WORK/run-check.log" | grep -v ignoring | tail -n 3 | cut -c 1-600)"
    fi

    run_playbook "$WORK/run1.log"
    FIRST_SECONDS=$RUN_SECONDS
    if [ "$RUN_RC" -ne 0 ] || [ "$(recap_value "$WORK/run1.log" failed)" != 0 ]; then
        fail "the first run succeeds (log: $WORK/run1.log)" \
            "$(grep -E '^(fatal|failed|TASK)' "$WORK/run1.log" | tail -n 6 | cut -c 1-600)"
    else
        pass "the first run succeeds: changed=$(recap_value "$WORK/run1.log" changed) in ${FIRST_SECONDS}s"
        check_first_run
    fi

    run_playbook "$WORK/run2.log"
    SECOND_SECONDS=$RUN_SECONDS
    changed=$(recap_value "$WORK/run2.log" changed)
    if [ "$RUN_RC" -eq 0 ] && [ "$changed" = 0 ]; then
        pass "the second run changes nothing: changed=0 in ${SECOND_SECONDS}s"
    else
        fail "the second run changes nothing (changed=${changed:-?}, exit $RUN_RC; log: $WORK/run2.log)" \
            "$(grep -E '^(changed|failed|fatal)' "$WORK/run2.log" | head -n 40 | cut -c 1-600)"
    fi

    # No CA given this time: the run must take the one kept by the first run and still check its hash.
    run_playbook "$WORK/run-wrong-ca.log" --tags edgefed_agent -e edgefed_ca_cert_pem= \
        -e "edgefed_ca_hash=sha256:$(printf '%064d' 0)"
    if [ "$RUN_RC" -ne 0 ] && grep -q "but the pinned hash is" "$WORK/run-wrong-ca.log"; then
        pass "a kept CA that does not match the pinned hash stops the run"
    else
        fail "a kept CA that does not match the pinned hash stops the run (exit $RUN_RC; log: $WORK/run-wrong-ca.log)" \
            "$(grep -E '^(fatal|failed)' "$WORK/run-wrong-ca.log" | tail -n 3 | cut -c 1-600)"
    fi

    check "edgefed-uninstall.sh --offline removes what the playbook wrote" uninstall_removes_everything

    echo "chroot-test: first run ${FIRST_SECONDS}s, second (idempotent) run ${SECOND_SECONDS}s"
    echo "chroot: $PASSED passed, $FAILED failed"
    [ "$FAILED" -eq 0 ]
}

main "$@"
