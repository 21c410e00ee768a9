/** A whole-number field clamped to [min, max]; an empty field while typing is not a value yet, so it is not reported. */
export function IntegerInput({ min, max, value, testId, onChange }: { min: number; max: number; value: number; testId: string; onChange: (n: number) => void }) {
  return (
    <input
      type="number"
      min={min}
      max={max}
      step={1}
      value={value}
      data-testid={testId}
      onChange={(e) => {
        const n = Math.round(Number(e.target.value));
        if (e.target.value !== '' && Number.isFinite(n)) onChange(Math.max(min, Math.min(max, n)));
      }}
    />
  );
}
