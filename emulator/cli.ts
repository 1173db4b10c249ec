#!/usr/bin/env node
/**
 * `asr-emulator --scenario FILE --state DIR [--port N] [--time-scale X] [--page-size N] [--throttling SPEC] [--reset]`
 *
 * Runs the emulator as a program. When ready it prints ONE JSON line on stdout:
 * `{"endpoint", "token", "subscriptionId", "resourceGroup", "vaultName", "location", "pid"}`.
 * It stops cleanly on SIGINT / SIGTERM (world persisted). A corrupt state file is an error with
 * exit code 1, never a silent reset.
 */
import { parseArgs } from "node:util";
import { bundledScenarioPath, DEFAULT_PAGE_SIZE, startEmulator, type ThrottlingInput } from "./index";

const USAGE = `usage: asr-emulator --scenario FILE|NAME --state DIR [--port N] [--time-scale X] [--retry-after S] [--page-size N] [--lro-location] [--throttling SPEC] [--reset]

  --scenario     scenario YAML file, or the name of a bundled one (e.g. vmware-healthy)
  --state        directory where the world persists across restarts
  --port         port on 127.0.0.1 (default: ephemeral)
  --time-scale   simulated seconds per real second (default 60)
  --retry-after  Retry-After seconds on accepted operations (default 1; the service sends 30)
  --page-size    items per page of list answers before a nextLink (default 100)
  --lro-location answer accepted operations with a Location final-result URL too (default: only
                 Azure-AsyncOperation and Retry-After, as Microsoft's published examples show)
  --throttling   ARM's request limits: "off", "on" (the scenario's, by default ARM's), or limits
                 such as reads=250/25,writes=200/10,deletes=200/10,subscription=15 (bucket size /
                 refill per simulated second per principal; the subscription-wide multiple)
  --token        bearer token to accept (default: the saved one, else a new one)
  --reset        discard the saved world and start again from the scenario`;

/**
 * `--throttling`: `off`, `on`, or `kind=size/refill` pairs and `subscription=multiple`, comma
 * separated. The result is validated by the throttling schema when the emulator starts.
 */
function throttlingOption(spec: string | undefined): ThrottlingInput | false | undefined {
  if (spec === undefined || spec === "on") return undefined;
  if (spec === "off") return false;
  const limits: Record<string, unknown> = {};
  for (const part of spec.split(",")) {
    const [key, value = ""] = part.split("=").map((text) => text.trim());
    if (key === "subscription") {
      limits["subscriptionMultiplier"] = Number(value);
    } else if (key === "reads" || key === "writes" || key === "deletes") {
      const [bucketSize, refillPerSecond] = value.split("/").map(Number);
      limits[key] = { bucketSize, refillPerSecond };
    } else {
      throw new Error(
        `--throttling: unknown part "${part}"; give off, on, or reads=SIZE/REFILL,writes=…,deletes=…,subscription=MULTIPLE`,
      );
    }
  }
  return limits as ThrottlingInput;
}

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
        throttling: { type: "string" },
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
    throttling: throttlingOption(values["throttling"] as string | undefined),
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
