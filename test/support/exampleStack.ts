import path from "node:path";
import { type RunningEmulator, startEmulator } from "asr-emulator";
import { emulatorEnvironment } from "./emulatorEnvironment";
import { TemporaryStack } from "./temporaryStack";

const examplesDirectory = path.join(__dirname, "..", "..", "examples");
/** Simulated seconds per real second: hours of sync pass in about a second. */
const TIME_SCALE = 20_000;

/** Options of {@link exampleStack}. */
export interface ExampleStackOptions {
  /** Stack configuration beside the example's secrets. */
  readonly config?: Record<string, string>;
  /** Answer accepted operations with a `Location` final-result URL too (the emulator's other LRO style). */
  readonly lroLocation?: boolean;
}

/**
 * Starts an emulator on the example's own scenario.yaml, time running fast, and a stack of the
 * example program on it with the secrets the examples read from config.
 */
export async function exampleStack(
  example: string,
  options: ExampleStackOptions = {},
): Promise<{ emulator: RunningEmulator; stack: TemporaryStack }> {
  const directory = path.join(examplesDirectory, example);
  const emulator = await startEmulator({
    scenarioFile: path.join(directory, "scenario.yaml"),
    timeScale: TIME_SCALE,
    retryAfterSeconds: 0,
    lroLocation: options.lroLocation ?? false,
  });
  const stack = await TemporaryStack.create(directory, {
    env: emulatorEnvironment(emulator),
    ...(options.config ? { config: options.config } : {}),
  });
  await stack.setConfig("processServerAdminPassword", "Example-admin-1!", { secret: true });
  await stack.setConfig("configurationServerPassphrase", "example-passphrase-1", { secret: true });
  return { emulator, stack };
}
