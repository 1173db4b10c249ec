/**
 * Fabrics: the VMware configuration server's fabric (process servers, master targets, run-as
 * accounts), the Hyper-V site's fabric and the modernized site's InMageRcm fabric (replication
 * appliances).
 */
import { AsrErrorCodes, FabricIdCodec } from "asr-contract";
import { Errors } from "../../errors";
import { guidFrom } from "../../model/ids";
import type { Scenario } from "../../model/scenario";
import {
  datastoresVisibleTo,
  masterTargetHealthErrors,
  masterTargetId,
  registeredProcessServers,
} from "../../model/site";
import { applianceContainer, hyperVContainer, vmwareContainer, type WorldState } from "../../model/world";
import { collectionRoutes } from "../collection";
import type { EmulatorRequest } from "../context";
import type { Route } from "../router";
import { inMageRcmFabricDetails } from "./appliances";
import { FABRIC, GB, healthErrorJson, iso, MINUTE_MS, same, VAULT, vaultScope } from "./common";

/** Fabric names the scenario holds (VMware configuration server, Hyper-V site, appliance site). */
export function fabricNames(scenario: Scenario): string[] {
  return [
    vmwareContainer(scenario)?.fabricName,
    hyperVContainer(scenario)?.fabricName,
    applianceContainer(scenario)?.fabricName,
  ].filter((name): name is string => name !== undefined);
}

/** The fabric the path names, in the scenario's spelling. */
export function requireFabric(request: EmulatorRequest): string {
  const fabric = fabricNames(request.services.store.state.scenario).find((name) =>
    same(name, request.params["fabricName"]!),
  );
  if (!fabric) throw Errors.asrObjectNotFound("fabric", request.params["fabricName"]!);
  return fabric;
}

/** A fabric. */
export function fabricJson(world: WorldState, fabricName: string, nowMs: number) {
  const scenario = world.scenario;
  const scope = vaultScope(scenario);
  const id = FabricIdCodec.format({ ...scope, fabricName });
  const base = {
    id,
    name: fabricName,
    type: "Microsoft.RecoveryServices/vaults/replicationFabrics",
    location: scenario.location,
  };
  const common = {
    friendlyName: fabricName,
    encryptionDetails: { kekState: "None" },
    rolloverEncryptionDetails: { kekState: "None" },
    internalIdentifier: guidFrom("fabric", fabricName),
    bcdrState: "Valid",
  };
  const server = scenario.configurationServer;
  if (server && server.fabricName === fabricName) {
    const processServers = registeredProcessServers(world, nowMs).map((processServer) => ({
      friendlyName: processServer.friendlyName,
      id: processServer.id,
      ipAddress: processServer.ipAddress,
      osType: "Windows",
      agentVersion: server.agentVersion,
      lastHeartbeat: iso(processServer.lastHeartbeatMs),
      versionStatus: "Latest",
      machineCount: String(scenario.protectedItems.filter((item) => item.kind !== "HyperVVm").length),
      replicationPairCount: "0",
      systemLoad: "1",
      systemLoadStatus: "Healthy",
      cpuLoad: "10",
      cpuLoadStatus: "Healthy",
      totalMemoryInBytes: 16 * GB,
      availableMemoryInBytes: 10 * GB,
      memoryUsageStatus: "Healthy",
      totalSpaceInBytes: 600 * GB,
      availableSpaceInBytes: 400 * GB,
      spaceUsageStatus: "Healthy",
      psServiceStatus: "Running",
      healthErrors: [],
      health: "Normal",
    }));
    const masterTargetServers = scenario.masterTargets.map((target) => ({
      id: masterTargetId(target),
      ipAddress: target.ipAddress,
      name: target.name,
      osType: target.os,
      agentVersion: target.agentVersion,
      lastHeartbeat: iso(Date.parse(scenario.startTime) - target.heartbeatMinutesAgo * MINUTE_MS),
      versionStatus: "Latest",
      diskCount: target.diskCount,
      retentionVolumes: target.retentionVolumes.map((volume) => ({
        volumeName: volume.name,
        capacityInBytes: Math.round(volume.capacityInGb * GB),
        freeSpaceInBytes: Math.round(volume.freeInGb * GB),
        thresholdPercentage: volume.thresholdPercentage,
      })),
      dataStores: datastoresVisibleTo(scenario, target).map((datastore) => ({
        symbolicName: datastore.name,
        uuid: guidFrom("datastore", datastore.name),
        capacity: String(Math.round(datastore.capacityInGb * GB)),
        freeSpace: String(Math.round(datastore.freeInGb * GB)),
        type: datastore.type,
      })),
      validationErrors: [],
      healthErrors: masterTargetHealthErrors(scenario, target, nowMs),
      osVersion: target.os === "Windows" ? "Windows Server 2016" : "Ubuntu 18.04",
    }));
    const heartbeatMs = Date.parse(scenario.startTime) - server.heartbeatMinutesAgo * MINUTE_MS;
    return {
      ...base,
      properties: {
        ...common,
        customDetails: {
          instanceType: "VMware",
          processServers,
          masterTargetServers,
          runAsAccounts: server.runAsAccounts.map((account) => ({
            accountId: account.id,
            accountName: account.name,
          })),
          replicationPairCount: "0",
          processServerCount: String(processServers.length),
          agentCount: String(scenario.protectedItems.filter((item) => item.kind !== "HyperVVm").length),
          protectedServers: String(scenario.protectedItems.filter((item) => item.kind !== "HyperVVm").length),
          csServiceStatus: server.serviceRunning ? "Running" : "Stopped",
          ipAddress: server.ipAddress,
          agentVersion: server.agentVersion,
          hostName: server.hostName,
          lastHeartbeat: iso(heartbeatMs),
          versionStatus: "Latest",
          totalMemoryInBytes: 32 * GB,
          availableMemoryInBytes: 20 * GB,
          totalSpaceInBytes: 1000 * GB,
          availableSpaceInBytes: 600 * GB,
        },
        healthErrorDetails: [],
        health: server.serviceRunning ? "Normal" : "Critical",
      },
    };
  }
  const applianceSite = scenario.applianceSite;
  if (applianceSite && applianceSite.fabricName === fabricName) {
    return {
      ...base,
      properties: {
        ...common,
        customDetails: inMageRcmFabricDetails(world, nowMs),
        healthErrorDetails: [],
        health: applianceSite.health,
      },
    };
  }
  const site = scenario.hyperV;
  if (site && site.fabricName === fabricName) {
    const errors = site.connected
      ? []
      : [
          healthErrorJson(
            {
              code: AsrErrorCodes.hyperVHostNotConnected,
              message: `The Hyper-V site ${fabricName} is not connected to Site Recovery.`,
              recommendedAction: "Check the Site Recovery provider on the Hyper-V host or VMM server.",
            },
            fabricName,
            nowMs,
          ),
        ];
    return {
      ...base,
      properties: {
        ...common,
        customDetails: {
          instanceType: "HyperVSite",
          hyperVHosts: site.hosts.map((host) => ({
            id: guidFrom("hyperv-host", host.name),
            name: host.name,
            marsAgentVersion: "2.0.9249.0",
          })),
        },
        healthErrorDetails: errors,
        health: site.connected ? "Normal" : "Critical",
      },
    };
  }
  return undefined;
}

/** The fabric routes. */
export const fabricRoutes: Route[] = collectionRoutes<string>({
  listings: [
    {
      pattern: `${VAULT}/replicationFabrics`,
      operation: "ReplicationFabrics_List",
      entities: (request) => fabricNames(request.services.store.state.scenario),
    },
  ],
  get: { pattern: FABRIC, operation: "ReplicationFabrics_Get", find: requireFabric },
  toJson: (request, fabricName, nowMs) => fabricJson(request.services.store.state, fabricName, nowMs),
});
