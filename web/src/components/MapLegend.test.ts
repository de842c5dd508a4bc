import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import MapLegend from './MapLegend.vue';
import { classedScale, NO_DATA_COLOUR } from '../lib/scale.js';
import { indicatorFixture, testI18n } from '../test/setup.js';

describe('MapLegend', () => {
  it('lists classes from best to worst in the unit, with the direction and a no-data entry', () => {
    const scale = classedScale([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 'higher_better');
    const w = mount(MapLegend, {
      props: { classes: scale.classes, indicator: indicatorFixture(), hasNoData: true },
      global: { plugins: [testI18n()] },
    });
    const items = w.findAll('li').map((li) => li.text());
    expect(items[0]).toMatch(/^\d+,0% – 100,0%$/);
    expect(items.at(-2)).toMatch(/^10,0% – \d+,0%$/);
    expect(items.at(-1)).toBe('Tidak ada data');
    expect(w.text()).toContain('makin tinggi makin baik');
    expect(w.findAll('.swatch').at(-1)!.attributes('style')).toContain(NO_DATA_COLOUR);
  });
});
