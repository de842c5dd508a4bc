/**
 * Build checks that guard what the models assume: a lake breaking the assumption fails the build
 * with the check's own sentence instead of publishing wrong numbers.
 */
import { describe, expect, it } from 'vitest';
import { buildFixture } from '../tests/fixtures/warehouse/buildFixture.js';
import { EDGE_AS_OF, edgeLake } from '../tests/oracle/edgeLake.js';

describe('membership_snapshots_one_row_per_nik', () => {
  it('refuses a BPJS Kesehatan snapshot that holds a DTKS person twice', async () => {
    const kes = edgeLake.bpjs_kesehatan ?? [];
    // e1 is in DTKS and active in the 2026-02 snapshot; a second row for the same NIK would
    // count them twice in the coverage join
    const e1 = kes.find((r) => r.periode === '2026-02-01' && r.kode_desa === '62.03.06.2001');
    expect(e1).toBeDefined();
    await expect(
      buildFixture({ ...edgeLake, bpjs_kesehatan: [...kes, { ...e1! }] }, { asOf: EDGE_AS_OF }),
    ).rejects.toThrow(/membership_snapshots_one_row_per_nik: a BPJS snapshot holds a NIK twice/);
  });

  it('passes the same lake without the repeated row', async () => {
    const built = await buildFixture(edgeLake, { asOf: EDGE_AS_OF });
    built.close();
    expect(built.result.marts.indicator_values).toBeGreaterThan(0);
  });
});
