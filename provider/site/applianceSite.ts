/**
 * Live reads for one replication appliance of the modernized path: the vault's `InMageRcm`
 * fabric (the one named, else the only one), the appliance registered in it with each
 * component's health and heartbeat, and the fabric's protected items (for the disk count an
 * appliance serves and the vCenter and datastores of the machines it will reprotect).
 */
import type { Fabric } from "@azure/arm-recoveryservices-siterecovery";
import { sameText } from "../rules/modernizedSupport";
import type {
  ApplianceComponentKind,
  ModernizedFabricFacts,
  ProtectedItemFacts,
  ProtectionHealth,
  ReplicationApplianceFacts,
} from "../rules/types";
import { itemFacts } from "./facts";
import type { LiveSite } from "./liveSite";
import {
  type ComponentEntry,
  componentArrays,
  inMageRcmDetails,
  modernizedFabricFacts,
  replicationApplianceFacts,
  withServedDisks,
} from "./modernizedFacts";

/** One component of an appliance as the fabric reports it, for outputs. */
export interface ApplianceComponentReport {
  readonly kind: ApplianceComponentKind;
  readonly health: string;
  /** ISO 8601, when reported. */
  readonly lastHeartbeat?: string;
  readonly healthErrorCodes: string[];
}

/** What the vault reports about the modernized fabric and one of its appliances. */
export interface ApplianceSite {
  /** The `InMageRcm` fabric's ARM name. */
  readonly fabricName: string;
  readonly fabric: ModernizedFabricFacts;
  /** Every appliance of the fabric, with the disks already replicating back through each. */
  readonly appliances: readonly ReplicationApplianceFacts[];
  /** The appliance asked for, when registered. */
  readonly appliance?: ReplicationApplianceFacts;
  /** Its components, when registered. */
  readonly components: readonly ApplianceComponentReport[];
  /** Every protected item of the fabric. */
  readonly items: readonly ProtectedItemFacts[];
}

/** Why an appliance site could not be read: no such fabric, or no modernized fabric at all. */
export interface ApplianceSiteMissing {
  readonly missing: string;
}

function isoOf(value: Date | string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The components of the named appliance (entries whose `name` or `id` matches). */
export function applianceComponents(
  fabric: Fabric,
  appliance: ReplicationApplianceFacts,
): ApplianceComponentReport[] {
  const details = inMageRcmDetails(fabric);
  if (!details) return [];
  const reports: ApplianceComponentReport[] = [];
  for (const [kind, key] of componentArrays) {
    for (const entry of (details[key] ?? []) as (ComponentEntry & {
      healthErrors?: { errorCode?: string }[];
    })[]) {
      const same =
        appliance.id !== undefined && entry.id !== undefined
          ? sameText(entry.id, appliance.id)
          : sameText(entry.name, appliance.name);
      if (!same) continue;
      const heartbeat = isoOf(entry.lastHeartbeatUtc);
      reports.push({
        kind,
        health: entry.health ?? "None",
        ...(heartbeat ? { lastHeartbeat: heartbeat } : {}),
        healthErrorCodes: (entry.healthErrors ?? [])
          .map((error) => error.errorCode)
          .filter((code): code is string => code !== undefined),
      });
    }
  }
  return reports;
}

/** The worst health of the components: `Critical` over `Warning` over `Normal`. */
export function worstHealth(components: readonly { readonly health: string }[]): ProtectionHealth {
  const healths = components.map((component) => component.health);
  if (healths.includes("Critical")) return "Critical";
  if (healths.includes("Warning")) return "Warning";
  return healths.length > 0 && healths.every((health) => health === "Normal") ? "Normal" : "None";
}

/**
 * Reads the modernized fabric and the named appliance.
 *
 * @param fabricName the fabric's ARM name; the vault's only `InMageRcm` fabric when undefined
 * @param applianceName the appliance's name (its components' `name`) or its GUID
 * @param now reads the time heartbeat ages are measured against, once the site is read
 */
export async function readApplianceSite(
  live: LiveSite,
  fabricName: string | undefined,
  applianceName: string,
  now: () => Date,
): Promise<ApplianceSite | ApplianceSiteMissing> {
  const fabrics = (await live.fabrics()).filter((fabric) => inMageRcmDetails(fabric) !== undefined);
  const known = fabrics.map((fabric) => fabric.name ?? "(unnamed)").join(", ") || "none";
  const fabric =
    fabricName === undefined
      ? fabrics.length === 1
        ? fabrics[0]
        : undefined
      : fabrics.find((candidate) => sameText(candidate.name, fabricName));
  if (!fabric?.name) {
    if (fabricName !== undefined)
      return {
        missing: `the vault has no InMageRcm (replication appliance) fabric ${fabricName} (InMageRcm fabrics: ${known}); use the fabric name of the modernized site`,
      };
    return {
      missing:
        fabrics.length === 0
          ? "the vault has no InMageRcm (replication appliance) fabric; register a replication appliance with the vault first"
          : `the vault has several InMageRcm fabrics (${known}); set fabricName`,
    };
  }
  const containers = await live.containers(fabric.name);
  const items = (
    await Promise.all(
      containers
        .filter((container) => container.name !== undefined)
        .map((container) => live.protectedItems(fabric.name!, container.name!)),
    )
  )
    .flat()
    .map(itemFacts);
  const appliances = withServedDisks(replicationApplianceFacts(fabric, now()), items);
  const appliance = appliances.find(
    (candidate) => sameText(candidate.name, applianceName) || sameText(candidate.id, applianceName),
  );
  return {
    fabricName: fabric.name,
    fabric: modernizedFabricFacts(fabric),
    appliances,
    ...(appliance ? { appliance } : {}),
    components: appliance ? applianceComponents(fabric, appliance) : [],
    items,
  };
}
