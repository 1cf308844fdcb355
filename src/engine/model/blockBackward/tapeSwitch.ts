// Which backward the transformer blocks take: the explicit one (default) or tfjs's tape, kept so the bench can compare
// both in one run and a regression can be bisected without a revert.
let tape = false;

/** True while blocks differentiate through tfjs's tape instead of their explicit backward. */
export const tapeBlocks = (): boolean => tape;

export function setTapeBlocks(on: boolean): void {
  tape = on;
}

let gpt2 = false;

/**
 * GPT-2 takes its explicit block only when switched on: its estimate then comes from GPT2_SAVED, which moves the
 * GPT-2 figures the memory-fit, refusal and prepare tests pin; the default flips once those are updated.
 */
export const explicitGpt2 = (): boolean => gpt2 && !tape;

export function setExplicitGpt2(on: boolean): void {
  gpt2 = on;
}
