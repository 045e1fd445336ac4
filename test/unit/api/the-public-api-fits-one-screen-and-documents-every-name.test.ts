import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as api from '../../../src/index.js';
import { ROOT } from '../../support/processes.js';

const INDEX = path.join(ROOT, 'src/index.ts');
const MAX_NAMES = 40;

interface Exported {
  name: string;
  /** the file the name is exported from, as index.ts writes it */
  module: string;
  type: boolean;
}

/** The `export { … } from '…'` and `export type { … } from '…'` clauses of a file, name by name. */
function reExports(file: string): Exported[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  return source.statements.flatMap((statement) => {
    if (!ts.isExportDeclaration(statement) || !statement.moduleSpecifier || !ts.isStringLiteral(statement.moduleSpecifier)) return [];
    const clause = statement.exportClause;
    if (!clause || !ts.isNamedExports(clause)) throw new Error(`${file}: export * hides what it exports; name each export`);
    const module = statement.moduleSpecifier.text;
    return clause.elements.map((element) => ({ name: element.name.text, module, type: statement.isTypeOnly || element.isTypeOnly }));
  });
}

/** The TypeScript source of an import specifier: './x.js' is compiled from './x.ts'. */
function sourceOf(from: string, module: string): string {
  return path.resolve(path.dirname(from), module.replace(/\.js$/, '.ts'));
}

/**
 * The TSDoc on the declaration `name` points to: the `/** *\/` text before it, followed through
 * modules that re-export it; null when there is none.
 */
function docOf(file: string, name: string): string | null {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  for (const statement of source.statements) {
    const declared = ts.isVariableStatement(statement)
      ? statement.declarationList.declarations.some((d) => ts.isIdentifier(d.name) && d.name.text === name)
      : (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) &&
        statement.name?.text === name;
    if (!declared) continue;
    const docs = ts.getJSDocCommentsAndTags(statement).filter(ts.isJSDoc);
    const text = docs.map((doc) => ts.getTextOfJSDocComment(doc.comment) ?? '').join(' ').trim();
    return text === '' ? null : text;
  }
  const onward = reExports(file).find((e) => e.name === name);
  if (!onward) throw new Error(`${path.relative(ROOT, file)} declares no ${name}`);
  return docOf(sourceOf(file, onward.module), name);
}

const exported = reExports(INDEX);

describe('the public API', () => {
  it(`exports at most ${MAX_NAMES} names, values and types together`, () => {
    const values = Object.keys(api).sort();
    const types = exported.filter((e) => e.type).map((e) => e.name);
    // index.ts writes every value it exports in an `export { … }` clause, and only those.
    expect(exported.filter((e) => !e.type).map((e) => e.name).sort()).toEqual(values);
    expect(new Set([...values, ...types]).size).toBe(values.length + types.length);
    expect(values.length + types.length).toBeLessThanOrEqual(MAX_NAMES);
  });

  it('documents every exported name with TSDoc on its declaration', () => {
    const undocumented = exported.filter((e) => docOf(sourceOf(INDEX, e.module), e.name) === null).map((e) => `${e.name} (${e.module})`);
    expect(undocumented).toEqual([]);
  });

  it("lists exactly the exported names in the README's library section", () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('\n## Library use\n'), readme.indexOf('\n## ', readme.indexOf('\n## Library use\n') + 1));
    const listed = [...section.matchAll(/^- `(\w+)/gm)].map((m) => m[1]);
    expect(listed.sort()).toEqual(exported.map((e) => e.name).sort());
  });
});
