/**
 * The OpenAPI document as committed in web/src/api/openapi.json: generated from the app's
 * controllers and DTOs (no data folder, no warehouse) and formatted by the repository's prettier
 * settings. `npm run openapi` writes it; tests/api/openapi.test.ts fails when the committed file
 * differs, so the web app's generated types cannot drift from the API.
 */
import path from 'node:path';
import prettier from 'prettier';
import { createApp, openApiDocument } from './bootstrap.js';
import { repoRoot } from './common/paths.js';
import { loadConfig } from './config/config.js';

export const OPENAPI_FILE = path.join(repoRoot, 'web', 'src', 'api', 'openapi.json');

export async function openApiJson(file = OPENAPI_FILE): Promise<string> {
  const app = await createApp(loadConfig({}), { startup: false, logger: ['error'] });
  try {
    const text = JSON.stringify(openApiDocument(app), null, 2) + '\n';
    const options = await prettier.resolveConfig(file);
    return await prettier.format(text, { ...options, filepath: file });
  } finally {
    await app.close();
  }
}
