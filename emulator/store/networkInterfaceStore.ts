/** Network interfaces created through the API (the process server's). */
import { isIP } from "node:net";
import { armIdName, SubnetIdCodec } from "asr-contract";
import { ArmError, Errors } from "../errors";
import type { NicState } from "../model/world";
import type { StoreContext } from "./storeContext";

/** The network interfaces of the world. */
export class NetworkInterfaceStore {
  constructor(private readonly world: StoreContext) {}

  /** Creates or updates a NIC after checking its static IP (NET-05: unique, inside the subnet). */
  upsert(nic: NicState): NicState {
    return this.world.mutate((state) => {
      const subnet = SubnetIdCodec.tryParse(nic.subnetId);
      if (!subnet)
        throw Errors.invalidParameter(`Subnet ID '${nic.subnetId}' is not a valid subnet resource ID.`);
      const vnet = state.scenario.azure.virtualNetworks.find(
        (candidate) => candidate.name.toLowerCase() === subnet.virtualNetworkName.toLowerCase(),
      );
      const definition = vnet?.subnets.find(
        (candidate) => candidate.name.toLowerCase() === subnet.subnetName.toLowerCase(),
      );
      if (!vnet || !definition) {
        throw new ArmError(
          400,
          "InvalidResourceReference",
          `Resource ${nic.subnetId} referenced by resource ${nic.name} was not found.`,
        );
      }
      if (nic.allocationMethod === "Static") {
        if (isIP(nic.privateIpAddress) !== 4 || !ipInCidr(nic.privateIpAddress, definition.addressPrefix)) {
          throw new ArmError(
            400,
            "PrivateIPAddressNotInSubnet",
            `Private static IP address ${nic.privateIpAddress} does not belong to the range of subnet prefix ${definition.addressPrefix}.`,
          );
        }
        const takenByNic = Object.values(state.networkInterfaces).some(
          (other) =>
            other.name.toLowerCase() !== nic.name.toLowerCase() &&
            other.privateIpAddress === nic.privateIpAddress,
        );
        const takenByVm = state.scenario.protectedItems.some(
          (item) => item.azureVm?.ipAddress === nic.privateIpAddress,
        );
        if (takenByNic || takenByVm) {
          throw new ArmError(
            400,
            "PrivateIPAddressInUse",
            `IP configuration of ${nic.name} is using the private IP address ${nic.privateIpAddress} which is already allocated to another resource.`,
          );
        }
      }
      state.networkInterfaces[nic.name.toLowerCase()] = nic;
      return nic;
    });
  }

  /** Deletes a NIC; refused while a VM uses it (ARM's NicInUse). */
  delete(name: string): boolean {
    return this.world.mutate((state) => {
      const key = name.toLowerCase();
      if (!state.networkInterfaces[key]) return false;
      const user = Object.values(state.virtualMachines).find((vm) =>
        vm.nicIds.some((id) => armIdName(id).toLowerCase() === key),
      );
      if (user) {
        throw new ArmError(
          400,
          "NicInUse",
          `Network Interface ${name} is used by existing resource ${user.name}.`,
        );
      }
      delete state.networkInterfaces[key];
      return true;
    });
  }
}

/** True when an IPv4 address lies inside a CIDR block. */
export function ipInCidr(address: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split("/");
  const bits = Number(bitsText);
  const toNumber = (ip: string) => ip.split(".").reduce((sum, octet) => sum * 256 + Number(octet), 0);
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return (toNumber(address) & mask) >>> 0 === (toNumber(base!) & mask) >>> 0;
}
