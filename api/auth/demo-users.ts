/**
 * Demo accounts, for the built-in Kapuas demo only (a real deployment creates its own with
 * `npm run user -- create`). Listed in the README.
 */
export const DEMO_USERS = [
  {
    username: 'admin',
    password: 'Dinsos-Kapuas-2024',
    role: 'ADMIN',
    display_name: 'Dinas Sosial',
  },
  { username: 'sekda', password: 'Pimpinan-Kapuas-2024', role: 'PIMPINAN', display_name: 'Sekda' },
  {
    username: 'camat.selat',
    password: 'Camat-Kapuas-2024',
    role: 'CAMAT',
    area: '62.03.01',
    display_name: 'Camat Selat',
  },
  {
    username: 'opd.dinsos',
    password: 'Opd-Kapuas-2024',
    role: 'OPD',
    opd: 'DINSOS',
    display_name: 'OPD Dinas Sosial',
  },
  {
    username: 'puskesos.selatdalam',
    password: 'Puskesos-Kapuas-2024',
    role: 'PUSKESOS',
    area: '62.03.01.1010',
    display_name: 'Puskesos Selat Dalam',
  },
] as const;
