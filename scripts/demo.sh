#!/usr/bin/env bash
# The main job: a failback rehearsal against the bundled ASR emulator.
#
# Installs what it needs, starts the emulator with the rehearsal's scenario (its world persists in
# .rehearsal/<path>/emulator), runs `pulumi up` of the rehearsal's program on a local state backend
# in .rehearsal/<path>/backend, prints a summary, and stops the emulator.
#
# Rehearsals (--path):
#   modernized   VMware through a replication appliance (InMageRcm), what VMware and physical
#                sites run today: examples/vmware-modernized (default)
#   classic      VMware through a process server in Azure and a master target (legacy vaults):
#                the root program, bundled scenario vmware-healthy
#   hyperv       Hyper-V to an alternate host: examples/hyperv-alternate-location
#
# Running it again is safe: the world and the stack are reused, so a finished failback shows no
# changes. Options (after `npm run demo --`):
#   --path PATH      modernized (default), classic or hyperv
#   --reset          start over from the scenario
#   --stage STAGE    set the plan's targetStage (reprotected, failedOver, committed, protectedToAzure)
#   --preview        run `pulumi preview --diff` instead of `pulumi up` (what a pull request shows)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
cd "$REPO_ROOT"

rehearsal_path="${REHEARSAL_PATH:-modernized}"
target_stage=""
preview_only=0
reset=0
while [ $# -gt 0 ]; do
  case "$1" in
    --path)
      rehearsal_path="${2:?--path needs a value (modernized, classic, hyperv)}"
      shift
      ;;
    --reset) reset=1 ;;
    --stage)
      target_stage="${2:?--stage needs a value}"
      shift
      ;;
    --preview) preview_only=1 ;;
    *)
      echo "unknown option $1 (expected --path PATH, --reset, --stage STAGE, --preview)" >&2
      exit 2
      ;;
  esac
  shift
done
case "$rehearsal_path" in
  modernized) program_directory="$REPO_ROOT/examples/vmware-modernized" ;;
  classic) program_directory="$REPO_ROOT" ;;
  hyperv) program_directory="$REPO_ROOT/examples/hyperv-alternate-location" ;;
  *)
    echo "unknown rehearsal path $rehearsal_path (expected modernized, classic or hyperv)" >&2
    exit 2
    ;;
esac
# An example brings its own scenario; the root program rehearses on the bundled vmware-healthy.
if [ -f "$program_directory/scenario.yaml" ]; then
  scenario="${REHEARSAL_SCENARIO:-$program_directory/scenario.yaml}"
else
  scenario="${REHEARSAL_SCENARIO:-vmware-healthy}"
fi
state_directory="$REPO_ROOT/.rehearsal/$rehearsal_path"
if [ "$reset" = 1 ]; then
  rm -rf "$state_directory"
  echo "rehearsal state of $rehearsal_path removed; starting again from its scenario"
fi
# Simulated seconds per real second: hours of ASR jobs pass in under a minute.
time_scale="${REHEARSAL_TIME_SCALE:-3600}"

phase "build" npm run --silent build

mkdir -p "$state_directory/backend" "$state_directory/emulator"
emulator_output="$state_directory/emulator.out"
node emulator/dist/cli.js --scenario "$scenario" --state "$state_directory/emulator" \
  --time-scale "$time_scale" --retry-after 0 >"$emulator_output" 2>"$state_directory/emulator.err" &
emulator_pid=$!
trap 'kill -TERM "$emulator_pid" 2>/dev/null; wait "$emulator_pid" 2>/dev/null || true' EXIT

# The emulator prints one JSON line with its endpoint and token when it is ready.
for _ in $(seq 1 100); do
  [ -s "$emulator_output" ] && break
  kill -0 "$emulator_pid" 2>/dev/null || { cat "$state_directory/emulator.err" >&2; exit 1; }
  sleep 0.1
done
ready_line="$(head -n 1 "$emulator_output")"
read_field() { node -e 'process.stdout.write(String(JSON.parse(process.argv[1])[process.argv[2]] ?? ""))' "$ready_line" "$1"; }
export ASR_FAILBACK_ENDPOINT="$(read_field endpoint)"
export ASR_FAILBACK_TOKEN="$(read_field token)"
export AZURE_SUBSCRIPTION_ID="$(read_field subscriptionId)"
export ASR_FAILBACK_RESOURCE_GROUP="$(read_field resourceGroup)"
export ASR_FAILBACK_VAULT="$(read_field vaultName)"
export ASR_FAILBACK_POLL_INTERVAL_MS="${ASR_FAILBACK_POLL_INTERVAL_MS:-200}"
echo "emulator ready at $ASR_FAILBACK_ENDPOINT ($rehearsal_path rehearsal, scenario $(basename "$scenario"), time scale ${time_scale}x)"
cd "$program_directory"

export PULUMI_BACKEND_URL="file://$state_directory/backend"
# The rehearsal stack holds no real credentials; a fixed passphrase keeps it non-interactive.
export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE:-rehearsal}"
stack="${REHEARSAL_STACK:-rehearsal}"
pulumi stack select "$stack" --create --non-interactive >/dev/null
# The process server's credentials are secrets (PS-04): generated once, stored encrypted in the
# stack configuration, passed through stdin so they never appear in a process list.
for secret in processServerAdminPassword configurationServerPassphrase; do
  if ! pulumi config get "$secret" --stack "$stack" >/dev/null 2>&1; then
    node -e 'process.stdout.write(require("node:crypto").randomBytes(18).toString("base64url") + "Aa1!")' |
      pulumi config set --secret "$secret" --stack "$stack" --non-interactive
  fi
done

if [ -n "$target_stage" ]; then
  pulumi config set targetStage "$target_stage" --stack "$stack" --non-interactive
fi
if [ "$preview_only" = 1 ]; then
  phase "pulumi preview" pulumi preview --diff --non-interactive --stack "$stack"
  exit 0
fi
phase "pulumi up" pulumi up --yes --skip-preview --suppress-outputs --non-interactive --stack "$stack"
pulumi stack output --json --stack "$stack" >"$state_directory/outputs.json"
npx --no-install tsx "$REPO_ROOT/scripts/rehearsalSummary.ts" "$state_directory/outputs.json"
