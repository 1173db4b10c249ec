/** ExpressRoute circuits and their peerings. */
import { ExpressRouteCircuitIdCodec } from "asr-contract";
import { Errors } from "../../errors";
import { guidFrom } from "../../model/ids";
import type { Scenario } from "../../model/scenario";
import { collectionRoutes } from "../collection";
import type { EmulatorRequest } from "../context";
import type { Route } from "../router";
import { etag, inGroup, NET, rgOf, same } from "./common";

type Circuit = Scenario["connectivity"]["expressRouteCircuits"][number];

function peeringJson(
  scenario: Scenario,
  circuit: Circuit,
  peering: (typeof circuit.peerings)[number],
  index: number,
) {
  const circuitId = ExpressRouteCircuitIdCodec.format({
    subscriptionId: scenario.subscriptionId,
    resourceGroup: rgOf(scenario, circuit.resourceGroup),
    circuitName: circuit.name,
  });
  return {
    name: peering.type,
    id: `${circuitId}/peerings/${peering.type}`,
    etag: etag(circuit.name, peering.type),
    type: "Microsoft.Network/expressRouteCircuits/peerings",
    properties: {
      provisioningState: "Succeeded",
      peeringType: peering.type,
      state: peering.state,
      azureASN: 12076,
      peerASN: 65000 + index,
      primaryPeerAddressPrefix: `192.168.${index * 8}.0/30`,
      secondaryPeerAddressPrefix: `192.168.${index * 8 + 4}.0/30`,
      vlanId: 100 + index,
      microsoftPeeringConfig:
        peering.type === "AzurePrivatePeering"
          ? undefined
          : {
              advertisedPublicPrefixes: ["203.0.113.0/24"],
              advertisedPublicPrefixesState: peering.advertisedPublicPrefixesState ?? "Configured",
            },
    },
  };
}

/** A circuit. */
export function circuitJson(scenario: Scenario, circuit: Circuit) {
  return {
    name: circuit.name,
    id: ExpressRouteCircuitIdCodec.format({
      subscriptionId: scenario.subscriptionId,
      resourceGroup: rgOf(scenario, circuit.resourceGroup),
      circuitName: circuit.name,
    }),
    type: "Microsoft.Network/expressRouteCircuits",
    location: scenario.location,
    etag: etag(circuit.name),
    properties: {
      provisioningState: "Succeeded",
      circuitProvisioningState: "Enabled",
      serviceProviderProvisioningState: circuit.serviceProviderProvisioningState,
      serviceProviderProperties: {
        bandwidthInMbps: circuit.bandwidthInMbps,
        peeringLocation: "Amsterdam",
        serviceProviderName: "Equinix",
      },
      peerings: circuit.peerings.map((peering, index) => peeringJson(scenario, circuit, peering, index)),
      authorizations: [],
      allowClassicOperations: false,
      serviceKey: guidFrom("service-key", circuit.name),
    },
    sku: { name: "Standard_MeteredData", tier: "Standard", family: "MeteredData" },
  };
}

function findCircuit(request: EmulatorRequest) {
  const scenario = request.services.store.state.scenario;
  const circuit = scenario.connectivity.expressRouteCircuits.find(
    (candidate) =>
      same(candidate.name, request.params["circuitName"]) && inGroup(request, candidate.resourceGroup),
  );
  if (!circuit)
    throw Errors.resourceNotFound("Microsoft.Network/expressRouteCircuits", request.params["circuitName"]!);
  return circuit;
}

const CIRCUIT = `${NET}/expressRouteCircuits/{circuitName}`;

/** The circuit and peering routes. */
export const expressRouteCircuitRoutes: Route[] = [
  ...collectionRoutes<Circuit>({
    listings: [
      {
        pattern: `${NET}/expressRouteCircuits`,
        operation: "ExpressRouteCircuits_List",
        entities: (request) =>
          request.services.store.state.scenario.connectivity.expressRouteCircuits.filter((circuit) =>
            inGroup(request, circuit.resourceGroup),
          ),
      },
    ],
    get: { pattern: CIRCUIT, operation: "ExpressRouteCircuits_Get", find: findCircuit },
    toJson: (request, circuit) => circuitJson(request.services.store.state.scenario, circuit),
  }),
  ...collectionRoutes<{ circuit: Circuit; index: number }>({
    listings: [
      {
        pattern: `${CIRCUIT}/peerings`,
        operation: "ExpressRouteCircuitPeerings_List",
        entities: (request) => {
          const circuit = findCircuit(request);
          return circuit.peerings.map((_peering, index) => ({ circuit, index }));
        },
      },
    ],
    get: {
      pattern: `${CIRCUIT}/peerings/{peeringName}`,
      operation: "ExpressRouteCircuitPeerings_Get",
      find: (request) => {
        const circuit = findCircuit(request);
        const index = circuit.peerings.findIndex((peering) =>
          same(peering.type, request.params["peeringName"]),
        );
        if (index < 0)
          throw Errors.resourceNotFound(
            "Microsoft.Network/expressRouteCircuits/peerings",
            request.params["peeringName"]!,
          );
        return { circuit, index };
      },
    },
    toJson: (request, { circuit, index }) =>
      peeringJson(request.services.store.state.scenario, circuit, circuit.peerings[index]!, index),
  }),
];
