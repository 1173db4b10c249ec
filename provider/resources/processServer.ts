/**
 * ProcessServer: the Site Recovery process server in Azure that failback replicates through
 * (VMware VMs and physical servers; Hyper-V needs none, PS-01). Create deploys the process server
 * VM into the failed-over VMs' virtual network and subnet with a static IP (NET-05), waits until
 * it registers with the configuration server (PS-03), and verifies the path to the site: VPN or
 * ExpressRoute (NET-01..NET-04) and Network Watcher reachability of the configuration server's
 * control and data ports (NET-06). It may instead adopt a process server that is already
 * registered. Delete removes the VM, but refuses while a failback uses it (PS-02).
 */
import * as pulumi from "@pulumi/pulumi";
import {
  ConnectionIdCodec,
  ExpressRouteCircuitIdCodec,
  SubnetIdCodec,
  sameArmId,
  VirtualNetworkIdCodec,
} from "asr-contract";
import { z } from "zod";
import { isNotFound } from "../client/errors";
import { getAsrClient } from "../config";
import { PrerequisiteError } from "../errors";
import { formatFindings, runRules } from "../rules/catalogue";
import { DEFAULT_CONTROL_PORT, DEFAULT_DATA_PORT } from "../rules/network";
import type {
  Finding,
  RuleContext,
  RuleId,
  ProcessServerInputs as RuleProcessServerInputs,
  SiteFacts,
} from "../rules/types";
import {
  azureVmIdOf,
  getLiveSite,
  itemFacts,
  type LiveSite,
  type RegisteredProcessServer,
  readAzureNetwork,
  readConnectivity,
  readReachability,
  readVmwareSite,
  vmwareFabricView,
} from "../site";
import {
  defineResourceImplementation,
  diffInputs,
  inLifecycle,
  known,
  MS_PER_MINUTE,
  RESOURCE_MODULE,
  reportProgress,
  resourceProvider,
  runCheck,
  waitClock,
  waitFor,
} from "./common";

/** How long create waits for the process server to register, by default (PS-03 says 10-15 minutes). */
export const PROCESS_SERVER_REGISTRATION_TIMEOUT_MINUTES = 30;
/** VM size of the process server when none is given. */
export const DEFAULT_PROCESS_SERVER_VM_SIZE = "Standard_D4s_v3";
/** Marketplace image of the Site Recovery process server. */
export const DEFAULT_PROCESS_SERVER_IMAGE = {
  publisher: "microsoft-recovery-services",
  offer: "process-server",
  sku: "windows-2012-r2-datacenter",
  version: "latest",
} as const;
/** Tag that marks the VM as a process server (the emulator recognizes it too). */
export const PROCESS_SERVER_ROLE_TAG = { "asr-failback-role": "process-server" } as const;

/** The rules this resource enforces. */
export const PROCESS_SERVER_RULES: readonly RuleId[] = [
  "NET-01",
  "NET-02",
  "NET-03",
  "NET-04",
  "NET-05",
  "NET-06",
  "PS-01",
  "PS-03",
  "PS-04",
];

// ---------------------------------------------------------------------------------------------
// Schema
// ---------------------------------------------------------------------------------------------

const armId = (codec: { matches(id: string): boolean; label: string }) =>
  z.string().refine((value) => codec.matches(value), { message: `must be a ${codec.label} ARM ID` });

/** Inputs of a process server (the zod schema is the type). */
export const ProcessServerInputs = z
  .strictObject({
    /** Replication fabric of the configuration server it registers with. */
    fabricName: z.string().min(1),
    /** Name of the VM, and the name it registers under. */
    processServerName: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9][A-Za-z0-9-]*$/, "must be letters, digits and hyphens"),
    /** Site flavor; `hyperv` is refused (PS-01). */
    flavor: z.enum(["vmware", "physical", "hyperv"]).default("vmware"),
    /** Adopt a process server already registered under this name instead of deploying one. */
    adoptExisting: z.boolean().default(false),
    /** Where it runs; an on-premises one can only be adopted, and needs ExpressRoute (NET-04). */
    placement: z.enum(["azure", "onPremises"]).default("azure"),
    /** Resource group of the VM. */
    resourceGroup: z.string().min(1).optional(),
    /** Azure region of the VM. */
    location: z.string().min(1).optional(),
    /** Virtual network of the failed-over VMs (NET-05). */
    virtualNetworkId: armId(VirtualNetworkIdCodec).optional(),
    /** Subnet of that network. */
    subnetName: z.string().min(1).optional(),
    /** Unique static private IP in the subnet (NET-05). */
    staticIpAddress: z.ipv4().optional(),
    vmSize: z.string().min(1).default(DEFAULT_PROCESS_SERVER_VM_SIZE),
    imageReference: z
      .strictObject({
        publisher: z.string().min(1),
        offer: z.string().min(1),
        sku: z.string().min(1),
        version: z.string().min(1),
      })
      .default({ ...DEFAULT_PROCESS_SERVER_IMAGE }),
    adminUsername: z.string().min(1).optional(),
    /** Secret (PS-04). */
    adminPassword: z.string().min(12, "must be at least 12 characters").optional(),
    /** Configuration server passphrase; secret (PS-04). */
    configurationServerPassphrase: z.string().min(8, "must be at least 8 characters").optional(),
    /** Configuration server control port (NET-06). */
    controlPort: z.number().int().min(1).max(65535).default(DEFAULT_CONTROL_PORT),
    /** Configuration server data port (NET-06). */
    dataPort: z.number().int().min(1).max(65535).default(DEFAULT_DATA_PORT),
    /** Site-to-site VPN connections to judge (NET-01); all of the network's group when none are given. */
    vpnConnectionIds: z.array(armId(ConnectionIdCodec)).optional(),
    /** ExpressRoute circuits to judge (NET-02, NET-03). */
    expressRouteCircuitIds: z.array(armId(ExpressRouteCircuitIdCodec)).optional(),
    /** Network Watcher that runs the reachability checks (NET-06). */
    networkWatcher: z.strictObject({ resourceGroup: z.string().min(1), name: z.string().min(1) }).optional(),
    /** How long create waits for registration, in minutes. */
    registrationTimeoutInMinutes: z
      .number()
      .int()
      .positive()
      .max(24 * 60)
      .default(PROCESS_SERVER_REGISTRATION_TIMEOUT_MINUTES),
  })
  .superRefine((inputs, context) => {
    if (inputs.placement === "onPremises" && !inputs.adoptExisting) {
      context.addIssue({
        code: "custom",
        path: ["adoptExisting"],
        message: "an on-premises process server is installed outside Pulumi; set adoptExisting: true",
      });
    }
    if (inputs.adoptExisting || inputs.flavor === "hyperv") return;
    for (const key of [
      "resourceGroup",
      "location",
      "virtualNetworkId",
      "subnetName",
      "staticIpAddress",
      "adminUsername",
      "adminPassword",
      "configurationServerPassphrase",
    ] as const) {
      if (inputs[key] === undefined) {
        context.addIssue({ code: "custom", path: [key], message: "is required to deploy a process server" });
      }
    }
  });
/** Validated process server inputs. */
export type ProcessServerInputs = z.infer<typeof ProcessServerInputs>;

/** Inputs whose change needs a new VM (or another adopted server), hence a replacement. */
export const PROCESS_SERVER_REPLACE_ON_CHANGES: readonly (keyof ProcessServerInputs)[] = [
  "fabricName",
  "processServerName",
  "adoptExisting",
  "placement",
  "resourceGroup",
  "location",
  "virtualNetworkId",
  "subnetName",
  "staticIpAddress",
  "vmSize",
  "imageReference",
  "adminUsername",
  "adminPassword",
  "configurationServerPassphrase",
];

/** Secret inputs (PS-04): encrypted in state, masked in output, never in messages. */
export const PROCESS_SERVER_SECRET_INPUTS = ["adminPassword", "configurationServerPassphrase"] as const;

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

/** Arguments of {@link ProcessServer}. */
export interface ProcessServerArgs {
  /** Replication fabric (configuration server) it registers with. */
  readonly fabricName: pulumi.Input<string>;
  /** VM name and the name it registers under. */
  readonly processServerName: pulumi.Input<string>;
  /** `vmware` (default) or `physical`; `hyperv` is refused (PS-01: Hyper-V needs no process server). */
  readonly flavor?: pulumi.Input<"vmware" | "physical" | "hyperv">;
  /** Adopt an already registered process server instead of deploying one (default false). */
  readonly adoptExisting?: pulumi.Input<boolean>;
  /** `azure` (default) or `onPremises` (adopt only; needs ExpressRoute, NET-04). */
  readonly placement?: pulumi.Input<"azure" | "onPremises">;
  /** Resource group of the VM (required to deploy). */
  readonly resourceGroup?: pulumi.Input<string>;
  /** Azure region of the VM (required to deploy). */
  readonly location?: pulumi.Input<string>;
  /** ARM ID of the failed-over VMs' virtual network (NET-05; required to deploy). */
  readonly virtualNetworkId?: pulumi.Input<string>;
  /** Subnet of that network (required to deploy). */
  readonly subnetName?: pulumi.Input<string>;
  /** Unique static private IPv4 address in the subnet (NET-05; required to deploy). */
  readonly staticIpAddress?: pulumi.Input<string>;
  /** VM size (default Standard_D4s_v3). */
  readonly vmSize?: pulumi.Input<string>;
  /** Marketplace image (default: the Site Recovery process server image). */
  readonly imageReference?: pulumi.Input<{ publisher: string; offer: string; sku: string; version: string }>;
  /** Administrator name of the VM (required to deploy). */
  readonly adminUsername?: pulumi.Input<string>;
  /** Administrator password; always stored as a secret (PS-04). */
  readonly adminPassword?: pulumi.Input<string>;
  /** Configuration server passphrase; always stored as a secret (PS-04). */
  readonly configurationServerPassphrase?: pulumi.Input<string>;
  /** Configuration server control port (default 443). */
  readonly controlPort?: pulumi.Input<number>;
  /** Configuration server data port (default 9443). */
  readonly dataPort?: pulumi.Input<number>;
  /** VPN connections to judge (default: every connection of the network's resource group). */
  readonly vpnConnectionIds?: pulumi.Input<pulumi.Input<string>[]>;
  /** ExpressRoute circuits to judge. */
  readonly expressRouteCircuitIds?: pulumi.Input<pulumi.Input<string>[]>;
  /** Network Watcher for the reachability checks (default `NetworkWatcherRG/NetworkWatcher_<location>`). */
  readonly networkWatcher?: pulumi.Input<{ resourceGroup: pulumi.Input<string>; name: pulumi.Input<string> }>;
  /** How long create waits for registration, in minutes (default 30). */
  readonly registrationTimeoutInMinutes?: pulumi.Input<number>;
}

/** Outputs: the inputs plus what was deployed and registered. */
export interface ProcessServerOutputs extends ProcessServerInputs {
  /** Site Recovery ID of the process server (also the resource ID). */
  readonly processServerId: string;
  /** ARM ID of the VM (absent when adopted). */
  readonly vmId?: string;
  /** ARM ID of the VM's network interface (absent when adopted). */
  readonly nicId?: string;
  /** IP address the configuration server reports. */
  readonly ipAddress?: string;
  /** Whether the configuration server reports it registered. */
  readonly registered: boolean;
  /** Result of the Network Watcher checks to the configuration server, per port (NET-06). */
  readonly configurationServerReachable?: { readonly controlPort: boolean; readonly dataPort: boolean };
}

// ---------------------------------------------------------------------------------------------
// Check
// ---------------------------------------------------------------------------------------------

function knownString(value: unknown): string | undefined {
  const candidate = known(value);
  return typeof candidate === "string" ? candidate : undefined;
}

function knownNumber(value: unknown): number | undefined {
  const candidate = known(value);
  return typeof candidate === "number" ? candidate : undefined;
}

function ruleInputs(raw: Record<string, unknown>): RuleProcessServerInputs {
  const placement = knownString(raw["placement"]) ?? "azure";
  const name = knownString(raw["processServerName"]);
  const virtualNetworkId = knownString(raw["virtualNetworkId"]);
  const subnetName = knownString(raw["subnetName"]);
  const staticIpAddress = knownString(raw["staticIpAddress"]);
  const control = knownNumber(raw["controlPort"]);
  const data = knownNumber(raw["dataPort"]);
  return {
    ...(name ? { name } : {}),
    location: placement === "onPremises" ? "onPremises" : "azure",
    // An adopted server is not placed by us; NET-05 judges only what we deploy.
    ...(raw["adoptExisting"] === true ? {} : { ...(virtualNetworkId ? { virtualNetworkId } : {}) }),
    ...(raw["adoptExisting"] === true ? {} : { ...(subnetName ? { subnetName } : {}) }),
    ...(raw["adoptExisting"] === true ? {} : { ...(staticIpAddress ? { staticIpAddress } : {}) }),
    ...(control !== undefined ? { configurationServerControlPort: control } : {}),
    ...(data !== undefined ? { configurationServerDataPort: data } : {}),
  };
}

function ruleContext(raw: Record<string, unknown>, site: SiteFacts | undefined): RuleContext {
  const flavor = knownString(raw["flavor"]);
  return {
    inputs: {
      flavor: flavor === "hyperv" || flavor === "physical" ? flavor : "vmware",
      processServer: ruleInputs(raw),
    },
    ...(site ? { site } : {}),
  };
}

/**
 * Findings of the process server rules. PS-01 is raised to blocking here: declaring a process
 * server for Hyper-V is a mistake in the program, and this resource would deploy a useless VM.
 */
export function processServerFindings(raw: Record<string, unknown>, site: SiteFacts | undefined): Finding[] {
  return runRules(ruleContext(raw, site), { ids: PROCESS_SERVER_RULES }).map((entry) =>
    entry.ruleId === "PS-01" ? { ...entry, severity: "block" as const } : entry,
  );
}

function networkWatcherOf(raw: Record<string, unknown>): { resourceGroup: string; name: string } | undefined {
  const given = known(raw["networkWatcher"]) as { resourceGroup?: unknown; name?: unknown } | undefined;
  const resourceGroup = knownString(given?.resourceGroup);
  const name = knownString(given?.name);
  if (resourceGroup && name) return { resourceGroup, name };
  if (given !== undefined) return undefined;
  const location = knownString(raw["location"]);
  return location ? { resourceGroup: "NetworkWatcherRG", name: `NetworkWatcher_${location}` } : undefined;
}

function knownIds(value: unknown): string[] | undefined {
  const list = known(value);
  if (!Array.isArray(list) || list.some((entry) => knownString(entry) === undefined)) return undefined;
  return list as string[];
}

/**
 * Reads what the process server rules judge: the fabric (registered process servers,
 * configuration server address, failed-over VMs), the connections, the subnets, and Network
 * Watcher checks from the process server VM (when it exists) or a failed-over VM in the same
 * network. Parts whose inputs are unknown are left out.
 */
export async function readProcessServerSite(
  site: LiveSite,
  raw: Record<string, unknown>,
  now: Date,
): Promise<{ facts: SiteFacts; fabricFound: boolean }> {
  const fabricName = knownString(raw["fabricName"]);
  if (!fabricName) return { facts: {}, fabricFound: true };
  const vmware = await readVmwareSite(site, fabricName, now);
  if (!vmware) return { facts: {}, fabricFound: false };
  const facts: { -readonly [K in keyof SiteFacts]: SiteFacts[K] } = {
    processServers: vmware.facts.processServers,
    protectedItems: vmware.facts.protectedItems,
  };
  const virtualNetworkId = knownString(raw["virtualNetworkId"]);
  const resourceGroups = new Set<string>();
  if (virtualNetworkId && VirtualNetworkIdCodec.matches(virtualNetworkId)) {
    resourceGroups.add(VirtualNetworkIdCodec.parse(virtualNetworkId).resourceGroup);
    const network = await readAzureNetwork(site, virtualNetworkId);
    if (network) facts.azureNetwork = network;
  }
  for (const item of vmware.items) {
    const network = itemFacts(item).azureVirtualNetworkId;
    if (network && VirtualNetworkIdCodec.matches(network))
      resourceGroups.add(VirtualNetworkIdCodec.parse(network).resourceGroup);
  }
  const vpnConnectionIds = knownIds(raw["vpnConnectionIds"]);
  const expressRouteCircuitIds = knownIds(raw["expressRouteCircuitIds"]);
  if (raw["vpnConnectionIds"] === undefined || vpnConnectionIds) {
    if (raw["expressRouteCircuitIds"] === undefined || expressRouteCircuitIds) {
      facts.connectivity = await readConnectivity(site, {
        resourceGroups: [...resourceGroups],
        ...(vpnConnectionIds ? { vpnConnectionIds } : {}),
        ...(expressRouteCircuitIds ? { expressRouteCircuitIds } : {}),
      });
    }
  }
  const destination = vmware.view.configurationServer.ipAddress;
  const watcher = networkWatcherOf(raw);
  const source = await reachabilitySource(site, raw, vmware.items, virtualNetworkId);
  const control = knownNumber(raw["controlPort"]) ?? DEFAULT_CONTROL_PORT;
  const data = knownNumber(raw["dataPort"]) ?? DEFAULT_DATA_PORT;
  if (destination && watcher && source && raw["placement"] !== "onPremises") {
    facts.reachability = await readReachability(site, watcher, source, destination, [control, data]);
  }
  return { facts, fabricFound: true };
}

async function reachabilitySource(
  site: LiveSite,
  raw: Record<string, unknown>,
  items: readonly import("@azure/arm-recoveryservices-siterecovery").ReplicationProtectedItem[],
  virtualNetworkId: string | undefined,
): Promise<string | undefined> {
  const resourceGroup = knownString(raw["resourceGroup"]);
  const name = knownString(raw["processServerName"]);
  if (resourceGroup && name) {
    const vm = await site.virtualMachine(resourceGroup, name);
    if (typeof vm?.["id"] === "string") return vm["id"] as string;
  }
  // Before the VM exists, a failed-over VM in the same network sees the same routes.
  if (!virtualNetworkId) return undefined;
  const neighbour = items.find(
    (item) => sameArmId(itemFacts(item).azureVirtualNetworkId, virtualNetworkId) && azureVmIdOf(item),
  );
  return neighbour ? azureVmIdOf(neighbour) : undefined;
}

async function check(_olds: Record<string, unknown>, news: Record<string, unknown>) {
  return runCheck(
    {
      schema: ProcessServerInputs,
      findingPaths: {
        prefix: "processServer",
        renames: { "processServer.location": "placement", processServer: "flavor" },
      },
      staticFindings: (raw) =>
        processServerFindings(raw, undefined).filter((entry) => entry.ruleId === "PS-01"),
      liveFindings: async (raw) => {
        if (knownString(raw["flavor"]) === "hyperv") return { findings: [] };
        const site = await getLiveSite();
        const { facts, fabricFound } = await readProcessServerSite(site, raw, new Date(waitClock().now()));
        if (!fabricFound) {
          return {
            findings: [],
            failures: [
              {
                property: "fabricName",
                reason: `fabricName: the vault has no VMware configuration server fabric ${String(raw["fabricName"])}; use the fabric name of the configuration server`,
              },
            ],
          };
        }
        return { findings: processServerFindings(raw, facts).filter((entry) => entry.ruleId !== "PS-01") };
      },
    },
    news,
  );
}

// ---------------------------------------------------------------------------------------------
// Diff
// ---------------------------------------------------------------------------------------------

async function diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
  return diffInputs(olds, news, {
    inputKeys: Object.keys(ProcessServerInputs.shape),
    replaceOnChanges: PROCESS_SERVER_REPLACE_ON_CHANGES,
    // Same VM name and static IP: the old one must go before the new one can exist.
    deleteBeforeReplace: true,
  });
}

// ---------------------------------------------------------------------------------------------
// Create
// ---------------------------------------------------------------------------------------------

async function registeredProcessServer(
  fabricName: string,
  name: string,
): Promise<RegisteredProcessServer | undefined> {
  const client = await getAsrClient();
  const view = vmwareFabricView(await client.getFabric(fabricName), new Date(waitClock().now()));
  return view?.processServers.find((server) => server.name.toLowerCase() === name.toLowerCase());
}

function outputsOf(
  inputs: ProcessServerInputs,
  server: RegisteredProcessServer,
  vm: { vmId?: string; nicId?: string },
  reachable?: { controlPort: boolean; dataPort: boolean },
): ProcessServerOutputs {
  return {
    ...inputs,
    processServerId: server.id,
    ...(vm.vmId ? { vmId: vm.vmId } : {}),
    ...(vm.nicId ? { nicId: vm.nicId } : {}),
    ...(server.ipAddress ? { ipAddress: server.ipAddress } : {}),
    registered: true,
    ...(reachable ? { configurationServerReachable: reachable } : {}),
  };
}

async function verifyReachability(
  inputs: ProcessServerInputs,
): Promise<{ controlPort: boolean; dataPort: boolean } | undefined> {
  const site = await getLiveSite();
  site.clear();
  const { facts } = await readProcessServerSite(
    site,
    inputs as unknown as Record<string, unknown>,
    new Date(waitClock().now()),
  );
  const results = facts.reachability;
  if (!results) return undefined;
  const at = (port: number) => results.some((result) => result.port === port && result.reachable);
  return { controlPort: at(inputs.controlPort), dataPort: at(inputs.dataPort) };
}

async function deployAndRegister(inputs: ProcessServerInputs): Promise<ProcessServerOutputs> {
  const object = `process server ${inputs.processServerName}`;
  const client = await getAsrClient();
  let vm: { vmId?: string; nicId?: string } = {};
  if (!inputs.adoptExisting) {
    const network = VirtualNetworkIdCodec.parse(inputs.virtualNetworkId!);
    const subnetId = SubnetIdCodec.format({ ...network, subnetName: inputs.subnetName! });
    reportProgress(
      object,
      `deploying VM ${inputs.processServerName} at ${inputs.staticIpAddress} in ${network.virtualNetworkName}/${inputs.subnetName}`,
    );
    const deployed = await client.deployProcessServerVm({
      resourceGroup: inputs.resourceGroup!,
      name: inputs.processServerName,
      location: inputs.location!,
      subnetId,
      privateIpAddress: inputs.staticIpAddress!,
      vmSize: inputs.vmSize,
      imageReference: inputs.imageReference,
      adminUsername: inputs.adminUsername!,
      adminPassword: inputs.adminPassword!,
      tags: { ...PROCESS_SERVER_ROLE_TAG },
    });
    vm = { vmId: deployed.vmId, nicId: deployed.nicId };
  }
  let server: RegisteredProcessServer;
  try {
    server = await waitFor({
      object,
      what: "registration with the configuration server (PS-03: usually 10-15 minutes)",
      timeoutInMs: inputs.registrationTimeoutInMinutes * MS_PER_MINUTE,
      fixOnTimeout:
        "PS-03: check its network path to the configuration server (NET-06: control and data ports) and the configuration server passphrase",
      poll: () => registeredProcessServer(inputs.fabricName, inputs.processServerName),
    });
  } catch (error) {
    // Name the network cause when Network Watcher can see it.
    const site = await getLiveSite();
    site.clear();
    const { facts } = await readProcessServerSite(
      site,
      inputs as unknown as Record<string, unknown>,
      new Date(waitClock().now()),
    );
    const blocking = processServerFindings(inputs as unknown as Record<string, unknown>, facts).filter(
      (entry) => entry.severity === "block",
    );
    if (blocking.length > 0) {
      throw new PrerequisiteError(blocking, `${(error as Error).message}\n${formatFindings(blocking)}`, {
        cause: error,
      });
    }
    throw error;
  }
  const reachable = inputs.placement === "azure" ? await verifyReachability(inputs) : undefined;
  if (reachable && (!reachable.controlPort || !reachable.dataPort)) {
    throw new Error(
      `NET-06: process server ${inputs.processServerName} cannot reach the configuration server on ${!reachable.controlPort ? `control port ${inputs.controlPort}` : `data port ${inputs.dataPort}`}; open the port from the process server to the configuration server`,
    );
  }
  return outputsOf(inputs, server, vm, reachable);
}

async function create(news: Record<string, unknown>) {
  const inputs = ProcessServerInputs.parse(pickInputs(news));
  return inLifecycle(
    inputs.adoptExisting ? "adopting" : "deploying",
    `process server ${inputs.processServerName}`,
    async () => {
      const outs = await deployAndRegister(inputs);
      return { id: outs.processServerId, outs };
    },
  );
}

// ---------------------------------------------------------------------------------------------
// Read
// ---------------------------------------------------------------------------------------------

function pickInputs(props: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(ProcessServerInputs.shape);
  return Object.fromEntries(Object.entries(props).filter(([key]) => keys.includes(key)));
}

async function read(id: string, props: Record<string, unknown>) {
  const inputs = ProcessServerInputs.parse(pickInputs(props));
  return inLifecycle("reading", `process server ${inputs.processServerName}`, async () => {
    const client = await getAsrClient();
    const view = vmwareFabricView(await client.getFabric(inputs.fabricName), new Date(waitClock().now()));
    const server =
      view?.processServers.find((candidate) => candidate.id.toLowerCase() === id.toLowerCase()) ??
      view?.processServers.find(
        (candidate) => candidate.name.toLowerCase() === inputs.processServerName.toLowerCase(),
      );
    // Deregistered (or its VM deleted) behind our back: gone, so the next up deploys it again.
    if (!server) return { id: "", props: {} };
    if (
      !inputs.adoptExisting &&
      !(await client.getVirtualMachine(inputs.resourceGroup!, inputs.processServerName))
    ) {
      return { id: "", props: {} };
    }
    const previous = props as Partial<ProcessServerOutputs>;
    return {
      id: server.id,
      props: outputsOf(
        inputs,
        server,
        {
          ...(previous.vmId ? { vmId: previous.vmId } : {}),
          ...(previous.nicId ? { nicId: previous.nicId } : {}),
        },
        previous.configurationServerReachable,
      ),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Update
// ---------------------------------------------------------------------------------------------

/** In-place changes (ports, connections to judge, watcher, timeout) re-verify the path and refresh outputs. */
async function update(id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
  const inputs = ProcessServerInputs.parse(pickInputs(news));
  return inLifecycle("updating", `process server ${inputs.processServerName}`, async () => {
    const server = await registeredProcessServer(inputs.fabricName, inputs.processServerName);
    if (!server) {
      throw new Error(
        `PS-02: process server ${inputs.processServerName} is no longer registered with the configuration server; run pulumi refresh, then pulumi up to deploy it again`,
      );
    }
    const reachable = inputs.placement === "azure" ? await verifyReachability(inputs) : undefined;
    const previous = olds as Partial<ProcessServerOutputs>;
    void id;
    return {
      outs: outputsOf(
        inputs,
        server,
        {
          ...(previous.vmId ? { vmId: previous.vmId } : {}),
          ...(previous.nicId ? { nicId: previous.nicId } : {}),
        },
        reachable,
      ),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Delete
// ---------------------------------------------------------------------------------------------

/** Items mid-failback through this process server (PS-02), from a fresh read. */
export async function failbacksUsingProcessServer(
  fabricName: string,
  processServerId: string,
  processServerName: string,
): Promise<Finding[]> {
  const client = await getAsrClient();
  const containers = await client.listProtectionContainers(fabricName);
  const items = (
    await Promise.all(
      containers
        .filter((container) => container.name)
        .map((container) => client.listProtectedItems({ fabricName, containerName: container.name! })),
    )
  ).flat();
  const protectedItems = items.map((item) => {
    const facts = itemFacts(item);
    const details = (item.properties?.providerSpecificDetails ?? {}) as Record<string, unknown>;
    const usedId = details["processServerId"];
    // Items name their process server by ID; map ours to its name so PS-02 can match it.
    if (typeof usedId === "string") {
      return {
        ...facts,
        processServerName:
          usedId.toLowerCase() === processServerId.toLowerCase() ? processServerName : usedId,
      };
    }
    return facts;
  });
  return runRules(
    {
      inputs: { flavor: "vmware" },
      site: { protectedItems },
      operation: { kind: "deleteProcessServer", processServerName },
    },
    { ids: ["PS-02"] },
  );
}

async function deleteProcessServer(id: string, props: Record<string, unknown>) {
  const inputs = ProcessServerInputs.parse(pickInputs(props));
  await inLifecycle("deleting", `process server ${inputs.processServerName}`, async () => {
    // An adopted process server was installed outside Pulumi: forget it, remove nothing.
    if (inputs.adoptExisting) return;
    const blocking = (
      await failbacksUsingProcessServer(inputs.fabricName, id, inputs.processServerName)
    ).filter((entry) => entry.severity === "block");
    if (blocking.length > 0)
      throw new PrerequisiteError(blocking, blocking.map((entry) => entry.message).join("\n"));
    const client = await getAsrClient();
    reportProgress(`process server ${inputs.processServerName}`, "deleting its VM and network interface");
    try {
      await client.deleteProcessServerVm(inputs.resourceGroup!, inputs.processServerName);
    } catch (error) {
      // Already gone (deleted by hand, or a retried delete): nothing is left to remove.
      if (!isNotFound(error)) throw error;
    }
  });
}

/** The implementation registered under `ProcessServer` in `resourceProviders`. */
export const processServerProvider = defineResourceImplementation({
  check,
  diff,
  create,
  read,
  update,
  delete: deleteProcessServer,
});

/**
 * A Site Recovery process server in Azure for VMware / physical failback. The administrator
 * password and the configuration server passphrase are always stored as secrets (PS-04).
 */
export class ProcessServer extends pulumi.dynamic.Resource {
  /** Site Recovery ID of the process server. */
  declare readonly processServerId: pulumi.Output<string>;
  declare readonly processServerName: pulumi.Output<string>;
  declare readonly fabricName: pulumi.Output<string>;
  /** ARM ID of the process server VM (absent when adopted). */
  declare readonly vmId: pulumi.Output<string | undefined>;
  declare readonly nicId: pulumi.Output<string | undefined>;
  /** IP address the configuration server reports. */
  declare readonly ipAddress: pulumi.Output<string | undefined>;
  declare readonly registered: pulumi.Output<boolean>;
  declare readonly configurationServerReachable: pulumi.Output<
    { controlPort: boolean; dataPort: boolean } | undefined
  >;

  constructor(name: string, args: ProcessServerArgs, opts?: pulumi.CustomResourceOptions) {
    const secretInputs = Object.fromEntries(
      PROCESS_SERVER_SECRET_INPUTS.filter((key) => args[key] !== undefined).map((key) => [
        key,
        pulumi.secret(args[key]!),
      ]),
    );
    super(
      resourceProvider("ProcessServer"),
      name,
      {
        ...args,
        ...secretInputs,
        processServerId: undefined,
        vmId: undefined,
        nicId: undefined,
        ipAddress: undefined,
        registered: undefined,
        configurationServerReachable: undefined,
      },
      {
        ...opts,
        additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...PROCESS_SERVER_SECRET_INPUTS],
      },
      RESOURCE_MODULE,
      "ProcessServer",
    );
    // PS-04: a plain-text value still reaches state encrypted (wrapped above), but say so.
    for (const key of PROCESS_SERVER_SECRET_INPUTS) {
      const value = args[key];
      if (value === undefined) continue;
      void pulumi
        .isSecret(pulumi.output(value))
        .then((isSecret) => {
          if (!isSecret) {
            void pulumi.log.warn(
              `PS-04: process server ${name} has ${key} in plain text; pass ${key} as a secret (pulumi.secret or config --secret)`,
              this,
            );
          }
        })
        .catch(() => undefined);
    }
  }
}
