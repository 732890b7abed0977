#!/bin/sh
# Shared by the test scripts (sourced, not run): counts and prints assertions the same way in every suite.

PASSED=0
FAILED=0

pass() {
    PASSED=$((PASSED + 1))
    printf 'ok    %s\n' "$1"
}

# fail NAME [DETAILS]: DETAILS (e.g. a command's output) is shown indented under the failure.
fail() {
    FAILED=$((FAILED + 1))
    printf 'FAIL  %s\n' "$1"
    if [ -n "${2:-}" ]; then
        printf '%s\n' "$2" | sed 's/^/      | /'
    fi
}
