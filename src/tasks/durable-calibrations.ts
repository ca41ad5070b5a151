// Calibrations run in Durable Objects (one per expert): the HTTP API's CalibrationControl forwards to them.
import { ERROR_CODES, EoError, type ErrorCode } from "../errors.js";
import type { CalibrationControl } from "./calibrations.js";
import type { DurableNamespaceLike } from "./durable-control.js";

/** What a calibration object answers to `start`: the run that goes on, or the error to raise (code and message as data). */
export type CalibrationObjectReply = { runId?: string; error?: { code: string; message: string } };

export class DurableCalibrationControl implements CalibrationControl {
  constructor(private readonly ns: DurableNamespaceLike) {}

  async start(expertId: string, runId: string): Promise<string> {
    const res = await this.object(expertId).fetch("https://calibration-object/start", {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ expertId, runId }),
    });
    const reply = (await res.json().catch(() => ({}))) as CalibrationObjectReply;
    if (reply.runId && !reply.error) return reply.runId;
    const code = reply.error?.code ?? "internal";
    throw new EoError(code in ERROR_CODES ? (code as ErrorCode) : "internal", reply.error?.message ?? `calibration object answered ${res.status}`);
  }

  /** The stream comes from the expert's object, where the run's events are said and kept. */
  events(expertId: string, request: Request): Promise<Response> {
    const url = new URL(request.url);
    return this.object(expertId).fetch(`https://calibration-object${url.pathname}${url.search}`, { headers: request.headers });
  }

  private object(expertId: string) {
    return this.ns.get(this.ns.idFromName(expertId) as never);
  }
}
