#!/usr/bin/env bash
# Installs what vigil needs on a Debian machine, and only what is missing.
#
#   scripts/setup.sh            runtime: Java 17, Maven, libpcap (capture), ieee-data (MAC vendors)
#   scripts/setup.sh --test     also what the test suite uses: tcpreplay/tcprewrite and iproute2
#                               (live capture test on a veth pair), python3 (demo generator)
#   scripts/setup.sh --bench    also the peers of the benchmark harness: tcpdump, tshark, ndpiReader
#
# As root it installs with apt-get; otherwise it prints the apt-get command to run and fails
# only when something needed to build or run is missing.
set -euo pipefail

want=(openjdk-17-jdk-headless maven libpcap0.8 ieee-data curl unzip)
for arg in "$@"; do
  case "$arg" in
    --test) want+=(tcpreplay iproute2 procps python3) ;;
    --bench) want+=(tcpreplay iproute2 procps python3 tcpdump tshark libndpi-bin bc) ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "setup.sh: unknown option $arg (see --help)" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    # a JDK or Maven installed another way (e.g. a different package name) is fine too
    case "$p" in
      openjdk-17-jdk-headless) command -v javac >/dev/null && javac -version 2>&1 | grep -q ' 17\.' && continue ;;
      maven) command -v mvn >/dev/null && continue ;;
    esac
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "setup.sh: missing packages: ${missing[*]}" >&2
  echo "setup.sh: run as root: apt-get update && apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "setup.sh: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# tshark asks whether non-root users may capture; answer no without a prompt
echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections 2>/dev/null || true
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
