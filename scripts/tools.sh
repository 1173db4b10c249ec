# Sourced by the repository's entry scripts: installs what the project needs (pinned Node,
# npm dependencies, the Pulumi CLI and its Node language host) and puts it on PATH.
# Prints how long each phase took. Safe to run repeatedly: every step is cached.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# phase NAME COMMAND...: runs COMMAND and prints its duration.
phase() {
  local name="$1"
  shift
  local started="$EPOCHREALTIME"
  "$@"
  local status=$?
  printf 'phase %-30s %7.1f s%s\n' "$name" "$(awk -v a="$started" -v b="$EPOCHREALTIME" 'BEGIN { print b - a }')" \
    "$([ $status -eq 0 ] || echo "  (failed: exit $status)")"
  return $status
}

setup_node() {
  local node_bin
  node_bin="$(bash "$REPO_ROOT/scripts/setup-node.sh")" || return 1
  export PATH="$node_bin:$PATH"
}

# Installs the locked dependencies when node_modules is missing or older than the lockfile.
# `npm ci`: it installs exactly what the lockfile says and never writes it, so setting up a clone
# leaves package-lock.json as committed. The lockfile lists every platform's optional binaries
# (biome's @biomejs/cli-*), which `npm ci` needs to accept it on any platform.
# The root is an npm workspace (contract, provider, emulator): the install links each package into
# node_modules, so `require("pulumi-asr-failback")` in a dynamic-provider process, which Pulumi
# evaluates with no file name, resolves from the project's node_modules to provider/dist.
install_dependencies() {
  local marker="$REPO_ROOT/node_modules/.package-lock.json"
  if [ ! -f "$marker" ] || [ "$REPO_ROOT/package-lock.json" -nt "$marker" ]; then
    (cd "$REPO_ROOT" && npm ci --no-audit --no-fund --loglevel=error) || return 1
  fi
}

setup_pulumi() {
  local pulumi_bin
  pulumi_bin="$(bash "$REPO_ROOT/scripts/setup-pulumi.sh")" || return 1
  export PATH="$pulumi_bin:$PATH"
}

export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
phase "setup node" setup_node || exit 1
phase "npm install" install_dependencies || exit 1
phase "setup pulumi cli" setup_pulumi || exit 1
echo "using node $(node --version), npm $(npm --version 2>/dev/null), $(pulumi version) at $(command -v pulumi)"
