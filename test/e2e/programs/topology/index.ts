import * as pulumi from "@pulumi/pulumi";
import { MasterTarget, ProcessServer, ReprotectionPolicy } from "pulumi-asr-failback";

const config = new pulumi.Config();
const network =
  "/subscriptions/6f1c2d7e-3b4a-4c5d-8e9f-0a1b2c3d4e5f/resourceGroups/rg-dr/providers/Microsoft.Network/virtualNetworks/vnet-recovery";

const processServer = new ProcessServer("ps", {
  fabricName: "cs-contoso",
  processServerName: "ps-azure-01",
  resourceGroup: "rg-dr",
  location: "westeurope",
  virtualNetworkId: network,
  subnetName: "snet-infra",
  staticIpAddress: config.get("staticIpAddress") ?? "10.50.2.10",
  adminUsername: "asradmin",
  // Set only to see how an on-premises process server that is not adopted is refused (NET-04).
  ...(config.get("processServerPlacement") !== undefined
    ? { placement: config.require("processServerPlacement") as "azure" | "onPremises" }
    : {}),
  adminPassword: config.requireSecret("adminPassword"),
  configurationServerPassphrase: config.requireSecret("passphrase"),
});

const masterTarget = new MasterTarget("mt", {
  fabricName: "cs-contoso",
  masterTargetName: config.get("masterTargetName") ?? "mt-win-01",
  osType: (config.get("masterTargetOsType") ?? "windows") as "windows" | "linux",
  protectedItemNames: config.getObject<string[]>("masterTargetItems") ?? ["vm-web-1", "vm-web-2"],
});

const policy = new ReprotectionPolicy("policy", {
  fabricName: "cs-contoso",
  policyName: config.get("policyName") ?? "policy-failback",
  recoveryPointThresholdInMinutes: config.getNumber("rpo") ?? 15,
  // A literal ID (known in the first preview) judges the policy against that master target.
  masterTargetId: config.get("policyMasterTargetId") ?? masterTarget.masterTargetId,
  processServerId: processServer.processServerId,
  runAsAccountName: "vcenter-admin",
  retentionDrive: config.get("retentionDrive") ?? "E:",
  datastoreName: config.get("datastoreName") ?? "vmfs-gold",
  protectedItemNames: config.getObject<string[]>("policyItems") ?? ["vm-web-1", "vm-web-2"],
  // Set only to see how a misplaced secret certificate is reported (hyperV on a VMware policy).
  ...(config.get("hyperVCertificate") !== undefined
    ? { hyperV: { encryptionCertificate: config.requireSecret("hyperVCertificate") } }
    : {}),
});

export const processServerId = processServer.processServerId;
export const masterTargetId = masterTarget.masterTargetId;
export const policyId = policy.policyId;
export const mappingId = policy.mappingId;
