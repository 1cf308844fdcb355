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
  const lora = arm.adapter?.type === 'lora' ? arm.adapter : undefined;
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
      <label className="row" title="Full: the arm trains its own copy of every weight (16 bytes a parameter with Adam). LoRA: low-rank adapters on one frozen base shared by all LoRA arms, which is also the reference (PEFT's method).">
        <span>Weights</span>
        <select
          aria-label={`Arm ${index + 1} adapter`}
          value={lora ? 'lora' : 'full'}
          onChange={(e) => patch({ adapter: e.target.value === 'lora' ? { type: 'lora', r: 16, alpha: 32, dropout: 0, rslora: false } : undefined })}
        >
          <option value="full">Full</option>
          <option value="lora">LoRA</option>
        </select>
      </label>
      {lora && (
        <>
          <NumberField label="r rank" ariaLabel={`Arm ${index + 1} LoRA r`} title="Rank of the update B·A: adapter parameters grow with r" value={lora.r} min={1} max={1024} step={1} onChange={(r) => patch({ adapter: { ...lora, r } })} />
          <NumberField label="α alpha" ariaLabel={`Arm ${index + 1} LoRA alpha`} title="The update is scaled by alpha/r (alpha/√r with rsLoRA)" value={lora.alpha} min={0} max={4096} onChange={(alpha) => patch({ adapter: { ...lora, alpha } })} />
        </>
      )}
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
