#!/bin/sh
# Static checks of the node installer:
#   run-lint.sh shellcheck    shellcheck on every shell script, the uninstall template rendered
#   run-lint.sh ansible-lint  ansible-lint (production profile) on the playbooks and roles
#   run-lint.sh syntax        ansible-playbook --syntax-check on every playbook
#   run-lint.sh               all three
# Exits 77 (skipped) when the tool a check needs is not installed.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
ANSIBLE_DIR=$(dirname "$HERE")
TARGET_DIR=${EDGEFED_TEST_TARGET_DIR:-$ANSIBLE_DIR/target}
SKIPPED=77
PLAYBOOKS="node.yml control-plane.yml"

require() {
    for tool in "$@"; do
        if ! command -v "$tool" >/dev/null 2>&1; then
            printf '%s\n' "SKIPPED: $tool is not installed (see ansible/tests/ci-deps.txt)"
            exit "$SKIPPED"
        fi
    done
}

# Renders a role's shell script template with the roles' defaults, for shellcheck.
render_template() {
    template=$1 output=$2
    mkdir -p "$(dirname "$output")"
    ANSIBLE_CONFIG="$ANSIBLE_DIR/ansible.cfg" ANSIBLE_NOCOLOR=1 ansible localhost -c local -i localhost, \
        -m ansible.builtin.template -a "src=$template dest=$output mode=0700" \
        -e "@$ANSIBLE_DIR/roles/edgefed_host/defaults/main.yml" \
        -e "@$ANSIBLE_DIR/roles/edgefed_uninstall/defaults/main.yml" >"$output.log" 2>&1 || {
        cat "$output.log"
        return 1
    }
}

run_shellcheck() {
    require shellcheck ansible
    cd "$ANSIBLE_DIR"
    scripts=$(find . -path ./target -prune -o -type f \( -name '*.sh' -o -path '*/files/*' \) -print |
        while read -r file; do
            if head -n 1 "$file" | grep -q '^#!.*sh'; then echo "$file"; fi
        done | sort)
    rendered="$TARGET_DIR/rendered/edgefed-uninstall.sh"
    render_template "$ANSIBLE_DIR/roles/edgefed_uninstall/templates/edgefed-uninstall.sh.j2" "$rendered"
    # shellcheck disable=SC2086 # one word a file name; none has blanks
    set -- $scripts "$rendered"
    echo "shellcheck: $*"
    shellcheck --shell=sh "$@"
    echo "shellcheck: $# scripts clean"
}

run_ansible_lint() {
    require ansible-lint
    cd "$ANSIBLE_DIR"
    # shellcheck disable=SC2086
    ANSIBLE_CONFIG="$ANSIBLE_DIR/ansible.cfg" ansible-lint --offline --nocolor --profile production \
        $PLAYBOOKS roles inventory
}

run_syntax_check() {
    require ansible-playbook
    cd "$ANSIBLE_DIR"
    for playbook in $PLAYBOOKS; do
        ANSIBLE_CONFIG="$ANSIBLE_DIR/ansible.cfg" ansible-playbook --syntax-check -i localhost, "$playbook"
    done
}

main() {
    case ${1:-all} in
        shellcheck) run_shellcheck ;;
        ansible-lint) run_ansible_lint ;;
        syntax) run_syntax_check ;;
        all)
            run_shellcheck
            run_ansible_lint
            run_syntax_check
            ;;
        *)
            echo "usage: run-lint.sh [shellcheck|ansible-lint|syntax]" >&2
            exit 2
            ;;
    esac
}

main "$@"
