import * as assert from "node:assert/strict";
import { retentionVolumeProblem } from "../../../provider/rules/masterTarget";
import { masterTargetCases } from "./cases/masterTarget";
import { describeArea } from "./fixtures";

describeArea("master target rules", masterTargetCases);

describe("retentionVolumeProblem", () => {
  const table: [string, Parameters<typeof retentionVolumeProblem>[0], string | undefined][] = [
    ["NTFS", { name: "E:", fileSystem: "NTFS" }, undefined],
    ["exFAT", { name: "E:", fileSystem: "exFAT" }, "is formatted exFAT"],
    ["cache", { name: "E:", isCache: true }, "is a cache volume"],
    ["locked", { name: "E:", isLocked: true }, "is locked"],
    ["unknown", { name: "E:" }, undefined],
  ];
  for (const [title, volume, expected] of table) {
    it(`judges a ${title} volume`, () => {
      assert.equal(retentionVolumeProblem(volume), expected);
    });
  }
});
