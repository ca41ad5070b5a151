// `eo serve`: the API on PORT, as `npm start` (the sandbox fleet when no provider is configured).
import { startServer } from "../server.js";
import { parseOptions, type CliCommand } from "./command.js";

export const serveCommand: CliCommand = {
  usage: `eo serve [--port N] [--host H]

Serves the API and the sandbox (when no provider is configured). Same as npm start.
  --port N   port (default: PORT or 8787)
  --host H   address to bind (default: HOST or 127.0.0.1)`,
  async run(argv) {
    const { values } = parseOptions(argv, { port: { type: "string" }, host: { type: "string" } });
    if (values.help) return console.log(this.usage);
    const s = await startServer({ port: values.port === undefined ? undefined : Number(values.port), host: values.host });
    const stop = () => void s.close().then(() => process.exit(0));
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  },
};
