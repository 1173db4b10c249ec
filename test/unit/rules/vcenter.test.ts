import { vcenterCases } from "./cases/vcenter";
import { describeArea } from "./fixtures";

describeArea("vcenter and esx rules", vcenterCases);
