// The data report's truncation counts follow the max length and truncation mode being edited (150 ms after the last edit).
import { useEffect, useRef } from 'react';
import { dataReportForConfig } from './actions';
import { useStudio } from './store';

export function useDataReportCounts(): void {
  const maxLength = useStudio((s) => s.config.training.maxLength);
  const truncation = useStudio((s) => s.config.data.truncation);
  const first = useRef(true);
  useEffect(() => {
    // The report that came with the load is current; only an edit asks again.
    if (first.current) {
      first.current = false;
      return;
    }
    let live = true;
    const t = setTimeout(() => {
      const s = useStudio.getState();
      if (s.dataState !== 'ok' || s.modelState !== 'ok') return;
      void dataReportForConfig()
        .then((r) => live && useStudio.getState().setDataCounts(r))
        .catch(() => undefined);
    }, 150);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [maxLength, truncation]);
}
