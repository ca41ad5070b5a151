// What the Durable Objects (tasks, calibrations) share: how a stream they serve says where it came from.

/** The object's own app answered `res` (an SSE stream): tagged with `x-eo-stream: <origin>` (clients may ignore it). */
export function servedBy(origin: string, res: Response): Response {
  const headers = new Headers(res.headers);
  headers.set("x-eo-stream", origin);
  return new Response(res.body, { status: res.status, headers });
}
