/**
 * What a ProcessServer's checks read from the live site: the query of the process server rules
 * (only parts whose inputs are known), the reachability of the configuration server, and the
 * failbacks that still use the process server (PS-02).
 */
import { serviceNow } from "../../client";
import { getAsrClient } from "../../config";
import { runRules } from "../../rules/catalogue";
import { DEFAULT_CONTROL_PORT, DEFAULT_DATA_PORT } from "../../rules/network";
import type { Finding, SiteFacts } from "../../rules/types";
import {
  getLiveSite,
  itemFacts,
  type LiveSite,
  type NetworkWatcherLocation,
  type ProcessServerSiteQuery,
  readFabricProtectedItems,
  readProcessServerSite,
} from "../../site";
import { known, knownNumber, knownString, knownStrings } from "../common";
import type { ProcessServerInputs } from "./schema";

/** The Network Watcher given, or the region's default one; undefined while not known. */
function networkWatcherOf(raw: Record<string, unknown>): NetworkWatcherLocation | undefined {
  const given = known(raw["networkWatcher"]) as { resourceGroup?: unknown; name?: unknown } | undefined;
  const resourceGroup = knownString(given?.resourceGroup);
  const name = knownString(given?.name);
  if (resourceGroup && name) return { resourceGroup, name };
  if (given !== undefined) return undefined;
  const location = knownString(raw["location"]);
  return location ? { resourceGroup: "NetworkWatcherRG", name: `NetworkWatcher_${location}` } : undefined;
}

/** The site query of raw inputs (unknowns included); undefined while the fabric is not known. */
export function processServerSiteQuery(raw: Record<string, unknown>): ProcessServerSiteQuery | undefined {
  const fabricName = knownString(raw["fabricName"]);
  if (!fabricName) return undefined;
  const virtualNetworkId = knownString(raw["virtualNetworkId"]);
  const vpnConnectionIds = knownStrings(raw["vpnConnectionIds"]);
  const expressRouteCircuitIds = knownStrings(raw["expressRouteCircuitIds"]);
  const connectionsKnown =
    (raw["vpnConnectionIds"] === undefined || vpnConnectionIds) &&
    (raw["expressRouteCircuitIds"] === undefined || expressRouteCircuitIds);
  const networkWatcher = networkWatcherOf(raw);
  const resourceGroup = knownString(raw["resourceGroup"]);
  const name = knownString(raw["processServerName"]);
  return {
    fabricName,
    ...(virtualNetworkId ? { virtualNetworkId } : {}),
    ...(connectionsKnown
      ? {
          connections: {
            ...(vpnConnectionIds ? { vpnConnectionIds } : {}),
            ...(expressRouteCircuitIds ? { expressRouteCircuitIds } : {}),
          },
        }
      : {}),
    ...(networkWatcher ? { networkWatcher } : {}),
    ...(resourceGroup && name ? { vm: { resourceGroup, name } } : {}),
    ports: [
      knownNumber(raw["controlPort"]) ?? DEFAULT_CONTROL_PORT,
      knownNumber(raw["dataPort"]) ?? DEFAULT_DATA_PORT,
    ],
    onPremises: raw["placement"] === "onPremises",
  };
}

/**
 * Reads what the process server rules judge for these inputs. Parts whose inputs are unknown are
 * left out; nothing is read while the fabric is unknown.
 */
export async function liveProcessServerSite(
  site: LiveSite,
  raw: Record<string, unknown>,
  now: () => Date,
): Promise<{ facts: SiteFacts; fabricFound: boolean }> {
  const query = processServerSiteQuery(raw);
  if (!query) return { facts: {}, fabricFound: true };
  return readProcessServerSite(site, query, now);
}

/** The site read fresh (the check cache cleared): create and update must see the present. */
export async function freshProcessServerSite(
  inputs: ProcessServerInputs,
): Promise<{ facts: SiteFacts; fabricFound: boolean }> {
  const site = await getLiveSite();
  site.clear();
  return liveProcessServerSite(site, inputs as unknown as Record<string, unknown>, serviceNow);
}

/** Network Watcher's verdict per configuration server port, from a fresh read (NET-06). */
export async function verifyReachability(
  inputs: ProcessServerInputs,
): Promise<{ controlPort: boolean; dataPort: boolean } | undefined> {
  const { facts } = await freshProcessServerSite(inputs);
  const results = facts.reachability;
  if (!results) return undefined;
  const at = (port: number) => results.some((result) => result.port === port && result.reachable);
  return { controlPort: at(inputs.controlPort), dataPort: at(inputs.dataPort) };
}

/** Items mid-failback through this process server (PS-02), from a fresh read. */
export async function failbacksUsingProcessServer(
  fabricName: string,
  processServerId: string,
  processServerName: string,
): Promise<Finding[]> {
  const items = await readFabricProtectedItems(await getAsrClient(), fabricName);
  const protectedItems = items.map((item) => {
    const facts = itemFacts(item);
    const details = (item.properties?.providerSpecificDetails ?? {}) as Record<string, unknown>;
    const usedId = details["processServerId"];
    // Items name their process server by ID; map ours to its name so PS-02 can match it.
    if (typeof usedId === "string") {
      return {
        ...facts,
        processServerName:
          usedId.toLowerCase() === processServerId.toLowerCase() ? processServerName : usedId,
      };
    }
    return facts;
  });
  return runRules(
    {
      inputs: { flavor: "vmware" },
      site: { protectedItems },
      operation: { kind: "deleteProcessServer", processServerName },
    },
    { ids: ["PS-02"] },
  );
}
