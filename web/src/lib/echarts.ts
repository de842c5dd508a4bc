// ECharts, tree-shaken: only the chart types and components the dashboard draws are registered.
// Loaded lazily by EChart.vue so pages without charts never download it. This part draws bar
// charts with a target line (the home page's ranking); line and funnel charts, legends and
// titles come with echarts-more.ts when a chart asks for them (lib/preload.ts).
import { use, init, registerTheme } from 'echarts/core';
import { BarChart } from 'echarts/charts';
import {
  GridComponent,
  TooltipComponent,
  MarkLineComponent,
  AriaComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([BarChart, GridComponent, TooltipComponent, MarkLineComponent, AriaComponent, CanvasRenderer]);

/** Colour-blind-safe series colours (Okabe-Ito), matching the app's CSS. */
export const SERIES_COLOURS = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#F0E442',
  '#000000',
];

registerTheme('pokja', {
  color: SERIES_COLOURS,
  backgroundColor: 'transparent',
  textStyle: {
    fontFamily: 'system-ui, "Segoe UI", Roboto, "Noto Sans", sans-serif',
    fontSize: 13,
    color: '#1b1f24',
  },
  categoryAxis: { axisLine: { lineStyle: { color: '#6b7280' } }, axisLabel: { color: '#1b1f24' } },
  valueAxis: { splitLine: { lineStyle: { color: '#e5e7eb' } }, axisLabel: { color: '#374151' } },
});

registerTheme('pokja-contrast', {
  color: ['#56B4E9', '#F0E442', '#009E73', '#CC79A7', '#E69F00', '#ffffff'],
  backgroundColor: 'transparent',
  textStyle: { fontFamily: 'system-ui, sans-serif', fontSize: 20, color: '#ffffff' },
  categoryAxis: {
    axisLine: { lineStyle: { color: '#ffffff' } },
    axisLabel: { color: '#ffffff', fontSize: 18 },
  },
  valueAxis: {
    splitLine: { lineStyle: { color: '#444' } },
    axisLabel: { color: '#ffffff', fontSize: 18 },
  },
});

export { init };
