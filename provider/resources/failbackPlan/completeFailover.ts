/**
 * The operator's word for a Hyper-V failback that stops for "complete failover" (HV-04):
 * `completeFailover: manual` makes `up` stop once the data is synced, the jobs suspended.
 */

/** The warning of a run whose `items` wait for "complete failover", and how to complete them. */
export function completeFailoverWarning(
  items: readonly string[],
  stage: string,
  targetStage: string,
): string {
  return `HV-04: ${items.join(", ")} synced and wait for "complete failover"; the plan stops at ${stage}, short of targetStage ${targetStage}. To complete, set hyperV.completeFailover to "automatic" and run up again: that up resumes the suspended jobs`;
}
