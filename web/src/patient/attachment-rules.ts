/** The server's limits (attachment.service.ts), checked before uploading so a patient hears at once. */
export const MAX_FILES = 5;
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

export type FileProblem = 'tooMany' | 'tooLarge' | 'wrongType';

export function fileProblem(files: readonly { size: number; type: string }[]): FileProblem | null {
  if (files.length > MAX_FILES) return 'tooMany';
  if (files.some((f) => f.size > MAX_FILE_BYTES)) return 'tooLarge';
  if (files.some((f) => !/^(image|audio)\//.test(f.type))) return 'wrongType';
  return null;
}
