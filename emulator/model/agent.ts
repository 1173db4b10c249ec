/**
 * The Mobility agent of an on-premises VM after failback (FO-05): the VM boots at the end of the
 * failover, and its agent registers with the configuration server 5–15 minutes later. Until then
 * a reprotect to Azure fails with "agent not installed", and the protected item shows no
 * heartbeat from the source server and an agent-not-installed health error; after, it shows a
 * heartbeat at most a minute old.
 */

import { stableNumberBetween } from "./ids";
import type { ItemPhase, Scenario } from "./scenario";
import { findScenarioItem } from "./scenarioItems";
import type { ItemState } from "./world";

/** Longest time after boot the agent takes to register (FO-05), in minutes. */
export const AGENT_REGISTRATION_MAX_MINUTES = 15;

/** Interval of the registered agent's heartbeats, in milliseconds. */
export const AGENT_HEARTBEAT_INTERVAL_IN_MS = 60_000;

/** Phases in which the on-premises VM runs after failback and its agent is the item's source. */
const runsOnPremisesAfterFailback: readonly ItemPhase[] = [
  "FailedBackToOnPremises",
  "FailbackCommittedOnPremises",
];

/**
 * When the item's on-premises agent registers after boot: the scenario's
 * `agentRegistrationMinutesAfterBoot` when given, else a stable 5–15 minutes per item.
 */
export function agentRegistrationAtMs(item: ItemState, scenario?: Scenario): number | undefined {
  if (item.onPremisesVmBootAtMs === undefined) return undefined;
  const configured = scenario
    ? findScenarioItem(scenario, item.name)?.agentRegistrationMinutesAfterBoot
    : undefined;
  const minutes = configured ?? stableNumberBetween(5, AGENT_REGISTRATION_MAX_MINUTES, "agent", item.name);
  return item.onPremisesVmBootAtMs + Math.round(minutes * 60_000);
}

/** What the item shows of its agent at `nowMs`; undefined when the agent is not the item's source. */
export type AgentView =
  | { readonly registered: false; readonly bootAtMs: number }
  | { readonly registered: true; readonly bootAtMs: number; readonly lastHeartbeatMs: number };

/** The on-premises agent as Site Recovery sees it at `nowMs` (classic items after failback only). */
export function agentViewAt(item: ItemState, scenario: Scenario, nowMs: number): AgentView | undefined {
  if (item.flavor === "HyperV" || item.replicationPath === "modernized") return undefined;
  if (!runsOnPremisesAfterFailback.includes(item.phase)) return undefined;
  const bootAtMs = item.onPremisesVmBootAtMs;
  const registersAtMs = agentRegistrationAtMs(item, scenario);
  if (bootAtMs === undefined || registersAtMs === undefined) return undefined;
  if (nowMs < registersAtMs) return { registered: false, bootAtMs };
  const beats = Math.floor((nowMs - registersAtMs) / AGENT_HEARTBEAT_INTERVAL_IN_MS);
  return {
    registered: true,
    bootAtMs,
    lastHeartbeatMs: registersAtMs + beats * AGENT_HEARTBEAT_INTERVAL_IN_MS,
  };
}
