/**
 * The engine's parallelism and long-running plans.
 *
 * The engine runs at most `--parallel` resource operations at once: by default 4 × the machine's
 * CPUs, 8 on a 2-core runner. A FailbackPlan's create or update holds one of those slots for its
 * whole run, hours of ASR jobs, so a plan past the limit does not start until an earlier plan has
 * finished, and a site's failback takes twice as long with no error anywhere. Only the program
 * can see this coming: it knows how many plans it declares and the engine's limit.
 */
import * as pulumi from "@pulumi/pulumi";

/**
 * The engine's `--parallel` as the Node.js language host hands it to the program
 * (`PULUMI_NODEJS_PARALLEL`, set by `@pulumi/pulumi`'s program runner), or undefined when the
 * program runs without an engine (mocks) or with no limit.
 */
export function engineParallelism(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const value = Number(env["PULUMI_NODEJS_PARALLEL"]);
  return Number.isInteger(value) && value > 0 && value < 2 ** 31 - 1 ? value : undefined;
}

/**
 * The warning for the `ordinal`-th FailbackPlan of a program (1-based) when the engine runs
 * `parallel` operations at once, or undefined when the plan gets a slot with the ones before it.
 */
export function engineSlotWarning(
  name: string,
  ordinal: number,
  parallel: number | undefined,
): string | undefined {
  if (parallel === undefined || ordinal <= parallel) return undefined;
  return (
    `FailbackPlan ${name} is plan ${ordinal} of this program, and pulumi runs at most ${parallel} resource ` +
    `operations at once (--parallel; by default 4 × the CPUs). Each plan holds one for its whole run, so ${name} ` +
    `starts only when an earlier plan has finished. To fail the plans back together, run ` +
    `\`pulumi up --parallel N\` with N at least the number of FailbackPlans plus the other resources changed in the same update.`
  );
}

/** FailbackPlans declared so far by this program. */
let plansDeclared = 0;

/** Counts a FailbackPlan of the program and warns on it when it will wait for an engine slot. */
export function notePlanDeclared(plan: pulumi.Resource, name: string): void {
  plansDeclared += 1;
  const warning = engineSlotWarning(name, plansDeclared, engineParallelism());
  if (warning) void pulumi.log.warn(warning, plan);
}
