/**
 * Error codes of the modernized (replication appliance, InMageRcm / InMageRcmFailback) path for
 * failures the public material names without a number. As in {@link AsrErrorCodes}, a stable
 * descriptive code stands in for the service's own; the emulator fails jobs with exactly these.
 */
export const ApplianceErrorCodes = {
  /** A component of the replication appliance (reprotect agent, process server, ...) is not healthy (MR-02). */
  applianceNotHealthy: "ReplicationApplianceNotHealthy",
  /** The appliance would have more failback disks attached than it takes, 60 (MR-05). */
  applianceDiskLimitExceeded: "ApplianceFailbackDiskLimitExceeded",
  /** The Mobility agent in the failed-over Azure VM has not registered since failover (MR-14). */
  agentNotRegisteredAfterFailover: "MobilityAgentNotRegisteredAfterFailover",
} as const;

/** One of {@link ApplianceErrorCodes}. */
export type ApplianceErrorCode = (typeof ApplianceErrorCodes)[keyof typeof ApplianceErrorCodes];
