/**
 * Telling a refused action apart from one whose answer was lost.
 *
 * When Site Recovery accepts an action but its 202 never reaches the client (a reset
 * connection, a proxy timeout), the pipeline retries the POST and the service refuses the retry:
 * 409 while the job it started runs, 400 OperationNotAllowed once that job has moved the item on.
 * Re-issuing would break "once per item per stage", and failing would stop a run that is going
 * well; so after any refusal the item is read again and, when it runs the job this step would
 * start or already stands where the step leads, the step counts as taken.
 */
import { AzureCallError } from "../errors";
import { type ItemPosition, type StageStep, stageRank } from "../stageModel";

/** True for a refusal of the call itself (400 or 409), after which the item is worth re-reading. */
export function isRefusal(error: unknown): boolean {
  return error instanceof AzureCallError && (error.statusCode === 400 || error.statusCode === 409);
}

/**
 * What a refused `step` means, judged on the item read after the refusal:
 * - `"running"`: the item runs the job of this very step (`runningStep` is the step of its
 *   `currentScenario`); the caller awaits that job instead of starting another.
 * - `"done"`: the item stands where the step leads; the job ran and ended before the retry.
 * - `undefined`: a genuine refusal; the caller reports the original error.
 */
export function adoptionAfterRefusal(
  step: StageStep,
  current: ItemPosition,
  runningStep: StageStep | undefined,
): "running" | "done" | undefined {
  if (current.runningJob) return runningStep?.kind === step.kind ? "running" : undefined;
  if (current.problem) return undefined;
  // A cancel goes back a stage: it is done when the item stands exactly where it leads.
  const reached =
    step.kind === "cancelFailover"
      ? current.stage === step.to
      : stageRank(current.stage) >= stageRank(step.to);
  return reached ? "done" : undefined;
}
