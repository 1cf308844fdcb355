// Runs a raw WGSL compute shader with several outputs on tfjs's WebGPU backend, inside its own command stream.
// tfjs programs have exactly one output; a fused forward/backward needs several (y + saved stats, dgamma + dbeta).
import * as tf from '@tensorflow/tfjs';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';

type Info = tf.TensorInfo;

/** The backend internals this runner drives (public in JS, private in the .d.ts). */
interface BackendInternals {
  device: GPUDevice;
  tensorMap: { get(id: tf.DataId): { resource?: GPUBuffer | null } };
  commandEncoder: GPUCommandEncoder | null;
  computePassEncoder: GPUComputePassEncoder | null;
  commandQueueOwnedIds: WeakSet<tf.DataId>;
  dispatchCountInPass: number;
  uploadToGPU(id: tf.DataId): void;
  makeTensorInfo(shape: number[], dtype: tf.DataType): Info;
  makeUniforms(u: { type: string; data: number[] }[]): GPUBindingResource;
  ensureCommandEncoderReady(): void;
  endComputePassEncoder(): void;
  submitQueue(): void;
  disposeData(id: tf.DataId): boolean;
}

export interface ShaderBuffer {
  name: string;
  t: Info;
  /** WGSL element type; f32 unless given. */
  type?: 'f32' | 'i32' | 'u32';
}

export interface ShaderSpec {
  /** Kernel body: must define `@compute ... fn main(...)` and use every binding and every uniform field. */
  body: string;
  outputs: ShaderBuffer[];
  inputs: ShaderBuffer[];
  uniforms: { name: string; type: 'i32' | 'f32' | 'u32'; value: number }[];
  workgroups: [number, number, number];
}

const pipelines = new WeakMap<GPUDevice, Map<string, GPUComputePipeline>>();

export function internals(backend: unknown): BackendInternals {
  return backend as BackendInternals;
}

/** Storage buffers one shader stage may bind on this device (the worker asks for the adapter's real limit). */
export function storageBufferLimit(backend: unknown): number {
  return internals(backend).device.limits.maxStorageBuffersPerShaderStage;
}

/** A fresh float32 output of the backend (caller returns or disposes it). */
export function newOutput(backend: unknown, shape: number[], dtype: tf.DataType = 'float32'): Info {
  return internals(backend).makeTensorInfo(shape, dtype);
}

export function release(backend: unknown, t: Info): void {
  internals(backend).disposeData(t.dataId);
}

export function wgslSource(s: ShaderSpec): string {
  const decl: string[] = [];
  let i = 0;
  for (const b of s.outputs) decl.push(`@group(0) @binding(${i++}) var<storage, read_write> ${b.name}: array<${b.type ?? 'f32'}>;`);
  for (const b of s.inputs) decl.push(`@group(0) @binding(${i++}) var<storage, read> ${b.name}: array<${b.type ?? 'f32'}>;`);
  decl.push(`struct Uniforms { ${s.uniforms.map((u) => `${u.name}: ${u.type},`).join(' ')} };`);
  decl.push(`@group(0) @binding(${i}) var<uniform> u: Uniforms;`);
  return decl.join('\n') + '\n' + s.body;
}

function pipelineFor(device: GPUDevice, code: string): GPUComputePipeline {
  let cache = pipelines.get(device);
  if (!cache) pipelines.set(device, (cache = new Map()));
  let p = cache.get(code);
  if (!p) {
    p = device.createComputePipeline({ layout: 'auto', compute: { module: device.createShaderModule({ code }), entryPoint: 'main' } });
    cache.set(code, p);
  }
  return p;
}

/** Records one dispatch into the backend's open compute pass, exactly as tfjs records its own programs. */
export function runShader(backend: WebGPUBackend | unknown, s: ShaderSpec): void {
  const be = internals(backend);
  const all = [...s.outputs, ...s.inputs];
  if (all.length > be.device.limits.maxStorageBuffersPerShaderStage) throw new Error(`shader binds ${all.length} storage buffers, over the device limit`);
  for (const b of all) be.uploadToGPU(b.t.dataId);
  const pipeline = pipelineFor(be.device, wgslSource(s));
  const uniforms = be.makeUniforms(s.uniforms.map((x) => ({ type: x.type === 'f32' ? 'float32' : x.type === 'u32' ? 'uint32' : 'int32', data: [x.value] })));
  const entries: GPUBindGroupEntry[] = all.map((b, i) => ({ binding: i, resource: { buffer: be.tensorMap.get(b.t.dataId).resource as GPUBuffer } }));
  entries.push({ binding: all.length, resource: uniforms });
  // Buffers used by a recorded but unsubmitted command must outlive a dispose until the queue is submitted.
  for (const b of all) be.commandQueueOwnedIds.add(b.t.dataId);
  const bindGroup = be.device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries });
  be.ensureCommandEncoderReady();
  if (!be.computePassEncoder) be.computePassEncoder = be.commandEncoder!.beginComputePass({});
  be.computePassEncoder.setPipeline(pipeline);
  be.computePassEncoder.setBindGroup(0, bindGroup);
  be.computePassEncoder.dispatchWorkgroups(...s.workgroups);
  be.dispatchCountInPass++;
  if ((tf.env().get('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE') as number) <= be.dispatchCountInPass) {
    be.endComputePassEncoder();
    be.submitQueue();
  }
}

/** What tfjs passes a kernelFunc, with inputs typed as always present (each kernel reads the names it registered). */
export interface KernelArgs {
  inputs: Record<string, Info>;
  backend: unknown;
  attrs?: Record<string, unknown>;
}
