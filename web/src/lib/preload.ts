// The drawing libraries are big and lazily loaded; views that draw start their download as soon
// as the view is set up, so it runs while the API data is still on its way.
import type { EChartsCoreOption } from 'echarts/core';

let echarts: Promise<typeof import('./echarts.js')> | null = null;
let echartsMore: Promise<unknown> | null = null;
let leaflet: Promise<typeof import('./leaflet.js')> | null = null;

/** Whether an option draws more than echarts.ts registers (bar charts, grid, tooltip, mark lines). */
export function needsMoreCharts(option: EChartsCoreOption): boolean {
  const series = option.series;
  const list = Array.isArray(series) ? series : series ? [series] : [];
  return (
    list.some((s) => (s as { type?: string }).type !== 'bar') ||
    Boolean(option.legend) ||
    Boolean(option.title)
  );
}

/** ECharts with what `option` draws registered (the base part only without an option). */
export async function loadECharts(
  option?: EChartsCoreOption,
): Promise<typeof import('./echarts.js')> {
  echarts ??= import('./echarts.js');
  const base = await echarts;
  if (option && needsMoreCharts(option)) await (echartsMore ??= import('./echarts-more.js'));
  return base;
}

export function loadLeaflet(): Promise<typeof import('./leaflet.js')> {
  leaflet ??= import('./leaflet.js');
  return leaflet;
}

/** Starts both downloads without waiting for them. */
export function preloadDrawing(): void {
  void loadECharts();
  void loadLeaflet();
}
