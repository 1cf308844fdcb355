// A Hub failure as one line naming the repo and file; `resumable` says a retry continues a saved partial download.
import { StudioError } from '../errors';
import type { HubErrorCode } from './types';

export class HubError extends StudioError {
  readonly code: HubErrorCode;
  readonly repo: string;
  readonly hubFile?: string;
  readonly resumable: boolean;
  constructor(code: HubErrorCode, repo: string, message: string, opts: { file?: string; resumable?: boolean } = {}) {
    super(message, { file: opts.file ? `${repo}/${opts.file}` : repo });
    this.code = code;
    this.repo = repo;
    this.hubFile = opts.file;
    this.resumable = opts.resumable ?? false;
  }
}

export const isHubError = (e: unknown): e is HubError => e instanceof HubError;
