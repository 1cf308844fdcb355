// The training-memory estimate for the config being edited: asked of the worker (which holds the model) 150 ms after
// the last edit, so the figure follows the arm editor's Full/LoRA, r and alpha, batch size and max length.
import { useEffect, useState } from 'react';
import type { MemoryReport } from '../worker/protocol';
import { estimateMemory } from './actions';
import { useStudio } from './store';

export function useMemoryEstimate(): MemoryReport | null {
  const config = useStudio((s) => s.config);
  const version = useStudio((s) => s.modelVersion);
  const [report, setReport] = useState<MemoryReport | null>(null);
  useEffect(() => {
    let live = true;
    const t = setTimeout(() => void estimateMemory().then((r) => live && setReport(r)), 150);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [config, version]);
  return report;
}
