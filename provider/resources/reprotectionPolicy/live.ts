/**
 * What a ReprotectionPolicy's checks read from the live site: the fabric the machines fail back
 * to, and the master target, process server and run-as account its inputs name, resolved there.
 */

import type * as pulumi from "@pulumi/pulumi";
import { serviceNow } from "../../client";
import { PrerequisiteError } from "../../errors";
import type { SiteFacts } from "../../rules/types";
import { getLiveSite, type LiveSite, readFailbackFabric, type VmwareFabricView } from "../../site";
import { knownString, unknownItemFailures } from "../common";
import { type ResolvedNames, reprotectionFindings } from "./rules";
import type { ReprotectionPolicyInputs } from "./schema";

/** What the live check resolved, for create to reuse. */
export interface LiveReprotectionView {
  readonly facts: SiteFacts;
  readonly names: ResolvedNames;
  readonly view?: VmwareFabricView;
  readonly failures: pulumi.dynamic.CheckFailure[];
}

/** Reads the fabric the policy fails back to and resolves IDs and names against it. */
export async function readReprotectionSite(
  site: LiveSite,
  raw: Record<string, unknown>,
  now: () => Date,
): Promise<LiveReprotectionView> {
  const fabricName = knownString(raw["fabricName"]);
  if (!fabricName) return { facts: {}, names: {}, failures: [] };
  const flavor = knownString(raw["flavor"]) ?? "vmware";
  const fabric = await readFailbackFabric(site, fabricName, flavor === "hyperv" ? "hyperv" : "vmware", now);
  if (!fabric) return { facts: {}, names: {}, failures: [missingFabric(fabricName)] };
  const failures = unknownItemFailures(raw, "protectedItemNames", fabric.facts.protectedItems, fabricName);
  if (!fabric.view) return { facts: fabric.facts, names: {}, failures };
  const read = { facts: fabric.facts, view: fabric.view };
  const masterTargetId = knownString(raw["masterTargetId"]);
  const processServerId = knownString(raw["processServerId"]);
  const runAs = knownString(raw["runAsAccountName"]);
  const masterTarget = masterTargetId
    ? read.view.masterTargets.find((target) => target.id.toLowerCase() === masterTargetId.toLowerCase())
    : undefined;
  const processServer = processServerId
    ? read.view.processServers.find((server) => server.id.toLowerCase() === processServerId.toLowerCase())
    : undefined;
  if (masterTargetId && !masterTarget) {
    failures.push({
      property: "masterTargetId",
      reason: `MT-05: configuration server ${fabricName} has no master target ${masterTargetId}; use the masterTargetId output of a MasterTarget resource (known: ${read.view.masterTargets.map((target) => `${target.facts.name}=${target.id}`).join(", ") || "none"})`,
    });
  }
  if (processServerId && !processServer) {
    failures.push({
      property: "processServerId",
      reason: `PS-03: configuration server ${fabricName} has no registered process server ${processServerId}; use the processServerId output of a ProcessServer resource, or wait for its registration`,
    });
  }
  if (runAs && !read.view.runAsAccounts.some((account) => account.name === runAs)) {
    failures.push({
      property: "runAsAccountName",
      reason: `runAsAccountName: configuration server ${fabricName} has no run-as account ${runAs}; choose one of (${read.view.runAsAccounts.map((account) => account.name).join(", ") || "none"})`,
    });
  }
  return {
    facts: read.facts,
    names: {
      ...(masterTarget ? { masterTargetName: masterTarget.facts.name } : {}),
      ...(processServer ? { processServerName: processServer.name } : {}),
    },
    view: read.view,
    failures,
  };
}

function missingFabric(fabricName: string): pulumi.dynamic.CheckFailure {
  return {
    property: "fabricName",
    reason: `fabricName: the vault has no replication fabric ${fabricName}; use the fabric name of the configuration server or Hyper-V site`,
  };
}

/** Re-runs the rules over fresh reads: the site may have changed since preview. */
export async function validateLive(inputs: ReprotectionPolicyInputs): Promise<void> {
  const site = await getLiveSite();
  site.clear();
  const raw = inputs as unknown as Record<string, unknown>;
  const live = await readReprotectionSite(site, raw, serviceNow);
  const blocking = reprotectionFindings(raw, live.facts, live.names).filter(
    (entry) => entry.severity === "block",
  );
  const messages = [
    ...live.failures.map((failure) => failure.reason),
    ...blocking.map((entry) => entry.message),
  ];
  if (messages.length > 0) throw new PrerequisiteError(blocking, messages.join("\n"));
}
