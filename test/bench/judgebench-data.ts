// Where the recorded JudgeBench pairs and verdicts live (read in place, never copied), and whether they are here.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const JUDGEBENCH = fileURLToPath(new URL("../../../shared/data/judgebench/", import.meta.url));
export const GPT4O = "gpt-4o-2024-05-13";
export const HAVE_JUDGEBENCH = existsSync(`${JUDGEBENCH}dataset=judgebench,response_model=${GPT4O},judge_name=arena_hard,judge_model=o1-mini-2024-09-12.jsonl`);
/** Shown as the skipped test's name when the folder is absent. */
export const NO_JUDGEBENCH = `skipped: no JudgeBench data at ${JUDGEBENCH} (see ../shared/data/README.md)`;
