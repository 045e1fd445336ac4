/**
 * A problem with a config file, as one line: the file, the bad key and what it accepts. The command line
 * prints it as is and exits with the usage status.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(
    /** the file as the user named it (or its base name when it was found, not named) */
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
  }
}
