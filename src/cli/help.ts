/** The text of `shutdown-check --help`. */
export const HELP = `shutdown-check — proves whether a server shuts down correctly

Usage:
  shutdown-check [run] --target <file> [options]
  shutdown-check [run] --cmd "<command>" (--port <n> | --port-env <NAME>) [options]
  shutdown-check compare <target> <target> ... [options]    a folder counts as its .js files
  shutdown-check replay <report.json>
  shutdown-check load --target <file> [options]             shutdown under real load; load --help

Options:
  --target <file>            the server's entry file (a Node program that listens)
  --cmd "<command>"          instead of --target: any server, in any language, run with
                             /bin/sh -c in its own process group; no agent, real clock only
  --port <n>                 --cmd: the port the command listens on
  --port-env <NAME>          --cmd: the harness picks a free port and passes it in $NAME
  --ready-pattern <regex>    --cmd: ready when a stdout line matches (default: when the port
                             accepts a TCP connection)
  --runs <n>                 property runs: scenarios tried (default 100)
  --seed <n> --path <p>      replay a failure (both are printed with it)
  --scenario <json|file>     run this one scenario and judge it, no search (a failing
                             runScenario() test prints the command)
  --clock virtual|real       virtual (default for --target): the harness owns the target's
                             timers, so a 30 s drain costs milliseconds; real (the only one for
                             --cmd): nothing is faked
  --time-scale <k>           real clock only: play the scenario at k real ms per scenario ms
                             (0.25 runs a 30 s grace in 7.5 s); the agent scales the target's own
                             timers alike, and a --cmd target gets its routes' {ms} and {every}
                             scaled (default 1)
  --grace <duration>         from the signal to the SIGKILL (default 30s)
  --signal <name>            SIGTERM (default), SIGINT, SIGHUP, SIGQUIT, SIGUSR1 or SIGUSR2
  --clients <kinds>          comma list of keep-alive, slow, stream, websocket, silent, raw, late,
                             http (default: every kind the target supports)
  --profile <name>           immediate (default) or kubernetes
  --strict                   warnings fail the run too
  --config <file>            default: shutdown-check.config.{js,mjs,json} in the working directory
  --reporter <name>          repeatable; pretty (default): the verdicts and the counterexample;
                             json: report.json on stdout; junit: <out>/junit.xml; html:
                             <out>/report.html, one self-contained page; github: GitHub
                             Actions annotations on stdout
  --out <dir>                where report.json and the reporters' files go (default reports/)
  --concurrency <n>          independent searches at once, each with its own seed (default 1)
  --time-budget <duration>   stop searching after this long; the runs done so far count
  --max-latency <duration>   the longest latency (and stream length) the search draws, for apps
                             whose requests are short (default 1.5 × the grace period)
  --shrink-runs <n>          at most this many runs shrinking each violated invariant (default
                             100); 0 keeps each one's first failing run
  --second-signals <list>    the second signals the search may send during the drain (default:
                             the signal again, and SIGINT); none for no second signal
  --keep-ports               let the target listen on the port it asks for (default: remapped)
  --startup-timeout <dur>    how long to wait for the first listener, or for a --cmd target to
                             be ready (default 10s)
  -h, --help                 this text
  -v, --version              the version

Examples:
  shutdown-check --target ./server.js
  shutdown-check --target ./server.js --runs 500 --concurrency 2 --grace 10s
  shutdown-check --target ./server.js --seed 42 --path 3:0:1      replay a failure
  shutdown-check --cmd "python3 server.py" --port-env PORT --config shutdown-check.config.json
  shutdown-check --cmd "./server" --port-env PORT --time-scale 0.25
  shutdown-check replay reports/report.json
  shutdown-check compare scenarios/ --runs 50 --seed 1

Exit status: 0 every invariant holds · 1 an invariant is violated · 2 bad usage or config ·
3 the target or the harness failed (or a verdict could not be reached)`;
