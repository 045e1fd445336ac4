import { styleText } from 'node:util';

/** What a piece of text says, which its colour shows: a failure, a pass, a warning, a detail, a verdict. */
export type Tone = 'fail' | 'pass' | 'warn' | 'quiet' | 'strong';

/** How text is coloured: not at all in files and pipes, with ANSI escapes on a terminal. */
export type Style = (tone: Tone, text: string) => string;

/** No colour: what every file gets, and stdout when colour is off. */
export const PLAIN: Style = (_tone, text) => text;

const FORMAT = { fail: 'red', pass: 'green', warn: 'yellow', quiet: 'dim', strong: 'bold' } as const;

/**
 * ANSI colour through node's util.styleText. Whether to colour at all is decided once, by
 * colourWanted; styleText is told not to decide again (`validateStream: false`). By default it asks
 * stdout's getColorDepth, which answers "2 colours" wherever CI is set (lib/internal/tty.js), and so
 * would drop the colour of a terminal, or one forced with FORCE_COLOR=1, on any CI machine. Node
 * versions whose styleText takes no options colour unconditionally, which is the same.
 */
export const COLOURED: Style = (tone, text) => styleText(FORMAT[tone], text, { validateStream: false });
