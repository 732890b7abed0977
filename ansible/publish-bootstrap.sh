#!/bin/sh
# Fills the testbed's defaults into bootstrap.sh so that a node contributor types one line, and writes
# the SHA-256 of the result beside it (publish both; contributors can check the script before running it).
#
#   ./publish-bootstrap.sh --join-address api.testbed.example:6443 --ca-hash sha256:... \
#       --token-file token.txt --repo-url https://git.example/edgefed.git --repo-ref <commit> \
#       --output public/bootstrap.sh
set -eu

usage() {
    cat <<'EOF'
Usage: publish-bootstrap.sh --output FILE [options]
  --join-address HOST:PORT  --ca-hash sha256:HEX  --token TOKEN | --token-file FILE
  --repo-url URL  --repo-ref REF  --agent-version V  --agent-url URL  --agent-sha256 HEX
  --kubernetes-version X.Y  --console-url URL  --source FILE (default: bootstrap.sh beside this script)
Writes FILE (mode 0600 when it holds a token: publish it only where contributors may read it)
and FILE.sha256.
EOF
}

die() {
    printf '%s\n' "publish-bootstrap: ERROR: $*" >&2
    exit 2
}

# set_default NAME VALUE: remember one PUBLISHED_NAME value.
set_default() {
    case $2 in
        *"'"* | *\\*) die "the value of $1 must not contain quotes or backslashes" ;;
    esac
    SED_SCRIPT="${SED_SCRIPT}s|^PUBLISHED_$1=\"\"\$|PUBLISHED_$1='$(printf '%s' "$2" | sed 's/[|&]/\\&/g')'|;"
}

main() {
    SOURCE=$(dirname "$0")/bootstrap.sh
    OUTPUT=""
    SED_SCRIPT=""
    HAS_TOKEN=0
    while [ $# -gt 0 ]; do
        [ "$1" = -h ] || [ "$1" = --help ] && { usage; exit 0; }
        [ $# -ge 2 ] || die "option $1 needs a value"
        case $1 in
            --join-address) set_default JOIN_ADDRESS "$2" ;;
            --ca-hash) set_default CA_HASH "$2" ;;
            --token) set_default TOKEN "$2"; HAS_TOKEN=1 ;;
            --token-file) set_default TOKEN "$(tr -d ' \t\r\n' <"$2")"; HAS_TOKEN=1 ;;
            --repo-url) set_default REPO_URL "$2" ;;
            --repo-ref) set_default REPO_REF "$2" ;;
            --agent-version) set_default AGENT_VERSION "$2" ;;
            --agent-url) set_default AGENT_URL "$2" ;;
            --agent-sha256) set_default AGENT_SHA256 "$2" ;;
            --kubernetes-version) set_default KUBERNETES_VERSION "$2" ;;
            --console-url) set_default CONSOLE_URL "$2" ;;
            --source) SOURCE=$2 ;;
            --output) OUTPUT=$2 ;;
            *) die "unknown option $1 (see --help)" ;;
        esac
        shift 2
    done
    [ -n "$OUTPUT" ] || die "--output is required"
    if [ "$HAS_TOKEN" = 1 ]; then
        umask 077
    fi
    sed "$SED_SCRIPT" "$SOURCE" >"$OUTPUT"
    chmod +x "$OUTPUT"
    (cd "$(dirname "$OUTPUT")" && sha256sum "$(basename "$OUTPUT")") >"$OUTPUT.sha256"
    printf '%s\n' "publish-bootstrap: wrote $OUTPUT and $OUTPUT.sha256"
}

main "$@"
