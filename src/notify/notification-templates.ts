/**
 * Message texts, in the ticket's language. Patient messages never contain internal notes or staff
 * names; staff messages name the ticket and what to do. `{name}` placeholders are filled from params.
 */

export type TemplateLang = 'zh' | 'en';

export const TEMPLATES = {
  ticket_received: {
    zh: {
      subject: '我们已收到您的反馈（{ticketNo}）',
      body: '您好，您的反馈已登记，编号 {ticketNo}。查询码：{trackingCode}（请妥善保存）。{trackHint}我们会尽快处理并回复您。',
    },
    en: {
      subject: 'We received your feedback ({ticketNo})',
      body: 'Hello, your feedback is registered as {ticketNo}. Tracking code: {trackingCode} (keep it safe). {trackHint}We will get back to you soon.',
    },
  },
  staff_replied: {
    zh: { subject: '您的反馈 {ticketNo} 有新回复', body: '{text}\n\n{trackHint}' },
    en: { subject: 'New reply about your feedback {ticketNo}', body: '{text}\n\n{trackHint}' },
  },
  resolution_proposed: {
    zh: {
      subject: '请确认反馈 {ticketNo} 的处理结果',
      body: '处理结果：{text}\n\n请在 {windowDays} 天内用查询码确认是否满意；逾期未确认将视为确认。{trackHint}',
    },
    en: {
      subject: 'Please confirm the resolution of {ticketNo}',
      body: 'Our resolution: {text}\n\nPlease tell us within {windowDays} days, with your tracking code, whether this solves it; without an answer we will take it as confirmed. {trackHint}',
    },
  },
  ticket_assigned: {
    zh: { subject: '工单 {ticketNo} 已分派给您', body: '工单 {ticketNo} 已分派给您处理。原因：{reason}' },
    en: {
      subject: 'Ticket {ticketNo} is assigned to you',
      body: 'Ticket {ticketNo} is now yours to handle. Reason: {reason}',
    },
  },
  level1_page: {
    zh: {
      subject: '【一级】工单 {ticketNo} 需立即处理',
      body: '一级（紧急）工单 {ticketNo} 已登记，请立即处理。',
    },
    en: {
      subject: '[LEVEL 1] Ticket {ticketNo} needs action now',
      body: 'Level-1 (urgent) ticket {ticketNo} was registered; act on it now.',
    },
  },
  patient_rejected: {
    zh: {
      subject: '患者不认可工单 {ticketNo} 的处理结果',
      body: '患者对工单 {ticketNo} 的处理结果不满意，工单已重新打开（第 {reopenCount} 次）。患者意见：{comment}',
    },
    en: {
      subject: 'Patient rejected the resolution of {ticketNo}',
      body: 'The patient is not satisfied with the resolution of {ticketNo}; it is reopened (reopen #{reopenCount}). Comment: {comment}',
    },
  },
  mentioned: {
    zh: {
      subject: '您在工单 {ticketNo} 中被提及',
      body: '{by} 在工单 {ticketNo} 的内部备注中提到了您：{text}',
    },
    en: {
      subject: 'You were mentioned on {ticketNo}',
      body: '{by} mentioned you in an internal note on {ticketNo}: {text}',
    },
  },
  task_opened: {
    zh: { subject: '科室反馈任务：工单 {ticketNo}', body: '请于 {dueAt} 前回复：{question}' },
    en: { subject: 'Department task on ticket {ticketNo}', body: 'Please answer by {dueAt}: {question}' },
  },
} as const satisfies Record<string, Record<TemplateLang, { subject: string; body: string }>>;

export type TemplateName = keyof typeof TEMPLATES;

function fill(text: string, params: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole));
}

export function renderTemplate(
  name: TemplateName,
  lang: string,
  params: Record<string, string | number>,
): { subject: string; body: string } {
  const t = TEMPLATES[name][lang === 'en' ? 'en' : 'zh'];
  return { subject: fill(t.subject, params), body: fill(t.body, params) };
}
