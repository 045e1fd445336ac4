import { expect, it } from 'vitest';
import { markdownText } from '../../../src/report/markup.js';

// CommonMark §2.4/§2.5: `&#39;` is an apostrophe, but `&\#39;` is the literal text "&#39;".
it("escapes Markdown punctuation without breaking the entities of markup characters: the cluster's primary", () => {
  expect(markdownText("the cluster's primary #1")).toBe('the cluster&#39;s primary \\#1');
  expect(markdownText('<b>*x*</b> & [y](z)')).toBe('&lt;b&gt;\\*x\\*&lt;/b&gt; &amp; \\[y\\]\\(z\\)');
});
