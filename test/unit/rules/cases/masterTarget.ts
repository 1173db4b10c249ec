import type { AreaCases, MutableContext } from "../fixtures";

const TB = 1024 ** 4;

/** Makes both vms Linux and chooses the Linux master target. */
function goLinux(context: MutableContext): void {
  context.inputs!.reprotection!.masterTargetName = "mt-lnx-01";
  context.inputs!.masterTarget = { name: "mt-lnx-01", expectedOsType: "linux" };
  context.inputs!.reprotection!.retentionDrive = "/mnt/retention";
  for (const item of context.site!.protectedItems!) {
    item.osType = "linux";
    item.osVersion = "RHEL 7.9";
    item.rootFileSystem = "ext4";
    item.bootFileSystem = "ext4";
    item.masterTargetName = "mt-lnx-01";
  }
}

function masterTarget(context: MutableContext, name = "mt-win-01") {
  return context.site!.masterTargets!.find((candidate) => candidate.name === name)!;
}

export const masterTargetCases: AreaCases = {
  area: "masterTarget",
  breaking: [
    {
      id: "MT-01",
      when: "a Linux vm goes through a Windows master target",
      mutate: (c) => {
        c.site!.protectedItems![1]!.osType = "linux";
      },
      object: "vm vm-web-2",
      fix: "fail it back through a linux master target",
      propertyPath: "reprotection.masterTargetName",
    },
    {
      id: "MT-01",
      when: "the master target runs another OS than its declared osType",
      mutate: (c) => {
        c.inputs!.masterTarget!.expectedOsType = "linux";
      },
      object: "master target mt-win-01",
      fix: "set osType to windows",
      propertyPath: "masterTarget.osType",
    },
    {
      id: "MT-01",
      when: "an unreported master target is declared for another OS than its vms",
      mutate: (c) => {
        delete masterTarget(c).osType;
        c.inputs!.masterTarget!.expectedOsType = "linux";
      },
      object: "vm vm-web-1",
      fix: "fail it back through a windows master target",
      propertyPath: "masterTarget.osType",
    },
    {
      id: "MT-02",
      when: "the master target has snapshots",
      mutate: (c) => {
        masterTarget(c).snapshotCount = 2;
      },
      object: "master target mt-win-01",
      fix: "delete them before failback",
    },
    {
      id: "MT-03",
      when: "the Linux master target lacks disk.EnableUUID",
      mutate: (c) => {
        goLinux(c);
        masterTarget(c, "mt-lnx-01").diskEnableUuid = false;
      },
      object: "master target mt-lnx-01",
      fix: "set disk.EnableUUID = TRUE",
    },
    {
      id: "MT-03",
      when: "the Linux master target misses required packages",
      mutate: (c) => {
        goLinux(c);
        masterTarget(c, "mt-lnx-01").missingPackages = ["device-mapper-multipath", "lsscsi"];
      },
      object: "master target mt-lnx-01",
      fix: "install them on the master target",
    },
    {
      id: "MT-03",
      when: "a vm boots from ReiserFS the master target cannot handle",
      mutate: (c) => {
        goLinux(c);
        c.site!.protectedItems![0]!.bootFileSystem = "ReiserFS";
      },
      object: "master target mt-lnx-01",
      fix: "install the reiserfs packages",
    },
    {
      id: "MT-04",
      when: "the built-in master target must receive more than a tebibyte",
      mutate: (c) => {
        masterTarget(c).isOnConfigurationServer = true;
        c.site!.protectedItems![0]!.disks![0]!.sizeInBytes = 2 * TB;
      },
      object: "master target mt-win-01",
      fix: "separate master target",
    },
    {
      id: "MT-05",
      when: "no master target is discovered",
      mutate: (c) => {
        for (const mt of c.site!.masterTargets!) mt.discovered = false;
      },
      object: "the configuration server",
      fix: "install a master target",
    },
    {
      id: "MT-05",
      when: "physical servers fail back to an undiscovered ESX host",
      mutate: (c) => {
        c.inputs!.flavor = "physical";
        c.inputs!.reprotection!.recoveryLocation = "alternate";
        for (const item of c.site!.protectedItems!) item.flavor = "physical";
        c.site!.esxHosts![0]!.discovered = false;
      },
      object: "esx host esx-01",
      fix: "wait for discovery",
    },
    {
      id: "MT-05",
      when: "the declared master target is not registered yet",
      mutate: (c) => {
        c.inputs!.masterTarget!.name = "mt-win-02";
        c.inputs!.reprotection!.masterTargetName = "mt-win-02";
      },
      object: "master target mt-win-02",
      fix: "up waits for its registration",
      severity: "warn",
      propertyPath: "masterTarget.name",
    },
    {
      id: "MT-06",
      when: "the retention drive belongs to another master target",
      mutate: (c) => {
        c.inputs!.reprotection!.retentionDrive = "/mnt/retention";
      },
      object: "master target mt-win-01",
      fix: "choose one of its retention volumes (E:)",
      propertyPath: "reprotection.retentionDrive",
    },
    {
      id: "MT-06",
      when: "the datastore is not one of the master target's",
      mutate: (c) => {
        c.inputs!.reprotection!.datastoreName = "ds-other";
      },
      object: "master target mt-win-01",
      fix: "choose one of its datastores (ds-vmfs-01)",
      propertyPath: "reprotection.datastoreName",
    },
    {
      id: "MT-07",
      when: "the chosen datastore is NFS",
      mutate: (c) => {
        masterTarget(c).datastores!.push({ name: "ds-nfs-01", type: "NFS" });
        c.inputs!.reprotection!.datastoreName = "ds-nfs-01";
      },
      object: "datastore ds-nfs-01",
      fix: "choose a VMFS or vSAN datastore",
      propertyPath: "reprotection.datastoreName",
    },
    {
      id: "MT-07",
      when: "the chosen datastore is NFS and reached only by another master target",
      mutate: (c) => {
        masterTarget(c, "mt-lnx-01").datastores = [{ name: "ds-nfs-01", type: "NFS" }];
        c.inputs!.reprotection!.datastoreName = "ds-nfs-01";
      },
      object: "datastore ds-nfs-01",
      fix: "choose a VMFS or vSAN datastore",
      propertyPath: "reprotection.datastoreName",
    },
    {
      id: "MT-07",
      when: "the chosen retention volume is FAT32",
      mutate: (c) => {
        masterTarget(c).retentionVolumes![0]!.fileSystem = "FAT32";
      },
      object: "retention volume E: of master target mt-win-01",
      fix: "neither a cache volume nor locked",
      propertyPath: "reprotection.retentionDrive",
    },
    {
      id: "MT-07",
      when: "the chosen retention volume is a cache volume",
      mutate: (c) => {
        masterTarget(c).retentionVolumes![0]!.isCache = true;
      },
      object: "retention volume E: of master target mt-win-01",
      fix: "choose an NTFS/ext4 retention volume",
    },
    {
      id: "MT-07",
      when: "the chosen retention volume is locked",
      mutate: (c) => {
        masterTarget(c).retentionVolumes![0]!.isLocked = true;
      },
      object: "retention volume E: of master target mt-win-01",
      fix: "choose an NTFS/ext4 retention volume",
    },
    {
      id: "MT-07",
      when: "no datastore was chosen and the master target has only NFS",
      mutate: (c) => {
        delete c.inputs!.reprotection!.datastoreName;
        masterTarget(c).datastores = [{ name: "ds-nfs-01", type: "NFS" }];
      },
      object: "master target mt-win-01",
      fix: "choose a VMFS or vSAN datastore",
    },
    {
      id: "MT-08",
      when: "the master target has 61 disks",
      mutate: (c) => {
        masterTarget(c).diskCount = 61;
      },
      object: "master target mt-win-01",
      fix: "spread the failback over another master target",
    },
    {
      id: "MT-08",
      when: "the master target uses a Paravirtual controller",
      mutate: (c) => {
        masterTarget(c).scsiController = "paravirtual";
      },
      object: "master target mt-win-01",
      fix: "change its SCSI controller to LSI Logic",
    },
    {
      id: "MT-08",
      when: "the master target is not excluded from Storage vMotion",
      mutate: (c) => {
        masterTarget(c).excludedFromStorageVmotion = false;
      },
      object: "master target mt-win-01",
      fix: "disable Storage DRS / Storage vMotion",
    },
    {
      id: "MT-09",
      when: "vms of one replication group use different master targets",
      mutate: (c) => {
        c.site!.protectedItems![1]!.masterTargetName = "mt-win-02";
      },
      object: "replication group rg-web",
      fix: "fail back all its vms through one master target",
    },
  ],
  healthy: [
    { id: "MT-01", when: "Linux vms go through a Linux master target", mutate: goLinux },
    {
      id: "MT-01",
      when: "the master target's OS is unknown",
      mutate: (c) => {
        delete masterTarget(c).osType;
        delete c.inputs!.masterTarget!.expectedOsType;
        c.site!.protectedItems![1]!.osType = "linux";
      },
    },
    {
      id: "MT-02",
      when: "an unused master target has snapshots",
      mutate: (c) => {
        masterTarget(c, "mt-lnx-01").snapshotCount = 3;
      },
    },
    {
      id: "MT-03",
      when: "a vm uses XFS, which the master target supports",
      mutate: (c) => {
        goLinux(c);
        c.site!.protectedItems![0]!.rootFileSystem = "xfs";
      },
    },
    {
      id: "MT-03",
      when: "the unused Linux master target lacks disk.EnableUUID",
      mutate: (c) => {
        masterTarget(c, "mt-lnx-01").diskEnableUuid = false;
      },
    },
    {
      id: "MT-04",
      when: "a separate master target receives a large failback",
      mutate: (c) => {
        c.site!.protectedItems![0]!.disks![0]!.sizeInBytes = 2 * TB;
      },
    },
    {
      id: "MT-04",
      when: "the built-in master target receives little data",
      mutate: (c) => {
        masterTarget(c).isOnConfigurationServer = true;
      },
    },
    {
      id: "MT-05",
      when: "one of two master targets is discovered",
      mutate: (c) => {
        masterTarget(c, "mt-lnx-01").discovered = false;
      },
    },
    {
      id: "MT-06",
      when: "the chosen datastore is NFS (MT-07 reports it)",
      mutate: (c) => {
        masterTarget(c, "mt-lnx-01").datastores = [{ name: "ds-nfs-01", type: "NFS" }];
        c.inputs!.reprotection!.datastoreName = "ds-nfs-01";
      },
    },
    {
      id: "MT-06",
      when: "the chosen master target is not reported",
      mutate: (c) => {
        c.inputs!.reprotection!.masterTargetName = "mt-unknown";
      },
    },
    {
      id: "MT-07",
      when: "the chosen datastore is vSAN and an NFS one exists too",
      mutate: (c) => {
        masterTarget(c).datastores = [
          { name: "ds-nfs-01", type: "NFS" },
          { name: "ds-vsan-01", type: "vSAN" },
        ];
        c.inputs!.reprotection!.datastoreName = "ds-vsan-01";
      },
    },
    {
      id: "MT-08",
      when: "the master target has exactly 60 disks",
      mutate: (c) => {
        masterTarget(c).diskCount = 60;
      },
    },
    {
      id: "MT-09",
      when: "vms of different replication groups use different master targets",
      mutate: (c) => {
        c.site!.protectedItems![1]!.masterTargetName = "mt-win-02";
        c.site!.protectedItems![1]!.replicationGroup = "rg-other";
      },
    },
  ],
};
