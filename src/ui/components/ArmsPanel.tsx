import { useStudio } from '../store';
import { addArm } from '../lib/armsEdit';
import { ArmEditor } from './ArmEditor';

/** 2–4 arms trained side by side from the same starting weights and data order. */
export function ArmsPanel() {
  const n = useStudio((s) => s.config.arms.length);
  const running = useStudio((s) => s.status === 'running');
  const add = () => {
    const s = useStudio.getState();
    s.editConfig({ ...s.config, arms: addArm(s.config.arms) });
  };
  return (
    <section className="panel" aria-label="Arms">
      <h2>Arms</h2>
      {Array.from({ length: n }, (_, i) => (
        <ArmEditor key={i} index={i} />
      ))}
      <button onClick={add} disabled={n >= 4 || running}>
        Add arm
      </button>
    </section>
  );
}
