/** Error for out-of-range render options; carries a stable code the UI can map to help text. */
export type RenderErrorCode = 'render/invalid-size' | 'render/invalid-supersample' | 'render/invalid-count' | 'render/invalid-param';

export class RenderParamError extends RangeError {
  readonly code: RenderErrorCode;
  constructor(code: RenderErrorCode, message: string) {
    super(message);
    this.name = 'RenderParamError';
    this.code = code;
  }
}
