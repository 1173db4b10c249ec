/** vCenters of the VMware fabric. */
import { AsrErrorCodes, VCenterIdCodec } from "asr-contract";
import { Errors } from "../../errors";
import { guidFrom } from "../../model/ids";
import type { Scenario } from "../../model/scenario";
import { registeredProcessServers, vCenterHealthErrors } from "../../model/site";
import type { WorldState } from "../../model/world";
import { collectionRoutes } from "../collection";
import type { Route } from "../router";
import { FABRIC, healthErrorJson, iso, MINUTE_MS, same, VAULT, vaultScope } from "./common";
import { requireFabric } from "./fabrics";

type VCenter = Scenario["vCenters"][number];

/** A vCenter of the VMware fabric. */
export function vCenterJson(world: WorldState, fabricName: string, vCenter: VCenter, nowMs: number) {
  const scenario = world.scenario;
  const processServer = registeredProcessServers(world, nowMs).find(
    (server) => server.location === "OnPremises",
  );
  const errors: unknown[] = vCenterHealthErrors(scenario, vCenter.name, nowMs);
  if (!vCenter.connected) {
    errors.push(
      healthErrorJson(
        {
          code: AsrErrorCodes.vCenterNotConnected,
          message: `vCenter ${vCenter.name} is not connected to the configuration server.`,
          recommendedAction: "Check the vCenter's reachability and credentials.",
        },
        vCenter.name,
        nowMs,
      ),
    );
  }
  return {
    id: VCenterIdCodec.format({ ...vaultScope(scenario), fabricName, vCenterName: vCenter.name }),
    name: vCenter.name,
    type: "Microsoft.RecoveryServices/vaults/replicationFabrics/replicationvCenters",
    properties: {
      friendlyName: vCenter.name,
      internalId: guidFrom("vcenter", vCenter.name),
      lastHeartbeat: iso(
        vCenter.connected ? nowMs - MINUTE_MS : Date.parse(scenario.startTime) - 24 * 60 * MINUTE_MS,
      ),
      discoveryStatus: vCenter.connected ? "Completed" : "Failed",
      processServerId: processServer?.id,
      ipAddress: vCenter.ipAddress,
      infrastructureId: guidFrom("vcenter-infrastructure", vCenter.name),
      port: String(vCenter.port),
      runAsAccountId: vCenter.runAsAccountId,
      fabricArmResourceName: fabricName,
      healthErrors: errors,
    },
  };
}

/** The vCenter routes: a vCenter is listed with the fabric it belongs to. */
export const vCenterRoutes: Route[] = collectionRoutes<{ fabricName: string; vCenter: VCenter }>({
  listings: [
    {
      pattern: `${FABRIC}/replicationvCenters`,
      operation: "ReplicationvCenters_ListByReplicationFabrics",
      entities: (request) => {
        const fabricName = requireFabric(request);
        const { scenario } = request.services.store.state;
        const vCenters = scenario.configurationServer?.fabricName === fabricName ? scenario.vCenters : [];
        return vCenters.map((vCenter) => ({ fabricName, vCenter }));
      },
    },
    {
      pattern: `${VAULT}/replicationvCenters`,
      operation: "ReplicationvCenters_List",
      entities: (request) => {
        const { scenario } = request.services.store.state;
        const fabricName = scenario.configurationServer?.fabricName;
        return fabricName ? scenario.vCenters.map((vCenter) => ({ fabricName, vCenter })) : [];
      },
    },
  ],
  get: {
    pattern: `${FABRIC}/replicationvCenters/{vCenterName}`,
    operation: "ReplicationvCenters_Get",
    find: (request) => {
      const fabricName = requireFabric(request);
      const { scenario } = request.services.store.state;
      const vCenter =
        scenario.configurationServer?.fabricName === fabricName
          ? scenario.vCenters.find((candidate) => same(candidate.name, request.params["vCenterName"]!))
          : undefined;
      if (!vCenter) throw Errors.asrObjectNotFound("vCenter", request.params["vCenterName"]!);
      return { fabricName, vCenter };
    },
  },
  toJson: (request, { fabricName, vCenter }, nowMs) =>
    vCenterJson(request.services.store.state, fabricName, vCenter, nowMs),
});
