// Import run, page side: read the file, name its arms after it, take β from the studio's arms for delta/*.
import { importRun, type ImportedRun } from '../engine/export/trl/importRun';
import { useStudio } from './store';

/** β for rewards → delta: the studio arm of the same name's, else the first arm's (TRL's logs do not carry β). */
function betaFor(arms: { name: string; beta?: number }[], name: string): number | undefined {
  return (arms.find((a) => a.name === name) ?? arms[0])?.beta;
}

export async function importRunFile(file: File): Promise<ImportedRun> {
  const s = useStudio.getState();
  const arms = s.config.arms as { name: string; beta?: number }[];
  const run = importRun(await file.text(), file.name, { runName: file.name, beta: betaFor(arms, file.name.replace(/\.(jsonl?|csv)$/i, '')) });
  s.addOverlay(run);
  return run;
}
