/**
 * Mocks for unit tests of programs that use this package, with `pulumi.runtime.setMocks`.
 *
 * In a mocked run no provider code executes: the mocks answer each resource registration with
 * its outputs. {@link asrFailbackMocks} answers this package's resources with outputs shaped
 * like the real ones (IDs, registration, stages, …) derived from the inputs, and hands every
 * other resource (e.g. `@pulumi/azure-native`) to the mocks you pass as `fallback`.
 *
 * ```ts
 * import * as pulumi from "@pulumi/pulumi";
 * import { asrFailbackMocks } from "pulumi-asr-failback/testing";
 *
 * pulumi.runtime.setMocks(asrFailbackMocks(), "project", "stack", false);
 * const program = await import("../index"); // import the program after setMocks
 * ```
 */
import type * as pulumi from "@pulumi/pulumi";
import { completeFailoverWarning } from "../resources/failbackPlan/completeFailover";
import {
  type FailbackTargetStage,
  type Flavor,
  type ItemStage,
  stageRank,
  targetItemStage,
} from "../stageModel";

/** Type token prefix of the package's dynamic resources. */
export const ASR_TYPE_PREFIX = "pulumi-nodejs:dynamic/asr:";

/** Kinds of resources the package defines. */
export type AsrResourceKind =
  | "ProcessServer"
  | "MasterTarget"
  | "ReprotectionPolicy"
  | "ReplicationAppliance"
  | "FailbackPlan";

type Properties = Record<string, any>;

/** Outputs of one kind of resource, derived from its inputs and name. */
export type MockOutputs = (inputs: Properties, name: string) => Properties;

/** Options of {@link asrFailbackMocks}. */
export interface AsrFailbackMocksOptions {
  /** Mocks for every resource and call that is not this package's (default: echo the inputs). */
  readonly fallback?: pulumi.runtime.Mocks;
  /** Replace or extend the outputs of a kind, e.g. to simulate a process server not registered. */
  readonly outputs?: Partial<Record<AsrResourceKind, MockOutputs>>;
}

const MOCK_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
const MOCK_VAULT_PREFIX = `/Subscriptions/${MOCK_SUBSCRIPTION}/resourceGroups/rg-mock/providers/Microsoft.RecoveryServices/vaults/vault-mock`;

/** A stable GUID-shaped ID from a name, so repeated runs give the same outputs. */
function stableGuid(name: string): string {
  let hash = 0x811c9dc5;
  for (const character of name) {
    hash = Math.imul(hash ^ character.charCodeAt(0), 0x01000193) >>> 0;
  }
  const hex = hash.toString(16).padStart(8, "0");
  return `${hex}-0000-4000-8000-${hex}${hex.slice(0, 4)}`.toUpperCase();
}

/** The output that is also the resource ID, per kind (as the real provider does). */
const ID_OUTPUT: Partial<Record<AsrResourceKind, string>> = {
  ProcessServer: "processServerId",
  MasterTarget: "masterTargetId",
  ReprotectionPolicy: "policyId",
  ReplicationAppliance: "applianceId",
};

/** The components of a replication appliance, as the vault lists them. */
const APPLIANCE_COMPONENT_KINDS = [
  "processServer",
  "rcmProxy",
  "pushInstaller",
  "replicationAgent",
  "reprotectAgent",
  "marsAgent",
  "dra",
] as const;

/** Realistic outputs per kind: what the real provider returns after a successful create. */
export const defaultMockOutputs: Record<AsrResourceKind, MockOutputs> = {
  ProcessServer: (inputs, name) => {
    const processServerName = inputs.processServerName ?? name;
    const adopted = inputs.adoptExisting === true;
    const vmBase = `/subscriptions/${MOCK_SUBSCRIPTION}/resourceGroups/${inputs.resourceGroup ?? "rg-mock"}/providers`;
    return {
      processServerId: stableGuid(`process-server/${processServerName}`),
      ...(adopted
        ? {}
        : {
            vmId: `${vmBase}/Microsoft.Compute/virtualMachines/${processServerName}`,
            nicId: `${vmBase}/Microsoft.Network/networkInterfaces/${processServerName}-nic`,
          }),
      ipAddress: inputs.staticIpAddress ?? "10.0.0.4",
      registered: true,
      configurationServerReachable: { controlPort: true, dataPort: true },
    };
  },
  MasterTarget: (inputs, name) => ({
    masterTargetId: stableGuid(`master-target/${inputs.masterTargetName ?? name}`),
    reportedOsType: inputs.osType === "linux" ? "Linux" : "Windows",
    retentionVolumes: [
      inputs.osType === "linux"
        ? { volumeName: "/mnt/retention", capacityInBytes: 2199023255552, freeSpaceInBytes: 2040109465600 }
        : { volumeName: "E:", capacityInBytes: 2199023255552, freeSpaceInBytes: 1932735283200 },
    ],
    datastores: [{ symbolicName: "vmfs-gold", type: "VMFS", capacityInBytes: 8796093022208 }],
    health: "Normal",
    healthErrorCodes: [],
    lastHeartbeat: "2025-01-06T08:00:00.000Z",
  }),
  ReprotectionPolicy: (inputs, name) => {
    const policyName = inputs.policyName ?? name;
    const container = inputs.protectionContainerName ?? "container-mock";
    const fabricPath = `${MOCK_VAULT_PREFIX}/replicationFabrics/${inputs.fabricName ?? "fabric-mock"}`;
    return {
      policyId: `${MOCK_VAULT_PREFIX}/replicationPolicies/${policyName}`,
      mappingId: `${fabricPath}/replicationProtectionContainers/${container}/replicationProtectionContainerMappings/${inputs.mappingName ?? `${policyName}-mapping`}`,
      resolvedProtectionContainerName: container,
      runAsAccountId: inputs.runAsAccountName ? "1" : undefined,
    };
  },
  ReplicationAppliance: (inputs, name) => {
    const applianceName = inputs.applianceName ?? name;
    const applianceId = stableGuid(`replication-appliance/${applianceName}`).toLowerCase();
    const lastHeartbeat = "2025-01-06T08:00:00.000Z";
    return {
      applianceId,
      reprotectAgentId: applianceId,
      processServerId: applianceId,
      resolvedFabricName: inputs.fabricName ?? "fabric-mock-vmwarefabric",
      accessibleDatastores: inputs.datastoreName ? [inputs.datastoreName] : ["ds-mock"],
      vCenterId: `/subscriptions/${MOCK_SUBSCRIPTION}/resourceGroups/rg-mock/providers/Microsoft.OffAzure/VMwareSites/site-mock/vcenters/vcenter-mock`,
      health: "Normal",
      components: APPLIANCE_COMPONENT_KINDS.map((kind) => ({
        kind,
        health: "Normal",
        healthErrorCodes: [],
        lastHeartbeat,
      })),
      healthErrorCodes: [],
      servedDiskCount: 0,
      lastHeartbeat,
    };
  },
  FailbackPlan: (inputs) => {
    const items: string[] = inputs.items ?? [];
    const flavor: Flavor = inputs.flavor ?? "vmware";
    const targetStage = targetItemStage[inputs.targetStage as FailbackTargetStage] ?? inputs.targetStage;
    // A Hyper-V failback with completeFailover "manual" stops, as the provider does, once the data
    // is synced: the items stay failed over to Azure, their jobs suspended, and the run warns.
    if (
      flavor === "hyperv" &&
      inputs.hyperV?.completeFailover === "manual" &&
      stageRank(targetStage) > stageRank("reprotected")
    ) {
      const stage: ItemStage = "failedOverToAzure";
      return {
        stage,
        itemStatus: items.map((item) => ({
          name: item,
          stage,
          protectionState: "PlannedFailoverTransitionStatesBegin",
          replicationHealth: "None",
          runningJob: stableGuid(`planned-failover/${item}`).toLowerCase(),
        })),
        timeline: [],
        recoveryPointsUsed: [],
        postFailbackTasks: [],
        warnings: [completeFailoverWarning(items, stage, inputs.targetStage)],
        awaitingCompleteFailover: items,
      };
    }
    // Otherwise a mocked plan has reached its target stage, as a real one has after a successful up.
    const stage = targetStage;
    return {
      stage,
      itemStatus: items.map((item) => ({
        name: item,
        stage,
        protectionState:
          inputs.modernized !== undefined
            ? mockModernizedProtectionState(stage)
            : mockProtectionState(flavor, stage),
        replicationHealth: stage === "reprotected" || stage === "protectedToAzure" ? "Normal" : "None",
      })),
      timeline: [],
      recoveryPointsUsed: [],
      postFailbackTasks: [],
      warnings: [],
      awaitingCompleteFailover: [],
    };
  },
};

/** What Site Recovery shows for an idle item of that flavor in that stage. */
function mockProtectionState(flavor: Flavor, stage: ItemStage): string {
  switch (stage) {
    case "failedOverToAzure":
      return "UnplannedFailoverCommitted";
    case "reprotecting":
      return "InitialReplicationInProgress";
    case "failedOver":
      return flavor === "hyperv"
        ? "PlannedFailoverCommitRequired"
        : "UnplannedFailoverCommitPendingStatesBegin";
    case "committed":
      return flavor === "hyperv" ? "PlannedFailoverCommitted" : "UnplannedFailoverCommitted";
    default:
      return "Protected";
  }
}

/** What Site Recovery shows for an idle modernized (InMageRcm / InMageRcmFailback) item in that stage. */
function mockModernizedProtectionState(stage: ItemStage): string {
  switch (stage) {
    case "failedOverToAzure":
      return "UnplannedFailoverCommitted";
    case "reprotecting":
      return "InitialReplicationInProgress";
    case "failedOver":
      return "CommitPendingStatesBegin";
    case "committed":
      return "PlannedFailoverCommitted";
    default:
      return "Protected";
  }
}

/** Mocks that echo the inputs as outputs and give each resource a `<name>_id` ID. */
export const echoMocks: pulumi.runtime.Mocks = {
  newResource: (args) => ({ id: `${args.name}_id`, state: args.inputs }),
  call: (args) => args.inputs,
};

/**
 * Mocks for `pulumi.runtime.setMocks` that answer this package's resources with realistic
 * outputs and everything else with `options.fallback`.
 */
export function asrFailbackMocks(options: AsrFailbackMocksOptions = {}): pulumi.runtime.Mocks {
  const fallback = options.fallback ?? echoMocks;
  return {
    newResource: (args) => {
      if (!args.type.startsWith(ASR_TYPE_PREFIX)) {
        return fallback.newResource(args);
      }
      const kind = args.type.slice(ASR_TYPE_PREFIX.length) as AsrResourceKind;
      const derive = options.outputs?.[kind] ?? defaultMockOutputs[kind];
      if (!derive) {
        throw new Error(`asrFailbackMocks: unknown resource kind ${kind}`);
      }
      const { __provider: _serializedProvider, ...inputs } = args.inputs as Properties;
      const outputs = derive(inputs, args.name);
      const idOutput = ID_OUTPUT[kind];
      const id = (idOutput && outputs[idOutput]) || `${args.name}-${kind.toLowerCase()}`;
      return { id, state: { ...inputs, ...outputs } };
    },
    call: (args) => fallback.call(args),
  };
}
