// English texts of a province's import panel (components/AgregatProvinsi.vue), merged into en.ts.
import type agregatId from './agregat.id.js';

const agregatEn: typeof agregatId = {
  title: 'Kabupaten/kota aggregates (province {code})',
  subtitle:
    'Signed packages from each kabupaten/kota: figures only, no person-level data. An import replaces the months of the package’s range; see docs/exchange.md.',
  kabupaten: 'Kabupaten/kota',
  lastImport: 'Last import',
  months: 'Months',
  catalogue: 'Catalogue version',
  rules: 'Programme rules',
  key: 'Key',
  never: 'never',
  sourceKirim: 'pushed',
  sourceUnggah: 'uploaded',
  differs: 'differ',
  same: 'same',
  noKey: 'not registered',
  tokenCount: '{n} token(s)',
  differWarning:
    'Warning: some kabupaten/kota figures were computed with a different catalogue version or programme rules. The province figures add up figures computed by different rules.',
  completeness: 'Reporting completeness',
  completenessHelp:
    'On time: received by day {day} of the following month (WIB). ✓ on time · ⏱ late · — missing.',
  state: { ontime: 'on time', late: 'late', missing: 'missing' },
  noneYet: 'No package imported yet.',
  uploadTitle: 'Upload a kabupaten/kota package',
  expected: 'From',
  anyKab: '(as in the package)',
  import: 'Import',
  importing: 'Importing…',
  imported: 'Imported: {kab}, {rows} rows, {months} months.',
  removed: 'Months removed (no longer in the package): {months}.',
  rulesDiffer: 'Different rules or catalogue version: flagged.',
  keyTitle: 'Register a public key',
  keySave: 'Save key',
  keyRegistered: 'Key of {kab} registered (fingerprint {fp}…).',
  tokenTitle: 'Push tokens',
  tokenHelp:
    'A kabupaten/kota instance pushes its package to POST /api/agregat/kirim with this token. The token is shown once.',
  tokenCreate: 'Create token',
  tokenOnce: 'Token for {kab} (copy it now, it is not shown again):',
  tokenCreated: 'Created',
  tokenUsed: 'Last used',
  revoke: 'Revoke',
  revoked: 'revoked',
};

export default agregatEn;
