/**
 * Planning an action on protected items: validate the request against the item's state and the
 * inputs (refusals are immediate ARM errors), then lay out the job's phases with durations from
 * the world and decide whether — and where — the world makes the job fail. One module per action
 * (and direction), `planItemAction` picks among them.
 *
 * Which failures are immediate and which fail the job follows Site Recovery: malformed or
 * mismatching inputs are refused synchronously; facts of the site (snapshots, a disconnected
 * vCenter, an unreachable configuration server...) are found by the job's prerequisite check or
 * when it touches the site, and fail the job with the code Site Recovery uses.
 */
export { agentRegistrationAtMs } from "../agent";
export { type ItemAction, type ItemActionPlan, type JobLayout, jobLayout } from "./common";
export { planItemAction } from "./planItemAction";
export { planRecoveryPlanAction, planRestartedRecoveryPlanItems } from "./recoveryPlan";
