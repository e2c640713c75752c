import { describe, expect, it } from 'vitest';
import { type MessageKey, type MessageParams, translate } from '../i18n/i18n.ts';
import { describePatientEvent, isFinished, patientStatusWords } from './patient-words.ts';

const zh = (key: MessageKey, params?: MessageParams) => translate('zh', key, params);
const en = (key: MessageKey, params?: MessageParams) => translate('en', key, params);

describe('patient status words', () => {
  it('says each status the way a patient would, with what it means for them', () => {
    expect(patientStatusWords('pending_patient', zh).label).toBe('等您回复');
    expect(patientStatusWords('resolution_proposed', en)).toEqual({
      label: 'A solution is proposed; please confirm',
      help: 'Please read the proposed solution below and tell us if it solves the problem.',
    });
  });

  it('never shows a raw status code to a patient', () => {
    expect(patientStatusWords('some_future_status', zh).label).toBe('进度更新');
  });

  it('knows which statuses are finished', () => {
    expect(isFinished('closed')).toBe(true);
    expect(isFinished('in_progress')).toBe(false);
  });
});

describe('describePatientEvent', () => {
  const at = '2026-05-01T00:00:00Z';

  it('gives a staff reply its text', () => {
    expect(
      describePatientEvent({ type: 'reply', at, by: 'staff', payload: { text: '我们在查' } }, zh),
    ).toEqual({
      title: '医院回复',
      text: '我们在查',
    });
  });

  it('words a status change with the new status', () => {
    const event = { type: 'status_changed', at, by: 'staff', payload: { from: 'new', to: 'in_progress' } };
    expect(describePatientEvent(event, zh)).toEqual({ title: '进度更新：正在处理', text: null });
  });

  it('shows the comment of a rejection', () => {
    const event = { type: 'patient_rejected', at, by: 'patient', payload: { comment: 'still broken' } };
    expect(describePatientEvent(event, en)).toEqual({
      title: 'You said it is not solved yet',
      text: 'still broken',
    });
  });
});
