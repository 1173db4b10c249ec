/**
 * Provider configuration: which vault (or emulator) the resources talk to, and whether live
 * prerequisite checks run. One process-wide {@link AsrClient} is built from it.
 *
 * ## Where the values come from
 *
 * Stack configuration wins; environment variables fill the gaps. Verified with the real CLI
 * (v3.259.0): the `pulumi-nodejs` dynamic-provider plugin hands `configure` the **whole stack
 * configuration** with fully qualified keys (`asr-failback:endpoint`, `<project>:endpoint`,
 * `pulumi-nodejs:endpoint` all arrive as written), and secret values arrive decrypted. The keys
 * therefore live in their own `asr-failback:` namespace:
 *
 * | stack config key | environment variable | meaning |
 * |---|---|---|
 * | `asr-failback:subscriptionId` | `AZURE_SUBSCRIPTION_ID` | subscription of the vault |
 * | `asr-failback:resourceGroup` | `ASR_FAILBACK_RESOURCE_GROUP` | resource group of the vault |
 * | `asr-failback:vaultName` | `ASR_FAILBACK_VAULT` | Recovery Services vault |
 * | `asr-failback:endpoint` | `ASR_FAILBACK_ENDPOINT` | ARM endpoint (the emulator's URL when rehearsing) |
 * | `asr-failback:token` (set with `--secret`) | `ASR_FAILBACK_TOKEN` | static bearer token (the emulator's) |
 * | `asr-failback:pollIntervalInMs` | `ASR_FAILBACK_POLL_INTERVAL_MS` | interval of LRO and registration polls |
 * | `asr-failback:skipLiveChecks` | `ASR_FAILBACK_SKIP_LIVE_CHECKS` | `true`: `check` runs the static rules only (offline previews) |
 *
 * The environment of the `pulumi` CLI reaches the provider process, so the variables always work.
 * Without a token the client authenticates with `DefaultAzureCredential`.
 */
import type * as pulumi from "@pulumi/pulumi";
import { type AsrClient, createAsrClient } from "./client/asrClient";
import type { AzureClientConfigInput } from "./client/config";

/** Namespace of the provider's stack configuration keys. */
export const CONFIG_NAMESPACE = "asr-failback";

/** Stack configuration keys the provider reads (fully qualified). */
export const ProviderConfigKeys = {
  subscriptionId: `${CONFIG_NAMESPACE}:subscriptionId`,
  resourceGroup: `${CONFIG_NAMESPACE}:resourceGroup`,
  vaultName: `${CONFIG_NAMESPACE}:vaultName`,
  endpoint: `${CONFIG_NAMESPACE}:endpoint`,
  token: `${CONFIG_NAMESPACE}:token`,
  pollIntervalInMs: `${CONFIG_NAMESPACE}:pollIntervalInMs`,
  skipLiveChecks: `${CONFIG_NAMESPACE}:skipLiveChecks`,
} as const;

/** Environment variable of the live-checks switch (the client's variables are in `ClientEnvironment`). */
export const SKIP_LIVE_CHECKS_VARIABLE = "ASR_FAILBACK_SKIP_LIVE_CHECKS";

/** Poll interval of provider-level waits (e.g. process server registration) when none is configured. */
export const DEFAULT_POLL_INTERVAL_IN_MS = 30_000;

/** The resolved provider settings. */
export interface ProviderSettings {
  /** Client configuration from stack config; the client fills gaps from the environment. */
  readonly client: Partial<AzureClientConfigInput>;
  /** When true, `check` runs only the rules that need no live read. */
  readonly skipLiveChecks: boolean;
  /** Interval between polls of provider-level waits, in milliseconds. */
  readonly pollIntervalInMs: number;
}

/** The part of a configuration bag the provider reads (the dynamic provider's `Config`). */
export interface ConfigSource {
  get(key: string): string | undefined;
}

function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const string = String(value).trim();
  return string.length > 0 ? string : undefined;
}

function flag(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  return /^(true|1|yes|on)$/i.test(value);
}

function integer(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  return Number.isInteger(number) && number >= 0 ? number : undefined;
}

/**
 * Resolves the settings from stack configuration (wins) and the environment (fills gaps).
 * Never throws: a missing vault is reported when a resource first needs the client.
 */
export function resolveProviderSettings(
  config: ConfigSource | undefined,
  environment: NodeJS.ProcessEnv = process.env,
): ProviderSettings {
  const get = (key: string) => text(config?.get(key));
  const client: Record<string, unknown> = {};
  const put = (field: keyof AzureClientConfigInput, value: unknown) => {
    if (value !== undefined) client[field] = value;
  };
  put("subscriptionId", get(ProviderConfigKeys.subscriptionId));
  put("resourceGroup", get(ProviderConfigKeys.resourceGroup));
  put("vaultName", get(ProviderConfigKeys.vaultName));
  put("endpoint", get(ProviderConfigKeys.endpoint));
  put("token", get(ProviderConfigKeys.token));
  const configuredInterval = integer(get(ProviderConfigKeys.pollIntervalInMs));
  put("pollIntervalInMs", configuredInterval);
  const pollIntervalInMs =
    configuredInterval ??
    integer(text(environment["ASR_FAILBACK_POLL_INTERVAL_MS"])) ??
    DEFAULT_POLL_INTERVAL_IN_MS;
  const skipLiveChecks =
    flag(get(ProviderConfigKeys.skipLiveChecks)) ??
    flag(text(environment[SKIP_LIVE_CHECKS_VARIABLE])) ??
    false;
  return { client: client as Partial<AzureClientConfigInput>, skipLiveChecks, pollIntervalInMs };
}

let settings: ProviderSettings | undefined;
let clientPromise: Promise<AsrClient> | undefined;
let testClient: AsrClient | undefined;
const resetListeners = new Set<() => void>();

/**
 * Registers a callback run whenever the settings or the client change (the live-site cache
 * drops its reads then). Returns a function that unregisters it.
 */
export function onProviderReset(listener: () => void): () => void {
  resetListeners.add(listener);
  return () => resetListeners.delete(listener);
}

function notifyReset(): void {
  for (const listener of resetListeners) listener();
}

/**
 * The dynamic provider's `configure`: every resource kind of the package calls it once per
 * provider process with the stack configuration. Re-configuring with the same settings keeps
 * the client and the live-site cache.
 */
export async function configureProvider(request: pulumi.dynamic.ConfigureRequest): Promise<void> {
  const next = resolveProviderSettings(request.config);
  if (settings && JSON.stringify(settings) === JSON.stringify(next)) return;
  settings = next;
  clientPromise = undefined;
  notifyReset();
}

/** The current settings (environment only until `configure` ran). */
export function getProviderSettings(): ProviderSettings {
  settings ??= resolveProviderSettings(undefined);
  return settings;
}

/** Whether `check` skips the live prerequisite reads (see {@link ProviderConfigKeys.skipLiveChecks}). */
export function liveChecksSkipped(): boolean {
  return getProviderSettings().skipLiveChecks;
}

/**
 * The process-wide client, created on first use from the settings. Rejects with a
 * `ClientConfigError` naming the missing fields (and their variables) when the vault is not
 * configured.
 */
export function getAsrClient(): Promise<AsrClient> {
  if (testClient) return Promise.resolve(testClient);
  if (!clientPromise) {
    const pending = createAsrClient(getProviderSettings().client);
    // A failed creation (missing configuration) must not stick: the next call retries.
    pending.catch(() => {
      if (clientPromise === pending) clientPromise = undefined;
    });
    clientPromise = pending;
  }
  return clientPromise;
}

/** Uses `client` (a sinon stub in unit tests) instead of a real one; `undefined` restores. */
export function setAsrClientForTesting(client: AsrClient | undefined): void {
  testClient = client;
  notifyReset();
}

/** Forgets settings, client and cached live reads (tests; a fresh provider process). */
export function resetProviderForTesting(overrides?: Partial<ProviderSettings>): void {
  settings = overrides ? { ...resolveProviderSettings(undefined), ...overrides } : undefined;
  clientPromise = undefined;
  testClient = undefined;
  notifyReset();
}
