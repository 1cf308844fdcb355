import { useStudio } from '../store';
import { LOSSES, LOSS_KINDS, type ArmConfig, type LossKind } from '../engineInfo';
import { removeArm, setArmLoss } from '../lib/armsEdit';
import { NumberField } from './NumberField';

/** One arm: name, loss, its hyperparameters (tooltips from the loss registry) and colour. */
export function ArmEditor({ index }: { index: number }) {
  const arm = useStudio((s) => s.config.arms[index]);
  const count = useStudio((s) => s.config.arms.length);
  const running = useStudio((s) => s.status === 'running');
  if (!arm) return null;
  const update = (f: (arms: ArmConfig[]) => ArmConfig[]) => {
    const s = useStudio.getState();
    s.setConfig({ ...s.config, arms: f(s.config.arms) });
  };
  const patch = (p: Partial<ArmConfig>) => update((arms) => arms.map((a, i) => (i === index ? { ...a, ...p } : a)));
  const info = LOSSES[arm.loss];
  return (
    <fieldset className="arm" style={{ borderLeftColor: arm.color }} disabled={running}>
      <legend>
        <input className="arm-name" aria-label={`Arm ${index + 1} name`} value={arm.name} onChange={(e) => patch({ name: e.target.value })} />
      </legend>
      <label className="row" title={info.description}>
        <span>Loss</span>
        <select aria-label={`Arm ${index + 1} loss`} value={arm.loss} onChange={(e) => update((a) => setArmLoss(a, index, e.target.value as LossKind, LOSSES))}>
          {LOSS_KINDS.map((k) => (
            <option key={k} value={k} title={LOSSES[k].description}>
              {LOSSES[k].name}
            </option>
          ))}
        </select>
      </label>
      {info.params.map((p) => (
        <NumberField
          key={p.key}
          label={`${p.symbol} ${p.label}`}
          ariaLabel={`Arm ${index + 1} ${p.label}`}
          title={p.tooltip}
          value={(arm as Record<string, unknown>)[p.key] as number}
          min={p.min}
          max={p.max}
          onChange={(v) => patch({ [p.key]: v })}
        />
      ))}
      <div className="row">
        <label title="Line colour in the charts">
          <span>Colour</span> <input type="color" aria-label={`Arm ${index + 1} colour`} value={arm.color ?? '#888888'} onChange={(e) => patch({ color: e.target.value })} />
        </label>
        <button type="button" onClick={() => update((a) => removeArm(a, index))} disabled={count <= 2} aria-label={`Remove arm ${arm.name}`}>
          Remove
        </button>
      </div>
    </fieldset>
  );
}
