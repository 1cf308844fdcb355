// The TRL project's pinned requirements and its three accelerate launch configs.

/** Versions pinned together: the newest TRL the parity tests run (scripts/trl-parity/, docs/trl-export.md). */
export const PINNED = {
  trl: '1.13.0',
  transformers: '5.18.0',
  peft: '0.21.0',
  accelerate: '1.15.0',
  torch: '2.13.0',
  datasets: '5.0.1',
  deepspeed: '0.19.8',
} as const;

export const REQUIREMENTS_TXT = `# Pinned together: Preference Studio's parity tests run trl ${PINNED.trl} with exactly these (CPU, 1 and 2 processes).
trl==${PINNED.trl}
transformers==${PINNED.transformers}
peft==${PINNED.peft}
accelerate==${PINNED.accelerate}
torch==${PINNED.torch}
datasets==${PINNED.datasets}
# For accelerate/deepspeed_zero2.yaml only (not run by the export check): pip install deepspeed==${PINNED.deepspeed}
`;

const common = (lines: string[]) =>
  [
    'compute_environment: LOCAL_MACHINE',
    'debug: false',
    ...lines,
    'downcast_bf16: "no"',
    'machine_rank: 0',
    'main_training_function: main',
    // train.py turns bf16 on itself when the GPU supports it (--bf16 auto), so accelerate adds no autocast of its own.
    'mixed_precision: "no"',
    'num_machines: 1',
    'rdzv_backend: static',
    'same_network: true',
    'use_cpu: false',
  ].join('\n') + '\n';

export const ACCELERATE_CONFIGS: Record<string, string> = {
  'accelerate/single_gpu.yaml': common(['distributed_type: "NO"', 'gpu_ids: "0"', 'num_processes: 1']),
  'accelerate/multi_gpu.yaml': common(['distributed_type: MULTI_GPU', 'gpu_ids: all', '# one process per GPU: set to your GPU count', 'num_processes: 8']),
  'accelerate/deepspeed_zero2.yaml': common([
    'deepspeed_config:',
    '  deepspeed_multinode_launcher: standard',
    '  offload_optimizer_device: none',
    '  offload_param_device: none',
    '  zero3_init_flag: false',
    '  zero_stage: 2',
    'distributed_type: DEEPSPEED',
    '# one process per GPU: set to your GPU count',
    'num_processes: 8',
  ]),
};
