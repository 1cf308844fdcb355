// The fast path: custom kernels registered into tfjs per backend. The straightforward composite ops stay runnable
// behind setFusedKernels(false) so every speed-up can be measured against them in one run.

let fused = true;

/** Turns the fused/custom kernels on or off (bench and tests compare both). */
export function setFusedKernels(on: boolean): void {
  fused = on;
}

export function fusedKernelsEnabled(): boolean {
  return fused;
}
