import * as pulumi from "@pulumi/pulumi";
import { FailbackPlan, ReprotectionPolicy } from "pulumi-asr-failback";

const config = new pulumi.Config();
const items = ["hv-file-1", "hv-print-1"];
const destination = { alternateHostName: "hv01", virtualSwitchName: "vSwitch-LAN" };
const certificate = config.requireSecret("certificate");

const policy = new ReprotectionPolicy("hyperv-policy", {
  flavor: "hyperv",
  fabricName: "hyperv-site-contoso",
  policyName: "policy-hyperv-review",
  recoveryLocation: "alternate",
  protectedItemNames: items,
  // "nested": the certificate inside hyperV, as older programs give it; else the top-level property.
  hyperV: {
    ...destination,
    createVmIfNotFound: true,
    encryptionEnabled: true,
    ...(config.get("certificatePlacement") === "nested" ? { encryptionCertificate: certificate } : {}),
  },
  ...(config.get("certificatePlacement") === "nested" ? {} : { hyperVEncryptionCertificate: certificate }),
});

// "planPerVm": one plan per VM, as a site's failback is declared in several plans.
const planItems = config.getBoolean("planPerVm") ? items.map((item) => [item]) : [items];
const [plan] = planItems.map(
  (vms, index) =>
    new FailbackPlan(index === 0 ? "hyperv-plan" : `hyperv-plan-${index + 1}`, {
      flavor: "hyperv",
      items: vms,
      targetStage: "failedOver",
      hyperV: { ...destination, createVmIfNotFound: true },
    }),
);

export const policyId = policy.policyId;
export const stage = plan!.stage;
