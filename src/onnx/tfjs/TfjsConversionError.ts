/** @file The error the TFJS → ONNX converter throws, with a stable code for UI help and every problem listed. */

export type TfjsConversionErrorCode = 'tfjs-unsupported-op' | 'tfjs-invalid-graph';

export class TfjsConversionError extends Error {
  constructor(
    readonly code: TfjsConversionErrorCode,
    message: string,
    /** One line per problem (e.g. per unsupported op type, with the nodes that use it). */
    readonly problems: string[] = [],
  ) {
    super(message);
    this.name = 'TfjsConversionError';
  }
}
