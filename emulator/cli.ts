#!/usr/bin/env node
/**
 * `asr-emulator --scenario FILE --state DIR [--port N] [--time-scale X] [--page-size N] [--reset]`
 *
 * Runs the emulator as a program. When ready it prints ONE JSON line on stdout:
 * `{"endpoint", "token", "subscriptionId", "resourceGroup", "vaultName", "location", "pid"}`.
 * It stops cleanly on SIGINT / SIGTERM (world persisted). A corrupt state file is an error with
 * exit code 1, never a silent reset.
 */
import { parseArgs } from "node:util";
import { bundledScenarioPath, DEFAULT_PAGE_SIZE, startEmulator } from "./index";

const USAGE = `usage: asr-emulator --scenario FILE|NAME --state DIR [--port N] [--time-scale X] [--retry-after S] [--page-size N] [--lro-location] [--reset]

  --scenario     scenario YAML file, or the name of a bundled one (e.g. vmware-healthy)
  --state        directory where the world persists across restarts
  --port         port on 127.0.0.1 (default: ephemeral)
  --time-scale   simulated seconds per real second (default 60)
  --retry-after  Retry-After seconds on accepted operations (default 1; the service sends 30)
  --page-size    items per page of list answers before a nextLink (default 100)
  --lro-location answer accepted operations with a Location final-result URL too (default: only
                 Azure-AsyncOperation and Retry-After, as Microsoft's published examples show)
  --token        bearer token to accept (default: the saved one, else a new one)
  --reset        discard the saved world and start again from the scenario`;

async function main(): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        scenario: { type: "string" },
        state: { type: "string" },
        port: { type: "string" },
        "time-scale": { type: "string" },
        "retry-after": { type: "string" },
        "page-size": { type: "string" },
        token: { type: "string" },
        "lro-location": { type: "boolean", default: false },
        reset: { type: "boolean", default: false },
        help: { type: "boolean", default: false },
      },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`asr-emulator: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values["help"]) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const number = (name: string, fallback: number) => {
    const text = values[name];
    if (text === undefined) return fallback;
    const parsed = Number(text);
    if (!Number.isFinite(parsed) || parsed < 0)
      throw new Error(`--${name} must be a number >= 0, got ${String(text)}`);
    return parsed;
  };
  const state = values["state"] as string | undefined;
  if (!state) {
    process.stderr.write(`asr-emulator: --state is required\n${USAGE}\n`);
    return 2;
  }
  const scenarioArgument = values["scenario"] as string | undefined;
  const scenarioFile =
    scenarioArgument === undefined
      ? undefined
      : /[/\\]|\.ya?ml$/i.test(scenarioArgument)
        ? scenarioArgument
        : bundledScenarioPath(scenarioArgument);
  const emulator = await startEmulator({
    scenarioFile,
    stateDirectory: state,
    reset: values["reset"] === true,
    port: number("port", 0),
    timeScale: number("time-scale", 60),
    retryAfterSeconds: number("retry-after", 1),
    pageSize: number("page-size", DEFAULT_PAGE_SIZE),
    lroLocation: values["lro-location"] === true,
    token: values["token"] as string | undefined,
  });
  process.stdout.write(
    `${JSON.stringify({
      endpoint: emulator.endpoint,
      token: emulator.token,
      subscriptionId: emulator.subscriptionId,
      resourceGroup: emulator.resourceGroup,
      vaultName: emulator.vaultName,
      location: emulator.location,
      pid: process.pid,
    })}\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await emulator.close();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`asr-emulator: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
