// The shape of one `eo` subcommand kept in its own file: its usage text and what it runs.
import { parseArgs, type ParseArgsConfig } from "node:util";

export interface CliCommand {
  /** Printed by `--help` and after a usage error. */
  usage: string;
  run(argv: string[]): Promise<void>;
}

/** A usage error: the message, then the command's usage; exit code 2. */
export class UsageError extends Error {}

/** parseArgs with --help built in; an unknown or malformed option becomes a UsageError. */
export function parseOptions<O extends NonNullable<ParseArgsConfig["options"]>>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options: { ...options, help: { type: "boolean" } }, allowPositionals: false, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}
