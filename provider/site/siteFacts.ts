/**
 * Adapters from Site Recovery's ARM shapes to the rules' {@link SiteFacts}.
 *
 * Facts without an ARM field of their own (snapshots on the master target, its SCSI controller, a
 * free ESXi edition, …) arrive as `healthErrors[]` / `validationErrors[]` entries under the codes of
 * {@link SiteHealthCodes}. Site Recovery reports them by exception, so when an error list is
 * present, a missing code means "fine"; when no list is present, the fact stays unknown.
 */
import type {
  HealthError,
  MasterTargetServer,
  ProcessServer,
  ReplicationProtectedItem,
  VCenter,
} from "@azure/arm-recoveryservices-siterecovery";
import { SiteHealthCodes } from "asr-contract";
import type {
  DatastoreType,
  EsxHostFacts,
  Flavor,
  MasterTargetFacts,
  OsType,
  ProcessServerFacts,
  ProtectedItemFacts,
  VCenterFacts,
} from "../rules/types";
import { classifyItem } from "../stageModel";

/** Health and validation errors of one object, indexed by code; undefined when none were reported. */
export function healthErrorsByCode(
  ...lists: (readonly HealthError[] | undefined)[]
): Map<string, HealthError> | undefined {
  if (lists.every((list) => list === undefined)) return undefined;
  const byCode = new Map<string, HealthError>();
  for (const error of lists.flatMap((list) => list ?? [])) {
    if (error.errorCode !== undefined && !byCode.has(error.errorCode)) byCode.set(error.errorCode, error);
  }
  return byCode;
}

function minutesSince(then: Date | undefined, now: Date): number | undefined {
  if (then === undefined || Number.isNaN(then.getTime())) return undefined;
  return Math.max(0, (now.getTime() - then.getTime()) / 60_000);
}

function osTypeOf(value: string | undefined): OsType | undefined {
  if (value === undefined) return undefined;
  if (/windows/i.test(value)) return "windows";
  if (/linux/i.test(value)) return "linux";
  return undefined;
}

function datastoreTypeOf(value: string | undefined): DatastoreType | undefined {
  switch (value?.toLowerCase()) {
    case "vmfs":
      return "VMFS";
    case "vsan":
      return "vSAN";
    case "nfs":
      return "NFS";
    case "rdm":
      return "RDM";
    default:
      return undefined;
  }
}

/** What a master target server tells about itself, its ESX host and its vCenter. */
export interface MasterTargetReport {
  readonly masterTarget: MasterTargetFacts;
  /** The master target's ESX host when a health code names it. */
  readonly esxHosts: EsxHostFacts[];
  /** vCenters a health code flags (read-only account, added after failover). */
  readonly vCenters: VCenterFacts[];
}

/**
 * Normalizes a fabric's `masterTargetServers[]` entry.
 *
 * @param now the time heartbeat ages are measured against (injected: rules never read a clock).
 */
export function masterTargetFacts(server: MasterTargetServer, now: Date): MasterTargetReport {
  const name = server.name ?? server.id ?? "(unnamed)";
  const codes = healthErrorsByCode(server.healthErrors, server.validationErrors);
  const has = (code: string) => codes?.has(code);
  const snapshots = codes?.get(SiteHealthCodes.masterTargetHasSnapshots);
  const missing = codes?.get(SiteHealthCodes.masterTargetMissingPackages);
  const notDiscovered = codes?.get(SiteHealthCodes.esxHostNotDiscovered);
  const freeEdition = codes?.get(SiteHealthCodes.esxiFreeEdition);
  const readOnly = codes?.get(SiteHealthCodes.vCenterAccountReadOnly);
  const notOriginal = codes?.get(SiteHealthCodes.vCenterNotOriginal);
  const osType = osTypeOf(server.osType);

  // The ARM shape does not name the ESX host; the not-discovered code carries it in errorMessage.
  const esxHostName = notDiscovered?.errorMessage ?? (freeEdition ? `(host of ${name})` : undefined);
  const esxHosts: EsxHostFacts[] = [];
  if (notDiscovered && esxHostName !== undefined) esxHosts.push({ name: esxHostName, discovered: false });
  if (freeEdition && esxHostName !== undefined && !notDiscovered) {
    esxHosts.push({
      name: esxHostName,
      isFreeEdition: true,
      ...(freeEdition.errorMessage ? { edition: freeEdition.errorMessage } : {}),
    });
  }

  const snapshotCount = snapshots ? Number.parseInt(snapshots.errorMessage ?? "", 10) : 0;
  const masterTarget: MasterTargetFacts = {
    name,
    ...(osType ? { osType } : {}),
    ...optional("heartbeatAgeInMinutes", minutesSince(server.lastHeartbeat, now)),
    ...optional("diskCount", server.diskCount),
    ...(codes
      ? {
          // A reported snapshot code with an unreadable count still means "at least one".
          snapshotCount:
            Number.isFinite(snapshotCount) && snapshotCount > 0 ? snapshotCount : snapshots ? 1 : 0,
          excludedFromStorageVmotion: !has(SiteHealthCodes.masterTargetStorageVmotionEnabled),
          ...(has(SiteHealthCodes.masterTargetParavirtualController)
            ? { scsiController: "paravirtual" as const }
            : {}),
        }
      : {}),
    ...(codes && osType === "linux"
      ? {
          diskEnableUuid: !has(SiteHealthCodes.masterTargetDiskUuidDisabled),
          missingPackages: (missing?.errorMessage ?? "")
            .split(",")
            .map((entry) => entry.trim())
            .filter((entry) => entry.length > 0),
        }
      : {}),
    ...(server.retentionVolumes
      ? {
          retentionVolumes: server.retentionVolumes.map((volume) => ({
            name: volume.volumeName ?? "",
            ...optional("freeSpaceInBytes", volume.freeSpaceInBytes),
          })),
        }
      : {}),
    ...(server.dataStores
      ? {
          datastores: server.dataStores.map((datastore) => {
            const type = datastoreTypeOf(datastore.type);
            return { name: datastore.symbolicName ?? "", ...(type ? { type } : {}) };
          }),
        }
      : {}),
    ...optional("esxHostName", esxHostName),
    ...optional("vCenterName", readOnly?.errorMessage ?? notOriginal?.errorMessage),
  };
  const vCenters: VCenterFacts[] = [];
  if (readOnly?.errorMessage) vCenters.push({ name: readOnly.errorMessage, accountReadOnly: true });
  if (notOriginal?.errorMessage) vCenters.push({ name: notOriginal.errorMessage, isOriginal: false });
  return { masterTarget, esxHosts, vCenters };
}

/** Normalizes a fabric's `processServers[]` entry (its name is `friendlyName`). */
export function processServerFacts(server: ProcessServer, now: Date): ProcessServerFacts {
  return {
    name: server.friendlyName ?? server.id ?? "(unnamed)",
    ...optional("ipAddress", server.ipAddress),
    ...optional("heartbeatAgeInMinutes", minutesSince(server.lastHeartbeat, now)),
  };
}

/** Normalizes a vCenter resource. */
export function vCenterFacts(vCenter: VCenter): VCenterFacts {
  const properties = vCenter.properties ?? {};
  const codes = healthErrorsByCode(properties.healthErrors);
  const status = properties.discoveryStatus;
  return {
    name: properties.friendlyName ?? vCenter.name ?? "(unnamed)",
    // Discovery status is a free string; only a clear "disconnected"/"failed" counts as down.
    ...(status !== undefined ? { connected: !/disconnect|fail|unreachable/i.test(status) } : {}),
    ...(codes ? { accountReadOnly: codes.has(SiteHealthCodes.vCenterAccountReadOnly) } : {}),
    // Only the flag is a fact: Site Recovery itself does not report where a vCenter came from, so
    // an unflagged one stays unknown rather than asserted original (VC-05 acts on false only).
    ...(codes?.has(SiteHealthCodes.vCenterNotOriginal) ? { isOriginal: false } : {}),
  };
}

function flavorOf(instanceType: string | undefined, discoveryType: string | undefined): Flavor | undefined {
  if (instanceType === undefined) return undefined;
  if (instanceType.startsWith("HyperVReplica")) return "hyperv";
  if (instanceType.startsWith("InMage"))
    return discoveryType && /physical/i.test(discoveryType) ? "physical" : "vmware";
  return undefined;
}

/** Normalizes a replication protected item; fields the ARM shape does not carry stay unknown. */
export function protectedItemFacts(item: ReplicationProtectedItem): ProtectedItemFacts {
  const properties = item.properties ?? {};
  const details = (properties.providerSpecificDetails ?? {}) as Record<string, unknown>;
  const instanceType =
    typeof details["instanceType"] === "string" ? (details["instanceType"] as string) : undefined;
  const text = (key: string) => (typeof details[key] === "string" ? (details[key] as string) : undefined);
  const hyperVOs = details["oSDetails"] as
    | { osType?: string; productType?: string; oSVersion?: string }
    | undefined;
  const osType = osTypeOf(text("osType") ?? hyperVOs?.osType);
  const flavor = flavorOf(instanceType, text("discoveryType"));
  const codes = healthErrorsByCode(properties.healthErrors);
  // Without a known flavor there is no stage table to read a running job against.
  const position = flavor ? classifyItem(flavor, item) : undefined;
  const health = properties.replicationHealth;
  const location = properties.activeLocation;
  const managedDisks = text("useManagedDisks");
  const state = properties.protectionState;
  return {
    name: properties.friendlyName ?? item.name ?? "(unnamed)",
    ...optional("flavor", flavor),
    ...optional("instanceType", instanceType),
    ...optional("osType", osType),
    ...optional("osVersion", text("osVersion") ?? hyperVOs?.oSVersion),
    ...optional("protectionState", state),
    ...(location === "Primary" || location === "Recovery" ? { activeLocation: location } : {}),
    ...(health === "None" || health === "Normal" || health === "Warning" || health === "Critical"
      ? { replicationHealth: health }
      : {}),
    ...optional("allowedOperations", properties.allowedOperations),
    ...optional("failbackStage", position?.stage),
    ...optional("runningJobScenario", position?.runningJob?.scenarioName),
    ...optional("failoverToAzureCommitted", position?.failoverToAzureCommitted),
    ...optional("replicationGroup", text("multiVmGroupName")),
    ...optional("processServerName", text("processServerName")),
    ...optional("protectionGroupName", properties.primaryProtectionContainerFriendlyName),
    ...(codes
      ? { inConfigurationServerDatabase: !codes.has(SiteHealthCodes.machineNotInConfigurationServer) }
      : {}),
    ...(flavor === "hyperv" && managedDisks !== undefined
      ? { usesManagedDisks: /^true$/i.test(managedDisks) }
      : {}),
    ...(flavor === "hyperv" ? optional("originalVirtualSwitchName", hyperVSwitchName(details)) : {}),
  };
}

/**
 * The virtual switch a Hyper-V VM used on its original host: the source network of its first
 * network adapter. Inferred: on a Hyper-V site without VMM, Site Recovery reports the switch a
 * NIC is connected to as its VM network (`vMNetworkName`); no source states it outright.
 */
function hyperVSwitchName(details: Record<string, unknown>): string | undefined {
  const nics = details["vmNics"];
  if (!Array.isArray(nics)) return undefined;
  const name = (nics[0] as { vMNetworkName?: unknown } | undefined)?.vMNetworkName;
  return typeof name === "string" && name.length > 0 ? name : undefined;
}

/** `{key: value}` when value is defined, `{}` otherwise (exactOptionalPropertyTypes-friendly). */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
