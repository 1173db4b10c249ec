import { configurationServerCases } from "./cases/configurationServer";
import { describeArea } from "./fixtures";

describeArea("configuration server rules", configurationServerCases);
