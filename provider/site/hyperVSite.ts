/**
 * A Hyper-V site (fabric of instance type `HyperVSite`) as the Hyper-V rules read it: whether it
 * is connected to Azure (HV-01) and which hosts are registered with it (HV-06).
 */
import type { Fabric, HyperVSiteDetails } from "@azure/arm-recoveryservices-siterecovery";
import { AsrErrorCodes } from "asr-contract";
import type { HyperVHostFacts, HyperVSiteFacts } from "../rules/types";
import { healthErrorsByCode } from "./siteFacts";

/** What a Hyper-V site reports; undefined for a fabric of another kind. */
export function hyperVSiteFacts(
  fabric: Fabric | undefined,
): { hyperVSite: HyperVSiteFacts; hyperVHosts?: HyperVHostFacts[] } | undefined {
  const details = fabric?.properties?.customDetails;
  if (details?.instanceType !== "HyperVSite") return undefined;
  const codes = healthErrorsByCode(fabric?.properties?.healthErrorDetails);
  const hosts = (details as HyperVSiteDetails).hyperVHosts;
  return {
    hyperVSite: {
      name: fabric?.name ?? "",
      ...(codes ? { connected: !codes.has(AsrErrorCodes.hyperVHostNotConnected) } : {}),
    },
    // Site Recovery lists a host's name only: its OS, role and switches stay unknown.
    ...(hosts ? { hyperVHosts: hosts.map((host) => ({ name: host.name ?? host.id ?? "" })) } : {}),
  };
}
