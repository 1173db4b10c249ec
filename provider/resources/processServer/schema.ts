/**
 * ProcessServer inputs and outputs: the zod schema is the type, and the class's arguments are
 * derived from it. Which inputs force a replacement, and which are secrets, are declared here.
 */
import {
  ArmNameRules,
  ConnectionIdCodec,
  ExpressRouteCircuitIdCodec,
  VirtualNetworkIdCodec,
} from "asr-contract";
import { z } from "zod";
import { DEFAULT_CONTROL_PORT, DEFAULT_DATA_PORT } from "../../rules/network";
import { armName, type ResourceArgs, ResourceGroupName, SiteRecoveryName } from "../common";

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
const armId = (codec: { matches(id: string): boolean; label: string }) =>
  z.string().refine((value) => codec.matches(value), { message: `must be a ${codec.label} ARM ID` });

/** Inputs of a process server (the zod schema is the type). */
export const ProcessServerInputs = z
  .strictObject({
    /** Replication fabric (configuration server) it registers with. */
    fabricName: SiteRecoveryName,
    /** Name of the VM, and the name it registers under. */
    processServerName: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9][A-Za-z0-9-]*$/, "must be letters, digits and hyphens"),
    /** `vmware` (default) or `physical`; `hyperv` is refused (PS-01: Hyper-V needs no process server). */
    flavor: z.enum(["vmware", "physical", "hyperv"]).default("vmware"),
    /** Adopt a process server already registered under this name instead of deploying one (default false). */
    adoptExisting: z.boolean().default(false),
    /** `azure` (default) or `onPremises`: an on-premises one can only be adopted, and needs ExpressRoute (NET-04). */
    placement: z.enum(["azure", "onPremises"]).default("azure"),
    /** Resource group of the VM (required to deploy). */
    resourceGroup: ResourceGroupName.optional(),
    /** Azure region of the VM (required to deploy). */
    location: z.string().min(1).optional(),
    /** ARM ID of the failed-over VMs' virtual network (NET-05; required to deploy). */
    virtualNetworkId: armId(VirtualNetworkIdCodec).optional(),
    /** Subnet of that network (required to deploy). */
    subnetName: armName(ArmNameRules.networkResource).optional(),
    /** Unique static private IPv4 address in the subnet (NET-05; required to deploy). */
    staticIpAddress: z.ipv4().optional(),
    /** VM size (default Standard_D4s_v3). */
    vmSize: z.string().min(1).default(DEFAULT_PROCESS_SERVER_VM_SIZE),
    /** Marketplace image (default: the Site Recovery process server image). */
    imageReference: z
      .strictObject({
        publisher: z.string().min(1),
        offer: z.string().min(1),
        sku: z.string().min(1),
        version: z.string().min(1),
      })
      .default({ ...DEFAULT_PROCESS_SERVER_IMAGE }),
    /** Administrator name of the VM (required to deploy). */
    adminUsername: z.string().min(1).optional(),
    /** Administrator password; always stored as a secret (PS-04). */
    adminPassword: z.string().min(12, "must be at least 12 characters").optional(),
    /** Configuration server passphrase; always stored as a secret (PS-04). */
    configurationServerPassphrase: z.string().min(8, "must be at least 8 characters").optional(),
    /** Configuration server control port (NET-06; default 443). */
    controlPort: z.number().int().min(1).max(65535).default(DEFAULT_CONTROL_PORT),
    /** Configuration server data port (NET-06; default 9443). */
    dataPort: z.number().int().min(1).max(65535).default(DEFAULT_DATA_PORT),
    /** Site-to-site VPN connections to judge (NET-01); all of the network's group when none are given. */
    vpnConnectionIds: z.array(armId(ConnectionIdCodec)).optional(),
    /** ExpressRoute circuits to judge (NET-02, NET-03). */
    expressRouteCircuitIds: z.array(armId(ExpressRouteCircuitIdCodec)).optional(),
    /** Network Watcher that runs the reachability checks (NET-06; default `NetworkWatcherRG/NetworkWatcher_<location>`). */
    networkWatcher: z
      .strictObject({ resourceGroup: ResourceGroupName, name: armName(ArmNameRules.networkResource) })
      .optional(),
    /** How long create waits for registration, in minutes (default 30). */
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
        message:
          "NET-04: an on-premises process server (supported over ExpressRoute only) is installed outside Pulumi, so it cannot be deployed here; install it on premises and set adoptExisting: true",
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

/** Arguments of `ProcessServer` (each may be an Output of another resource, at any depth). */
export type ProcessServerArgs = ResourceArgs<typeof ProcessServerInputs>;

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
