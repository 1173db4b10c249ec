/**
 * Walks an emulator's route table: every GET route is requested with every set of path
 * parameters the answers so far reveal (each ARM ID an answer holds is matched against the
 * routes), until no new path appears; list answers are followed through their `nextLink`s.
 * Driven by the table, so a route added later is walked without touching the suite.
 */
import type { RunningEmulator } from "asr-emulator";
import { asrRoutes } from "../../../emulator/http/asr";
import { computeRoutes } from "../../../emulator/http/handlers/compute";
import { knownResourceGroups, networkRoutes } from "../../../emulator/http/network";
import { type Route, Router } from "../../../emulator/http/router";

/** One answer the walk received. */
export interface CrawledAnswer {
  readonly route: Route;
  readonly url: string;
  readonly status: number;
  readonly body: unknown;
}

/** The ARM routes (not the emulator's admin routes), as the emulator builds its table. */
export const armRoutes: readonly Route[] = [...asrRoutes, ...networkRoutes, ...computeRoutes];
const router = new Router(armRoutes);

/** The api-version a client of each namespace sends. */
export function apiVersionFor(path: string): string {
  if (/\/providers\/Microsoft\.Network\//i.test(path)) return "2024-05-01";
  if (/\/providers\/Microsoft\.Compute\//i.test(path)) return "2024-07-01";
  return "2023-06-01";
}

/** Sends a request with the emulator's token; the answer's status and JSON body. */
export async function request(
  emulator: RunningEmulator,
  method: string,
  pathOrUrl: string,
  body?: unknown,
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const url = new URL(pathOrUrl, emulator.endpoint);
  if (!url.searchParams.has("api-version")) url.searchParams.set("api-version", apiVersionFor(url.pathname));
  const response = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${emulator.token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

function fill(pattern: string, params: Record<string, string>): string | undefined {
  let missing = false;
  const path = pattern.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) missing = true;
    return encodeURIComponent(value ?? "");
  });
  return missing ? undefined : path;
}

/** Every ARM ID (`/subscriptions/...`) anywhere in a JSON value. */
function idsIn(value: unknown, found: Set<string>): Set<string> {
  if (typeof value === "string") {
    if (/^\/subscriptions\//i.test(value)) found.add(value);
  } else if (Array.isArray(value)) {
    for (const entry of value) idsIn(entry, found);
  } else if (typeof value === "object" && value !== null) {
    for (const entry of Object.values(value)) idsIn(entry, found);
  }
  return found;
}

/** Walks every GET route of the emulator; resolves with every answer received. */
export async function crawl(emulator: RunningEmulator): Promise<CrawledAnswer[]> {
  const scenario = emulator.store.state.scenario;
  const bindings: Record<string, string>[] = [...knownResourceGroups(scenario)].map((group) => ({
    subscriptionId: scenario.subscriptionId,
    resourceGroupName: group,
    vaultName: scenario.vault.name,
  }));
  const seen = new Set<string>();
  const bindingKeys = new Set<string>();
  const answers: CrawledAnswer[] = [];
  const learn = (body: unknown) => {
    for (const id of idsIn(body, new Set())) {
      const match = router.match("GET", id.split("?")[0]!);
      if (match.kind !== "found") continue;
      const key = JSON.stringify(Object.entries(match.params).sort());
      if (bindingKeys.has(key)) continue;
      bindingKeys.add(key);
      bindings.push({ ...match.params, subscriptionId: scenario.subscriptionId });
    }
  };
  const getRoutes = armRoutes.filter((route) => route.method === "GET");
  for (let grew = true; grew; ) {
    grew = false;
    for (const route of getRoutes) {
      for (const binding of [...bindings]) {
        const path = fill(route.pattern, binding);
        if (!path || seen.has(path.toLowerCase())) continue;
        seen.add(path.toLowerCase());
        grew = true;
        let next: string | undefined = path;
        while (next) {
          const answer = await request(emulator, "GET", next);
          answers.push({ route, url: next, status: answer.status, body: answer.body });
          learn(answer.body);
          next = (answer.body as { nextLink?: string } | undefined)?.nextLink;
        }
      }
    }
  }
  return answers;
}

/** The path parameters of a walked GET answer's URL. */
function paramsOf(url: string): Record<string, string> {
  const match = router.match("GET", new URL(url, "http://emulator").pathname);
  return match.kind === "found" ? match.params : {};
}

/**
 * A path for a route that takes a body, filled from a walked answer of the object it acts on (the
 * same pattern for PUT and PATCH, the parent pattern for a POST action); undefined when the walk
 * met no such object.
 */
export function pathFromAnswers(route: Route, answers: readonly CrawledAnswer[]): string | undefined {
  const target = route.method === "POST" ? route.pattern.replace(/\/[^/]+$/, "") : route.pattern;
  for (const answer of answers) {
    if (answer.route.pattern !== target || answer.status !== 200) continue;
    const path = fill(route.pattern, paramsOf(answer.url));
    if (path) return path;
  }
  return undefined;
}

/** The ARM route that answers a method and path (a URL's query is ignored). */
export function routeOf(method: string, pathOrUrl: string): Route {
  const match = router.match(method, new URL(pathOrUrl, "http://emulator").pathname);
  if (match.kind !== "found") throw new Error(`no route answers ${method} ${pathOrUrl}`);
  return match.route;
}
