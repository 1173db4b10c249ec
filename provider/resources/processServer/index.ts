/**
 * ProcessServer: the Site Recovery process server in Azure that failback replicates through
 * (VMware VMs and physical servers; Hyper-V needs none, PS-01). Create deploys the process server
 * VM into the failed-over VMs' virtual network and subnet with a static IP (NET-05), waits until
 * it registers with the configuration server (PS-03), and verifies the path to the site: VPN or
 * ExpressRoute (NET-01..NET-04) and Network Watcher reachability of the configuration server's
 * control and data ports (NET-06). It may instead adopt a process server that is already
 * registered. Delete removes the VM, but refuses while a failback uses it (PS-02).
 *
 * The resource's folder: `schema.ts` (inputs, outputs, arguments), `rules.ts`, `live.ts` (what
 * its checks read from the site) and `lifecycle.ts`.
 */
import * as pulumi from "@pulumi/pulumi";
import { defineResourceImplementation, RESOURCE_MODULE, resourceProvider } from "../common";
import { check, create, deleteProcessServer, diff, read, update } from "./lifecycle";
import { PROCESS_SERVER_SECRET_INPUTS, type ProcessServerArgs } from "./schema";

export { failbacksUsingProcessServer, liveProcessServerSite, processServerSiteQuery } from "./live";
export { PROCESS_SERVER_RULES, processServerFindings } from "./rules";
export * from "./schema";

/** The implementation registered under `ProcessServer` in `resourceProviders`. */
export const processServerProvider = defineResourceImplementation({
  check,
  diff,
  create,
  read,
  update,
  delete: deleteProcessServer,
});

/**
 * A Site Recovery process server in Azure for VMware / physical failback. The administrator
 * password and the configuration server passphrase are always stored as secrets (PS-04).
 */
export class ProcessServer extends pulumi.dynamic.Resource {
  /** Site Recovery ID of the process server. */
  declare readonly processServerId: pulumi.Output<string>;
  declare readonly processServerName: pulumi.Output<string>;
  declare readonly fabricName: pulumi.Output<string>;
  /** ARM ID of the process server VM (absent when adopted). */
  declare readonly vmId: pulumi.Output<string | undefined>;
  declare readonly nicId: pulumi.Output<string | undefined>;
  /** IP address the configuration server reports. */
  declare readonly ipAddress: pulumi.Output<string | undefined>;
  declare readonly registered: pulumi.Output<boolean>;
  declare readonly configurationServerReachable: pulumi.Output<
    { controlPort: boolean; dataPort: boolean } | undefined
  >;

  constructor(name: string, args: ProcessServerArgs, opts?: pulumi.CustomResourceOptions) {
    const secretInputs = Object.fromEntries(
      PROCESS_SERVER_SECRET_INPUTS.filter((key) => args[key] !== undefined).map((key) => [
        key,
        pulumi.secret(args[key]!),
      ]),
    );
    super(
      resourceProvider("ProcessServer"),
      name,
      {
        ...args,
        ...secretInputs,
        processServerId: undefined,
        vmId: undefined,
        nicId: undefined,
        ipAddress: undefined,
        registered: undefined,
        configurationServerReachable: undefined,
      },
      {
        ...opts,
        additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...PROCESS_SERVER_SECRET_INPUTS],
      },
      RESOURCE_MODULE,
      "ProcessServer",
    );
    // PS-04: a plain-text value still reaches state encrypted (wrapped above), but say so.
    for (const key of PROCESS_SERVER_SECRET_INPUTS) {
      const value = args[key];
      if (value === undefined) continue;
      void pulumi
        .isSecret(pulumi.output(value))
        .then((isSecret) => {
          if (!isSecret) {
            void pulumi.log.warn(
              `PS-04: process server ${name} has ${key} in plain text; pass ${key} as a secret (pulumi.secret or config --secret)`,
              this,
            );
          }
        })
        .catch(() => undefined);
    }
  }
}
