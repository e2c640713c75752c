import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef, useState } from 'react';
import { api } from '../api.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import {
  complianceLabel,
  complianceSeries,
  type DashboardSummary,
  openMatrix,
  overdueTotal,
  paretoCumulative,
} from './dashboard-series.ts';
import { categoryWord, levelWord, statusWord } from './staff-words.ts';

// Only the pieces used here: the dashboard chunk stays a fraction of the whole of ECharts.
echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

function Chart({ option, label }: { option: echarts.EChartsCoreOption; label: string }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return;
    const chart = echarts.init(el.current);
    chart.setOption(option);
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [option]);
  // The chart is a picture; its label says in words what it shows, for screen readers.
  return <div ref={el} className="chart" role="img" aria-label={label} />;
}

export default function DashboardPage({ liveTick }: { liveTick: number }) {
  const { t } = useI18n();
  const [data, setData] = useState<DashboardSummary | null>(null);
  const [error, setError] = useState(false);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a live event refreshes the figures
  useEffect(() => {
    api
      .get<DashboardSummary>('/api/v1/dashboard/summary')
      .then((d) => {
        setData(d);
        setError(false);
      })
      .catch(() => setError(true));
  }, [liveTick]);

  if (error)
    return (
      <p className="error" role="alert">
        {t('app.error')}
      </p>
    );
  if (!data) return <p>{t('app.loading')}</p>;

  const open = openMatrix(data.openByLevelStatus);
  const openTotal = data.openByLevelStatus.reduce((a, r) => a + r.count, 0);
  const levelNames = open.levels.map((l) => levelWord(t, l, 'level.none'));
  const cats = data.topCategories;
  const cumulative = paretoCumulative(cats.map((c) => c.count));
  const summaryOf = (pairs: [string, number | string][]) =>
    pairs.length ? pairs.map(([k, v]) => `${k} ${v}`).join('，') : t('dashboard.noData');
  const compliance = complianceSeries(data.compliance);
  const byLevel = [...data.compliance].sort((a, b) => (a.level ?? 0) - (b.level ?? 0));
  const targets = [
    { key: 'response', title: t('dashboard.response') },
    { key: 'resolution', title: t('dashboard.resolution') },
  ] as const;

  return (
    <>
      <h1>{t('dashboard.heading')}</h1>
      <p>
        {t('dashboard.openTotal', { n: openTotal })}
        {' · '}
        {t('dashboard.overdueNow', { n: overdueTotal(data.overdueByLevel) })}
        {data.overdueByLevel.some((r) => r.count > 0) &&
          ` (${summaryOf(
            data.overdueByLevel
              .filter((r) => r.count > 0)
              .map((r) => [levelWord(t, r.level, 'level.none'), r.count]),
          )})`}
      </p>
      <div className="dashboard-grid">
        <section className="card" aria-labelledby="db-open">
          <h2 id="db-open">{t('dashboard.openByLevel')}</h2>
          <Chart
            label={t('dashboard.chartSummary', {
              title: t('dashboard.openByLevel'),
              summary: summaryOf(
                data.openByLevelStatus.map((r) => [
                  `${levelWord(t, r.level, 'level.none')} ${statusWord(t, r.status)}`,
                  r.count,
                ]),
              ),
            })}
            option={{
              tooltip: { trigger: 'axis' },
              legend: {},
              xAxis: { type: 'category', data: levelNames },
              yAxis: { type: 'value', minInterval: 1 },
              series: open.statuses.map((s) => ({
                name: statusWord(t, s),
                type: 'bar',
                stack: 'open',
                data: open.counts[s],
              })),
            }}
          />
        </section>
        <section className="card" aria-labelledby="db-days">
          <h2 id="db-days">{t('dashboard.perDay')}</h2>
          <Chart
            label={t('dashboard.chartSummary', {
              title: t('dashboard.perDay'),
              summary: summaryOf([
                [t('dashboard.received'), data.perDay.reduce((a, d) => a + d.received, 0)],
                [t('dashboard.closed'), data.perDay.reduce((a, d) => a + d.closed, 0)],
              ]),
            })}
            option={{
              tooltip: { trigger: 'axis' },
              legend: {},
              xAxis: { type: 'category', data: data.perDay.map((d) => d.day.slice(5)) },
              yAxis: { type: 'value', minInterval: 1 },
              series: [
                { name: t('dashboard.received'), type: 'bar', data: data.perDay.map((d) => d.received) },
                { name: t('dashboard.closed'), type: 'line', data: data.perDay.map((d) => d.closed) },
              ],
            }}
          />
        </section>
        <section className="card" aria-labelledby="db-pareto">
          <h2 id="db-pareto">{t('dashboard.pareto')}</h2>
          <Chart
            label={t('dashboard.chartSummary', {
              title: t('dashboard.pareto'),
              summary: summaryOf(cats.map((c) => [categoryWord(t, c.category), c.count])),
            })}
            option={{
              tooltip: { trigger: 'axis' },
              legend: {},
              xAxis: { type: 'category', data: cats.map((c) => categoryWord(t, c.category)) },
              yAxis: [
                { type: 'value', name: t('dashboard.count'), minInterval: 1 },
                {
                  type: 'value',
                  name: t('dashboard.cumulative'),
                  max: 100,
                  axisLabel: { formatter: '{value}%' },
                },
              ],
              series: [
                { name: t('dashboard.count'), type: 'bar', data: cats.map((c) => c.count) },
                { name: t('dashboard.cumulative'), type: 'line', yAxisIndex: 1, data: cumulative },
              ],
            }}
          />
        </section>
        <section className="card" aria-labelledby="db-compliance">
          <h2 id="db-compliance">{t('dashboard.compliance')}</h2>
          <p className="hint">{t('dashboard.complianceNote')}</p>
          <Chart
            label={t('dashboard.chartSummary', {
              title: t('dashboard.compliance'),
              summary: summaryOf(
                byLevel.flatMap((r) =>
                  targets.map(
                    (g) =>
                      [`${levelWord(t, r.level, 'level.none')} ${g.title}`, complianceLabel(r[g.key])] as [
                        string,
                        string,
                      ],
                  ),
                ),
              ),
            })}
            option={{
              tooltip: { trigger: 'axis' },
              legend: {},
              xAxis: {
                type: 'category',
                data: compliance.levels.map((l) => levelWord(t, l, 'level.none')),
              },
              yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
              // Each bar carries its rate and counts as text: colour is never the only signal.
              series: targets.map((g) => ({
                name: g.title,
                type: 'bar',
                data: compliance[g.key],
                label: {
                  show: true,
                  position: 'top',
                  formatter: (p: { dataIndex: number }) => complianceLabel(byLevel[p.dataIndex]![g.key]),
                },
              })),
            }}
          />
          <div className="table-wrap">
            <table className="queue">
              <thead>
                <tr>
                  <th scope="col" rowSpan={2}>
                    {t('dashboard.level')}
                  </th>
                  {targets.map((g) => (
                    <th key={g.key} scope="colgroup" colSpan={4}>
                      {g.title}
                    </th>
                  ))}
                </tr>
                <tr>
                  {targets.flatMap((g) =>
                    (['met', 'missed', 'pending', 'rate'] as const).map((c) => (
                      <th key={`${g.key}-${c}`} scope="col">
                        {t(`dashboard.${c}`)}
                      </th>
                    )),
                  )}
                </tr>
              </thead>
              <tbody>
                {byLevel.length === 0 && (
                  <tr>
                    <td colSpan={9}>{t('dashboard.noData')}</td>
                  </tr>
                )}
                {byLevel.map((r) => (
                  <tr key={String(r.level)}>
                    <th scope="row">{levelWord(t, r.level, 'level.none')}</th>
                    {targets.flatMap((g) => [
                      <td key={`${g.key}-met`}>{r[g.key].met}</td>,
                      <td key={`${g.key}-missed`}>{r[g.key].missed}</td>,
                      <td key={`${g.key}-pending`}>{r[g.key].pending}</td>,
                      <td key={`${g.key}-rate`}>{r[g.key].rate === null ? '—' : `${r[g.key].rate}%`}</td>,
                    ])}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      </div>
    </>
  );
}
