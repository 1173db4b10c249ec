/**
 * What the Microsoft.Network kind modules share: path prefixes, name comparison, etags and the
 * resource group a scenario object lives in.
 */
import { guidFrom } from "../../model/ids";
import type { Scenario } from "../../model/scenario";
import type { EmulatorRequest } from "../context";

/** A resource group's path. */
export const RG = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}";
/** The Microsoft.Network provider of a resource group. */
export const NET = `${RG}/providers/Microsoft.Network`;
/** ARM names compare case-insensitively; an absent name matches nothing. */
export const same = (a: string | undefined, b: string | undefined) =>
  a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
/** A weak etag stable for the same parts. */
export const etag = (...parts: string[]) => `W/"${guidFrom("etag", ...parts)}"`;

/** Resource groups the scenario holds resources in (other names answer ResourceGroupNotFound). */
export function knownResourceGroups(scenario: Scenario): Set<string> {
  const groups = new Set<string>([scenario.resourceGroup.toLowerCase()]);
  const add = (name: string | undefined): void => {
    if (name) groups.add(name.toLowerCase());
  };
  scenario.azure.virtualNetworks.forEach((vnet) => {
    add(vnet.resourceGroup);
  });
  scenario.azure.storageAccounts.forEach((account) => {
    add(account.resourceGroup);
  });
  add(scenario.azure.networkWatcher?.resourceGroup);
  scenario.connectivity.vpnConnections.forEach((connection) => {
    add(connection.resourceGroup);
  });
  scenario.connectivity.expressRouteCircuits.forEach((circuit) => {
    add(circuit.resourceGroup);
  });
  scenario.protectedItems.forEach((item) => {
    add(item.azureVm?.resourceGroup);
  });
  return groups;
}

/** The resource group of a scenario object (absent: the scenario's own). */
export function rgOf(scenario: Scenario, resourceGroup: string | undefined): string {
  return resourceGroup ?? scenario.resourceGroup;
}

/** True when the object's resource group is the one the path names. */
export function inGroup(request: EmulatorRequest, resourceGroup: string | undefined): boolean {
  return same(
    rgOf(request.services.store.state.scenario, resourceGroup),
    request.params["resourceGroupName"],
  );
}

/** The gateway of a virtual network, by naming convention. */
export function gatewayName(virtualNetwork: string): string {
  return `${virtualNetwork}-gateway`;
}
