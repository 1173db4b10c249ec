/**
 * ReprotectionPolicy check, diff, create, read, update and delete. Create and update re-check the
 * live site first; the policy and its container mapping are created, read and deleted together.
 */

import type { PolicyProviderSpecificInputUnion } from "@azure/arm-recoveryservices-siterecovery";
import { ContainerMappingIdCodec, PolicyIdCodec } from "asr-contract";
import { serviceNow } from "../../client";
import { isNotFound } from "../../client/errors";
import { getAsrClient } from "../../config";
import { getLiveSite, readFabricView } from "../../site";
import { diffInputs, inLifecycle, pickInputs, runCheck } from "../common";
import { LEGACY_CERTIFICATE_PATH, withCertificateLifted } from "./certificate";
import { readReprotectionSite, validateLive } from "./live";
import { findingPaths, type ResolvedNames, reprotectionFindings } from "./rules";
import {
  REPROTECTION_POLICY_REPLACE_ON_CHANGES,
  REPROTECTION_POLICY_SECRET_INPUTS,
  ReprotectionPolicyInputs,
  type ReprotectionPolicyOutputs,
} from "./schema";

/** Target of the mapping of a failback policy: Site Recovery's name for Azure as the source side. */
export const AZURE_CONTAINER = "Microsoft Azure";

// ---------------------------------------------------------------------------------------------
// Check
// ---------------------------------------------------------------------------------------------

/** Validates the inputs; HV-05 and HV-06 from the inputs alone, the other rules over the live site. */
export async function check(_olds: Record<string, unknown>, news: Record<string, unknown>) {
  return runCheck(
    {
      schema: ReprotectionPolicyInputs,
      secretPaths: [...REPROTECTION_POLICY_SECRET_INPUTS, LEGACY_CERTIFICATE_PATH],
      findingPaths,
      // HV-05 and HV-06's input-only parts need no site.
      staticFindings: (raw) =>
        reprotectionFindings(raw, undefined).filter(
          (entry) => entry.ruleId === "HV-05" || entry.ruleId === "HV-06",
        ),
      liveFindings: async (raw) => {
        const site = await getLiveSite();
        const live = await readReprotectionSite(site, raw, serviceNow);
        if (live.failures.length > 0) return { findings: [], failures: live.failures };
        // The input-only findings come again here; the report keeps each message once.
        return { findings: reprotectionFindings(raw, live.facts, live.names) };
      },
    },
    news,
  );
}

// ---------------------------------------------------------------------------------------------
// Diff
// ---------------------------------------------------------------------------------------------

/** Changes of the inputs; another fabric, container, policy or mapping name forces a replacement. */
export async function diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
  return diffInputs(olds, news, {
    inputKeys: Object.keys(ReprotectionPolicyInputs.shape),
    replaceOnChanges: REPROTECTION_POLICY_REPLACE_ON_CHANGES,
    // The mapping must be removed before the policy it names can be replaced under the same name.
    deleteBeforeReplace: true,
  });
}

// ---------------------------------------------------------------------------------------------
// Create
// ---------------------------------------------------------------------------------------------

/** The provider-specific input of the failback policy. */
export function policyProviderInput(inputs: ReprotectionPolicyInputs): PolicyProviderSpecificInputUnion {
  if (inputs.flavor === "hyperv") {
    return {
      instanceType: "HyperVReplicaAzure",
      recoveryPointHistoryDuration: Math.round(inputs.recoveryPointHistoryInMinutes / 60),
      applicationConsistentSnapshotFrequencyInHours: Math.max(
        0,
        Math.round(inputs.appConsistentFrequencyInMinutes / 60),
      ),
      replicationInterval: 300,
    } as PolicyProviderSpecificInputUnion;
  }
  return {
    instanceType: "InMage",
    recoveryPointThresholdInMinutes: inputs.recoveryPointThresholdInMinutes,
    recoveryPointHistory: inputs.recoveryPointHistoryInMinutes,
    appConsistentFrequencyInMinutes: inputs.appConsistentFrequencyInMinutes,
    multiVmSyncStatus: inputs.multiVmConsistency ? "Enable" : "Disable",
  };
}

function mappingNameOf(inputs: ReprotectionPolicyInputs): string {
  return inputs.mappingName ?? `${inputs.policyName}-mapping`;
}

/** The protection container given, or the fabric's only one. */
async function containerNameOf(inputs: ReprotectionPolicyInputs): Promise<string> {
  if (inputs.protectionContainerName) return inputs.protectionContainerName;
  const client = await getAsrClient();
  const containers = (await client.listProtectionContainers(inputs.fabricName)).filter((c) => c.name);
  if (containers.length !== 1) {
    throw new Error(
      `fabric ${inputs.fabricName} has ${containers.length} protection containers; set protectionContainerName to one of (${containers.map((c) => c.name).join(", ")})`,
    );
  }
  return containers[0]!.name!;
}

/** The outputs: the inputs plus the policy and mapping IDs and the names the fabric reports. */
async function resolveOutputs(
  inputs: ReprotectionPolicyInputs,
  containerName: string,
): Promise<ReprotectionPolicyOutputs> {
  const client = await getAsrClient();
  const scope = {
    subscriptionId: client.config.subscriptionId,
    resourceGroup: client.config.resourceGroup,
    vaultName: client.config.vaultName,
  };
  let names: ResolvedNames = {};
  let runAsAccountId: string | undefined;
  if (inputs.flavor !== "hyperv") {
    const view = await readFabricView(client, inputs.fabricName, serviceNow);
    const masterTarget = view?.masterTargets.find(
      (target) => target.id.toLowerCase() === inputs.masterTargetId?.toLowerCase(),
    );
    const processServer = view?.processServers.find(
      (server) => server.id.toLowerCase() === inputs.processServerId?.toLowerCase(),
    );
    names = {
      ...(masterTarget ? { masterTargetName: masterTarget.facts.name } : {}),
      ...(processServer ? { processServerName: processServer.name } : {}),
    };
    runAsAccountId = view?.runAsAccounts.find((account) => account.name === inputs.runAsAccountName)?.id;
  }
  return {
    // A certificate given inside hyperV leaves it: only the top-level property is a secret output.
    ...withCertificateLifted(inputs),
    policyId: PolicyIdCodec.format({ ...scope, policyName: inputs.policyName }),
    mappingId: ContainerMappingIdCodec.format({
      ...scope,
      fabricName: inputs.fabricName,
      containerName,
      mappingName: mappingNameOf(inputs),
    }),
    resolvedProtectionContainerName: containerName,
    ...names,
    ...(runAsAccountId ? { runAsAccountId } : {}),
  };
}

/** Creates the policy and its container mapping (idempotent: an existing mapping is kept). */
export async function create(news: Record<string, unknown>) {
  const inputs = ReprotectionPolicyInputs.parse(pickInputs(ReprotectionPolicyInputs, news));
  return inLifecycle("creating", `reprotection policy ${inputs.policyName}`, async () => {
    await validateLive(inputs);
    const client = await getAsrClient();
    const containerName = await containerNameOf(inputs);
    // Idempotent: create is a PUT, and an existing mapping of the same name is kept.
    const policy = await client.createPolicy(inputs.policyName, policyProviderInput(inputs));
    const existing = await client.getContainerMapping(
      inputs.fabricName,
      containerName,
      mappingNameOf(inputs),
    );
    if (!existing) {
      await client.createContainerMapping(inputs.fabricName, containerName, mappingNameOf(inputs), {
        policyId: policy.id ?? inputs.policyName,
        targetProtectionContainerId: AZURE_CONTAINER,
      });
    }
    const outs = await resolveOutputs(inputs, containerName);
    return { id: outs.policyId, outs };
  });
}

// ---------------------------------------------------------------------------------------------
// Read
// ---------------------------------------------------------------------------------------------

/** Reports the policy's live settings; gone when the policy or its mapping is. */
export async function read(_id: string, props: Record<string, unknown>) {
  const inputs = ReprotectionPolicyInputs.parse(pickInputs(ReprotectionPolicyInputs, props));
  return inLifecycle("reading", `reprotection policy ${inputs.policyName}`, async () => {
    const client = await getAsrClient();
    const policy = await client.getPolicy(inputs.policyName);
    if (!policy) return { id: "", props: {} };
    const details = (policy.properties?.providerSpecificDetails ?? {}) as Record<string, unknown>;
    const containerName = String(props["resolvedProtectionContainerName"] ?? (await containerNameOf(inputs)));
    const mapping = await client.getContainerMapping(inputs.fabricName, containerName, mappingNameOf(inputs));
    // A policy without its mapping does not fail anything back: treat it as gone, up re-creates both.
    if (!mapping) return { id: "", props: {} };
    const live: ReprotectionPolicyInputs = {
      ...inputs,
      ...(typeof details["recoveryPointThresholdInMinutes"] === "number"
        ? { recoveryPointThresholdInMinutes: details["recoveryPointThresholdInMinutes"] as number }
        : {}),
      ...(typeof details["appConsistentFrequencyInMinutes"] === "number"
        ? { appConsistentFrequencyInMinutes: details["appConsistentFrequencyInMinutes"] as number }
        : {}),
      ...(typeof details["recoveryPointHistory"] === "number"
        ? { recoveryPointHistoryInMinutes: details["recoveryPointHistory"] as number }
        : {}),
      ...(typeof details["multiVmSyncStatus"] === "string"
        ? { multiVmConsistency: details["multiVmSyncStatus"] === "Enable" }
        : {}),
    };
    const outs = await resolveOutputs(live, containerName);
    return { id: outs.policyId, props: outs };
  });
}

// ---------------------------------------------------------------------------------------------
// Update
// ---------------------------------------------------------------------------------------------

/** Updates the policy's settings in place after re-checking the site. */
export async function update(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
  const inputs = ReprotectionPolicyInputs.parse(pickInputs(ReprotectionPolicyInputs, news));
  return inLifecycle("updating", `reprotection policy ${inputs.policyName}`, async () => {
    await validateLive(inputs);
    const client = await getAsrClient();
    await client.updatePolicy(inputs.policyName, policyProviderInput(inputs));
    const containerName = String(olds["resolvedProtectionContainerName"] ?? (await containerNameOf(inputs)));
    return { outs: await resolveOutputs(inputs, containerName) };
  });
}

// ---------------------------------------------------------------------------------------------
// Delete
// ---------------------------------------------------------------------------------------------

/** Deletes the mapping, then the policy; either one already gone counts as deleted. */
export async function deletePolicy(_id: string, props: Record<string, unknown>) {
  const inputs = ReprotectionPolicyInputs.parse(pickInputs(ReprotectionPolicyInputs, props));
  await inLifecycle("deleting", `reprotection policy ${inputs.policyName}`, async () => {
    const client = await getAsrClient();
    const containerName = String(props["resolvedProtectionContainerName"] ?? (await containerNameOf(inputs)));
    // The mapping first: Site Recovery refuses to delete a policy that a mapping uses.
    if (await client.getContainerMapping(inputs.fabricName, containerName, mappingNameOf(inputs))) {
      await unlessGone(
        client.deleteContainerMapping(inputs.fabricName, containerName, mappingNameOf(inputs)),
      );
    }
    if (await client.getPolicy(inputs.policyName)) await unlessGone(client.deletePolicy(inputs.policyName));
  });
}

/** Awaits a delete; an object that vanished between the read and the delete (404) counts as deleted. */
async function unlessGone(deletion: Promise<void>): Promise<void> {
  try {
    await deletion;
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}
