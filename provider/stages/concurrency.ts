/**
 * Bounded concurrency across items: at most `limit` item pipelines run at once, every item runs
 * (none is dropped when another fails), and results keep the input order.
 */

/** Outcome of one item's pipeline. */
export type Settled<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: unknown };

/**
 * Runs `work` over `inputs` with at most `limit` running at once and settles every one.
 *
 * @param limit at least 1.
 */
export async function settleWithConcurrency<I, T>(
  inputs: readonly I[],
  limit: number,
  work: (input: I, index: number) => Promise<T>,
): Promise<Settled<T>[]> {
  const results: Settled<T>[] = new Array(inputs.length);
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, inputs.length)) }, async () => {
    while (next < inputs.length) {
      const index = next++;
      try {
        results[index] = { ok: true, value: await work(inputs[index]!, index) };
      } catch (error) {
        results[index] = { ok: false, error };
      }
    }
  });
  await Promise.all(lanes);
  return results;
}
