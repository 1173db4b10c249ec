/**
 * The client layer the provider's resources use: one small typed interface over the official
 * SDK clients (Site Recovery, Network) and the ARM REST calls for Compute. The same code talks to
 * real Azure and to the emulator; only the configuration differs.
 *
 * Every call takes an AbortSignal and a timeout. Long-running actions are sent with the SDK's
 * `begin…` calls and return the job they started, read from the `Azure-AsyncOperation` header of
 * the first answer; they wait on the SDK poller (Retry-After honoured, interval injectable) unless
 * the caller awaits the job itself (`ActionOptions.awaitJob`: the stage machine's vault watcher,
 * one jobs list for every action in flight). Every request is paced within ARM's request buckets
 * (`pacing.ts`). Failures become {@link AzureCallError}s whose message names the action, the
 * object, the code, the cause and the fix.
 */

import type * as NetworkModels from "@azure/arm-network";
import { NetworkManagementClient } from "@azure/arm-network";
import {
  type CreateProtectionContainerMappingInputProperties,
  type Fabric,
  type Job,
  type PlannedFailoverInputProperties,
  type Policy,
  type PolicyProviderSpecificInputUnion,
  type ProtectionContainer,
  type ProtectionContainerMapping,
  type RecoveryPlan,
  type RecoveryPlanPlannedFailoverInputProperties,
  type RecoveryPlanUnplannedFailoverInputProperties,
  type RecoveryPoint,
  type ReplicationProtectedItem,
  type ReverseReplicationInputProperties,
  SiteRecoveryManagementClient,
  type UnplannedFailoverInputProperties,
  type VCenter,
} from "@azure/arm-recoveryservices-siterecovery";
import type { TokenCredential } from "@azure/core-auth";
import {
  formatODataFilter,
  JobIdCodec,
  NetworkInterfaceIdCodec,
  ProtectedItemIdCodec,
  SubnetIdCodec,
  VirtualMachineIdCodec,
} from "asr-contract";
import { type ActionOptions, type CallOptions, callSignal, type StartedJob } from "./callOptions";
import { ArmRestClient, COMPUTE_API_VERSION, NETWORK_INTERFACE_API_VERSION } from "./computeRest";
import { type AzureClientConfig, type AzureClientConfigInput, resolveClientConfig } from "./config";
import { type CallContext, isNotFound, throwIfJobFailed, toAzureCallError } from "./errors";
import { type JobListFilter, jobListFilterText } from "./jobListFilter";
import {
  defaultCredential,
  isInsecureEndpoint,
  retryOptions,
  unusedCredential,
  usePacing,
  useStaticToken,
} from "./pipeline";
import { serviceClockPolicy } from "./serviceClock";

/** A protected item named by its fabric, container and name (or give its ARM ID). */
export interface ProtectedItemLocator {
  readonly fabricName: string;
  readonly containerName: string;
  readonly itemName: string;
}

/** A protected item reference: ARM ID or locator. */
export type ProtectedItemRef = string | ProtectedItemLocator;

/** What an action returns. */
export interface ActionResult<T> {
  /** Name of the Site Recovery job the action started (when the service said). */
  readonly jobName?: string;
  /** ARM ID of that job. */
  readonly jobId?: string;
  /** The final result (the item, the plan, or the job). */
  readonly result: T;
}

/** Input of {@link AsrClient.deployProcessServerVm}. */
export interface ProcessServerVmSpec {
  readonly resourceGroup: string;
  readonly name: string;
  readonly location: string;
  /** ARM ID of the subnet (NET-05: in the VNet of the failed-over VMs). */
  readonly subnetId: string;
  /** Static private IP inside the subnet. */
  readonly privateIpAddress: string;
  readonly vmSize: string;
  /** Marketplace image of the process server. */
  readonly imageReference: { publisher: string; offer: string; sku: string; version: string };
  readonly adminUsername: string;
  /** Secret (PS-04): sent to Azure, never logged. */
  readonly adminPassword: string;
  readonly tags?: Record<string, string>;
}

/** What {@link AsrClient.deployProcessServerVm} created. */
export interface ProcessServerVm {
  readonly vmId: string;
  readonly nicId: string;
  readonly privateIpAddress: string;
}

/** Input of a connectivity check. */
export interface ConnectivityCheckSpec {
  readonly networkWatcherResourceGroup: string;
  readonly networkWatcherName: string;
  /** ARM ID of the source VM. */
  readonly sourceVmId: string;
  readonly destinationAddress: string;
  readonly destinationPort: number;
}

/** The typed interface the provider's resources call (stub it in unit tests). */
export interface AsrClient {
  readonly config: AzureClientConfig;
  listFabrics(options?: CallOptions): Promise<Fabric[]>;
  getFabric(fabricName: string, options?: CallOptions): Promise<Fabric | undefined>;
  listVCenters(fabricName: string, options?: CallOptions): Promise<VCenter[]>;
  listProtectionContainers(fabricName: string, options?: CallOptions): Promise<ProtectionContainer[]>;
  listContainerMappings(
    fabricName: string,
    containerName: string,
    options?: CallOptions,
  ): Promise<ProtectionContainerMapping[]>;
  getContainerMapping(
    fabricName: string,
    containerName: string,
    mappingName: string,
    options?: CallOptions,
  ): Promise<ProtectionContainerMapping | undefined>;
  createContainerMapping(
    fabricName: string,
    containerName: string,
    mappingName: string,
    input: CreateProtectionContainerMappingInputProperties,
    options?: ActionOptions,
  ): Promise<ProtectionContainerMapping>;
  deleteContainerMapping(
    fabricName: string,
    containerName: string,
    mappingName: string,
    options?: ActionOptions,
  ): Promise<void>;
  listPolicies(options?: CallOptions): Promise<Policy[]>;
  getPolicy(policyName: string, options?: CallOptions): Promise<Policy | undefined>;
  createPolicy(
    policyName: string,
    providerSpecificInput: PolicyProviderSpecificInputUnion,
    options?: ActionOptions,
  ): Promise<Policy>;
  updatePolicy(
    policyName: string,
    providerSpecificInput: PolicyProviderSpecificInputUnion,
    options?: ActionOptions,
  ): Promise<Policy>;
  deletePolicy(policyName: string, options?: ActionOptions): Promise<void>;
  listProtectedItems(
    container?: { fabricName: string; containerName: string },
    options?: CallOptions,
  ): Promise<ReplicationProtectedItem[]>;
  getProtectedItem(
    item: ProtectedItemRef,
    options?: CallOptions,
  ): Promise<ReplicationProtectedItem | undefined>;
  listRecoveryPoints(item: ProtectedItemRef, options?: CallOptions): Promise<RecoveryPoint[]>;
  reprotect(
    item: ProtectedItemRef,
    input: ReverseReplicationInputProperties,
    options?: ActionOptions,
  ): Promise<ActionResult<ReplicationProtectedItem>>;
  unplannedFailover(
    item: ProtectedItemRef,
    input: UnplannedFailoverInputProperties,
    options?: ActionOptions,
  ): Promise<ActionResult<ReplicationProtectedItem>>;
  plannedFailover(
    item: ProtectedItemRef,
    input: PlannedFailoverInputProperties,
    options?: ActionOptions,
  ): Promise<ActionResult<ReplicationProtectedItem>>;
  commitFailover(
    item: ProtectedItemRef,
    options?: ActionOptions,
  ): Promise<ActionResult<ReplicationProtectedItem>>;
  cancelFailover(
    item: ProtectedItemRef,
    options?: ActionOptions,
  ): Promise<ActionResult<ReplicationProtectedItem>>;
  repairReplication(
    item: ProtectedItemRef,
    options?: ActionOptions,
  ): Promise<ActionResult<ReplicationProtectedItem>>;
  listRecoveryPlans(options?: CallOptions): Promise<RecoveryPlan[]>;
  getRecoveryPlan(planName: string, options?: CallOptions): Promise<RecoveryPlan | undefined>;
  planUnplannedFailover(
    planName: string,
    input: RecoveryPlanUnplannedFailoverInputProperties,
    options?: ActionOptions,
  ): Promise<ActionResult<RecoveryPlan>>;
  planPlannedFailover(
    planName: string,
    input: RecoveryPlanPlannedFailoverInputProperties,
    options?: ActionOptions,
  ): Promise<ActionResult<RecoveryPlan>>;
  planCommitFailover(planName: string, options?: ActionOptions): Promise<ActionResult<RecoveryPlan>>;
  planCancelFailover(planName: string, options?: ActionOptions): Promise<ActionResult<RecoveryPlan>>;
  planReprotect(planName: string, options?: ActionOptions): Promise<ActionResult<RecoveryPlan>>;
  getJob(jobNameOrId: string, options?: CallOptions): Promise<Job | undefined>;
  /** The vault's jobs, every page; `filter` has the vault answer only the jobs asked for. */
  listJobs(options?: CallOptions & { readonly filter?: JobListFilter }): Promise<Job[]>;
  /**
   * The vault's jobs page by page, each page fetched when the previous one is consumed: a reader
   * that found what it looks for stops without reading the rest.
   */
  listJobPages(options?: CallOptions & { readonly filter?: JobListFilter }): AsyncIterable<Job[]>;
  /**
   * The vault's protected items page by page (vault-wide list); `sourceFabricName` has the vault
   * answer only the items of that fabric.
   */
  listProtectedItemPages(
    options?: CallOptions & { readonly sourceFabricName?: string },
  ): AsyncIterable<ReplicationProtectedItem[]>;
  resumeJob(jobNameOrId: string, comments?: string, options?: ActionOptions): Promise<Job>;
  cancelJob(jobNameOrId: string, options?: ActionOptions): Promise<Job>;
  restartJob(jobNameOrId: string, options?: ActionOptions): Promise<Job>;
  getExpressRouteCircuit(
    resourceGroup: string,
    circuitName: string,
    options?: CallOptions,
  ): Promise<NetworkModels.ExpressRouteCircuit | undefined>;
  listExpressRouteCircuitPeerings(
    resourceGroup: string,
    circuitName: string,
    options?: CallOptions,
  ): Promise<NetworkModels.ExpressRouteCircuitPeering[]>;
  getConnection(
    resourceGroup: string,
    connectionName: string,
    options?: CallOptions,
  ): Promise<NetworkModels.VirtualNetworkGatewayConnection | undefined>;
  listConnections(
    resourceGroup: string,
    options?: CallOptions,
  ): Promise<NetworkModels.VirtualNetworkGatewayConnection[]>;
  getVirtualNetworkGateway(
    resourceGroup: string,
    gatewayName: string,
    options?: CallOptions,
  ): Promise<NetworkModels.VirtualNetworkGateway | undefined>;
  getVirtualNetwork(
    resourceGroup: string,
    virtualNetworkName: string,
    options?: CallOptions,
  ): Promise<NetworkModels.VirtualNetwork | undefined>;
  getSubnet(
    resourceGroup: string,
    virtualNetworkName: string,
    subnetName: string,
    options?: CallOptions,
  ): Promise<NetworkModels.Subnet | undefined>;
  checkConnectivity(
    spec: ConnectivityCheckSpec,
    options?: ActionOptions,
  ): Promise<NetworkModels.ConnectivityInformation>;
  getVirtualMachine(
    resourceGroup: string,
    vmName: string,
    options?: CallOptions & { instanceView?: boolean },
  ): Promise<Record<string, unknown> | undefined>;
  deployProcessServerVm(spec: ProcessServerVmSpec, options?: ActionOptions): Promise<ProcessServerVm>;
  deleteProcessServerVm(resourceGroup: string, vmName: string, options?: ActionOptions): Promise<void>;
}

/** Name of the job in an `Azure-AsyncOperation` / `Location` URL of Site Recovery (its last path segment). */
export function jobNameFromOperationUrl(url: string): string | undefined {
  const match = /\/replicationOperation(?:Status|Results)\/([^/?]+)/i.exec(url);
  return match ? decodeURIComponent(match[1]!) : undefined;
}

/**
 * How long before the answer's `Date` a job may have started: the service creates the job while
 * it handles the request and stamps `Date` (to the second) when it answers. A minute is inferred
 * as ample; a job the filtered list still misses is read on its own.
 */
const JOB_START_MARGIN_IN_MS = 60_000;

/** The job an action's answer names, when its `Azure-AsyncOperation` (or `Location`) names one. */
function startedJobOf(headers: { get(name: string): string | undefined }): StartedJob | undefined {
  const header = headers.get("azure-asyncoperation") ?? headers.get("location");
  const jobName = header ? jobNameFromOperationUrl(header) : undefined;
  if (!jobName) return undefined;
  const dateMs = Date.parse(headers.get("date") ?? "");
  const retryAfterInSeconds = Number(headers.get("retry-after") ?? Number.NaN);
  return {
    jobName,
    ...(Number.isFinite(dateMs) ? { startedNoEarlierThan: new Date(dateMs - JOB_START_MARGIN_IN_MS) } : {}),
    ...(Number.isFinite(retryAfterInSeconds) && retryAfterInSeconds > 0
      ? { retryAfterInMs: retryAfterInSeconds * 1000 }
      : {}),
  };
}

async function collect<T>(iterator: AsyncIterable<T>): Promise<T[]> {
  const values: T[] = [];
  for await (const value of iterator) values.push(value);
  return values;
}

interface LroPoller<T> {
  onProgress(callback: () => void): unknown;
  pollUntilDone(options?: { abortSignal?: AbortSignal }): Promise<T>;
}

/** The options an SDK `beginX` call of an action gets: cancellation, poll interval, first answer. */
type ActionSdkOptions = {
  abortSignal: AbortSignal;
  updateIntervalInMs: number;
  onResponse: (raw: { headers: { get(name: string): string | undefined } }) => void;
};

/** The implementation over the official SDK clients. */
export class AzureAsrClient implements AsrClient {
  readonly siteRecovery: SiteRecoveryManagementClient;
  readonly network: NetworkManagementClient;
  private readonly rest: ArmRestClient;

  constructor(
    readonly config: AzureClientConfig,
    credential: TokenCredential,
  ) {
    const insecure = isInsecureEndpoint(config);
    this.siteRecovery = new SiteRecoveryManagementClient(credential, config.subscriptionId, {
      endpoint: config.endpoint,
      retryOptions: retryOptions(config),
      allowInsecureConnection: insecure,
    });
    this.network = new NetworkManagementClient(credential, config.subscriptionId, {
      endpoint: config.endpoint,
      retryOptions: retryOptions(config),
      allowInsecureConnection: insecure,
    });
    if (config.token) {
      useStaticToken(this.siteRecovery.pipeline, config.token);
      useStaticToken(this.network.pipeline, config.token);
    }
    this.siteRecovery.pipeline.addPolicy(serviceClockPolicy());
    this.network.pipeline.addPolicy(serviceClockPolicy());
    usePacing(this.siteRecovery.pipeline, config);
    usePacing(this.network.pipeline, config);
    this.rest = new ArmRestClient(config, config.token ? undefined : credential);
  }

  private get vault(): [string, string] {
    return [this.config.vaultName, this.config.resourceGroup];
  }

  private locate(item: ProtectedItemRef): ProtectedItemLocator {
    if (typeof item !== "string") return item;
    const parsed = ProtectedItemIdCodec.parse(item);
    return { fabricName: parsed.fabricName, containerName: parsed.containerName, itemName: parsed.itemName };
  }

  private jobName(jobNameOrId: string): string {
    return JobIdCodec.tryParse(jobNameOrId)?.jobName ?? jobNameOrId;
  }

  /** Runs a read; 404 becomes undefined when `orUndefined`. */
  private async read<T>(
    context: CallContext,
    options: CallOptions | undefined,
    call: (abortSignal: AbortSignal) => Promise<T>,
  ): Promise<T>;
  private async read<T>(
    context: CallContext,
    options: CallOptions | undefined,
    call: (abortSignal: AbortSignal) => Promise<T>,
    orUndefined: true,
  ): Promise<T | undefined>;
  private async read<T>(
    context: CallContext,
    options: CallOptions | undefined,
    call: (abortSignal: AbortSignal) => Promise<T>,
    orUndefined = false,
  ): Promise<T | undefined> {
    try {
      return await call(callSignal(options, this.config.requestTimeoutInMs));
    } catch (error) {
      if (orUndefined && isNotFound(error)) return undefined;
      throw toAzureCallError(error, context);
    }
  }

  /**
   * Starts an action with the SDK's `beginX`, records its job from the first answer's
   * `Azure-AsyncOperation` header, and waits with the SDK poller, or with `options.awaitJob` when
   * given (a job that ends failed throws as the poller would).
   *
   * With `readBack`, the result is the object read once after the operation ends, never the
   * poller's final body: Site Recovery answers its actions with `Azure-AsyncOperation` and no
   * `Location`, and then the poller's final body is the operation status, not the object.
   */
  private async action<T>(
    context: CallContext,
    options: ActionOptions | undefined,
    begin: (sdkOptions: ActionSdkOptions) => Promise<LroPoller<unknown>>,
    readBack: (abortSignal: AbortSignal) => Promise<T>,
  ): Promise<ActionResult<T>>;
  private async action<T>(
    context: CallContext,
    options: ActionOptions | undefined,
    begin: (sdkOptions: ActionSdkOptions) => Promise<LroPoller<T>>,
  ): Promise<ActionResult<T>>;
  private async action<T>(
    context: CallContext,
    options: ActionOptions | undefined,
    begin: (sdkOptions: ActionSdkOptions) => Promise<LroPoller<unknown>>,
    readBack?: (abortSignal: AbortSignal) => Promise<T>,
  ): Promise<ActionResult<T>> {
    const abortSignal = callSignal(options, this.config.actionTimeoutInMs);
    let started: StartedJob | undefined;
    const onResponse = (raw: { headers: { get(name: string): string | undefined } }) => {
      if (started !== undefined) return;
      started = startedJobOf(raw.headers);
      if (started) options?.onJobStarted?.(started.jobName);
    };
    try {
      const poller = await begin({
        abortSignal,
        updateIntervalInMs: this.config.pollIntervalInMs,
        onResponse,
      });
      if (options?.onPoll) poller.onProgress(options.onPoll);
      let final: unknown;
      if (options?.awaitJob && started && readBack) {
        // The job is awaited by the caller's watcher instead of this operation's own poller: a
        // poller reads one operation's status per interval and N of them cannot be batched,
        // while one jobs list of the vault answers for every action in flight.
        const job = await options.awaitJob(started, abortSignal);
        throwIfJobFailed(job, { ...context, jobName: started.jobName });
      } else {
        final = await poller.pollUntilDone({ abortSignal });
      }
      const jobName = started?.jobName;
      const result = readBack
        ? await readBack(callSignal(options, this.config.requestTimeoutInMs))
        : (final as T);
      return { jobName, jobId: jobName ? this.jobId(jobName) : undefined, result };
    } catch (error) {
      throw toAzureCallError(error, { ...context, jobName: started?.jobName });
    }
  }

  /** The item read once after an action on it (its state, never the operation's final body). */
  private itemAfterAction(
    fabricName: string,
    containerName: string,
    itemName: string,
    abortSignal: AbortSignal,
  ): Promise<ReplicationProtectedItem> {
    return this.siteRecovery.replicationProtectedItems.get(
      ...this.vault,
      fabricName,
      containerName,
      itemName,
      {
        abortSignal,
      },
    );
  }

  /** An action on a protected item, answered by the item read once after it ends. */
  private itemAction(
    item: ProtectedItemRef,
    action: string,
    begin: (
      ids: { fabricName: string; containerName: string; itemName: string },
      sdkOptions: ActionSdkOptions,
    ) => Promise<LroPoller<unknown>>,
    options: ActionOptions | undefined,
  ): Promise<ActionResult<ReplicationProtectedItem>> {
    const ids = this.locate(item);
    return this.action(
      { action, target: ids.itemName },
      options,
      (sdkOptions) => begin(ids, sdkOptions),
      (abortSignal) => this.itemAfterAction(ids.fabricName, ids.containerName, ids.itemName, abortSignal),
    );
  }

  /** The recovery plan read once after an action on it. */
  private planAfterAction(planName: string, abortSignal: AbortSignal): Promise<RecoveryPlan> {
    return this.siteRecovery.replicationRecoveryPlans.get(...this.vault, planName, { abortSignal });
  }

  /** The job read once after an action on it. */
  private jobAfterAction(jobName: string, abortSignal: AbortSignal): Promise<Job> {
    return this.siteRecovery.replicationJobs.get(...this.vault, jobName, { abortSignal });
  }

  private jobId(jobName: string): string {
    return JobIdCodec.format({
      subscriptionId: this.config.subscriptionId,
      resourceGroup: this.config.resourceGroup,
      vaultName: this.config.vaultName,
      jobName,
    });
  }

  listFabrics(options?: CallOptions): Promise<Fabric[]> {
    return this.read(
      { action: "listing fabrics of", target: this.config.vaultName },
      options,
      (abortSignal) => collect(this.siteRecovery.replicationFabrics.list(...this.vault, { abortSignal })),
    );
  }

  getFabric(fabricName: string, options?: CallOptions): Promise<Fabric | undefined> {
    return this.read(
      { action: "reading fabric", target: fabricName },
      options,
      (abortSignal) => this.siteRecovery.replicationFabrics.get(...this.vault, fabricName, { abortSignal }),
      true,
    );
  }

  listVCenters(fabricName: string, options?: CallOptions): Promise<VCenter[]> {
    return this.read({ action: "listing vCenters of", target: fabricName }, options, (abortSignal) =>
      collect(
        this.siteRecovery.replicationvCenters.listByReplicationFabrics(...this.vault, fabricName, {
          abortSignal,
        }),
      ),
    );
  }

  listProtectionContainers(fabricName: string, options?: CallOptions): Promise<ProtectionContainer[]> {
    return this.read(
      { action: "listing protection containers of", target: fabricName },
      options,
      (abortSignal) =>
        collect(
          this.siteRecovery.replicationProtectionContainers.listByReplicationFabrics(
            ...this.vault,
            fabricName,
            { abortSignal },
          ),
        ),
    );
  }

  listContainerMappings(
    fabricName: string,
    containerName: string,
    options?: CallOptions,
  ): Promise<ProtectionContainerMapping[]> {
    return this.read(
      { action: "listing container mappings of", target: containerName },
      options,
      (abortSignal) =>
        collect(
          this.siteRecovery.replicationProtectionContainerMappings.listByReplicationProtectionContainers(
            ...this.vault,
            fabricName,
            containerName,
            { abortSignal },
          ),
        ),
    );
  }

  getContainerMapping(fabricName: string, containerName: string, mappingName: string, options?: CallOptions) {
    return this.read(
      { action: "reading container mapping", target: mappingName },
      options,
      (abortSignal) =>
        this.siteRecovery.replicationProtectionContainerMappings.get(
          ...this.vault,
          fabricName,
          containerName,
          mappingName,
          { abortSignal },
        ),
      true,
    );
  }

  async createContainerMapping(
    fabricName: string,
    containerName: string,
    mappingName: string,
    input: CreateProtectionContainerMappingInputProperties,
    options?: ActionOptions,
  ): Promise<ProtectionContainerMapping> {
    const { result } = await this.action(
      { action: "creating container mapping", target: mappingName },
      options,
      (sdkOptions) =>
        this.siteRecovery.replicationProtectionContainerMappings.beginCreate(
          ...this.vault,
          fabricName,
          containerName,
          mappingName,
          { properties: input },
          sdkOptions,
        ),
    );
    return result;
  }

  async deleteContainerMapping(
    fabricName: string,
    containerName: string,
    mappingName: string,
    options?: ActionOptions,
  ): Promise<void> {
    try {
      await this.action(
        { action: "deleting container mapping", target: mappingName },
        options,
        (sdkOptions) =>
          this.siteRecovery.replicationProtectionContainerMappings.beginDelete(
            ...this.vault,
            fabricName,
            containerName,
            mappingName,
            { properties: {} },
            sdkOptions,
          ),
      );
    } catch (error) {
      if (!isNotFound(error instanceof Error ? error.cause : undefined)) throw error;
    }
  }

  listPolicies(options?: CallOptions): Promise<Policy[]> {
    return this.read(
      { action: "listing policies of", target: this.config.vaultName },
      options,
      (abortSignal) => collect(this.siteRecovery.replicationPolicies.list(...this.vault, { abortSignal })),
    );
  }

  getPolicy(policyName: string, options?: CallOptions): Promise<Policy | undefined> {
    return this.read(
      { action: "reading policy", target: policyName },
      options,
      (abortSignal) => this.siteRecovery.replicationPolicies.get(...this.vault, policyName, { abortSignal }),
      true,
    );
  }

  async createPolicy(
    policyName: string,
    providerSpecificInput: PolicyProviderSpecificInputUnion,
    options?: ActionOptions,
  ): Promise<Policy> {
    const { result } = await this.action(
      { action: "creating policy", target: policyName },
      options,
      (sdkOptions) =>
        this.siteRecovery.replicationPolicies.beginCreate(
          ...this.vault,
          policyName,
          { properties: { providerSpecificInput } },
          sdkOptions,
        ),
    );
    return result;
  }

  async updatePolicy(
    policyName: string,
    providerSpecificInput: PolicyProviderSpecificInputUnion,
    options?: ActionOptions,
  ): Promise<Policy> {
    const { result } = await this.action(
      { action: "updating policy", target: policyName },
      options,
      (sdkOptions) =>
        this.siteRecovery.replicationPolicies.beginUpdate(
          ...this.vault,
          policyName,
          { properties: { replicationProviderSettings: providerSpecificInput } },
          sdkOptions,
        ),
    );
    return result;
  }

  async deletePolicy(policyName: string, options?: ActionOptions): Promise<void> {
    try {
      await this.action({ action: "deleting policy", target: policyName }, options, (sdkOptions) =>
        this.siteRecovery.replicationPolicies.beginDelete(...this.vault, policyName, sdkOptions),
      );
    } catch (error) {
      if (!isNotFound(error instanceof Error ? error.cause : undefined)) throw error;
    }
  }

  listProtectedItems(container?: { fabricName: string; containerName: string }, options?: CallOptions) {
    return this.read(
      { action: "listing protected items of", target: container?.containerName ?? this.config.vaultName },
      options,
      (abortSignal) =>
        collect(
          container
            ? this.siteRecovery.replicationProtectedItems.listByReplicationProtectionContainers(
                ...this.vault,
                container.fabricName,
                container.containerName,
                { abortSignal },
              )
            : this.siteRecovery.replicationProtectedItems.list(...this.vault, { abortSignal }),
        ),
    );
  }

  getProtectedItem(item: ProtectedItemRef, options?: CallOptions) {
    const { fabricName, containerName, itemName } = this.locate(item);
    return this.read(
      { action: "reading", target: itemName },
      options,
      (abortSignal) =>
        this.siteRecovery.replicationProtectedItems.get(...this.vault, fabricName, containerName, itemName, {
          abortSignal,
        }),
      true,
    );
  }

  listRecoveryPoints(item: ProtectedItemRef, options?: CallOptions) {
    const { fabricName, containerName, itemName } = this.locate(item);
    return this.read({ action: "listing recovery points of", target: itemName }, options, (abortSignal) =>
      collect(
        this.siteRecovery.recoveryPoints.listByReplicationProtectedItems(
          ...this.vault,
          fabricName,
          containerName,
          itemName,
          { abortSignal },
        ),
      ),
    );
  }

  reprotect(item: ProtectedItemRef, input: ReverseReplicationInputProperties, options?: ActionOptions) {
    return this.itemAction(
      item,
      "reprotecting",
      ({ fabricName, containerName, itemName }, sdkOptions) =>
        this.siteRecovery.replicationProtectedItems.beginReprotect(
          ...this.vault,
          fabricName,
          containerName,
          itemName,
          { properties: input },
          sdkOptions,
        ),
      options,
    );
  }

  unplannedFailover(
    item: ProtectedItemRef,
    input: UnplannedFailoverInputProperties,
    options?: ActionOptions,
  ) {
    return this.itemAction(
      item,
      "failing over",
      ({ fabricName, containerName, itemName }, sdkOptions) =>
        this.siteRecovery.replicationProtectedItems.beginUnplannedFailover(
          ...this.vault,
          fabricName,
          containerName,
          itemName,
          { properties: input },
          sdkOptions,
        ),
      options,
    );
  }

  plannedFailover(item: ProtectedItemRef, input: PlannedFailoverInputProperties, options?: ActionOptions) {
    return this.itemAction(
      item,
      "failing back",
      ({ fabricName, containerName, itemName }, sdkOptions) =>
        this.siteRecovery.replicationProtectedItems.beginPlannedFailover(
          ...this.vault,
          fabricName,
          containerName,
          itemName,
          { properties: input },
          sdkOptions,
        ),
      options,
    );
  }

  commitFailover(item: ProtectedItemRef, options?: ActionOptions) {
    return this.itemAction(
      item,
      "committing the failover of",
      ({ fabricName, containerName, itemName }, sdkOptions) =>
        this.siteRecovery.replicationProtectedItems.beginFailoverCommit(
          ...this.vault,
          fabricName,
          containerName,
          itemName,
          sdkOptions,
        ),
      options,
    );
  }

  cancelFailover(item: ProtectedItemRef, options?: ActionOptions) {
    return this.itemAction(
      item,
      "cancelling the failover of",
      ({ fabricName, containerName, itemName }, sdkOptions) =>
        this.siteRecovery.replicationProtectedItems.beginFailoverCancel(
          ...this.vault,
          fabricName,
          containerName,
          itemName,
          sdkOptions,
        ),
      options,
    );
  }

  repairReplication(item: ProtectedItemRef, options?: ActionOptions) {
    return this.itemAction(
      item,
      "resynchronizing",
      ({ fabricName, containerName, itemName }, sdkOptions) =>
        this.siteRecovery.replicationProtectedItems.beginRepairReplication(
          ...this.vault,
          fabricName,
          containerName,
          itemName,
          sdkOptions,
        ),
      options,
    );
  }

  listRecoveryPlans(options?: CallOptions): Promise<RecoveryPlan[]> {
    return this.read(
      { action: "listing recovery plans of", target: this.config.vaultName },
      options,
      (abortSignal) =>
        collect(this.siteRecovery.replicationRecoveryPlans.list(...this.vault, { abortSignal })),
    );
  }

  getRecoveryPlan(planName: string, options?: CallOptions) {
    return this.read(
      { action: "reading recovery plan", target: planName },
      options,
      (abortSignal) =>
        this.siteRecovery.replicationRecoveryPlans.get(...this.vault, planName, { abortSignal }),
      true,
    );
  }

  planUnplannedFailover(
    planName: string,
    input: RecoveryPlanUnplannedFailoverInputProperties,
    options?: ActionOptions,
  ) {
    return this.action(
      { action: "failing over recovery plan", target: planName },
      options,
      (sdkOptions) =>
        this.siteRecovery.replicationRecoveryPlans.beginUnplannedFailover(
          ...this.vault,
          planName,
          { properties: input },
          sdkOptions,
        ),
      (abortSignal) => this.planAfterAction(planName, abortSignal),
    );
  }

  planPlannedFailover(
    planName: string,
    input: RecoveryPlanPlannedFailoverInputProperties,
    options?: ActionOptions,
  ) {
    return this.action(
      { action: "failing back recovery plan", target: planName },
      options,
      (sdkOptions) =>
        this.siteRecovery.replicationRecoveryPlans.beginPlannedFailover(
          ...this.vault,
          planName,
          { properties: input },
          sdkOptions,
        ),
      (abortSignal) => this.planAfterAction(planName, abortSignal),
    );
  }

  planCommitFailover(planName: string, options?: ActionOptions) {
    return this.action(
      { action: "committing the failover of recovery plan", target: planName },
      options,
      (sdkOptions) =>
        this.siteRecovery.replicationRecoveryPlans.beginFailoverCommit(...this.vault, planName, sdkOptions),
      (abortSignal) => this.planAfterAction(planName, abortSignal),
    );
  }

  planCancelFailover(planName: string, options?: ActionOptions) {
    return this.action(
      { action: "cancelling the failover of recovery plan", target: planName },
      options,
      (sdkOptions) =>
        this.siteRecovery.replicationRecoveryPlans.beginFailoverCancel(...this.vault, planName, sdkOptions),
      (abortSignal) => this.planAfterAction(planName, abortSignal),
    );
  }

  planReprotect(planName: string, options?: ActionOptions) {
    return this.action(
      { action: "reprotecting recovery plan", target: planName },
      options,
      (sdkOptions) =>
        this.siteRecovery.replicationRecoveryPlans.beginReprotect(...this.vault, planName, sdkOptions),
      (abortSignal) => this.planAfterAction(planName, abortSignal),
    );
  }

  getJob(jobNameOrId: string, options?: CallOptions): Promise<Job | undefined> {
    const jobName = this.jobName(jobNameOrId);
    return this.read(
      { action: "reading job", target: jobName },
      options,
      (abortSignal) => this.siteRecovery.replicationJobs.get(...this.vault, jobName, { abortSignal }),
      true,
    );
  }

  listJobs(options?: CallOptions & { readonly filter?: JobListFilter }): Promise<Job[]> {
    const filter = options?.filter ? jobListFilterText(options.filter) : undefined;
    return this.read({ action: "listing jobs of", target: this.config.vaultName }, options, (abortSignal) =>
      collect(this.siteRecovery.replicationJobs.list(...this.vault, { abortSignal, filter })),
    );
  }

  listJobPages(options?: CallOptions & { readonly filter?: JobListFilter }): AsyncIterable<Job[]> {
    const filter = options?.filter ? jobListFilterText(options.filter) : undefined;
    return this.pages({ action: "listing jobs of", target: this.config.vaultName }, options, (abortSignal) =>
      this.siteRecovery.replicationJobs.list(...this.vault, { abortSignal, filter }).byPage(),
    );
  }

  listProtectedItemPages(
    options?: CallOptions & { readonly sourceFabricName?: string },
  ): AsyncIterable<ReplicationProtectedItem[]> {
    const filter = formatODataFilter({ sourceFabricName: options?.sourceFabricName });
    return this.pages(
      { action: "listing protected items of", target: this.config.vaultName },
      options,
      (abortSignal) =>
        this.siteRecovery.replicationProtectedItems.list(...this.vault, { abortSignal, filter }).byPage(),
    );
  }

  /** Pages of a list, each failure wrapped like any read's. */
  private async *pages<T>(
    context: CallContext,
    options: CallOptions | undefined,
    list: (abortSignal: AbortSignal) => AsyncIterable<T[]>,
  ): AsyncIterable<T[]> {
    try {
      yield* list(callSignal(options, this.config.requestTimeoutInMs));
    } catch (error) {
      throw toAzureCallError(error, context);
    }
  }

  async resumeJob(jobNameOrId: string, comments?: string, options?: ActionOptions): Promise<Job> {
    const jobName = this.jobName(jobNameOrId);
    const { result } = await this.action(
      { action: "completing the failover of job", target: jobName },
      options,
      (sdkOptions) =>
        this.siteRecovery.replicationJobs.beginResume(
          ...this.vault,
          jobName,
          { properties: { comments } },
          sdkOptions,
        ),
      (abortSignal) => this.jobAfterAction(jobName, abortSignal),
    );
    return result;
  }

  async cancelJob(jobNameOrId: string, options?: ActionOptions): Promise<Job> {
    const jobName = this.jobName(jobNameOrId);
    const { result } = await this.action(
      { action: "cancelling job", target: jobName },
      options,
      (sdkOptions) => this.siteRecovery.replicationJobs.beginCancel(...this.vault, jobName, sdkOptions),
      (abortSignal) => this.jobAfterAction(jobName, abortSignal),
    );
    return result;
  }

  async restartJob(jobNameOrId: string, options?: ActionOptions): Promise<Job> {
    const jobName = this.jobName(jobNameOrId);
    const { result } = await this.action(
      { action: "restarting job", target: jobName },
      options,
      (sdkOptions) => this.siteRecovery.replicationJobs.beginRestart(...this.vault, jobName, sdkOptions),
      (abortSignal) => this.jobAfterAction(jobName, abortSignal),
    );
    return result;
  }

  getExpressRouteCircuit(resourceGroup: string, circuitName: string, options?: CallOptions) {
    return this.read(
      { action: "reading ExpressRoute circuit", target: circuitName },
      options,
      (abortSignal) => this.network.expressRouteCircuits.get(resourceGroup, circuitName, { abortSignal }),
      true,
    );
  }

  listExpressRouteCircuitPeerings(resourceGroup: string, circuitName: string, options?: CallOptions) {
    return this.read({ action: "listing peerings of", target: circuitName }, options, (abortSignal) =>
      collect(this.network.expressRouteCircuitPeerings.list(resourceGroup, circuitName, { abortSignal })),
    );
  }

  getConnection(resourceGroup: string, connectionName: string, options?: CallOptions) {
    return this.read(
      { action: "reading connection", target: connectionName },
      options,
      (abortSignal) =>
        this.network.virtualNetworkGatewayConnections.get(resourceGroup, connectionName, { abortSignal }),
      true,
    );
  }

  listConnections(resourceGroup: string, options?: CallOptions) {
    return this.read({ action: "listing connections of", target: resourceGroup }, options, (abortSignal) =>
      collect(this.network.virtualNetworkGatewayConnections.list(resourceGroup, { abortSignal })),
    );
  }

  getVirtualNetworkGateway(resourceGroup: string, gatewayName: string, options?: CallOptions) {
    return this.read(
      { action: "reading gateway", target: gatewayName },
      options,
      (abortSignal) => this.network.virtualNetworkGateways.get(resourceGroup, gatewayName, { abortSignal }),
      true,
    );
  }

  getVirtualNetwork(resourceGroup: string, virtualNetworkName: string, options?: CallOptions) {
    return this.read(
      { action: "reading virtual network", target: virtualNetworkName },
      options,
      (abortSignal) => this.network.virtualNetworks.get(resourceGroup, virtualNetworkName, { abortSignal }),
      true,
    );
  }

  getSubnet(resourceGroup: string, virtualNetworkName: string, subnetName: string, options?: CallOptions) {
    return this.read(
      { action: "reading subnet", target: `${virtualNetworkName}/${subnetName}` },
      options,
      (abortSignal) =>
        this.network.subnets.get(resourceGroup, virtualNetworkName, subnetName, { abortSignal }),
      true,
    );
  }

  async checkConnectivity(spec: ConnectivityCheckSpec, options?: ActionOptions) {
    const abortSignal = callSignal(options, this.config.requestTimeoutInMs);
    try {
      const poller = this.network.networkWatchers.checkConnectivity(
        spec.networkWatcherResourceGroup,
        spec.networkWatcherName,
        {
          source: { resourceId: spec.sourceVmId },
          destination: { address: spec.destinationAddress, port: spec.destinationPort },
          protocol: "Tcp",
        },
        { abortSignal, updateIntervalInMs: this.config.pollIntervalInMs },
      );
      return await poller.pollUntilDone({ abortSignal });
    } catch (error) {
      throw toAzureCallError(error, {
        action: "checking connectivity from",
        target: `${VirtualMachineIdCodec.tryParse(spec.sourceVmId)?.virtualMachineName ?? spec.sourceVmId} to ${spec.destinationAddress}:${spec.destinationPort}`,
      });
    }
  }

  private vmPath(resourceGroup: string, vmName: string): string {
    return VirtualMachineIdCodec.format({
      subscriptionId: this.config.subscriptionId,
      resourceGroup,
      virtualMachineName: vmName,
    });
  }

  private nicPath(resourceGroup: string, nicName: string): string {
    return NetworkInterfaceIdCodec.format({
      subscriptionId: this.config.subscriptionId,
      resourceGroup,
      networkInterfaceName: nicName,
    });
  }

  getVirtualMachine(
    resourceGroup: string,
    vmName: string,
    options?: CallOptions & { instanceView?: boolean },
  ) {
    const path = `${this.vmPath(resourceGroup, vmName)}${options?.instanceView ? "?$expand=instanceView" : ""}`;
    return this.read(
      { action: "reading virtual machine", target: vmName },
      options,
      async (abortSignal) =>
        (await this.rest.send("GET", path, COMPUTE_API_VERSION, undefined, abortSignal)).body as Record<
          string,
          unknown
        >,
      true,
    );
  }

  async deployProcessServerVm(spec: ProcessServerVmSpec, options?: ActionOptions): Promise<ProcessServerVm> {
    SubnetIdCodec.parse(spec.subnetId);
    const abortSignal = callSignal(options, this.config.actionTimeoutInMs);
    const nicName = `${spec.name}-nic`;
    const nicId = this.nicPath(spec.resourceGroup, nicName);
    const context = { action: "deploying process server VM", target: spec.name };
    try {
      await this.rest.longRunning(
        "PUT",
        nicId,
        NETWORK_INTERFACE_API_VERSION,
        {
          location: spec.location,
          tags: spec.tags,
          properties: {
            ipConfigurations: [
              {
                name: "ipconfig1",
                properties: {
                  subnet: { id: spec.subnetId },
                  privateIPAllocationMethod: "Static",
                  privateIPAddress: spec.privateIpAddress,
                },
              },
            ],
          },
        },
        abortSignal,
        options?.onPoll,
      );
      const vm = (await this.rest.longRunning(
        "PUT",
        this.vmPath(spec.resourceGroup, spec.name),
        COMPUTE_API_VERSION,
        {
          location: spec.location,
          tags: spec.tags,
          plan: {
            name: spec.imageReference.sku,
            publisher: spec.imageReference.publisher,
            product: spec.imageReference.offer,
          },
          properties: {
            hardwareProfile: { vmSize: spec.vmSize },
            storageProfile: { imageReference: spec.imageReference, osDisk: { createOption: "FromImage" } },
            osProfile: {
              computerName: spec.name.slice(0, 15),
              adminUsername: spec.adminUsername,
              adminPassword: spec.adminPassword,
            },
            networkProfile: { networkInterfaces: [{ id: nicId, properties: { primary: true } }] },
          },
        },
        abortSignal,
        options?.onPoll,
      )) as { id?: string };
      return {
        vmId: vm.id ?? this.vmPath(spec.resourceGroup, spec.name),
        nicId,
        privateIpAddress: spec.privateIpAddress,
      };
    } catch (error) {
      throw toAzureCallError(error, context);
    }
  }

  async deleteProcessServerVm(resourceGroup: string, vmName: string, options?: ActionOptions): Promise<void> {
    const abortSignal = callSignal(options, this.config.actionTimeoutInMs);
    const context = { action: "deleting process server VM", target: vmName };
    for (const [path, apiVersion] of [
      [this.vmPath(resourceGroup, vmName), COMPUTE_API_VERSION],
      [this.nicPath(resourceGroup, `${vmName}-nic`), NETWORK_INTERFACE_API_VERSION],
    ] as const) {
      try {
        await this.rest.longRunning("DELETE", path, apiVersion, undefined, abortSignal, options?.onPoll);
      } catch (error) {
        if (!isNotFound(error)) throw toAzureCallError(error, context);
      }
    }
  }
}

/**
 * Creates the client from configuration (object fields win over environment variables). With a
 * token (the emulator) requests carry it as a static bearer token; otherwise DefaultAzureCredential.
 */
export async function createAsrClient(
  input: Partial<AzureClientConfigInput> = {},
  environment: NodeJS.ProcessEnv = process.env,
): Promise<AzureAsrClient> {
  const config = resolveClientConfig(input, environment);
  const credential = config.token ? unusedCredential : await defaultCredential();
  return new AzureAsrClient(config, credential);
}
