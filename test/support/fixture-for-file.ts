// One fixture server per test file, with the environment variable that points Herald at it.
import { afterAll, beforeAll, beforeEach } from "vitest";
import { resetEnvCache } from "../../lib/env";

/**
 * A fixture for one test file: started before its tests with `envVar` pointing Herald at its URL,
 * emptied by `empty` before each test, closed (and the variable removed) after them. The returned
 * function gives the running fixture.
 */
export function fixtureForFile<F extends { url: string; close(): Promise<void> }>(
  name: string,
  start: () => Promise<F>,
  envVar: string,
  empty: (fixture: F) => void,
): () => F {
  let fixture: F | undefined;
  const running = () => {
    if (!fixture) throw new Error(`the ${name} fixture is not started`);
    return fixture;
  };
  beforeAll(async () => {
    fixture = await start();
    process.env[envVar] = fixture.url;
    resetEnvCache();
  });
  afterAll(async () => {
    await fixture?.close();
    delete process.env[envVar];
    resetEnvCache();
  });
  beforeEach(() => empty(running()));
  return running;
}
