#!/usr/bin/env bash
# Makes a Pulumi CLI of the pinned version available in $PULUMI_HOME/bin (default ~/.pulumi/bin).
#
# Order of preference:
#   1. a `pulumi` on PATH (or already in the cache) whose version is at least the pinned one;
#   2. a build from Go modules served by the module proxy. pkg/v3's go.mod carries a local
#      `replace ../sdk` line, so `go install` refuses it; a small wrapper module requires pkg/v3
#      and sdk/v3 at the same version and copies pkg's non-local replace lines instead;
#   3. otherwise: explain how to install the CLI with the official installer, and fail.
#
# Also builds this repository's Node language host (scripts/language-host), which the
# `pulumi` CLI needs to run Node programs from a Pulumi.yaml.
#
# Prints the directory to put on PATH as its last line.
set -euo pipefail

PULUMI_VERSION="${PULUMI_VERSION:-3.259.0}"
PULUMI_HOME="${PULUMI_HOME:-$HOME/.pulumi}"
BIN_DIR="$PULUMI_HOME/bin"
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${PULUMI_BUILD_DIR:-$HOME/.cache/pulumi-asr-failback/pulumi-cli-$PULUMI_VERSION}"

log() { echo "setup-pulumi: $*" >&2; }

# version_at_least A B: true when semantic version A >= B.
version_at_least() {
  [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]
}

installed_version() {
  "$1" version 2>/dev/null | head -n1 | sed -e 's/^v//'
}

have_usable_cli() {
  local candidate="$1"
  [ -x "$candidate" ] || return 1
  local v
  v="$(installed_version "$candidate")" || return 1
  [ -n "$v" ] && version_at_least "$v" "$PULUMI_VERSION"
}

build_cli_from_go_modules() {
  command -v go >/dev/null 2>&1 || return 1
  log "building pulumi v$PULUMI_VERSION from Go modules in $BUILD_DIR (first run only; several minutes)"
  mkdir -p "$BUILD_DIR" "$BIN_DIR"
  local pkg_mod
  pkg_mod="$(cd "$BUILD_DIR" && GOFLAGS=-mod=mod go mod download -json "github.com/pulumi/pulumi/pkg/v3@v$PULUMI_VERSION" | sed -n 's/^\s*"GoMod": "\(.*\)",$/\1/p')"
  if [ ! -f "$pkg_mod" ]; then
    log "could not download github.com/pulumi/pulumi/pkg/v3@v$PULUMI_VERSION from the Go module proxy"
    return 1
  fi
  {
    echo "module pulumi-cli-wrapper"
    echo
    echo "go 1.25"
    echo
    echo "require ("
    echo "	github.com/pulumi/pulumi/pkg/v3 v$PULUMI_VERSION"
    echo "	github.com/pulumi/pulumi/sdk/v3 v$PULUMI_VERSION"
    echo ")"
    echo
    # Non-local replace lines of pkg/v3 (a local path such as ../sdk cannot apply outside its repo).
    grep -E '^replace ' "$pkg_mod" | grep -v -E '=> *\.\.?/' || true
  } >"$BUILD_DIR/go.mod"
  cat >"$BUILD_DIR/tools.go" <<'GO'
//go:build tools

package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
GO
  (
    cd "$BUILD_DIR"
    GOFLAGS=-mod=mod go mod tidy >&2
    GOFLAGS=-mod=mod go build -trimpath -o "$BIN_DIR/pulumi" \
      -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION" \
      github.com/pulumi/pulumi/pkg/v3/cmd/pulumi >&2
  )
}

build_language_host() {
  local src="$REPO_ROOT/scripts/language-host"
  local stamp="$BIN_DIR/.pulumi-language-nodejs.sha256"
  local sum
  sum="$(cat "$src/go.mod" "$src"/*.go | sha256sum | cut -d' ' -f1)"
  if [ -x "$BIN_DIR/pulumi-language-nodejs" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ]; then
    return 0
  fi
  command -v go >/dev/null 2>&1 || { log "Go is needed to build the Node language host"; return 1; }
  log "building the Node language host"
  (cd "$src" && GOFLAGS=-mod=mod go build -trimpath -o "$BIN_DIR/pulumi-language-nodejs" . >&2)
  echo "$sum" >"$stamp"
}

# The dynamic-provider plugin is a shell shim that ships in the @pulumi/pulumi npm package and runs
# the provider with the project's own @pulumi/pulumi; the engine looks for it beside the CLI.
install_dynamic_provider_shim() {
  local shim="$REPO_ROOT/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
  if [ -f "$shim" ] && ! cmp -s "$shim" "$BIN_DIR/pulumi-resource-pulumi-nodejs"; then
    install -m 0755 "$shim" "$BIN_DIR/pulumi-resource-pulumi-nodejs"
  fi
  if [ ! -x "$BIN_DIR/pulumi-resource-pulumi-nodejs" ] && ! command -v pulumi-resource-pulumi-nodejs >/dev/null 2>&1; then
    log "pulumi-resource-pulumi-nodejs not found: run npm ci first, then this script again"
    return 1
  fi
}

main() {
  mkdir -p "$BIN_DIR"
  local on_path
  on_path="$(command -v pulumi || true)"
  if [ -n "$on_path" ] && [ "$on_path" != "$BIN_DIR/pulumi" ] && have_usable_cli "$on_path"; then
    log "using $on_path ($(installed_version "$on_path"))"
    install_dynamic_provider_shim
    dirname "$on_path"
    return 0
  fi
  if ! have_usable_cli "$BIN_DIR/pulumi"; then
    if ! build_cli_from_go_modules; then
      log "no pulumi CLI >= $PULUMI_VERSION could be found or built."
      log "install it with the official installer:  curl -fsSL https://get.pulumi.com | sh -s -- --version $PULUMI_VERSION"
      log "then rerun this script, or put pulumi on PATH."
      exit 1
    fi
  fi
  if ! command -v pulumi-language-nodejs >/dev/null 2>&1 || [ "$(command -v pulumi-language-nodejs)" = "$BIN_DIR/pulumi-language-nodejs" ]; then
    build_language_host
  fi
  install_dynamic_provider_shim
  log "pulumi $(installed_version "$BIN_DIR/pulumi") in $BIN_DIR"
  echo "$BIN_DIR"
}

main "$@"
