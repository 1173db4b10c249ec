/**
 * Master target rules (MT-01..MT-09): the on-premises server that receives the failback data.
 */
import {
  chosenMasterTarget,
  chosenMasterTargetName,
  declaredFlavor,
  finding,
  isVmwareSite,
  itemsInScope,
  itemsOfFlavor,
  plural,
  relevantMasterTargets,
} from "./support";
import type { Finding, MasterTargetFacts, OsType, RetentionVolumeFacts, Rule, RuleContext } from "./types";

/** Most disks a master target may have attached (MT-08). */
export const MASTER_TARGET_MAX_DISKS = 60;

/**
 * Total disk size of the machines in scope above which the master target built into the
 * configuration server is undersized (MT-04). A sizing guideline, not a hard limit.
 */
export const LARGE_FAILBACK_IN_BYTES = 1024 ** 4;

/** File systems on a protected Linux machine's root or boot that need extra master target packages. */
export const FILE_SYSTEMS_NEEDING_PACKAGES: readonly string[] = ["xfs", "reiserfs"];

/** Retention volume file systems that are not supported (MT-07). */
const UNSUPPORTED_RETENTION_FILE_SYSTEMS: readonly string[] = ["fat", "fat16", "fat32", "exfat"];

const vmwareFlavors = ["vmware", "physical"] as const;

/** MT-01: Windows VMs go through a Windows master target, Linux VMs through a Linux one. */
export const mt01: Rule = {
  id: "MT-01",
  area: "masterTarget",
  severity: "block",
  title: "Windows VMs fail back through a Windows master target, Linux VMs through a Linux master target.",
  appliesTo: { flavors: vmwareFlavors, resources: ["masterTarget", "reprotection"] },
  check(context) {
    const name = chosenMasterTargetName(context);
    const reportedOs: OsType | undefined = chosenMasterTarget(context)?.osType;
    const declaredOs: OsType | undefined = context.inputs?.masterTarget?.expectedOsType;
    const masterTargetOs = reportedOs ?? declaredOs;
    if (name === undefined || masterTargetOs === undefined) return [];
    const findings: Finding[] = [];
    if (declaredOs !== undefined && reportedOs !== undefined && declaredOs !== reportedOs) {
      findings.push(
        finding("MT-01", {
          severity: "block",
          object: `master target ${name}`,
          cause: `runs ${reportedOs}, not the declared osType ${declaredOs}`,
          fix: `set osType to ${reportedOs} if its machines run ${reportedOs}, or choose a ${declaredOs} master target`,
          propertyPath: "masterTarget.osType",
        }),
      );
    }
    // Judged against what the master target runs; only the declaration when it is not reported.
    const path = reportedOs === undefined ? "masterTarget.osType" : "reprotection.masterTargetName";
    for (const item of itemsOfFlavor(context, vmwareFlavors)) {
      if (item.osType === undefined || item.osType === masterTargetOs) continue;
      findings.push(
        finding("MT-01", {
          severity: "block",
          object: `vm ${item.name}`,
          cause: `runs ${item.osType} but master target ${name} ${reportedOs === undefined ? "is declared" : "runs"} ${masterTargetOs}`,
          fix: `fail it back through a ${item.osType} master target`,
          propertyPath: path,
        }),
      );
    }
    return findings;
  },
};

/** MT-02: no snapshots on the master target before failback. */
export const mt02: Rule = {
  id: "MT-02",
  area: "masterTarget",
  severity: "block",
  title: "The master target has no snapshots before failback is triggered.",
  appliesTo: { flavors: vmwareFlavors, resources: ["masterTarget"] },
  check(context) {
    if (!isVmwareSite(context)) return [];
    return relevantMasterTargets(context)
      .filter((masterTarget) => (masterTarget.snapshotCount ?? 0) > 0)
      .map((masterTarget) =>
        finding("MT-02", {
          severity: "block",
          object: `master target ${masterTarget.name}`,
          cause: `has ${plural(masterTarget.snapshotCount!, "snapshot")}`,
          fix: `delete ${masterTarget.snapshotCount === 1 ? "it" : "them"} before failback`,
        }),
      );
  },
};

/** MT-03: a Linux master target needs disk.EnableUUID, its packages, and XFS/ReiserFS support when used. */
export const mt03: Rule = {
  id: "MT-03",
  area: "masterTarget",
  severity: "block",
  title:
    "A Linux master target has disk.EnableUUID = TRUE, the required packages, and ReiserFS/XFS packages when the machines use them.",
  appliesTo: { flavors: vmwareFlavors, resources: ["masterTarget"] },
  check(context) {
    if (!isVmwareSite(context)) return [];
    const findings: Finding[] = [];
    const linuxItems = itemsOfFlavor(context, vmwareFlavors).filter((item) => item.osType === "linux");
    for (const masterTarget of relevantMasterTargets(context).filter((mt) => mt.osType === "linux")) {
      const object = `master target ${masterTarget.name}`;
      if (masterTarget.diskEnableUuid === false) {
        findings.push(
          finding("MT-03", {
            severity: "block",
            object,
            cause: "lacks disk.EnableUUID = TRUE on its VM",
            fix: "power it off, set disk.EnableUUID = TRUE in the VM's advanced configuration, and power it on",
          }),
        );
      }
      if (masterTarget.missingPackages !== undefined && masterTarget.missingPackages.length > 0) {
        findings.push(
          finding("MT-03", {
            severity: "block",
            object,
            cause: `is missing required packages (${masterTarget.missingPackages.join(", ")})`,
            fix: "install them on the master target",
          }),
        );
      }
      const supported = masterTarget.supportedFileSystems;
      if (supported === undefined) continue;
      const needed = new Set<string>();
      for (const item of linuxItems) {
        for (const fileSystem of [item.rootFileSystem, item.bootFileSystem]) {
          if (fileSystem !== undefined && FILE_SYSTEMS_NEEDING_PACKAGES.includes(fileSystem.toLowerCase())) {
            needed.add(fileSystem.toLowerCase());
          }
        }
      }
      for (const fileSystem of [...needed].filter(
        (fs) => !supported.map((s) => s.toLowerCase()).includes(fs),
      )) {
        findings.push(
          finding("MT-03", {
            severity: "block",
            object,
            cause: `cannot handle ${fileSystem}, which protected vms use for root or boot`,
            fix: `install the ${fileSystem} packages on the master target`,
          }),
        );
      }
    }
    return findings;
  },
};

/** MT-04 (info): the master target built into the management server is undersized for large failbacks. */
export const mt04: Rule = {
  id: "MT-04",
  area: "masterTarget",
  severity: "info",
  title:
    "The default master target runs on the management server; large failback traffic calls for a separate one.",
  appliesTo: { flavors: vmwareFlavors, resources: ["masterTarget"] },
  check(context) {
    const masterTarget = chosenMasterTarget(context);
    const items = itemsOfFlavor(context, vmwareFlavors);
    if (masterTarget?.isOnConfigurationServer !== true || items.length === 0) return [];
    const sizes = items.flatMap((item) => (item.disks ?? []).map((disk) => disk.sizeInBytes));
    if (sizes.length === 0 || sizes.some((size) => size === undefined)) return [];
    const totalInBytes = sizes.reduce<number>((sum, size) => sum + (size ?? 0), 0);
    if (totalInBytes <= LARGE_FAILBACK_IN_BYTES) return [];
    const tebibytes = (totalInBytes / 1024 ** 4).toFixed(1);
    return [
      finding("MT-04", {
        severity: "info",
        object: `master target ${masterTarget.name}`,
        cause: `runs on the configuration server and would receive ${tebibytes} TiB`,
        fix: "consider deploying a separate master target for this failback",
      }),
    ];
  },
};

/** MT-05: a master target and the ESX hosts to fail back to must be discovered. */
export const mt05: Rule = {
  id: "MT-05",
  area: "masterTarget",
  severity: "block",
  title: "At least one master target and the ESX/ESXi hosts to fail back to are discovered.",
  appliesTo: { flavors: vmwareFlavors, resources: ["masterTarget", "reprotection"] },
  check(context) {
    if (!isVmwareSite(context)) return [];
    const findings: Finding[] = [];
    const masterTargets = context.site?.masterTargets;
    const declaredName = context.inputs?.masterTarget?.name;
    if (
      declaredName !== undefined &&
      masterTargets !== undefined &&
      // A partial report may lack names: compare what is there, never throw.
      !masterTargets.some((mt) => mt.name?.toLowerCase() === declaredName.toLowerCase())
    ) {
      // Not an error yet: a master target installed alongside the stack registers a while after
      // its install, and creating the resource waits for it (up to its registration timeout).
      findings.push(
        finding("MT-05", {
          severity: "warn",
          object: `master target ${declaredName}`,
          cause: "is not registered with the configuration server yet",
          fix: "install and register it; up waits for its registration and fails when registrationTimeoutInMinutes runs out",
          propertyPath: "masterTarget.name",
        }),
      );
    }
    if (masterTargets !== undefined && !masterTargets.some((mt) => mt.discovered !== false)) {
      findings.push(
        finding("MT-05", {
          severity: "block",
          object: "the configuration server",
          cause: "has no discovered master target",
          fix: "install a master target and wait for it to be discovered before reprotect",
        }),
      );
    }
    // Physical servers always land on the master target's host, so that host must be known.
    if (declaredFlavor(context) === "physical" || itemsOfFlavor(context, ["physical"]).length > 0) {
      const hostNames = new Set(relevantMasterTargets(context).map((mt) => mt.esxHostName));
      for (const host of context.site?.esxHosts ?? []) {
        if (hostNames.has(host.name) && host.discovered === false) {
          findings.push(
            finding("MT-05", {
              severity: "block",
              object: `esx host ${host.name}`,
              cause: "is not discovered, so physical servers cannot fail back to it",
              fix: "add the host (or its vCenter) to the configuration server and wait for discovery",
            }),
          );
        }
      }
    }
    return findings;
  },
};

/** MT-06: the retention drive and datastore chosen at reprotect belong to the chosen master target. */
export const mt06: Rule = {
  id: "MT-06",
  area: "masterTarget",
  severity: "block",
  title: "The retention drive and datastore chosen at reprotect belong to the chosen master target.",
  appliesTo: { flavors: vmwareFlavors, resources: ["reprotection"] },
  check(context) {
    const reprotection = context.inputs?.reprotection;
    const masterTarget = chosenMasterTarget(context);
    if (!reprotection || !masterTarget) return [];
    const findings: Finding[] = [];
    const object = `master target ${masterTarget.name}`;
    const drive = reprotection.retentionDrive;
    if (drive !== undefined && masterTarget.retentionVolumes !== undefined) {
      if (!masterTarget.retentionVolumes.some((volume) => volume.name === drive)) {
        findings.push(
          finding("MT-06", {
            severity: "block",
            object,
            cause: `has no retention volume ${drive}`,
            fix: `choose one of its retention volumes (${masterTarget.retentionVolumes.map((v) => v.name).join(", ") || "none reported"})`,
            propertyPath: "reprotection.retentionDrive",
          }),
        );
      }
    }
    const datastore = reprotection.datastoreName;
    // An NFS datastore is unusable wherever it is: MT-07 names that cause, not a misplacement.
    if (
      datastore !== undefined &&
      masterTarget.datastores !== undefined &&
      !isNfsDatastore(context, datastore)
    ) {
      if (!masterTarget.datastores.some((candidate) => candidate.name === datastore)) {
        findings.push(
          finding("MT-06", {
            severity: "block",
            object,
            cause: `has no datastore ${datastore}`,
            fix: `choose one of its datastores (${masterTarget.datastores.map((d) => d.name).join(", ") || "none reported"})`,
            propertyPath: "reprotection.datastoreName",
          }),
        );
      }
    }
    return findings;
  },
};

/** Why a retention volume is unusable, or undefined when it is usable or unknown. */
export function retentionVolumeProblem(volume: RetentionVolumeFacts): string | undefined {
  if (
    volume.fileSystem !== undefined &&
    UNSUPPORTED_RETENTION_FILE_SYSTEMS.includes(volume.fileSystem.toLowerCase())
  ) {
    return `is formatted ${volume.fileSystem}`;
  }
  if (volume.isCache === true) return "is a cache volume";
  if (volume.isLocked === true) return "is locked";
  return undefined;
}

/** MT-07: VMFS or vSAN datastore; retention volume neither FAT, cache, nor locked. */
export const mt07: Rule = {
  id: "MT-07",
  area: "masterTarget",
  severity: "block",
  title:
    "The master target's datastore is VMFS or vSAN; its retention volume is not FAT, a cache volume, or locked.",
  appliesTo: { flavors: vmwareFlavors, resources: ["reprotection"] },
  check(context) {
    if (!isVmwareSite(context)) return [];
    const reprotection = context.inputs?.reprotection;
    const findings: Finding[] = [];
    const chosen = reprotection?.datastoreName;
    if (chosen !== undefined && isNfsDatastore(context, chosen)) {
      findings.push(
        finding("MT-07", {
          severity: "block",
          object: `datastore ${chosen}`,
          cause: "is NFS",
          fix: NFS_FIX,
          propertyPath: "reprotection.datastoreName",
        }),
      );
    }
    for (const masterTarget of relevantMasterTargets(context)) {
      if (chosen === undefined) findings.push(...datastoreFindings(masterTarget));
      findings.push(...retentionFindings(masterTarget, reprotection?.retentionDrive));
    }
    return findings;
  },
};

const NFS_FIX = "choose a VMFS or vSAN datastore (NFS is not supported)";

/** Whether any master target of the site reports the datastore of that name as NFS. */
function isNfsDatastore(context: RuleContext, name: string): boolean {
  return (context.site?.masterTargets ?? []).some((masterTarget) =>
    (masterTarget.datastores ?? []).some((datastore) => datastore.name === name && datastore.type === "NFS"),
  );
}

/** MT-07 without a chosen datastore: a master target must reach at least one VMFS or vSAN one. */
function datastoreFindings(masterTarget: MasterTargetFacts): Finding[] {
  const datastores = masterTarget.datastores;
  if (datastores === undefined) return [];
  const typed = datastores.filter((datastore) => datastore.type !== undefined);
  if (typed.length === 0 || typed.length < datastores.length) return [];
  if (typed.some((datastore) => datastore.type === "VMFS" || datastore.type === "vSAN")) return [];
  return [
    finding("MT-07", {
      severity: "block",
      object: `master target ${masterTarget.name}`,
      cause: "has no VMFS or vSAN datastore",
      fix: NFS_FIX,
    }),
  ];
}

function retentionFindings(masterTarget: MasterTargetFacts, chosen: string | undefined): Finding[] {
  const volumes = masterTarget.retentionVolumes;
  if (volumes === undefined) return [];
  const fix = "choose an NTFS/ext4 retention volume that is neither a cache volume nor locked";
  if (chosen !== undefined) {
    const volume = volumes.find((candidate) => candidate.name === chosen);
    const problem = volume && retentionVolumeProblem(volume);
    if (!volume || !problem) return [];
    return [
      finding("MT-07", {
        severity: "block",
        object: `retention volume ${volume.name} of master target ${masterTarget.name}`,
        cause: problem,
        fix,
        propertyPath: "reprotection.retentionDrive",
      }),
    ];
  }
  if (volumes.length === 0 || volumes.some((volume) => retentionVolumeProblem(volume) === undefined))
    return [];
  return [
    finding("MT-07", {
      severity: "block",
      object: `master target ${masterTarget.name}`,
      cause: "has no usable retention volume",
      fix,
    }),
  ];
}

/** MT-08: at most 60 disks, LSI Logic SCSI controller, excluded from Storage vMotion. */
export const mt08: Rule = {
  id: "MT-08",
  area: "masterTarget",
  severity: "block",
  title:
    "The master target has at most 60 disks, an LSI Logic SCSI controller, and is excluded from Storage vMotion.",
  appliesTo: { flavors: vmwareFlavors, resources: ["masterTarget"] },
  check(context) {
    if (!isVmwareSite(context)) return [];
    const findings: Finding[] = [];
    for (const masterTarget of relevantMasterTargets(context)) {
      const object = `master target ${masterTarget.name}`;
      if (masterTarget.diskCount !== undefined && masterTarget.diskCount > MASTER_TARGET_MAX_DISKS) {
        findings.push(
          finding("MT-08", {
            severity: "block",
            object,
            cause: `has ${masterTarget.diskCount} disks, more than ${MASTER_TARGET_MAX_DISKS}`,
            fix: "spread the failback over another master target or detach unused disks",
          }),
        );
      }
      if (masterTarget.scsiController === "paravirtual") {
        findings.push(
          finding("MT-08", {
            severity: "block",
            object,
            cause: "uses a Paravirtual SCSI controller",
            fix: "change its SCSI controller to LSI Logic",
          }),
        );
      }
      if (masterTarget.excludedFromStorageVmotion === false) {
        findings.push(
          finding("MT-08", {
            severity: "block",
            object,
            cause: "is not excluded from Storage vMotion",
            fix: "disable Storage DRS / Storage vMotion for the master target VM",
          }),
        );
      }
    }
    return findings;
  },
};

/** MT-09: all VMs of one replication group fail back through the same master target. */
export const mt09: Rule = {
  id: "MT-09",
  area: "masterTarget",
  severity: "block",
  title: "All VMs of one replication group fail back through the same master target.",
  appliesTo: { flavors: vmwareFlavors, resources: ["reprotection", "failbackPlan"] },
  check(context) {
    const chosen = chosenMasterTargetName(context);
    const groups = new Map<string, Set<string>>();
    for (const item of itemsInScope(context) ?? []) {
      if (item.replicationGroup === undefined) continue;
      // Items not yet reprotected will use the master target chosen now.
      const masterTarget = item.masterTargetName ?? chosen;
      if (masterTarget === undefined) continue;
      const set = groups.get(item.replicationGroup) ?? new Set<string>();
      set.add(masterTarget);
      groups.set(item.replicationGroup, set);
    }
    return [...groups]
      .filter(([, masterTargets]) => masterTargets.size > 1)
      .map(([group, masterTargets]) =>
        finding("MT-09", {
          severity: "block",
          object: `replication group ${group}`,
          cause: `spans master targets ${[...masterTargets].sort().join(", ")}`,
          fix: "fail back all its vms through one master target",
          propertyPath: "reprotection.masterTargetName",
        }),
      );
  },
};

/** The master target rules in catalogue order. */
export const masterTargetRules: readonly Rule[] = [mt01, mt02, mt03, mt04, mt05, mt06, mt07, mt08, mt09];
