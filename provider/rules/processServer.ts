/**
 * Process server rules (PS-01..PS-04).
 */
import { declaredFlavor, finding, isMidFailback, itemsInScope, plural } from "./support";
import type { Finding, ProtectedItemFacts, Rule } from "./types";

/** Minutes a new process server may take to show up under its configuration server (PS-03). */
export const PROCESS_SERVER_REGISTRATION_MINUTES = 15;

/** Minutes without a heartbeat after which a process server counts as not running (PS-02). */
export const PROCESS_SERVER_HEARTBEAT_LIMIT_MINUTES = 15;

/** PS-01: only VMware VMs and physical servers need a process server. */
export const ps01: Rule = {
  id: "PS-01",
  area: "processServer",
  severity: "warn",
  title: "A process server is needed only for VMware VMs and physical servers; Hyper-V failback needs none.",
  appliesTo: { flavors: ["hyperv"], resources: ["processServer"] },
  check(context) {
    const processServer = context.inputs?.processServer;
    if (declaredFlavor(context) !== "hyperv" || processServer === undefined) return [];
    return [
      finding("PS-01", {
        severity: "warn",
        object: `process server ${processServer.name ?? "(unnamed)"}`,
        cause: "is declared for a Hyper-V failback, which does not use one",
        fix: "remove it from the Hyper-V failback",
        propertyPath: "processServer",
      }),
    ];
  },
};

/**
 * Items that still depend on process server `name`: those between reprotect and commit that use
 * it (or whose process server is not reported, since it may be this one). The stage machine calls
 * this before deleting a process server.
 */
export function itemsDependingOnProcessServer(
  items: readonly ProtectedItemFacts[],
  name: string,
): ProtectedItemFacts[] {
  return items.filter(
    (item) =>
      isMidFailback(item) && (item.processServerName === undefined || item.processServerName === name),
  );
}

/** PS-02: the process server keeps running for the whole failback; delete it only afterwards. */
export const ps02: Rule = {
  id: "PS-02",
  area: "processServer",
  severity: "block",
  title:
    "The process server keeps running for the whole failback; it may be deleted once failback is complete.",
  appliesTo: { flavors: ["vmware", "physical"], resources: ["processServer", "reprotection"] },
  check(context) {
    const findings: Finding[] = [];
    const items = itemsInScope(context) ?? [];
    const operation = context.operation;
    if (operation?.kind === "deleteProcessServer") {
      const dependants = itemsDependingOnProcessServer(items, operation.processServerName);
      if (dependants.length > 0) {
        findings.push(
          finding("PS-02", {
            severity: "block",
            object: `process server ${operation.processServerName}`,
            cause: `is still needed by ${plural(dependants.length, "vm")} in failback (${dependants.map((item) => item.name).join(", ")})`,
            fix: "keep it running until failback is committed, then delete it",
          }),
        );
      }
    }
    const name = context.inputs?.reprotection?.processServerName ?? context.inputs?.processServer?.name;
    const server =
      name === undefined ? undefined : context.site?.processServers?.find((ps) => ps.name === name);
    if (server && name !== undefined && itemsDependingOnProcessServer(items, name).length > 0) {
      const age = server.heartbeatAgeInMinutes;
      if (age !== undefined && age > PROCESS_SERVER_HEARTBEAT_LIMIT_MINUTES) {
        findings.push(
          finding("PS-02", {
            severity: "block",
            object: `process server ${server.name}`,
            cause: `has sent no heartbeat for ${plural(Math.round(age), "minute")} while vms are in failback`,
            fix: "start the process server and check its services before continuing",
          }),
        );
      }
    }
    return findings;
  },
};

/** PS-03: a new process server shows up registered only after about 10-15 minutes. */
export const ps03: Rule = {
  id: "PS-03",
  area: "processServer",
  severity: "warn",
  title: "A new process server shows up registered under its configuration server after about 10-15 minutes.",
  appliesTo: { flavors: ["vmware", "physical"], resources: ["processServer"] },
  check(context) {
    const name = context.inputs?.processServer?.name;
    const registered = context.site?.processServers;
    if (name === undefined || registered === undefined || registered.some((server) => server.name === name)) {
      return [];
    }
    const age = context.site?.processServerDeploymentAgeInMinutes;
    const object = `process server ${name}`;
    if (age !== undefined && age > PROCESS_SERVER_REGISTRATION_MINUTES) {
      return [
        finding("PS-03", {
          severity: "warn",
          object,
          cause: `is not registered with the configuration server ${plural(Math.round(age), "minute")} after deployment`,
          fix: "check its connection to the configuration server and the configuration server passphrase",
        }),
      ];
    }
    return [
      finding("PS-03", {
        severity: "info",
        object,
        cause: "is not registered with the configuration server yet",
        fix: `wait up to ${PROCESS_SERVER_REGISTRATION_MINUTES} minutes after deployment before reprotect`,
      }),
    ];
  },
};

/** PS-04: administrator credentials and the configuration server passphrase are secrets. */
export const ps04: Rule = {
  id: "PS-04",
  area: "processServer",
  severity: "warn",
  title: "The administrator credentials and the configuration server passphrase are secrets.",
  appliesTo: { flavors: ["vmware", "physical"], resources: ["processServer"] },
  check(context) {
    const processServer = context.inputs?.processServer;
    // Name the property only: the value must never reach a message.
    return (processServer?.secretInputs ?? [])
      .filter((input) => input.present && !input.isSecret)
      .map((input) =>
        finding("PS-04", {
          severity: "warn",
          object: `process server ${processServer?.name ?? "(unnamed)"}`,
          cause: `has ${input.propertyPath} in plain text`,
          fix: `pass ${input.propertyPath} as a secret (pulumi.secret or config --secret)`,
          propertyPath: input.propertyPath,
        }),
      );
  },
};

/** The process server rules in catalogue order. */
export const processServerRules: readonly Rule[] = [ps01, ps02, ps03, ps04];
