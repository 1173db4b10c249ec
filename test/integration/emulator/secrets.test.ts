/** The emulator neither keeps nor returns the secrets it is sent, as Azure never returns them. */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundledScenarioPath, type RunningEmulator, startEmulator } from "asr-emulator";
import { clientFor } from "./support";

const PASSWORD = "Emulator-Secret-Passw0rd!";
const CUSTOM_DATA = Buffer.from("passphrase=Emulator-Secret-Passphrase").toString("base64");

describe("emulator secrets", () => {
  let directory: string;
  let emulator: RunningEmulator;
  before(async () => {
    directory = mkdtempSync(join(tmpdir(), "asr-emulator-secrets-"));
    emulator = await startEmulator({
      scenarioFile: bundledScenarioPath("vmware-healthy"),
      stateDirectory: directory,
    });
    await clientFor(emulator).deployProcessServerVm(
      {
        resourceGroup: "rg-dr",
        name: "ps-azure-1",
        location: "westeurope",
        subnetId: `/subscriptions/${emulator.subscriptionId}/resourceGroups/rg-dr/providers/Microsoft.Network/virtualNetworks/vnet-recovery/subnets/snet-infra`,
        privateIpAddress: "10.50.2.10",
        vmSize: "Standard_D4s_v3",
        imageReference: {
          publisher: "microsoft-azure-siterecovery",
          offer: "process-server",
          sku: "windows-2012-r2-datacenter",
          version: "latest",
        },
        adminUsername: "azureadmin",
        adminPassword: PASSWORD,
      },
      { onPoll: () => emulator.advance(30) },
    );
  });
  after(async () => {
    await emulator.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it("answers a VM's GET without osProfile.adminPassword, keeping the rest of osProfile", async () => {
    const vm = await clientFor(emulator).getVirtualMachine("rg-dr", "ps-azure-1", { instanceView: true });
    const osProfile = (vm?.["properties"] as { osProfile?: Record<string, unknown> } | undefined)?.osProfile;
    assert.equal(osProfile?.["adminUsername"], "azureadmin");
    assert.ok(!("adminPassword" in (osProfile ?? {})));
    assert.ok(!JSON.stringify(vm).includes(PASSWORD));
  });

  it("answers a VM's PUT without the secrets it was sent", async () => {
    const path = `/subscriptions/${emulator.subscriptionId}/resourceGroups/rg-dr/providers/Microsoft.Compute/virtualMachines/ps-azure-1?api-version=2024-07-01`;
    const current = (await (
      await fetch(`${emulator.endpoint}${path}`, { headers: { authorization: `Bearer ${emulator.token}` } })
    ).json()) as { location: string; properties: Record<string, unknown> };
    const body = {
      location: current.location,
      properties: {
        ...current.properties,
        osProfile: {
          computerName: "ps-azure-1",
          adminUsername: "azureadmin",
          adminPassword: PASSWORD,
          customData: CUSTOM_DATA,
        },
      },
    };
    const response = await fetch(`${emulator.endpoint}${path}`, {
      method: "PUT",
      headers: { authorization: `Bearer ${emulator.token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    assert.equal(response.status, 200);
    const text = await response.text();
    assert.ok(!text.includes(PASSWORD) && !text.includes(CUSTOM_DATA), text);
  });

  it("keeps no secret in its state file", () => {
    const world = readFileSync(join(directory, "world.json"), "utf8");
    assert.ok(world.includes("ps-azure-1"), "the VM is persisted");
    assert.ok(!world.includes(PASSWORD));
    assert.ok(!world.includes(CUSTOM_DATA));
  });
});
