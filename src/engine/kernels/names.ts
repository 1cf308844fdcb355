// Kernel names shared by the op wrappers (any backend) and the backend kernels that implement them.
export const K = {
  tokenLogProb: 'PsTokenLogProb',
  tokenLogProbGrad: 'PsTokenLogProbGrad',
  layerNorm: 'PsLayerNorm',
  layerNormGradX: 'PsLayerNormGradX',
  layerNormGradParams: 'PsLayerNormGradParams',
  attention: 'PsCausalAttention',
  attentionGrad: 'PsCausalAttentionGrad',
  biasGelu: 'PsBiasGelu',
  biasGeluGrad: 'PsBiasGeluGrad',
  adam: 'PsAdamMulti',
} as const;
