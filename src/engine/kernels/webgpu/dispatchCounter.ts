// Counts GPU compute dispatches in this worker between start() and stop() (the bench reports dispatches per step).
let count = 0;
let active = false;
let installed = false;

function install(): void {
  if (installed || typeof GPUComputePassEncoder === 'undefined') return;
  installed = true;
  const proto = GPUComputePassEncoder.prototype;
  const direct = proto.dispatchWorkgroups;
  const indirect = proto.dispatchWorkgroupsIndirect;
  proto.dispatchWorkgroups = function (this: GPUComputePassEncoder, ...args: Parameters<typeof direct>) {
    if (active) count++;
    return direct.apply(this, args);
  };
  proto.dispatchWorkgroupsIndirect = function (this: GPUComputePassEncoder, ...args: Parameters<typeof indirect>) {
    if (active) count++;
    return indirect.apply(this, args);
  };
}

export const dispatchCounter = {
  /** Resets the count and starts counting (the prototype is patched on first use). */
  start(): void {
    install();
    count = 0;
    active = true;
  },
  /** Stops counting and returns the dispatches recorded since start(). */
  stop(): number {
    active = false;
    return count;
  },
  get count(): number {
    return count;
  },
};
