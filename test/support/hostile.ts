import { createRequire } from 'node:module';
import { fixturePath } from './processes.js';

/** The hostile text of test/fixtures/hostile/text.cjs. */
export const HOSTILE: string = createRequire(import.meta.url)(fixturePath('hostile/text.cjs')) as string;

/** Our own annotations: the only lines that may be workflow commands. */
const OWN_ANNOTATION = /^::(error|warning|notice) (file=[^,:\r\n]*,)?title=shutdown-check[^:\r\n]*::[^\r\n]*$/;

/**
 * What in `output` (stdout or stderr, as a terminal or a CI runner reads it) would act instead of being
 * read: a line a GitHub Actions runner would execute as a command (`::` after leading space, `##[`
 * anywhere), a control character that drives a terminal, a line separator, a lone surrogate.
 * `annotations`: lines that are shutdown-check's own annotations are allowed.
 */
export function actingLines(output: string, options: { annotations?: boolean } = {}): string[] {
  const problems: string[] = [];
  output.split('\n').forEach((line, n) => {
    const where = `line ${n + 1}: ${JSON.stringify(line.slice(0, 120))}`;
    const trimmed = line.trimStart();
    if (trimmed.startsWith('::') && !(options.annotations && OWN_ANNOTATION.test(line))) problems.push(`workflow command, ${where}`);
    if (line.includes('##[')) problems.push(`legacy workflow command, ${where}`);
    // eslint-disable-next-line no-control-regex -- the control characters are what is looked for
    if (/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/.test(line)) problems.push(`control character, ${where}`);
    if (/[\u2028\u2029]/.test(line)) problems.push(`line separator, ${where}`);
    if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(line)) problems.push(`lone surrogate, ${where}`);
  });
  return problems;
}
