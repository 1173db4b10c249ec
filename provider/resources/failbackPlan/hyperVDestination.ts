/**
 * Where a Hyper-V failback recreates its VMs: the plan names the alternate host
 * (`hyperV.alternateHostName`, HV-06), and the failover request names the Site Recovery provider
 * registered for that host (`providerIdForAlternateRecovery`), read from the Hyper-V site.
 */
import type { HyperVSiteDetails, ReplicationProtectedItem } from "@azure/arm-recoveryservices-siterecovery";
import { ProtectedItemIdCodec } from "asr-contract";
import type { AsrClient } from "../../client";
import { StageError } from "../../errors";
import type { FailbackPlanArgs } from "./schema";

/**
 * The provider ID of the alternate host the plan names, or undefined when the plan gives the ID
 * itself, names no host, or is no Hyper-V plan. A host the site does not list is refused (HV-06):
 * the failover would otherwise go to the VMs' original hosts while the preview named another.
 */
export async function alternateRecoveryProviderOf(
  client: AsrClient,
  args: FailbackPlanArgs,
  items: readonly ReplicationProtectedItem[],
): Promise<string | undefined> {
  const hostName = args.hyperV?.alternateHostName;
  if (args.flavor !== "hyperv" || hostName === undefined) return undefined;
  if (args.hyperV.providerIdForAlternateRecovery !== undefined) return undefined;
  const fabricNames = new Set(
    items.flatMap((item) => {
      const fabricName = item.id ? ProtectedItemIdCodec.tryParse(item.id)?.fabricName : undefined;
      return fabricName ? [fabricName] : [];
    }),
  );
  for (const fabricName of fabricNames) {
    const fabric = await client.getFabric(fabricName);
    const details = fabric?.properties?.customDetails;
    if (details?.instanceType !== "HyperVSite") continue;
    const host = (details as HyperVSiteDetails).hyperVHosts?.find(
      (candidate) => candidate.name?.toLowerCase() === hostName.toLowerCase(),
    );
    if (host?.id) return host.id;
  }
  throw new StageError(
    `HV-06: alternate host ${hostName} is not registered with the Hyper-V site of the plan's VMs; check hyperV.alternateHostName or register the host with Site Recovery`,
  );
}
