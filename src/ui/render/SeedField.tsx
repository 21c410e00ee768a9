/** A uint32 seed with "previous", "next" and "random" buttons. */
import { useEffect, useState } from 'react';
import { parseSeed } from './rendererSettings';

export function SeedField({ label, value, onChange, testId }: { label: string; value: number; onChange: (v: number) => void; testId: string }) {
  // Local text so a half-typed or invalid number does not fight the input; committed when it parses.
  const [text, setText] = useState(String(value));
  useEffect(() => setText(String(value)), [value]);
  const valid = parseSeed(text) !== null;
  return (
    <div className="render-seed row">
      <label>
        {label}{' '}
        <input
          type="number"
          min={0}
          max={0xffffffff}
          step={1}
          value={text}
          data-testid={testId}
          aria-invalid={!valid}
          onChange={(e) => {
            setText(e.target.value);
            const n = parseSeed(e.target.value);
            if (n !== null) onChange(n);
          }}
        />
      </label>
      <button type="button" className="secondary" onClick={() => onChange((value - 1) >>> 0)} aria-label={`${label}: previous`} data-testid={`${testId}-prev`}>
        −
      </button>
      <button type="button" className="secondary" onClick={() => onChange((value + 1) >>> 0)} aria-label={`${label}: next`} data-testid={`${testId}-next`}>
        +
      </button>
      <button type="button" className="secondary" onClick={() => onChange(Math.floor(Math.random() * 2 ** 32) >>> 0)} data-testid={`${testId}-random`}>
        Random
      </button>
    </div>
  );
}
