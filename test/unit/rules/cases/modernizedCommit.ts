import type { AreaCases } from "../fixtures";
import { APP2_ID, everyItem, failedBackItem, replicatingBack } from "../modernizedFixtures";

/** Cases of the commit, reprotect-to-Azure and network rules (MR-29..MR-34). */
export const modernizedCommitCases: AreaCases = {
  area: "modernized",
  breaking: [
    {
      id: "MR-29",
      when: "the failed-back items are about to be committed",
      base: "modernized",
      mutate: (c) => {
        everyItem(c, failedBackItem);
        c.operation = { kind: "commit" };
      },
      object: "vm vm-app-1",
      fix: "a committed failback cannot be cancelled",
    },
    {
      id: "MR-30",
      when: "reprotect to Azure lacks a policy",
      base: "modernized",
      mutate: (c) => {
        c.inputs!.failbackPlan!.targetStage = "protectedToAzure";
        delete c.inputs!.modernized!.reprotectToAzure!.policyId;
      },
      object: "reprotect to Azure of fb-app",
      fix: "set modernized.reprotectToAzure.policyId",
      propertyPath: "modernized.reprotectToAzure.policyId",
    },
    {
      id: "MR-30",
      when: "the process server is not in the fabric",
      base: "modernized",
      mutate: (c) => {
        c.inputs!.failbackPlan!.targetStage = "protectedToAzure";
        c.inputs!.modernized!.reprotectToAzure!.processServerId = "app-09";
      },
      object: "process server app-09",
      fix: "choose the process server of a registered appliance",
      propertyPath: "modernized.reprotectToAzure.processServerId",
    },
    {
      id: "MR-30",
      when: "the process server is Critical",
      base: "modernized",
      mutate: (c) => {
        c.inputs!.failbackPlan!.targetStage = "protectedToAzure";
        c.inputs!.modernized!.reprotectToAzure!.processServerId = APP2_ID;
        c.site!.replicationAppliances![1]!.components![0]!.health = "Critical";
      },
      object: "process server app-02",
      fix: "choose another one for reprotect to Azure",
    },
    {
      id: "MR-30",
      when: "the run-as account id is malformed",
      base: "modernized",
      mutate: (c) => {
        c.inputs!.failbackPlan!.targetStage = "protectedToAzure";
        c.inputs!.modernized!.reprotectToAzure!.runAsAccountId = "vcenter-admin";
      },
      object: "runAsAccountId vcenter-admin",
      fix: "runasaccounts/{id} ARM ID",
      propertyPath: "modernized.reprotectToAzure.runAsAccountId",
    },
    {
      id: "MR-31",
      when: "the appliance for reprotect to Azure cannot reach the machine's datastore",
      base: "modernized",
      mutate: (c) => {
        everyItem(c, failedBackItem);
        c.inputs!.failbackPlan!.targetStage = "protectedToAzure";
        c.inputs!.modernized!.reprotectToAzure!.processServerId = APP2_ID;
      },
      object: "appliance app-02",
      fix: "choose an appliance that reaches ds-01",
    },
    {
      id: "MR-32",
      when: "reprotect to Azure is about to run before the planned failover",
      base: "modernized",
      mutate: (c) => {
        everyItem(c, (item) => replicatingBack(item));
        c.operation = { kind: "reprotectToAzure" };
      },
      object: "vm vm-app-1",
      fix: "run the planned failover first",
    },
    {
      id: "MR-33",
      when: "connectivity was read for a modernized failback",
      base: "modernized",
      mutate: (c) => {
        c.site!.connectivity = { vpnConnections: [], expressRouteCircuits: [] };
      },
      object: "the site",
      fix: "the classic network checks NET-01..NET-06 are skipped",
    },
    {
      id: "MR-34",
      when: "a VPN connects the site but the vault has no private endpoints (inferred)",
      base: "modernized",
      mutate: (c) => {
        c.site!.connectivity = {
          vpnConnections: [{ name: "s2s-onprem", status: "Connected" }],
          expressRouteCircuits: [],
        };
      },
      object: "the vault",
      fix: "enable private endpoints before replicating over the VPN",
    },
    {
      id: "MR-34",
      when: "reprotect is about to run",
      base: "modernized",
      mutate: (c) => {
        c.operation = { kind: "reprotect" };
      },
      object: "the appliance and the azure vms",
      fix: "allow their outbound access",
      severity: "info",
    },
  ],
  healthy: [
    {
      id: "MR-29",
      when: "nothing is committed",
      base: "modernized",
      mutate: (c) => {
        everyItem(c, failedBackItem);
      },
    },
    {
      id: "MR-30",
      when: "reprotect to Azure has a healthy registered process server and the forward policy",
      base: "modernized",
      mutate: (c) => {
        c.inputs!.failbackPlan!.targetStage = "protectedToAzure";
      },
    },
    {
      id: "MR-31",
      when: "the appliance reaches the machine's datastore",
      base: "modernized",
      mutate: (c) => {
        everyItem(c, failedBackItem);
        c.inputs!.failbackPlan!.targetStage = "protectedToAzure";
      },
    },
    {
      id: "MR-32",
      when: "every item failed back and allows SwitchProtection",
      base: "modernized",
      mutate: (c) => {
        everyItem(c, failedBackItem);
        c.operation = { kind: "reprotectToAzure" };
      },
    },
    { id: "MR-33", when: "no connectivity was read", base: "modernized" },
    {
      id: "MR-33",
      when: "the site is classic",
      mutate: () => {},
    },
    {
      id: "MR-34",
      when: "the vault has private endpoints for the VPN",
      base: "modernized",
      mutate: (c) => {
        c.site!.connectivity = {
          vpnConnections: [{ name: "s2s-onprem", status: "Connected" }],
          expressRouteCircuits: [],
        };
        c.site!.vaultPrivateEndpointState = "Enabled";
      },
    },
  ],
};
