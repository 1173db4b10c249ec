// VMware failback over ExpressRoute. The Azure side (virtual network, gateway, circuit,
// peerings, connection) is declared with @pulumi/azure-native, and its IDs feed the failback
// resources, so the prerequisites NET-01..NET-05 are checked against what this program builds:
//   NET-02  the circuit's private peering reaches the failed-over VMs' network through a gateway
//   NET-03  Microsoft peering carries replication data to storage public endpoints
//   NET-05  the process server takes a static IP in a subnet of that network
import * as network from "@pulumi/azure-native/network";
import * as resources from "@pulumi/azure-native/resources";
import * as pulumi from "@pulumi/pulumi";
import { FailbackPlan, MasterTarget, ProcessServer, ReprotectionPolicy } from "pulumi-asr-failback";

const config = new pulumi.Config();
const location = config.get("location") ?? "westeurope";
const fabricName = config.get("fabricName") ?? "cs-contoso";
const items = config.getObject<string[]>("items") ?? ["vm-web-1", "vm-web-2"];

const group = new resources.ResourceGroup("dr", { resourceGroupName: "rg-dr", location });

const recoveryNetwork = new network.VirtualNetwork("vnet-recovery", {
  resourceGroupName: group.name,
  virtualNetworkName: "vnet-recovery",
  location,
  addressSpace: { addressPrefixes: ["10.50.0.0/16"] },
});

const infraSubnet = new network.Subnet("snet-infra", {
  resourceGroupName: group.name,
  virtualNetworkName: recoveryNetwork.name,
  subnetName: "snet-infra",
  addressPrefix: "10.50.2.0/24",
});

const gatewaySubnet = new network.Subnet("gateway", {
  resourceGroupName: group.name,
  virtualNetworkName: recoveryNetwork.name,
  subnetName: "GatewaySubnet",
  addressPrefix: "10.50.255.0/27",
});

const circuit = new network.ExpressRouteCircuit("er-contoso", {
  resourceGroupName: group.name,
  circuitName: "er-contoso",
  location,
  sku: { name: "Standard_MeteredData", tier: "Standard", family: "MeteredData" },
  serviceProviderProperties: {
    serviceProviderName: "Equinix",
    peeringLocation: "Amsterdam",
    bandwidthInMbps: 1000,
  },
});

new network.ExpressRouteCircuitPeering("private", {
  resourceGroupName: group.name,
  circuitName: circuit.name,
  peeringName: "AzurePrivatePeering",
  peeringType: "AzurePrivatePeering",
  peerASN: 65010,
  primaryPeerAddressPrefix: "172.16.0.0/30",
  secondaryPeerAddressPrefix: "172.16.0.4/30",
  vlanId: 100,
});

new network.ExpressRouteCircuitPeering("microsoft", {
  resourceGroupName: group.name,
  circuitName: circuit.name,
  peeringName: "MicrosoftPeering",
  peeringType: "MicrosoftPeering",
  peerASN: 65010,
  primaryPeerAddressPrefix: "203.0.113.0/30",
  secondaryPeerAddressPrefix: "203.0.113.4/30",
  vlanId: 200,
  microsoftPeeringConfig: { advertisedPublicPrefixes: ["203.0.113.128/27"] },
});

const gatewayIp = new network.PublicIPAddress("gateway-ip", {
  resourceGroupName: group.name,
  location,
  publicIPAllocationMethod: "Static",
  sku: { name: "Standard" },
});

const gateway = new network.VirtualNetworkGateway("er-gateway", {
  resourceGroupName: group.name,
  location,
  gatewayType: "ExpressRoute",
  sku: { name: "ErGw1AZ", tier: "ErGw1AZ" },
  ipConfigurations: [
    { name: "default", subnet: { id: gatewaySubnet.id }, publicIPAddress: { id: gatewayIp.id } },
  ],
});

const connection = new network.VirtualNetworkGatewayConnection("er-connection", {
  resourceGroupName: group.name,
  location,
  connectionType: "ExpressRoute",
  virtualNetworkGateway1: { id: gateway.id },
  peer: { id: circuit.id },
  routingWeight: 10,
});

const processServer = new ProcessServer("ps-failback", {
  fabricName,
  processServerName: "ps-failback-01",
  resourceGroup: group.name,
  location,
  virtualNetworkId: recoveryNetwork.id,
  subnetName: infraSubnet.name.apply((name) => name ?? "snet-infra"),
  staticIpAddress: "10.50.2.10",
  adminUsername: "asradmin",
  adminPassword: config.requireSecret("processServerAdminPassword"),
  configurationServerPassphrase: config.requireSecret("configurationServerPassphrase"),
  expressRouteCircuitIds: [circuit.id],
  vpnConnectionIds: [],
});

const masterTarget = new MasterTarget("mt-win-01", {
  fabricName,
  masterTargetName: "mt-win-01",
  osType: "windows",
  protectedItemNames: items,
});

const policy = new ReprotectionPolicy("failback-policy", {
  fabricName,
  policyName: "policy-failback",
  masterTargetId: masterTarget.masterTargetId,
  processServerId: processServer.processServerId,
  runAsAccountName: "vcenter-admin",
  retentionDrive: "E:",
  datastoreName: "vmfs-gold",
  recoveryLocation: "original",
  protectedItemNames: items,
});

const plan = new FailbackPlan("web-failback", {
  flavor: "vmware",
  items,
  targetStage: "reprotected",
  reprotection: {
    policyId: policy.policyId,
    masterTargetId: masterTarget.masterTargetId,
    masterTargetName: "mt-win-01",
    processServerId: processServer.processServerId,
    processServerName: "ps-failback-01",
    retentionDrive: "E:",
    datastoreName: "vmfs-gold",
    recoveryLocation: "original",
  },
  link: { bandwidthInMbps: 1000 },
});

export const connectionId = connection.id;
export const processServerIp = processServer.ipAddress;
export const plannedSteps = plan.plannedSteps;
