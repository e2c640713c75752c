import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef, useState } from 'react';
import { api } from '../api.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { type DashboardSummary, openMatrix, paretoCumulative } from './dashboard-series.ts';
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
  const summaryOf = (pairs: [string, number][]) =>
    pairs.length ? pairs.map(([k, v]) => `${k} ${v}`).join('，') : t('dashboard.noData');

  return (
    <>
      <h1>{t('dashboard.heading')}</h1>
      <p>{t('dashboard.openTotal', { n: openTotal })}</p>
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
      </div>
    </>
  );
}
