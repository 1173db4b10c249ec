/**
 * Client configuration: which Azure (or which emulator) the provider talks to. Comes from an
 * object (the dynamic provider passes stack config) or from environment variables:
 *
 * | variable | field |
 * |---|---|
 * | `AZURE_SUBSCRIPTION_ID` | subscriptionId |
 * | `ASR_FAILBACK_RESOURCE_GROUP` | resourceGroup (of the vault) |
 * | `ASR_FAILBACK_VAULT` | vaultName |
 * | `ASR_FAILBACK_ENDPOINT` | endpoint (emulator URL; default https://management.azure.com) |
 * | `ASR_FAILBACK_TOKEN` | token (static bearer token: the emulator's) |
 * | `ASR_FAILBACK_POLL_INTERVAL_MS` | pollIntervalInMs |
 * | `ASR_FAILBACK_MAX_RETRIES` | retry.maxRetries |
 * | `ASR_FAILBACK_RETRY_DELAY_MS` | retry.retryDelayInMs |
 *
 * Without a token the clients authenticate with `DefaultAzureCredential`.
 */
import { type ArmNameRule, ArmNameRules, armNameProblem } from "asr-contract";
import { z } from "zod";
import { ClientConfigError } from "../errors";

/** A name that goes into every request path, held to ARM's rule before any call is made. */
function armName(rule: ArmNameRule) {
  return z.string().superRefine((value, context) => {
    const problem = armNameProblem(rule, value);
    if (problem !== undefined) context.addIssue({ code: "custom", message: problem });
  });
}

/** The configuration. */
export const AzureClientConfig = z.strictObject({
  /** Subscription holding the vault and the Azure resources. */
  subscriptionId: z.string().min(1),
  /** Resource group of the Recovery Services vault. */
  resourceGroup: armName(ArmNameRules.resourceGroup),
  /** Name of the Recovery Services vault. */
  vaultName: armName(ArmNameRules.recoveryServicesVault),
  /** ARM endpoint; the emulator's URL when rehearsing. */
  endpoint: z.url().default("https://management.azure.com"),
  /** Static bearer token (the emulator's). Never logged. */
  token: z.string().min(1).optional(),
  /** Interval between LRO polls when the service gives no Retry-After, in milliseconds. */
  pollIntervalInMs: z.number().int().nonnegative().default(30_000),
  /** Retries of the pipeline (429 with Retry-After, 408, 5xx, connection resets). */
  retry: z
    .strictObject({
      maxRetries: z.number().int().nonnegative().default(6),
      retryDelayInMs: z.number().int().nonnegative().default(1_000),
      maxRetryDelayInMs: z.number().int().nonnegative().default(60_000),
    })
    .default({ maxRetries: 6, retryDelayInMs: 1_000, maxRetryDelayInMs: 60_000 }),
  /** Default timeout of a read, in milliseconds. */
  requestTimeoutInMs: z
    .number()
    .int()
    .positive()
    .default(2 * 60_000),
  /** Default timeout of an action (reprotect, failover, ...) including its job, in milliseconds. */
  actionTimeoutInMs: z
    .number()
    .int()
    .positive()
    .default(24 * 60 * 60_000),
});
/** Validated configuration (defaults filled in). */
export type AzureClientConfig = z.infer<typeof AzureClientConfig>;
/** Configuration as given (defaults optional). */
export type AzureClientConfigInput = z.input<typeof AzureClientConfig>;

/** Environment variable names. */
export const ClientEnvironment = {
  subscriptionId: "AZURE_SUBSCRIPTION_ID",
  resourceGroup: "ASR_FAILBACK_RESOURCE_GROUP",
  vaultName: "ASR_FAILBACK_VAULT",
  endpoint: "ASR_FAILBACK_ENDPOINT",
  token: "ASR_FAILBACK_TOKEN",
  pollIntervalInMs: "ASR_FAILBACK_POLL_INTERVAL_MS",
  maxRetries: "ASR_FAILBACK_MAX_RETRIES",
  retryDelayInMs: "ASR_FAILBACK_RETRY_DELAY_MS",
} as const;

/**
 * Resolves the configuration: fields of `input` win, environment variables fill the gaps.
 * Throws {@link ClientConfigError} naming the missing or invalid fields.
 */
export function resolveClientConfig(
  input: Partial<AzureClientConfigInput> = {},
  environment: NodeJS.ProcessEnv = process.env,
): AzureClientConfig {
  const fromEnvironment = (name: string) => {
    const value = environment[name];
    return value !== undefined && value.length > 0 ? value : undefined;
  };
  const numberFromEnvironment = (name: string) => {
    const value = fromEnvironment(name);
    return value === undefined ? undefined : Number(value);
  };
  const retryFromEnvironment = {
    maxRetries: numberFromEnvironment(ClientEnvironment.maxRetries),
    retryDelayInMs: numberFromEnvironment(ClientEnvironment.retryDelayInMs),
  };
  const merged = {
    ...input,
    subscriptionId: input.subscriptionId ?? fromEnvironment(ClientEnvironment.subscriptionId),
    resourceGroup: input.resourceGroup ?? fromEnvironment(ClientEnvironment.resourceGroup),
    vaultName: input.vaultName ?? fromEnvironment(ClientEnvironment.vaultName),
    endpoint: input.endpoint ?? fromEnvironment(ClientEnvironment.endpoint),
    token: input.token ?? fromEnvironment(ClientEnvironment.token),
    pollIntervalInMs: input.pollIntervalInMs ?? numberFromEnvironment(ClientEnvironment.pollIntervalInMs),
    retry: {
      ...Object.fromEntries(Object.entries(retryFromEnvironment).filter(([, value]) => value !== undefined)),
      ...(input.retry ?? {}),
    },
  };
  const result = AzureClientConfig.safeParse(merged);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const path = issue.path.join(".") || "(config)";
      const hint = (ClientEnvironment as Record<string, string>)[String(issue.path[issue.path.length - 1])];
      return `${path}: ${issue.message}${hint ? ` (or set ${hint})` : ""}`;
    });
    throw new ClientConfigError(`invalid Azure client configuration: ${problems.join("; ")}`);
  }
  return result.data;
}
