/**
 * The one item-stage model: stage vocabulary, per-flavor stage tables, and the classifier that
 * reads an item's stage off Site Recovery's protected item.
 */
export { classifyItem, isReplicationReady } from "./classifyItem";
export {
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
  type RunningJob,
  type StepKind,
  stageRank,
} from "./types";
