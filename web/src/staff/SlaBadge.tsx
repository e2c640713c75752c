import { useI18n } from '../i18n/I18nProvider.tsx';
import { countdownText, type Deadline, slaState } from './sla-countdown.ts';

/** Green / amber / red, and always the state in words: colour is never the only signal. */
export function SlaBadge({
  deadline,
  receivedAt,
  now,
}: {
  deadline: Deadline;
  receivedAt: string;
  now: Date;
}) {
  const { t } = useI18n();
  const state = slaState(deadline, receivedAt, now);
  const icon = { overdue: '✖', warning: '⚠', ok: '✓', paused: '‖' }[state];
  return (
    <span className={`sla sla-${state}`} data-sla={state}>
      <span aria-hidden="true">{icon} </span>
      {countdownText(deadline, receivedAt, now, t)}
    </span>
  );
}
