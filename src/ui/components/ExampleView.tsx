import { useStudio } from '../store';
import { PairTable } from './PairTable';
import { TokenView } from './TokenView';
import { EvalScatter } from './EvalScatter';

/** Pairs table, the selected pair's token changes per arm, and the eval scatter per arm. */
export function ExampleView() {
  const arms = useStudio((s) => s.config.arms);
  return (
    <section className="panel examples" aria-label="Examples">
      <h2>Examples</h2>
      <div className="examples-grid">
        <PairTable />
        <TokenView />
      </div>
      <div className="scatters">
        {arms.map((a) => (
          <EvalScatter key={a.name} arm={a.name} color={a.color ?? '#888888'} />
        ))}
      </div>
    </section>
  );
}
