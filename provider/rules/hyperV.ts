/**
 * Hyper-V failback rules (HV-01..HV-09).
 */
import { estimateFailbackDuration, formatMinutes } from "./estimate";
import { declaredFlavor, finding, itemsOfFlavor, plural, reaches } from "./support";
import type { Finding, HyperVHostFacts, JobFacts, ProtectedItemFacts, Rule, RuleContext } from "./types";

/** Days in Azure after which syncing during failover (full download) is the better option (HV-04). */
export const LONG_STAY_IN_AZURE_DAYS = 30;

const hyperV = ["hyperv"] as const;

function isHyperV(context: RuleContext): boolean {
  return declaredFlavor(context) === "hyperv" || itemsOfFlavor(context, hyperV).length > 0;
}

/** HV-01: the primary VMM server or Hyper-V host is connected to Azure. */
export const hv01: Rule = {
  id: "HV-01",
  area: "hyperV",
  severity: "block",
  title: "The primary VMM server or Hyper-V host is connected to Azure.",
  appliesTo: { flavors: hyperV, resources: ["failbackPlan", "reprotection"] },
  check(context) {
    if (!isHyperV(context)) return [];
    const findings: Finding[] = [];
    const siteFacts = context.site?.hyperVSite;
    if (siteFacts?.connected === false) {
      findings.push(
        finding("HV-01", {
          severity: "block",
          object: `hyper-v site ${siteFacts.name}`,
          cause: "is not connected to Azure (its VMM server or Hyper-V hosts report no connection)",
          fix: "start the Site Recovery provider service on its VMM server or hosts and restore their connection before failback",
          propertyPath: "reprotection.fabricName",
        }),
      );
    }
    for (const host of context.site?.hyperVHosts ?? []) {
      if (host.connected !== false) continue;
      findings.push(
        finding("HV-01", {
          severity: "block",
          object: `${host.isVmm ? "vmm server" : "hyper-v host"} ${host.name}`,
          cause: "is not connected to Azure",
          fix: "start the Site Recovery provider service on it and restore its connection before failback",
          propertyPath: "reprotection.fabricName",
        }),
      );
    }
    return findings;
  },
};

/** HV-02: the failover to Azure was committed. */
export const hv02: Rule = {
  id: "HV-02",
  area: "hyperV",
  severity: "block",
  title: "The failover to Azure has been committed on the VM.",
  appliesTo: { flavors: hyperV, resources: ["failbackPlan"] },
  check(context) {
    return itemsOfFlavor(context, hyperV)
      .filter((item) => item.failoverToAzureCommitted === false)
      .map((item) =>
        finding("HV-02", {
          severity: "block",
          object: `vm ${item.name}`,
          cause: "has an uncommitted failover to Azure",
          fix: "commit the failover to Azure before failing back",
        }),
      );
  },
};

/** HV-03: VMs replicated to managed disks cannot fail back. */
export const hv03: Rule = {
  id: "HV-03",
  area: "hyperV",
  severity: "block",
  title: "Replication uses storage accounts; VMs replicated with managed disks cannot fail back.",
  appliesTo: { flavors: hyperV, resources: ["failbackPlan"] },
  check(context) {
    return itemsOfFlavor(context, hyperV)
      .filter((item) => item.usesManagedDisks === true)
      .map((item) =>
        finding("HV-03", {
          severity: "block",
          object: `vm ${item.name}`,
          cause: "replicates to managed disks, which cannot fail back",
          fix: "remove it from the failback plan (only storage-account replication fails back)",
          propertyPath: "failbackPlan.items",
        }),
      );
  },
};

/** HV-04: planned failover only; sync before failover (deltas) or during failover (full download). */
export const hv04: Rule = {
  id: "HV-04",
  area: "hyperV",
  severity: "block",
  title:
    "Hyper-V failback is a planned failover; data syncs before failover (deltas) or during it (full download).",
  appliesTo: { flavors: hyperV, resources: ["failbackPlan", "reprotection"] },
  check(context) {
    if (!isHyperV(context)) return [];
    const findings: Finding[] = [];
    const plan = context.inputs?.failbackPlan;
    if (plan?.failoverType === "unplanned") {
      findings.push(
        finding("HV-04", {
          severity: "block",
          object: `failback plan ${plan.name ?? "(unnamed)"}`,
          cause: "asks for an unplanned failover, but Hyper-V failback is planned only",
          fix: "use a planned failover",
          propertyPath: "failbackPlan.failoverType",
        }),
      );
    }
    if (context.inputs?.reprotection?.hyperV?.dataSyncOption !== "syncBeforeFailover") return findings;
    for (const item of itemsOfFlavor(context, hyperV)) {
      const longStay = item.daysInAzure !== undefined && item.daysInAzure >= LONG_STAY_IN_AZURE_DAYS;
      if (!longStay && item.onPremisesVmExists !== false) continue;
      findings.push(
        finding("HV-04", {
          severity: "info",
          object: `vm ${item.name}`,
          cause: longStay
            ? `has run in Azure for ${item.daysInAzure} days, so syncing deltas with checksums is slow`
            : "no longer exists on premises, so there are no deltas to sync",
          fix: "consider dataSyncOption syncDuringFailover (full download, no checksums)",
          propertyPath: "reprotection.hyperV.dataSyncOption",
        }),
      );
    }
    return findings;
  },
};

/** HV-05: with encryption enabled, the provider certificate must be given. */
export const hv05: Rule = {
  id: "HV-05",
  area: "hyperV",
  severity: "block",
  title: "With data encryption enabled, the certificate issued at provider install is given.",
  appliesTo: { flavors: hyperV, resources: ["reprotection"] },
  check(context) {
    const settings = context.inputs?.reprotection?.hyperV;
    if (settings?.encryptionEnabled !== true || settings.hasEncryptionCertificate !== false) return [];
    return [
      finding("HV-05", {
        severity: "block",
        object: "the reprotection",
        cause: "has data encryption enabled but no encryption certificate",
        fix: "provide the certificate issued when the provider was installed, as the secret hyperVEncryptionCertificate",
        propertyPath: "reprotection.hyperV.encryptionCertificate",
      }),
    ];
  },
};

/** Whether an OS version is Windows Server 2012 R2 or later; undefined when it cannot tell. */
export function isWindowsServer2012R2OrLater(osVersion: string): boolean | undefined {
  const match = /windows server (\d{4})(\s*r2)?/i.exec(osVersion);
  if (!match) return undefined;
  const year = Number(match[1]);
  return year > 2012 || (year === 2012 && match[2] !== undefined);
}

/** HV-06: alternate location needs a 2012 R2 Hyper-V host, the same switch name, VM creation, the host name. */
export const hv06: Rule = {
  id: "HV-06",
  area: "hyperV",
  severity: "block",
  title:
    "Alternate location: a Windows Server 2012 R2 Hyper-V host, a switch named as on the original host, create-VM-if-not-found, and the host name.",
  appliesTo: { flavors: hyperV, resources: ["reprotection"] },
  check(context) {
    const reprotection = context.inputs?.reprotection;
    const settings = reprotection?.hyperV;
    if (reprotection?.recoveryLocation !== "alternate" || settings === undefined || !isHyperV(context))
      return [];
    const findings: Finding[] = [];
    const object = `alternate host ${settings.alternateHostName || "(unnamed)"}`;
    if (settings.alternateHostName === "") {
      findings.push(
        finding("HV-06", {
          severity: "block",
          object: "the reprotection",
          cause: "recovers to an alternate location without a target host name",
          fix: "set reprotection.hyperV.alternateHostName",
          propertyPath: "reprotection.hyperV.alternateHostName",
        }),
      );
    }
    if (settings.createVmIfNotFound === false) {
      findings.push(
        finding("HV-06", {
          severity: "block",
          object: "the reprotection",
          cause: "recovers to an alternate location without createVmIfNotFound",
          fix: "set reprotection.hyperV.createVmIfNotFound to true",
          propertyPath: "reprotection.hyperV.createVmIfNotFound",
        }),
      );
    }
    const hosts = context.site?.hyperVHosts;
    const host = settings.alternateHostName ? findHost(hosts, settings.alternateHostName) : undefined;
    if (hosts !== undefined && settings.alternateHostName && !host) {
      findings.push(
        finding("HV-06", {
          severity: "block",
          object,
          cause: `is not a host of ${context.site?.hyperVSite ? `hyper-v site ${context.site.hyperVSite.name}` : "the hyper-v site"} (known: ${hosts.map((known) => known.name ?? "(unnamed)").join(", ") || "none"})`,
          fix: "register the host with the site (install the Site Recovery provider on it) or name a registered host",
          propertyPath: "reprotection.hyperV.alternateHostName",
        }),
      );
    }
    if (host && settings.virtualSwitchName !== undefined && host.virtualSwitchNames === undefined) {
      // Site Recovery reports a host's name and agent version, not its virtual switches, so
      // whether the switch exists there is unknown: a warning, not a block.
      findings.push(
        finding("HV-06", {
          severity: "warn",
          object,
          cause: `cannot be checked for virtual switch ${settings.virtualSwitchName} (Site Recovery does not report a host's switches)`,
          fix: `make sure virtual switch ${settings.virtualSwitchName} exists on it before failback`,
          propertyPath: "reprotection.hyperV.virtualSwitchName",
        }),
      );
    }
    if (host) {
      const modern = host.osVersion === undefined ? undefined : isWindowsServer2012R2OrLater(host.osVersion);
      if (modern === false) {
        findings.push(
          finding("HV-06", {
            severity: "block",
            object,
            cause: `runs ${host.osVersion}`,
            fix: "use a host running Windows Server 2012 R2 or later",
          }),
        );
      }
      if (host.hasHyperVRole === false) {
        findings.push(
          finding("HV-06", {
            severity: "block",
            object,
            cause: "does not have the Hyper-V role",
            fix: "install the Hyper-V role on it",
          }),
        );
      }
      const switchName = settings.virtualSwitchName;
      if (
        switchName !== undefined &&
        host.virtualSwitchNames !== undefined &&
        !host.virtualSwitchNames.includes(switchName)
      ) {
        findings.push(
          finding("HV-06", {
            severity: "block",
            object,
            cause: `has no virtual switch ${switchName}`,
            fix: `create virtual switch ${switchName} on it`,
            propertyPath: "reprotection.hyperV.virtualSwitchName",
          }),
        );
      }
    }
    const switchName = settings.virtualSwitchName;
    if (switchName !== undefined) {
      for (const item of itemsOfFlavor(context, hyperV)) {
        if (item.originalVirtualSwitchName === undefined || item.originalVirtualSwitchName === switchName)
          continue;
        findings.push(
          finding("HV-06", {
            severity: "block",
            object: `vm ${item.name}`,
            cause: `used switch ${item.originalVirtualSwitchName} on its original host, not ${switchName}`,
            fix: `name the alternate host's switch ${item.originalVirtualSwitchName}`,
            propertyPath: "reprotection.hyperV.virtualSwitchName",
          }),
        );
      }
    }
    return findings;
  },
};

/**
 * The host of that name: exact (case-insensitive), or by its first DNS label, because a site may
 * report `hv02.contoso.local` for a host the user names `hv02` (inferred from how providers
 * register; Site Recovery documents no form).
 */
function findHost(hosts: readonly HyperVHostFacts[] | undefined, name: string): HyperVHostFacts | undefined {
  const shortName = (value: string | undefined) => value?.split(".")[0]?.toLowerCase();
  return (
    hosts?.find((candidate) => candidate.name?.toLowerCase() === name.toLowerCase()) ??
    hosts?.find((candidate) => shortName(candidate.name) === shortName(name))
  );
}

/**
 * Whether cancelling `job` is safe (HV-07): cancelling during data sync corrupts the on-premises
 * VM, so it is unsafe then, and when the job's phase is unknown.
 */
export function isCancelSafe(job: JobFacts): boolean {
  return job.dataSyncInProgress === false || (job.state !== undefined && job.state !== "InProgress");
}

/** HV-07: never cancel the failback job during data sync. */
export const hv07: Rule = {
  id: "HV-07",
  area: "hyperV",
  severity: "block",
  title: "Never cancel the failback job during data sync; it leaves the on-premises VM corrupt.",
  appliesTo: { flavors: hyperV, resources: ["failbackPlan"] },
  check(context) {
    const operation = context.operation;
    if (operation?.kind !== "cancelJob") return [];
    const job = context.site?.jobs?.find((candidate) => candidate.name === operation.jobName);
    if (job?.dataSyncInProgress !== true || isCancelSafe(job)) return [];
    return [
      finding("HV-07", {
        severity: "block",
        object: `failback job ${job.name}${job.itemName ? ` of vm ${job.itemName}` : ""}`,
        cause: "is synchronizing data, and cancelling now leaves the on-premises vm corrupt",
        fix: "let the data sync finish; if it was cancelled, re-trigger the failover to repair the vm",
      }),
    ];
  },
};

/** The disks to move for an item, or undefined when any size is unknown. */
function disksOf(item: ProtectedItemFacts): { sizeInBytes: number; changedBytes?: number }[] | undefined {
  const disks = item.disks;
  if (!disks || disks.length === 0 || disks.some((disk) => disk.sizeInBytes === undefined)) return undefined;
  return disks.map((disk) =>
    disk.changedBytes === undefined
      ? { sizeInBytes: disk.sizeInBytes! }
      : { sizeInBytes: disk.sizeInBytes!, changedBytes: disk.changedBytes },
  );
}

/** HV-08 (info): duration estimate from checksum rate, bandwidth, and full vs delta sync. */
export const hv08: Rule = {
  id: "HV-08",
  area: "hyperV",
  severity: "info",
  title: "Duration: checksums run at a few GB per minute; changed blocks move at the available bandwidth.",
  appliesTo: { flavors: hyperV, resources: ["failbackPlan"] },
  check(context) {
    const bandwidthInMbps = context.site?.linkBandwidthInMbps;
    const option = context.inputs?.reprotection?.hyperV?.dataSyncOption;
    if (bandwidthInMbps === undefined || !(bandwidthInMbps > 0) || option === undefined) return [];
    const items = itemsOfFlavor(context, hyperV);
    const disks = items.map(disksOf);
    if (items.length === 0 || disks.some((list) => list === undefined)) return [];
    const rate = context.site?.checksumRateInGigabytesPerMinute;
    let estimate: ReturnType<typeof estimateFailbackDuration>;
    try {
      estimate = estimateFailbackDuration({
        disks: disks.flat() as { sizeInBytes: number }[],
        mode: option === "syncDuringFailover" ? "full" : "delta",
        bandwidthInMbps,
        ...(rate !== undefined && rate > 0 ? { checksumRateInGigabytesPerMinute: rate } : {}),
      });
    } catch {
      // Nonsensical reported sizes: no estimate rather than a wrong one.
      return [];
    }
    const gigabytes = (estimate.bytesToTransfer / 1e9).toFixed(1);
    return [
      finding("HV-08", {
        severity: "info",
        object: `failback of ${plural(items.length, "vm")}`,
        cause: `moves about ${gigabytes} GB and takes about ${formatMinutes(estimate.totalMinutes)}`,
        fix: "plan the window accordingly; more MARS agent download threads help when bandwidth is unused",
      }),
    ];
  },
};

/** HV-09 (info): after commit, reverse replication sends only the changes since the Azure VM shut down. */
export const hv09: Rule = {
  id: "HV-09",
  area: "hyperV",
  severity: "info",
  title: "After commit, reverse replication sends only the changes made since the Azure VM was shut down.",
  appliesTo: { flavors: hyperV, resources: ["failbackPlan"] },
  check(context) {
    if (!reaches(context, "protectedToAzure")) return [];
    return itemsOfFlavor(context, hyperV).map((item) =>
      finding("HV-09", {
        severity: "info",
        object: `vm ${item.name}`,
        cause: "will replicate to Azure again, sending only changes made since its Azure VM shut down",
        fix: "no initial replication is needed; expect a short resync",
      }),
    );
  },
};

/** The Hyper-V rules in catalogue order. */
export const hyperVRules: readonly Rule[] = [hv01, hv02, hv03, hv04, hv05, hv06, hv07, hv08, hv09];
