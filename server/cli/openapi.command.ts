import fs from 'node:fs';
import { Command } from 'commander';
import { generateOpenApi } from '../http/openapi.ts';

export function openapiCommand(): Command {
  return new Command('openapi')
    .description('write the OpenAPI document (checked in as openapi.json; CI fails when it drifts)')
    .option('--out <file>', 'where to write it (default: standard output)')
    .action(async (options: { out?: string }) => {
      const text = await generateOpenApi();
      if (options.out) fs.writeFileSync(options.out, text);
      else process.stdout.write(text);
    });
}
