#!/bin/sh
# Starts the sliver: creates the experimenter's login (EDGEFED_LOGIN_USER, from the operator), points sshd at the
# keys the operator mounts (EDGEFED_AUTHORIZED_KEYS), makes host keys, and runs sshd in the foreground. The login
# may use sudo where the operator allows privilege escalation (edgefed.operator.container.allow-privilege-escalation).
set -eu

fail() {
  echo "edgefed-sliver: $*" >&2
  exit 1
}

main() {
  user=${EDGEFED_LOGIN_USER:-}
  keys=${EDGEFED_AUTHORIZED_KEYS:-/etc/edgefed/ssh/authorized_keys}
  [ -n "$user" ] || fail "EDGEFED_LOGIN_USER is empty: the sliver has no user; Provision it with geni_users"
  case "$user" in
    root) fail "refusing to log in as root; the login comes from the user's URN" ;;
  esac
  printf '%s\n' "$user" | grep -Eq '^[a-z_][a-z0-9_-]{0,31}$' \
    || fail "login name '$user' is not a valid Linux user name ([a-z_][a-z0-9_-]{0,31})"

  if ! id "$user" >/dev/null 2>&1; then
    # '*' rather than useradd's default '!': an account whose password field starts with '!' is locked, and sshd
    # without PAM refuses locked accounts even for key logins. '*' matches no password, so only keys let anyone in.
    useradd --create-home --shell /bin/bash --password '*' "$user"
    # No password: sudo without one, since the user can only log in with a key.
    printf '%s ALL=(ALL) NOPASSWD:ALL\n' "$user" > "/etc/sudoers.d/90-$user"
    chmod 0440 "/etc/sudoers.d/90-$user"
  fi
  sed -i "s#^AuthorizedKeysFile .*#AuthorizedKeysFile $keys#" /etc/ssh/sshd_config.d/edgefed.conf
  ssh-keygen -A >/dev/null
  exec /usr/sbin/sshd -D -e
}

main "$@"
