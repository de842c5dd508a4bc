/**
 * The data folder (`DATA_DIR`): the one place that knows its layout (warehouse/README.md, "The
 * data folder"). The ETL, the API and the ops commands (backup, restore) name its files through
 * this module only.
 */
import path from 'node:path';

/** The published warehouse, built by warehouse/build.ts and renamed into place. */
export const WAREHOUSE_FILE = 'warehouse.duckdb';
/** The pseudonymised Parquet lake. */
export const LAKE_DIR = 'lake';
/** In the lake: run summaries (`<run_id>.json`). */
export const RUNS_DIR = '_runs';
/** In the run history: masked rejects (`<run_id>.parquet`). */
export const REJECTS_DIR = 'rejects';
/** In the rejects folder: the version of the masking rule the files were masked with. */
export const MASK_MARKER = 'MASKED';
/** The API's own database (targets, meetings, actions, users). */
export const APP_DB_FILE = 'app.duckdb';
/** The pseudonymisation key, when not given by configuration. */
export const KEY_FILE = 'pseudonym.key';
/** Held by the one ETL run (or restore) at a time. */
export const LOCK_FILE = 'etl.lock';
/** In the lake: the admin's programme rules with their history (warehouse/programme-rules.ts). */
export const RULES_DIR = '_aturan';
export const RULES_FILE = 'aturan-program.json';
/** Inbox files a run read, per run and feed. */
export const ARCHIVE_DIR = 'archive';
/** Scratch folders, one per run under way (or held). */
export const WORK_DIR = '.work';
/** The publish unit of a run under way or held (warehouse/publish.ts). */
export const JOURNAL_FILE = 'etl-journal.json';
/**
 * Imported boundaries (api/areas/boundary-import.ts): `geo/<region>/desa.topo.json` and
 * `kecamatan.topo.json`, each with its `.json` record (source file, who imported it, when, the
 * report); imports awaiting an admin's decision in `geo/pending/<id>/`.
 */
export const GEO_DIR = 'geo';
/**
 * Files uploaded on the Data page and not yet accepted (api/uploads): `staging/<id>/` with the
 * file below `berkas/` and its `meta.json`. Moved to the inbox when accepted, deleted when
 * discarded.
 */
export const STAGING_DIR = 'staging';
/** In the boundaries folder: imports not yet accepted. */
export const GEO_PENDING_DIR = 'pending';
/**
 * The admin's maps for uploaded files (etl/mappings.ts): column map, value map and area aliases,
 * one file per version (`peta/0001.json`, never overwritten), the latest in force. At the data
 * folder's root, not in the lake: a run reads them before it reads the inbox.
 */
export const MAPPINGS_DIR = 'peta';
/**
 * In the maps folder: the admin's crosswalk of BPS desa codes to Kemendagri codes
 * (etl/crosswalk.ts; `kode_bps,kode_kemendagri`), loaded on the Data page or with
 * `npm run etl -- --crosswalk FILE`.
 */
export const CROSSWALK_FILE = 'bps-kemendagri.csv';

/**
 * The audit lines of the key holder's offline commands (`npm run daftar-verval`), which must not
 * open app.duckdb while the API holds it: one JSON object a line (id, at, actor, action, target,
 * detail; never a name or NIK), mode 0600. The API imports new lines into its audit_log at start
 * and whenever the audit log is read (api/auth/auth.repository.ts, `importOfflineAudit`).
 */
export const AUDIT_OFFLINE_FILE = 'audit-offline.jsonl';

/**
 * The instance's Ed25519 key pair for aggregate exchange packages (warehouse/exchange.ts,
 * docs/exchange.md): the private key (PKCS#8 PEM, mode 0600), created on the first package, and
 * its public key (SPKI PEM) that a province registers.
 */
export const EXCHANGE_KEY_FILE = 'agregat-ed25519.key';
export const EXCHANGE_PUBLIC_KEY_FILE = 'agregat-ed25519.pub';
/**
 * A province instance (docs/exchange.md, "Import"): the registered public keys of its
 * kabupaten/kota, `agregat-kunci/<NN.NN>.pub` (SPKI PEM), one per kabupaten.
 */
export const EXCHANGE_KEYS_DIR = 'agregat-kunci';
/**
 * In the lake of a province instance: the imported figures, one Parquet slice per kabupaten and
 * month, `agregat/<NN.NN>/<YYYY-MM>.parquet` (warehouse/agregat.ts); and the import log, one JSON
 * file per import, `agregat_impor/<import_id>.json`. Both are published with the journal of
 * publish.ts, like a run's partitions.
 */
export const AGREGAT_DIR = 'agregat';
export const AGREGAT_LOG_DIR = 'agregat_impor';

/** The run history folder of a lake folder (`<lake>/_runs`). */
export const lakeRunsDir = (lakeDir: string): string => path.join(lakeDir, RUNS_DIR);

/** The rejects folder of a lake folder (`<lake>/_runs/rejects`). */
export const lakeRejectsDir = (lakeDir: string): string =>
  path.join(lakeRunsDir(lakeDir), REJECTS_DIR);

/** The programme rules override of a lake folder (`<lake>/_aturan/aturan-program.json`). */
export const lakeRulesFile = (lakeDir: string): string => path.join(lakeDir, RULES_DIR, RULES_FILE);

/** A run's rejects file, relative to the lake (a partition the run adds). */
export const rejectsPartition = (runId: string): string =>
  path.join(RUNS_DIR, REJECTS_DIR, `${runId}.parquet`);

export interface DataFolder {
  root: string;
  warehouse: string;
  lake: string;
  runs: string;
  rejects: string;
  maskMarker: string;
  appDb: string;
  /** `audit-offline.jsonl`: audit lines of the offline commands, imported by the API. */
  auditOffline: string;
  key: string;
  /** `agregat-ed25519.key`: the private key that signs exchange packages (0600). */
  exchangeKey: string;
  /** `agregat-ed25519.pub`: its public key, for the province. */
  exchangePublicKey: string;
  /** `agregat-kunci/`: a province's registered kabupaten keys. */
  exchangeKeys: string;
  /** `agregat-kunci/<NN.NN>.pub`: the registered public key of one kabupaten/kota. */
  registeredKey(kabupaten: string): string;
  lock: string;
  archive: string;
  work: string;
  journal: string;
  /** `<lake>/_aturan/aturan-program.json`: the programme rules an admin set, with history. */
  programmeRules: string;
  /** `geo/`: imported boundaries. */
  geo: string;
  /** `geo/pending/`: boundary imports awaiting an admin's decision. */
  geoPending: string;
  /** `staging/`: uploads awaiting an admin's decision. */
  staging: string;
  /** `geo/<region>/`: the accepted boundaries of a kabupaten/kota (dotted code). */
  geoOf(region: string): string;
  /** `peta/`: the versions of the maps for uploaded files (`<NNNN>.json`). */
  mappings: string;
  /** `peta/bps-kemendagri.csv`: the BPS → Kemendagri desa code crosswalk, when loaded. */
  crosswalk: string;
  /** `<lake>/_runs/<run_id>.json` */
  runSummary(runId: string): string;
  /** `<lake>/_runs/rejects/<run_id>.parquet` */
  rejectsFile(runId: string): string;
  /** `.work/<run_id>`: the run's scratch folder (it mirrors this layout: `lake/`, ...). */
  workOf(runId: string): string;
  /** `archive/<run_id>/<feed>` */
  archiveOf(runId: string, feed: string): string;
}

/** Absolute paths of everything in the data folder `dataDir`. */
export function dataFolder(dataDir: string): DataFolder {
  const lake = path.join(dataDir, LAKE_DIR);
  const runs = lakeRunsDir(lake);
  const rejects = lakeRejectsDir(lake);
  const archive = path.join(dataDir, ARCHIVE_DIR);
  const work = path.join(dataDir, WORK_DIR);
  const geo = path.join(dataDir, GEO_DIR);
  return {
    root: dataDir,
    warehouse: path.join(dataDir, WAREHOUSE_FILE),
    lake,
    runs,
    rejects,
    maskMarker: path.join(rejects, MASK_MARKER),
    appDb: path.join(dataDir, APP_DB_FILE),
    auditOffline: path.join(dataDir, AUDIT_OFFLINE_FILE),
    key: path.join(dataDir, KEY_FILE),
    exchangeKey: path.join(dataDir, EXCHANGE_KEY_FILE),
    exchangePublicKey: path.join(dataDir, EXCHANGE_PUBLIC_KEY_FILE),
    exchangeKeys: path.join(dataDir, EXCHANGE_KEYS_DIR),
    registeredKey: (kabupaten) => path.join(dataDir, EXCHANGE_KEYS_DIR, `${kabupaten}.pub`),
    lock: path.join(dataDir, LOCK_FILE),
    archive,
    work,
    journal: path.join(dataDir, JOURNAL_FILE),
    programmeRules: lakeRulesFile(lake),
    geo,
    geoPending: path.join(geo, GEO_PENDING_DIR),
    staging: path.join(dataDir, STAGING_DIR),
    geoOf: (region) => path.join(geo, region),
    mappings: path.join(dataDir, MAPPINGS_DIR),
    crosswalk: path.join(dataDir, MAPPINGS_DIR, CROSSWALK_FILE),
    runSummary: (runId) => path.join(runs, `${runId}.json`),
    rejectsFile: (runId) => path.join(rejects, `${runId}.parquet`),
    workOf: (runId) => path.join(work, runId),
    archiveOf: (runId, feed) => path.join(archive, runId, feed),
  };
}
