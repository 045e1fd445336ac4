/**
 * `--proxy nginx`: Debian's nginx, run by the harness in front of one target, for one run. Its files
 * (configuration, pid, logs, temp paths) live in a directory of its own, removed at the end; it runs
 * in the foreground (`daemon off`) in a process group of its own through spawnGuarded, so it dies with
 * the harness however the harness ends (process-group.ts, watchdog.ts). The service Debian installs is
 * never used: this nginx reads only the harness's configuration (`-c`, `-p`, and `-e` for the error
 * log nginx opens before it reads any configuration).
 */
import { accessSync, chmodSync, constants, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { spawnGuarded, type RunGuard } from '../process-group.js';
import { accepts, freePort } from '../ports.js';
import { newRunMark } from '../run-mark.mjs';
import { TargetError } from '../errors.js';
import { nginxConfig, OUT_OF_ROTATION, type NginxConfigInput } from './nginx-config.js';

/** Where nginx is looked for when it is not on PATH: Debian installs it in /usr/sbin, outside a user's PATH. */
const SBIN_NGINX = '/usr/sbin/nginx';
/** Overrides the search for the nginx binary (the tests point it at a missing one). */
export const NGINX_ENV = 'SHUTDOWN_CHECK_NGINX';
/** Idle upstream connections kept: more than the harness's clients ever hold at once, so none is closed by nginx. */
const KEEPALIVE = 32;
/** How long nginx is given to listen (real ms). */
const START_TIMEOUT_MS = 10_000;
const POLL_MS = 20;

/** The nginx binary to run, or null when none is installed. */
export function findNginx(env: NodeJS.ProcessEnv = process.env): string | null {
  const override = env[NGINX_ENV];
  const candidates =
    override !== undefined && override !== ''
      ? [override]
      : [...(env.PATH ?? '').split(path.delimiter).filter((dir) => dir !== '').map((dir) => path.join(dir, 'nginx')), SBIN_NGINX];
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/** The one line a run with --proxy nginx prints when nginx is missing. */
export const NGINX_MISSING =
  '--proxy nginx needs nginx, which is not installed (looked on PATH and in /usr/sbin); install it with apt-get install nginx, or run without --proxy';

/** nginx's logs once it has stopped. */
export interface NginxLogs {
  access: string;
  error: string;
}

export class NginxProxy {
  private stopped: Promise<void> | null = null;
  private readonly exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    private readonly guard: RunGuard,
    private readonly input: NginxConfigInput,
    /** the port clients talk to */
    readonly port: number,
  ) {
    this.exited = new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once('exit', () => resolve());
    });
  }

  /**
   * Starts nginx in front of the target listening on 127.0.0.1:`upstreamPort`, and resolves once
   * nginx accepts connections. Rejects with a TargetError (leaving nothing running) if it does not.
   */
  static async start(binary: string, upstreamPort: number, target: string): Promise<NginxProxy> {
    // The port first: the directory is then created, filled and handed to the watchdog that removes it
    // in one synchronous stretch, the shortest window in which a SIGKILLed harness could leave it behind.
    const listenPort = await freePort();
    const dir = mkdtempSync(path.join(tmpdir(), 'shutdown-check-nginx-'));
    // nginx's workers run as nobody when the harness is root: they must reach their temp paths.
    chmodSync(dir, 0o755);
    for (const sub of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) {
      mkdirSync(path.join(dir, sub));
      chmodSync(path.join(dir, sub), 0o777);
    }
    const input: NginxConfigInput = { dir, listenPort, upstreamPort, keepalive: KEEPALIVE };
    writeFileSync(path.join(dir, 'nginx.conf'), nginxConfig(input));
    const { child, guard } = spawnGuarded(
      binary,
      ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log')],
      { stdio: ['ignore', 'ignore', 'pipe'] },
      newRunMark(),
      // A harness SIGKILLed mid-run cleans up nothing itself: the watchdog removes the directory too.
      dir,
    );
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const proxy = new NginxProxy(child, guard, input, listenPort);
    child.once('error', () => undefined);
    const deadline = performance.now() + START_TIMEOUT_MS;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) break;
      if (await accepts(listenPort)) return proxy;
      if (performance.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    await proxy.stop();
    const words = `${stderr}\n${proxy.logs().error}`.split('\n').filter((line) => /\[(emerg|alert|crit)\]/.test(line) || /nginx: \[/.test(line));
    const detail = words.at(-1)?.trim() ?? `it did not listen on 127.0.0.1:${listenPort} within ${START_TIMEOUT_MS} ms`;
    proxy.removeFiles();
    throw new TargetError({ kind: 'proxy-failed', proxy: 'nginx', detail }, target, []);
  }

  /**
   * The endpoint is removed: from the next request on nginx answers 503 itself (see nginx-config.ts).
   * Requests already passed to the target go on to their end, as a balancer drains a removed endpoint.
   */
  takeOutOfRotation(): void {
    if (this.stopped) return;
    writeFileSync(path.join(this.input.dir, OUT_OF_ROTATION), '');
  }

  /**
   * The run is over (every request has its outcome): nginx closes what it still holds for the clients
   * — idle keep-alive connections, and connections that never sent a request, which a graceful SIGQUIT
   * would leave open until client_header_timeout — and exits. SIGTERM is nginx's fast shutdown.
   */
  quit(): void {
    if (!this.stopped && this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
  }

  /** Whether stop() was called: the run is over. */
  get over(): boolean {
    return this.stopped !== null;
  }

  /**
   * Kills nginx's whole process group and waits for it; its logs stay readable until removeFiles, and
   * its guard's watchdog stays until then to remove them should the harness die first.
   */
  stop(): Promise<void> {
    this.stopped ??= (async () => {
      this.guard.kill();
      await this.exited;
      this.guard.processesGone();
    })();
    return this.stopped;
  }

  logs(): NginxLogs {
    const read = (name: string): string => {
      try {
        return readFileSync(path.join(this.input.dir, name), 'utf8');
      } catch {
        return '';
      }
    };
    return { access: read('access.log'), error: read('error.log') };
  }

  /** After stop(): the directory goes, and with it the last thing the guard watched. */
  removeFiles(): void {
    rmSync(this.input.dir, { recursive: true, force: true });
    this.guard.release();
  }
}
