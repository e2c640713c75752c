import { describe, expect, it } from 'vitest';
import { fileProblem, MAX_FILE_BYTES } from './attachment-rules.ts';

const photo = { size: 2_000_000, type: 'image/jpeg' };

describe('fileProblem', () => {
  it('accepts up to five photos or voice recordings of at most 10 MiB', () => {
    expect(fileProblem([photo, { size: 300_000, type: 'audio/mp4' }])).toBeNull();
    expect(fileProblem([photo, photo, photo, photo, photo])).toBeNull();
  });

  it('names the problem a patient must fix', () => {
    expect(fileProblem([photo, photo, photo, photo, photo, photo])).toBe('tooMany');
    expect(fileProblem([{ size: MAX_FILE_BYTES + 1, type: 'image/png' }])).toBe('tooLarge');
    expect(fileProblem([{ size: 10, type: 'application/pdf' }])).toBe('wrongType');
  });
});
