// The likelihood-displacement lab's CLI outputs; the rows are built in the engine so the studio's downloads match.
export { displacementLines, predictorFields } from '../engine/lab/exportLines';
