// Which backward the transformer blocks take: the explicit one (default) or tfjs's tape, kept so the bench can compare
// both in one run and a regression can be bisected without a revert.
let tape = false;

/** True while blocks differentiate through tfjs's tape instead of their explicit backward. */
export const tapeBlocks = (): boolean => tape;

export function setTapeBlocks(on: boolean): void {
  tape = on;
}
