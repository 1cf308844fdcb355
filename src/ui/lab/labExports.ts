// The lab's downloads: the same rows as the CLI's examples.jsonl and token_displacement.jsonl.
import { displacementLines, exampleLines, predictorFields } from '../../engine/lab/exportLines';
import { downloadText } from '../download';
import { useStudio } from '../store';
import { currentLabEvals } from './labSelection';

const allEvals = () => Object.values(currentLabEvals(useStudio.getState())).flat().sort((a, b) => a.step - b.step);

export function exportTokenDisplacement(): void {
  downloadText('token_displacement.jsonl', displacementLines(allEvals()), 'application/x-ndjson');
}

export function exportExamples(): void {
  downloadText('examples.jsonl', exampleLines(allEvals(), predictorFields(useStudio.getState().prepared)), 'application/x-ndjson');
}
