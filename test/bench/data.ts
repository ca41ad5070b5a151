// Where the recorded RouterBench outcomes live (read in place, never copied), and whether they are here.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const ROUTERBENCH = fileURLToPath(new URL("../../../shared/data/routerbench/", import.meta.url));
export const HAVE_ROUTERBENCH = existsSync(`${ROUTERBENCH}arc_challenge_test.csv`);
/** Shown as the skipped test's name when the folder is absent. */
export const NO_DATA = `skipped: no RouterBench data at ${ROUTERBENCH} (see ../shared/data/README.md)`;

export const TASKS = ["arc_challenge", "mbpp", "winograde"] as const;
export const split = (task: string, which: "train" | "test") => `${ROUTERBENCH}${task}_${which}.csv`;
