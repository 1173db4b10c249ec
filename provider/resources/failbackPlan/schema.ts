/**
 * FailbackPlan inputs and outputs: the zod schema is the type, and the class's arguments are
 * derived from it. Which inputs force a new plan, and which never diff, are declared here.
 */
import { z } from "zod";
import { targetStagesOf } from "../../stageModel";
import type { RunResult } from "../../stages/machine";
import type { TimelineEntry } from "../../stages/types";
import { type ResourceArgs, refuseDuplicateItems, SiteRecoveryName, SiteRecoveryReference } from "../common";

/** Default limit of a whole `up` of the plan, in minutes (jobs keep running after it). */
export const DEFAULT_TIMEOUT_IN_MINUTES = 24 * 60;
/** Default number of items driven at once. */
export const DEFAULT_MAX_CONCURRENCY = 50;
/** Smallest interval between reads while waiting, so a zero poll interval cannot spin. */
export const MIN_WAIT_INTERVAL_IN_MS = 10;

/** Reprotect settings (from a ReprotectionPolicy's `reprotectSettings`, or literal values). */
export const ReprotectionInput = z.strictObject({
  /** Failback (InMage) policy ARM ID or name. */
  policyId: z.string().min(1),
  /** Master target ID as the configuration server reports it. */
  masterTargetId: z.string().min(1),
  /** Process server ID (the process server in Azure). */
  processServerId: z.string().min(1),
  /** Retention volume of the master target (MT-06). */
  retentionDrive: z.string().min(1),
  /** Datastore of the master target's host (MT-06/07); needed for alternate location. */
  datastoreName: z.string().min(1).optional(),
  /** Run-as account ID. */
  runAsAccountId: z.string().min(1).optional(),
  /** Master target name, for messages. */
  masterTargetName: z.string().min(1).optional(),
  /** Process server name, for messages. */
  processServerName: z.string().min(1).optional(),
  /** Original or alternate location (LOC-03, LOC-04). */
  recoveryLocation: z.enum(["original", "alternate"]).optional(),
  /** Multi-VM consistency of the failback policy (FO-02). */
  multiVmConsistency: z.boolean().optional(),
});

/** Settings of the reprotect back to Azure after commit. */
export const ReprotectToAzureInput = z.strictObject({
  /** On-premises process server (default: the reprotection's process server). */
  processServerId: z.string().min(1).optional(),
  policyId: z.string().min(1).optional(),
  storageAccountId: z.string().min(1).optional(),
  runAsAccountId: z.string().min(1).optional(),
  masterTargetId: z.string().min(1).optional(),
});

/** The reprotect from on premises back to Azure after a modernized commit (MR-32). */
export const ModernizedReprotectToAzureInput = z.strictObject({
  /** Process server of the appliance (a `ReplicationAppliance`'s `processServerId`). */
  processServerId: z.string().min(1),
  /** ARM ID of the forward `InMageRcm` replication policy. */
  policyId: z.string().min(1),
  /** Run-as account of the VMware site, when the appliance pushes the mobility agent. */
  runAsAccountId: z.string().min(1).optional(),
});

/**
 * A modernized (replication appliance) failback: items replicated by `InMageRcm` are reprotected
 * through the appliance's reprotect agent (`InMageRcmReprotectInput`), fail over at a point type,
 * are committed and reprotected back to Azure (`InMageRcmFailbackReprotectInput`).
 */
export const ModernizedInput = z
  .strictObject({
    /** Reprotect agent (a `ReplicationAppliance`'s `reprotectAgentId`, the appliance's GUID). */
    reprotectAgentId: z.string().min(1).optional(),
    /** Appliance name, resolved to its reprotect agent when `reprotectAgentId` is not given. */
    applianceName: z.string().min(1).optional(),
    /** Datastore the machines are written to; one the reprotect agent reaches (MR-14). */
    datastoreName: z.string().min(1),
    /** ARM ID of the cache (log) storage account in Azure (MR-16). */
    logStorageAccountId: z.string().min(1),
    /** ARM ID of the `InMageRcmFailback` replication policy (MR-17). */
    policyId: z.string().min(1),
    /** Point type of the planned failover, always sent (MR-25); crash-consistent is recommended. */
    recoveryPointType: z.enum(["CrashConsistent", "ApplicationConsistent"]).default("CrashConsistent"),
    /** Original location (the same machines) or alternate location (machines recreated). */
    recoveryLocation: z.enum(["original", "alternate"]).default("original"),
    /** Reprotect back to Azure, needed for `targetStage: protectedToAzure`. */
    reprotectToAzure: ModernizedReprotectToAzureInput.optional(),
  })
  .refine((input) => input.reprotectAgentId !== undefined || input.applianceName !== undefined, {
    path: ["reprotectAgentId"],
    message: "name the reprotect agent: reprotectAgentId (a ReplicationAppliance's output) or applianceName",
  });

export const HyperVInput = z.strictObject({
  /** Sync before failover (deltas; the job suspends until "complete failover") or during failover. */
  dataSyncOption: z.enum(["syncBeforeFailover", "syncDuringFailover"]).default("syncBeforeFailover"),
  /**
   * `automatic`: complete the failover as soon as the sync is done. `manual`: `up` stops once the
   * data is synced, the jobs suspended for "complete failover" (output `awaitingCompleteFailover`
   * and a warning name the VMs); to complete, change this to `automatic` and run `up` again: that
   * run resumes the suspended jobs, it does not start a new failover.
   */
  completeFailover: z.enum(["automatic", "manual"]).default("automatic"),
  /** Create the on-premises VM when it does not exist (alternate location). */
  createVmIfNotFound: z.boolean().default(false),
  /** Hyper-V site provider for alternate-location recovery. */
  providerIdForAlternateRecovery: z.string().min(1).optional(),
  /** Hyper-V host the VMs are recreated on (alternate location, HV-06); shown in `plannedSteps`. */
  alternateHostName: z.string().min(1).optional(),
  /** Virtual switch the VMs connect to on that host (HV-06); shown in `plannedSteps`. */
  virtualSwitchName: z.string().min(1).optional(),
});

/** The link to the site, for the duration estimate (HV-08). */
export const LinkInput = z.strictObject({
  bandwidthInMbps: z.number().positive(),
  checksumRateInGigabytesPerMinute: z.number().positive().optional(),
});

const targetStages = ["reprotected", "failedOver", "committed", "protectedToAzure"] as const;

/** FailbackPlan inputs. */
export const FailbackPlanArgs = z
  .strictObject({
    /** Kind of site: `vmware`, `physical` (P2A2V) or `hyperv`. */
    flavor: z.enum(["vmware", "physical", "hyperv"]),
    /** Protected items (names or ARM IDs). Either this or `recoveryPlanName`. */
    items: z.array(SiteRecoveryReference).min(1).optional(),
    /** Recovery plan: its items, with plan-level failover and commit where allowed. */
    recoveryPlanName: SiteRecoveryName.optional(),
    /** How far `up` takes the items. */
    targetStage: z.enum(targetStages),
    /** Recovery point of the failover back (FO-02). */
    recoveryPointType: z
      .enum(["latest", "latestProcessed", "latestApplicationConsistent", "latestCrashConsistent"])
      .default("latestProcessed"),
    /** Replication groups fail over together at a common point (FO-02). */
    useMultiVmSyncPoint: z.boolean().default(false),
    /** Reprotect settings (VMware and physical). */
    reprotection: ReprotectionInput.optional(),
    /** Reprotect to Azure after commit. */
    reprotectToAzure: ReprotectToAzureInput.optional(),
    /** Modernized (replication appliance) failback, instead of `reprotection`: InMageRcm items. */
    modernized: ModernizedInput.optional(),
    /** Hyper-V settings (Hyper-V plans only; a VMware or physical plan shows none). */
    hyperV: HyperVInput.default({
      dataSyncOption: "syncBeforeFailover",
      completeFailover: "automatic",
      createVmIfNotFound: false,
    }),
    /** Link facts for the estimate. */
    link: LinkInput.optional(),
    /** Items driven at once. */
    maxConcurrency: z.number().int().positive().max(500).default(DEFAULT_MAX_CONCURRENCY),
    /** Give up waiting after this many minutes; running jobs are left running. */
    timeoutInMinutes: z.number().int().positive().default(DEFAULT_TIMEOUT_IN_MINUTES),
    /**
     * The resource's own name, which the `FailbackPlan` class passes for progress lines and
     * messages (a dynamic provider is not told the name otherwise); programs do not set it.
     */
    resourceName: z.string().min(1).optional(),
  })
  .refine((args) => (args.items === undefined) !== (args.recoveryPlanName === undefined), {
    path: ["items"],
    message: "give either items or recoveryPlanName (exactly one)",
  })
  .superRefine((args, context) => {
    // Each item is driven once per stage: a second entry for it would start a second reprotect.
    refuseDuplicateItems("items", args.items, context);
  })
  .refine(
    (args) => args.flavor === "hyperv" || args.reprotection !== undefined || args.modernized !== undefined,
    {
      path: ["reprotection"],
      message:
        "VMware and physical failback needs reprotection settings (classic: a ReprotectionPolicy's reprotectSettings) or modernized settings (a replication appliance)",
    },
  )
  .refine((args) => args.reprotection === undefined || args.modernized === undefined, {
    path: ["modernized"],
    message:
      "MR-01: give reprotection (classic: process server and master target) or modernized (replication appliance), not both; a plan fails back items of one architecture",
  })
  .refine((args) => args.flavor !== "hyperv" || args.modernized === undefined, {
    path: ["modernized"],
    message: "Hyper-V failback has no replication appliance; remove modernized",
  })
  .refine(
    (args) =>
      args.modernized === undefined ||
      args.targetStage !== "protectedToAzure" ||
      args.modernized.reprotectToAzure !== undefined,
    {
      path: ["modernized", "reprotectToAzure"],
      message:
        "MR-32: targetStage protectedToAzure reprotects the machines back to Azure; set modernized.reprotectToAzure (processServerId, policyId)",
    },
  )
  .refine((args) => targetStagesOf(args.flavor).includes(args.targetStage), {
    path: ["targetStage"],
    message:
      'Hyper-V failback has no reprotect before failover; use "failedOver", "committed" or "protectedToAzure"',
  })
  .refine(
    (args) =>
      args.flavor !== "physical" ||
      args.modernized !== undefined ||
      args.reprotection?.datastoreName !== undefined,
    {
      path: ["reprotection", "datastoreName"],
      message:
        "physical servers fail back only as VMware VMs to an alternate location (LOC-04); name the VMFS datastore",
    },
  );
/** Validated FailbackPlan inputs. */
export type FailbackPlanArgs = z.output<typeof FailbackPlanArgs>;

/** Inputs whose change forces a new plan (another vault object entirely). */
export const FAILBACK_PLAN_REPLACE_ON_CHANGES = ["flavor", "recoveryPlanName"] as const;

/** Read-only inputs `check` derives for reviewers; never set them. */
export const DERIVED_INPUT_KEYS = ["plannedSteps", "estimate"] as const;

/**
 * Inputs that never make a diff on their own: tuning of how the provider waits, and the estimate
 * (it follows `plannedSteps`, which does).
 */
export const NON_DIFFING_KEYS = ["maxConcurrency", "timeoutInMinutes", "estimate", "resourceName"] as const;

/** Inputs that decide which items move, how far and how: they must be known to plan. */
export const PLAN_SHAPING_KEYS = [
  "flavor",
  "items",
  "recoveryPlanName",
  "targetStage",
  "recoveryPointType",
  "useMultiVmSyncPoint",
  "hyperV",
  "link",
] as const;

/** Where one item stands (output). */
export interface ItemStatus {
  readonly name: string;
  readonly stage: string;
  readonly protectionState: string;
  readonly replicationHealth?: string;
  readonly runningJob?: string;
  readonly problem?: string;
}

/** FailbackPlan outputs (besides the inputs). */
export interface FailbackPlanOutputs {
  /** The least advanced stage of all items. */
  readonly stage: string;
  readonly itemStatus: ItemStatus[];
  readonly timeline: TimelineEntry[];
  readonly recoveryPointsUsed: RunResult["recoveryPoints"];
  /** FO-03, FO-06 tasks for people after failback. */
  readonly postFailbackTasks: string[];
  readonly warnings: string[];
  /** Items whose Hyper-V failback waits for "complete failover". */
  readonly awaitingCompleteFailover: string[];
}

/** Arguments of `FailbackPlan` (each may be an Output of another resource, at any depth). */
/** FailbackPlan inputs as a program gives them (the class sets `resourceName` itself). */
export type FailbackPlanResourceArgs = Omit<ResourceArgs<typeof FailbackPlanArgs>, "resourceName">;
