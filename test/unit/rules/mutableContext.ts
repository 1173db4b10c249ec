/** Rule contexts that test cases may edit in place. */
import type { RuleContext } from "../../../provider/rules/types";

/** Deeply mutable version of a readonly type, so test cases can edit a built context in place. */
export type Mutable<T> = T extends Date
  ? T
  : T extends (...args: never[]) => unknown
    ? T
    : T extends ReadonlyArray<infer U>
      ? Mutable<U>[]
      : T extends object
        ? { -readonly [K in keyof T]: Mutable<T[K]> }
        : T;

/** A context test cases may edit. */
export type MutableContext = Mutable<RuleContext>;
