// Test setup shared by the fakes' suites: both protocol servers for the file, and a clean script for `model` per test.
import { afterAll, beforeAll, beforeEach } from "vitest";
import { FakeUpstream, startFakeUpstreams, type FakeUpstreams } from "../../../src/experts/fakes/index.js";

/** Starts the servers before the file's tests and closes them after; resets the log and re-scripts `model` before each test. */
export function useFakes(model: string): { upstream: FakeUpstream; readonly fakes: FakeUpstreams } {
  const upstream = new FakeUpstream();
  let fakes: FakeUpstreams | undefined;
  beforeAll(async () => {
    fakes = await startFakeUpstreams(upstream);
  });
  afterAll(() => fakes?.close());
  beforeEach(() => {
    upstream.reset();
    upstream.script(model, {});
  });
  return {
    upstream,
    get fakes() {
      if (!fakes) throw new Error("the fake servers are not started yet");
      return fakes;
    },
  };
}
