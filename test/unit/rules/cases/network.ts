import type { AreaCases, MutableContext } from "../fixtures";

/** Replaces the VPN with an ExpressRoute circuit privately connected to the failover network. */
function useExpressRoute(context: MutableContext): void {
  context.site!.connectivity = {
    vpnConnections: [],
    expressRouteCircuits: [
      {
        name: "er-1",
        provisioningState: "Provisioned",
        privatePeering: "enabled",
        microsoftPeering: "enabled",
        publicPeering: "notConfigured",
        connectedVirtualNetworkIds: [context.site!.protectedItems![0]!.azureVirtualNetworkId!],
      },
    ],
  };
}

export const networkCases: AreaCases = {
  area: "network",
  breaking: [
    {
      id: "NET-01",
      when: "its only VPN connection is not connected",
      mutate: (c) => {
        c.site!.connectivity!.vpnConnections![0]!.status = "NotConnected";
      },
      object: "virtual network vnet-failover",
      fix: "create a site-to-site VPN or ExpressRoute connection",
    },
    {
      id: "NET-01",
      when: "the site has no connection at all and the failover network is unknown",
      mutate: (c) => {
        c.site!.connectivity!.vpnConnections = [];
        for (const item of c.site!.protectedItems!) delete item.azureVirtualNetworkId;
      },
      object: "the site",
      fix: "create a site-to-site VPN or ExpressRoute connection",
    },
    {
      id: "NET-02",
      when: "the circuit is not connected to the failover network",
      mutate: (c) => {
        useExpressRoute(c);
        c.site!.connectivity!.expressRouteCircuits![0]!.connectedVirtualNetworkIds = [];
      },
      object: "virtual network vnet-failover",
      fix: "connect the circuit to the virtual network with a gateway connection",
    },
    {
      id: "NET-02",
      when: "private peering is disabled",
      mutate: (c) => {
        useExpressRoute(c);
        c.site!.connectivity!.expressRouteCircuits![0]!.privatePeering = "disabled";
      },
      object: "expressroute circuit er-1",
      fix: "enable Azure private peering",
    },
    {
      id: "NET-02",
      when: "the circuit is not provisioned",
      mutate: (c) => {
        useExpressRoute(c);
        c.site!.connectivity!.expressRouteCircuits![0]!.provisioningState = "NotProvisioned";
      },
      object: "expressroute circuit er-1",
      fix: "provision the circuit",
    },
    {
      id: "NET-03",
      when: "neither Microsoft nor public peering is enabled",
      mutate: (c) => {
        useExpressRoute(c);
        c.site!.connectivity!.expressRouteCircuits![0]!.microsoftPeering = "disabled";
      },
      object: "expressroute circuit er-1",
      fix: "enable Microsoft peering",
    },
    {
      id: "NET-04",
      when: "the process server is on premises and the site has only a VPN",
      mutate: (c) => {
        c.inputs!.processServer!.location = "onPremises";
      },
      object: "process server ps-01",
      fix: "deploy the process server in Azure",
      propertyPath: "processServer.location",
    },
    {
      id: "NET-05",
      when: "the Azure process server is in another virtual network",
      mutate: (c) => {
        c.inputs!.processServer!.virtualNetworkId = c.inputs!.processServer!.virtualNetworkId!.replace(
          "vnet-failover",
          "vnet-hub",
        );
      },
      object: "process server ps-01",
      fix: "deploy it into the virtual network of the failed-over vms",
      propertyPath: "processServer.virtualNetworkId",
    },
    {
      id: "NET-05",
      when: "its static IP lies outside the chosen subnet",
      mutate: (c) => {
        c.inputs!.processServer!.staticIpAddress = "10.1.3.10";
      },
      object: "process server ps-01",
      fix: "choose a static IP address within the subnet",
      propertyPath: "processServer.staticIpAddress",
    },
    {
      id: "NET-05",
      when: "its static IP is already used by a failed-over VM",
      mutate: (c) => {
        c.inputs!.processServer!.staticIpAddress = "10.1.2.5";
        c.site!.azureNetwork!.usedIpAddresses = [];
      },
      object: "process server ps-01",
      fix: "choose an unused static IP address",
      propertyPath: "processServer.staticIpAddress",
    },
    {
      id: "NET-05",
      when: "the chosen subnet does not exist",
      mutate: (c) => {
        c.inputs!.processServer!.subnetName = "snet-missing";
      },
      object: "process server ps-01",
      fix: "choose a subnet of the failed-over vms' virtual network",
      propertyPath: "processServer.subnetName",
    },
    {
      id: "NET-06",
      when: "the data port 9443 is unreachable",
      mutate: (c) => {
        c.site!.reachability![1]!.reachable = false;
      },
      object: "process server ps-01",
      fix: "open TCP 9443",
    },
    {
      id: "NET-06",
      when: "the control port 443 is unreachable",
      mutate: (c) => {
        c.site!.reachability![0]!.reachable = false;
      },
      object: "process server ps-01",
      fix: "open TCP 443",
    },
  ],
  healthy: [
    { id: "NET-01", when: "an ExpressRoute circuit replaces the VPN", mutate: useExpressRoute },
    {
      id: "NET-01",
      when: "a Hyper-V site, which fails back without a VPN, has none connected",
      base: "hyperv",
      mutate: (c) => {
        c.site!.connectivity!.vpnConnections![0]!.status = "NotConnected";
      },
    },
    {
      id: "NET-01",
      when: "connectivity was not checked",
      mutate: (c) => {
        delete c.site!.connectivity;
      },
    },
    {
      id: "NET-02",
      when: "the circuit reaches the failover network through private peering",
      mutate: useExpressRoute,
    },
    {
      id: "NET-02",
      when: "a connected VPN serves the network and the circuit's connections are unknown",
      mutate: (c) => {
        useExpressRoute(c);
        c.site!.connectivity!.vpnConnections = healthyVpn();
        delete c.site!.connectivity!.expressRouteCircuits![0]!.connectedVirtualNetworkIds;
      },
    },
    {
      id: "NET-03",
      when: "only public peering is enabled on an older circuit",
      mutate: (c) => {
        useExpressRoute(c);
        c.site!.connectivity!.expressRouteCircuits![0]!.microsoftPeering = "notConfigured";
        c.site!.connectivity!.expressRouteCircuits![0]!.publicPeering = "enabled";
      },
    },
    {
      id: "NET-03",
      when: "the peering states are unknown",
      mutate: (c) => {
        useExpressRoute(c);
        delete c.site!.connectivity!.expressRouteCircuits![0]!.microsoftPeering;
        delete c.site!.connectivity!.expressRouteCircuits![0]!.publicPeering;
      },
    },
    {
      id: "NET-04",
      when: "an on-premises process server has ExpressRoute",
      mutate: (c) => {
        useExpressRoute(c);
        c.inputs!.processServer!.location = "onPremises";
      },
    },
    {
      id: "NET-05",
      when: "the subnet's prefix and used addresses are unknown",
      mutate: (c) => {
        delete c.site!.azureNetwork;
      },
    },
    {
      id: "NET-05",
      when: "the process server is on premises",
      mutate: (c) => {
        c.inputs!.processServer!.location = "onPremises";
        c.inputs!.processServer!.virtualNetworkId = "elsewhere";
      },
    },
    {
      id: "NET-06",
      when: "a custom data port is reachable and the default one is not",
      mutate: (c) => {
        c.inputs!.processServer!.configurationServerDataPort = 9444;
        c.site!.reachability = [
          { destination: "cs-01", port: 443, reachable: true },
          { destination: "cs-01", port: 9443, reachable: false },
          { destination: "cs-01", port: 9444, reachable: true },
        ];
      },
    },
    {
      id: "NET-06",
      when: "reachability was not checked",
      mutate: (c) => {
        delete c.site!.reachability;
      },
    },
  ],
};

function healthyVpn() {
  return [
    {
      name: "s2s-onprem",
      virtualNetworkId:
        "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-dr/providers/Microsoft.Network/virtualNetworks/vnet-failover",
      status: "Connected" as const,
    },
  ];
}
