/**
 * ProcessServer check, diff, create, read, update and delete. Create deploys the VM (or adopts a
 * registered process server), waits for its registration and verifies the path to the
 * configuration server; delete refuses while a failback uses it (PS-02).
 */

import { SubnetIdCodec, VirtualNetworkIdCodec } from "asr-contract";
import { serviceNow } from "../../client";
import { isNotFound } from "../../client/errors";
import { getAsrClient } from "../../config";
import { PrerequisiteError } from "../../errors";
import { formatFindings } from "../../rules/catalogue";
import {
  getLiveSite,
  type RegisteredProcessServer,
  readFabricView,
  readRegisteredProcessServer,
} from "../../site";
import { MS_PER_MINUTE } from "../../waits";
import {
  diffInputs,
  inLifecycle,
  knownString,
  pickInputs,
  reportProgress,
  runCheck,
  waitFor,
} from "../common";
import {
  failbacksUsingProcessServer,
  freshProcessServerSite,
  liveProcessServerSite,
  verifyReachability,
} from "./live";
import { processServerFindings } from "./rules";
import {
  PROCESS_SERVER_REPLACE_ON_CHANGES,
  PROCESS_SERVER_ROLE_TAG,
  PROCESS_SERVER_SECRET_INPUTS,
  ProcessServerInputs,
  type ProcessServerOutputs,
} from "./schema";

// ---------------------------------------------------------------------------------------------
// Check
// ---------------------------------------------------------------------------------------------

/** Validates the inputs; PS-01 from the inputs alone, the other rules over the live site. */
export async function check(_olds: Record<string, unknown>, news: Record<string, unknown>) {
  return runCheck(
    {
      schema: ProcessServerInputs,
      secretPaths: PROCESS_SERVER_SECRET_INPUTS,
      findingPaths: {
        prefix: "processServer",
        renames: { "processServer.location": "placement", processServer: "flavor" },
      },
      staticFindings: (raw) =>
        processServerFindings(raw, undefined).filter((entry) => entry.ruleId === "PS-01"),
      liveFindings: async (raw) => {
        if (knownString(raw["flavor"]) === "hyperv") return { findings: [] };
        const site = await getLiveSite();
        const { facts, fabricFound } = await liveProcessServerSite(site, raw, serviceNow);
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

/** Changes of the inputs; those that need a new VM or another adopted server force a replacement. */
export async function diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
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

/** The process server registered under that name now, if any. */
async function registeredProcessServer(
  fabricName: string,
  name: string,
): Promise<RegisteredProcessServer | undefined> {
  return readRegisteredProcessServer(await getAsrClient(), fabricName, name, serviceNow);
}

/** The outputs: the inputs plus the registration, the VM and the reachability verdict. */
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

/**
 * Deploys the VM (unless adopting), waits for the registration and verifies the path to the
 * configuration server; a registration that never comes names the network cause when it can.
 */
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
    const { facts } = await freshProcessServerSite(inputs);
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

/** Deploys (or adopts) the process server and waits for its registration. */
export async function create(news: Record<string, unknown>) {
  const inputs = ProcessServerInputs.parse(pickInputs(ProcessServerInputs, news));
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

/** Reports the registration now; gone when deregistered or its VM was deleted. */
export async function read(id: string, props: Record<string, unknown>) {
  const inputs = ProcessServerInputs.parse(pickInputs(ProcessServerInputs, props));
  return inLifecycle("reading", `process server ${inputs.processServerName}`, async () => {
    const client = await getAsrClient();
    const view = await readFabricView(client, inputs.fabricName, serviceNow);
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
export async function update(id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
  const inputs = ProcessServerInputs.parse(pickInputs(ProcessServerInputs, news));
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

/** Deletes the VM unless a failback still uses the process server (PS-02); forgets an adopted one. */
export async function deleteProcessServer(id: string, props: Record<string, unknown>) {
  const inputs = ProcessServerInputs.parse(pickInputs(ProcessServerInputs, props));
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
