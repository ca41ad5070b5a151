// The classifier's evidence: weighted keyword and pattern cues per domain (data; features.ts applies them).
import type { Domain } from "../vocabulary.js";

/**
 * One cue: a pattern and the weight its match adds to a domain's score. A `label` names a structural cue
 * ("fenced code block"); without one, every distinct matched word is its own reason (`keyword "python"`)
 * and adds the weight, up to `MAX_DISTINCT_MATCHES` words per cue.
 */
export interface Cue {
  domain: Domain;
  weight: number;
  re: RegExp;
  label?: string;
}

export const MAX_DISTINCT_MATCHES = 3;

/** A case-insensitive global regex matching any of the words as whole words ("c++" and "c#" included). */
function words(list: string): RegExp {
  const alternatives = list.trim().split(/\s*\|\s*/).filter(Boolean);
  return new RegExp(`(?<![\\w])(?:${alternatives.join("|")})(?![\\w+#])`, "gi");
}

const LANGUAGES =
  "english|french|spanish|german|italian|portuguese|chinese|mandarin|cantonese|japanese|korean|russian|arabic|hindi|" +
  "dutch|swedish|norwegian|danish|finnish|polish|czech|turkish|greek|hebrew|vietnamese|thai|indonesian|latin|ukrainian";

export const CUES: readonly Cue[] = [
  // code
  { domain: "code", weight: 4, re: /```/, label: "fenced code block" },
  {
    domain: "code",
    weight: 4,
    re: /Traceback \(most recent call last\)|^\s+at [\w.$<>]+ \(.*:\d+:\d+\)|\b\w+(?:Error|Exception): |panicked at|Segmentation fault|core dumped/m,
    label: "stack trace or error message",
  },
  {
    domain: "code",
    weight: 3,
    re: /\bdef \w+\(|\bfunction\s*\w*\s*\([^)]*\)\s*\{|\(\s*\w*\s*\)\s*=>|\b(?:const|let|var) \w+\s*=|#include\s*<|\bimport [\w{}, *]+ from\b|\bpublic static void\b|\bconsole\.log\(|\bSELECT\b.+\bFROM\b|\w+\.\w+\([^)]*\);/,
    label: "code syntax",
  },
  {
    domain: "code",
    weight: 3,
    re: words(
      "python|javascript|typescript|java|c\\+\\+|c#|rust|golang|ruby|php|kotlin|scala|haskell|sql|bash|powershell|html|css|" +
        "reactjs|react component|react hooks|vue|angular|node\\.?js|django|flask|numpy|pandas|docker|kubernetes|regex|regexp|json|yaml",
    ),
  },
  {
    domain: "code",
    weight: 2,
    re: words(
      "bugs?|debug|debugging|refactor|refactoring|compiler?|compiles?|compilation|segfault|unit tests?|api|endpoint|npm|pip install|git|" +
        "repository|recursion|recursive|linked list|hash ?map|runtime|source code|code|coding|programming|program|script|syntax|" +
        "stack overflow|null pointer|algorithm|implement|functions?|methods?|dependency|framework|sorting|binary search",
    ),
  },
  {
    domain: "code",
    weight: 1,
    re: words("class|variables?|arrays?|strings?|integers?|boolean|loop|lambda|async|library|database|query|deploy|server"),
  },
  // math
  { domain: "math", weight: 3, re: /\\(?:frac|int|sum|sqrt|lim|partial|cdot|infty)\b|\$[^$\n]+\$/, label: "LaTeX math" },
  {
    domain: "math",
    weight: 3,
    re: /\b\d*[a-z]\s*\^\s*\d|\b\d+[a-z]\s*[-+]\s*\d+\s*=|\b[fgh]\s*\(\s*x\s*\)|\bd[xy]\/d[xt]\b|\b[a-z]\s*=\s*-?\d/,
    label: "algebraic expression",
  },
  {
    domain: "math",
    weight: 3,
    re: words(
      "prove|proof|theorem|lemma|corollary|integrals?|integrate|derivatives?|differentiate|antiderivative|equations?|polynomials?|" +
        "eigenvalues?|eigenvectors?|matrix|matrices|determinant|calculus|algebra|geometry|trigonometry|topology|logarithms?|" +
        "factori[sz]e|quadratic|hypotenuse|combinatorics|permutations?|probability|expected value|variance|standard deviation|" +
        "limit of|converges?|convergence|vector space|irrational|modular arithmetic|gcd|lcm|asymptotes?|prime numbers?|primes",
    ),
  },
  {
    domain: "math",
    weight: 2,
    re: words("solve|triangle|circle|radius|slope|inequality|fractions?|exponent|square root|number theory|divisible|infinitely many|sequence|series"),
  },
  { domain: "math", weight: 1, re: words("area|volume|mean|median|sum|product|graph|angle") },
  // science
  {
    domain: "science",
    weight: 3,
    re: words(
      "physics|chemistry|biology|quantum|photosynthesis|thermodynamics|mitochondria|relativity|molecules?|molecular|atoms?|atomic|" +
        "electrons?|protons?|neutrons?|photons?|dna|rna|enzymes?|evolution|natural selection|species|entropy|periodic table|" +
        "black holes?|galaxy|galaxies|isotopes?|genetics|genes?|osmosis|tectonic|astronomy|speed of light|wavelength|" +
        "electromagnetic|chemical|oxidation|catalyst|organism|ecosystem|astrophysics|neuroscience|cells?",
    ),
  },
  {
    domain: "science",
    weight: 2,
    re: words(
      "gravity|gravitational|velocity|acceleration|momentum|reaction|compound|climate|planets?|stars?|universe|magnetic|nuclear|" +
        "kinetic|potential energy|boiling point|acids?|hypothesis|experiment|scientific|scientists?|volcano|earthquake|refraction",
    ),
  },
  { domain: "science", weight: 1, re: words("energy|force|mass|temperature|light|heat|water|orbit") },
  // law
  {
    domain: "law",
    weight: 3,
    re: words(
      "legal|legally|illegal|lawsuit|sue|suing|court|statute|liability|liable|plaintiff|defendant|attorney|lawyer|solicitor|" +
        "jurisdiction|indemnif\\w*|negligence|tort|breach of contract|copyright|trademark|patent|gdpr|hipaa|constitutional|" +
        "litigation|arbitration|subpoena|felony|misdemeanor|custody|probate|tenant|landlord|eviction|nda|non-compete|" +
        "intellectual property|terms of service|legislation",
    ),
  },
  { domain: "law", weight: 2, re: words("law|laws|contract|clause|judge|regulation|regulatory|compliance|lease|rights") },
  { domain: "law", weight: 1, re: words("license|licence|policy|agreement") },
  // medicine
  {
    domain: "medicine",
    weight: 3,
    re: words(
      "symptoms?|diagnos\\w*|disease|treatments?|medications?|medicine|dosage|dose|prescription|prescribed|clinical|patients?|" +
        "physician|doctor|nurse|fever|headache|migraine|blood pressure|hypertension|diabetes|insulin|cancer|tumou?r|infections?|" +
        "antibiotics?|vaccines?|vaccination|side effects?|surgery|allergy|allergic|asthma|ibuprofen|paracetamol|acetaminophen|" +
        "aspirin|cholesterol|heart attack|stroke|pregnan\\w*|rash|nausea|vomiting|cough|influenza|flu|therapy|mri|x-ray|mg",
    ),
  },
  { domain: "medicine", weight: 2, re: words("pain|health|hospital|sick|illness|injury|kidney|liver|lungs?|blood|chronic|virus|bacteria") },
  // finance
  {
    domain: "finance",
    weight: 3,
    re: words(
      "stocks?|bonds?|invest\\w*|portfolio|interest rates?|loans?|mortgage|taxe?s|dividends?|etfs?|inflation|retirement|401\\(?k\\)?|" +
        "roth|crypto\\w*|bitcoin|accounting|balance sheet|income statement|cash flow|roi|compound interest|credit card|credit score|" +
        "hedge fund|valuation|capital gains|amortization|apr|npv|irr|ebitda|pension|brokerage|s&p 500|nasdaq|forex|exchange rate|" +
        "financial|finance|annuity",
    ),
  },
  { domain: "finance", weight: 2, re: words("debt|revenue|profit|earnings|equity|budget|savings|bank|banking|insurance|salary|market") },
  // writing
  {
    domain: "writing",
    weight: 3,
    re: words(
      "poem|poems|poetry|haiku|sonnet|limerick|essay|short story|story|stories|novel|fiction|rewrite|rephrase|paraphrase|proofread|" +
        "copyedit|blog post|cover letter|speech|lyrics|song|screenplay|narrative|plot|characters?|dialogue|slogan|tagline|headline|" +
        "toast|eulogy|tweet|linkedin post|newsletter|press release|product description|creative writing|wedding vows",
    ),
  },
  { domain: "writing", weight: 2, re: words("draft|edit|tone|paragraph|summari[sz]e|summary|outline|persuasive|email|letter|more concise|grammar|wording") },
  { domain: "writing", weight: 1, re: words("write|formal|informal|polish") },
  // translation
  { domain: "translation", weight: 4, re: words("translate|translation|translating|translated|translator") },
  { domain: "translation", weight: 3, re: /\bhow (?:do|would|can) (?:you|i|we) say\b|\bwhat does .{1,60} mean in \w+/i, label: '"how do you say" question' },
  { domain: "translation", weight: 2, re: new RegExp(`\\b(?:into|to|in) (?:${LANGUAGES})\\b`, "i"), label: "target language" },
  { domain: "translation", weight: 1, re: /[\u0400-\u04FF\u0600-\u06FF\u0900-\u097F\u3040-\u30FF\u4E00-\u9FFF\uAC00-\uD7AF]/, label: "non-Latin script" },
  // reasoning
  {
    domain: "reasoning",
    weight: 3,
    re: words(
      "puzzle|riddle|brain ?teaser|syllogism|paradox|deduce|deduction|logic|logical|logically|step by step|think step|" +
        "which of the following|true or false|knights and knaves|knights?|knaves?|liars?|truth-tellers?|river crossing|monty hall|counterfactual",
    ),
  },
  { domain: "reasoning", weight: 3, re: /\bif (?:all|no|some) \w+ are\b|\ball \w+ are \w+ and\b/i, label: "syllogism" },
  { domain: "reasoning", weight: 2, re: words("pros and cons|trade-?offs?|implies|therefore|conclude|assume|suppose|what comes next|should i") },
  { domain: "reasoning", weight: 1, re: words("why|how many|pattern|decide|decision|compare") },
];

/** Score the fallback domain "general" always has: another domain must beat it to be chosen. */
export const GENERAL_BASELINE = 2;
