/**
 * From a resource's input schema to the arguments of its class: the zod schema is the type, and
 * a program may pass a `pulumi.Input` (an Output of another resource, a promise) anywhere in it.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";

/** Values that are passed whole. */
type Scalar = string | number | boolean | null | undefined;

/**
 * `T` with every property, element and nested field allowed to be a `pulumi.Input`, so a
 * program can pass e.g. `reprotection: { policyId: policy.policyId, ... }`. A union stays one
 * Input (`Input<"vmware" | "physical">` takes an Output of the union), and an optional value may
 * be an Output that resolves to `undefined`.
 */
export type DeepInput<T> = pulumi.Input<DeepValue<T>>;

/** One level of {@link DeepInput}: elements and fields become inputs, scalars stay as they are. */
type DeepValue<T> = T extends Scalar
  ? T
  : T extends readonly (infer Element)[]
    ? DeepInput<Element>[]
    : { [K in keyof T]: DeepInput<T[K]> };

/**
 * The arguments of a resource class, derived from its input schema: the schema's input type
 * (properties with a default are optional) with each property a {@link DeepInput}.
 */
export type ResourceArgs<Schema extends z.ZodType> = {
  readonly [K in keyof z.input<Schema>]: DeepInput<z.input<Schema>[K]>;
};
