// The chart kinds beyond echarts.ts's bar charts: trends (line), the referral funnel, legends and
// titles. Loaded only by a chart whose option needs them (lib/preload.ts, needsMoreCharts).
import { use } from 'echarts/core';
import { FunnelChart, LineChart } from 'echarts/charts';
import { LegendComponent, TitleComponent } from 'echarts/components';

use([LineChart, FunnelChart, LegendComponent, TitleComponent]);
