// Default hyperparameters of the losses, tf-free so the UI and the config schema can read them without tfjs.
export const CDPO_DEFAULT_EPSILON = 0.1;
export const DPOP_DEFAULT_LAMBDA = 50;
export const ORPO_DEFAULT_ALPHA = 0.1;
export const RPO_DEFAULT_ALPHA = 1;
export const SIMPO_DEFAULT_GAMMA = 0.5;
