import type { AreaCases } from "../fixtures";

export const processServerCases: AreaCases = {
  area: "processServer",
  breaking: [
    {
      id: "PS-01",
      when: "a Hyper-V failback declares a process server",
      base: "hyperv",
      mutate: (c) => {
        c.inputs!.processServer = { name: "ps-hv", location: "azure" };
      },
      object: "process server ps-hv",
      fix: "remove it from the Hyper-V failback",
      severity: "warn",
      propertyPath: "processServer",
    },
    {
      id: "PS-02",
      when: "it is being deleted while vms are mid-failback",
      mutate: (c) => {
        c.operation = { kind: "deleteProcessServer", processServerName: "ps-01" };
      },
      object: "process server ps-01",
      fix: "keep it running until failback is committed",
    },
    {
      id: "PS-02",
      when: "it stopped sending heartbeats while vms are mid-failback",
      mutate: (c) => {
        c.site!.processServers![0]!.heartbeatAgeInMinutes = 45;
      },
      object: "process server ps-01",
      fix: "start the process server",
    },
    {
      id: "PS-03",
      when: "it was just deployed and has not registered yet",
      mutate: (c) => {
        c.site!.processServers = [];
        c.site!.processServerDeploymentAgeInMinutes = 5;
      },
      object: "process server ps-01",
      fix: "wait up to 15 minutes after deployment",
      severity: "info",
    },
    {
      id: "PS-03",
      when: "it is still not registered long after deployment",
      mutate: (c) => {
        c.site!.processServers = [];
        c.site!.processServerDeploymentAgeInMinutes = 40;
      },
      object: "process server ps-01",
      fix: "check its connection to the configuration server",
      severity: "warn",
    },
    {
      id: "PS-04",
      when: "the administrator password is given in plain text",
      mutate: (c) => {
        c.inputs!.processServer!.secretInputs![0]!.isSecret = false;
      },
      object: "process server ps-01",
      fix: "pass processServer.administratorPassword as a secret",
      severity: "warn",
      propertyPath: "processServer.administratorPassword",
    },
    {
      id: "PS-04",
      when: "the configuration server passphrase is given in plain text",
      mutate: (c) => {
        c.inputs!.processServer!.secretInputs![1]!.isSecret = false;
      },
      object: "process server ps-01",
      fix: "pass processServer.configurationServerPassphrase as a secret",
      severity: "warn",
      propertyPath: "processServer.configurationServerPassphrase",
    },
  ],
  healthy: [
    { id: "PS-01", when: "a Hyper-V failback declares none", base: "hyperv" },
    { id: "PS-01", when: "a VMware failback declares one" },
    {
      id: "PS-02",
      when: "it is deleted after every vm was committed",
      mutate: (c) => {
        c.operation = { kind: "deleteProcessServer", processServerName: "ps-01" };
        for (const item of c.site!.protectedItems!) item.failbackStage = "committed";
      },
    },
    {
      id: "PS-02",
      when: "another process server is deleted",
      mutate: (c) => {
        c.operation = { kind: "deleteProcessServer", processServerName: "ps-old" };
      },
    },
    {
      id: "PS-02",
      when: "a silent process server has no vm in failback",
      mutate: (c) => {
        c.site!.processServers![0]!.heartbeatAgeInMinutes = 45;
        for (const item of c.site!.protectedItems!) item.failbackStage = "failedOverToAzure";
      },
    },
    {
      id: "PS-03",
      when: "the registered servers are unknown",
      mutate: (c) => {
        delete c.site!.processServers;
      },
    },
    {
      id: "PS-04",
      when: "a credential is absent (no value to protect)",
      mutate: (c) => {
        c.inputs!.processServer!.secretInputs![0] = {
          propertyPath: "processServer.administratorPassword",
          present: false,
          isSecret: false,
        };
      },
    },
  ],
};
