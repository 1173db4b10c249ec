/**
 * Emulator figures: throughput of GETs on loopback (target >= 500/s) and the load time of a
 * generated 500-item scenario (target < 2 s). Run with `npx tsx bench/emulator-bench.ts`;
 * prints both and writes them to bench/emulator-results.json.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { bundledScenarioPath, parseScenario, startEmulator } from "asr-emulator";
import { stringify } from "yaml";

const GET_COUNT = 4000;
const CONCURRENCY = 8;
const ITEM_COUNT = 500;

async function getThroughput(): Promise<{ getsPerSecond: number; requests: number; seconds: number }> {
  const emulator = await startEmulator({ scenarioFile: bundledScenarioPath("vmware-healthy") });
  const url = `${emulator.endpoint}/subscriptions/${emulator.subscriptionId}/resourceGroups/${emulator.resourceGroup}/providers/Microsoft.RecoveryServices/vaults/${emulator.vaultName}/replicationFabrics/cs-contoso/replicationProtectionContainers/cs-contoso-container/replicationProtectedItems/vm-web-1?api-version=2023-06-01`;
  const headers = { authorization: `Bearer ${emulator.token}` };
  const one = async () => {
    const response = await fetch(url, { headers });
    if (response.status !== 200) throw new Error(`GET answered ${response.status}`);
    await response.arrayBuffer();
  };
  for (let index = 0; index < 200; index++) await one();
  let issued = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (issued < GET_COUNT) {
        issued += 1;
        await one();
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await emulator.close();
  return {
    getsPerSecond: Math.round(GET_COUNT / seconds),
    requests: GET_COUNT,
    seconds: Number(seconds.toFixed(3)),
  };
}

function generatedScenarioYaml(): string {
  const base = parseScenario(readFileSync(bundledScenarioPath("vmware-healthy"), "utf8")) as Record<
    string,
    any
  >;
  const template = base["protectedItems"].find((item: { name: string }) => item.name === "vm-web-1");
  base["protectedItems"] = Array.from({ length: ITEM_COUNT }, (_, index) => ({
    ...template,
    name: `vm-gen-${index}`,
    friendlyName: `vm-gen-${index}`,
    azureVm: {
      ...template.azureVm,
      name: `vm-gen-${index}`,
      ipAddress: `10.50.${1 + Math.floor(index / 250)}.${(index % 250) + 2}`,
    },
    replicationGroup: `group-${index % 20}`,
  }));
  base["recoveryPlans"] = Array.from({ length: 10 }, (_, plan) => ({
    name: `rp-gen-${plan}`,
    items: Array.from({ length: 50 }, (_, index) => `vm-gen-${plan * 50 + index}`),
  }));
  return stringify(base, { aliasDuplicateObjects: false });
}

async function scenarioLoad(): Promise<{
  loadMilliseconds: number;
  items: number;
  firstListMilliseconds: number;
}> {
  const directory = mkdtempSync(join(tmpdir(), "asr-bench-"));
  try {
    const file = join(directory, "scenario-500.yaml");
    writeFileSync(file, generatedScenarioYaml());
    const started = performance.now();
    const emulator = await startEmulator({ scenarioFile: file, stateDirectory: join(directory, "state") });
    const loadMilliseconds = performance.now() - started;
    const listStarted = performance.now();
    const response = await fetch(
      `${emulator.endpoint}/subscriptions/${emulator.subscriptionId}/resourceGroups/${emulator.resourceGroup}/providers/Microsoft.RecoveryServices/vaults/${emulator.vaultName}/replicationProtectedItems?api-version=2023-06-01`,
      { headers: { authorization: `Bearer ${emulator.token}` } },
    );
    await response.arrayBuffer();
    const firstListMilliseconds = performance.now() - listStarted;
    const items = Object.keys(emulator.world().items).length;
    await emulator.close();
    return {
      loadMilliseconds: Math.round(loadMilliseconds),
      items,
      firstListMilliseconds: Math.round(firstListMilliseconds),
    };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const throughput = await getThroughput();
  const load = await scenarioLoad();
  const results = {
    measuredAt: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    getThroughput: {
      ...throughput,
      concurrency: CONCURRENCY,
      targetGetsPerSecond: 500,
      meetsTarget: throughput.getsPerSecond >= 500,
    },
    scenarioLoad: { ...load, targetMilliseconds: 2000, meetsTarget: load.loadMilliseconds < 2000 },
  };
  process.stdout.write(
    `GET throughput: ${throughput.getsPerSecond} GETs/s (${throughput.requests} requests, concurrency ${CONCURRENCY}; target >= 500)\n` +
      `500-item scenario load: ${load.loadMilliseconds} ms (target < 2000); first full list: ${load.firstListMilliseconds} ms\n`,
  );
  writeFileSync(join(__dirname, "emulator-results.json"), `${JSON.stringify(results, null, 2)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
