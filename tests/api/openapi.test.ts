/**
 * The web app's API types are generated from the committed web/src/api/openapi.json; this fails
 * when that file is not what the API's controllers and DTOs now describe.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { OPENAPI_FILE, openApiJson } from '../../api/openapi-json.js';

describe('OpenAPI document', () => {
  it('web/src/api/openapi.json is the document the API generates', async () => {
    const generated = await openApiJson();
    const committed = await readFile(OPENAPI_FILE, 'utf8');
    // Compared line by line, so a failure shows where they differ.
    expect(
      committed.split('\n'),
      'web/src/api/openapi.json differs from the API: run `npm run openapi && npm run gen:api-types` and commit both files',
    ).toEqual(generated.split('\n'));
  });
});
