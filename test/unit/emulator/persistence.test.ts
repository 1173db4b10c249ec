import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  STATE_DIRECTORY_MODE,
  STATE_FILE_MODE,
  StateDirectory,
  StateFiles,
} from "../../../emulator/store/persistence";

const modeOf = (path: string) => statSync(path).mode & 0o7777;
const TOKEN = "0123456789abcdef0123";

describe("StateDirectory file modes", () => {
  let parent: string;
  let previousUmask: number;

  before(function () {
    if (process.platform === "win32") this.skip();
  });
  beforeEach(() => {
    parent = mkdtempSync(join(tmpdir(), "asr-emulator-modes-"));
    // No umask to lean on: the modes must come from the emulator itself.
    previousUmask = process.umask(0);
  });
  afterEach(() => {
    process.umask(previousUmask);
    rmSync(parent, { recursive: true, force: true });
  });

  it("creates the state directory for its owner only (0700)", () => {
    const directory = join(parent, "state", "nested");
    new StateDirectory(directory);
    assert.equal(modeOf(directory).toString(8), STATE_DIRECTORY_MODE.toString(8));
  });

  it("writes the token and the world readable by their owner only (0600)", () => {
    const state = new StateDirectory(join(parent, "state"));
    state.saveToken(TOKEN);
    writeFileSync(join(state.directory, `${StateFiles.world}.${process.pid}.tmp`), "stale", { mode: 0o644 });
    state.saveWorld({ formatVersion: 1 } as never);
    for (const name of Object.values(StateFiles)) {
      assert.equal(modeOf(join(state.directory, name)).toString(8), STATE_FILE_MODE.toString(8), name);
    }
    assert.equal(state.loadToken(), TOKEN);
  });

  it("takes the others' permissions off a directory and files an earlier version left open", () => {
    const directory = join(parent, "state");
    new StateDirectory(directory).saveToken(TOKEN);
    chmodSync(directory, 0o755);
    chmodSync(join(directory, StateFiles.token), 0o644);
    writeFileSync(join(directory, StateFiles.world), "{}", { mode: 0o664 });

    new StateDirectory(directory);

    assert.equal(modeOf(directory).toString(8), "700");
    assert.equal(modeOf(join(directory, StateFiles.token)).toString(8), "600");
    assert.equal(modeOf(join(directory, StateFiles.world)).toString(8), "600");
  });

  it("leaves a directory shared on purpose (sticky, as /tmp) as it is", () => {
    const directory = join(parent, "shared");
    new StateDirectory(directory);
    chmodSync(directory, 0o1777);
    new StateDirectory(directory);
    assert.equal(modeOf(directory).toString(8), "1777");
  });
});
