#!/usr/bin/env bash
# The main job: a failback rehearsal. Installs what it needs, then runs `pulumi up` of the root
# program on a local state backend in .rehearsal/. Running it again is safe: the stack is reused.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
cd "$REPO_ROOT"

phase "build" npm run --silent build

state_directory="$REPO_ROOT/.rehearsal"
mkdir -p "$state_directory/backend"
export PULUMI_BACKEND_URL="file://$state_directory/backend"
# The rehearsal stack holds no real credentials; a fixed passphrase keeps it non-interactive.
export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE:-rehearsal}"
stack="${REHEARSAL_STACK:-rehearsal}"

pulumi stack select "$stack" --create --non-interactive >/dev/null
phase "pulumi up" pulumi up --yes --skip-preview --non-interactive --stack "$stack"
