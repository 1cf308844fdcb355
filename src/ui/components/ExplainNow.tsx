import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useStudio } from '../store';
import { PRESETS } from '../engineInfo';
import { armDeltas } from '../lib/chartSummary';
import { headlineSentence, tokenSentence } from '../lib/explainRun';
import { alignedData, labSteps } from '../lab/alignedData';

/** What the charts show for this preset and this run, from the current numbers: the class sees what the text says. */
export function ExplainNow() {
  const preset = useStudio((s) => s.config.preset ?? '');
  const arms = useStudio(useShallow((s) => s.config.arms.map((a) => a.name)));
  const points = useStudio((s) => s.points);
  const evals = useStudio((s) => s.labEvals);
  const about = PRESETS.find((p) => p.name === preset);
  const headline = arms.flatMap((a) => {
    const d = armDeltas(points, a);
    return d ? [headlineSentence(d)] : [];
  });
  const tokens = useMemo(() => {
    const steps = labSteps(evals);
    const step = steps[steps.length - 1];
    if (step === undefined) return [];
    const data = alignedData(evals, arms, step);
    const lines = data.series.map((s) => ({ arm: s.arm, side: s.side, xs: data.xs, ys: s.ys }));
    return arms.flatMap((a) => tokenSentence(a, lines, step) ?? []);
  }, [evals, arms]);
  return (
    <div className="explain-now" data-testid="explain-now">
      <p>
        <strong>This run:</strong> {about ? `preset "${about.title}". ${about.description}` : 'a custom setup (not one of the presets).'}
      </p>
      {headline.length ? (
        <>
          <p>
            <strong>The top chart now:</strong>
          </p>
          <ul>
            {headline.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ul>
        </>
      ) : (
        <p>Press Run: this paragraph then says what each arm&apos;s lines are doing, with the current numbers.</p>
      )}
      {tokens.length > 0 && (
        <>
          <p>
            <strong>The aligned per-token chart</strong> (Δ log-probability per token, 0 = the first token where chosen and rejected differ):
          </p>
          <ul>
            {tokens.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
