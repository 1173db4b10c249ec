/**
 * Progress and warning lines from inside the provider process.
 *
 * Verified with the real CLI (v3.259.0): in the dynamic-provider process `pulumi.log` has no
 * engine connection and falls back to `console.log`; the plugin's stdout and stderr both reach
 * `pulumi up` / `pulumi preview` as diagnostics of the stack. Lines go to stderr, which the
 * plugin protocol leaves free (stdout carries the plugin's port at start-up).
 */

/** Where lines go; tests replace it. */
export type LineSink = (line: string) => void;

const stderrSink: LineSink = (line) => {
  process.stderr.write(`${line}\n`);
};

let sink: LineSink = stderrSink;

/** Sends lines to `replacement` (tests); `undefined` restores stderr. */
export function setLineSinkForTesting(replacement: LineSink | undefined): void {
  sink = replacement ?? stderrSink;
}

/** `process server ps-01` → `asr-failback: process server ps-01: waiting for registration`. */
export function reportProgress(object: string, message: string): void {
  sink(`asr-failback: ${object}: ${message}`);
}

/** A warning line (non-blocking findings): `warning: PS-03: process server ps-01 is ...`. */
export function reportWarning(message: string): void {
  sink(`warning: ${message}`);
}

/** An informational line (info findings). */
export function reportInfo(message: string): void {
  sink(`info: ${message}`);
}
