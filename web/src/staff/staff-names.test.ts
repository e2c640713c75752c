import { describe, expect, it } from 'vitest';
import { directoryOf, staffLabel } from './staff-names.ts';

const directory = directoryOf([
  { id: 3, displayName: '李护士长', departmentId: 2, active: true },
  { id: 7, displayName: '王客服', departmentId: null, active: true },
  { id: 9, displayName: '张医生', departmentId: 2, active: false },
]);

describe('staffLabel', () => {
  it('names the staff member and says when it is the viewer', () => {
    expect(staffLabel(directory, 3, 7)).toEqual({ name: '李护士长', isMe: false });
    expect(staffLabel(directory, 7, 7)).toEqual({ name: '王客服', isMe: true });
  });

  it('still names former staff: their old tickets refer to them', () => {
    expect(staffLabel(directory, 9, 7)?.name).toBe('张医生');
  });

  it('shows an unknown id as #id rather than hiding it, and nobody as null', () => {
    expect(staffLabel(directory, 42, 7)).toEqual({ name: '#42', isMe: false });
    expect(staffLabel(new Map(), 7, 7)).toEqual({ name: '#7', isMe: true });
    expect(staffLabel(directory, null, 7)).toBeNull();
    expect(staffLabel(directory, undefined, 7)).toBeNull();
  });
});
