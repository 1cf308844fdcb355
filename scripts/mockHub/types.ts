// The mock Hugging Face hub's handle: the tests start it, steer it (cut, throttle, corrupt, move main, gate) and read its log.

export interface MockHubOptions {
  /** Port on 127.0.0.1 (0 = any free one, the default). */
  port?: number;
  /** The token the gated repo accepts. Default "hf_mock_token". */
  token?: string;
}

/** One request the mock saw (both host names), for "the token went only to the hub" checks. */
export interface MockHubRequest {
  method: string;
  /** "127.0.0.1:port" (the hub) or "localhost:port" (the file store it redirects to). */
  host: string;
  url: string;
  authorization: string | null;
  range: string | null;
  /** Set when the response went out gzipped. */
  gzipped?: boolean;
}

export interface MockHub {
  /** The hub endpoint, "http://127.0.0.1:<port>". */
  endpoint: string;
  /** The file store the hub redirects large files to, "http://localhost:<port>". */
  storeOrigin: string;
  token: string;
  requests: MockHubRequest[];
  /**
   * Repos served (kind/repo): model "studio/tiny-gpt2" (the built-in model, single file), "studio/tiny-gpt2-sharded"
   * (two shards + index, generation_config.json, chat_template.jinja, README.md), "studio/gated-gpt2" (401 without the token), "studio/unsupported" (model_type "bert");
   * dataset "studio/math-pairs" (Parquet, config "default", splits "train" and "test"), "studio/raw-jsonl"
   * (no Parquet export), "studio/no-pairs" (Parquet without preference columns).
   */
  repos: string[];
  /** The commit a repo's "main" points at now. */
  commitOf(repo: string): string;
  /** Makes "main" point at a new commit (same files), as a push would; returns the new commit. */
  moveMain(repo: string): string;
  /** The next download of this file ends after `bytes` bytes (the connection is destroyed). */
  cutNext(repo: string, path: string, bytes: number): void;
  /** Sends this file's whole-file (or resume) downloads at `bytesPerSecond` until cleared with null; ranged reads stay fast. */
  throttle(repo: string, path: string, bytesPerSecond: number | null): void;
  /** Serves this file with one byte flipped (its X-Linked-Etag still names the true sha256) until cleared. */
  corrupt(repo: string, path: string, on?: boolean): void;
  stop(): Promise<void>;
}

export type StartMockHub = (opts?: MockHubOptions) => Promise<MockHub>;
