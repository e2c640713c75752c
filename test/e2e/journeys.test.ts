/// <reference lib="dom" />
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  loginHeaders,
  startTestRuntime,
  TEST_ADMIN_PASSWORD,
  type TestRuntime,
} from '../support/backends.ts';
import { launchBrowser, requireBuiltWebApp, screenshot, seriousA11yViolations } from './browser.ts';

const ONE_PIXEL_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * Whole journeys as people make them, in a real browser against a real server: the patient on a
 * 320 px phone, the patient-relations officer at a desk. Every page visited is checked with axe-core.
 */
describe('patient and staff journeys in the browser', { timeout: 120_000 }, () => {
  let rt: TestRuntime;
  let browser: Browser;
  let base: string;
  let staffContext: BrowserContext;
  let patientContext: BrowserContext;
  let staff: Page;
  let patient: Page;

  const checkPage = async (page: Page, name: string) => {
    expect(await seriousA11yViolations(page), `axe on ${name}`).toEqual([]);
    await screenshot(page, name);
  };

  beforeAll(async () => {
    requireBuiltWebApp();
    rt = await startTestRuntime('pglite');
    // The console's officer is the suites' admin with the patient-relations (agent) case permissions.
    await loginHeaders(rt);
    await rt.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(rt.app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
    staffContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    patientContext = await browser.newContext({
      viewport: { width: 320, height: 640 },
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
    });
    staff = await staffContext.newPage();
    patient = await patientContext.newPage();
    staff.setDefaultTimeout(10_000);
    patient.setDefaultTimeout(10_000);
  });

  afterAll(async () => {
    await browser?.close();
    await rt?.drop();
  });

  it('staff log in and the queue listens live', async () => {
    await staff.goto(`${base}/staff`);
    await staff.getByRole('heading', { name: '工作人员登录' }).waitFor();
    await checkPage(staff, 'staff-login');
    await staff.getByLabel('用户名').fill('admin');
    await staff.getByLabel('密码').fill(TEST_ADMIN_PASSWORD);
    await staff.getByRole('button', { name: '登录' }).click();
    await staff.getByRole('heading', { name: '工单队列' }).waitFor();
    await staff.getByText('实时更新已连接').waitFor();
  });

  let ticketNo = '';
  let trackingCode = '';

  it('a patient submits on a 320 px phone and gets a tracking code to keep', async () => {
    await patient.goto(`${base}/`);
    await patient.getByRole('heading', { name: '告诉我们发生了什么' }).waitFor();
    // Nothing is wider than the phone: no sideways scrolling.
    expect(await patient.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await checkPage(patient, 'patient-submit');

    await patient
      .getByLabel('发生了什么？')
      .fill('今天上午在门诊抽血窗口排队，工作人员态度很差，问了两句就不耐烦。');
    await patient.getByLabel('您的称呼（可以不填）').fill('王阿姨');
    await patient.getByLabel('手机号码（可以不填）').fill('13800001234');
    await patient
      .getByLabel('添加照片')
      .setInputFiles({ name: '窗口.png', mimeType: 'image/png', buffer: ONE_PIXEL_PNG });
    await patient.getByRole('button', { name: '去掉 窗口.png' }).waitFor();
    await patient.getByRole('button', { name: '提交' }).click();
    // Consent is required, and the page says so in words.
    await patient.getByRole('alert').filter({ hasText: '请先勾选同意' }).waitFor();
    await patient.getByLabel('我明白了，同意医院按上面说的方式使用我的信息').check();
    await patient.getByRole('button', { name: '提交' }).click();

    await patient.getByRole('heading', { name: '我们已经收到了' }).waitFor();
    trackingCode = (await patient.getByTestId('tracking-code').textContent())?.trim() ?? '';
    expect(trackingCode).toMatch(/^[0-9A-Z]{26}$/);
    ticketNo = /编号：(\S+)/.exec((await patient.getByText(/编号：/).textContent()) ?? '')?.[1] ?? '';
    expect(ticketNo).toMatch(/^\d{4}-\d{6}$/);
    await expect(patient.getByText('请抄下或截图保存这个查询码').isVisible()).resolves.toBe(true);
    await checkPage(patient, 'patient-submitted');
  });

  it('the new ticket appears in the staff queue without a reload; j and Enter open it', async () => {
    const row = staff.locator(`tr[data-ticket="${ticketNo}"]`);
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('待分诊');
    await checkPage(staff, 'staff-queue');

    await staff.locator('body').press('j');
    await expect(staff.evaluate(() => document.activeElement?.textContent)).resolves.toBe(ticketNo);
    await staff.keyboard.press('Enter');
    await staff.getByRole('heading', { name: new RegExp(`工单 ${ticketNo}`) }).waitFor();
    await staff.getByTestId('staff-timeline').getByText('添加附件').waitFor();
    // The contact is masked on the ticket page too.
    await expect(staff.getByTestId('contact').textContent()).resolves.toContain('138****1234');
    // Revealing it is one deliberate (audited) click; claiming makes the officer the owner.
    await staff.getByRole('button', { name: '显示完整联系方式（会记入审计日志）' }).click();
    await staff
      .getByTestId('contact')
      .getByText(/13800001234/)
      .waitFor();
    await staff.locator('#ho-reason').fill('由我跟进');
    await staff.getByRole('button', { name: '我来负责（认领）' }).click();
    await staff.getByRole('status').filter({ hasText: '已保存。' }).first().waitFor();
  });

  it('staff triage, reply and propose a solution; the timeline tells internal from patient-visible', async () => {
    await staff.getByLabel('级别').selectOption('2');
    await staff.getByLabel('类型').selectOption('complaint');
    await staff.getByLabel('分类').selectOption('attitude');
    await staff.getByRole('button', { name: '保存分诊' }).click();
    const timeline = staff.getByTestId('staff-timeline');
    await timeline.getByText('人工修正分诊：二级 · 投诉 · 服务态度').waitFor();
    await expect(timeline.locator('li.internal').first().textContent()).resolves.toContain('仅内部');

    await staff.locator('#ac-reply').fill('王阿姨您好，我们已经联系抽血室了解情况。');
    await staff.getByRole('button', { name: '发送回复' }).click();
    await timeline.getByText('王阿姨您好，我们已经联系抽血室了解情况。').waitFor();

    await staff.locator('#ac-propose').fill('抽血室护士长已与当事员工谈话，并将在窗口增加一名引导员。');
    await staff.getByRole('button', { name: '提交方案，请患者确认' }).click();
    await staff.getByRole('heading', { name: /待患者确认/ }).waitFor();
    await checkPage(staff, 'staff-ticket');
  });

  it('the patient follows the case in their own words and confirms the solution', async () => {
    await patient.getByRole('button', { name: '去查看进度' }).click();
    await patient.getByRole('heading', { name: '查看办理进度' }).waitFor();
    // The code was carried over from the confirmation page; only the phone digits are asked.
    await expect(patient.getByLabel('查询码').inputValue()).resolves.toBe(trackingCode);
    await patient.getByLabel('手机号后四位').fill('1234');
    await patient.getByRole('button', { name: '查询' }).click();
    await expect(patient.getByTestId('patient-status').textContent()).resolves.toBe(
      '已提出解决办法，请您确认',
    );
    await patient.getByText('王阿姨您好，我们已经联系抽血室了解情况。').waitFor();
    expect(await patient.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await checkPage(patient, 'patient-track');

    await patient.getByRole('button', { name: '解决了，可以结束' }).click();
    await patient.getByTestId('patient-status').filter({ hasText: '已办结' }).waitFor();

    // The officer's open ticket page follows live.
    await staff.getByRole('heading', { name: /已关闭/ }).waitFor();
  });

  it('large text and high contrast are remembered, and English is one tap away', async () => {
    await patient.getByRole('button', { name: '大字版' }).click();
    await patient.getByRole('button', { name: '高对比度' }).click();
    await patient.reload();
    await expect(
      patient.evaluate(() => document.documentElement.className.split(' ').sort().join(' ')),
    ).resolves.toBe('high-contrast large-text');
    expect(await patient.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await checkPage(patient, 'patient-large-contrast');

    await patient.getByRole('button', { name: 'English' }).click();
    await patient.getByRole('heading', { name: 'Follow my case' }).waitFor();
    await expect(patient.evaluate(() => document.documentElement.lang)).resolves.toBe('en');
    await checkPage(patient, 'patient-track-en');
  });

  it('a ticket that becomes level 1 raises the alert on every open console', async () => {
    await staff.goto(`${base}/staff`);
    await staff.getByText('实时更新已连接').waitFor();
    const submitted = await rt.app.inject({
      method: 'POST',
      url: '/api/v1/feedback',
      payload: { text: '急诊留观的老人胸痛喘不上气，叫了半小时没有医生来！' },
    });
    const urgentNo = submitted.json().ticketNo as string;
    // A colleague at the hotline classifies it as level 1 (until intake triage does it automatically).
    const triaged = await rt.app.inject({
      method: 'POST',
      url: `/api/v1/tickets/${urgentNo}/triage`,
      headers: await loginHeaders(rt),
      payload: { kind: 'complaint', category: 'clinical', level: 1 },
    });
    expect(triaged.statusCode).toBe(200);

    const alert = staff.getByTestId('level1-alert');
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toContain(`新的一级工单 ${urgentNo}`);
    await checkPage(staff, 'staff-level1-alert');
    await alert.getByRole('button', { name: '打开' }).click();
    await staff.getByRole('heading', { name: new RegExp(`工单 ${urgentNo}`) }).waitFor();
  });

  it('the dashboard draws its charts from the summary', async () => {
    await staff.getByRole('link', { name: '数据看板' }).click();
    await staff.getByRole('heading', { name: '数据看板' }).waitFor();
    await staff.getByText('未结合计 1 件').waitFor();
    await staff.locator('.chart canvas').first().waitFor();
    expect(await staff.locator('.chart[role="img"]').count()).toBe(4);
    await staff.getByRole('columnheader', { name: '按时率' }).first().waitFor();
    await checkPage(staff, 'staff-dashboard');
  });

  it('an officer records a hotline call while on the phone and reads out the tracking code', async () => {
    await staff.getByRole('link', { name: '登记来电/来访' }).click();
    await staff.getByRole('heading', { name: '登记来电或来访' }).waitFor();
    await checkPage(staff, 'staff-entry');
    // The text box has the focus: the officer types at once; Ctrl+Enter saves.
    await staff.keyboard.type('来电：父亲住院期间陪护证办理太麻烦。');
    await staff.getByLabel('称呼').fill('赵先生');
    await staff.locator('#en-text').press('Control+Enter');
    const saved = staff.getByRole('heading', { name: /已登记为工单/ });
    await saved.waitFor();
    await expect(staff.getByTestId('entry-tracking-code').textContent()).resolves.toMatch(/^[0-9A-Z]{26}$/);
    await staff.getByRole('link', { name: '打开工单' }).click();
    await staff.getByText('来电：父亲住院期间陪护证办理太麻烦。').waitFor();
    await expect(staff.getByText('热线', { exact: true }).count()).resolves.toBe(1);
  });

  it("a department handler sees their department's tickets and cannot open another department's", async () => {
    const admin = await loginHeaders(rt);
    const post = async (url: string, payload: object) => {
      const res = await rt.app.inject({ method: 'POST', url, headers: admin, payload });
      expect(res.statusCode, `${url}: ${res.body}`).toBeLessThan(300);
      return res.json();
    };
    const cardiology = await post('/api/v1/workflow/departments', { code: 'cardiology', name: '心内科' });
    const radiology = await post('/api/v1/workflow/departments', { code: 'radiology', name: '放射科' });
    await post('/api/v1/admin/users', {
      username: 'heart1',
      displayName: '李医生',
      password: 'Heart-handler-2026!',
      role: 'department_handler',
      departmentId: cardiology.id,
    });
    const submit = async (text: string, departmentId: number) => {
      const { ticketNo } = await post('/api/v1/feedback', { text });
      await post(`/api/v1/tickets/${ticketNo}/transfer`, { departmentId, reason: '按科室分派' });
      return ticketNo as string;
    };
    const ours = await submit('心内科病房晚上太吵，睡不着。', cardiology.id);
    const theirs = await submit('CT 报告等了一周还没出来。', radiology.id);

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const handler = await context.newPage();
    handler.setDefaultTimeout(10_000);
    await handler.goto(`${base}/staff`);
    await handler.getByLabel('用户名').fill('heart1');
    await handler.getByLabel('密码').fill('Heart-handler-2026!');
    await handler.getByRole('button', { name: '登录' }).click();
    await handler.getByText('李医生（科室经办人）').waitFor();
    const ourRow = handler.locator(`tr[data-ticket="${ours}"]`);
    await ourRow.waitFor();
    await expect(ourRow.textContent()).resolves.toContain('心内科');
    expect(await handler.locator(`tr[data-ticket="${theirs}"]`).count()).toBe(0);

    await handler.goto(`${base}/staff/tickets/${theirs}`);
    await handler.getByRole('alert').filter({ hasText: '没有找到这个页面。' }).waitFor();
    await expect(handler.getByText('CT 报告等了一周还没出来。').count()).resolves.toBe(0);
    await checkPage(handler, 'staff-other-department-refused');
    await context.close();
  });

  it('a ticket assigned to a handler announces itself live and waits in "my overdue" once late', async () => {
    const admin = await loginHeaders(rt);
    const inject = async (method: 'GET' | 'POST', url: string, payload?: object) => {
      const res = await rt.app.inject({ method, url, headers: admin, ...(payload ? { payload } : {}) });
      expect(res.statusCode, `${url}: ${res.body}`).toBeLessThan(300);
      return res.json();
    };
    const directory = (await inject('GET', '/api/v1/staff-directory')).items as {
      id: number;
      displayName: string;
    }[];
    const heart1 = directory.find((d) => d.displayName === '李医生')!;

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const handler = await context.newPage();
    handler.setDefaultTimeout(10_000);
    await handler.goto(`${base}/staff`);
    await handler.getByLabel('用户名').fill('heart1');
    await handler.getByLabel('密码').fill('Heart-handler-2026!');
    await handler.getByRole('button', { name: '登录' }).click();
    await handler.getByText('实时更新已连接').waitFor();

    const { ticketNo: assignedNo } = await inject('POST', '/api/v1/feedback', {
      text: '出院结算时发现重复收费，窗口让我找科室。',
    });
    await inject('POST', `/api/v1/tickets/${assignedNo}/assign`, {
      assigneeId: heart1.id,
      reason: '涉及心内科住院费用',
    });
    const notice = handler.getByTestId('assigned-notice');
    await notice.waitFor();
    await expect(notice.textContent()).resolves.toContain(`工单 ${assignedNo} 已分配给您`);
    await checkPage(handler, 'staff-assigned-to-you');

    // Not late yet: "my overdue" does not list it. Then its first-response deadline passes (set on the
    // row: the server's clock is the real one here) and the view lists it, named as the handler's own.
    await handler.getByRole('button', { name: '我的超时' }).click();
    await handler.getByText('没有符合条件的工单。').waitFor();
    await rt.database.query(
      "UPDATE tickets SET first_response_due_at = now() - interval '10 minutes' WHERE ticket_no = $1",
      [assignedNo],
    );
    await handler.getByRole('button', { name: '全部超时' }).click();
    await handler.getByRole('button', { name: '我的超时' }).click();
    const row = handler.locator(`tr[data-ticket="${assignedNo}"]`);
    await row.waitFor();
    await expect(row.getByTestId('assignee').textContent()).resolves.toBe('李医生（我）');
    await expect(row.locator('[data-sla="overdue"]').count()).resolves.toBe(1);
    await checkPage(handler, 'staff-my-overdue');
    await context.close();
  });
});
