/**
 * The scenario: the on-premises and Azure world the emulator answers from, as a YAML file. The
 * zod schema is the type. Every object is strict so a misspelt key is an error naming its path
 * rather than a silently ignored fact.
 */
import { z } from "zod";
import { ApplianceSite, modernizedItemFields, refineApplianceSite } from "./scenarioApplianceSite";
import { DEFAULT_THROTTLING, Throttling } from "./scenarioThrottling";

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
  name: z.string().min(1).describe('Volume name as Site Recovery lists it (e.g. "E:" or "/mnt/retention").'),
  fileSystem: z
    .enum(["NTFS", "ReFS", "FAT", "FAT32", "ext4", "xfs"])
    .default("NTFS")
    .describe("File system of the volume."),
  capacityInGb: sizeInGb.describe("Size of the volume, in GB."),
  freeInGb: sizeInGb.describe("Free space on the volume, in GB."),
  thresholdPercentage: z
    .number()
    .min(0)
    .max(100)
    .default(80)
    .describe("Usage, in percent, above which Site Recovery warns about the volume."),
  cacheVolume: z.boolean().default(false).describe("A cache volume (MT-07 forbids it as retention drive)."),
  locked: z.boolean().default(false).describe("Locked, e.g. by BitLocker (MT-07)."),
});

const MasterTarget = z.strictObject({
  id: z
    .string()
    .min(1)
    .optional()
    .describe("Site Recovery's ID of the server; defaults to a GUID derived from the name."),
  name: name.describe("Name of the master target server."),
  os: OsType.describe(
    "Operating system of the master target: a Windows VM fails back through a Windows one, a Linux VM through a Linux one.",
  ),
  host: name.describe("The ESX host the master target VM runs on (a name in `esxHosts`)."),
  ipAddress: ipv4.describe("IP address of the master target."),
  diskCount: z
    .number()
    .int()
    .nonnegative()
    .default(4)
    .describe("Disks attached to the master target (at most 60)."),
  scsiController: z
    .enum(["LsiLogic", "Paravirtual"])
    .default("LsiLogic")
    .describe("SCSI controller of the master target VM (LSI Logic required)."),
  snapshots: z
    .number()
    .int()
    .nonnegative()
    .default(0)
    .describe("Snapshots of the master target VM (none allowed before failback)."),
  storageVmotionExcluded: z
    .boolean()
    .default(true)
    .describe("The master target VM is excluded from Storage vMotion."),
  diskEnableUuid: z.boolean().default(true).describe("disk.EnableUUID = TRUE on a Linux master target."),
  missingPackages: z.array(z.string()).default([]).describe("Packages a Linux master target lacks."),
  heartbeatMinutesAgo: z
    .number()
    .nonnegative()
    .default(1)
    .describe("Minutes since the master target's last heartbeat."),
  agentVersion: z.string().default("9.60.7100.1").describe("Version of the master target's agent."),
  retentionVolumes: z
    .array(RetentionVolume)
    .default([])
    .describe("Volumes the master target offers as retention drive."),
});

const ProcessServer = z.strictObject({
  id: z
    .string()
    .min(1)
    .optional()
    .describe("Site Recovery's ID of the process server; defaults to a GUID derived from the name."),
  name: name.describe("Name of the process server."),
  ipAddress: ipv4.describe("IP address of the process server."),
  location: z
    .enum(["OnPremises", "Azure"])
    .default("OnPremises")
    .describe("Where it runs: the configuration server's own one is on premises."),
  heartbeatMinutesAgo: z
    .number()
    .nonnegative()
    .default(1)
    .describe("Minutes since the process server's last heartbeat; a stale one means it stopped."),
});

const ConfigurationServer = z.strictObject({
  fabricName: name.describe("ARM name of the fabric that represents the configuration server."),
  containerName: name.optional().describe("Protection container name; defaults to `<fabricName>-container`."),
  hostName: name.describe("Host name of the configuration server."),
  ipAddress: ipv4.describe("IP address of the configuration server (the same after a restore)."),
  heartbeatMinutesAgo: z
    .number()
    .nonnegative()
    .default(1)
    .describe("Minutes since the configuration server's last heartbeat."),
  serviceRunning: z.boolean().default(true).describe("The configuration server's services run."),
  agentVersion: z
    .string()
    .default("9.60.7100.1")
    .describe("Version of the configuration server's components."),
  controlPort: z.number().int().positive().default(443).describe("Control port of the configuration server."),
  dataPort: z.number().int().positive().default(9443).describe("Data port of the configuration server."),
  reachablePorts: z
    .array(z.number().int().positive())
    .default([443, 9443])
    .describe("Ports the on-premises firewall lets through from Azure to the configuration server."),
  runAsAccounts: z
    .array(
      z.strictObject({
        id: z.string().min(1).describe("Site Recovery's ID of the run-as account."),
        name: z.string().min(1).describe("Name of the run-as account."),
      }),
    )
    .default([])
    .describe("Run-as accounts the configuration server holds (`id`, `name`)."),
  processServers: z
    .array(ProcessServer)
    .default([])
    .describe("Process servers registered under the configuration server."),
  missingMachines: z
    .array(name)
    .default([])
    .describe("Protected machines missing from its database (CS-01)."),
  replacedSinceFailover: z
    .boolean()
    .default(false)
    .describe("The configuration server that failed over is a new one (VC-05)."),
});

const VCenter = z.strictObject({
  name: name.describe("Name of the vCenter."),
  ipAddress: ipv4.describe("IP address of the vCenter."),
  port: z.number().int().positive().default(443).describe("Port of the vCenter."),
  connected: z.boolean().default(true).describe("The vCenter is connected to the configuration server."),
  accountReadOnly: z.boolean().default(false).describe("The discovery account is read-only."),
  runAsAccountId: z
    .string()
    .min(1)
    .optional()
    .describe(
      "Run-as account used to discover the vCenter (an `id` in `configurationServer.runAsAccounts`).",
    ),
  addedAfterFailover: z
    .boolean()
    .default(false)
    .describe("Added after failover (VC-05: failback only to the original vCenter)."),
});

const EsxHost = z.strictObject({
  name: name.describe("Name of the ESX host."),
  vCenter: name.optional().describe("Managing vCenter (a name in `vCenters`); omit for a standalone host."),
  edition: EsxiEdition.default("Licensed").describe(
    "Edition of ESXi on the host; the free ones cannot fail back.",
  ),
  discovered: z.boolean().default(true).describe("The host is discovered by the configuration server."),
  freeMemoryInGb: sizeInGb.default(256).describe("Free memory on the host, in GB."),
  vmNames: z
    .array(z.string())
    .default([])
    .describe("Names of VMs already registered on the host (78052 on a clash)."),
});

const Datastore = z.strictObject({
  name: name.describe("Name of the datastore."),
  type: DatastoreType.describe("Kind of datastore (NFS cannot take failback)."),
  capacityInGb: sizeInGb.describe("Size of the datastore, in GB."),
  freeInGb: sizeInGb.describe("Free space on the datastore, in GB."),
  hosts: z.array(name).min(1).describe("ESX hosts that see the datastore."),
});

const Subnet = z.strictObject({
  name: name.describe("Name of the subnet."),
  addressPrefix: cidr.describe("Address range of the subnet (CIDR)."),
});
const VirtualNetwork = z.strictObject({
  name: name.describe("Name of the virtual network."),
  resourceGroup: name
    .optional()
    .describe("Resource group of the virtual network; defaults to the scenario's."),
  addressSpace: z.array(cidr).min(1).describe("Address ranges of the virtual network (CIDR)."),
  subnets: z.array(Subnet).default([]).describe("Subnets of the virtual network."),
});

const Peering = z.strictObject({
  type: z
    .enum(["AzurePrivatePeering", "MicrosoftPeering", "AzurePublicPeering"])
    .describe("Kind of ExpressRoute peering."),
  state: z.enum(["Enabled", "Disabled"]).default("Enabled").describe("Whether the peering is enabled."),
  advertisedPublicPrefixesState: z
    .enum(["NotConfigured", "Configuring", "Configured", "ValidationNeeded"])
    .optional()
    .describe("State of the advertised public prefixes (Microsoft peering)."),
});

const ExpressRouteCircuit = z.strictObject({
  name: name.describe("Name of the ExpressRoute circuit."),
  resourceGroup: name.optional().describe("Resource group of the circuit; defaults to the scenario's."),
  serviceProviderProvisioningState: z
    .enum(["NotProvisioned", "Provisioning", "Provisioned", "Deprovisioning"])
    .default("Provisioned")
    .describe("Provisioning state at the service provider."),
  bandwidthInMbps: z.number().positive().default(1000).describe("Bandwidth of the circuit, in Mbps."),
  peerings: z
    .array(Peering)
    .default([])
    .describe("Peerings of the circuit (private peering to the failover network; Microsoft peering)."),
  connectedVirtualNetworks: z
    .array(name)
    .default([])
    .describe("Virtual networks linked to the circuit through an ExpressRoute gateway connection."),
  connectionName: name
    .optional()
    .describe("Name of that gateway connection; defaults to `<circuit>-connection`."),
  connectionStatus: z
    .enum(["Connected", "Connecting", "NotConnected", "Unknown"])
    .default("Connected")
    .describe("Status of the gateway connection."),
});

const VpnConnection = z.strictObject({
  name: name.describe("Name of the site-to-site VPN connection."),
  resourceGroup: name.optional().describe("Resource group of the connection; defaults to the scenario's."),
  status: z
    .enum(["Connected", "Connecting", "NotConnected", "Unknown"])
    .default("Connected")
    .describe("Status of the connection."),
  virtualNetwork: name.describe(
    "Virtual network the connection reaches (a name in `azure.virtualNetworks`).",
  ),
});

const AzureVm = z.strictObject({
  name: name.describe("Name of the failed-over VM in Azure."),
  resourceGroup: name.optional().describe("Resource group of the VM; defaults to the scenario's."),
  running: z.boolean().default(true).describe("The VM is running."),
  exists: z.boolean().default(true).describe("The VM still exists (a deleted one cannot fail back)."),
  movedToAnotherResourceGroup: z
    .boolean()
    .default(false)
    .describe("The VM was moved to another resource group after failover (RP-01)."),
  virtualNetwork: name.describe("Virtual network of the VM (a name in `azure.virtualNetworks`)."),
  subnet: name.describe("Subnet of the VM (a subnet of that virtual network)."),
  ipAddress: ipv4.optional().describe("IP address of the VM."),
  size: z.string().default("Standard_D2s_v3").describe("Size of the VM."),
});

const Disk = z.strictObject({
  name: name.describe("Name of the disk."),
  sizeInGb: z.number().positive().describe("Provisioned size of the disk, in GB (what an estimate counts)."),
  datastore: name
    .optional()
    .describe("On-premises datastore holding the disk (VMware); RDM/vSAN disks per LOC-02."),
  kind: z
    .enum(["Vmdk", "vSAN", "RDM", "Vhdx"])
    .default("Vmdk")
    .describe("Kind of disk (vSAN and RDM limit where it can fail back)."),
});

const RecoveryPoint = z.strictObject({
  type: z.enum(["CrashConsistent", "ApplicationConsistent"]).describe("Kind of recovery point."),
  minutesAgo: z
    .number()
    .nonnegative()
    .describe("Age of the recovery point when the scenario starts, in minutes."),
});

const ProtectedItem = z.strictObject({
  name: name.describe("ARM name of the protected item."),
  friendlyName: z.string().min(1).optional().describe("Display name of the item; defaults to its name."),
  kind: z
    .enum(["VMwareVm", "PhysicalServer", "HyperVVm"])
    .describe("What is protected: a VMware VM, a physical server or a Hyper-V VM."),
  os: OsType.describe("Guest operating system family."),
  osVersion: z.string().min(1).describe('Guest operating system version (e.g. "Windows Server 2019").'),
  fileSystems: z
    .array(z.string())
    .default([])
    .describe("File systems the machine uses (XFS, ReiserFS need packages on a Linux master target)."),
  disks: z.array(Disk).min(1).describe("Disks of the machine."),
  memoryInGb: z.number().positive().default(8).describe("Memory of the machine, in GB."),
  esxHost: name.optional().describe("Original ESX host (VMware VMs)."),
  hyperVHost: name.optional().describe("Original Hyper-V host (Hyper-V VMs)."),
  churnInGbPerDay: z
    .number()
    .nonnegative()
    .default(5)
    .describe("Data changed per day while running in Azure."),
  state: ItemPhase.describe("Where the item stands when the scenario starts."),
  failedOverMinutesAgo: z
    .number()
    .nonnegative()
    .default(24 * 60)
    .describe("How long ago the item failed over to Azure (changed data = churn × days)."),
  onPremisesVmExists: z
    .boolean()
    .default(true)
    .describe("The on-premises VM still exists (else failback recreates it at an alternate location)."),
  onPremisesVmSnapshots: z
    .number()
    .int()
    .nonnegative()
    .default(0)
    .describe("Snapshots of the on-premises VM (reprotect fails with any)."),
  azureVm: AzureVm.optional().describe("The failed-over VM in Azure (required once the item runs in Azure)."),
  migrationCompleted: z
    .boolean()
    .default(false)
    .describe("Migration was completed: the item can no longer fail back (RP-01)."),
  agentRegistrationMinutesAfterBoot: z
    .number()
    .nonnegative()
    .optional()
    .describe(
      "Minutes after the on-premises VM boots (failback) until its Mobility agent registers with the configuration server (FO-05); default: a stable 5–15 per item. More than 15 plays an agent that does not come up in time.",
    ),
  recoveryPoints: z
    .array(RecoveryPoint)
    .default([])
    .describe("Recovery points the item has when the scenario starts."),
  replicationGroup: name.optional().describe("Replication (multi-VM consistency) group of the item."),
  policy: name.describe("Replication policy (a name in `policies`)."),
  managedDisks: z
    .boolean()
    .default(false)
    .describe("Replicated to managed disks (HV-03: Hyper-V VMs cannot fail back then)."),
  dataEncryption: z.boolean().default(false).describe("Encryption of replicated data in Azure (HV-05)."),
  initialReplicationMinutesLeft: z
    .number()
    .nonnegative()
    .default(0)
    .describe("Minutes of initial replication still to run when the scenario starts (replicating states)."),
  ...modernizedItemFields,
});

const Policy = z.strictObject({
  name: name.describe("Name of the replication policy."),
  instanceType: z
    .enum(["InMageAzureV2", "InMage", "HyperVReplicaAzure", "InMageRcm", "InMageRcmFailback"])
    .describe("Replication provider of the policy."),
  recoveryPointHistoryInMinutes: z
    .number()
    .int()
    .positive()
    .default(24 * 60)
    .describe("How long recovery points are kept, in minutes."),
  appConsistentFrequencyInMinutes: z
    .number()
    .int()
    .nonnegative()
    .default(60)
    .describe("0: no application-consistent points (a crash-consistent-only failback policy, MR-25)."),
  crashConsistentFrequencyInMinutes: z
    .number()
    .int()
    .positive()
    .default(5)
    .describe("How often crash-consistent points are taken, in minutes."),
  multiVmSync: z
    .boolean()
    .default(true)
    .describe("Multi-VM consistency is on (replication groups get common points)."),
});

const HyperVSite = z.strictObject({
  fabricName: name.describe("ARM name of the Hyper-V site's fabric."),
  containerName: name.optional().describe("Protection container name; defaults to `<fabricName>-container`."),
  connected: z
    .boolean()
    .default(true)
    .describe("The Hyper-V hosts (or VMM server) are connected to Site Recovery."),
  vmmServer: z.string().optional().describe("VMM server managing the hosts, if any."),
  hosts: z
    .array(
      z.strictObject({
        name: name.describe("Name of the Hyper-V host."),
        os: z
          .string()
          .default("Windows Server 2012 R2")
          .describe(
            "Operating system of the host (alternate location needs Windows Server 2012 R2 or later).",
          ),
        virtualSwitches: z
          .array(z.string())
          .default([])
          .describe(
            "Virtual switches of the host (alternate location needs the original host's switch name).",
          ),
      }),
    )
    .default([])
    .describe("Hyper-V hosts of the site."),
});

const RecoveryPlan = z.strictObject({
  name: name.describe("Name of the recovery plan."),
  items: z.array(name).min(1).describe("Protected items of the plan (names in `protectedItems`)."),
});

const Link = z.strictObject({
  bandwidthInMbps: z
    .number()
    .positive()
    .default(100)
    .describe("Bandwidth between Azure and the on-premises site."),
  checksumRateInGbPerMinute: z
    .number()
    .positive()
    .default(2)
    .describe("Speed of checksum comparison of unchanged blocks (HV-08: a few GB per minute)."),
  downloadThreads: z.number().int().positive().default(1).describe("Parallel download threads (MARS agent)."),
});

/** The scenario file. */
export const Scenario = z
  .strictObject({
    name: z.string().optional().describe("Name of the scenario."),
    description: z.string().optional().describe("What the scenario plays."),
    startTime: z.iso
      .datetime({ offset: true })
      .default("2025-01-06T08:00:00Z")
      .describe("Simulated time when the world starts (ISO 8601)."),
    subscriptionId: z.guid().describe("Azure subscription ID the vault lives in."),
    resourceGroup: name.describe("Resource group of the vault (and default of other Azure resources)."),
    location: z.string().min(1).default("westeurope").describe("Azure region of the vault."),
    vault: z
      .strictObject({ name: name.describe("Name of the Recovery Services vault.") })
      .describe("The Recovery Services vault (`name`)."),
    link: Link.default({ bandwidthInMbps: 100, checksumRateInGbPerMinute: 2, downloadThreads: 1 }).describe(
      "The link between Azure and the on-premises site, for durations.",
    ),
    configurationServer: ConfigurationServer.optional().describe(
      "The classic VMware/physical site: configuration server, process servers, run-as accounts.",
    ),
    applianceSite: ApplianceSite.optional().describe(
      "The modernized site: replication appliances of an InMageRcm fabric.",
    ),
    vCenters: z.array(VCenter).default([]).describe("vCenters the configuration server discovers."),
    esxHosts: z.array(EsxHost).default([]).describe("ESX hosts the configuration server discovers."),
    datastores: z.array(Datastore).default([]).describe("Datastores of the ESX hosts."),
    masterTargets: z.array(MasterTarget).default([]).describe("Master target servers (classic failback)."),
    hyperV: HyperVSite.optional().describe("The Hyper-V site: its fabric and hosts."),
    azure: z
      .strictObject({
        virtualNetworks: z
          .array(VirtualNetwork)
          .default([])
          .describe("Virtual networks in Azure (the failover network among them)."),
        networkWatcher: z
          .strictObject({
            name: name.describe("Name of the Network Watcher."),
            resourceGroup: name
              .default("NetworkWatcherRG")
              .describe("Resource group of the Network Watcher."),
          })
          .optional()
          .describe("The region's Network Watcher (`name`, `resourceGroup`)."),
        storageAccounts: z
          .array(
            z.strictObject({
              name: name.describe("Name of the storage account."),
              resourceGroup: name
                .optional()
                .describe("Resource group of the storage account; defaults to the scenario's."),
            }),
          )
          .default([])
          .describe("Storage accounts in Azure (cache storage accounts among them)."),
      })
      .default({ virtualNetworks: [], storageAccounts: [] })
      .describe("Azure resources: virtual networks, Network Watcher, storage accounts."),
    connectivity: z
      .strictObject({
        vpnConnections: z.array(VpnConnection).default([]).describe("Site-to-site VPN connections."),
        expressRouteCircuits: z.array(ExpressRouteCircuit).default([]).describe("ExpressRoute circuits."),
      })
      .default({ vpnConnections: [], expressRouteCircuits: [] })
      .describe("Connections between Azure and the site: site-to-site VPNs and ExpressRoute circuits."),
    policies: z.array(Policy).default([]).describe("Replication policies of the vault."),
    protectedItems: z.array(ProtectedItem).default([]).describe("The protected machines."),
    recoveryPlans: z.array(RecoveryPlan).default([]).describe("Recovery plans of the vault."),
    throttling: Throttling.default(DEFAULT_THROTTLING).describe(
      "ARM's request limits (token buckets per principal and for the subscription); omitted: ARM's published limits, enforced.",
    ),
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
