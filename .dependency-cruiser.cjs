/**
 * Import rules of the workspace, checked by test/unit/architecture.test.ts: no cycles (type-only
 * imports included), and imports that go one way between the packages. The provider and the
 * emulator share only the contract; no package reaches into the workspace root's code.
 */
/** @type {import("dependency-cruiser").IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-cycle",
      comment: "A cycle ties modules together so neither can be read, tested or moved alone.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "emulator-not-to-provider",
      comment:
        "The emulator plays Azure: it shares only the wire vocabulary (asr-contract) with the provider.",
      severity: "error",
      from: { path: "^emulator/" },
      to: { path: "^provider/" },
    },
    {
      name: "provider-not-to-emulator",
      comment: "The provider talks to the emulator over HTTP only, as it does to Azure.",
      severity: "error",
      from: { path: "^provider/" },
      to: { path: "^emulator/" },
    },
    {
      name: "contract-standalone",
      comment: "The contract is the vocabulary both sides import: it depends on nothing else.",
      severity: "error",
      from: { path: "^contract/" },
      to: { pathNot: "^contract/", dependencyTypesNot: ["core"] },
    },
    {
      name: "packages-not-to-workspace-root",
      comment:
        "Published packages never import tests, benchmarks, scripts, examples or the rehearsal program.",
      severity: "error",
      from: { path: "^(contract|provider|emulator)/" },
      to: { path: "^(test|bench|scripts|examples)/|^index\\.ts$" },
    },
    {
      name: "no-unresolvable",
      comment: "An import the checker cannot resolve would escape every other rule.",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    // Built output only; modules in node_modules stay as leaves (doNotFollow) so rules see them.
    exclude: { path: "(^|/)(dist|coverage)/" },
    // Type-only imports are edges too: `import type` cycles still tie the modules together.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["types", "import", "require", "node", "default"],
      extensions: [".ts", ".d.ts", ".js", ".cjs", ".mjs", ".json"],
    },
  },
};
