/** Helpers shared by the emulator tests: an in-process emulator and a client pointed at it. */

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { SiteRecoveryManagementClient } from "@azure/arm-recoveryservices-siterecovery";
import {
  bundledScenarioPath,
  parseScenario,
  type RunningEmulator,
  type ScenarioInput,
  type StartEmulatorOptions,
  startEmulator,
} from "asr-emulator";
import { AzureAsrClient } from "../../../provider/client/asrClient";
import { type AzureClientConfigInput, resolveClientConfig } from "../../../provider/client/config";
import { unusedCredential, useStaticToken } from "../../../provider/client/pipeline";
import { spawnInOwnGroup } from "../../support/processes";

/** The bundled healthy scenario as an object (tests modify copies of it). */
export function healthyScenario(): ScenarioInput {
  return structuredClone(
    parseScenario(readFileSync(bundledScenarioPath("vmware-healthy"), "utf8")),
  ) as ScenarioInput;
}

/** Starts an emulator on an ephemeral port with a frozen clock. */
export function startTestEmulator(options: Partial<StartEmulatorOptions> = {}): Promise<RunningEmulator> {
  return startEmulator({ scenario: options.scenario ?? healthyScenario(), ...options });
}

/**
 * Runs the emulator as a program (`asr-emulator`, from its sources) with `args` and a fresh state
 * directory, hands `use` what its ready line says, then stops it. Rejects with its stderr when it
 * exits before it is ready.
 */
export async function withEmulatorProgram(
  args: readonly string[],
  use: (ready: RunningEmulator) => Promise<void>,
): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), "asr-program-"));
  const cli = join(__dirname, "../../../emulator/cli.ts");
  const child = spawnInOwnGroup(process.execPath, ["--import", "tsx", cli, "--state", directory, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  try {
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once("line", resolve);
      exited.then((code) => reject(new Error(`exited with ${code}: ${stderr}`)));
    });
    await use(JSON.parse(line) as RunningEmulator);
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
    rmSync(directory, { recursive: true, force: true });
  }
}

/** A client for the emulator that polls and retries without waiting. */
export function clientFor(
  emulator: RunningEmulator,
  overrides: Partial<AzureClientConfigInput> = {},
): AzureAsrClient {
  const config = resolveClientConfig(
    {
      endpoint: emulator.endpoint,
      token: emulator.token,
      subscriptionId: emulator.subscriptionId,
      resourceGroup: emulator.resourceGroup,
      vaultName: emulator.vaultName,
      pollIntervalInMs: 0,
      retry: { maxRetries: 4, retryDelayInMs: 1, maxRetryDelayInMs: 5 },
      ...overrides,
    },
    {},
  );
  return new AzureAsrClient(config, unusedCredential);
}

/** The official Site Recovery SDK client pointed at the emulator: static token, no retries. */
export function siteRecoveryClientFor(emulator: RunningEmulator): SiteRecoveryManagementClient {
  const client = new SiteRecoveryManagementClient(unusedCredential, emulator.subscriptionId, {
    endpoint: emulator.endpoint,
    allowInsecureConnection: true,
    retryOptions: { maxRetries: 0 },
  });
  useStaticToken(client.pipeline, emulator.token);
  return client;
}

/** The JSON an emulator path answers (`path` below the subscription), read without the SDK. */
export async function rawJson(emulator: RunningEmulator, path: string): Promise<unknown> {
  const separator = path.includes("?") ? "&" : "?";
  const response = await fetch(
    `${emulator.endpoint}/subscriptions/${emulator.subscriptionId}${path}${separator}api-version=2023-06-01`,
    { headers: { authorization: `Bearer ${emulator.token}` } },
  );
  if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}`);
  return response.json();
}

/**
 * Paths of the fields a raw answer carries (with a value) that the SDK's deserialized object
 * lacks: what the SDK would silently drop.
 */
export function fieldsLostBySdk(raw: unknown, parsed: unknown, at = ""): string[] {
  if (raw === null || typeof raw !== "object") return [];
  if (Array.isArray(raw)) {
    return raw.flatMap((entry, index) =>
      fieldsLostBySdk(entry, Array.isArray(parsed) ? parsed[index] : undefined, `${at}[${index}]`),
    );
  }
  return Object.entries(raw).flatMap(([key, value]) => {
    const target =
      parsed !== null && typeof parsed === "object" ? (parsed as Record<string, unknown>)[key] : undefined;
    if (value === null || value === undefined) return [];
    if (target === undefined) return [`${at}.${key}`];
    return fieldsLostBySdk(value, target, `${at}.${key}`);
  });
}

/** Locators of the healthy scenario's items. */
export const vmware = (itemName: string) => ({
  fabricName: "cs-contoso",
  containerName: "cs-contoso-container",
  itemName,
});

/** The healthy scenario's Windows master target. */
export const WINDOWS_MASTER_TARGET = "9A1B2C3D-0000-4000-8000-000000000001";
/** The healthy scenario's Linux master target. */
export const LINUX_MASTER_TARGET = "9A1B2C3D-0000-4000-8000-000000000002";

/** ID of the configuration server's own process server. */
export async function onPremisesProcessServerId(client: AzureAsrClient): Promise<string> {
  const fabric = await client.getFabric("cs-contoso");
  const details = fabric?.properties?.customDetails as { processServers?: { id?: string }[] } | undefined;
  return details!.processServers![0]!.id!;
}

/** Creates the failback (InMage) policy and associates it with the VMware container. */
export async function prepareFailbackPolicy(client: AzureAsrClient): Promise<void> {
  await client.createPolicy("policy-failback", { instanceType: "InMage", multiVmSyncStatus: "Enable" });
  await client.createContainerMapping("cs-contoso", "cs-contoso-container", "failback-mapping", {
    policyId: "policy-failback",
    targetProtectionContainerId: "Microsoft Azure",
  });
}

/** Reprotect input for a VMware item through the Windows master target. */
export function inMageReprotect(processServerId: string, overrides: Record<string, unknown> = {}) {
  return {
    failoverDirection: "RecoveryToPrimary",
    providerSpecificDetails: {
      instanceType: "InMage" as const,
      masterTargetId: WINDOWS_MASTER_TARGET,
      processServerId,
      retentionDrive: "E:",
      datastoreName: "vmfs-gold",
      profileId: "policy-failback",
      ...overrides,
    },
  };
}

/** `error.details[0]` of an SDK error for a refusal by Site Recovery (under ARM's `BadRequest`). */
export function serviceErrorOf(error: unknown): {
  outerCode?: string;
  code?: string;
  message?: string;
  possibleCauses?: string;
  recommendedAction?: string;
  activityId?: string;
  clientRequestId?: string;
} {
  const candidate = error as {
    code?: string;
    details?: { body?: { error?: { details?: Record<string, string>[] } } };
  };
  const detail = candidate.details?.body?.error?.details?.[0] ?? {};
  return { outerCode: candidate.code, ...detail };
}
