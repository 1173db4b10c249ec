import * as assert from "node:assert/strict";
import type { Fabric, ReplicationProtectedItem } from "@azure/arm-recoveryservices-siterecovery";
import { replicationApplianceFindings } from "../../../provider/resources/replicationAppliance";
import { type ApplianceSite, type LiveSite, readApplianceSite, worstHealth } from "../../../provider/site";

const now = new Date("2021-08-26T14:00:00Z");
const FABRIC =
  "/Subscriptions/0/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v/replicationFabrics/rcm-fabric";
const HEALTHY = "0c7a4d6e-1111-4222-8333-444455556666";
const SICK = "7d30ec24-f20e-4c17-8dfd-d7ccb444b072";

const entry = (id: string, name: string, extra: Record<string, unknown> = {}) => ({
  id,
  name,
  lastHeartbeatUtc: "2021-08-26T13:58:00Z",
  health: "Normal",
  healthErrors: [],
  ...extra,
});

const fabric = {
  id: FABRIC,
  name: "rcm-fabric",
  properties: {
    friendlyName: "rcm-fabric",
    health: "Normal",
    customDetails: {
      instanceType: "InMageRcm",
      processServers: [entry(HEALTHY, "app-01"), entry(SICK, "app-02")],
      reprotectAgents: [
        entry(HEALTHY, "app-01", { accessibleDatastores: ["ds-1", "ds-2"] }),
        entry(SICK, "app-02", {
          health: "Critical",
          lastHeartbeatUtc: "2021-08-26T12:00:00Z",
          healthErrors: [{ errorCode: "ReprotectAgentHeartbeatMissing" }],
          accessibleDatastores: ["ds-1"],
        }),
      ],
    },
  },
} as unknown as Fabric;

/** An item already replicating back through app-01 with `disks` disks. */
const failbackItem = (name: string, disks: number) =>
  ({
    id: `${FABRIC}/replicationProtectionContainers/c/replicationProtectedItems/${name}`,
    name,
    properties: {
      friendlyName: name,
      protectionState: "Protected",
      activeLocation: "Primary",
      providerSpecificDetails: {
        instanceType: "InMageRcmFailback",
        reprotectAgentId: HEALTHY,
        protectedDisks: Array.from({ length: disks }, (_, index) => ({ diskId: `d${index}` })),
      },
    },
  }) as unknown as ReplicationProtectedItem;

function liveSite(fabrics: Fabric[], items: ReplicationProtectedItem[] = []): LiveSite {
  return {
    fabrics: async () => fabrics,
    containers: async () => [{ name: "c" }],
    protectedItems: async () => items,
  } as unknown as LiveSite;
}

async function site(name: string, items: ReplicationProtectedItem[] = []): Promise<ApplianceSite> {
  const read = await readApplianceSite(liveSite([fabric], items), undefined, name, () => now);
  assert.ok(!("missing" in read), "the site reads");
  return read;
}

describe("ReplicationAppliance", () => {
  it("finds the appliance by name in the only InMageRcm fabric and reports its components", async () => {
    const read = await site("APP-01", [failbackItem("vm-1", 3)]);
    assert.equal(read.fabricName, "rcm-fabric");
    assert.equal(read.appliance?.id, HEALTHY);
    assert.deepEqual(
      read.components.map((component) => component.kind),
      ["processServer", "reprotectAgent"],
    );
    assert.equal(worstHealth(read.components), "Normal");
    assert.equal(read.appliance?.servedDiskCount, 3);
  });

  it("a healthy appliance reaching the datastore passes MR-02..MR-07", async () => {
    const findings = replicationApplianceFindings(
      { applianceName: "app-01", datastoreName: "ds-2" },
      await site("app-01"),
    );
    assert.deepEqual(
      findings.filter((finding) => finding.severity === "block"),
      [],
    );
  });

  it("MR-02 blocks an appliance whose reprotect agent is Critical", async () => {
    const read = await site("app-02");
    assert.equal(worstHealth(read.components), "Critical");
    const blocking = replicationApplianceFindings({ applianceName: "app-02" }, read).filter(
      (finding) => finding.severity === "block",
    );
    assert.equal(blocking.length, 1);
    assert.match(blocking[0]!.message, /^MR-02: appliance app-02 reprotect agent health is Critical/);
  });

  it("MR-04 blocks a datastore the appliance cannot reach, on datastoreName", async () => {
    const blocking = replicationApplianceFindings(
      { applianceName: "app-01", datastoreName: "ds-9" },
      await site("app-01"),
    ).filter((finding) => finding.severity === "block");
    assert.equal(blocking.length, 1);
    assert.match(
      blocking[0]!.message,
      /^MR-04: datastore ds-9 is not accessible to appliance app-01 \(accessible: ds-1, ds-2\)/,
    );
    assert.equal(blocking[0]!.propertyPath, "modernized.datastoreName");
  });

  it("MR-05 blocks an appliance past 60 failback disks", async () => {
    const blocking = replicationApplianceFindings(
      { applianceName: "app-01" },
      await site("app-01", [failbackItem("vm-1", 40), failbackItem("vm-2", 24)]),
    ).filter((finding) => finding.severity === "block");
    assert.equal(blocking.length, 1);
    assert.match(blocking[0]!.message, /^MR-05: appliance app-01 would serve 64 failback disks \(limit 60\)/);
  });

  it("names the missing fabric instead of reading nothing", async () => {
    const named = await readApplianceSite(liveSite([fabric]), "other", "app-01", () => now);
    assert.ok("missing" in named);
    assert.match(
      named.missing,
      /no InMageRcm \(replication appliance\) fabric other \(InMageRcm fabrics: rcm-fabric\)/,
    );
    const none = await readApplianceSite(liveSite([]), undefined, "app-01", () => now);
    assert.ok("missing" in none);
    assert.match(none.missing, /register a replication appliance with the vault first/);
  });

  it("an unregistered appliance is absent, for create to wait on", async () => {
    const read = await site("app-09");
    assert.equal(read.appliance, undefined);
    assert.deepEqual(read.components, []);
  });
});
