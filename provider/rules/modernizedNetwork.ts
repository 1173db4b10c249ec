/**
 * Modernized failback, network rules (MR-33, MR-34). Reverse replication needs no site-to-site
 * VPN or ExpressRoute, so the classic NET-01..NET-06 do not run for modernized items (the engine
 * skips them by path); what remains is reaching Site Recovery and Azure storage.
 */
import { modernizedPathApplies, modernizedScope } from "./modernizedSupport";
import { finding, operationIs } from "./support";
import type { Finding, Rule } from "./types";

/** MR-33 (info): no VPN or ExpressRoute needed; the classic network checks are skipped. */
export const mr33: Rule = {
  id: "MR-33",
  area: "modernized",
  severity: "info",
  title:
    "No site-to-site VPN or ExpressRoute is required for reverse replication and no extra ports; NET-01..NET-06 do not apply to modernized items.",
  appliesTo: modernizedScope(["failbackPlan"]),
  check(context) {
    // Said only when connectivity was read for the classic checks, to explain their silence.
    if (context.site?.connectivity === undefined || !modernizedPathApplies(context)) return [];
    return [
      finding("MR-33", {
        severity: "info",
        object: "the site",
        cause: "needs no site-to-site VPN or ExpressRoute for modernized failback",
        fix: "the classic network checks NET-01..NET-06 are skipped; the appliance needs no extra ports",
      }),
    ];
  },
};

/** MR-34: replication rides public endpoints or Microsoft peering; over a VPN only with private endpoints. */
export const mr34: Rule = {
  id: "MR-34",
  area: "modernized",
  severity: "warn",
  title:
    "Replication data goes to Azure storage over the internet or ExpressRoute Microsoft peering, over a site-to-site VPN only with private endpoints; the appliance and the Azure VMs must reach the Site Recovery URLs.",
  appliesTo: modernizedScope(["failbackPlan"]),
  check(context) {
    if (!modernizedPathApplies(context)) return [];
    const findings: Finding[] = [];
    const vpn = context.site?.connectivity?.vpnConnections?.find(
      (connection) => connection.status === "Connected",
    );
    const privateEndpoints = context.site?.vaultPrivateEndpointState;
    if (vpn && privateEndpoints !== undefined && privateEndpoints !== "Enabled") {
      // Inferred: whether replication rides this VPN is not visible, so it only warns.
      findings.push(
        finding("MR-34", {
          severity: "warn",
          object: "the vault",
          cause: `has no private endpoints for Site Recovery (${privateEndpoints}) while VPN ${vpn.name} connects the site`,
          fix: "replicate over the internet or ExpressRoute Microsoft peering, or enable private endpoints before replicating over the VPN",
        }),
      );
    }
    if (operationIs(context, "reprotect") || operationIs(context, "reprotectToAzure")) {
      findings.push(
        finding("MR-34", {
          severity: "info",
          object: "the appliance and the azure vms",
          cause: "must reach the Site Recovery URLs and Azure storage",
          fix: "allow their outbound access before the reprotect",
        }),
      );
    }
    return findings;
  },
};

/** The network rules in catalogue order. */
export const modernizedNetworkRules: readonly Rule[] = [mr33, mr34];
