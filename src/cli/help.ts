import { settingsHelp } from './settings-help.js';

/** The text of `shutdown-check --help`. */
export const HELP = `shutdown-check — proves whether a server shuts down correctly

Usage:
  shutdown-check [run] <file> [options]                     or --target <file>
  shutdown-check [run] --cmd "<command>" (--port <n> | --port-env <NAME>) [options]
  shutdown-check compare <target> <target> ... [options]    a folder counts as its .js files;
                         [--config <target>=<file>]         a target's own config, in place of --config
  shutdown-check replay <report.json>
  shutdown-check load <file> [options]                      shutdown under real load; load --help
  shutdown-check merge <dir> <dir> ...                      one report from the shards of a search

Options:
${settingsHelp('run', 29)}
  -h, --help                 this text
  -v, --version              the version

Durations take their unit: 30s, 500ms, 2m. Every option but --config, --path, --focus,
--scenario and --shard may also be given in the config file, under its name in camelCase
(timeBudget). Each command loads the config file once and reads the settings that are its own:
merge its reporter, noColor and out (merge --help, load --help).

Examples:
  shutdown-check ./server.js
  shutdown-check ./server.js --runs 500 --concurrency 2 --grace 10s
  shutdown-check --target ./server.js --seed 42 --path 3:0:1      replay a failure
  shutdown-check --cmd "python3 server.py" --port-env PORT --config shutdown-check.config.json
  shutdown-check --cmd "./server" --port-env PORT --time-scale 0.25
  shutdown-check replay reports/report.json
  shutdown-check compare scenarios/ --runs 50 --seed 1
  shutdown-check compare a.js b.js --config shared.json --config b.js=b.config.json
  shutdown-check compare ./server.js --node 20,22,24      one row per Node release
  shutdown-check ./server.js --seed 7 --shard 2/4 --out shard-2      shard 2 of 4
  shutdown-check merge shard-1 shard-2 shard-3 shard-4      one report of the four shards

Exit status: 0 every invariant holds · 1 an invariant is violated · 2 bad usage or config ·
3 the target or the harness failed (or a verdict could not be reached)`;
