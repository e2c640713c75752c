import { describe, expect, it } from 'vitest';
import { ApiError } from '../api.ts';
import { parseKeywords, shownError } from './api-errors.ts';

describe('admin error words', () => {
  it('chooses words by the code and keeps the field the server named', () => {
    expect(shownError(new ApiError(409, 'USERNAME_TAKEN', 'x', 'username'))).toEqual({
      key: 'admin.error.usernameTaken',
      field: 'username',
    });
    expect(shownError(new ApiError(400, 'SLA_BAD_TARGET', 'x', 'levels.2.resolution'))).toEqual({
      key: 'admin.error.slaBadTarget',
      field: 'levels.2.resolution',
    });
    expect(shownError(new ApiError(0, 'NETWORK', 'offline'))).toEqual({ key: 'app.networkError' });
  });

  it('falls back to the general words for a code it does not know or a non-API failure', () => {
    expect(shownError(new ApiError(500, 'INTERNAL', 'boom'))).toEqual({ key: 'app.error' });
    expect(shownError(new TypeError('x'))).toEqual({ key: 'app.error' });
  });
});

describe('parseKeywords', () => {
  it('splits on lines, commas of either width and 、, and drops blanks and repeats', () => {
    expect(parseKeywords('停车, 收费，停车场\n 车位 、\n\n停车')).toEqual(['停车', '收费', '停车场', '车位']);
    expect(parseKeywords('  ')).toEqual([]);
  });
});
