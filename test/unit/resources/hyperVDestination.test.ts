import assert from "node:assert/strict";
import type { Fabric, ReplicationProtectedItem } from "@azure/arm-recoveryservices-siterecovery";
import type { AsrClient } from "../../../provider/client";
import { alternateRecoveryProviderOf } from "../../../provider/resources/failbackPlan/hyperVDestination";
import { FailbackPlanArgs } from "../../../provider/resources/failbackPlan/schema";

const VAULT =
  "/Subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-dr/providers/Microsoft.RecoveryServices/vaults/vault-dr";
const item: ReplicationProtectedItem = {
  id: `${VAULT}/replicationFabrics/hyperv-site-contoso/replicationProtectionContainers/cloud/replicationProtectedItems/hv-file-1`,
  name: "hv-file-1",
};

/** A client whose only fabric is a Hyper-V site with hosts hv01 and hv02. */
const client = {
  getFabric: async (name: string): Promise<Fabric | undefined> =>
    name === "hyperv-site-contoso"
      ? {
          name,
          properties: {
            customDetails: {
              instanceType: "HyperVSite",
              hyperVHosts: [
                { id: "provider-hv01", name: "hv01" },
                { id: "provider-hv02", name: "HV02" },
              ],
            },
          },
        }
      : undefined,
} as unknown as AsrClient;

function plan(hyperV: Record<string, unknown>) {
  return FailbackPlanArgs.parse({ flavor: "hyperv", items: ["hv-file-1"], targetStage: "committed", hyperV });
}

describe("the alternate host of a Hyper-V failback (HV-06)", () => {
  it("sends the provider registered for the host the plan names", async () => {
    assert.equal(
      await alternateRecoveryProviderOf(client, plan({ alternateHostName: "hv02" }), [item]),
      "provider-hv02",
    );
  });

  it("keeps a provider ID the plan gives, and sends none when the plan names no host", async () => {
    assert.equal(
      await alternateRecoveryProviderOf(
        client,
        plan({ alternateHostName: "hv02", providerIdForAlternateRecovery: "given" }),
        [item],
      ),
      undefined,
    );
    assert.equal(await alternateRecoveryProviderOf(client, plan({}), [item]), undefined);
  });

  it("refuses a host the site does not list, with HV-06 and the property", async () => {
    await assert.rejects(
      alternateRecoveryProviderOf(client, plan({ alternateHostName: "hv09" }), [item]),
      /^StageError: HV-06: alternate host hv09 is not registered with the Hyper-V site.*hyperV\.alternateHostName/,
    );
  });
});
