/**
 * Network and connectivity rules (NET-01..NET-06): the path between the Azure virtual network the
 * machines failed over into and the on-premises site. They come from the VMware failback guides;
 * Hyper-V failback downloads through its provider and the MARS agent, so they do not apply to it.
 */
import { finding, isVmwareSite, itemsInScope, itemsOfFlavor, normalizeName } from "./support";
import type { ExpressRouteCircuitFacts, Finding, Rule, RuleContext } from "./types";

/** Configuration server control port when none is declared. */
export const DEFAULT_CONTROL_PORT = 443;
/** Configuration server data port when none is declared. */
export const DEFAULT_DATA_PORT = 9443;

/** Distinct virtual networks the failed-over VMs in scope run in, as reported. */
function failedOverVirtualNetworks(context: RuleContext): string[] {
  const ids = itemsOfFlavor(context, ["vmware", "physical"])
    .map((item) => item.azureVirtualNetworkId)
    .filter((id): id is string => id !== undefined);
  return [...new Set(ids)];
}

/** Last segment of an ARM ID, for readable messages. */
function shortName(armId: string): string {
  const segments = armId.split("/").filter((segment) => segment.length > 0);
  return segments[segments.length - 1] ?? armId;
}

function sameId(left: string, right: string): boolean {
  return normalizeName(left) === normalizeName(right);
}

function hasConnectedVpn(context: RuleContext, virtualNetworkId: string): boolean {
  return (context.site?.connectivity?.vpnConnections ?? []).some(
    (connection) =>
      connection.status === "Connected" &&
      connection.virtualNetworkId !== undefined &&
      sameId(connection.virtualNetworkId, virtualNetworkId),
  );
}

function circuitUsable(circuit: ExpressRouteCircuitFacts): boolean {
  return circuit.provisioningState === undefined || circuit.provisioningState === "Provisioned";
}

function circuitReaches(circuit: ExpressRouteCircuitFacts, virtualNetworkId: string): boolean {
  return (
    circuitUsable(circuit) &&
    circuit.privatePeering === "enabled" &&
    (circuit.connectedVirtualNetworkIds ?? []).some((id) => sameId(id, virtualNetworkId))
  );
}

/** NET-01: some VPN or ExpressRoute connection must exist from the failover network to the site. */
export const net01: Rule = {
  id: "NET-01",
  area: "network",
  severity: "block",
  title: "A site-to-site VPN or ExpressRoute connects the failover virtual network to the on-premises site.",
  appliesTo: { flavors: ["vmware", "physical"], resources: ["failbackPlan"] },
  check(context) {
    const connectivity = context.site?.connectivity;
    if (!isVmwareSite(context)) return [];
    // Both lists must be known: an unknown one might hold the connection.
    if (!connectivity?.vpnConnections || !connectivity.expressRouteCircuits) return [];
    // Circuits are judged by NET-02; this rule is about having no path at all.
    if (connectivity.expressRouteCircuits.length > 0) return [];
    const fix =
      "create a site-to-site VPN or ExpressRoute connection to the on-premises site before failback";
    const networks = failedOverVirtualNetworks(context);
    if (networks.length === 0) {
      const anyConnected = connectivity.vpnConnections.some(
        (connection) => connection.status === "Connected",
      );
      return anyConnected
        ? []
        : [
            finding("NET-01", {
              severity: "block",
              object: "the site",
              cause: "has no connected VPN or ExpressRoute",
              fix,
            }),
          ];
    }
    return networks
      .filter((network) => !hasConnectedVpn(context, network))
      .map((network) =>
        finding("NET-01", {
          severity: "block",
          object: `virtual network ${shortName(network)}`,
          cause: "has no connected VPN or ExpressRoute to the on-premises site",
          fix,
        }),
      );
  },
};

/** NET-02: with ExpressRoute, private peering must connect the circuit to the failover network. */
export const net02: Rule = {
  id: "NET-02",
  area: "network",
  severity: "block",
  title: "The ExpressRoute circuit is connected through private peering to the failover virtual network.",
  appliesTo: { flavors: ["vmware", "physical"], resources: ["failbackPlan"] },
  check(context) {
    const circuits = context.site?.connectivity?.expressRouteCircuits;
    if (!circuits || circuits.length === 0 || !isVmwareSite(context)) return [];
    const findings: Finding[] = [];
    for (const circuit of circuits) {
      if (!circuitUsable(circuit)) {
        findings.push(
          finding("NET-02", {
            severity: "block",
            object: `expressroute circuit ${circuit.name}`,
            cause: `is ${circuit.provisioningState}, not Provisioned, at the provider`,
            fix: "have the connectivity provider provision the circuit",
          }),
        );
      } else if (circuit.privatePeering === "disabled" || circuit.privatePeering === "notConfigured") {
        findings.push(
          finding("NET-02", {
            severity: "block",
            object: `expressroute circuit ${circuit.name}`,
            cause: `has private peering ${circuit.privatePeering === "disabled" ? "disabled" : "not configured"}`,
            fix: "configure and enable Azure private peering on the circuit",
          }),
        );
      }
    }
    // A network with a connected VPN does not need the circuit; only judge when connections are known.
    for (const network of failedOverVirtualNetworks(context)) {
      if (hasConnectedVpn(context, network)) continue;
      const judged = circuits.every(
        (circuit) => circuit.connectedVirtualNetworkIds !== undefined && circuit.privatePeering !== undefined,
      );
      if (!judged || circuits.some((circuit) => circuitReaches(circuit, network))) continue;
      findings.push(
        finding("NET-02", {
          severity: "block",
          object: `virtual network ${shortName(network)}`,
          cause: "is not connected to any expressroute circuit through private peering",
          fix: "connect the circuit to the virtual network with a gateway connection",
        }),
      );
    }
    return findings;
  },
};

/** NET-03: replication data goes to storage public endpoints, so Microsoft (public) peering is needed. */
export const net03: Rule = {
  id: "NET-03",
  area: "network",
  severity: "block",
  title: "With ExpressRoute, Microsoft (public) peering to the target region is configured and enabled.",
  appliesTo: { flavors: ["vmware", "physical"], resources: ["failbackPlan"] },
  check(context) {
    if (!isVmwareSite(context)) return [];
    const circuits = context.site?.connectivity?.expressRouteCircuits ?? [];
    const networks = failedOverVirtualNetworks(context);
    // Only circuits that carry the failback (or all, when the networks are unknown) need it.
    const relevant = circuits.filter(
      (circuit) =>
        circuitUsable(circuit) &&
        (networks.length === 0 || networks.some((network) => circuitReaches(circuit, network))),
    );
    return relevant
      .filter(
        (circuit) =>
          circuit.microsoftPeering !== undefined &&
          circuit.publicPeering !== undefined &&
          circuit.microsoftPeering !== "enabled" &&
          circuit.publicPeering !== "enabled",
      )
      .map((circuit) =>
        finding("NET-03", {
          severity: "block",
          object: `expressroute circuit ${circuit.name}`,
          cause:
            "has no enabled Microsoft or public peering, so replication data cannot reach storage endpoints",
          fix: "configure and enable Microsoft peering for the target region",
        }),
      );
  },
};

/** NET-04: an on-premises process server needs ExpressRoute. */
export const net04: Rule = {
  id: "NET-04",
  area: "network",
  severity: "block",
  title: "An on-premises process server is supported only over ExpressRoute.",
  appliesTo: { flavors: ["vmware", "physical"], resources: ["processServer"] },
  check(context) {
    const processServer = context.inputs?.processServer;
    const circuits = context.site?.connectivity?.expressRouteCircuits;
    if (processServer?.location !== "onPremises" || circuits === undefined) return [];
    if (circuits.some((circuit) => circuitUsable(circuit))) return [];
    return [
      finding("NET-04", {
        severity: "block",
        object: `process server ${processServer.name ?? "(unnamed)"}`,
        cause: "is on premises but the site has no ExpressRoute circuit",
        fix: "deploy the process server in Azure, or connect the site with ExpressRoute",
        propertyPath: "processServer.location",
      }),
    ];
  },
};

/** Parses dotted IPv4 into a 32-bit number; undefined when it is not IPv4. */
export function parseIpv4(address: string): number | undefined {
  const parts = address.trim().split(".");
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

/** Whether an IPv4 address lies in a CIDR prefix; undefined when either does not parse. */
export function ipv4InPrefix(address: string, prefix: string): boolean | undefined {
  const [network, lengthText] = prefix.split("/");
  const ip = parseIpv4(address);
  const base = network === undefined ? undefined : parseIpv4(network);
  const length = Number(lengthText);
  if (ip === undefined || base === undefined || !Number.isInteger(length) || length < 0 || length > 32) {
    return undefined;
  }
  const size = 2 ** (32 - length);
  return Math.floor(ip / size) === Math.floor(base / size);
}

/** NET-05: the Azure process server sits in the failover network with a unique static IP of a subnet. */
export const net05: Rule = {
  id: "NET-05",
  area: "network",
  severity: "block",
  title:
    "The Azure process server is in the failover virtual network with a unique static IP from its subnet.",
  appliesTo: { flavors: ["vmware", "physical"], resources: ["processServer"] },
  check(context) {
    const processServer = context.inputs?.processServer;
    if (processServer?.location !== "azure") return [];
    const object = `process server ${processServer.name ?? "(unnamed)"}`;
    const findings: Finding[] = [];
    const networks = failedOverVirtualNetworks(context);
    const networkId = processServer.virtualNetworkId;
    if (
      networkId !== undefined &&
      networks.length > 0 &&
      !networks.some((network) => sameId(network, networkId))
    ) {
      findings.push(
        finding("NET-05", {
          severity: "block",
          object,
          cause: `is in virtual network ${shortName(networkId)}, not where the failed-over vms run (${networks.map(shortName).join(", ")})`,
          fix: "deploy it into the virtual network of the failed-over vms",
          propertyPath: "processServer.virtualNetworkId",
        }),
      );
    }
    const network = context.site?.azureNetwork;
    const address = processServer.staticIpAddress;
    const subnetName = processServer.subnetName;
    if (subnetName !== undefined && network?.subnets !== undefined) {
      const subnet = network.subnets.find((candidate) => candidate.name === subnetName);
      if (!subnet) {
        findings.push(
          finding("NET-05", {
            severity: "block",
            object,
            cause: `names subnet ${subnetName}, which its virtual network does not have`,
            fix: "choose a subnet of the failed-over vms' virtual network",
            propertyPath: "processServer.subnetName",
          }),
        );
      } else if (address !== undefined && subnet.addressPrefix !== undefined) {
        if (ipv4InPrefix(address, subnet.addressPrefix) === false) {
          findings.push(
            finding("NET-05", {
              severity: "block",
              object,
              cause: `has static IP ${address} outside subnet ${subnetName} (${subnet.addressPrefix})`,
              fix: "choose a static IP address within the subnet",
              propertyPath: "processServer.staticIpAddress",
            }),
          );
        }
      }
    }
    if (address !== undefined) {
      const taken = [
        ...(network?.usedIpAddresses ?? []),
        ...(itemsInScope(context) ?? []).map((item) => item.azureIpAddress).filter((ip) => ip !== undefined),
      ];
      if (taken.includes(address)) {
        findings.push(
          finding("NET-05", {
            severity: "block",
            object,
            cause: `has static IP ${address}, which is already in use in the virtual network`,
            fix: "choose an unused static IP address",
            propertyPath: "processServer.staticIpAddress",
          }),
        );
      }
    }
    return findings;
  },
};

/** NET-06: the process server reaches the configuration server on the control and data ports. */
export const net06: Rule = {
  id: "NET-06",
  area: "network",
  severity: "block",
  title: "The process server reaches the configuration server on the control (443) and data (9443) ports.",
  appliesTo: { flavors: ["vmware", "physical"], resources: ["processServer"] },
  check(context) {
    const results = context.site?.reachability;
    if (!results || !isVmwareSite(context)) return [];
    const processServer = context.inputs?.processServer;
    const ports = [
      { port: processServer?.configurationServerControlPort ?? DEFAULT_CONTROL_PORT, role: "control" },
      { port: processServer?.configurationServerDataPort ?? DEFAULT_DATA_PORT, role: "data" },
    ];
    const object = `process server ${processServer?.name ?? "(unnamed)"}`;
    const findings: Finding[] = [];
    for (const { port, role } of ports) {
      for (const result of results.filter((candidate) => candidate.port === port && !candidate.reachable)) {
        findings.push(
          finding("NET-06", {
            severity: "block",
            object,
            cause: `cannot reach configuration server ${result.destination} on ${role} port ${port}`,
            fix: `open TCP ${port} from the process server to the configuration server (VPN/ExpressRoute routes, NSGs, firewalls)`,
          }),
        );
      }
    }
    return findings;
  },
};

/** The network rules in catalogue order. */
export const networkRules: readonly Rule[] = [net01, net02, net03, net04, net05, net06];
