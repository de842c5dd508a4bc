/**
 * `npm run openapi`: writes the OpenAPI document to web/src/api/openapi.json, from which the web
 * app generates its API types (`npm run gen:api-types`, openapi-typescript). Needs no data folder
 * and no warehouse.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { OPENAPI_FILE, openApiJson } from './openapi-json.js';

const out = process.argv[2] ?? OPENAPI_FILE;
const text = await openApiJson(out);
await mkdir(path.dirname(out), { recursive: true });
await writeFile(out, text);
process.stdout.write(`OpenAPI ditulis ke ${path.relative(process.cwd(), out)}\n`);
