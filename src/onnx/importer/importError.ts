/**
 * @file The one error type the model importer throws. Every message names the file (and tensor, when
 * one is at fault) so a user importing gigabytes of weights learns what to fix without a stack trace.
 */

/** Stable codes for UI help and tests. */
export type ImportErrorCode =
  | 'MISSING_FILE' // a required file is absent from a folder
  | 'BAD_JSON' // config.json is not JSON / not an object
  | 'BAD_FILE' // a weight or model file is unreadable (bad header, not ONNX, unsafe pickle, …)
  | 'TRUNCATED' // a file ends before the data its header announces
  | 'WEIGHTS' // tensors missing, unexpected, or of the wrong shape for the config
  | 'UNSUPPORTED' // a config option or model feature the graph builders do not implement
  | 'INCOMPATIBLE' // the components do not fit together (e.g. UNet cross-attention width ≠ text hidden size)
  | 'RUNTIME'; // running a built graph at import time failed

export class ImportError extends Error {
  readonly code: ImportErrorCode;
  /** File at fault (folder/name as the caller labelled it), when known. */
  readonly file?: string;
  /** Tensor at fault, when one is. */
  readonly tensor?: string;
  constructor(code: ImportErrorCode, message: string, details: { file?: string; tensor?: string; cause?: unknown } = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'ImportError';
    this.code = code;
    this.file = details.file;
    this.tensor = details.tensor;
  }
}
