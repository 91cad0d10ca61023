/**
 * The bench's stand-in for the LLM tier: right with probability `accuracy`, otherwise a uniformly random other
 * intent (or, for a ticket that fits no intent, a random intent instead of "none"). Confidence is drawn higher
 * when right (U(0.70, 0.95)) than when wrong (U(0.40, 0.80)), overlapping as a real model's self-reported
 * confidence does. Each ticket's answer comes from its own seeded stream, so it does not depend on which
 * earlier tickets reached the LLM: the LLM-on-every-ticket baseline sees exactly the same answers.
 */
import { SeededRandom } from "../../models/train/random.js";
import type { LlmTierOutcome } from "../../worker/triage/types";

/** gpt-4o-mini list prices, USD per million tokens (input, output). */
export const PRICE_PER_MILLION = { prompt: 0.15, completion: 0.6 } as const;
/** A short classification call: instructions + intent list + ticket in, a strict JSON verdict out. */
export const ASSUMED_TOKENS = { prompt: 500, completion: 30 } as const;
export const DEFAULT_COST_PER_CALL = (ASSUMED_TOKENS.prompt * PRICE_PER_MILLION.prompt + ASSUMED_TOKENS.completion * PRICE_PER_MILLION.completion) / 1e6;

export const RIGHT_CONFIDENCE = [0.7, 0.95] as const;
export const WRONG_CONFIDENCE = [0.4, 0.8] as const;

export interface SimulatedLlmOptions {
  readonly accuracy: number;
  readonly costPerCall: number;
  readonly seed: number;
  /** Every intent id the LLM may answer. */
  readonly intents: readonly string[];
}

/** A 32-bit mix of the seed, a stream name and the ticket's position (splitmix-style finaliser). */
function streamSeed(seed: number, stream: number, index: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(stream + 1, 0xc2b2ae35) ^ Math.imul(index + 1, 0x27d4eb2f);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

export class SimulatedLlm {
  readonly model: string;

  constructor(private readonly options: SimulatedLlmOptions) {
    this.model = `simulated-llm (right ${(options.accuracy * 100).toFixed(0)}%)`;
  }

  /** The answer for the `index`-th ticket of `stream` (0: the replayed stream, 1: the test split). */
  classify(stream: number, index: number, truth: string | null): LlmTierOutcome & { ran: true } {
    const random = new SeededRandom(streamSeed(this.options.seed, stream, index));
    const right = random.next() < this.options.accuracy;
    const between = ([lo, hi]: readonly [number, number]) => lo + (hi - lo) * random.next();
    let intent: string | null = truth;
    if (!right) {
      const others = this.options.intents.filter((id) => id !== truth);
      intent = others[random.int(others.length)]!;
    }
    const confidence = Number(between(right ? RIGHT_CONFIDENCE : WRONG_CONFIDENCE).toFixed(3));
    return {
      ran: true,
      intent,
      confidence,
      reason: "simulated answer (bench/learning)",
      model: this.model,
      cached: false,
      costUsd: this.options.costPerCall,
    };
  }
}
