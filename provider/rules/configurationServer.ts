/**
 * Configuration server rule (CS-01).
 */
import { finding, isVmwareSite, itemsOfFlavor } from "./support";
import type { Finding, Rule } from "./types";

/** CS-01: an on-premises configuration server, with every VM in its database, at its original IP. */
export const cs01: Rule = {
  id: "CS-01",
  area: "configurationServer",
  severity: "block",
  title:
    "A configuration server is on premises during failback, every VM is in its database, and after a disaster it is restored with the same IP.",
  appliesTo: { flavors: ["vmware", "physical"], resources: ["reprotection", "failbackPlan"] },
  check(context) {
    if (!isVmwareSite(context)) return [];
    const server = context.site?.configurationServer;
    const findings: Finding[] = [];
    const object = `configuration server ${server?.name ?? "(unnamed)"}`;
    if (server?.present === false) {
      return [
        finding("CS-01", {
          severity: "block",
          object: "the on-premises site",
          cause: "has no configuration server",
          fix: "restore the configuration server from backup with its original IP address before failback",
        }),
      ];
    }
    if (
      server?.ipAddress !== undefined &&
      server.originalIpAddress !== undefined &&
      server.ipAddress !== server.originalIpAddress
    ) {
      findings.push(
        finding("CS-01", {
          severity: "block",
          object,
          cause: `has IP ${server.ipAddress}, not its original ${server.originalIpAddress}`,
          fix: `give it back IP ${server.originalIpAddress} (restore it with the same IP address)`,
        }),
      );
    }
    for (const item of itemsOfFlavor(context, ["vmware", "physical"])) {
      if (item.inConfigurationServerDatabase !== false) continue;
      findings.push(
        finding("CS-01", {
          severity: "block",
          object: `vm ${item.name}`,
          cause: `is missing from the database of ${object}`,
          fix: "restore the configuration server from a backup that holds the vm (schedule regular backups)",
        }),
      );
    }
    return findings;
  },
};

/** The configuration server rules in catalogue order. */
export const configurationServerRules: readonly Rule[] = [cs01];
