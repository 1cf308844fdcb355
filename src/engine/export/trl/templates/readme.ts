// README.md of the TRL project: the arms, the three launch commands, what to expect and what differs from the studio.
import type { RunSpec } from '../runSpec';
import { PINNED } from './launch';

function lossText(a: RunSpec['arms'][number]): string {
  const trl = a.loss_type.map((t, i) => `${t}×${a.loss_weights[i]}`);
  const studio = a.studio_terms.map((t) => `${t.type}×${t.weight} (dpop.py${t.type === 'dpop' ? `, λ ${a.dpop_lambda}` : `, ε ${a.label_smoothing}`})`);
  return [...trl, ...studio].join(' + ');
}

function truncationText(spec: RunSpec): string {
  const same = "The tokens are TRL's own: the studio tokenises prompt + completion together as TRL does (BOS, EOS, chat template)";
  if (spec.data.truncation === 'keep_start') {
    return `${same}, cuts pairs longer than ${spec.training.max_length} tokens with \`keep_start\` and drops pairs whose prompt fills it, as TRL does.`;
  }
  return (
    `${same}, **but the studio cut long pairs with \`keep_prompt_tail\`** (the prompt's start went first, nothing was dropped). TRL has no ` +
    `such mode and runs \`keep_start\` here (the completion's end goes first; pairs whose prompt fills ${spec.training.max_length} tokens are ` +
    'dropped), so pairs longer than the max length see different tokens and the curves differ on them.'
  );
}

export function readmeMd(spec: RunSpec): string {
  const t = spec.training;
  const arms = spec.arms
    .map((a) => `| ${a.name} | ${lossText(a)} | ${a.beta} | ${a.lora ? `LoRA r ${a.lora.r}, alpha ${a.lora.lora_alpha}${a.lora.use_rslora ? ' (rsLoRA)' : ''}, dropout ${a.lora.lora_dropout}, ${a.lora.target_modules?.join(',') ?? 'the family’s usual projections'}` : 'full fine-tuning'} |`)
    .join('\n');
  const names = spec.arms.map((a) => a.name).join(',');
  return `# Preference Studio run as a TRL project

Exported by Preference Studio. It reruns the studio's arms with Hugging Face TRL's \`DPOTrainer\`, on the same
${spec.data.pairs} pairs (\`data/train.jsonl\`${spec.data.hub ? `, read from the Hub dataset \`${spec.data.hub}\`` : ''}, TRL's explicit-prompt form${spec.data.conversational ? ', conversational' : ''}), with the same hyperparameters,
seed, max length and LoRA settings. Nothing was uploaded anywhere: the studio wrote this folder locally.

Model: ${spec.model.source}. \`--model\` defaults to \`${spec.model.default}\`${spec.model.revision ? ` at revision \`${spec.model.revision}\`` : ''}${spec.model.bundled ? ' (the copy in `model/`)' : ''}; give any Hugging Face id or folder.

| arm | loss (TRL loss_type×weight + studio terms) | β | weights |
| --- | --- | --- | --- |
${arms}

Shared: ${t.steps} steps, ${t.batch_size * t.gradient_accumulation_steps} pairs a step, ${t.optimizer === 'adam' ? 'Adam (AdamW, weight decay 0)' : 'SGD'} lr ${t.lr},
${t.warmup_steps} warm-up steps then constant, gradient-norm clip ${t.clip_norm || 'off'}, max length ${t.max_length}, seed ${t.seed},
log every ${t.log_every} steps, evaluate every ${t.eval_every} steps on the first ${spec.data.eval_pairs} pairs${t.gradient_checkpointing ? ', gradient checkpointing' : ''}.

## Install (versions pinned together)

\`\`\`sh
python -m venv .venv && . .venv/bin/activate
pip install -r requirements.txt          # trl ${PINNED.trl}, transformers ${PINNED.transformers}, peft ${PINNED.peft}, accelerate ${PINNED.accelerate}, torch ${PINNED.torch}
pip install deepspeed==${PINNED.deepspeed}            # only for the ZeRO-2 launch
\`\`\`

## Run

\`\`\`sh
# one GPU
accelerate launch --config_file accelerate/single_gpu.yaml train.py
# eight GPUs, data parallel (set num_processes in the file to your GPU count)
accelerate launch --config_file accelerate/multi_gpu.yaml train.py
# eight GPUs, DeepSpeed ZeRO-2 (optimizer state and gradients sharded: for 1B-70B models)
accelerate launch --config_file accelerate/deepspeed_zero2.yaml train.py --model meta-llama/Llama-3.1-8B
\`\`\`

Options: \`--model ID_OR_DIR\`, \`--arms ${names}\` (a subset), \`--max-steps N\` (a quick trial), \`--batch-size N\`, \`--trl-order\`,
\`--learning-rate LR\`, \`--no-eval\`, \`--precompute-ref\` (TRL's \`precompute_ref_log_probs\`: the reference is not
kept in memory), \`--bf16 auto|yes|no\`, \`--report-to wandb\`, \`--output-dir DIR\`. The studio's batch is the global
batch: \`train.py\` divides it over the processes (\`per_device_train_batch_size\` × \`gradient_accumulation_steps\` ×
processes = ${t.batch_size * t.gradient_accumulation_steps}).

## What to expect

The arms train one after another. Each writes \`runs/<arm>/\` (the model or PEFT adapter, and
\`trainer_state.json\` with TRL's \`log_history\`), and every logged step appends a row to \`runs/metrics.jsonl\` with
the studio's names: TRL's (\`loss\`, \`logps/chosen\`, \`rewards/margins\`, \`rewards/accuracies\`, ...) plus
\`delta/chosen\` and \`delta/rejected\` (mean change of the summed log-likelihood from the reference = rewards / β),
and for DPOP arms \`dpop/penalty\`. Eval rows keep TRL's \`eval_\` prefix. Drop \`runs/metrics.jsonl\` or a
\`trainer_state.json\` on the studio's **Import run** (or \`npm run experiment -- --import FILE --out DIR\`) to see these
curves dashed beside the browser's. Checked by the studio with TRL ${PINNED.trl} (CPU, float32, 3 steps, the same batches, 1 and 2 processes): every
metric both log equals the browser's within 1e-5 relative (\`rewards/*\` and \`delta/*\`, differences of log-probs, 1e-4). The studio's question: does DPO's \`delta/chosen\` fall below 0 while its margin
grows, and does DPOP's stay at or above 0?

## How the losses map

- TRL ${PINNED.trl}'s own loss types run as they are: \`loss = Σ loss_weights[i] · mean(loss_type[i])\` (RPO is
  \`["sigmoid", "sft"]\`).
- **DPOP** (Smaug, Pal et al. 2024, Eq. 3) is in neither TRL nor LLaMA-Factory. \`losses.py\` holds it in pure PyTorch,
  \`dpop_loss(chosen_logps, rejected_logps, ref_chosen_logps, ref_rejected_logps, beta, dpop_lambda)\` =
  −log σ(β·(δ − λ·max(0, ref_chosen − chosen))), the penalty inside the sigmoid; \`dpop.py\` is a \`DPOTrainer\`
  subclass that adds it (and cDPO) to TRL's loss. Preference Studio's tests check \`losses.py\` against the studio's own
  losses within 1e-6.

## Where this differs from the studio

- ${truncationText(spec)}
- ${spec.data.order ? "The batches are the studio's: \`data/order.json\` lists each step's pairs and TRL's sequential sampler takes them in that order (\`--trl-order\` for TRL's own shuffling; \`--batch-size\` implies it)" : t.shuffle ? "The batch order is TRL's seeded sampler, not the studio's" : 'The pairs are taken in file order, as the studio did (no shuffling)'}; the evaluation set is the first ${spec.data.eval_pairs} pairs, where the studio
  draws ${spec.data.eval_pairs} with its seed.
- bf16 on GPUs that have it (\`--bf16 no\` for float32 as in the studio).
`;
}
