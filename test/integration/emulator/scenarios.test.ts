/** Bundled scenarios load, and site facts without ARM fields surface as the shared health codes. */
import assert from "node:assert/strict";
import { SiteHealthCodes } from "asr-contract";
import { bundledScenarioPath, type RunningEmulator, startEmulator } from "asr-emulator";
import { clientFor } from "./support";

describe("bundled scenario vmware-broken", () => {
  let emulator: RunningEmulator;
  before(async () => {
    emulator = await startEmulator({ scenarioFile: bundledScenarioPath("vmware-broken") });
  });
  after(() => emulator.close());

  type MasterTarget = {
    name: string;
    dataStores: unknown[];
    healthErrors: { errorCode: string; errorMessage: string }[];
  };

  it("reports master target facts through SiteHealthCodes", async () => {
    const fabric = await clientFor(emulator).getFabric("cs-contoso");
    const [windows, linux] = (fabric!.properties!.customDetails as { masterTargetServers: MasterTarget[] })
      .masterTargetServers;
    const codes = (target: MasterTarget) => target.healthErrors.map((error) => error.errorCode);
    assert.ok(codes(windows!).includes(SiteHealthCodes.masterTargetHasSnapshots));
    assert.equal(
      windows!.healthErrors.find((error) => error.errorCode === SiteHealthCodes.masterTargetHasSnapshots)
        ?.errorMessage,
      "2",
    );
    assert.ok(codes(windows!).includes(SiteHealthCodes.vCenterAccountReadOnly));
    assert.deepEqual(windows!.dataStores, [], "a read-only vCenter account discovers no datastores");
    assert.ok(codes(linux!).includes(SiteHealthCodes.masterTargetParavirtualController));
    assert.ok(codes(linux!).includes(SiteHealthCodes.esxiFreeEdition));
  });

  it("shows the broken network path", async () => {
    const client = clientFor(emulator);
    assert.equal((await client.getConnection("rg-dr", "s2s-contoso"))?.connectionStatus, "NotConnected");
    const peerings = await client.listExpressRouteCircuitPeerings("rg-dr", "er-contoso");
    assert.equal(peerings.find((peering) => peering.name === "AzurePrivatePeering")?.state, "Disabled");
    const result = await client.checkConnectivity({
      networkWatcherResourceGroup: "NetworkWatcherRG",
      networkWatcherName: "NetworkWatcher_westeurope",
      sourceVmId: `/subscriptions/${emulator.subscriptionId}/resourceGroups/rg-dr/providers/Microsoft.Compute/virtualMachines/vm-web-1`,
      destinationAddress: "192.168.10.5",
      destinationPort: 443,
    });
    assert.equal(result.connectionStatus, "Disconnected");
  });
});
