import { LabExplain } from '../lab/LabExplain';
import { LOSS_TYPES, TERM_INFO } from '../engineInfo';
import { EXPLAIN_ID } from '../explainLink';
import { ExplainNow } from './ExplainNow';

/** A short side note in plain words, like TensorFlow Playground's. */
export function ExplainPanel() {
  return (
    <section className="panel explain" id={EXPLAIN_ID} tabIndex={-1} aria-labelledby="explain-heading">
      <h2 id="explain-heading">Explain</h2>
      <ExplainNow />
      <p>
        <strong>DPO</strong> trains the model so that, compared with where it started (the <em>reference</em>), the preferred answer gains more
        log-likelihood than the rejected one. Only the <em>gap</em> (the reward margin) matters to it.
      </p>
      <p>
        <strong>The failure:</strong> when the two answers differ in a token or two (one number changed), the easiest way to widen the gap is to
        make <em>both</em> answers less likely, the rejected one faster. The margin grows, accuracy looks perfect, yet the preferred answer is now{' '}
        <em>less</em> likely than before training.
      </p>
      <p>
        <strong>DPOP</strong> (DPO-Positive, Pal et al. 2024) adds a penalty, λ·max(0, ref − policy) on the chosen answer, inside the loss. It is zero
        while the chosen answer stays at least as likely as under the reference and bites as soon as it drops.
      </p>
      <details>
        <summary>Every loss type, by TRL 1.9's names</summary>
        <ul aria-label="Loss types">
          {LOSS_TYPES.map((t) => (
            <li key={t}>
              <code>{t}</code>: {TERM_INFO[t].sentence} <em>({TERM_INFO[t].paper})</em>
            </li>
          ))}
        </ul>
        <p>An arm may combine several, as TRL does: loss = Σ wᵢ·mean(lossᵢ), each logged as loss/&lt;type&gt;.</p>
      </details>
      <p>
        <strong>Look at:</strong> the top chart. Solid lines are the chosen answers, dashed the rejected. A solid line sinking into the shaded band
        is the failure. Compare the margins chart: it shows whether each arm separates the pairs. Then click a pair to see which tokens fell.
      </p>
      <LabExplain />
    </section>
  );
}
