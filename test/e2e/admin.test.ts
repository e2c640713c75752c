/// <reference lib="dom" />
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, TEST_ADMIN_PASSWORD, type TestRuntime } from '../support/backends.ts';
import { launchBrowser, requireBuiltWebApp, screenshot, seriousA11yViolations } from './browser.ts';

/**
 * The administrator's journey through the admin pages, in a real browser against a real server: the
 * institution's first admin (accounts and settings, no case access) sets up a department, a handler in
 * it, a routing rule, a calendar override and the missing holiday year, and a new SLA policy version.
 * Every admin page is checked with axe-core.
 */
describe('the admin pages in the browser', { timeout: 180_000 }, () => {
  let rt: TestRuntime;
  let browser: Browser;
  let base: string;
  let page: Page;

  const checkPage = async (name: string) => {
    expect(await seriousA11yViolations(page), `axe on ${name}`).toEqual([]);
    await screenshot(page, name);
  };
  const openArea = async (link: string, heading: string) => {
    await page.getByRole('navigation', { name: '管理' }).getByRole('link', { name: link }).click();
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  };

  beforeAll(async () => {
    requireBuiltWebApp();
    rt = await startTestRuntime('pglite');
    await rt.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(rt.app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
  });

  afterAll(async () => {
    await browser?.close();
    await rt?.drop();
  });

  it('the admin logs in straight to the admin pages; the console shows the Admin link', async () => {
    await page.goto(`${base}/staff/admin`);
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill(TEST_ADMIN_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { level: 1, name: '用户和角色' }).waitFor();
    await expect(
      page.getByRole('link', { name: '管理', exact: true }).getAttribute('aria-current'),
    ).resolves.toBe('page');
    // No case access: no queue link and no live stream (it would only show "disconnected").
    expect(await page.getByRole('link', { name: '工单队列' }).count()).toBe(0);
    expect(await page.getByTestId('live-status').count()).toBe(0);
  });

  it('adds a department, and says so in words when the code is taken', async () => {
    await openArea('科室', '科室');
    await page.getByLabel('科室代码').fill('dermatology');
    await page.getByLabel('科室名称').fill('皮肤科');
    await page.getByLabel('英文名称（可不填）').fill('Dermatology');
    await page.getByRole('button', { name: '新增科室' }).click();
    await page.getByRole('status').filter({ hasText: '已新增科室“皮肤科”。' }).waitFor();
    await page.getByRole('cell', { name: 'Dermatology', exact: true }).waitFor();

    await page.getByLabel('科室代码').fill('dermatology');
    await page.getByLabel('科室名称').fill('皮肤科二');
    await page.getByRole('button', { name: '新增科室' }).click();
    await page.getByRole('alert').filter({ hasText: '已经有科室用了这个代码' }).waitFor();
    await expect(page.getByLabel('科室代码').getAttribute('aria-invalid')).resolves.toBe('true');
    await checkPage('admin-departments');
  });

  it('creates a handler in that department with a role; a weak password is refused with the rule', async () => {
    await openArea('用户和角色', '用户和角色');
    await page.getByLabel('用户名').fill('li.na');
    await page.getByLabel('姓名').fill('李娜');
    await page.getByLabel('初始密码').fill('123456');
    await page.getByLabel('角色', { exact: true }).selectOption('department_handler');
    await page.getByLabel('科室', { exact: true }).selectOption({ label: '皮肤科' });
    await page.getByRole('button', { name: '创建账号' }).click();
    await page.getByRole('alert').filter({ hasText: '密码太弱' }).waitFor();

    await page.getByLabel('初始密码').fill('derm-handler-2026');
    await page.getByRole('button', { name: '创建账号' }).click();
    await page.getByRole('status').filter({ hasText: '已创建 李娜 的账号。' }).waitFor();
    const row = page.locator('tr[data-user="li.na"]');
    await expect(row.textContent()).resolves.toMatch(/李娜科室经办人皮肤科在用/);
    // The roles and what they may do, in words.
    await page.getByRole('heading', { name: '角色和权限' }).waitFor();
    await page.getByText('系统设置：工作日历、时限规则、运行状态、备份').waitFor();
    await checkPage('admin-users');

    // A permission for this person alone; the editor takes the keyboard focus when it opens.
    await page.getByRole('button', { name: '修改 李娜' }).click();
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('修改账号 li.na');
    await page.getByLabel('数据看板和统计').check();
    await checkPage('admin-users-edit');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await expect.poll(() => row.textContent()).toContain('（另加 1 项权限）');

    const login = await rt.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'li.na', password: 'derm-handler-2026' },
    });
    expect(login.json().user).toMatchObject({ role: 'department_handler', displayName: '李娜' });
  });

  it('adds a routing rule, and new tickets with its keyword go to the department', async () => {
    await openArea('分派规则', '分派规则');
    await page.getByLabel('优先级').fill('10');
    await page.getByLabel('交给科室').selectOption({ label: '皮肤科' });
    await page.getByLabel('关键词').fill('皮疹，湿疹\n瘙痒');
    await page.getByRole('button', { name: '新增规则' }).click();
    await page.getByRole('status').filter({ hasText: '规则已新增。' }).waitFor();
    await expect(page.getByTestId('rules-table').textContent()).resolves.toContain(
      '关键词：皮疹、湿疹、瘙痒',
    );
    await checkPage('admin-routing');

    const submitted = await rt.app.inject({
      method: 'POST',
      url: '/api/v1/feedback',
      payload: { text: '孩子手臂起了一片皮疹，开的药膏用了三天没有好转。' },
    });
    expect(submitted.statusCode).toBe(201);
    const [ticket] = await rt.database.query<{ code: string }>(
      'SELECT d.code FROM tickets t JOIN departments d ON d.id = t.department_id WHERE t.ticket_no = $1',
      [submitted.json().ticketNo],
    );
    expect(ticket?.code).toBe('dermatology');
  });

  it('edits a department: renames it, gives it a calendar, deactivates it (routing skips it) and reactivates it', async () => {
    await openArea('科室', '科室');
    const row = page.locator('tr[data-department="dermatology"]');
    await page.getByRole('button', { name: '修改 皮肤科' }).click();
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe(
      '修改科室 dermatology',
    );
    await page.getByLabel('英文名称（可不填）').fill('Dermatology clinic');
    await page.getByLabel('工作日历').selectOption({ label: '周一至周五（无节假日）' });
    await checkPage('admin-departments-edit');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await page.getByRole('status').filter({ hasText: '已保存科室“皮肤科”。' }).waitFor();
    await expect.poll(() => row.textContent()).toContain('Dermatology clinic周一至周五（无节假日）启用');

    // Deactivation asks first; the browser's confirmation is accepted here.
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: '停用 皮肤科' }).click();
    await page.getByRole('status').filter({ hasText: '已停用科室“皮肤科”。' }).waitFor();
    await expect.poll(() => row.textContent()).toContain('已停用（不接收新工单）');
    const routedTo = async (text: string) => {
      const submitted = await rt.app.inject({ method: 'POST', url: '/api/v1/feedback', payload: { text } });
      const [ticket] = await rt.database.query<{ department_id: number | null }>(
        'SELECT department_id FROM tickets WHERE ticket_no = $1',
        [submitted.json().ticketNo],
      );
      return ticket?.department_id ?? null;
    };
    const dermatology = Number(
      (await rt.database.query<{ id: number }>("SELECT id FROM departments WHERE code = 'dermatology'"))[0]!
        .id,
    );
    expect(await routedTo('脸上起了湿疹，很痒，药膏没有用。')).not.toBe(dermatology);

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: '重新启用 皮肤科' }).click();
    await page.getByRole('status').filter({ hasText: '已重新启用科室“皮肤科”。' }).waitFor();
    expect(Number(await routedTo('脸上又起了湿疹，很痒。'))).toBe(dermatology);
  });

  it('warns about the year without holiday data, adds an override, and loading the year clears the warning', async () => {
    await openArea('工作日历', '工作日历');
    const warning = page.getByTestId('calendar-warning').filter({ hasText: '中国大陆法定工作日' });
    const text = (await warning.textContent()) ?? '';
    expect(text).toContain('时限只按周一到周五计算');
    const missingYear = Number(/还没有 (\d{4})/.exec(text)?.[1]);
    expect(missingYear).toBeGreaterThan(2025);
    await checkPage('admin-calendars');

    const thisYear = Number(await page.getByLabel('年份').inputValue());
    const date = `${thisYear}-12-29`;
    await page.getByLabel('日期').fill(date);
    await page.getByLabel('这一天').selectOption('off');
    await page.getByLabel('名称').fill('院庆');
    await page.getByRole('button', { name: '新增', exact: true }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `已新增 ${date} 的调整。` })
      .waitFor();
    await expect(page.locator(`tr[data-date="${date}"]`).textContent()).resolves.toContain('院庆');
    // The same day twice is refused, with what to do instead.
    await page.getByLabel('日期').fill(date);
    await page.getByLabel('名称').fill('院庆');
    await page.getByRole('button', { name: '新增', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: '这一天已经有调整了' }).waitFor();

    const file = {
      year: missingYear,
      days: [{ name: '元旦', date: `${missingYear}-01-01`, isOffDay: true }],
    };
    await page.getByLabel('节假日文件').setInputFiles({
      name: `${missingYear}.json`,
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(file)),
    });
    await page
      .getByRole('status')
      .filter({ hasText: `已导入 ${missingYear} 年的节假日，共 1 天。` })
      .waitFor();
    await expect
      .poll(
        async () =>
          (await warning.count()) === 0 || !((await warning.textContent()) ?? '').includes(`${missingYear}`),
      )
      .toBe(true);
    await checkPage('admin-calendars-after');
    await page.getByRole('button', { name: '高对比度' }).click();
    await checkPage('admin-calendars-contrast');
    await page.getByRole('button', { name: '高对比度' }).click();
  });

  it('publishes a new SLA policy version after naming a bad amount; the page works in English too', async () => {
    await openArea('时限规则', '时限规则（SLA）');
    await page.getByRole('heading', { name: '正在使用：第 1 版' }).waitFor();
    await checkPage('admin-sla');

    const level1First = page.getByRole('group', { name: '1级 · 首次回复' }).getByLabel('数量');
    await level1First.fill('0');
    await page.getByRole('button', { name: '发布新版本' }).click();
    await page.getByRole('alert').filter({ hasText: '请检查这些时限：1级 · 首次回复' }).waitFor();
    await expect(level1First.getAttribute('aria-invalid')).resolves.toBe('true');

    await level1First.fill('15');
    await page.getByRole('button', { name: '发布新版本' }).click();
    await page.getByRole('status').filter({ hasText: '第 2 版已发布' }).waitFor();
    await page.getByRole('heading', { name: '正在使用：第 2 版' }).waitFor();
    await expect(page.getByTestId('sla-current').textContent()).resolves.toContain('15 分钟（自然时间）');
    await expect(page.locator('tr[data-version="1"]').textContent()).resolves.toContain('已被替代');

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'SLA policy' }).waitFor();
    await page.getByRole('heading', { name: 'In force: version 2' }).waitFor();
    // No Chinese left on an English page (the admin pages' data here is all numbers and dates).
    const han = await page.evaluate(() =>
      (document.body.textContent ?? '').replace('中文', '').match(/[^\s]*\p{Script=Han}+[^\s]*/gu),
    );
    expect(han).toBeNull();
    await checkPage('admin-sla-en');
    await page.getByRole('button', { name: '中文' }).click();
  });

  it('a handler sees no Admin link, and the admin paths show nothing to them', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const handler = await context.newPage();
    handler.setDefaultTimeout(10_000);
    await handler.goto(`${base}/staff`);
    await handler.getByLabel('用户名').fill('li.na');
    await handler.getByLabel('密码').fill('derm-handler-2026');
    await handler.getByRole('button', { name: '登录' }).click();
    await handler.getByRole('heading', { name: '工单队列' }).waitFor();
    await expect(handler.getByRole('link', { name: '管理', exact: true }).count()).resolves.toBe(0);
    await handler.goto(`${base}/staff/admin/sla`);
    await handler.getByText('没有找到这个页面。').waitFor();
    await context.close();
  });
});
