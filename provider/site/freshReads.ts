/**
 * Reads that must see the present: `create`, `read` and waits ask the client directly rather than
 * the check cache (`LiveSite`), because they must see the changes they cause or wait for.
 */
import type { ReplicationProtectedItem } from "@azure/arm-recoveryservices-siterecovery";
import type { AsrClient } from "../client";
import { type RegisteredProcessServer, type VmwareFabricView, vmwareFabricView } from "./facts";

/**
 * The VMware fabric as its configuration server reports it now: process servers, master
 * targets, run-as accounts. Undefined when the fabric does not exist or is not a VMware one.
 *
 * @param now reads the time heartbeat ages are measured against, once the site is read
 */
export async function readFabricView(
  client: AsrClient,
  fabricName: string,
  now: () => Date,
): Promise<VmwareFabricView | undefined> {
  return vmwareFabricView(await client.getFabric(fabricName), now());
}

/** The process server registered under `name` (case-insensitive), if it is registered now. */
export async function readRegisteredProcessServer(
  client: AsrClient,
  fabricName: string,
  name: string,
  now: () => Date,
): Promise<RegisteredProcessServer | undefined> {
  const view = await readFabricView(client, fabricName, now);
  return view?.processServers.find((server) => server.name.toLowerCase() === name.toLowerCase());
}

/** Every protected item of every protection container of the fabric, read now. */
export async function readFabricProtectedItems(
  client: AsrClient,
  fabricName: string,
): Promise<ReplicationProtectedItem[]> {
  const containers = await client.listProtectionContainers(fabricName);
  return (
    await Promise.all(
      containers
        .filter((container) => container.name)
        .map((container) => client.listProtectedItems({ fabricName, containerName: container.name! })),
    )
  ).flat();
}
