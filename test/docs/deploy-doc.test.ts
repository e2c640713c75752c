import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEPLOY_DOC, withEnvTable } from '../../scripts/generate-env-docs.ts';
import { CONFIG_VARIABLES } from '../../src/config.ts';

describe('docs/deploy.md', () => {
  it('has the environment table src/config.ts generates (run `npm run docs:env` after adding a variable)', () => {
    const doc = fs.readFileSync(DEPLOY_DOC, 'utf8');
    expect(doc).toBe(withEnvTable(doc));
    for (const v of CONFIG_VARIABLES) expect(doc).toContain(`| \`${v.name}\` |`);
  });

  it('rewrites only the marked section', () => {
    const doc = fs.readFileSync(DEPLOY_DOC, 'utf8');
    const stale = withEnvTable(doc, [{ name: 'OLD_VARIABLE', default: 'x', description: 'gone' }]);
    expect(stale).toContain('OLD_VARIABLE');
    expect(withEnvTable(stale)).toBe(doc);
  });
});
