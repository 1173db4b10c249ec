/**
 * The failback prerequisite rules engine: the 53 rules of the failback rules catalogue and the 34
 * modernized (replication appliance) failback rules as pure checks over a normalized
 * {@link RuleContext}.
 */
export * from "./catalogue";
export { configurationServerRules } from "./configurationServer";
export * from "./estimate";
export {
  AGENT_REGISTRATION_GRACE_MINUTES,
  type AgentNotInstalledAdvice,
  adviseOnAgentNotInstalled,
  failoverRules,
  isAgentNotInstalledError,
} from "./failover";
export { hyperVRules, isCancelSafe, isWindowsServer2012R2OrLater, LONG_STAY_IN_AZURE_DAYS } from "./hyperV";
export { isWindowsServer2008R2, locationRules } from "./location";
export {
  FILE_SYSTEMS_NEEDING_PACKAGES,
  LARGE_FAILBACK_IN_BYTES,
  MASTER_TARGET_MAX_DISKS,
  masterTargetRules,
  retentionVolumeProblem,
} from "./masterTarget";
export { modernizedRules } from "./modernized";
export {
  APPLIANCE_HEARTBEAT_LIMIT_MINUTES,
  APPLIANCE_MAX_FAILBACK_DISKS,
  modernizedApplianceRules,
} from "./modernizedAppliance";
export { isRunAsAccountId, modernizedCommitRules } from "./modernizedCommit";
export { modernizedFailoverRules } from "./modernizedFailover";
export { modernizedNetworkRules } from "./modernizedNetwork";
export { AZURE_CONTAINER_ID, modernizedPolicyRules } from "./modernizedPolicy";
export { isStorageAccountId, modernizedReprotectRules } from "./modernizedReprotect";
export {
  MODERNIZED_FAILBACK,
  MODERNIZED_FORWARD,
  modernizedPathApplies,
  replicationPathOf,
  replicationPathOfContext,
  replicationPathOfInstanceType,
} from "./modernizedSupport";
export { DEFAULT_CONTROL_PORT, DEFAULT_DATA_PORT, ipv4InPrefix, networkRules, parseIpv4 } from "./network";
export {
  itemsDependingOnProcessServer,
  PROCESS_SERVER_HEARTBEAT_LIMIT_MINUTES,
  PROCESS_SERVER_REGISTRATION_MINUTES,
  processServerRules,
} from "./processServer";
export { failbackProtectionGroupName, isReadyForFailback, reprotectRules } from "./reprotect";
export type * from "./types";
export { ruleIds } from "./types";
export { vcenterRules } from "./vcenter";
