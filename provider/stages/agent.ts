/**
 * FO-05: reading off a protected item whether the Mobility agent of its on-premises VM has
 * registered since the VM booted at failback.
 *
 * Site Recovery shows the source server's last heartbeat in the classic item's
 * `providerSpecificDetails.lastHeartbeat` (InMage / InMageAzureV2) and, while the agent is not
 * registered, an agent-not-installed entry in `healthErrors`. The VM booted when the failback
 * failover ended: `lastSuccessfulFailoverTime`. A heartbeat from before that boot is the old
 * source's, not the booted VM's agent.
 */
import type { ReplicationProtectedItem } from "@azure/arm-recoveryservices-siterecovery";
import { AsrErrorCodes } from "asr-contract";
import { isAgentNotInstalledError } from "../rules";

/** What an item tells about its on-premises agent. */
export interface AgentRegistration {
  /** The agent heartbeated since the VM booted. */
  readonly registered: boolean;
  /** When the on-premises VM booted (Site Recovery's clock), when the item tells. */
  readonly bootMs?: number;
  /** Newest Site Recovery time the item carries (heartbeat, health error times), if any. */
  readonly siteRecoveryTimeMs?: number;
}

function timeMs(value: unknown): number | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.getTime();
  if (typeof value === "string") {
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? undefined : parsed;
  }
  return undefined;
}

/** Reads the agent's registration off a classic protected item. */
export function agentRegistrationOf(item: ReplicationProtectedItem): AgentRegistration {
  const properties = item.properties ?? {};
  const details = (properties.providerSpecificDetails ?? {}) as { lastHeartbeat?: unknown };
  const bootMs = timeMs(properties.lastSuccessfulFailoverTime);
  const heartbeatMs = timeMs(details.lastHeartbeat);
  const healthErrors = properties.healthErrors ?? [];
  const agentMissing = healthErrors.some(
    (error) =>
      error.errorCode === AsrErrorCodes.agentNotInstalled ||
      isAgentNotInstalledError(error.errorMessage ?? ""),
  );
  const times = [heartbeatMs, ...healthErrors.map((error) => timeMs(error.creationTimeUtc))].filter(
    (time): time is number => time !== undefined,
  );
  const heartbeatSinceBoot = heartbeatMs !== undefined && (bootMs === undefined || heartbeatMs >= bootMs);
  return {
    registered: heartbeatSinceBoot && !agentMissing,
    ...(bootMs !== undefined ? { bootMs } : {}),
    ...(times.length > 0 ? { siteRecoveryTimeMs: Math.max(...times) } : {}),
  };
}
