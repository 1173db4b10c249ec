/**
 * The ARM-compatible Azure Site Recovery emulator: a local server that answers the REST paths,
 * shapes and long-running-operation protocol the official Azure SDK clients use, backed by a
 * model of the on-premises and Azure world (a scenario).
 *
 * In-process use (tests): `const emulator = await startEmulator({ scenarioFile:
 * bundledScenarioPath("vmware-healthy") })` listens on an ephemeral port of 127.0.0.1; point the
 * client at `emulator.endpoint` with `emulator.token`, move time with `emulator.advance(seconds)`
 * (or start with a `timeScale`), read `emulator.requests`, and stop with `emulator.close()`.
 * As a program: the `asr-emulator` command (`cli.ts`).
 */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { z } from "zod";
import { type RealTimeSource, SimulatedClock } from "./clock";
import { FaultInjector } from "./faults";
import { ArmThrottle } from "./http/arm/throttling";
import { asrRoutes } from "./http/asr";
import type { EmulatorServices, EmulatorSettings } from "./http/context";
import { adminRoutes } from "./http/handlers/admin";
import { computeRoutes } from "./http/handlers/compute";
import { networkRoutes } from "./http/network";
import { Router } from "./http/router";
import { createEmulatorServer } from "./http/server";
import { loadScenarioFile, validateScenario } from "./model/loadScenario";
import type { Scenario, ScenarioInput } from "./model/scenario";
import { DEFAULT_THROTTLING, Throttling, type ThrottlingInput } from "./model/scenarioThrottling";
import { createWorld, type WorldState } from "./model/world";
import { RequestLog } from "./requestLog";
import { StateDirectory } from "./store/persistence";
import { WorldStore } from "./store/worldStore";

// The package's programmatic surface: `startEmulator` and `bundledScenarioPath` below, and these.
/** The simulated clock a running emulator advances (`RunningEmulator.clock`). */
export type { ClockSnapshot, RealTimeSource, SimulatedClock } from "./clock";
/** An ARM error answer (`{ error: { code, message } }`) with its HTTP status. */
export { ArmError } from "./errors";
/** Fault injection (`RunningEmulator.faults`): throttle, fail, reset or slow matching requests, or fail their jobs. */
export type { FaultInjector, FaultKind, FaultRule, FaultRuleInput } from "./faults";
/** ARM's throttle (`RunningEmulator.throttle`): token buckets per principal and subscription. */
export type {
  ArmThrottle,
  OperationKind,
  RemainingTokens,
  SubscriptionDrainInput,
} from "./http/arm/throttling";
/** Scenario validation: a scenario YAML text or object that does not match the schema is a `ScenarioError`. */
export { parseScenario, ScenarioError, validateScenario } from "./model/loadScenario";
/** A scenario: the on-premises and Azure world an emulator starts from. */
export type { Scenario, ScenarioInput } from "./model/scenario";
/** ARM's request limits as a scenario's `throttling` block or the `throttling` option gives them. */
export type { BucketLimits, Throttling, ThrottlingInput } from "./model/scenarioThrottling";
/** The persisted world (`RunningEmulator.world()`). */
export type { WorldState } from "./model/world";
/** The log of requests served (`RunningEmulator.requests`), for exactly-once checks. */
export type { ActionRecord, RequestLog, RequestLogEntry } from "./requestLog";
/** A saved world that cannot be read back: an error, never a silent reset. */
export { CorruptStateError } from "./store/persistence";
/** The world's store (`RunningEmulator.store`): reads and mutations behind the HTTP handlers. */
export type { WorldStore } from "./store/worldStore";

/** Options of {@link startEmulator}. */
export interface StartEmulatorOptions {
  /** Scenario YAML file. Ignored when a saved world is resumed from `stateDirectory`. */
  readonly scenarioFile?: string;
  /** Scenario as an object (instead of a file). */
  readonly scenario?: ScenarioInput | Scenario;
  /** Directory where the world persists across restarts; omitted: in memory only. */
  readonly stateDirectory?: string;
  /** Discard the saved world and token and start again from the scenario. */
  readonly reset?: boolean;
  /** Port on 127.0.0.1; 0 or omitted: an ephemeral port. */
  readonly port?: number;
  /** Simulated seconds per real second; 0 (default) freezes time between `advance` calls. */
  readonly timeScale?: number;
  /** Real-time source of the clock (tests of the clock itself). */
  readonly realTime?: RealTimeSource;
  /** Bearer token to accept; default: the saved one, else a new random one. */
  readonly token?: string;
  /** `Retry-After` seconds on accepted operations (default 0: the client's poll interval rules). */
  readonly retryAfterSeconds?: number;
  /**
   * Items per page of list answers (default {@link DEFAULT_PAGE_SIZE}); a whole number >= 1.
   * Tests set a small one so every list spans pages.
   */
  readonly pageSize?: number;
  /** Simulated seconds each poll of an unfinished operation advances the clock (default 0: off). */
  readonly advanceOnPollSeconds?: number;
  /**
   * Answer Site Recovery's 202s with a `Location` final-result URL as well (default false: only
   * `Azure-AsyncOperation` and `Retry-After`, as Microsoft's published examples show).
   */
  readonly lroLocation?: boolean;
  /**
   * ARM's request limits, over the scenario's `throttling` block (which defaults to ARM's
   * published limits, enforced); `false` turns throttling off.
   */
  readonly throttling?: ThrottlingInput | false;
  /**
   * Entries the request log keeps before dropping the oldest (default 100,000); benchmarks of
   * large sites raise it so their counts cover the whole run.
   */
  readonly requestLogCapacity?: number;
}

/** A running emulator. */
export interface RunningEmulator {
  /** `http://127.0.0.1:<port>`: the ARM endpoint to give the SDK clients. */
  readonly endpoint: string;
  /** The bearer token the emulator accepts. */
  readonly token: string;
  /** The scenario's subscription GUID. */
  readonly subscriptionId: string;
  /** The resource group of the scenario's Recovery Services vault. */
  readonly resourceGroup: string;
  /** The name of the scenario's Recovery Services vault. */
  readonly vaultName: string;
  /** The Azure region of the scenario (`westeurope`). */
  readonly location: string;
  /** The simulated clock: frozen between `advance` calls unless started with a `timeScale`. */
  readonly clock: SimulatedClock;
  /** The world's store, for tests that read or arrange the state directly. */
  readonly store: WorldStore;
  /** The request log (exactly-once checks). */
  readonly requests: RequestLog;
  /** Fault injection rules. */
  readonly faults: FaultInjector;
  /** ARM's throttle: remaining tokens, and other principals' load on the subscription (a "429 storm"). */
  readonly throttle: ArmThrottle;
  /**
   * Issues a bearer token of another principal of the same subscription: its requests take
   * tokens from its own buckets and from the subscription's, which every principal shares.
   */
  issueToken(): string;
  /** Advances simulated time (jobs progress, process servers register, recovery points appear). */
  advance(seconds: number): Date;
  /** The world as persisted. */
  world(): WorldState;
  /** Stops the server (persisting the world first); resolves once it no longer listens. */
  close(): Promise<void>;
}

/**
 * Items per page when a test or the CLI sets none. Neither the API notes nor Microsoft's published
 * examples (single pages, no `nextLink`) state Site Recovery's page size; 100 is inferred.
 */
export const DEFAULT_PAGE_SIZE = 100;

function checkedPageSize(pageSize: number): number {
  // 0 would answer empty pages whose nextLink points at the same page: a client loops forever.
  if (!Number.isInteger(pageSize) || pageSize < 1)
    throw new Error(`pageSize must be a whole number >= 1, got ${pageSize}`);
  return pageSize;
}

/** Path of a scenario bundled with the emulator (`vmware-healthy` → …/scenarios/vmware-healthy.yaml). */
export function bundledScenarioPath(name: string): string {
  const file = name.endsWith(".yaml") ? name : `${name}.yaml`;
  // Sources run from the package directory, compiled code from its dist/; the YAML files stay
  // in the package's scenarios/ either way.
  const candidates = [join(__dirname, "scenarios", file), join(__dirname, "..", "scenarios", file)];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new Error(`no bundled scenario named ${name} (looked in ${candidates.join(", ")})`);
  return found;
}

/** The limits in force: the option's, else the scenario's, else ARM's. */
function throttlingLimits(option: ThrottlingInput | false | undefined, scenario: Scenario): Throttling {
  if (option === false) return { ...DEFAULT_THROTTLING, enabled: false };
  if (option !== undefined) {
    const parsed = Throttling.safeParse(option);
    if (!parsed.success) throw new Error(`throttling: ${z.prettifyError(parsed.error)}`);
    return parsed.data;
  }
  // A world saved before scenarios had a throttling block has none: ARM's limits apply.
  return scenario.throttling ?? DEFAULT_THROTTLING;
}

function loadInitialWorld(options: StartEmulatorOptions, directory: StateDirectory | undefined): WorldState {
  if (directory && !options.reset && directory.hasWorld()) return directory.loadWorld();
  let scenario: Scenario;
  if (options.scenario) scenario = validateScenario(options.scenario, "(options.scenario)");
  else if (options.scenarioFile) scenario = loadScenarioFile(options.scenarioFile);
  else
    throw new Error(
      "startEmulator needs scenarioFile or scenario (or a stateDirectory holding a saved world)",
    );
  return createWorld(scenario);
}

/** Starts the emulator and resolves once it listens. */
export async function startEmulator(options: StartEmulatorOptions): Promise<RunningEmulator> {
  const directory = options.stateDirectory ? new StateDirectory(options.stateDirectory) : undefined;
  if (directory && options.reset) directory.reset();
  const world = loadInitialWorld(options, directory);
  const token = options.token ?? directory?.loadToken() ?? randomBytes(24).toString("hex");
  directory?.saveToken(token);
  const clock = new SimulatedClock(world.clockMs, options.timeScale ?? 0, options.realTime);
  const store = new WorldStore(world, clock, directory);
  store.save();
  const log = new RequestLog(options.requestLogCapacity);
  const faults = new FaultInjector();
  const throttle = new ArmThrottle(
    throttlingLimits(options.throttling, world.scenario),
    clock,
    world.scenario.subscriptionId,
  );
  const settings: EmulatorSettings = {
    retryAfterSeconds: options.retryAfterSeconds ?? 0,
    pageSize: checkedPageSize(options.pageSize ?? DEFAULT_PAGE_SIZE),
    advanceOnPollSeconds: options.advanceOnPollSeconds ?? 0,
    locationOnAccepted: options.lroLocation ?? false,
  };
  let endpoint = "";
  const services: EmulatorServices = { store, log, faults, throttle, settings, baseUrl: () => endpoint };
  const router = new Router([...adminRoutes, ...asrRoutes, ...networkRoutes, ...computeRoutes]);
  const acceptedTokens = new Set([token]);
  const server = createEmulatorServer(router, services, acceptedTokens);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const scenario = store.state.scenario;
  return {
    endpoint,
    token,
    subscriptionId: scenario.subscriptionId,
    resourceGroup: scenario.resourceGroup,
    vaultName: scenario.vault.name,
    location: scenario.location,
    clock,
    store,
    requests: log,
    faults,
    throttle,
    issueToken: () => {
      const otherToken = randomBytes(24).toString("hex");
      acceptedTokens.add(otherToken);
      return otherToken;
    },
    advance: (seconds) => clock.advance(seconds),
    world: () => store.state,
    close: () =>
      new Promise<void>((resolve, reject) => {
        store.save();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
