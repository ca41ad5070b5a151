// The code-parses rule judge: languages, fences, examples and output beside the code, first error's line; then on MBPP answers.
import { describe, expect, it } from "vitest";
import { pythonCodeJudge } from "../../src/judging/python-code.js";
import { asksForCode, languageAskedIn, languageByLook } from "../../src/judging/rules/code-language.js";
import { codeParsesJudge } from "../../src/judging/rules/code-parses.js";
import { codeBlocks, sessionCode } from "../../src/judging/rules/fences.js";
import { syntaxProblem } from "../../src/judging/rules/parse-code.js";
import { HAVE_ROUTERBENCH, NO_DATA, routerbench } from "./recorded.js";

const run = (response: string, prompt = "Write a function.", language?: string) =>
  codeParsesJudge.judge({ prompt, response, ...(language ? { expect: { language } } : {}) });

describe("code-parses judge", () => {
  it.each([
    ["python", "```python\ndef f(x):\n    return [y for y in x if y]\n```"],
    ["python", "```py\nclass A:\n    @property\n    def v(self) -> int:\n        return 1\n```"],
    ["python", "```python\nmatch cmd:\n    case [x, *rest]:\n        print(f\"{x!r:>{w}}\")\n```"],
    ["javascript", "```js\nconst f = (xs) => xs.filter(Boolean);\n```"],
    ["javascript", "```javascript\nexport function App() { return <div>{x}</div>; }\n```"],
    ["typescript", "```ts\ninterface P { x: number }\nconst id = <T,>(v: T): T => v;\n```"],
    ["tsx", "```tsx\nconst C = ({ n }: { n: number }) => <b>{n}</b>;\n```"],
  ])("passes %s code that parses", (language, answer) => {
    const v = run(answer);
    expect(v).toMatchObject({ pass: true, scores: { format: 1 } });
    expect(v.answer).toBe(language);
  });

  it.each([
    ["```python\ndef f(x):\n    return x[::-1\n```", /python at answer line 3\): syntax error: the code ends too early near "return x\[::-1"/],
    ["```python\ndef f(x)\n    return x\n```", /answer line 2\): syntax error/],
    ["```python\nprint 'hello'\n```", /Python 2 print statement/],
    ["```python\ns = 'open\nt = 1\n```", /answer line 2\): a string that never closes/],
    ["```js\nlet x = 1 +;\n```", /javascript at answer line 2\): syntax error near "let x = 1 \+;"/],
    ["```python\ndef f(x):\nreturn x\n```", /syntax error/],
  ])("fails %j at the first error's line", (answer, why) => {
    const v = run(answer);
    expect(v).toMatchObject({ pass: false, scores: { format: 0 } });
    expect(v.reasons[0]).toMatch(why);
  });

  it("takes the language from expect.language, else the fence, else the prompt, else the code's look", () => {
    expect(run("```js\nconst a = 1;\n```", "Write a function.", "python").reasons[0]).toMatch(/the code is in javascript, not python/);
    expect(run("```\nfunction f() { return 1 }\n```", "Write a python function.").pass).toBe(false);
    expect(run("```\nfunction f() { return 1 }\n```", "Write a function.").answer).toBe("javascript");
    expect(run("```\nfunction f(): number { return 1 }\n```", "Write a function.").answer).toBe("typescript");
    expect(languageAskedIn("Write a Python function to add")).toBe("python");
    expect(languageAskedIn("Port this Python to TypeScript")).toBeUndefined();
    expect(languageByLook("def f(x): return x")).toBe("python");
    expect(languageByLook("const f = () => 1;")).toBe("javascript");
    expect(run("x", "Write a function.", "cobol")).toMatchObject({ pass: false, scores: {} });
  });

  it("reads code-llama's [PYTHON] tags, sessions (>>>), and bare code with prose around it", () => {
    expect(codeBlocks("[PYTHON]\ndef f():\n    return 1\n[/PYTHON]\n[TESTS]\nassert f() == 1\n[/TESTS]")).toHaveLength(2);
    expect(run("[PYTHON]\ndef f():\n    return 1\n[/PYTHON]").pass).toBe(true);
    expect(sessionCode(">>> f(1)\n2\n>>> for i in x:\n...     print(i)")).toBe("f(1)\nfor i in x:\n    print(i)");
    expect(run("```python\ndef f(x):\n    return x\n```\n```python\n>>> f(2)\n2\n```").pass).toBe(true);
    const bare = "def f(x):\n    return x * 2\n\nThe function doubles its input, which is what we want here.\n\nExample:\nprint(f(2))\n";
    expect(run(bare, "Write a python function.")).toMatchObject({ pass: true, reasons: expect.arrayContaining(["prose lines between the code were skipped"]) });
  });

  it("does not hold usage examples or output beside a defined function to parse, nor a second version cut off", () => {
    const examples = "```python\ndef inner_z(t):\n    return 'z' in t[1:-1]\n```\nExamples:\n```python\ninner_z(\"zoo\")\ninner_z(\"jazz\") -> False\n```";
    expect(run(examples)).toMatchObject({ pass: true, reasons: expect.arrayContaining([expect.stringMatching(/1 example block beside the code, 1 of them not valid code/)]) });
    expect(run("```python\ndef f():\n    return 1\n```\nOutput:\n```python\nOriginal string: Hello World!\n```")).toMatchObject({ pass: true, reasons: expect.arrayContaining(["not parsed: 1 block of output (no statement)"]) });
    const secondCut = "```python\ndef f(x):\n    return x\n```\nOr, faster:\n```python\ndef g(x):\n    return (x";
    expect(run(secondCut)).toMatchObject({ pass: true, reasons: expect.arrayContaining(["the answer is cut off inside a later code block, not counted"]) });
    expect(run("```python\ndef g(x):\n    return (x").pass).toBe(false);
  });

  it("fails a request for code answered without code, and passes an answer with no code when none was asked", () => {
    expect(asksForCode("Write a function that reverses a list")).toBe(true);
    expect(run("You could use slicing.", "Write a python function that reverses a list.").reasons[0]).toMatch(/code was asked for, but the answer has no code/);
    expect(run("Paris is the capital.", "What is the capital of France?")).toMatchObject({ pass: true, scores: {} });
    expect(run("```bash\npip install x\n```", "Write a python script").reasons[0]).toMatch(/only output or shell blocks/);
  });

  it("parses a bounded amount of code per answer, and says how many blocks it left", () => {
    const v = run("```python\ndef f():\n    return 1\n```\n".repeat(3_000));
    expect(v.pass).toBe(true);
    expect(v.reasons).toContainEqual(expect.stringMatching(/^not parsed: \d+ more blocks \(the answer has more code than one judging parses\)$/));
  });

  it("reports the line inside the answer, not inside the block", () => {
    expect(syntaxProblem("a = 1\nb = (\n", "python")).toMatchObject({ line: 2 });
    expect(run("Intro\n\nMore intro\n```python\nx = 1\ny = [\n```").reasons[0]).toMatch(/answer line 6\)/);
  });
});

describe.skipIf(!HAVE_ROUTERBENCH)("code-parses judge on MBPP answers (RouterBench, both splits)", () => {
  const answers = () => routerbench("mbpp").flatMap((r) => Object.entries(r.outcomes).flatMap(([model, o]) => (o ? [{ prompt: r.prompt, model, response: o.response ?? "", score: o.score }] : [])));

  it("passes the answers scored correct, agrees with the python-code judge of the cascade, and python-code rejects almost no correct answer", () => {
    let correct = 0, correctPass = 0, agree = 0, n = 0, pythonRejectsCorrect = 0;
    for (const a of answers()) {
      const v = codeParsesJudge.judge({ prompt: a.prompt, response: a.response, expect: { language: "python" } });
      const old = pythonCodeJudge.judge({ prompt: a.prompt, response: a.response });
      n++;
      if (v.pass === old.pass) agree++;
      if (a.score === 1) {
        correct++;
        if (v.pass) correctPass++;
        if (!old.pass) pythonRejectsCorrect++;
      }
    }
    console.log(`code-parses on ${n} MBPP answers: passes ${correctPass}/${correct} scored correct; agrees with python-code on ${(agree / n).toFixed(4)}; python-code rejects ${pythonRejectsCorrect} correct`);
    expect(correctPass / correct).toBeGreaterThan(0.99);
    expect(agree / n).toBeGreaterThan(0.99);
    // The bracket-counting python-code judge this replaced rejected 9 of these 2,422 correct answers.
    expect(pythonRejectsCorrect).toBeLessThanOrEqual(9);
  });

  it("fails correct answers cut off inside their function (as a token limit cuts them)", () => {
    let cut = 0, failed = 0;
    for (const a of answers()) {
      if (a.score !== 1) continue;
      const def = a.response.search(/^[ \t]*def /m);
      const body = def < 0 ? -1 : a.response.indexOf("\n", def);
      const paren = body < 0 ? -1 : a.response.indexOf("(", body);
      const end = Math.min(...["```", "[/PYTHON]"].map((t) => a.response.indexOf(t, body)).filter((i) => i >= 0), Infinity);
      if (paren < 0 || paren > end) continue;
      cut++;
      if (!codeParsesJudge.judge({ prompt: a.prompt, response: a.response.slice(0, paren + 1), expect: { language: "python" } }).pass) failed++;
    }
    console.log(`code-parses fails ${failed}/${cut} correct MBPP answers cut after the first "(" of their function body`);
    expect(cut).toBeGreaterThan(1500);
    expect(failed / cut).toBeGreaterThan(0.99);
  });
});
if (!HAVE_ROUTERBENCH) it.skip(NO_DATA, () => {});
