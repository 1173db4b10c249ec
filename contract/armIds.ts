/**
 * Typed Azure Resource Manager IDs: parse and format with descriptive errors, so no caller ever
 * concatenates or slices an ID string by hand.
 *
 * Parsing is case-insensitive on the fixed segments (`subscriptions`, `resourceGroups`,
 * `providers`, provider namespace, resource types) because ARM itself is, while names keep their
 * case. Site Recovery answers with `/Subscriptions/...` (capital S); formatting follows that per
 * provider so IDs compare equal to what the service returns.
 */

/** One `type/name` pair below the provider namespace: the resource type and the field holding its name. */
type Segment<F extends string> = readonly [type: string, field: F];

/** The fields every ARM ID has. */
export interface ArmScope {
  /** The subscription GUID. */
  readonly subscriptionId: string;
  /** The resource group name. */
  readonly resourceGroup: string;
}

/** A parser/formatter for one kind of resource ID. */
export interface ArmIdCodec<F extends string> {
  /** What the ID names, for messages ("protected item"). */
  readonly label: string;
  /** Parses `id`; throws an `ArmIdError` naming what is wrong. */
  parse(id: string): ArmScope & Readonly<Record<F, string>>;
  /** Parses `id`, or returns `undefined` when it is not an ID of this kind. */
  tryParse(id: string): (ArmScope & Readonly<Record<F, string>>) | undefined;
  /** Formats the ID from its parts; throws when a part is empty or holds a `/`. */
  format(parts: ArmScope & Readonly<Record<F, string>>): string;
  /** True when `id` is an ID of this kind. */
  matches(id: string): boolean;
}

/** A malformed or mismatching ARM ID. The message quotes the ID and says what was expected. */
export class ArmIdError extends Error {
  override readonly name = "ArmIdError";
}

function makeCodec<const F extends string>(
  label: string,
  provider: string,
  segments: readonly Segment<F>[],
  subscriptionsSegment: "subscriptions" | "Subscriptions",
): ArmIdCodec<F> {
  const template = `/${subscriptionsSegment}/{subscriptionId}/resourceGroups/{resourceGroup}/providers/${provider}/${segments
    .map(([type, field]) => `${type}/{${field}}`)
    .join("/")}`;
  const expectedLength = 6 + segments.length * 2;

  function fail(id: string, reason: string): never {
    throw new ArmIdError(`invalid ${label} ID "${id}": ${reason}; expected ${template}`);
  }

  function parse(id: string): ArmScope & Readonly<Record<F, string>> {
    if (typeof id !== "string" || id.length === 0) fail(String(id), "it is empty");
    if (!id.startsWith("/")) fail(id, "it does not start with /");
    const parts = id.replace(/\/+$/, "").split("/").slice(1);
    if (parts.some((part) => part.length === 0)) fail(id, "it has an empty segment");
    if (parts.length !== expectedLength) {
      fail(id, `it has ${parts.length} segments instead of ${expectedLength}`);
    }
    const expectFixed = (index: number, expected: string) => {
      if (parts[index]!.toLowerCase() !== expected.toLowerCase()) {
        fail(id, `segment ${index + 1} is "${parts[index]}" instead of "${expected}"`);
      }
    };
    expectFixed(0, "subscriptions");
    expectFixed(2, "resourceGroups");
    expectFixed(4, "providers");
    expectFixed(5, provider);
    const result: Record<string, string> = {
      subscriptionId: decodeURIComponent(parts[1]!),
      resourceGroup: decodeURIComponent(parts[3]!),
    };
    segments.forEach(([type, field], index) => {
      expectFixed(6 + index * 2, type);
      result[field] = decodeURIComponent(parts[7 + index * 2]!);
    });
    return result as ArmScope & Record<F, string>;
  }

  return {
    label,
    parse,
    tryParse(id) {
      try {
        return parse(id);
      } catch {
        return undefined;
      }
    },
    matches(id) {
      try {
        parse(id);
        return true;
      } catch {
        return false;
      }
    },
    format(parts) {
      const check = (field: string, value: unknown): string => {
        if (typeof value !== "string" || value.length === 0) {
          throw new ArmIdError(`cannot format a ${label} ID: ${field} is empty`);
        }
        if (value.includes("/")) {
          throw new ArmIdError(`cannot format a ${label} ID: ${field} "${value}" contains "/"`);
        }
        return value;
      };
      const record = parts as unknown as Record<string, unknown>;
      return (
        `/${subscriptionsSegment}/${check("subscriptionId", parts.subscriptionId)}` +
        `/resourceGroups/${check("resourceGroup", parts.resourceGroup)}/providers/${provider}/` +
        segments
          .map(([type, field]) => `${type}/${encodeURIComponent(check(field, record[field]))}`)
          .join("/")
      );
    },
  };
}

const RS = "Microsoft.RecoveryServices";
const vault = ["vaults", "vaultName"] as const;
const fabric = ["replicationFabrics", "fabricName"] as const;
const container = ["replicationProtectionContainers", "containerName"] as const;
const item = ["replicationProtectedItems", "itemName"] as const;

/** A Recovery Services vault. */
export const VaultIdCodec = makeCodec("vault", RS, [vault], "Subscriptions");
/** A replication fabric (configuration server site, Hyper-V site, Azure). */
export const FabricIdCodec = makeCodec("replication fabric", RS, [vault, fabric], "Subscriptions");
/** A vCenter discovered by a fabric. */
export const VCenterIdCodec = makeCodec(
  "vCenter",
  RS,
  [vault, fabric, ["replicationvCenters", "vCenterName"]],
  "Subscriptions",
);
/** A protection container of a fabric. */
export const ContainerIdCodec = makeCodec(
  "protection container",
  RS,
  [vault, fabric, container],
  "Subscriptions",
);
/** A protection container mapping (container → target container with a policy). */
export const ContainerMappingIdCodec = makeCodec(
  "protection container mapping",
  RS,
  [vault, fabric, container, ["replicationProtectionContainerMappings", "mappingName"]],
  "Subscriptions",
);
/** A replication protected item. */
export const ProtectedItemIdCodec = makeCodec(
  "protected item",
  RS,
  [vault, fabric, container, item],
  "Subscriptions",
);
/** A recovery point of a protected item. */
export const RecoveryPointIdCodec = makeCodec(
  "recovery point",
  RS,
  [vault, fabric, container, item, ["recoveryPoints", "recoveryPointName"]],
  "Subscriptions",
);
/** A replication policy. */
export const PolicyIdCodec = makeCodec(
  "replication policy",
  RS,
  [vault, ["replicationPolicies", "policyName"]],
  "Subscriptions",
);
/** A recovery plan. */
export const RecoveryPlanIdCodec = makeCodec(
  "recovery plan",
  RS,
  [vault, ["replicationRecoveryPlans", "recoveryPlanName"]],
  "Subscriptions",
);
/** A Site Recovery provider registered in a fabric (a modernized item's `recoveryServicesProviderId`). */
export const RecoveryServicesProviderIdCodec = makeCodec(
  "recovery services provider",
  RS,
  [vault, fabric, ["replicationRecoveryServicesProviders", "providerName"]],
  "Subscriptions",
);
/** A Site Recovery job. */
export const JobIdCodec = makeCodec(
  "replication job",
  RS,
  [vault, ["replicationJobs", "jobName"]],
  "Subscriptions",
);

const NET = "Microsoft.Network";
/** A virtual network. */
export const VirtualNetworkIdCodec = makeCodec(
  "virtual network",
  NET,
  [["virtualNetworks", "virtualNetworkName"]],
  "subscriptions",
);
/** A subnet of a virtual network. */
export const SubnetIdCodec = makeCodec(
  "subnet",
  NET,
  [
    ["virtualNetworks", "virtualNetworkName"],
    ["subnets", "subnetName"],
  ],
  "subscriptions",
);
/** An ExpressRoute circuit. */
export const ExpressRouteCircuitIdCodec = makeCodec(
  "ExpressRoute circuit",
  NET,
  [["expressRouteCircuits", "circuitName"]],
  "subscriptions",
);
/** A virtual network gateway connection (VPN or ExpressRoute). */
export const ConnectionIdCodec = makeCodec(
  "gateway connection",
  NET,
  [["connections", "connectionName"]],
  "subscriptions",
);
/** A virtual network gateway. */
export const VirtualNetworkGatewayIdCodec = makeCodec(
  "virtual network gateway",
  NET,
  [["virtualNetworkGateways", "gatewayName"]],
  "subscriptions",
);
/** A Network Watcher. */
export const NetworkWatcherIdCodec = makeCodec(
  "network watcher",
  NET,
  [["networkWatchers", "networkWatcherName"]],
  "subscriptions",
);
/** A network interface. */
export const NetworkInterfaceIdCodec = makeCodec(
  "network interface",
  NET,
  [["networkInterfaces", "networkInterfaceName"]],
  "subscriptions",
);
/** A storage account. */
export const StorageAccountIdCodec = makeCodec(
  "storage account",
  "Microsoft.Storage",
  [["storageAccounts", "storageAccountName"]],
  "subscriptions",
);
/** A Compute managed disk. */
export const ManagedDiskIdCodec = makeCodec(
  "managed disk",
  "Microsoft.Compute",
  [["disks", "diskName"]],
  "subscriptions",
);
/** A Compute virtual machine. */
export const VirtualMachineIdCodec = makeCodec(
  "virtual machine",
  "Microsoft.Compute",
  [["virtualMachines", "virtualMachineName"]],
  "subscriptions",
);

const OFF_AZURE = "Microsoft.OffAzure";
const vmwareSite = ["VMwareSites", "siteName"] as const;
/** An Azure Migrate (OffAzure) VMware site: what a replication appliance discovers into. */
export const VMwareSiteIdCodec = makeCodec("VMware site", OFF_AZURE, [vmwareSite], "subscriptions");
/** A vCenter discovered by a VMware site (a reprotect agent's `vcenterId`). */
export const DiscoveredVCenterIdCodec = makeCodec(
  "discovered vCenter",
  OFF_AZURE,
  [vmwareSite, ["vcenters", "vCenterName"]],
  "subscriptions",
);
/** A run-as account of a VMware site (`InMageRcmFailbackReprotectInput.runAsAccountId`). */
export const RunAsAccountIdCodec = makeCodec(
  "run-as account",
  OFF_AZURE,
  [vmwareSite, ["runasaccounts", "runAsAccountName"]],
  "subscriptions",
);
/** A machine discovered by a VMware site (an appliance's or a protected VM's `fabricObjectId`). */
export const DiscoveredMachineIdCodec = makeCodec(
  "discovered machine",
  OFF_AZURE,
  [vmwareSite, ["machines", "machineName"]],
  "subscriptions",
);

/** Parsed protected item ID. */
export type ProtectedItemId = ReturnType<typeof ProtectedItemIdCodec.parse>;
/** Parsed recovery plan ID. */
export type RecoveryPlanId = ReturnType<typeof RecoveryPlanIdCodec.parse>;
/** Parsed replication job ID. */
export type JobId = ReturnType<typeof JobIdCodec.parse>;
/** Parsed fabric ID. */
export type FabricId = ReturnType<typeof FabricIdCodec.parse>;
/** Parsed container ID. */
export type ContainerId = ReturnType<typeof ContainerIdCodec.parse>;
/** Parsed policy ID. */
export type PolicyId = ReturnType<typeof PolicyIdCodec.parse>;
/** Parsed subnet ID. */
export type SubnetId = ReturnType<typeof SubnetIdCodec.parse>;
/** Parsed virtual machine ID. */
export type VirtualMachineId = ReturnType<typeof VirtualMachineIdCodec.parse>;

/** True when two ARM IDs name the same resource (ARM IDs compare case-insensitively). */
export function sameArmId(a: string | undefined, b: string | undefined): boolean {
  return (
    a !== undefined &&
    b !== undefined &&
    a.replace(/\/+$/, "").toLowerCase() === b.replace(/\/+$/, "").toLowerCase()
  );
}

/** The last segment (the resource name) of an ARM ID, or of a bare name. */
export function armIdName(id: string): string {
  const parts = id.replace(/\/+$/, "").split("/");
  return decodeURIComponent(parts[parts.length - 1] ?? "");
}
