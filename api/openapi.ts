/**
 * `npm run openapi`: writes the OpenAPI document to web/src/api/openapi.json, from which the web
 * app generates its API types (openapi-typescript). Needs no data folder and no warehouse.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createApp, openApiDocument } from './bootstrap.js';
import { repoRoot } from './common/paths.js';
import { loadConfig } from './config/config.js';

const out = process.argv[2] ?? path.join(repoRoot, 'web', 'src', 'api', 'openapi.json');
const app = await createApp(loadConfig({}), { startup: false, logger: ['error'] });
const document = openApiDocument(app);
await mkdir(path.dirname(out), { recursive: true });
await writeFile(out, JSON.stringify(document, null, 2) + '\n');
await app.close();
process.stdout.write(`OpenAPI ditulis ke ${path.relative(process.cwd(), out)}\n`);
