// Typed messages between the page and the training worker; everything here is structured-cloneable.
import type { ErrorPlace } from '../engine/errors';

export type BackendChoice = 'auto' | 'webgpu' | 'wasm' | 'cpu';

export interface AdapterSummary {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  isFallback: boolean;
  maxStorageBuffersPerShaderStage: number;
  maxStorageBufferBindingSize: number;
}

export interface BackendInfo {
  backend: 'webgpu' | 'wasm' | 'cpu';
  requested: BackendChoice;
  reason: string;
  adapter?: AdapterSummary;
  wasmThreads?: number;
  crossOriginIsolated: boolean;
}

export interface PlainError {
  message: string;
  kind: 'input' | 'internal';
  place: ErrorPlace;
}

/** Page → worker. `id` pairs a request with its reply. */
export type WorkerRequest =
  | { id: number; type: 'init'; backend: BackendChoice }
  | { id: number; type: 'tinyLm'; seed: number; steps: number };

/** Worker → page. */
export type WorkerEvent =
  | { type: 'reply'; id: number; ok: true; value: unknown }
  | { type: 'reply'; id: number; ok: false; error: PlainError }
  | { type: 'tinyLmStep'; step: number; loss: number }
  | { type: 'deviceFault'; reason: string };
