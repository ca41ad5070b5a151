// `eo leaderboard`: experts ranked per domain and dimension by their profiles, as a table, JSON or CSV.
import { EoError } from "../errors.js";
import { leaderboardCsv, leaderboards, leaderboardText } from "../routing/leaderboard.js";
import { DIMENSIONS, DOMAINS, isDomain, type Dimension } from "../vocabulary.js";
import { parseOptions, UsageError, type CliCommand } from "./command.js";
import { openOfflineService } from "./offline-service.js";

export const leaderboard: CliCommand = {
  usage: `eo leaderboard [--domain D] [--dimension M] [--json | --csv]

Experts ranked by their capability profiles (the judged evidence in the store: EO_DATABASE_URL, else EO_DATA_DIR),
per domain and dimension, with the estimate's interval and the number of judged samples behind it. An expert
taken out of routing for a domain says why.
  --domain D      one of ${DOMAINS.join(", ")} (default: all)
  --dimension M   one of ${DIMENSIONS.join(", ")} (default: all)
  --json          the boards as JSON (as GET /v1/leaderboard answers)
  --csv           one row per entry`,
  async run(argv) {
    const { values } = parseOptions(argv, { domain: { type: "string" }, dimension: { type: "string" }, json: { type: "boolean" }, csv: { type: "boolean" } });
    if (values.help) return console.log(this.usage);
    if (values.domain !== undefined && !isDomain(values.domain)) throw new UsageError(`--domain: unknown domain "${values.domain}"`);
    if (values.dimension !== undefined && !(DIMENSIONS as readonly string[]).includes(values.dimension)) throw new UsageError(`--dimension: unknown dimension "${values.dimension}"`);
    if (values.json && values.csv) throw new UsageError("give --json or --csv, not both");
    const svc = await openOfflineService(process.env).catch((e: unknown) => {
      throw e instanceof EoError ? e : new EoError("internal", String(e));
    });
    try {
      const boards = leaderboards(svc.profiles, { domain: values.domain as never, dimension: values.dimension as Dimension | undefined }, (e, d) => svc.router.blockedBecause(e, d));
      if (values.json) console.log(JSON.stringify({ object: "list", data: boards }, null, 2));
      else if (values.csv) process.stdout.write(leaderboardCsv(boards));
      else console.log(leaderboardText(boards));
    } finally {
      await svc.close();
    }
  },
};
