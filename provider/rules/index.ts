/**
 * The failback prerequisite rules engine: the 53 rules of the failback rules catalogue as pure
 * checks over a normalized {@link RuleContext}.
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
