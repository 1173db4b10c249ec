import type { AreaCases } from "../fixtures";

export const configurationServerCases: AreaCases = {
  area: "configurationServer",
  breaking: [
    {
      id: "CS-01",
      when: "no configuration server is on premises",
      mutate: (c) => {
        c.site!.configurationServer = { present: false };
      },
      object: "the on-premises site",
      fix: "restore the configuration server from backup with its original IP address",
    },
    {
      id: "CS-01",
      when: "it was restored with another IP address",
      mutate: (c) => {
        c.site!.configurationServer!.ipAddress = "10.0.0.99";
      },
      object: "configuration server cs-01",
      fix: "give it back IP 10.0.0.5",
    },
    {
      id: "CS-01",
      when: "a vm is missing from its database",
      mutate: (c) => {
        c.site!.protectedItems![1]!.inConfigurationServerDatabase = false;
      },
      object: "vm vm-web-2",
      fix: "schedule regular backups",
    },
  ],
  healthy: [
    {
      id: "CS-01",
      when: "the original IP is not recorded",
      mutate: (c) => {
        delete c.site!.configurationServer!.originalIpAddress;
        c.site!.configurationServer!.ipAddress = "10.0.0.99";
      },
    },
    {
      id: "CS-01",
      when: "a vm outside the plan is missing from its database",
      mutate: (c) => {
        c.inputs!.failbackPlan!.items = ["vm-web-1"];
        c.site!.protectedItems![1]!.inConfigurationServerDatabase = false;
      },
    },
    { id: "CS-01", when: "the site is Hyper-V", base: "hyperv" },
  ],
};
