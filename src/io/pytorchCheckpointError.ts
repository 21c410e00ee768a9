/**
 * @file Errors of the PyTorch checkpoint reader, with stable codes for UI help and tests.
 */

/** Why a checkpoint was refused. */
export type PytorchCheckpointErrorCode =
  | 'NOT_ZIP' // not a zip archive (e.g. the legacy torch < 1.6 format)
  | 'BAD_ZIP' // zip structure unreadable, or no single `<archive>/data.pkl`
  | 'UNSAFE_GLOBAL' // the pickle names a callable outside the state-dict allow-list
  | 'UNKNOWN_OPCODE' // a pickle opcode the restricted reader does not interpret
  | 'TRUNCATED' // the pickle ends in the middle of an opcode or without STOP
  | 'BAD_PICKLE' // well-formed opcodes building something a state dict never contains
  | 'MISSING_STORAGE' // a tensor's `data/<key>` record is absent or too short
  | 'BAD_TENSOR' // size/stride/offset outside the storage
  | 'UNSUPPORTED'; // valid torch data this reader does not handle (big-endian, unknown dtype)

export class PytorchCheckpointError extends Error {
  readonly code: PytorchCheckpointErrorCode;
  constructor(code: PytorchCheckpointErrorCode, message: string) {
    super(message);
    this.name = 'PytorchCheckpointError';
    this.code = code;
  }
}
