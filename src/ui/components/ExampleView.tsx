import { PairTable } from './PairTable';
import { TokenView } from './TokenView';
import { LabPanel } from '../lab/LabPanel';

/** Pairs table, the selected pair's token changes per arm, and the likelihood-displacement lab (aligned chart, scatters). */
export function ExampleView() {
  return (
    <section className="panel examples" aria-label="Examples">
      <h2>Examples</h2>
      <div className="examples-grid">
        <PairTable />
        <TokenView />
      </div>
      <LabPanel />
    </section>
  );
}
