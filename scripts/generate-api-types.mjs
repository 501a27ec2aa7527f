#!/usr/bin/env node
// openapi.json → web/src/api/openapi.d.ts, the console's client types.
// `npm run openapi` runs this file and server/http/openapi.test.ts imports generateApiTypes from it, so the checked-in
// types and the drift test go through one code path (the openapi-typescript CLI adds its own config lookup).
import fs from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';

export const OPENAPI_FILE = fileURLToPath(new URL('../openapi.json', import.meta.url));
export const API_TYPES_FILE = fileURLToPath(new URL('../web/src/api/openapi.d.ts', import.meta.url));

/** The TypeScript text openapi-typescript makes of an OpenAPI document (given as its JSON text). */
export async function generateApiTypes(openapiText) {
  const ast = await openapiTS(JSON.parse(openapiText), { silent: true });
  return `${COMMENT_HEADER}${astToString(ast)}`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  fs.writeFileSync(API_TYPES_FILE, await generateApiTypes(fs.readFileSync(OPENAPI_FILE, 'utf8')));
  console.log('web/src/api/openapi.d.ts: written from openapi.json');
}
