import type * as pulumi from "@pulumi/pulumi";

/**
 * Builds a dynamic-provider object whose methods load the real implementation by module name
 * at call time.
 *
 * Pulumi serializes a dynamic resource's provider object, with everything its methods capture,
 * into the resource's `__provider` property, stores it twice per resource in state and keeps
 * stale copies. A provider object that captures only two strings serializes to about 1 KB,
 * and because the implementation is looked up when the engine calls it, upgrading the package
 * reaches resources created by an older version without a replacement.
 *
 * The serialized text is evaluated by the dynamic-provider process with no file name, so
 * `moduleName` is resolved from the Pulumi project directory's `node_modules`.
 *
 * @param moduleName package (or path on NODE_PATH) whose `resourceProviders` export holds the
 *   implementation.
 * @param kind key of the implementation in that module's `resourceProviders` map.
 */
export function lazyProvider(moduleName: string, kind: string): pulumi.dynamic.ResourceProvider {
  // Everything below is serialized as source text: keep it free of imports and helpers.
  const load = (): pulumi.dynamic.ResourceProvider => {
    const implementation = require(moduleName).resourceProviders?.[kind];
    if (!implementation) {
      throw new Error(`internal error: ${moduleName} has no resource provider named ${kind}`);
    }
    return implementation;
  };
  return {
    configure: async (request) => load().configure?.(request),
    check: async (olds, news) => {
      const implementation = load();
      return implementation.check ? implementation.check(olds, news) : { inputs: news };
    },
    diff: async (id, olds, news) => {
      const implementation = load();
      return implementation.diff ? implementation.diff(id, olds, news) : {};
    },
    create: async (inputs) => load().create(inputs),
    read: async (id, props) => {
      const implementation = load();
      return implementation.read ? implementation.read(id, props) : { id, props };
    },
    update: async (id, olds, news) => {
      const implementation = load();
      if (!implementation.update) {
        throw new Error(`internal error: ${kind} has no update; its inputs should force replacement`);
      }
      return implementation.update(id, olds, news);
    },
    delete: async (id, props) => load().delete?.(id, props),
  };
}
