// The fake model upstreams (OpenAI and Ollama protocol servers over one scripted FakeUpstream), for tests and the sandbox fleet.

import { createOllamaHandler } from "./ollama-server.js";
import { createOpenAIHandler } from "./openai-server.js";
import { FakeUpstream } from "./script.js";
import { serveFetch } from "./serve.js";

export { ANY_MODEL, FakeUpstream, type Admission, type Fault, type FakeRequest, type ModelScript } from "./script.js";
export { instanceFromSchema, type JSONSchema } from "./schema-instance.js";
export { createOpenAIHandler } from "./openai-server.js";
export { createOllamaHandler, FAKE_OLLAMA_VERSION } from "./ollama-server.js";
export { serveFetch, type ServedFetch } from "./serve.js";
export { splitRequest } from "./prompt-parts.js";
export { simulatedReply } from "./simulated-reply.js";

export interface FakeUpstreams {
  upstream: FakeUpstream;
  /** `baseURL` is what OpenAI clients take (it ends in /v1). */
  openai: { url: string; baseURL: string };
  /** `url` is what Ollama clients take as their base URL / host. */
  ollama: { url: string };
  close(): Promise<void>;
}

/** Starts both protocol servers on ephemeral 127.0.0.1 ports, over one shared upstream. */
export async function startFakeUpstreams(upstream: FakeUpstream = new FakeUpstream()): Promise<FakeUpstreams> {
  const openai = await serveFetch(createOpenAIHandler(upstream));
  const ollama = await serveFetch(createOllamaHandler(upstream)).catch(async (e: unknown) => {
    await openai.close();
    throw e;
  });
  return {
    upstream,
    openai: { url: openai.url, baseURL: `${openai.url}/v1` },
    ollama: { url: ollama.url },
    close: async () => {
      await Promise.all([openai.close(), ollama.close()]);
    },
  };
}
