/**
 * The one item-stage model: stage vocabulary, per-flavor stage tables, and the classifier that
 * reads an item's stage off Site Recovery's protected item.
 */
export { classifyItem, isReplicationReady } from "./classifyItem";
export {
  cancelFailoverStep,
  type StageStep,
  stageTable,
  stepOfScenario,
  stepsBetween,
  targetItemStage,
  targetStagesOf,
} from "./stageTable";
export {
  type FailbackTargetStage,
  type Flavor,
  type ItemPosition,
  type ItemStage,
  itemStageOrder,
  modernizedInstanceTypes,
  type ReplicationPath,
  type RunningJob,
  replicationPathOf,
  type StepKind,
  stageRank,
} from "./types";
