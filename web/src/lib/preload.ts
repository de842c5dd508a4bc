// The drawing libraries are big and lazily loaded; views that draw start their download as soon
// as the view is set up, so it runs while the API data is still on its way.
let echarts: Promise<typeof import('./echarts.js')> | null = null;
let leaflet: Promise<typeof import('./leaflet.js')> | null = null;

export function loadECharts(): Promise<typeof import('./echarts.js')> {
  echarts ??= import('./echarts.js');
  return echarts;
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
