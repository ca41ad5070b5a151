// The stop-sequence logic used on the Responses API path: the whole-text cut, the incremental cutter for streams, the usage estimate.
import { countTokens } from "gpt-tokenizer";
import { describe, expect, it } from "vitest";
import { cutAtStop, estimatedUsage, StopCutter, stopIndex, stopSequences } from "../../src/experts/providers/stop-sequences.js";

/** Feeds the pieces one by one: what each push shows, then the flush (when no sequence stopped the text). */
function run(stops: string[], pieces: string[]): { shown: string[]; flushed: string; stopped: boolean } {
  const c = new StopCutter(stops);
  const shown = pieces.map((p) => c.push(p));
  return { shown, flushed: c.flush(), stopped: c.stopped };
}

describe("stopSequences", () => {
  it("takes one string or a list, and drops empty and non-string entries", () => {
    expect(stopSequences("\n")).toEqual(["\n"]);
    expect(stopSequences(["Observation:", "", "END"])).toEqual(["Observation:", "END"]);
    expect(stopSequences(["a", 3, null])).toEqual(["a"]);
    expect(stopSequences(undefined)).toEqual([]);
    expect(stopSequences("")).toEqual([]);
    expect(stopSequences([])).toEqual([]);
  });
});

describe("cutAtStop (a whole text)", () => {
  it("cuts just before the sequence, which is not returned", () => {
    expect(cutAtStop("Thought: look it up\nAction: search\nObservation: 42", ["Observation:"])).toEqual({ text: "Thought: look it up\nAction: search\n", stopped: true });
  });

  it("leaves a text without any sequence whole", () => {
    expect(cutAtStop("no stop here", ["Observation:", "END"])).toEqual({ text: "no stop here", stopped: false });
  });

  it("with several sequences, stops at the first in the text", () => {
    expect(cutAtStop("one END two\n\nthree", ["\n\n", "END"]).text).toBe("one ");
    expect(cutAtStop("one\n\ntwo END", ["END", "\n\n"]).text).toBe("one");
  });

  it("overlapping sequences: the one complete first wins, as a model checks after each token", () => {
    // "bc" is whole at offset 4, "abcd" only at 5.
    expect(stopIndex("xabcde", ["abcd", "bc"])).toBe(2);
    expect(cutAtStop("xabcde", ["abcd", "bc"]).text).toBe("xa");
    // Ending at the same place, the longer one (which starts first) cuts.
    expect(cutAtStop("Final Answer: 7", ["Answer:", "Final Answer:"]).text).toBe("");
    expect(cutAtStop("say Answer: 7", ["Answer:", ":"]).text).toBe("say ");
  });

  it("a sequence at the very start leaves nothing; empty stops and no stops cut nothing", () => {
    expect(cutAtStop("END of it", ["END"])).toEqual({ text: "", stopped: true });
    expect(cutAtStop("anything", [""])).toEqual({ text: "anything", stopped: false });
    expect(cutAtStop("anything", [])).toEqual({ text: "anything", stopped: false });
  });
});

describe("StopCutter (a streamed text)", () => {
  it("without stops, shows every piece as it comes", () => {
    expect(run([], ["Obs", "ervation:", " x"])).toEqual({ shown: ["Obs", "ervation:", " x"], flushed: "", stopped: false });
    expect(run([""], ["a", "b"])).toEqual({ shown: ["a", "b"], flushed: "", stopped: false });
  });

  it("a sequence inside one piece: the text before it, then nothing more", () => {
    const c = new StopCutter(["Observation:"]);
    expect(c.push("Action: search\nObservation: 42")).toBe("Action: search\n");
    expect(c.stopped).toBe(true);
    expect(c.push("more text")).toBe("");
    expect(c.flush()).toBe("");
  });

  it("a sequence split over three pieces is held back, never shown", () => {
    const r = run(["Observation:"], ["Action: search\nObs", "erva", "tion: 42 degrees"]);
    expect(r.shown).toEqual(["Action: search\n", "", ""]);
    expect(r.stopped).toBe(true);
    expect(r.flushed).toBe("");
  });

  it("a false start is held, then released when the next piece breaks it", () => {
    const r = run(["Observation:"], ["I will Obs", "erve the sky."]);
    expect(r.shown).toEqual(["I will ", "Observe the sky."]);
    expect(r.stopped).toBe(false);
    expect(r.shown.join("") + r.flushed).toBe("I will Observe the sky.");
  });

  it("what is held at the natural end comes out with flush", () => {
    const r = run(["Observation:"], ["The end. Obs"]);
    expect(r).toEqual({ shown: ["The end. "], flushed: "Obs", stopped: false });
  });

  it("holds the longest ending that begins a sequence, across several sequences", () => {
    const c = new StopCutter(["\n\n", "END"]);
    expect(c.push("one\n")).toBe("one");
    expect(c.push("E")).toBe("\n"); // "\nE" begins neither, "E" begins END
    expect(c.push("N")).toBe("");
    expect(c.push("D")).toBe("");
    expect(c.stopped).toBe(true);
  });

  it("a held ending that fails releases what no longer begins a sequence, and keeps a shorter one that does", () => {
    // "aab": "aa" then "b" breaks "aaa…" but "ab" may begin "abc".
    const c = new StopCutter(["aaa", "abc"]);
    expect(c.push("xaa")).toBe("x");
    expect(c.push("b")).toBe("a");
    expect(c.push("c")).toBe("");
    expect(c.stopped).toBe(true);
  });

  it("overlapping sequences split over pieces stop where the whole text would", () => {
    const stops = ["abcd", "bc"];
    const text = "xabcde";
    for (let i = 1; i < text.length; i++) {
      const r = run(stops, [text.slice(0, i), text.slice(i)]);
      expect(r.shown.join("")).toBe(cutAtStop(text, stops).text);
      expect(r.stopped).toBe(true);
    }
  });

  it("any split of a text shows exactly the whole-text cut", () => {
    const stops = ["Observation:", "\n\nHuman:", "END"];
    const texts = ["Thought: x\nObservation: 1", "Obs Observe Observation", "a\n\nHum\n\nHuman: hi", "no stop at all, ENd Obs", "ENENDx"];
    for (const text of texts) {
      for (let size = 1; size <= 5; size++) {
        const pieces = text.match(new RegExp(`[\\s\\S]{1,${size}}`, "g")) ?? [];
        const r = run(stops, pieces);
        const whole = cutAtStop(text, stops);
        expect(r.shown.join("") + r.flushed).toBe(whole.text);
        expect(r.stopped).toBe(whole.stopped);
      }
    }
  });
});

describe("estimatedUsage", () => {
  it("counts the prompt with chat framing and every token received", () => {
    const u = estimatedUsage([{ role: "user", content: "What is the weather?" }], "", "Thought: look\nObservation:");
    expect(u.output_tokens).toBe(countTokens("Thought: look\nObservation:"));
    expect(u.input_tokens).toBe(3 + 3 + countTokens("What is the weather?"));
    expect(u.total_tokens).toBe(u.input_tokens + u.output_tokens);
  });

  it("adds the tools as input, and never throws on special tokens in the text", () => {
    const bare = estimatedUsage([{ role: "user", content: "hi" }], "", "");
    const tools = estimatedUsage([{ role: "user", content: "hi" }], JSON.stringify([{ name: "search" }]), "<|endoftext|>");
    expect(bare.output_tokens).toBe(0);
    expect(tools.input_tokens).toBeGreaterThan(bare.input_tokens);
    expect(tools.output_tokens).toBeGreaterThan(0);
  });
});
