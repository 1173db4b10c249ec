/**
 * The scenario: the on-premises and Azure world the emulator answers from, as a YAML file. The
 * zod schema is the type. Every object is strict so a misspelt key is an error naming its path
 * rather than a silently ignored fact.
 */
import { z } from "zod";
import { ApplianceSite, modernizedItemFields, refineApplianceSite } from "./scenarioApplianceSite";

const name = z
  .string()
  .min(1)
  .regex(/^[^/?#]+$/, "must not contain '/', '?' or '#'");
const sizeInGb = z.number().nonnegative();
const ipv4 = z.ipv4();
const cidr = z.cidrv4();

/** ESX/ESXi editions that matter to failback (VC-04: the free ones cannot fail back). */
export const EsxiEdition = z.enum(["Licensed", "ESXi55Free", "vSphere6HypervisorFree"]);
/** Datastore kinds (MT-07: NFS is not supported for failback). */
export const DatastoreType = z.enum(["VMFS", "vSAN", "RDM", "NFS"]);
/** Guest OS family. */
export const OsType = z.enum(["Windows", "Linux"]);

/**
 * Where a protected item stands when the scenario starts. The emulator's state machine takes it
 * from there (see `itemStateMachine.ts`).
 */
export const ItemPhase = z.enum([
  /** Replicating from on-premises to Azure. */
  "Protected",
  /** Failed over to Azure, commit pending. */
  "FailedOverToAzure",
  /** Failed over to Azure and committed: where failback starts. */
  "FailoverCommittedInAzure",
  /** Reprotected: replicating from Azure back to on-premises (classic: instanceType InMage). */
  "ReplicatingToOnPremises",
  /** Failed back to on-premises, commit pending. */
  "FailedBackToOnPremises",
  /** Failed back and committed on-premises: reverse replication (reprotect to Azure) is next. */
  "FailbackCommittedOnPremises",
]);
export type ItemPhase = z.infer<typeof ItemPhase>;

const RetentionVolume = z.strictObject({
  /** Volume name as Site Recovery lists it (e.g. "E:" or "/mnt/retention"). */
  name: z.string().min(1),
  fileSystem: z.enum(["NTFS", "ReFS", "FAT", "FAT32", "ext4", "xfs"]).default("NTFS"),
  capacityInGb: sizeInGb,
  freeInGb: sizeInGb,
  thresholdPercentage: z.number().min(0).max(100).default(80),
  /** A cache volume (MT-07 forbids it as retention drive). */
  cacheVolume: z.boolean().default(false),
  /** Locked, e.g. by BitLocker (MT-07). */
  locked: z.boolean().default(false),
});

const MasterTarget = z.strictObject({
  /** Site Recovery's ID of the server; defaults to a GUID derived from the name. */
  id: z.string().min(1).optional(),
  name,
  os: OsType,
  /** The ESX host the master target VM runs on (a name in `esxHosts`). */
  host: name,
  ipAddress: ipv4,
  diskCount: z.number().int().nonnegative().default(4),
  scsiController: z.enum(["LsiLogic", "Paravirtual"]).default("LsiLogic"),
  snapshots: z.number().int().nonnegative().default(0),
  storageVmotionExcluded: z.boolean().default(true),
  diskEnableUuid: z.boolean().default(true),
  missingPackages: z.array(z.string()).default([]),
  heartbeatMinutesAgo: z.number().nonnegative().default(1),
  agentVersion: z.string().default("9.60.7100.1"),
  retentionVolumes: z.array(RetentionVolume).default([]),
});

const ProcessServer = z.strictObject({
  id: z.string().min(1).optional(),
  name,
  ipAddress: ipv4,
  /** Where it runs: the configuration server's own one is on premises. */
  location: z.enum(["OnPremises", "Azure"]).default("OnPremises"),
  heartbeatMinutesAgo: z.number().nonnegative().default(1),
});

const ConfigurationServer = z.strictObject({
  /** ARM name of the fabric that represents the configuration server. */
  fabricName: name,
  /** Protection container name; defaults to `<fabricName>-container`. */
  containerName: name.optional(),
  hostName: name,
  ipAddress: ipv4,
  heartbeatMinutesAgo: z.number().nonnegative().default(1),
  serviceRunning: z.boolean().default(true),
  agentVersion: z.string().default("9.60.7100.1"),
  controlPort: z.number().int().positive().default(443),
  dataPort: z.number().int().positive().default(9443),
  /** Ports the on-premises firewall lets through from Azure to the configuration server. */
  reachablePorts: z.array(z.number().int().positive()).default([443, 9443]),
  runAsAccounts: z.array(z.strictObject({ id: z.string().min(1), name: z.string().min(1) })).default([]),
  processServers: z.array(ProcessServer).default([]),
  /** Protected machines missing from its database (CS-01). */
  missingMachines: z.array(name).default([]),
  /** The configuration server that failed over is a new one (VC-05). */
  replacedSinceFailover: z.boolean().default(false),
});

const VCenter = z.strictObject({
  name,
  ipAddress: ipv4,
  port: z.number().int().positive().default(443),
  connected: z.boolean().default(true),
  accountReadOnly: z.boolean().default(false),
  runAsAccountId: z.string().min(1).optional(),
  /** Added after failover (VC-05: failback only to the original vCenter). */
  addedAfterFailover: z.boolean().default(false),
});

const EsxHost = z.strictObject({
  name,
  /** Managing vCenter (a name in `vCenters`); omit for a standalone host. */
  vCenter: name.optional(),
  edition: EsxiEdition.default("Licensed"),
  discovered: z.boolean().default(true),
  freeMemoryInGb: sizeInGb.default(256),
  /** Names of VMs already registered on the host (78052 on a clash). */
  vmNames: z.array(z.string()).default([]),
});

const Datastore = z.strictObject({
  name,
  type: DatastoreType,
  capacityInGb: sizeInGb,
  freeInGb: sizeInGb,
  /** ESX hosts that see the datastore. */
  hosts: z.array(name).min(1),
});

const Subnet = z.strictObject({ name, addressPrefix: cidr });
const VirtualNetwork = z.strictObject({
  name,
  resourceGroup: name.optional(),
  addressSpace: z.array(cidr).min(1),
  subnets: z.array(Subnet).default([]),
});

const Peering = z.strictObject({
  type: z.enum(["AzurePrivatePeering", "MicrosoftPeering", "AzurePublicPeering"]),
  state: z.enum(["Enabled", "Disabled"]).default("Enabled"),
  advertisedPublicPrefixesState: z
    .enum(["NotConfigured", "Configuring", "Configured", "ValidationNeeded"])
    .optional(),
});

const ExpressRouteCircuit = z.strictObject({
  name,
  resourceGroup: name.optional(),
  serviceProviderProvisioningState: z
    .enum(["NotProvisioned", "Provisioning", "Provisioned", "Deprovisioning"])
    .default("Provisioned"),
  bandwidthInMbps: z.number().positive().default(1000),
  peerings: z.array(Peering).default([]),
  /** Virtual networks linked to the circuit through an ExpressRoute gateway connection. */
  connectedVirtualNetworks: z.array(name).default([]),
  /** Name of that gateway connection; defaults to `<circuit>-connection`. */
  connectionName: name.optional(),
  connectionStatus: z.enum(["Connected", "Connecting", "NotConnected", "Unknown"]).default("Connected"),
});

const VpnConnection = z.strictObject({
  name,
  resourceGroup: name.optional(),
  status: z.enum(["Connected", "Connecting", "NotConnected", "Unknown"]).default("Connected"),
  virtualNetwork: name,
});

const AzureVm = z.strictObject({
  name,
  resourceGroup: name.optional(),
  running: z.boolean().default(true),
  exists: z.boolean().default(true),
  /** The VM was moved to another resource group after failover (RP-01). */
  movedToAnotherResourceGroup: z.boolean().default(false),
  virtualNetwork: name,
  subnet: name,
  ipAddress: ipv4.optional(),
  size: z.string().default("Standard_D2s_v3"),
});

const Disk = z.strictObject({
  name,
  sizeInGb: z.number().positive(),
  /** On-premises datastore holding the disk (VMware); RDM/vSAN disks per LOC-02. */
  datastore: name.optional(),
  kind: z.enum(["Vmdk", "vSAN", "RDM", "Vhdx"]).default("Vmdk"),
});

const RecoveryPoint = z.strictObject({
  type: z.enum(["CrashConsistent", "ApplicationConsistent"]),
  minutesAgo: z.number().nonnegative(),
});

const ProtectedItem = z.strictObject({
  /** ARM name of the protected item. */
  name,
  friendlyName: z.string().min(1).optional(),
  kind: z.enum(["VMwareVm", "PhysicalServer", "HyperVVm"]),
  os: OsType,
  osVersion: z.string().min(1),
  fileSystems: z.array(z.string()).default([]),
  disks: z.array(Disk).min(1),
  memoryInGb: z.number().positive().default(8),
  /** Original ESX host (VMware VMs). */
  esxHost: name.optional(),
  /** Original Hyper-V host (Hyper-V VMs). */
  hyperVHost: name.optional(),
  /** Data changed per day while running in Azure. */
  churnInGbPerDay: z.number().nonnegative().default(5),
  state: ItemPhase,
  /** How long ago the item failed over to Azure (changed data = churn × days). */
  failedOverMinutesAgo: z
    .number()
    .nonnegative()
    .default(24 * 60),
  onPremisesVmExists: z.boolean().default(true),
  onPremisesVmSnapshots: z.number().int().nonnegative().default(0),
  azureVm: AzureVm.optional(),
  /** Migration was completed: the item can no longer fail back (RP-01). */
  migrationCompleted: z.boolean().default(false),
  /**
   * Minutes after the on-premises VM boots (failback) until its Mobility agent registers with the
   * configuration server (FO-05); default: a stable 5–15 per item. More than 15 plays an agent
   * that does not come up in time.
   */
  agentRegistrationMinutesAfterBoot: z.number().nonnegative().optional(),
  recoveryPoints: z.array(RecoveryPoint).default([]),
  replicationGroup: name.optional(),
  /** Replication policy (a name in `policies`). */
  policy: name,
  /** Replicated to managed disks (HV-03: Hyper-V VMs cannot fail back then). */
  managedDisks: z.boolean().default(false),
  /** Encryption of replicated data in Azure (HV-05). */
  dataEncryption: z.boolean().default(false),
  /** Minutes of initial replication still to run when the scenario starts (replicating states). */
  initialReplicationMinutesLeft: z.number().nonnegative().default(0),
  ...modernizedItemFields,
});

const Policy = z.strictObject({
  name,
  instanceType: z.enum(["InMageAzureV2", "InMage", "HyperVReplicaAzure", "InMageRcm", "InMageRcmFailback"]),
  recoveryPointHistoryInMinutes: z
    .number()
    .int()
    .positive()
    .default(24 * 60),
  /** 0: no application-consistent points (a crash-consistent-only failback policy, MR-25). */
  appConsistentFrequencyInMinutes: z.number().int().nonnegative().default(60),
  crashConsistentFrequencyInMinutes: z.number().int().positive().default(5),
  multiVmSync: z.boolean().default(true),
});

const HyperVSite = z.strictObject({
  fabricName: name,
  containerName: name.optional(),
  connected: z.boolean().default(true),
  vmmServer: z.string().optional(),
  hosts: z
    .array(
      z.strictObject({
        name,
        os: z.string().default("Windows Server 2012 R2"),
        virtualSwitches: z.array(z.string()).default([]),
      }),
    )
    .default([]),
});

const RecoveryPlan = z.strictObject({ name, items: z.array(name).min(1) });

const Link = z.strictObject({
  /** Bandwidth between Azure and the on-premises site. */
  bandwidthInMbps: z.number().positive().default(100),
  /** Speed of checksum comparison of unchanged blocks (HV-08: a few GB per minute). */
  checksumRateInGbPerMinute: z.number().positive().default(2),
  /** Parallel download threads (MARS agent). */
  downloadThreads: z.number().int().positive().default(1),
});

/** The scenario file. */
export const Scenario = z
  .strictObject({
    name: z.string().optional(),
    description: z.string().optional(),
    /** Simulated time when the world starts (ISO 8601). */
    startTime: z.iso.datetime({ offset: true }).default("2025-01-06T08:00:00Z"),
    subscriptionId: z.guid(),
    resourceGroup: name,
    location: z.string().min(1).default("westeurope"),
    vault: z.strictObject({ name }),
    link: Link.default({ bandwidthInMbps: 100, checksumRateInGbPerMinute: 2, downloadThreads: 1 }),
    configurationServer: ConfigurationServer.optional(),
    /** The modernized site: replication appliances of an InMageRcm fabric. */
    applianceSite: ApplianceSite.optional(),
    vCenters: z.array(VCenter).default([]),
    esxHosts: z.array(EsxHost).default([]),
    datastores: z.array(Datastore).default([]),
    masterTargets: z.array(MasterTarget).default([]),
    hyperV: HyperVSite.optional(),
    azure: z
      .strictObject({
        virtualNetworks: z.array(VirtualNetwork).default([]),
        networkWatcher: z.strictObject({ name, resourceGroup: name.default("NetworkWatcherRG") }).optional(),
        storageAccounts: z.array(z.strictObject({ name, resourceGroup: name.optional() })).default([]),
      })
      .default({ virtualNetworks: [], storageAccounts: [] }),
    connectivity: z
      .strictObject({
        vpnConnections: z.array(VpnConnection).default([]),
        expressRouteCircuits: z.array(ExpressRouteCircuit).default([]),
      })
      .default({ vpnConnections: [], expressRouteCircuits: [] }),
    policies: z.array(Policy).default([]),
    protectedItems: z.array(ProtectedItem).default([]),
    recoveryPlans: z.array(RecoveryPlan).default([]),
  })
  .superRefine((scenario, context) => {
    const names = (list: readonly { name: string }[]) => new Set(list.map((entry) => entry.name));
    const unique = (list: readonly { name: string }[], path: string) => {
      const seen = new Set<string>();
      list.forEach((entry, index) => {
        if (seen.has(entry.name.toLowerCase())) {
          context.addIssue({
            code: "custom",
            path: [path, index, "name"],
            message: `duplicate name "${entry.name}"`,
          });
        }
        seen.add(entry.name.toLowerCase());
      });
    };
    const requireIn = (
      set: Set<string>,
      value: string | undefined,
      path: (string | number)[],
      what: string,
    ) => {
      if (value !== undefined && !set.has(value)) {
        context.addIssue({ code: "custom", path, message: `unknown ${what} "${value}"` });
      }
    };
    unique(scenario.protectedItems, "protectedItems");
    unique(scenario.masterTargets, "masterTargets");
    unique(scenario.esxHosts, "esxHosts");
    unique(scenario.datastores, "datastores");
    unique(scenario.policies, "policies");
    unique(scenario.azure.virtualNetworks, "azure.virtualNetworks");
    const hosts = names(scenario.esxHosts);
    const vCenters = names(scenario.vCenters);
    const datastores = names(scenario.datastores);
    const policies = names(scenario.policies);
    const items = names(scenario.protectedItems);
    const vnets = new Map(scenario.azure.virtualNetworks.map((vnet) => [vnet.name, names(vnet.subnets)]));
    const hyperVHosts = names(scenario.hyperV?.hosts ?? []);
    scenario.esxHosts.forEach((host, index) => {
      requireIn(vCenters, host.vCenter, ["esxHosts", index, "vCenter"], "vCenter");
    });
    scenario.datastores.forEach((datastore, index) => {
      datastore.hosts.forEach((host, hostIndex) => {
        requireIn(hosts, host, ["datastores", index, "hosts", hostIndex], "ESX host");
      });
    });
    scenario.masterTargets.forEach((target, index) => {
      requireIn(hosts, target.host, ["masterTargets", index, "host"], "ESX host");
    });
    scenario.connectivity.vpnConnections.forEach((connection, index) => {
      requireIn(
        new Set(vnets.keys()),
        connection.virtualNetwork,
        ["connectivity", "vpnConnections", index, "virtualNetwork"],
        "virtual network",
      );
    });
    scenario.connectivity.expressRouteCircuits.forEach((circuit, index) => {
      circuit.connectedVirtualNetworks.forEach((vnet, vnetIndex) => {
        requireIn(
          new Set(vnets.keys()),
          vnet,
          ["connectivity", "expressRouteCircuits", index, "connectedVirtualNetworks", vnetIndex],
          "virtual network",
        );
      });
    });
    const needsConfigurationServer = scenario.protectedItems.some(
      (item) => item.kind !== "HyperVVm" && item.replicationPath === "classic",
    );
    if (needsConfigurationServer && !scenario.configurationServer) {
      context.addIssue({
        code: "custom",
        path: ["configurationServer"],
        message: "VMware VMs and physical servers need a configuration server",
      });
    }
    if (scenario.protectedItems.some((item) => item.kind === "HyperVVm") && !scenario.hyperV) {
      context.addIssue({ code: "custom", path: ["hyperV"], message: "Hyper-V VMs need a hyperV site" });
    }
    scenario.protectedItems.forEach((item, index) => {
      const at = (...rest: (string | number)[]) => ["protectedItems", index, ...rest];
      requireIn(policies, item.policy, at("policy"), "policy");
      requireIn(hosts, item.esxHost, at("esxHost"), "ESX host");
      requireIn(hyperVHosts, item.hyperVHost, at("hyperVHost"), "Hyper-V host");
      item.disks.forEach((disk, diskIndex) => {
        requireIn(datastores, disk.datastore, at("disks", diskIndex, "datastore"), "datastore");
      });
      if (item.azureVm) {
        const subnets = vnets.get(item.azureVm.virtualNetwork);
        if (!subnets) {
          context.addIssue({
            code: "custom",
            path: at("azureVm", "virtualNetwork"),
            message: `unknown virtual network "${item.azureVm.virtualNetwork}"`,
          });
        } else {
          requireIn(subnets, item.azureVm.subnet, at("azureVm", "subnet"), "subnet");
        }
      }
      const runsInAzure = [
        "FailedOverToAzure",
        "FailoverCommittedInAzure",
        "ReplicatingToOnPremises",
      ].includes(item.state);
      if (runsInAzure && !item.azureVm) {
        context.addIssue({
          code: "custom",
          path: at("azureVm"),
          message: `an item in state ${item.state} needs azureVm`,
        });
      }
      if (item.kind === "HyperVVm" && item.state === "ReplicatingToOnPremises") {
        context.addIssue({
          code: "custom",
          path: at("state"),
          message:
            "Hyper-V items fail back by planned failover; ReplicatingToOnPremises is a VMware/physical state",
        });
      }
    });
    refineApplianceSite(scenario, context);
    scenario.recoveryPlans.forEach((plan, index) => {
      plan.items.forEach((item, itemIndex) => {
        requireIn(items, item, ["recoveryPlans", index, "items", itemIndex], "protected item");
      });
    });
  });

/** A validated scenario (defaults filled in). */
export type Scenario = z.infer<typeof Scenario>;
/** The scenario as written in YAML (defaults optional). */
export type ScenarioInput = z.input<typeof Scenario>;
/** A protected item of the scenario. */
export type ScenarioItem = Scenario["protectedItems"][number];
/** A master target of the scenario. */
export type ScenarioMasterTarget = Scenario["masterTargets"][number];
