// GET /openapi.json: the OpenAPI 3.1 document, with request bodies generated from the same zod schemas that validate them.
import { Hono } from "hono";
import { z } from "zod";
import { ChatRequestSchema } from "../gateway/request.js";
import type { AppEnv } from "./context.js";
import { RouterArtifactSchema } from "../routing/predictor/artifact.js";
import { RouteRequestSchema } from "./route.js";
import { TaskRequestSchema } from "./tasks.js";

const ErrorBody = {
  type: "object",
  properties: { error: { type: "object", properties: { code: { type: "string" }, message: { type: "string" }, details: {} }, required: ["code", "message"] } },
};

function jsonBody(schema: z.ZodType) {
  return { required: true, content: { "application/json": { schema: z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) } } };
}

const idParam = { name: "id", in: "path", required: true, schema: { type: "string" } };
const versionParam = { name: "version", in: "path", required: true, schema: { type: "integer", minimum: 1 } };

const errors = { "4XX": { description: "Bad request; the body names the field at fault", content: { "application/json": { schema: ErrorBody } } } };

export function openApiDocument(version: string) {
  return {
    openapi: "3.1.0",
    info: { title: "Expert Orchestrator", version, description: "Routes each request to the expert that best fits the caller's preferences; OpenAI-compatible." },
    paths: {
      "/v1/chat/completions": {
        post: {
          summary: "OpenAI chat completion; `model` is an expert id or `eo/auto`; `stream` gives SSE",
          requestBody: jsonBody(ChatRequestSchema),
          responses: { "200": { description: "chat.completion (JSON) or chat.completion.chunk events (SSE); header x-eo-expert names the expert" }, ...errors },
        },
      },
      "/v1/models": { get: { summary: "Every expert plus eo/auto", responses: { "200": { description: "OpenAI model list" } } } },
      "/v1/route": {
        post: {
          summary: "Dry run of the router: the chosen expert, ranked candidates and exclusions, with an explanation; calls no model",
          requestBody: jsonBody(RouteRequestSchema),
          responses: { "200": { description: "the decision" }, ...errors },
        },
      },
      "/v1/router/predictor": {
        get: { summary: "The learned router's artifact in use (published, configured or none) and every published version, newest first", responses: { "200": { description: "{ inUse, published }" } } },
        put: {
          summary: "Publish an artifact written by `eo train router` (up to 16 MB; ?note= says why): every replica routes with it within seconds",
          parameters: [{ name: "note", in: "query", required: false, schema: { type: "string", maxLength: 1000 } }],
          requestBody: jsonBody(RouterArtifactSchema),
          responses: { "201": { description: "the published version (sha256, bytes, experts matched in the catalog) and what is in use" }, "413": { description: "over 16 MB" }, ...errors },
        },
      },
      "/v1/router/predictor/{version}": {
        get: { summary: "A published artifact's text, as uploaded", parameters: [versionParam], responses: { "200": { description: "the artifact JSON" }, ...errors } },
        delete: { summary: "Withdraw a version: the router moves to the newest not withdrawn, else the configured artifact", parameters: [versionParam], responses: { "200": { description: "{ withdrawn, inUse }" }, ...errors } },
      },
      "/v1/requests": { get: { summary: "The audit trail, newest first (limit, before)", responses: { "200": { description: "decision records" } } } },
      "/v1/requests/{id}": {
        get: {
          summary: "One request's audit record: candidates, choice, reason, attempts, cost, latency, outcome",
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
          responses: { "200": { description: "the record" }, ...errors },
        },
      },
      "/v1/tasks": {
        post: { summary: "Submit a long-running task: 202 with its id and links", requestBody: jsonBody(TaskRequestSchema), responses: { "202": { description: "queued" }, ...errors } },
        get: { summary: "Tasks, newest first (limit, before)", responses: { "200": { description: "a page of tasks" } } },
      },
      "/v1/tasks/{id}": { get: { summary: "A task: status, plan, estimate, subtasks with experts and verdicts, result, cost", parameters: [idParam], responses: { "200": { description: "the task" }, ...errors } } },
      "/v1/tasks/{id}/events": {
        get: {
          summary: "The task's events as SSE (status plan estimate route subtask.started subtask.delta subtask.completed verdict task.completed task.failed); Last-Event-ID resumes",
          parameters: [idParam, { name: "Last-Event-ID", in: "header", required: false, schema: { type: "integer", minimum: 0 } }],
          responses: { "200": { description: "text/event-stream" }, "204": { description: "the task has ended and the client has every event" }, ...errors },
        },
      },
      "/v1/tasks/{id}/approve": { post: { summary: "Resume a task awaiting budget approval ({ approved?: boolean })", parameters: [idParam], responses: { "202": { description: "resumed" }, ...errors } } },
      "/v1/tasks/{id}/cancel": { post: { summary: "Cancel a task, aborting its running upstream requests", parameters: [idParam], responses: { "200": { description: "cancelled" }, ...errors } } },
      "/metrics": { get: { summary: "Prometheus text: requests, attempts by outcome, spend, tokens, latency histogram", responses: { "200": { description: "text/plain; version=0.0.4" } } } },
      "/healthz": { get: { summary: "Liveness", responses: { "200": { description: "ok" } } } },
      "/openapi.json": { get: { summary: "This document", responses: { "200": { description: "OpenAPI 3.1" } } } },
    },
  };
}

export function openApiRoutes(version: string) {
  const app = new Hono<AppEnv>();
  const doc = openApiDocument(version);
  app.get("/openapi.json", (c) => c.json(doc));
  return app;
}
