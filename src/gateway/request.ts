// The /v1/chat/completions request: its zod schema and its translation into LangChain messages and call params.
import { AIMessage, HumanMessage, SystemMessage, ToolMessage, type BaseMessage } from "@langchain/core/messages";
import { z } from "zod";
import { DomainSchema, PreferencesSchema } from "../config.js";
import { EoError } from "../errors.js";
import type { CallParams } from "../experts/providers/provider.js";

const TextPart = z.object({ type: z.literal("text"), text: z.string() });
const Content = z.union([z.string(), z.array(TextPart).min(1)]);

const ToolCallSchema = z.object({
  id: z.string(),
  type: z.literal("function"),
  function: z.object({ name: z.string(), arguments: z.string() }),
});

export const MessageSchema = z.discriminatedUnion("role", [
  z.object({ role: z.enum(["system", "developer"]), content: Content, name: z.string().optional() }),
  z.object({ role: z.literal("user"), content: Content, name: z.string().optional() }),
  z.object({
    role: z.literal("assistant"),
    content: Content.nullable().optional(),
    tool_calls: z.array(ToolCallSchema).optional(),
    name: z.string().optional(),
  }),
  z.object({ role: z.literal("tool"), content: Content, tool_call_id: z.string() }),
]);
export type ChatMessage = z.infer<typeof MessageSchema>;

const FunctionToolSchema = z.object({
  type: z.literal("function"),
  function: z.object({
    name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/),
    description: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    strict: z.boolean().nullable().optional(),
  }),
});

const ResponseFormatSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text") }),
  z.object({ type: z.literal("json_object") }),
  z.object({
    type: z.literal("json_schema"),
    json_schema: z.object({
      name: z.string(),
      description: z.string().optional(),
      schema: z.record(z.string(), z.unknown()).optional(),
      strict: z.boolean().nullable().optional(),
    }),
  }),
]);

/**
 * `eo.cascade` (chat only): ask cheaper experts first and let a rule judge decide whether one of their answers
 * is enough before the routed expert is asked (src/routing/cascade.ts). `true` takes the default knobs.
 */
export const CascadePreferenceSchema = z.union([
  z.boolean(),
  z.strictObject({
    /** Agreeing answers needed where the judge extracts a comparable answer (a choice, a number). */
    votes: z.int().min(1).max(5).optional(),
    /** A cheaper expert is a stage only if predicted at least floor × the routed expert's quality. */
    floor: z.number().min(0).max(1).optional(),
    /** A passing free-form answer is enough from a stage predicted at least solo × the routed expert's quality. */
    solo: z.number().min(0).max(1).optional(),
    /** Cheaper experts asked at most. */
    maxStages: z.int().min(1).max(5).optional(),
  }),
]);
export type CascadePreference = z.infer<typeof CascadePreferenceSchema>;

/**
 * The preferences of a chat request (and of its dry run, /v1/route): the router's, plus `cascade`, and `domain` for a
 * caller that knows what the query is about (an agent delegating a subtask): the router then skips its classifier.
 */
export const ChatPreferencesSchema = PreferencesSchema.extend({ cascade: CascadePreferenceSchema.optional(), domain: DomainSchema.optional() });

/** OpenAI's chat-completions body, plus our optional `eo` preferences. Unknown OpenAI fields are tolerated. */
export const ChatRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(MessageSchema).min(1, "messages must contain at least one message"),
  stream: z.boolean().nullable().optional(),
  stream_options: z.object({ include_usage: z.boolean().optional() }).nullable().optional(),
  temperature: z.number().min(0).max(2).nullable().optional(),
  max_tokens: z.int().positive().nullable().optional(),
  max_completion_tokens: z.int().positive().nullable().optional(),
  stop: z.union([z.string(), z.array(z.string()).max(4)]).nullable().optional(),
  n: z.literal(1, "only n = 1 is supported").nullable().optional(),
  tools: z.array(FunctionToolSchema).optional(),
  tool_choice: z
    .union([z.enum(["none", "auto", "required"]), z.object({ type: z.literal("function"), function: z.object({ name: z.string() }) })])
    .optional(),
  response_format: ResponseFormatSchema.optional(),
  user: z.string().optional(),
  eo: ChatPreferencesSchema.optional(),
});
export type ChatRequest = z.infer<typeof ChatRequestSchema>;

/** Parses a body; the first issue becomes a 400 naming the field (OpenAI's `param`). */
export function parseChatRequest(body: unknown): ChatRequest {
  const r = ChatRequestSchema.safeParse(body);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const param = issue.path.map(String).join(".") || undefined;
  throw new EoError("validation_failed", `${param ? `${param}: ` : ""}${issue.message}`, {
    param,
    details: r.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })),
  });
}

export function textOf(content: z.infer<typeof Content> | null | undefined): string {
  if (content == null) return "";
  return typeof content === "string" ? content : content.map((p) => p.text).join("");
}

/** The messages as plain role/text pairs, for the router's features. */
export function plainMessages(messages: ChatMessage[]): { role: string; content: string }[] {
  return messages.map((m) => ({ role: m.role === "developer" ? "system" : m.role, content: textOf(m.content) }));
}

function parseArgs(s: string, index: number): Record<string, unknown> {
  try {
    const v = JSON.parse(s) as unknown;
    if (v && typeof v === "object" && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // fall through to the error below
  }
  throw new EoError("validation_failed", `messages.${index}.tool_calls: arguments must be a JSON object string`, {
    param: `messages.${index}.tool_calls`,
  });
}

/** OpenAI wire messages → LangChain messages. */
export function toLangChainMessages(messages: ChatMessage[]): BaseMessage[] {
  return messages.map((m, i) => {
    switch (m.role) {
      case "system":
      case "developer":
        return new SystemMessage(textOf(m.content));
      case "user":
        return new HumanMessage(textOf(m.content));
      case "assistant":
        return new AIMessage({
          content: textOf(m.content),
          tool_calls: (m.tool_calls ?? []).map((t) => ({ id: t.id, name: t.function.name, args: parseArgs(t.function.arguments, i), type: "tool_call" as const })),
        });
      case "tool":
        return new ToolMessage({ content: textOf(m.content), tool_call_id: m.tool_call_id });
    }
  });
}

/** The per-call parameters every provider understands. */
export function toCallParams(req: ChatRequest): CallParams {
  return {
    temperature: req.temperature ?? undefined,
    maxTokens: req.max_completion_tokens ?? req.max_tokens ?? undefined,
    stop: req.stop == null ? undefined : Array.isArray(req.stop) ? req.stop : [req.stop],
    responseFormat: req.response_format as CallParams["responseFormat"],
    tools: req.tools as CallParams["tools"],
    toolChoice: req.tool_choice,
  };
}
