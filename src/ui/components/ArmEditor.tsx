import { useStudio } from '../store';
import {
  F_DIVERGENCES,
  F_DIVERGENCE_TOOLTIP,
  HYPER_INFO,
  LD_ALPHA_TOOLTIP,
  LOSS_TYPES,
  STUDIO_LOSS_TYPES,
  TERM_INFO,
  TRL_LOSS_TYPES,
  WEIGHTING_TOOLTIP,
  trlDpoConfig,
  type ArmConfig,
  type FDivergence,
  type HyperKey,
  type LossType,
} from '../engineInfo';
import { addTerm, removeArm, removeTerm, setTermType, setTermWeight } from '../lib/armsEdit';
import { NumberField } from './NumberField';

/** The loss picker's groups: TRL's own loss types, then the studio's. */
const LOSS_GROUPS: [string, readonly LossType[]][] = [
  ['TRL 1.9 loss_type', TRL_LOSS_TYPES],
  ["Not in TRL's DPOTrainer", STUDIO_LOSS_TYPES],
];

/** What TRL's DPOConfig says for this arm, or which terms TRL lacks. */
function trlLine(arm: ArmConfig): string {
  const t = trlDpoConfig(arm);
  const head = t.loss_type.length ? `loss_type=${JSON.stringify(t.loss_type)}, loss_weights=${JSON.stringify(t.loss_weights)}` : '';
  const miss = t.missing.map((m) => m.type).join(', ');
  return t.exact ? `TRL: ${head}` : `${head ? `TRL: ${head}; ` : ''}not in TRL 1.9: ${miss}`;
}

/** One arm: name, its loss terms with weights (TRL's loss_type / loss_weights), the hyperparameters they read, colour. */
export function ArmEditor({ index }: { index: number }) {
  const arm = useStudio((s) => s.config.arms[index]);
  const count = useStudio((s) => s.config.arms.length);
  const running = useStudio((s) => s.status === 'running');
  if (!arm) return null;
  const update = (f: (arms: ArmConfig[]) => ArmConfig[]) => {
    const s = useStudio.getState();
    s.editConfig({ ...s.config, arms: f(s.config.arms) });
  };
  const patch = (p: Partial<ArmConfig>) => update((arms) => arms.map((a, i) => (i === index ? { ...a, ...p } : a)));
  const reads = new Set<HyperKey>(arm.losses.flatMap((t) => TERM_INFO[t.type].reads));
  if (arm.f_divergence_type === 'alpha_divergence') reads.add('f_alpha_divergence_coef');
  const lora = arm.adapter?.type === 'lora' ? arm.adapter : undefined;
  const n = index + 1;
  const multi = arm.losses.length > 1;
  return (
    <fieldset className="arm" style={{ borderLeftColor: arm.color }} disabled={running}>
      <legend>
        <input className="arm-name" aria-label={`Arm ${n} name`} value={arm.name} onChange={(e) => patch({ name: e.target.value })} />
      </legend>
      {arm.losses.map((t, j) => (
        <div className="row" key={j}>
          <label title={TERM_INFO[t.type].sentence}>
            <span>{j === 0 ? 'Loss' : '+'}</span>
            <select aria-label={`Arm ${n} loss ${j + 1}`} value={t.type} onChange={(e) => update((a) => setTermType(a, index, j, e.target.value as LossType))}>
              {LOSS_GROUPS.map(([label, types]) => (
                <optgroup key={label} label={label}>
                  {types.map((k) => (
                    <option key={k} value={k} title={TERM_INFO[k].sentence} disabled={k !== t.type && arm.losses.some((o) => o.type === k)}>
                      {TERM_INFO[k].name}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </label>
          {multi && (
            <>
              <NumberField label="×" ariaLabel={`Arm ${n} loss ${j + 1} weight`} title="loss_weights[i]: the term's weight in loss = Σ wᵢ·mean(lossᵢ)" value={t.weight} min={0} max={1000} onChange={(w) => update((a) => setTermWeight(a, index, j, w))} />
              <button type="button" aria-label={`Remove loss ${j + 1} of arm ${n}`} onClick={() => update((a) => removeTerm(a, index, j))}>
                −
              </button>
            </>
          )}
        </div>
      ))}
      <div className="row">
        <button type="button" aria-label={`Add a loss term to arm ${n}`} title="Combine loss types with weights, as TRL's loss_type list (sigmoid + sft is RPO)" onClick={() => update((a) => addTerm(a, index, LOSS_TYPES))} disabled={arm.losses.length >= 8}>
          + term
        </button>
        <small aria-label={`Arm ${n} TRL config`}>{trlLine(arm)}</small>
      </div>
      {(Object.keys(HYPER_INFO) as HyperKey[])
        .filter((k) => reads.has(k))
        .map((k) => {
          const p = HYPER_INFO[k];
          return (
            <NumberField key={k} label={`${p.symbol} ${p.label}`} ariaLabel={`Arm ${n} ${p.label}`} title={p.tooltip} value={arm[k]} min={p.min} max={p.max} onChange={(v) => patch({ [k]: v })} />
          );
        })}
      <label className="row" title={F_DIVERGENCE_TOOLTIP}>
        <span>f_divergence_type</span>
        <select aria-label={`Arm ${n} f_divergence_type`} value={arm.f_divergence_type} onChange={(e) => patch({ f_divergence_type: e.target.value as FDivergence })}>
          {F_DIVERGENCES.map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </select>
      </label>
      <div className="row" title={LD_ALPHA_TOOLTIP}>
        <label>
          <input type="checkbox" aria-label={`Arm ${n} ld_alpha on`} checked={arm.ld_alpha !== undefined} onChange={(e) => patch({ ld_alpha: e.target.checked ? 0.5 : undefined })} /> ld_alpha
        </label>
        {arm.ld_alpha !== undefined && <NumberField label="α" ariaLabel={`Arm ${n} ld_alpha`} title={LD_ALPHA_TOOLTIP} value={arm.ld_alpha} min={0} max={1} onChange={(v) => patch({ ld_alpha: v })} />}
      </div>
      <label className="row" title={WEIGHTING_TOOLTIP}>
        <span>use_weighting (WPO)</span>
        <input type="checkbox" aria-label={`Arm ${n} use_weighting`} checked={arm.use_weighting} onChange={(e) => patch({ use_weighting: e.target.checked })} />
      </label>
      <label className="row" title="Full: the arm trains its own copy of every weight (16 bytes a parameter with Adam). LoRA: low-rank adapters on one frozen base shared by all LoRA arms, which is also the reference (PEFT's method).">
        <span>Weights</span>
        <select
          aria-label={`Arm ${n} adapter`}
          value={lora ? 'lora' : 'full'}
          onChange={(e) => patch({ adapter: e.target.value === 'lora' ? { type: 'lora', r: 16, alpha: 32, dropout: 0, rslora: false } : undefined })}
        >
          <option value="full">Full</option>
          <option value="lora">LoRA</option>
        </select>
      </label>
      {lora && (
        <>
          <NumberField label="r rank" ariaLabel={`Arm ${n} LoRA r`} title="Rank of the update B·A: adapter parameters grow with r" value={lora.r} min={1} max={1024} step={1} onChange={(r) => patch({ adapter: { ...lora, r } })} />
          <NumberField label="α alpha" ariaLabel={`Arm ${n} LoRA alpha`} title="The update is scaled by alpha/r (alpha/√r with rsLoRA)" value={lora.alpha} min={0} max={4096} onChange={(alpha) => patch({ adapter: { ...lora, alpha } })} />
        </>
      )}
      <div className="row">
        <label title="Line colour in the charts">
          <span>Colour</span> <input type="color" aria-label={`Arm ${n} colour`} value={arm.color ?? '#888888'} onChange={(e) => patch({ color: e.target.value })} />
        </label>
        <button type="button" onClick={() => update((a) => removeArm(a, index))} disabled={count <= 2} aria-label={`Remove arm ${arm.name}`}>
          Remove
        </button>
      </div>
    </fieldset>
  );
}
