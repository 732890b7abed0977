#!/bin/sh
# edgefed node bootstrap: turns a fresh Debian/Ubuntu/RHEL-family/Fedora machine into an edgefed node.
#
#   curl -sfL https://<testbed>/bootstrap.sh | sh -s --
#
# Every option is a flag and an environment variable; `bootstrap.sh --help` lists them, and
# ansible/README.md documents them. The whole script is a set of functions called by the last line,
# so a download cut short runs nothing.
set -eu

# --- Filled in by the testbed operator's publish step (ansible/publish-bootstrap.sh). -----------
# Leave the layout of these lines alone: the publish step rewrites them with sed.
PUBLISHED_JOIN_ADDRESS=""
PUBLISHED_CA_HASH=""
PUBLISHED_TOKEN=""
PUBLISHED_REPO_URL=""
PUBLISHED_REPO_REF=""
PUBLISHED_AGENT_VERSION=""
PUBLISHED_AGENT_URL=""
PUBLISHED_AGENT_SHA256=""
PUBLISHED_KUBERNETES_VERSION=""
PUBLISHED_CONSOLE_URL=""
# -------------------------------------------------------------------------------------------------

# Exit codes (documented in ansible/README.md; tests rely on them).
EXIT_ERROR=1
EXIT_USAGE=2
EXIT_UNSUPPORTED_OS=3
EXIT_UNSUPPORTED_ARCH=4
EXIT_UNSUPPORTED_VERSION=5
EXIT_PREREQUISITE=6
EXIT_CHECKSUM=7
EXIT_DOWNLOAD=8
EXIT_ANSIBLE=9

# Oldest Fedora release we call "recent"; older ones are past their end of life.
FEDORA_MIN_VERSION=40

log() {
    printf '%s\n' "edgefed: $*" >&2
}

warn() {
    printf '%s\n' "edgefed: WARNING: $*" >&2
}

# die CODE MESSAGE...: stop with a message that says what to do next.
die() {
    code=$1
    shift
    printf '%s\n' "edgefed: ERROR: $*" >&2
    exit "$code"
}

usage() {
    cat <<'EOF'
Usage: bootstrap.sh [options]
Installs Ansible from the distribution and runs the edgefed node playbook.
Every option can also be given as the environment variable in brackets.

  --join-address HOST:PORT   API server to join                    [EDGEFED_JOIN_ADDRESS]
  --token TOKEN              bootstrap token abcdef.0123456789abcdef [EDGEFED_TOKEN]
  --token-file FILE          read the bootstrap token from FILE    [EDGEFED_TOKEN_FILE]
  --ca-hash sha256:HEX       pinned hash of the cluster CA key     [EDGEFED_CA_HASH]
  --ca-cert-file FILE        cluster CA certificate (PEM), pinned by --ca-hash [EDGEFED_CA_CERT_FILE]
  --agent-version VERSION    edgefed agent version                 [EDGEFED_AGENT_VERSION]
  --agent-url URL            where to download the agent           [EDGEFED_AGENT_URL]
  --agent-sha256 HEX         SHA-256 of the agent download         [EDGEFED_AGENT_SHA256]
  --agent-file FILE          install the agent from a local file   [EDGEFED_AGENT_FILE]
  --agent-type TYPE          tar (Quarkus app), jar or native      [EDGEFED_AGENT_TYPE]
  --endpoint HOST:PORT       WireGuard endpoint to announce        [EDGEFED_ENDPOINT]
  --node-name NAME           node name (default: host name)        [EDGEFED_NODE_NAME]
  --kubernetes-version X.Y   Kubernetes minor version              [EDGEFED_KUBERNETES_VERSION]
  --repo-url URL             git repository with the playbooks     [EDGEFED_REPO_URL]
  --repo-ref REF             pinned commit or tag of that repository [EDGEFED_REPO_REF]
  --playbook-dir DIR         run a local copy of ansible/ (air-gapped) [EDGEFED_PLAYBOOK_DIR]
  --playbook-url URL         download a tarball of ansible/ instead of git [EDGEFED_PLAYBOOK_URL]
  --playbook-sha256 HEX      SHA-256 of that tarball               [EDGEFED_PLAYBOOK_SHA256]
  --download-dir DIR         where downloads go (default: a temporary directory) [EDGEFED_DOWNLOAD_DIR]
  --extra-vars FILE          more Ansible variables (YAML/JSON file) [EDGEFED_EXTRA_VARS_FILE]
  --console-url URL          the testbed's web console; the end prints this node's page [EDGEFED_CONSOLE_URL]
  --image-build              prepare an image: install, but start and join nothing [EDGEFED_IMAGE_BUILD=1]
  --no-join                  install everything but do not run kubeadm join [EDGEFED_JOIN=0]
  --dry-run                  run the playbook in check mode and show the diff [EDGEFED_DRY_RUN=1]
  --check-only               only detect the system and print the plan [EDGEFED_CHECK_ONLY=1]
  --download-only            only download and verify the playbook tarball [EDGEFED_DOWNLOAD_ONLY=1]
  -h, --help                 this text

Exit codes: 0 done, 1 error, 2 bad option, 3 unsupported OS, 4 unsupported architecture,
5 unsupported OS version, 6 missing prerequisite, 7 checksum mismatch, 8 download failed,
9 Ansible failed.
EOF
}

# Options start from the environment, then the published defaults.
load_settings() {
    JOIN_ADDRESS=${EDGEFED_JOIN_ADDRESS:-$PUBLISHED_JOIN_ADDRESS}
    TOKEN=${EDGEFED_TOKEN:-$PUBLISHED_TOKEN}
    TOKEN_FILE=${EDGEFED_TOKEN_FILE:-}
    CA_HASH=${EDGEFED_CA_HASH:-$PUBLISHED_CA_HASH}
    CA_CERT_FILE=${EDGEFED_CA_CERT_FILE:-}
    AGENT_VERSION=${EDGEFED_AGENT_VERSION:-$PUBLISHED_AGENT_VERSION}
    AGENT_URL=${EDGEFED_AGENT_URL:-$PUBLISHED_AGENT_URL}
    AGENT_SHA256=${EDGEFED_AGENT_SHA256:-$PUBLISHED_AGENT_SHA256}
    AGENT_FILE=${EDGEFED_AGENT_FILE:-}
    AGENT_TYPE=${EDGEFED_AGENT_TYPE:-}
    ENDPOINT=${EDGEFED_ENDPOINT:-}
    NODE_NAME=${EDGEFED_NODE_NAME:-}
    KUBERNETES_VERSION=${EDGEFED_KUBERNETES_VERSION:-$PUBLISHED_KUBERNETES_VERSION}
    REPO_URL=${EDGEFED_REPO_URL:-$PUBLISHED_REPO_URL}
    REPO_REF=${EDGEFED_REPO_REF:-$PUBLISHED_REPO_REF}
    PLAYBOOK_DIR=${EDGEFED_PLAYBOOK_DIR:-}
    PLAYBOOK_URL=${EDGEFED_PLAYBOOK_URL:-}
    PLAYBOOK_SHA256=${EDGEFED_PLAYBOOK_SHA256:-}
    DOWNLOAD_DIR=${EDGEFED_DOWNLOAD_DIR:-}
    EXTRA_VARS_FILE=${EDGEFED_EXTRA_VARS_FILE:-}
    CONSOLE_URL=${EDGEFED_CONSOLE_URL:-$PUBLISHED_CONSOLE_URL}
    IMAGE_BUILD=${EDGEFED_IMAGE_BUILD:-0}
    JOIN=${EDGEFED_JOIN:-1}
    DRY_RUN=${EDGEFED_DRY_RUN:-0}
    CHECK_ONLY=${EDGEFED_CHECK_ONLY:-0}
    DOWNLOAD_ONLY=${EDGEFED_DOWNLOAD_ONLY:-0}
    STATE_DIR=${EDGEFED_BOOTSTRAP_STATE_DIR:-/etc/edgefed}
    PULL_DIR=${EDGEFED_PULL_DIR:-/var/lib/edgefed/playbooks}
}

# need_value FLAG REMAINING_ARG_COUNT: a flag that takes a value must have one.
need_value() {
    [ "$2" -ge 2 ] || die "$EXIT_USAGE" "option $1 needs a value (see --help)"
}

parse_args() {
    while [ $# -gt 0 ]; do
        case $1 in
            --join-address) need_value "$1" $#; JOIN_ADDRESS=$2; shift ;;
            --token) need_value "$1" $#; TOKEN=$2; shift ;;
            --token-file) need_value "$1" $#; TOKEN_FILE=$2; shift ;;
            --ca-hash) need_value "$1" $#; CA_HASH=$2; shift ;;
            --ca-cert-file) need_value "$1" $#; CA_CERT_FILE=$2; shift ;;
            --agent-version) need_value "$1" $#; AGENT_VERSION=$2; shift ;;
            --agent-url) need_value "$1" $#; AGENT_URL=$2; shift ;;
            --agent-sha256) need_value "$1" $#; AGENT_SHA256=$2; shift ;;
            --agent-file) need_value "$1" $#; AGENT_FILE=$2; shift ;;
            --agent-type) need_value "$1" $#; AGENT_TYPE=$2; shift ;;
            --endpoint) need_value "$1" $#; ENDPOINT=$2; shift ;;
            --node-name) need_value "$1" $#; NODE_NAME=$2; shift ;;
            --kubernetes-version) need_value "$1" $#; KUBERNETES_VERSION=$2; shift ;;
            --repo-url) need_value "$1" $#; REPO_URL=$2; shift ;;
            --repo-ref) need_value "$1" $#; REPO_REF=$2; shift ;;
            --playbook-dir) need_value "$1" $#; PLAYBOOK_DIR=$2; shift ;;
            --playbook-url) need_value "$1" $#; PLAYBOOK_URL=$2; shift ;;
            --playbook-sha256) need_value "$1" $#; PLAYBOOK_SHA256=$2; shift ;;
            --download-dir) need_value "$1" $#; DOWNLOAD_DIR=$2; shift ;;
            --extra-vars) need_value "$1" $#; EXTRA_VARS_FILE=$2; shift ;;
            --console-url) need_value "$1" $#; CONSOLE_URL=$2; shift ;;
            --image-build) IMAGE_BUILD=1 ;;
            --no-join) JOIN=0 ;;
            --dry-run) DRY_RUN=1 ;;
            --check-only) CHECK_ONLY=1 ;;
            --download-only) DOWNLOAD_ONLY=1 ;;
            -h | --help) usage; exit 0 ;;
            *) die "$EXIT_USAGE" "unknown option '$1' (see --help)" ;;
        esac
        shift
    done
}

# matches VALUE EXTENDED_REGEX
matches() {
    printf '%s\n' "$1" | grep -Eq "$2"
}

validate_settings() {
    if [ -n "$TOKEN_FILE" ]; then
        [ -r "$TOKEN_FILE" ] || die "$EXIT_USAGE" "cannot read token file $TOKEN_FILE"
        TOKEN=$(tr -d ' \t\r\n' <"$TOKEN_FILE")
    fi
    if [ -n "$TOKEN" ] && ! matches "$TOKEN" '^[a-z0-9]{6}\.[a-z0-9]{16}$'; then
        die "$EXIT_USAGE" "the bootstrap token must look like abcdef.0123456789abcdef; ask the testbed operator for a new one"
    fi
    if [ -n "$CA_HASH" ]; then
        case $CA_HASH in sha256:*) ;; *) CA_HASH="sha256:$CA_HASH" ;; esac
        matches "$CA_HASH" '^sha256:[0-9a-f]{64}$' ||
            die "$EXIT_USAGE" "--ca-hash must be sha256: followed by 64 lower-case hex digits (kubeadm's --discovery-token-ca-cert-hash)"
    fi
    if [ -n "$JOIN_ADDRESS" ] && ! matches "$JOIN_ADDRESS" '^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):[0-9]{1,5}$'; then
        die "$EXIT_USAGE" "--join-address must be HOST:PORT, e.g. api.testbed.example:6443 (got '$JOIN_ADDRESS')"
    fi
    if [ -n "$ENDPOINT" ] && ! matches "$ENDPOINT" '^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):[0-9]{1,5}$'; then
        die "$EXIT_USAGE" "--endpoint must be HOST:PORT, the public address other nodes reach this node's WireGuard at"
    fi
    if [ -n "$NODE_NAME" ] && ! matches "$NODE_NAME" '^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$'; then
        die "$EXIT_USAGE" "--node-name must be a lower-case DNS name (RFC 1123), got '$NODE_NAME'"
    fi
    for hex in "$AGENT_SHA256" "$PLAYBOOK_SHA256"; do
        if [ -n "$hex" ] && ! matches "$hex" '^[0-9a-f]{64}$'; then
            die "$EXIT_USAGE" "a SHA-256 must be 64 lower-case hex digits, got '$hex'"
        fi
    done
    case $AGENT_TYPE in
        "" | tar | jar | native) ;;
        *) die "$EXIT_USAGE" "--agent-type is tar, jar or native, not '$AGENT_TYPE'" ;;
    esac
    if [ -n "$AGENT_FILE" ]; then
        [ -r "$AGENT_FILE" ] || die "$EXIT_USAGE" "cannot read the agent file $AGENT_FILE"
        # Ansible resolves relative paths against the role, not the current directory.
        AGENT_FILE="$(cd "$(dirname "$AGENT_FILE")" && pwd)/$(basename "$AGENT_FILE")"
    fi
    if [ -n "$AGENT_URL" ] && [ -z "$AGENT_SHA256" ]; then
        die "$EXIT_USAGE" "--agent-url needs --agent-sha256: nothing is installed unverified"
    fi
    if [ -n "$PLAYBOOK_URL" ] && [ -z "$PLAYBOOK_SHA256" ]; then
        die "$EXIT_USAGE" "--playbook-url needs --playbook-sha256: nothing is installed unverified"
    fi
    if [ -n "$KUBERNETES_VERSION" ] && ! matches "$KUBERNETES_VERSION" '^[0-9]+\.[0-9]+$'; then
        die "$EXIT_USAGE" "--kubernetes-version is a minor version such as 1.34"
    fi
    if [ -n "$CONSOLE_URL" ]; then
        matches "$CONSOLE_URL" '^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~/-]*)?$' ||
            die "$EXIT_USAGE" "--console-url must be an http(s) URL such as https://console.testbed.example (got '$CONSOLE_URL')"
        CONSOLE_URL=${CONSOLE_URL%/}
    fi
    if [ "$IMAGE_BUILD" = 1 ]; then
        JOIN=0
    fi
}

# os_release_value KEY: the unquoted value of KEY in the os-release file (never sourced: it is data).
os_release_value() {
    sed -n "s/^$1=//p" "$OS_RELEASE_FILE" | head -n 1 | sed -e 's/^"\(.*\)"$/\1/' -e "s/^'\(.*\)'\$/\1/"
}

# Sets OS_ID, OS_VERSION, OS_FAMILY (debian|redhat), PACKAGER (apt|dnf), OS_PRETTY.
detect_os() {
    OS_RELEASE_FILE=${EDGEFED_OS_RELEASE_FILE:-/etc/os-release}
    if [ ! -r "$OS_RELEASE_FILE" ]; then
        if [ -r /usr/lib/os-release ] && [ -z "${EDGEFED_OS_RELEASE_FILE:-}" ]; then
            OS_RELEASE_FILE=/usr/lib/os-release
        else
            print_diagnostics
            die "$EXIT_UNSUPPORTED_OS" "cannot read $OS_RELEASE_FILE, so this system is not one edgefed supports (Debian 11-13, Ubuntu 22.04/24.04, RHEL/Rocky/Alma 8-9, Fedora $FEDORA_MIN_VERSION+)"
        fi
    fi
    OS_ID=$(os_release_value ID | tr '[:upper:]' '[:lower:]')
    OS_VERSION=$(os_release_value VERSION_ID)
    OS_PRETTY=$(os_release_value PRETTY_NAME)
    OS_LIKE=$(os_release_value ID_LIKE)
    os_major=${OS_VERSION%%.*}
    case $OS_ID in
        debian)
            OS_FAMILY=debian PACKAGER=apt
            case $OS_VERSION in 11 | 12 | 13) ;; *) unsupported_version "11, 12 or 13" ;; esac
            ;;
        ubuntu)
            OS_FAMILY=debian PACKAGER=apt
            case $OS_VERSION in 22.04 | 24.04) ;; *) unsupported_version "22.04 or 24.04 (LTS)" ;; esac
            ;;
        rhel | rocky | almalinux)
            OS_FAMILY=redhat PACKAGER=dnf
            case $os_major in 8 | 9) ;; *) unsupported_version "8 or 9" ;; esac
            ;;
        fedora)
            OS_FAMILY=redhat PACKAGER=dnf
            if ! matches "$os_major" '^[0-9]+$' || [ "$os_major" -lt "$FEDORA_MIN_VERSION" ]; then
                unsupported_version "$FEDORA_MIN_VERSION or newer"
            fi
            ;;
        *)
            print_diagnostics
            hint=""
            if [ -n "$OS_LIKE" ]; then
                hint=" It says it is like '$OS_LIKE'; a supported system of that family will work."
            fi
            die "$EXIT_UNSUPPORTED_OS" "unsupported operating system '${OS_PRETTY:-${OS_ID:-unknown}}' (ID=${OS_ID:-none}). edgefed nodes run Debian 11-13, Ubuntu 22.04/24.04, RHEL/Rocky/AlmaLinux 8-9 or Fedora $FEDORA_MIN_VERSION+.$hint"
            ;;
    esac
}

unsupported_version() {
    print_diagnostics
    die "$EXIT_UNSUPPORTED_VERSION" "${OS_PRETTY:-$OS_ID} (VERSION_ID=${OS_VERSION:-none}) is not supported; edgefed supports $OS_ID $1. Please reinstall with a supported release."
}

# Sets ARCH (the kernel's name) and ARCH_DEB (amd64|arm64).
detect_arch() {
    ARCH=${EDGEFED_UNAME_M:-$(uname -m)}
    case $ARCH in
        x86_64 | amd64) ARCH_DEB=amd64 ;;
        aarch64 | arm64) ARCH_DEB=arm64 ;;
        *)
            print_diagnostics
            die "$EXIT_UNSUPPORTED_ARCH" "unsupported CPU architecture '$ARCH'; edgefed nodes are x86_64 (amd64) or aarch64 (arm64). On a Raspberry Pi, install a 64-bit OS."
            ;;
    esac
}

print_diagnostics() {
    {
        echo "edgefed: ---- system information (include it when you ask for help) ----"
        echo "edgefed: os-release file: ${OS_RELEASE_FILE:-/etc/os-release}"
        if [ -r "${OS_RELEASE_FILE:-/etc/os-release}" ]; then
            sed 's/^/edgefed:   /' "${OS_RELEASE_FILE:-/etc/os-release}"
        fi
        echo "edgefed: uname -m: ${EDGEFED_UNAME_M:-$(uname -m)}"
        echo "edgefed: uname -sr: $(uname -sr 2>/dev/null || echo unknown)"
        echo "edgefed: -------------------------------------------------------------------"
    } >&2
}

# Preflight checks that do not stop a --check-only run; each prints what is missing.
preflight() {
    PREFLIGHT_PROBLEMS=0
    if [ "$(id -u)" -eq 0 ]; then
        SUDO=""
    elif command -v sudo >/dev/null 2>&1; then
        SUDO=sudo
    elif command -v doas >/dev/null 2>&1; then
        SUDO=doas
    else
        SUDO=""
        preflight_problem "not root and neither sudo nor doas is installed: run this script as root"
    fi
    if [ ! -d /run/systemd/system ]; then
        preflight_problem "systemd is not running (/run/systemd/system is missing); edgefed nodes need systemd"
    fi
    if ! command -v curl >/dev/null 2>&1 && ! command -v wget >/dev/null 2>&1; then
        if [ -n "$PLAYBOOK_URL" ]; then
            preflight_problem "neither curl nor wget is installed, needed to download $PLAYBOOK_URL"
        fi
    fi
    if ! memory_cgroup_enabled; then
        preflight_problem "the memory cgroup is disabled, and the kubelet needs it; on a Raspberry Pi add 'cgroup_enable=memory cgroup_memory=1' to cmdline.txt and reboot"
    fi
    if [ -r /proc/swaps ] && [ "$(wc -l </proc/swaps)" -gt 1 ]; then
        log "swap is on; the playbook turns it off (the kubelet requires that)"
    fi
}

# memory_cgroup_enabled: true unless the kernel says the memory controller is off (cgroup v2 or v1).
memory_cgroup_enabled() {
    if [ -r /sys/fs/cgroup/cgroup.controllers ]; then
        grep -qw memory /sys/fs/cgroup/cgroup.controllers
    elif [ -r /proc/cgroups ]; then
        awk '$1 == "memory" && $4 == 0 { off = 1 } END { exit off }' /proc/cgroups
    else
        return 0
    fi
}

# The playbook decides again on the node; this is what the plan shows.
describe_wireguard() {
    if [ -d /sys/module/wireguard ] || modinfo wireguard >/dev/null 2>&1; then
        echo "kernel module"
    else
        echo "wireguard-go (no kernel module found)"
    fi
}

preflight_problem() {
    PREFLIGHT_PROBLEMS=$((PREFLIGHT_PROBLEMS + 1))
    warn "$1"
}

# Where the playbooks come from: a local directory, a verified tarball, or ansible-pull from git.
choose_source() {
    if [ -n "$PLAYBOOK_DIR" ]; then
        SOURCE=local
    elif [ -n "$PLAYBOOK_URL" ]; then
        SOURCE=tarball
    elif [ -n "$REPO_URL" ]; then
        SOURCE=pull
        [ -n "$REPO_REF" ] || die "$EXIT_USAGE" "--repo-url needs --repo-ref: a pinned commit or tag, so every node runs the same playbook"
    else
        SOURCE=none
    fi
}

ansible_packages() {
    case $PACKAGER in
        apt) echo "ansible-core (or ansible) git python3-apt ca-certificates" ;;
        dnf) echo "ansible-core git-core (EPEL's ansible where the distribution lacks ansible-core)" ;;
    esac
}

describe_token() {
    if [ -n "$TOKEN_FILE" ]; then
        echo "set (from $TOKEN_FILE)"
    elif [ -n "$TOKEN" ]; then
        echo "set"
    else
        echo "not set"
    fi
}

print_plan() {
    echo "edgefed bootstrap plan"
    echo "  os:                 ${OS_PRETTY:-$OS_ID} (id=$OS_ID version=$OS_VERSION)"
    echo "  family:             $OS_FAMILY ($PACKAGER)"
    echo "  arch:               $ARCH ($ARCH_DEB)"
    if command -v ansible-playbook >/dev/null 2>&1; then
        echo "  ansible:            already installed ($(command -v ansible-playbook))"
    else
        echo "  ansible:            install $(ansible_packages)"
    fi
    case $SOURCE in
        local) echo "  playbook:           local copy $PLAYBOOK_DIR/node.yml" ;;
        tarball) echo "  playbook:           tarball $PLAYBOOK_URL (sha256 $PLAYBOOK_SHA256)" ;;
        pull) echo "  playbook:           ansible-pull $REPO_URL at $REPO_REF" ;;
        none) echo "  playbook:           NONE: give --repo-url/--repo-ref, --playbook-url or --playbook-dir" ;;
    esac
    echo "  join address:       ${JOIN_ADDRESS:-not set}"
    echo "  bootstrap token:    $(describe_token)"
    echo "  CA hash:            ${CA_HASH:-not set}"
    echo "  CA certificate:     ${CA_CERT_FILE:-fetched from the cluster and checked against the CA hash}"
    echo "  node name:          ${NODE_NAME:-$(hostname 2>/dev/null || echo unknown)}"
    echo "  VPN endpoint:       ${ENDPOINT:-detected by the agent}"
    echo "  WireGuard:          $(describe_wireguard)"
    echo "  agent:              ${AGENT_FILE:-${AGENT_URL:-playbook default}}${AGENT_VERSION:+ version $AGENT_VERSION}"
    echo "  kubernetes:         ${KUBERNETES_VERSION:-playbook default}"
    if [ -n "$CONSOLE_URL" ]; then
        echo "  node page:          $(node_page)"
    fi
    if [ "$IMAGE_BUILD" = 1 ]; then
        echo "  mode:               image build (nothing started, no join)"
    elif [ "$JOIN" = 1 ] && [ -n "$JOIN_ADDRESS" ]; then
        echo "  mode:               install and join"
    else
        echo "  mode:               install only (no join)"
    fi
    if [ "$DRY_RUN" = 1 ]; then
        echo "  dry run:            yes (ansible --check --diff, nothing changes)"
    fi
}

# sha256_of FILE
sha256_of() {
    if command -v sha256sum >/dev/null 2>&1; then
        sha256sum "$1" | cut -d ' ' -f 1
    elif command -v shasum >/dev/null 2>&1; then
        shasum -a 256 "$1" | cut -d ' ' -f 1
    else
        openssl dgst -sha256 -r "$1" | cut -d ' ' -f 1
    fi
}

# verify_sha256 FILE EXPECTED
verify_sha256() {
    actual=$(sha256_of "$1")
    if [ "$actual" != "$2" ]; then
        rm -f "$1"
        die "$EXIT_CHECKSUM" "SHA-256 mismatch for $1: expected $2, got $actual. The download is corrupt or was tampered with; it has been deleted."
    fi
    log "verified SHA-256 of $1"
}

# download URL DEST
download() {
    log "downloading $1"
    if command -v curl >/dev/null 2>&1; then
        curl -fsSL --retry 3 -o "$2" "$1" || die "$EXIT_DOWNLOAD" "download of $1 failed; check the address and this machine's network"
    elif command -v wget >/dev/null 2>&1; then
        wget -q -O "$2" "$1" || die "$EXIT_DOWNLOAD" "download of $1 failed; check the address and this machine's network"
    else
        die "$EXIT_PREREQUISITE" "neither curl nor wget is installed; install one of them"
    fi
}

make_work_dir() {
    if [ -z "${WORK_DIR:-}" ]; then
        WORK_DIR=$(mktemp -d "${TMPDIR:-/tmp}/edgefed-bootstrap.XXXXXX")
        trap 'rm -rf "$WORK_DIR"' EXIT
    fi
}

# Downloads and verifies the playbook tarball, then sets PLAYBOOK_DIR to its ansible/ directory.
fetch_playbook_tarball() {
    make_work_dir
    dir=${DOWNLOAD_DIR:-$WORK_DIR}
    mkdir -p "$dir"
    tarball="$dir/edgefed-playbooks.tar.gz"
    if [ -f "$tarball" ] && [ "$(sha256_of "$tarball")" = "$PLAYBOOK_SHA256" ]; then
        log "using the already downloaded $tarball"
    else
        download "$PLAYBOOK_URL" "$tarball"
        verify_sha256 "$tarball" "$PLAYBOOK_SHA256"
    fi
    if [ "$DOWNLOAD_ONLY" = 1 ]; then
        return 0
    fi
    mkdir -p "$WORK_DIR/playbooks"
    tar -xzf "$tarball" -C "$WORK_DIR/playbooks"
    PLAYBOOK_DIR=$(dirname "$(find "$WORK_DIR/playbooks" -name node.yml -path '*ansible/node.yml' | head -n 1)")
    [ -f "$PLAYBOOK_DIR/node.yml" ] || die "$EXIT_ERROR" "the tarball $PLAYBOOK_URL has no ansible/node.yml"
}

install_ansible() {
    if command -v ansible-playbook >/dev/null 2>&1 && { [ "$SOURCE" != pull ] || command -v git >/dev/null 2>&1; }; then
        log "Ansible is already installed: $(ansible-playbook --version | head -n 1)"
        return 0
    fi
    log "installing Ansible from the distribution's packages"
    case $PACKAGER in
        apt)
            $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q || die "$EXIT_ANSIBLE" "apt-get update failed; check /etc/apt/sources.list and the network"
            ansible_pkg=ansible-core
            if ! apt-cache show ansible-core >/dev/null 2>&1; then
                ansible_pkg=ansible
            fi
            $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
                "$ansible_pkg" git python3-apt ca-certificates ||
                die "$EXIT_ANSIBLE" "installing $ansible_pkg failed; on Ubuntu, enable the 'universe' component"
            ;;
        dnf)
            if ! $SUDO dnf install -y ansible-core git-core; then
                if [ "$OS_ID" = fedora ] || [ "$OS_ID" = rhel ]; then
                    die "$EXIT_ANSIBLE" "installing ansible-core failed; enable the AppStream repository (RHEL: subscription-manager repos)"
                fi
                log "ansible-core is not in the enabled repositories; enabling EPEL"
                $SUDO dnf install -y epel-release || die "$EXIT_ANSIBLE" "installing epel-release failed"
                $SUDO dnf install -y ansible git-core || die "$EXIT_ANSIBLE" "installing ansible from EPEL failed"
            fi
            ;;
    esac
}

# json_string VALUE: VALUE as a JSON string literal.
json_string() {
    printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/\t/\\t/g' |
        awk 'BEGIN { ORS = ""; print "\"" } { if (NR > 1) print "\\n"; print } END { print "\"" }'
}

# json_field NAME VALUE: one '"name": "value",' line, skipped when VALUE is empty.
json_field() {
    if [ -n "$2" ]; then
        printf '  "%s": %s,\n' "$1" "$(json_string "$2")"
    fi
}

# Writes the playbook's variables, including the token, to a 0600 file and sets VARS_FILE.
write_vars_file() {
    old_umask=$(umask)
    umask 077
    $SUDO mkdir -p "$STATE_DIR"
    VARS_FILE="$STATE_DIR/bootstrap-vars.json"
    join=false
    if [ "$JOIN" = 1 ] && [ -n "$JOIN_ADDRESS" ]; then
        join=true
    fi
    image_build=false
    if [ "$IMAGE_BUILD" = 1 ]; then
        image_build=true
    fi
    ca_cert=""
    if [ -n "$CA_CERT_FILE" ]; then
        [ -r "$CA_CERT_FILE" ] || die "$EXIT_USAGE" "cannot read CA certificate $CA_CERT_FILE"
        ca_cert=$(cat "$CA_CERT_FILE")
    fi
    agent_install=true
    if [ -z "$AGENT_FILE" ] && [ -z "$AGENT_URL" ]; then
        agent_install=false
    fi
    {
        echo "{"
        json_field edgefed_join_address "$JOIN_ADDRESS"
        json_field edgefed_token "$TOKEN"
        json_field edgefed_ca_hash "$CA_HASH"
        json_field edgefed_ca_cert_pem "$ca_cert"
        json_field edgefed_agent_version "$AGENT_VERSION"
        json_field edgefed_agent_url "$AGENT_URL"
        json_field edgefed_agent_sha256 "$AGENT_SHA256"
        json_field edgefed_agent_src "$AGENT_FILE"
        json_field edgefed_agent_artifact_type "$AGENT_TYPE"
        json_field edgefed_endpoint "$ENDPOINT"
        json_field edgefed_node_name "$NODE_NAME"
        json_field edgefed_kubernetes_version "$KUBERNETES_VERSION"
        if [ "$SOURCE" = pull ]; then
            json_field edgefed_pull_repo_url "$REPO_URL"
            json_field edgefed_pull_repo_ref "$REPO_REF"
            json_field edgefed_pull_dir "$PULL_DIR"
        fi
        printf '  "edgefed_agent_install": %s,\n' "$agent_install"
        printf '  "edgefed_image_build": %s,\n' "$image_build"
        printf '  "edgefed_join": %s\n' "$join"
        echo "}"
    } | $SUDO sh -c "umask 077 && cat >'$VARS_FILE'"
    $SUDO chmod 0600 "$VARS_FILE"
    umask "$old_umask"
    log "wrote the playbook variables to $VARS_FILE (mode 0600)"
}

run_playbook() {
    set -- -e "@$VARS_FILE"
    if [ -n "$EXTRA_VARS_FILE" ]; then
        set -- "$@" -e "@$EXTRA_VARS_FILE"
    fi
    if [ "$DRY_RUN" = 1 ]; then
        set -- "$@" --check --diff
    fi
    case $SOURCE in
        local | tarball)
            log "running $PLAYBOOK_DIR/node.yml"
            $SUDO env ANSIBLE_NOCOLOR=1 ansible-playbook -i localhost, -c local "$@" "$PLAYBOOK_DIR/node.yml" ||
                die "$EXIT_ANSIBLE" "the playbook failed; the messages above say which task and why. Fix it and run this command again: it is safe to repeat."
            ;;
        pull)
            log "running ansible-pull from $REPO_URL at $REPO_REF"
            $SUDO env ANSIBLE_NOCOLOR=1 ansible-pull -U "$REPO_URL" -C "$REPO_REF" -d "$PULL_DIR" -i localhost, "$@" ansible/node.yml ||
                die "$EXIT_ANSIBLE" "ansible-pull failed; the messages above say which task and why. Fix it and run this command again: it is safe to repeat."
            ;;
    esac
}

# node_page: this node's page on the testbed's console (the kubelet registers the node by its lower-case name).
node_page() {
    printf '%s/nodes/%s\n' "$CONSOLE_URL" "$(printf '%s' "${NODE_NAME:-$(hostname 2>/dev/null || echo unknown)}" | tr '[:upper:]' '[:lower:]')"
}

print_summary() {
    log "done."
    if [ "$DRY_RUN" = 1 ]; then
        log "this was a dry run: nothing was changed"
    elif [ "$IMAGE_BUILD" = 1 ]; then
        log "image prepared: boot it and run this script again with the join settings to join"
    elif [ "$JOIN" = 1 ] && [ -n "$JOIN_ADDRESS" ]; then
        log "the node is joining $JOIN_ADDRESS; the testbed operator sees it with 'kubectl get nodes'"
        log "agent status: systemctl status edgefed-agent; logs: journalctl -u edgefed-agent"
        if [ -n "$CONSOLE_URL" ]; then
            log "this node's page (joined, Ready, its paths, what to do if something is wrong): $(node_page)"
        fi
    else
        log "the node is prepared but has not joined a cluster (no join address)"
    fi
    log "to undo everything: /usr/local/bin/edgefed-uninstall.sh"
}

main() {
    load_settings
    parse_args "$@"
    validate_settings
    detect_os
    detect_arch
    choose_source
    preflight
    if [ "$CHECK_ONLY" = 1 ]; then
        print_plan
        if [ "$PREFLIGHT_PROBLEMS" -gt 0 ]; then
            echo "  preflight:          $PREFLIGHT_PROBLEMS problem(s), see the warnings above"
        else
            echo "  preflight:          ok"
        fi
        return 0
    fi
    if [ "$DOWNLOAD_ONLY" = 1 ]; then
        [ "$SOURCE" = tarball ] || die "$EXIT_USAGE" "--download-only needs --playbook-url and --playbook-sha256"
        fetch_playbook_tarball
        log "downloaded and verified $tarball"
        return 0
    fi
    [ "$PREFLIGHT_PROBLEMS" -eq 0 ] || die "$EXIT_PREREQUISITE" "$PREFLIGHT_PROBLEMS preflight problem(s), see the warnings above"
    [ "$SOURCE" != none ] || die "$EXIT_USAGE" "no playbook source: give --repo-url and --repo-ref, --playbook-url and --playbook-sha256, or --playbook-dir"
    print_plan >&2
    if [ "$SOURCE" = tarball ]; then
        fetch_playbook_tarball
    fi
    install_ansible
    write_vars_file
    run_playbook
    print_summary
}

main "$@"
