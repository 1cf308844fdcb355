// Seeded synthetic worked arithmetic answers in the spirit of MetaMath: a question, its working, and "The answer is N.".
import { makeRng } from '../../src/engine/rng';

export type Op = '+' | '-' | '*';

/** One line of working: a op b = r. */
export interface Step {
  a: number;
  op: Op;
  b: number;
  r: number;
}

export interface Problem {
  template: number;
  /** Question text including the "Q: " prefix and the trailing "\nA:" that cues the answer. */
  prompt: string;
  steps: Step[];
}

export const NAMES = ['Tom', 'Ann', 'Sam', 'Mia', 'Ben', 'Lily', 'Max', 'Zoe'];
export const OBJECTS = ['apples', 'books', 'coins', 'cards', 'eggs', 'pens', 'toys', 'cookies'];

type Rand = () => number;
const int = (rand: Rand, lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
const pick = <T>(rand: Rand, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];

export function apply(a: number, op: Op, b: number): number {
  return op === '+' ? a + b : op === '-' ? a - b : a * b;
}

const step = (a: number, op: Op, b: number): Step => ({ a, op, b, r: apply(a, op, b) });

interface Ctx {
  n: string;
  m: string;
  o: string;
}

/** Each template draws its numbers (all results stay in 0..99 so every number is one or two digit tokens). */
const TEMPLATES: ((rand: Rand, c: Ctx) => { q: string; steps: Step[] })[] = [
  (rand, { n, o }) => {
    const a = int(rand, 2, 40), b = int(rand, 2, 30);
    return { q: `${n} has ${a} ${o} and buys ${b} more. How many ${o} does ${n} have now?`, steps: [step(a, '+', b)] };
  },
  (rand, { n, m, o }) => {
    const a = int(rand, 2, 40), b = int(rand, 2, 30);
    return { q: `${n} had ${a} ${o}. ${m} gave ${n} ${b} more. How many ${o} does ${n} have?`, steps: [step(a, '+', b)] };
  },
  (rand, { n, m, o }) => {
    const a = int(rand, 10, 60), b = int(rand, 2, a - 1);
    return { q: `${n} has ${a} ${o} and gives ${b} to ${m}. How many ${o} are left?`, steps: [step(a, '-', b)] };
  },
  (rand, { n, o }) => {
    const a = int(rand, 10, 60), b = int(rand, 2, a - 1);
    return { q: `${n} had ${a} ${o} and lost ${b}. How many ${o} does ${n} have left?`, steps: [step(a, '-', b)] };
  },
  (rand, { n, o }) => {
    const a = int(rand, 2, 9), b = int(rand, 2, 9);
    return { q: `${n} has ${a} bags with ${b} ${o} in each bag. How many ${o} are there in total?`, steps: [step(a, '*', b)] };
  },
  (rand, { o }) => {
    const a = int(rand, 2, 9), b = int(rand, 2, 9);
    return { q: `There are ${a} boxes. Each box holds ${b} ${o}. How many ${o} are there?`, steps: [step(a, '*', b)] };
  },
  (rand, { n, m, o }) => {
    const a = int(rand, 2, 30), b = int(rand, 2, 30);
    const c = int(rand, 2, a + b - 1);
    const s1 = step(a, '+', b);
    return { q: `${n} has ${a} ${o} and buys ${b} more. Then ${n} gives ${c} to ${m}. How many ${o} does ${n} have now?`, steps: [s1, step(s1.r, '-', c)] };
  },
  (rand, { n, o }) => {
    const a = int(rand, 2, 9), b = int(rand, 2, 9), c = int(rand, 2, 15);
    const s1 = step(a, '*', b);
    return { q: `${n} buys ${a} packs of ${b} ${o} and finds ${c} more. How many ${o} does ${n} have?`, steps: [s1, step(s1.r, '+', c)] };
  },
];

export const TEMPLATE_COUNT = TEMPLATES.length;

/** Draws one problem; `template` forces a template (used to build a wholly different answer for high-edit pairs). */
export function drawProblem(rand: Rand, template = Math.floor(rand() * TEMPLATES.length)): Problem {
  const n = pick(rand, NAMES);
  let m = pick(rand, NAMES);
  while (m === n) m = pick(rand, NAMES);
  const o = pick(rand, OBJECTS);
  const { q, steps } = TEMPLATES[template](rand, { n, m, o });
  return { template, prompt: `Q: ${q}\nA:`, steps };
}

/** The worked answer; it starts with a space so prompt + completion is the plain concatenation. */
export function renderCompletion(steps: Step[]): string {
  const work = steps.map((s) => `${s.a} ${s.op} ${s.b} = ${s.r}.`).join(' ');
  return ` ${work} The answer is ${steps[steps.length - 1].r}.`;
}

export function makeCorpus(seed: number, n: number): Problem[] {
  const rand = makeRng(seed);
  return Array.from({ length: n }, () => drawProblem(rand));
}
