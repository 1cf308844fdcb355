// Names of the studio's custom kernels, shared by the op wrappers (kernels/ops) and the backend kernels that implement
// them. Each starts with "Studio" so it can never collide with one of tfjs's own kernel names.
export const CustomKernel = {
  tokenLogProb: 'StudioTokenLogProb',
  tokenLogProbGrad: 'StudioTokenLogProbGrad',
  softmaxRowStats: 'StudioSoftmaxRowStats',
  layerNorm: 'StudioLayerNorm',
  layerNormGradX: 'StudioLayerNormGradX',
  layerNormGradParams: 'StudioLayerNormGradParams',
  attention: 'StudioCausalAttention',
  attentionGrad: 'StudioCausalAttentionGrad',
  biasGelu: 'StudioBiasGelu',
  biasGeluGrad: 'StudioBiasGeluGrad',
  adam: 'StudioAdamMulti',
  rmsNorm: 'StudioRmsNorm',
  rmsNormGradX: 'StudioRmsNormGradX',
  rmsNormGradW: 'StudioRmsNormGradW',
  rotary: 'StudioRotary',
  siluMul: 'StudioSiluMul',
  siluMulGrad: 'StudioSiluMulGrad',
  gqa: 'StudioGroupedAttention',
  gqaGradQ: 'StudioGroupedAttentionGradQ',
  gqaGradKV: 'StudioGroupedAttentionGradKV',
} as const;
