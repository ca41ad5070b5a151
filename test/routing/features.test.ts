// The query classifier on real-looking prompts per domain, and arithmetic expression extraction.
import { evaluate } from "mathjs";
import { describe, expect, it } from "vitest";
import { extractArithmetic } from "../../src/experts/providers/builtin/arithmetic.js";
import { countInputTokens, extractFeatures } from "../../src/routing/features.js";
import type { Domain } from "../../src/vocabulary.js";

const user = (content: string) => [{ role: "user", content }];

const PROMPTS: Record<Exclude<Domain, "arithmetic">, string[]> = {
  code: [
    "Write a python function that reverses a string",
    "Why does this throw?\n```js\nconst x = undefined;\nconsole.log(x.length);\n```",
    "Traceback (most recent call last):\n  File \"app.py\", line 3, in <module>\nKeyError: 'id'\nhow do I fix it?",
    "How do I center a div with CSS flexbox?",
    "Refactor this TypeScript class to use dependency injection",
    "What's the difference between a linked list and an array in terms of complexity?",
    "My Rust program panicked at 'index out of bounds', what does that mean?",
    "Write a SQL query that returns the top 5 customers by revenue",
    "Implement binary search in Java",
  ],
  math: [
    "Prove that there are infinitely many primes",
    "What is the derivative of x^2 * sin(x)?",
    "Solve 2x + 3 = 7",
    "Compute the integral of 1/x from 1 to e",
    "Find the eigenvalues of the matrix [[2, 1], [1, 2]]",
    "What is the probability of rolling two sixes with two dice?",
    "Show that the square root of 2 is irrational",
    "Does the series sum 1/n^2 converge?",
  ],
  science: [
    "Explain photosynthesis to a high school student",
    "Why do electrons not fall into the nucleus of an atom?",
    "What is the difference between mitosis and meiosis in cells?",
    "How does natural selection drive evolution?",
    "What happens to entropy in an isolated system according to thermodynamics?",
    "How far away is the nearest galaxy and how is its distance measured by astronomy?",
    "What is the chemical reaction when baking soda meets vinegar?",
  ],
  law: [
    "My landlord won't return my security deposit, can I sue?",
    "Is it legal to record a phone call without consent in California?",
    "What is the difference between a patent and a trademark?",
    "Explain the GDPR rules for storing customer emails",
    "Can my employer enforce a non-compete clause after I quit?",
    "What does indemnification mean in a software contract?",
  ],
  medicine: [
    "I have a fever and a headache, should I take ibuprofen?",
    "What are the early symptoms of type 2 diabetes?",
    "What is a safe dose of acetaminophen for an adult?",
    "What are the side effects of statins for cholesterol?",
    "How is high blood pressure diagnosed and treated?",
    "Is it normal to have a rash after a vaccine?",
  ],
  finance: [
    "Should I put my savings in an index fund or pay off my mortgage?",
    "Explain compound interest with an example",
    "What is the difference between a Roth IRA and a traditional 401(k)?",
    "How do I read a balance sheet?",
    "Is it a good time to invest in bonds when inflation is high?",
    "How are capital gains on stocks taxed?",
  ],
  writing: [
    "Write a haiku about autumn",
    "Write a short story about a robot who learns to paint",
    "Rewrite this paragraph to sound more formal: hey guys, the meeting is moved to 3",
    "Draft a cover letter for a junior designer position",
    "Proofread my essay introduction for grammar",
    "Write a limerick about a cat who loves lasagna",
    "Give me a catchy slogan for a coffee shop",
  ],
  translation: [
    "Translate 'good morning, how are you?' into Japanese",
    "How do you say 'thank you very much' in German?",
    "Translate this to Spanish: The train leaves at noon.",
    "What does 'je ne sais quoi' mean in English?",
    "Please translate the following paragraph from French to English: Le chat dort sur le canapé.",
  ],
  reasoning: [
    "If all bloops are razzies and all razzies are lazzies, are all bloops lazzies?",
    "A riddle: what has keys but can't open locks?",
    "On an island of knights and knaves, A says 'B is a knave'. B says 'we are both knights'. Who is what?",
    "Explain the Monty Hall problem step by step",
    "Solve this logic puzzle: three boxes are all labelled wrong…",
  ],
  general: [
    "What's the capital of France?",
    "Tell me a joke",
    "hello!",
    "Who won the World Cup in 2018?",
    "Recommend a good book for a long flight",
    "What time zone is Tokyo in?",
  ],
};

describe("extractFeatures: domain", () => {
  for (const [domain, prompts] of Object.entries(PROMPTS)) {
    it.each(prompts)(`${domain}: %s`, (prompt) => {
      const f = extractFeatures(user(prompt));
      expect(f.domain, `${prompt} → ${f.reasons.join("; ")}`).toBe(domain);
      expect(f.arithmetic).toBeUndefined();
      expect(f.confidence).toBeGreaterThan(0);
      expect(f.confidence).toBeLessThanOrEqual(1);
    });
  }

  it("gives the matched cues as reasons, the chosen domain's first", () => {
    const f = extractFeatures(user("Write a python function that reverses a string"));
    expect(f.reasons[0]).toBe('keyword "python" (code)');
    expect(f.reasons).toContain('keyword "write" (writing)');
    expect(f.scores.code).toBeGreaterThan(f.scores.writing);
  });

  it("is confident on strong cues and unsure without any", () => {
    expect(extractFeatures(user("```python\ndef f(x):\n  return x\n```\nfix the bug")).confidence).toBeGreaterThan(0.9);
    const none = extractFeatures(user("hello!"));
    expect(none.confidence).toBeLessThan(0.5);
    expect(none.reasons).toEqual(["no domain cue matched"]);
  });

  it("uses the last user message mainly and the system prompt as a weak cue", () => {
    const sys = { role: "system", content: "You are a careful lawyer." };
    expect(extractFeatures([sys, { role: "user", content: "hello!" }]).domain).toBe("general");
    const weak = extractFeatures([sys, { role: "user", content: "Can my landlord keep the deposit?" }]);
    expect(weak.domain).toBe("law");
    expect(weak.reasons).toContain('system prompt: keyword "lawyer" (law)');
    const chat = [
      { role: "user", content: "Write a poem about the sea" },
      { role: "assistant", content: "The sea, the sea…" },
      { role: "user", content: "Now write a python script that counts its words" },
    ];
    expect(extractFeatures(chat).domain).toBe("code");
  });

  it("is deterministic", () => {
    const chat = user("Explain compound interest with an example");
    expect(extractFeatures(chat)).toEqual(extractFeatures(chat));
  });

  it("counts input tokens with gpt-tokenizer, special tokens as text", () => {
    const f = extractFeatures(user("hello world"));
    expect(f.inputTokens).toBe(countInputTokens(user("hello world")));
    expect(f.inputTokens).toBe(2 + 3 + 3); // 2 tokens + per-message and reply overhead
    expect(() => extractFeatures(user("what is <|endoftext|>?"))).not.toThrow();
    expect(extractFeatures(user("word ".repeat(1000))).inputTokens).toBeGreaterThan(1000);
  });
});

describe("extractFeatures: arithmetic", () => {
  const CASES: Array<[string, string, number]> = [
    ["What is 12.5 * (3 + 4)?", "12.5 * (3 + 4)", 87.5],
    ["compute 2^32 - 1", "2^32 - 1", 4294967295],
    ["sqrt(144) + 3", "sqrt(144) + 3", 15],
    ["what's 15% of 80", "15 / 100 * 80", 12],
    ["17 divided by 4", "17 / 4", 4.25],
    ["2+2", "2 + 2", 4],
    ["How much is 3 x 4?", "3 * 4", 12],
    ["What is 5 squared plus 10?", "5^2 + 10", 35],
    ["Calculate the square root of 81 times 2", "sqrt(81) * 2", 18],
    ["Please evaluate 1,250 × 4 − 100.", "1250 * 4 - 100", 4900],
    ["what is 7 to the power of 3", "7^3", 343],
    ["Could you tell me 10 mod 3?", "10 mod 3", 1],
    ["What's 6 factorial?", "6!", 720],
    ["(1 + 2) * -3 =", "(1 + 2) * -3", -9],
    ["evaluate 2 * pi", "2 * pi", 2 * Math.PI],
  ];

  it.each(CASES)("%s → %s", (prompt, expression, value) => {
    const f = extractFeatures(user(prompt));
    expect(f.domain).toBe("arithmetic");
    expect(f.arithmetic).toEqual({ expression });
    expect(evaluate(expression)).toBeCloseTo(value, 9);
  });

  it.each([
    "What is the derivative of x^2?",
    "Solve 2x + 3 = 7",
    "what is 1 + 1 in binary",
    "What is 42?",
    "If I have 3 apples and eat 2, how many are left?",
    "How many days are there between March 3 and June 9?",
    "Write a python function that adds 2 + 2",
    "what is pi",
    "2 +",
    "(3 + 4",
  ])("not arithmetic: %s", (prompt) => {
    expect(extractFeatures(user(prompt)).arithmetic).toBeUndefined();
    expect(extractArithmetic(prompt)).toBeUndefined();
  });
});
