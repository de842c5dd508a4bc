// ECharts options built from API rows. Only presentation: ordering, colours and labels.
import type { EChartsCoreOption } from 'echarts/core';
import type { Indicator, SeriesRow, ValueRow } from '../api/client.js';
import { classedScale } from './scale.js';
import { formatDecimal, formatPeriod, formatValue, type Locale } from './format.js';

/** Axis ticks are round numbers: no decimals unless the tick has one ('20%', not '20,0%'). */
function axisLabel(v: number, indicator: Indicator, locale: Locale): string {
  if (indicator.unit === 'percent')
    return `${formatDecimal(v, locale, Number.isInteger(v) ? 0 : 1)}%`;
  return formatValue(v, indicator.unit, { locale, short: true });
}

const shortPeriod = (p: string, locale: Locale) => {
  const full = formatPeriod(p, locale);
  const [month, year] = full.split(' ');
  return `${(month ?? '').slice(0, 3)} ${(year ?? '').slice(2)}`;
};

/** Horizontal bars, best first (by the indicator's direction); no-data areas listed last. */
export function rankingOption(
  rows: ValueRow[],
  indicator: Indicator,
  locale: Locale,
  opts: { fontSize?: number; target?: number | null; contrast?: boolean } = {},
): EChartsCoreOption {
  const scale = classedScale(
    rows.map((r) => r.value),
    indicator.direction,
  );
  const dir = indicator.direction === 'higher_better' ? -1 : 1;
  const sorted = [...rows].sort((a, b) => {
    if (a.value == null || b.value == null) return a.value == null ? (b.value == null ? 0 : 1) : -1;
    return dir * (a.value - b.value);
  });
  const fmt = (v: number | null) => formatValue(v, indicator.unit, { locale, short: true });
  const fontSize = opts.fontSize ?? 12;
  return {
    grid: { left: 8, right: 70, top: 8, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: (p: { name: string; value: number | null }) => `${p.name}: ${fmt(p.value)}`,
    },
    xAxis: {
      type: 'value',
      splitNumber: opts.contrast ? 3 : 5,
      axisLabel: { formatter: (v: number) => axisLabel(v, indicator, locale), fontSize },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: sorted.map((r) => r.name),
      axisLabel: { fontSize, interval: 0 },
    },
    series: [
      {
        type: 'bar',
        data: sorted.map((r) => ({
          value: r.value,
          itemStyle: { color: scale.colourOf(r.value), borderColor: '#555', borderWidth: 0.5 },
        })),
        label: {
          show: true,
          position: 'right',
          formatter: (p: { value: number | null }) => fmt(p.value),
          fontSize,
          color: opts.contrast ? '#fff' : '#1b1f24',
          textBorderWidth: 0,
        },
        markLine:
          opts.target != null
            ? {
                symbol: 'none',
                data: [{ xAxis: opts.target }],
                label: { show: false },
                lineStyle: { type: 'dashed', color: opts.contrast ? '#fff' : '#333' },
              }
            : undefined,
      },
    ],
  };
}

export interface NamedSeries {
  name: string;
  rows: SeriesRow[];
}

/** Monthly lines (one per area), with the target as a dashed line. */
export function trendOption(
  series: NamedSeries[],
  indicator: Indicator,
  locale: Locale,
  opts: { fontSize?: number } = {},
): EChartsCoreOption {
  const periods = [...new Set(series.flatMap((s) => s.rows.map((r) => r.period)))].sort();
  const fmt = (v: number | null) => formatValue(v, indicator.unit, { locale, short: true });
  const fontSize = opts.fontSize ?? 12;
  return {
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0, textStyle: { fontSize } },
    tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => fmt(v) },
    xAxis: {
      type: 'category',
      data: periods.map((p) => shortPeriod(p, locale)),
      axisLabel: { fontSize },
    },
    yAxis: {
      type: 'value',
      axisLabel: { formatter: (v: number) => axisLabel(v, indicator, locale), fontSize },
    },
    series: series.map((s, i) => {
      const byPeriod = new Map(s.rows.map((r) => [r.period, r.value]));
      return {
        type: 'line',
        name: s.name,
        data: periods.map((p) => byPeriod.get(p) ?? null),
        connectNulls: false,
        symbolSize: 6,
        lineStyle: { width: i === 0 ? 3 : 2, type: i === 0 ? 'solid' : 'dashed' },
        markLine:
          i === 0 && indicator.target != null
            ? {
                symbol: 'none',
                data: [{ yAxis: indicator.target }],
                label: { formatter: 'Target', position: 'insideEndTop' },
                lineStyle: { type: 'dotted', color: '#333' },
              }
            : undefined,
      };
    }),
  };
}

/** Plain vertical bars for category counts (aging buckets, kategori, kanal, agencies). */
export function barOption(
  categories: string[],
  series: { name: string; values: (number | null)[]; colour?: string }[],
  opts: { horizontal?: boolean; fontSize?: number; formatter?: (v: number | null) => string } = {},
): EChartsCoreOption {
  const fontSize = opts.fontSize ?? 12;
  const cat = {
    type: 'category',
    data: categories,
    axisLabel: { fontSize, interval: 0, overflow: 'truncate', width: opts.horizontal ? 160 : 90 },
    inverse: !!opts.horizontal,
  };
  const val = { type: 'value', axisLabel: { fontSize, formatter: opts.formatter } };
  return {
    grid: { left: 8, right: 40, top: series.length > 1 ? 30 : 10, bottom: 8, containLabel: true },
    legend: series.length > 1 ? { top: 0 } : undefined,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: opts.formatter },
    xAxis: opts.horizontal ? val : cat,
    yAxis: opts.horizontal ? cat : val,
    series: series.map((s) => ({
      type: 'bar',
      name: s.name,
      data: s.values,
      itemStyle: s.colour ? { color: s.colour } : undefined,
      label: {
        show: true,
        position: opts.horizontal ? 'right' : 'top',
        fontSize,
        formatter: opts.formatter
          ? (p: { value: number | null }) => opts.formatter!(p.value)
          : undefined,
      },
    })),
  };
}

/** Complaint status as a funnel: received, then referred, followed up, closed / rejected. */
export function funnelOption(
  items: { name: string; value: number }[],
  opts: { fontSize?: number; formatter?: (v: number) => string } = {},
): EChartsCoreOption {
  return {
    tooltip: {
      trigger: 'item',
      formatter: (p: { name: string; value: number }) =>
        `${p.name}: ${opts.formatter ? opts.formatter(p.value) : p.value}`,
    },
    series: [
      {
        type: 'funnel',
        sort: 'none',
        left: '5%',
        width: '90%',
        top: 8,
        bottom: 8,
        minSize: '12%',
        gap: 2,
        label: {
          show: true,
          position: 'inside',
          fontSize: opts.fontSize ?? 13,
          color: '#000',
          formatter: (p: { name: string; value: number }) =>
            `${p.name}: ${opts.formatter ? opts.formatter(p.value) : p.value}`,
        },
        data: items,
      },
    ],
  };
}
