// Command-line flags of `npm run experiment`, parsed with node:util and mapped onto the run config.
import { parseArgs } from 'node:util';

export const USAGE = `npm run experiment -- [--preset NAME] [--config FILE.json] [--data FILE] [--model DIR]
  [--model hf:org/name[@revision]] [--data hf:org/name[:config/split]] [--hub-rows N|all] [--hub-endpoint URL]
  [--arms dpo,dpop | sigmoid,dpop,sigmoid+sft] [--loss-weights 1,0.2] [--beta B] [--lambda L] [--label-smoothing E]
  [--ld-alpha A] [--use-weighting] [--f-divergence-type T] [--f-alpha-divergence-coef A] [--discopop-tau T] [--simpo-gamma G]
  [--lr LR] [--optimizer adam|sgd] [--steps N] [--batch-size N] [--warmup-steps N] [--max-grad-norm X (0 = off)]
  [--seed S] [--no-shuffle] [--max-length N] [--truncation keep_start|keep_prompt_tail] [--backend auto|webgpu|wasm|cpu] [--threads N|auto] [--out DIR] [--save-models]
  [--lora R] [--lora-alpha A] [--lora-targets a,b,c] [--lora-dropout P] [--merge]
  [--gradient-accumulation-steps N] [--gradient-checkpointing] [--memory auto|manual] [--memory-budget MIB]
  [--max-pairs N] [--filter-ches-top F] [--filter-ches-bottom F] [--filter-edit-min N] [--filter-edit-max N]
  [--dry-run] [--list-presets] [--quiet]
  [--export-trl DIR] (write the run as a TRL project, train nothing) | --import FILE --out DIR [--beta B]`;

export interface CliArgs {
  preset?: string;
  config?: string;
  data?: string;
  model?: string;
  /** The Hub for hf: ids (else $HF_ENDPOINT, else https://huggingface.co). */
  hubEndpoint?: string;
  /** Rows read from a hf: dataset split: N (default 2000) or "all". */
  hubRows?: string;
  arms?: string;
  beta?: string;
  lambda?: string;
  /** TRL's loss_weights for the `+` arms of --arms, their terms in order. */
  lossWeights?: string;
  labelSmoothing?: string;
  ldAlpha?: string;
  useWeighting: boolean;
  fDivergenceType?: string;
  fAlphaDivergenceCoef?: string;
  discopopTau?: string;
  simpoGamma?: string;
  lr?: string;
  optimizer?: string;
  steps?: string;
  batchSize?: string;
  /** transformers' warmup_steps: lr rises from 0 over N updates. */
  warmupSteps?: string;
  /** transformers' max_grad_norm: the global gradient-norm clip (training.clipNorm); 0 turns it off. */
  maxGradNorm?: string;
  seed?: string;
  noShuffle: boolean;
  maxLength?: string;
  /** data.truncation: keep_start (TRL's) or keep_prompt_tail. */
  truncation?: string;
  maxPairs?: string;
  filterChesTop?: string;
  filterChesBottom?: string;
  filterEditMin?: string;
  filterEditMax?: string;
  backend?: string;
  threads?: string;
  out?: string;
  saveModels: boolean;
  lora?: string;
  loraAlpha?: string;
  loraTargets?: string;
  loraDropout?: string;
  merge: boolean;
  gradientAccumulationSteps?: string;
  gradientCheckpointing: boolean;
  /** training.memory: auto fits the run to the budget (checkpointing, smaller passes); manual refuses instead. */
  memory?: string;
  /** The training-memory budget in MiB on any backend, in place of the backend's own. */
  memoryBudget?: string;
  dryRun: boolean;
  /** Write the run as a TRL project folder (train.py, dpop.py, data, accelerate configs) and train nothing. */
  exportTrl?: string;
  /** A trainer_state.json or metrics.jsonl to turn into DIR/metrics.jsonl (trains nothing). */
  importFile?: string;
  listPresets: boolean;
  quiet: boolean;
  help: boolean;
}

export function parseCli(argv: string[]): CliArgs {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      preset: { type: 'string' },
      config: { type: 'string' },
      data: { type: 'string' },
      model: { type: 'string' },
      'hub-endpoint': { type: 'string' },
      'hub-rows': { type: 'string' },
      arms: { type: 'string' },
      beta: { type: 'string' },
      lambda: { type: 'string' },
      'loss-weights': { type: 'string' },
      'label-smoothing': { type: 'string' },
      'ld-alpha': { type: 'string' },
      'use-weighting': { type: 'boolean', default: false },
      'f-divergence-type': { type: 'string' },
      'f-alpha-divergence-coef': { type: 'string' },
      'discopop-tau': { type: 'string' },
      'simpo-gamma': { type: 'string' },
      lr: { type: 'string' },
      optimizer: { type: 'string' },
      steps: { type: 'string' },
      'batch-size': { type: 'string' },
      'warmup-steps': { type: 'string' },
      'max-grad-norm': { type: 'string' },
      seed: { type: 'string' },
      'no-shuffle': { type: 'boolean', default: false },
      'max-length': { type: 'string' },
      truncation: { type: 'string' },
      'max-pairs': { type: 'string' },
      'filter-ches-top': { type: 'string' },
      'filter-ches-bottom': { type: 'string' },
      'filter-edit-min': { type: 'string' },
      'filter-edit-max': { type: 'string' },
      backend: { type: 'string' },
      threads: { type: 'string' },
      out: { type: 'string' },
      'save-models': { type: 'boolean', default: false },
      lora: { type: 'string' },
      'lora-alpha': { type: 'string' },
      'lora-targets': { type: 'string' },
      'lora-dropout': { type: 'string' },
      merge: { type: 'boolean', default: false },
      'gradient-accumulation-steps': { type: 'string' },
      'gradient-checkpointing': { type: 'boolean', default: false },
      memory: { type: 'string' },
      'memory-budget': { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      'export-trl': { type: 'string' },
      import: { type: 'string' },
      'list-presets': { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  return {
    preset: values.preset,
    config: values.config,
    data: values.data,
    model: values.model,
    hubEndpoint: values['hub-endpoint'],
    hubRows: values['hub-rows'],
    arms: values.arms,
    beta: values.beta,
    lambda: values.lambda,
    lossWeights: values['loss-weights'],
    labelSmoothing: values['label-smoothing'],
    ldAlpha: values['ld-alpha'],
    useWeighting: values['use-weighting'] ?? false,
    fDivergenceType: values['f-divergence-type'],
    fAlphaDivergenceCoef: values['f-alpha-divergence-coef'],
    discopopTau: values['discopop-tau'],
    simpoGamma: values['simpo-gamma'],
    lr: values.lr,
    optimizer: values.optimizer,
    steps: values.steps,
    batchSize: values['batch-size'],
    warmupSteps: values['warmup-steps'],
    maxGradNorm: values['max-grad-norm'],
    seed: values.seed,
    noShuffle: values['no-shuffle'] ?? false,
    maxLength: values['max-length'],
    truncation: values.truncation,
    maxPairs: values['max-pairs'],
    filterChesTop: values['filter-ches-top'],
    filterChesBottom: values['filter-ches-bottom'],
    filterEditMin: values['filter-edit-min'],
    filterEditMax: values['filter-edit-max'],
    backend: values.backend,
    threads: values.threads,
    out: values.out,
    saveModels: values['save-models'] ?? false,
    lora: values.lora,
    loraAlpha: values['lora-alpha'],
    loraTargets: values['lora-targets'],
    loraDropout: values['lora-dropout'],
    merge: values.merge ?? false,
    gradientAccumulationSteps: values['gradient-accumulation-steps'],
    gradientCheckpointing: values['gradient-checkpointing'] ?? false,
    memory: values.memory,
    memoryBudget: values['memory-budget'],
    dryRun: values['dry-run'] ?? false,
    exportTrl: values['export-trl'],
    importFile: values.import,
    listPresets: values['list-presets'] ?? false,
    quiet: values.quiet ?? false,
    help: values.help ?? false,
  };
}
