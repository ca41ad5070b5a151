// The builtin experts every default catalog carries (Node's and the Worker's), as catalog entries.
import type { ExpertConfig } from "../config.js";

export const BUILTIN_EXPERTS: ExpertConfig[] = [
  { id: "calculator", provider: "builtin", model: "math", domains: ["arithmetic"], skills: { arithmetic: 1 }, latencyMs: 1, timeoutMs: 5_000, sandbox: false },
];
