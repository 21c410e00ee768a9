/** Picks one folder of images for a calibration set and says how many files it holds. */
export function FolderPicker({ label, files, onPick, testId, disabled }: { label: string; files: File[]; onPick: (files: File[]) => void; testId: string; disabled?: boolean }) {
  return (
    <div className="row small">
      <label className="file-button">
        {label}
        <input
          type="file"
          multiple
          disabled={disabled}
          data-testid={testId}
          {...{ webkitdirectory: '' }}
          onChange={(e) => {
            onPick(Array.from(e.target.files ?? []));
            e.target.value = '';
          }}
        />
      </label>
      <span className="muted" data-testid={`${testId}-count`}>
        {files.length ? `${files.length} file${files.length === 1 ? '' : 's'}` : 'none picked'}
      </span>
    </div>
  );
}
