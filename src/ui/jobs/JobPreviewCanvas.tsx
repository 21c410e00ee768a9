/** A running job's latest live preview, drawn into a small canvas (no image encoding on the main thread). */
import { useEffect, useRef } from 'react';
import type { JobPreview } from '../../state/slices/jobsSlice';

export function JobPreviewCanvas({ preview, faceName }: { preview: JobPreview; faceName: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    if (c.width !== preview.width || c.height !== preview.height) {
      c.width = preview.width;
      c.height = preview.height;
    }
    // ImageData takes only an ArrayBuffer-backed array; the copy is a few KiB (a 64×64 latent preview).
    ctx.putImageData(new ImageData(new Uint8ClampedArray(preview.rgba), preview.width, preview.height), 0, 0);
  }, [preview]);
  return (
    <figure className="job-preview" style={{ margin: '4px 0' }} data-testid="job-preview" data-step={preview.step} data-face={preview.faceId}>
      <canvas ref={canvas} width={preview.width} height={preview.height} style={{ width: 96, height: 96, imageRendering: 'pixelated' }} aria-label={`Preview of ${faceName} after step ${preview.step}`} />
      <figcaption className="muted small">
        {faceName} · step {preview.step}
      </figcaption>
    </figure>
  );
}
