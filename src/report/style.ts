import { styleText } from 'node:util';

/** What a piece of text says, which its colour shows: a failure, a pass, a warning, a detail, a verdict. */
export type Tone = 'fail' | 'pass' | 'warn' | 'quiet' | 'strong';

/** How text is coloured: not at all in files and pipes, with ANSI escapes on a terminal. */
export type Style = (tone: Tone, text: string) => string;

/** No colour: what every file gets, and stdout when colour is off. */
export const PLAIN: Style = (_tone, text) => text;

const FORMAT = { fail: 'red', pass: 'green', warn: 'yellow', quiet: 'dim', strong: 'bold' } as const;

/**
 * ANSI colour through node's util.styleText. Before Node 22.13 styleText colours whatever the stream
 * (it learnt `validateStream` there), so whether to colour at all is decided once, by colourWanted.
 */
export const COLOURED: Style = (tone, text) => styleText(FORMAT[tone], text);
