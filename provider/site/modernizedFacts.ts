/**
 * Adapters from Site Recovery's modernized (replication appliance) ARM shapes to the rules' facts:
 * the `InMageRcm` fabric and its appliances, `InMageRcm` / `InMageRcmFailback` items, policies and
 * container mappings. Pure functions; heartbeat ages are measured against an injected `now`.
 *
 * Shapes may come from the SDK (dates as `Date`) or straight from JSON (dates as strings); both
 * are read. A field the shape does not carry stays unknown (absent), never false or empty.
 */
import type {
  Fabric,
  HealthError,
  InMageRcmFabricSpecificDetails,
  InMageRcmFailbackPolicyDetails,
  InMageRcmFailbackReplicationDetails,
  InMageRcmPolicyDetails,
  InMageRcmReplicationDetails,
  Policy,
  ProtectionContainerMapping,
  ReplicationProtectedItem,
} from "@azure/arm-recoveryservices-siterecovery";
import { lastSegment, replicationPathOfInstanceType } from "../rules/modernizedSupport";
import type {
  ApplianceComponentFacts,
  ApplianceComponentKind,
  ContainerMappingFacts,
  ModernizedFabricFacts,
  ModernizedNicFacts,
  PlannedFailoverStatus,
  ProtectedItemFacts,
  ProtectionHealth,
  ReplicationApplianceFacts,
  ReplicationPolicyFacts,
} from "../rules/types";

/** A date as the SDK (Date) or raw JSON (ISO string) gives it. */
export type DateLike = Date | string | undefined;

function minutesSince(then: DateLike, now: Date): number | undefined {
  if (then === undefined) return undefined;
  const time = (then instanceof Date ? then : new Date(then)).getTime();
  if (Number.isNaN(time)) return undefined;
  return Math.max(0, (now.getTime() - time) / 60_000);
}

function healthOf(value: string | undefined): ProtectionHealth | undefined {
  return value === "None" || value === "Normal" || value === "Warning" || value === "Critical"
    ? value
    : undefined;
}

/** `"true"`/`"false"` strings (and booleans) as booleans; anything else unknown. */
function flagOf(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (typeof value !== "string") return undefined;
  if (/^true$/i.test(value)) return true;
  if (/^false$/i.test(value)) return false;
  return undefined;
}

function errorCodes(errors: readonly HealthError[] | undefined): string[] | undefined {
  if (errors === undefined) return undefined;
  return errors.map((error) => error.errorCode).filter((code): code is string => code !== undefined);
}

/** `{key: value}` when value is defined, `{}` otherwise. */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** The fabric's `InMageRcm` details, or undefined for any other fabric. */
export function inMageRcmDetails(fabric: Fabric | undefined): InMageRcmFabricSpecificDetails | undefined {
  const details = fabric?.properties?.customDetails;
  return details?.instanceType === "InMageRcm" ? (details as InMageRcmFabricSpecificDetails) : undefined;
}

/** The fabric itself: name, provider type and overall health. */
export function modernizedFabricFacts(fabric: Fabric): ModernizedFabricFacts {
  return {
    name: fabric.properties?.friendlyName ?? fabric.name ?? "(unnamed)",
    ...optional("instanceType", fabric.properties?.customDetails?.instanceType),
    ...optional("health", healthOf(fabric.properties?.health)),
  };
}

/** The component arrays of an InMageRcm fabric, by kind. */
export const componentArrays: readonly [ApplianceComponentKind, keyof InMageRcmFabricSpecificDetails][] = [
  ["processServer", "processServers"],
  ["rcmProxy", "rcmProxies"],
  ["pushInstaller", "pushInstallers"],
  ["replicationAgent", "replicationAgents"],
  ["reprotectAgent", "reprotectAgents"],
  ["marsAgent", "marsAgents"],
  ["dra", "dras"],
];

/** Fields every component entry shares. */
export interface ComponentEntry {
  readonly id?: string;
  readonly name?: string;
  readonly lastHeartbeatUtc?: DateLike;
  readonly health?: string;
  readonly healthErrors?: HealthError[];
  readonly accessibleDatastores?: string[];
  readonly vcenterId?: string;
}

/**
 * The fabric's replication appliances: one appliance is the entries sharing one `id` across
 * `processServers`, `rcmProxies`, `pushInstallers`, `replicationAgents`, `reprotectAgents`,
 * `marsAgents` and `dras` (entries without an id group by name). Empty for a fabric that is not
 * InMageRcm.
 *
 * @param now the time heartbeat ages are measured against (injected: rules never read a clock).
 */
export function replicationApplianceFacts(
  fabric: Fabric | undefined,
  now: Date,
): ReplicationApplianceFacts[] {
  const details = inMageRcmDetails(fabric);
  if (!details) return [];
  const groups = new Map<string, { kind: ApplianceComponentKind; entry: ComponentEntry }[]>();
  for (const [kind, key] of componentArrays) {
    for (const entry of (details[key] ?? []) as ComponentEntry[]) {
      const groupKey = (entry.id ?? entry.name ?? "").toLowerCase();
      if (groupKey === "") continue;
      const group = groups.get(groupKey) ?? [];
      group.push({ kind, entry });
      groups.set(groupKey, group);
    }
  }
  return [...groups.values()].map((group) => {
    const components: ApplianceComponentFacts[] = group.map(({ kind, entry }) => ({
      kind,
      ...optional("health", healthOf(entry.health)),
      ...optional("healthErrorCodes", errorCodes(entry.healthErrors)),
      ...optional("heartbeatAgeInMinutes", minutesSince(entry.lastHeartbeatUtc, now)),
    }));
    const ages = components
      .map((component) => component.heartbeatAgeInMinutes)
      .filter((age): age is number => age !== undefined);
    const reprotectAgent = group.find(({ kind }) => kind === "reprotectAgent")?.entry;
    const named = group.find(({ entry }) => entry.name !== undefined)?.entry;
    const id = group.find(({ entry }) => entry.id !== undefined)?.entry.id;
    const anyErrorList = components.some((component) => component.healthErrorCodes !== undefined);
    return {
      name: named?.name ?? id ?? "(unnamed)",
      ...optional("id", id),
      components,
      ...(anyErrorList
        ? {
            healthErrorCodes: [
              ...new Set(components.flatMap((component) => component.healthErrorCodes ?? [])),
            ],
          }
        : {}),
      ...(ages.length > 0 ? { heartbeatAgeInMinutes: Math.max(...ages) } : {}),
      ...optional("accessibleDatastores", reprotectAgent?.accessibleDatastores),
      ...optional("vCenterId", reprotectAgent?.vcenterId),
    };
  });
}

/**
 * Adds to each appliance the disks of the items already replicating back through it (MR-05),
 * counted from the site's item facts; appliances whose count cannot be known are left as they are.
 */
export function withServedDisks(
  appliances: readonly ReplicationApplianceFacts[],
  items: readonly ProtectedItemFacts[],
): ReplicationApplianceFacts[] {
  return appliances.map((appliance) => {
    if (appliance.id === undefined) return appliance;
    const id = appliance.id.toLowerCase();
    const served = items.filter(
      (item) => item.instanceType === "InMageRcmFailback" && item.reprotectAgentId?.toLowerCase() === id,
    );
    if (served.some((item) => item.protectedDiskCount === undefined)) return appliance;
    return {
      ...appliance,
      servedDiskCount: served.reduce((sum, item) => sum + (item.protectedDiskCount ?? 0), 0),
    };
  });
}

function plannedFailoverStatusOf(value: string | undefined): PlannedFailoverStatus | undefined {
  return value === "Succeeded" || value === "Failed" || value === "Cancelled" || value === "Unknown"
    ? value
    : undefined;
}

/** `West Europe` / `westeurope` → `westeurope`. */
function regionOf(value: string | undefined): string | undefined {
  return value === undefined ? undefined : value.replace(/\s+/g, "").toLowerCase();
}

/** Whether every protected disk finished initial replication; unknown when no disk says. */
function initialReplicationCompleteOf(
  disks: readonly { readonly isInitialReplicationComplete?: string }[] | undefined,
): boolean | undefined {
  const flags = (disks ?? []).map((disk) => flagOf(disk.isInitialReplicationComplete));
  if (flags.length === 0 || flags.some((flag) => flag === undefined)) return undefined;
  return flags.every((flag) => flag === true);
}

/**
 * The modernized fields of a protected item, to merge over the classic item facts
 * (`{...protectedItemFacts(item), ...modernizedItemFacts(item)}`): `replicationPath` for every
 * VMware/physical item, and the InMageRcm / InMageRcmFailback details for modernized ones.
 */
export function modernizedItemFacts(item: ReplicationProtectedItem): Partial<ProtectedItemFacts> {
  const properties = item.properties ?? {};
  const details = properties.providerSpecificDetails;
  const instanceType = details?.instanceType;
  const path = replicationPathOfInstanceType(instanceType);
  if (path !== "modernized") return optional("replicationPath", path);
  const scenario = properties.currentScenario?.scenarioName;
  const common: Partial<ProtectedItemFacts> = {
    replicationPath: "modernized",
    ...optional("policyId", properties.policyId),
    ...optional("runningJobScenario", scenario === undefined || scenario === "None" ? undefined : scenario),
    ...(properties.healthErrors !== undefined
      ? {
          criticalHealthErrorCount: properties.healthErrors.filter((error) => error.errorLevel === "Critical")
            .length,
        }
      : {}),
  };
  if (instanceType === "InMageRcm") {
    const rcm = details as InMageRcmReplicationDetails;
    const nics: ModernizedNicFacts[] | undefined = rcm.vmNics?.map((nic) => ({
      ...optional("ipAddress", nic.sourceIPAddress),
      ...(nic.sourceIPAddressType === "Static" || nic.sourceIPAddressType === "Dynamic"
        ? { ipAddressType: nic.sourceIPAddressType }
        : {}),
    }));
    return {
      ...common,
      ...optional("protectedDiskCount", rcm.protectedDisks?.length),
      ...optional("agentRegisteredAfterFailover", rcm.isAgentRegistrationSuccessfulAfterFailover),
      ...optional("discoveredVmDeleted", rcm.discoveredVmDetails?.isDeleted),
      ...optional("discoveredDatastores", rcm.discoveredVmDetails?.datastores),
      ...optional("discoveredVCenterId", rcm.discoveredVmDetails?.vCenterId),
      ...optional("nics", nics),
      ...optional(
        "initialReplicationProgressPercentage",
        rcm.initialReplicationProgressPercentage ?? undefined,
      ),
      ...optional("initialReplicationComplete", initialReplicationCompleteOf(rcm.protectedDisks)),
      ...optional("resyncRequired", flagOf(rcm.resyncRequired)),
      ...optional("azureLocation", regionOf(rcm.targetLocation)),
      ...optional("azureVmName", rcm.targetVmName),
    };
  }
  const failback = details as InMageRcmFailbackReplicationDetails;
  const nics: ModernizedNicFacts[] | undefined = failback.vmNics?.map((nic) =>
    optional("ipAddress", nic.sourceIpAddress),
  );
  return {
    ...common,
    ...optional("protectedDiskCount", failback.protectedDisks?.length),
    ...optional("agentRegisteredAfterFailover", failback.isAgentRegistrationSuccessfulAfterFailover),
    ...optional("discoveredVmDeleted", failback.discoveredVmDetails?.isDeleted),
    ...optional("discoveredDatastores", failback.discoveredVmDetails?.datastores),
    ...optional("discoveredVCenterId", failback.discoveredVmDetails?.vCenterId),
    ...optional("nics", nics),
    ...optional(
      "initialReplicationProgressPercentage",
      failback.initialReplicationProgressPercentage ?? undefined,
    ),
    ...optional("initialReplicationComplete", initialReplicationCompleteOf(failback.protectedDisks)),
    ...optional("resyncRequired", flagOf(failback.resyncRequired)),
    ...optional("lastPlannedFailoverStatus", plannedFailoverStatusOf(failback.lastPlannedFailoverStatus)),
    ...optional("reprotectAgentId", failback.reprotectAgentId),
    ...optional("reprotectAgentName", failback.reprotectAgentName),
    ...optional("targetDatastoreName", failback.targetDataStoreName),
    ...optional(
      "azureVmName",
      failback.azureVirtualMachineId !== undefined ? lastSegment(failback.azureVirtualMachineId) : undefined,
    ),
  };
}

/** A replication policy: type and, for InMageRcm / InMageRcmFailback, its point frequencies. */
export function replicationPolicyFacts(policy: Policy): ReplicationPolicyFacts {
  const details = policy.properties?.providerSpecificDetails;
  const frequencies =
    details?.instanceType === "InMageRcm" || details?.instanceType === "InMageRcmFailback"
      ? (details as InMageRcmPolicyDetails | InMageRcmFailbackPolicyDetails)
      : undefined;
  return {
    name: policy.name ?? policy.properties?.friendlyName ?? "(unnamed)",
    ...optional("id", policy.id),
    ...optional("instanceType", details?.instanceType),
    ...optional("appConsistentFrequencyInMinutes", frequencies?.appConsistentFrequencyInMinutes),
    ...optional("crashConsistentFrequencyInMinutes", frequencies?.crashConsistentFrequencyInMinutes),
  };
}

/** A protection container mapping: its policy, target container, pairing state and health. */
export function containerMappingFacts(mapping: ProtectionContainerMapping): ContainerMappingFacts {
  const properties = mapping.properties ?? {};
  return {
    name: mapping.name ?? "(unnamed)",
    ...optional("policyId", properties.policyId),
    ...optional("targetProtectionContainerId", properties.targetProtectionContainerId),
    ...optional("state", properties.state),
    ...optional("health", properties.health),
  };
}
