#!/usr/bin/env bash
# The multi-host test bed: N member hosts on this machine, each a network namespace with its own address on a private
# bridge, its own sshd on port 22, its own /home, /etc/hosts and host name; the leader is this (root) namespace with
# the bridge's address. Used by org.ncclkit.testing.TestBed and by hand:
#
#   testbed.sh up N            brings up N members (1-200), prints the test bed's folder (its state)
#   testbed.sh down DIR        tears down the test bed of that folder (recorded PIDs, then links and namespaces)
#   testbed.sh clean           tears down every test bed whose owner process has died, and stray tb* names
#   testbed.sh leader DIR CMD  runs CMD on the leader with the test bed's /etc/hosts (member names resolve)
#   testbed.sh member DIR I CMD  runs CMD inside member I (its network, mounts and host name)
#
# Names: slot k (0-63, one per live test bed, so that several can run at once) owns the bridge tb<k>br, the
# namespaces tb<k>m<i>, the veth pairs tb<k>v<i> (on the bridge) / tb<k>p<i> (in the member) and the subnet
# 10.213.<k>.0/24 (leader .1, member i .(10+i)). Nothing routes out of it. The state is /run/ncclkit-testbed/<k>:
# owner (the PID whose death makes the test bed stale: TESTBED_OWNER, default the caller), members (one line per
# member: name address namespace sshd-pid), leader/ (ssh key, known_hosts, ssh_config, hosts), node<i>/ (home, hosts,
# sshd_config, host key, log).
# Needs root, iproute2 (ip), openssh-server, util-linux (unshare, nsenter). Exit 2 with one line when it cannot run.
set -Eeuo pipefail

STATE_ROOT=/run/ncclkit-testbed
USERS=${TESTBED_USERS:-ncclkit-test}
SSHD=/usr/sbin/sshd

die() { echo "testbed: $*" >&2; exit 1; }
cannot() { echo "testbed: cannot make namespaces here: $*" >&2; exit 2; }

require() {
  [ "$(id -u)" = 0 ] || cannot "not root"
  command -v ip >/dev/null || cannot "no ip command (apt-get install iproute2)"
  [ -x "$SSHD" ] || cannot "no $SSHD (apt-get install openssh-server)"
  command -v ssh-keygen >/dev/null || cannot "no ssh-keygen (apt-get install openssh-client)"
  command -v unshare >/dev/null && command -v nsenter >/dev/null || cannot "no unshare/nsenter (util-linux)"
}

alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null; }

# Stops every process of a test bed: the recorded sshd PIDs, then whatever still runs in its namespaces (the sessions
# and commands those sshd started), then removes the links, namespaces and the folder (last: a name without its folder
# is stray).
teardown() {
  local dir=$1 slot
  slot=$(basename "$dir")
  if [ -f "$dir/members" ]; then
    while read -r _name _address _ns pid; do
      alive "$pid" && kill -9 "$pid" 2>/dev/null || true
    done <"$dir/members"
  fi
  local ns
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep -E "^tb${slot}m[0-9]+$" || true); do
    ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
    ip netns delete "$ns" 2>/dev/null || true
  done
  local link
  for link in $(ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | sed 's/@.*//' \
      | grep -E "^tb${slot}(br|v[0-9]+)$" || true); do
    ip link delete "$link" 2>/dev/null || true
  done
  rm -rf "$dir"
}

# A test bed is stale when its owner is gone (or it never recorded one and is older than a minute).
clean() {
  mkdir -p "$STATE_ROOT"
  local dir owner
  for dir in "$STATE_ROOT"/*; do
    [ -d "$dir" ] || continue
    owner=$(cat "$dir/owner" 2>/dev/null || true)
    if [ -n "$owner" ] && alive "$owner"; then continue; fi
    if [ -z "$owner" ] && [ -n "$(find "$dir" -maxdepth 0 -newermt '-60 seconds')" ]; then continue; fi
    teardown "$dir"
  done
  # Names of slots that have no folder are left from a run whose folder went away: remove them.
  local ns link slot
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep -E '^tb[0-9]+m[0-9]+$' || true); do
    slot=${ns#tb}; slot=${slot%%m*}
    [ -d "$STATE_ROOT/$slot" ] && continue
    ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
    ip netns delete "$ns" 2>/dev/null || true
  done
  for link in $(ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | sed 's/@.*//' | grep -E '^tb[0-9]+(br|v[0-9]+)$' || true); do
    slot=${link#tb}; slot=${slot%%[bv]*}
    [ -d "$STATE_ROOT/$slot" ] || ip link delete "$link" 2>/dev/null || true
  done
}

claim_slot() {
  local k
  for k in $(seq 0 63); do
    if mkdir "$STATE_ROOT/$k" 2>/dev/null; then
      echo "$k"
      return
    fi
  done
  die "all 64 test-bed slots in $STATE_ROOT are taken by live runs"
}

member_hosts() { # the /etc/hosts of member $1 (0 for the leader's)
  local dir=$1 self=$2 n=$3 slot=$4 i
  echo "127.0.0.1 localhost"
  [ "$self" -gt 0 ] && echo "127.0.1.1 node$self" # as Debian writes it: a member's own name is loopback there
  echo "10.213.$slot.1 leader"
  for i in $(seq 1 "$n"); do echo "10.213.$slot.$((10 + i)) node$i"; done
}

start_sshd() { # member index, test-bed folder; records nothing (the caller writes the members file)
  local i=$1 dir=$2 slot
  slot=$(basename "$dir")
  local node="$dir/node$i"
  ip netns exec "tb${slot}m$i" unshare --mount --uts --propagation private sh -c '
      mount --bind "$1/home" /home && mount --bind "$1/hosts" /etc/hosts && mount --bind "$1/hostname" /etc/hostname \
      && hostname "$2" && exec '"$SSHD"' -D -e -f "$1/sshd_config"' sh "$node" "node$i" >>"$node/sshd.log" 2>&1 &
  echo $!
}

await_sshd() { # address: waits up to 10 s for the SSH greeting on port 22
  local address=$1 tries=0
  until timeout 1 bash -c "exec 3<>/dev/tcp/$address/22 && head -c 4 <&3 | grep -q SSH-" 2>/dev/null; do
    tries=$((tries + 1))
    [ $tries -lt 100 ] || return 1
    sleep 0.1
  done
}

up() {
  local n=$1
  [[ $n =~ ^[0-9]+$ ]] && [ "$n" -ge 1 ] && [ "$n" -le 200 ] || die "up N: N is 1 to 200, not '$n'"
  require
  mkdir -p /run/sshd "$STATE_ROOT" # sshd's privilege-separation folder
  clean
  local slot dir
  slot=$(claim_slot)
  dir="$STATE_ROOT/$slot"
  echo "${TESTBED_OWNER:-$PPID}" >"$dir/owner"
  trap 'teardown "$dir"' ERR
  ip netns add "tb${slot}probe" 2>/dev/null || { rm -rf "$dir"; cannot "ip netns add failed (no network namespaces?)"; }
  ip netns delete "tb${slot}probe"

  ip link add "tb${slot}br" type bridge
  ip addr add "10.213.$slot.1/24" dev "tb${slot}br"
  ip link set "tb${slot}br" up

  mkdir -p "$dir/leader"
  ssh-keygen -q -t ed25519 -N '' -C "testbed-leader" -f "$dir/leader/id_ed25519"
  { cat /etc/hosts; echo "# the test bed's members"; member_hosts "$dir" 0 "$n" "$slot" | tail -n +2; } >"$dir/leader/hosts"
  : >"$dir/leader/known_hosts"
  {
    for i in $(seq 1 "$n"); do
      printf 'Host node%s\n    HostName 10.213.%s.%s\n' "$i" "$slot" $((10 + i))
    done
    printf 'Host *\n    IdentityFile %s\n    UserKnownHostsFile %s\n    StrictHostKeyChecking yes\n    BatchMode yes\n' \
      "$dir/leader/id_ed25519" "$dir/leader/known_hosts"
  } >"$dir/leader/ssh_config"

  local i
  for i in $(seq 1 "$n"); do
    local ns="tb${slot}m$i" node="$dir/node$i" address="10.213.$slot.$((10 + i))"
    ip netns add "$ns"
    ip link add "tb${slot}v$i" type veth peer name "tb${slot}p$i" netns "$ns"
    ip link set "tb${slot}v$i" master "tb${slot}br" up
    ip -n "$ns" link set lo up
    ip -n "$ns" addr add "$address/24" dev "tb${slot}p$i"
    ip -n "$ns" link set "tb${slot}p$i" up

    mkdir -p "$node/home"
    chmod 755 "$node" "$node/home"
    local user
    for user in $USERS; do
      if id -u "$user" >/dev/null 2>&1; then
        mkdir -p "$node/home/$user"
        chown "$user:" "$node/home/$user"
        chmod 755 "$node/home/$user"
      fi
    done
    member_hosts "$dir" "$i" "$n" "$slot" >"$node/hosts"
    echo "node$i" >"$node/hostname"
    ssh-keygen -q -t ed25519 -N '' -C "node$i" -f "$node/ssh_host_ed25519_key"
    cp "$dir/leader/id_ed25519.pub" "$node/root_authorized_keys"
    chmod 600 "$node/root_authorized_keys"
    cat >"$node/sshd_config" <<EOF
Port 22
HostKey $node/ssh_host_ed25519_key
PidFile none
UsePAM no
StrictModes yes
PubkeyAuthentication yes
PasswordAuthentication yes
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
AllowUsers root $USERS
AuthorizedKeysFile .ssh/authorized_keys
MaxStartups 64
MaxSessions 64
LogLevel VERBOSE
Match User root
    AuthorizedKeysFile $node/root_authorized_keys
EOF
    echo "node$i,$address $(cut -d' ' -f1,2 "$node/ssh_host_ed25519_key.pub")" >>"$dir/leader/known_hosts"
  done

  : >"$dir/members.new"
  for i in $(seq 1 "$n"); do
    echo "node$i 10.213.$slot.$((10 + i)) tb${slot}m$i $(start_sshd "$i" "$dir")" >>"$dir/members.new"
  done
  mv "$dir/members.new" "$dir/members"
  while read -r name address _ns _pid; do
    await_sshd "$address" || die "sshd of $name ($address) did not answer within 10 s; its log: $(cat "$dir/$name/sshd.log")"
  done <"$dir/members"
  trap - ERR
  echo "$dir"
}

in_member() { # DIR I CMD...: the member's namespaces, entered through its sshd's
  local dir=$1 i=$2
  shift 2
  local pid
  pid=$(awk -v name="node$i" '$1 == name {print $4}' "$dir/members")
  alive "$pid" || die "node$i's sshd (pid ${pid:-none}) is not running"
  exec nsenter -t "$pid" -n -m -u -- "$@"
}

case "${1:-}" in
  up) up "${2:-}" ;;
  down) [ -d "${2:-}" ] || die "down DIR: no test bed at '${2:-}'"; teardown "$2" ;;
  clean) require; clean ;;
  restart-sshd) # DIR I: starts member I's sshd again (after a kill or a new host key) and records its PID
    dir=$2 i=$3
    pid=$(start_sshd "$i" "$dir")
    awk -v name="node$i" -v pid="$pid" '$1 == name {$4 = pid} {print}' "$dir/members" >"$dir/members.new"
    mv "$dir/members.new" "$dir/members"
    await_sshd "10.213.$(basename "$dir").$((10 + i))" || die "sshd of node$i did not answer within 10 s"
    echo "$pid" ;;
  leader) dir=$2; shift 2
    exec unshare --mount --propagation private sh -c 'mount --bind "$0" /etc/hosts && exec "$@"' "$dir/leader/hosts" "$@" ;;
  member) dir=$2 i=$3; shift 3; in_member "$dir" "$i" "$@" ;;
  *) sed -n '2,20p' "$0" >&2; exit 6 ;;
esac
