// Shared helpers for component tests: a real i18n instance (Bahasa Indonesia) and fixture objects
// shaped like the API's responses (api/README.md).
import { createI18n } from 'vue-i18n';
import id from '../i18n/id.js';
import en from '../i18n/en.js';
import uploadId from '../i18n/upload.id.js';
import uploadEn from '../i18n/upload.en.js';
import agregatId from '../i18n/agregat.id.js';
import agregatEn from '../i18n/agregat.en.js';
import geoImportId from '../i18n/geo-import.id.js';
import geoImportEn from '../i18n/geo-import.en.js';
import type { Indicator, ScorecardRow } from '../api/client.js';

export function testI18n(locale: 'id' | 'en' = 'id') {
  return createI18n({
    legacy: false,
    locale,
    fallbackLocale: 'id',
    messages: {
      id: { ...id, upload: uploadId, agregat: agregatId, geoImport: geoImportId },
      en: { ...en, upload: uploadEn, agregat: agregatEn, geoImport: geoImportEn },
    },
  });
}

export function indicatorFixture(over: Partial<Indicator> = {}): Indicator {
  return {
    id: 'pbi_sasaran_pct',
    label: { id: 'DTKS dengan PBI-JK aktif', en: 'DTKS with active PBI-JK' },
    unit: 'percent',
    direction: 'higher_better',
    default_target: 90,
    target: 90,
    category: 'cakupan',
    description: { id: '', en: '' },
    feeds: ['dtks', 'bpjs_kesehatan'],
    gap_column: 5,
    cakupan_map: true,
    desa_trend: 3,
    inclusion_column: 2,
    agenda_gap: false,
    agency_field: null,
    rujukan_trend: false,
    area_count: false,
    action_list: null,
    ...over,
  };
}

export function scorecardRowFixture(over: Partial<ScorecardRow> = {}): ScorecardRow {
  return {
    indicator: indicatorFixture(),
    value: 66.66666666666667,
    numerator: 2,
    denominator: 3,
    target: 90,
    status: 'off',
    previous_value: 50,
    change: 16.66666666666667,
    ...over,
  };
}
