// The experts the Workers task tests run on: the shared chain plan's models, scripted on a fake upstream.
import type { FakeUpstream, FakeUpstreams } from "../../src/experts/fakes/index.js";
import { chainReply } from "../e2e/chain-plan.js";

/** Scripts the chain plan's three models on `upstream` (the writer slow, so a run can be caught mid-task); the Worker's vars. */
export function chainExperts(upstream: FakeUpstream, up: FakeUpstreams): Record<string, string> {
  upstream.script("gpt-4o", { reply: chainReply });
  upstream.script("m-math", { reply: (req) => (req.schema ? chainReply(req) : "The sum of the first ten primes is 129."), latencyMs: 50 });
  upstream.script("m-writer", { reply: chainReply, latencyMs: 1500 });
  const price = { inputPerMTok: 1, outputPerMTok: 2 };
  return {
    OPENAI_API_KEY: "sk-workers-test",
    EO_CONFIG: JSON.stringify({
      experts: [
        { id: "big", provider: "openai", model: "gpt-4o", baseURL: up.openai.baseURL, local: false, domains: ["general", "reasoning"], skills: { general: 0.9, reasoning: 0.9 } },
        { id: "mathbot", provider: "openai", model: "m-math", baseURL: up.openai.baseURL, local: false, pricing: price, domains: ["math"], skills: { math: 0.97 } },
        { id: "writer", provider: "openai", model: "m-writer", baseURL: up.openai.baseURL, local: false, pricing: price, domains: ["writing"], skills: { writing: 0.95 } },
      ],
    }),
  };
}
