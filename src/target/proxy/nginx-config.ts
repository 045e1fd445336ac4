/**
 * The nginx configuration the harness puts in front of a target (`--proxy nginx`). Pure: the text of
 * nginx.conf for one run, from where its files go and which ports it joins.
 *
 * What it models is a load balancer that pools its upstream connections, as most do: `keepalive` in
 * the upstream block with HTTP/1.1 and an empty Connection header (nginx's documented recipe,
 * ngx_http_upstream_module "keepalive"), so that a request may go out on an idle connection the
 * target is closing at that instant. `proxy_next_upstream off`: nginx retries an idempotent request
 * whose cached connection failed (ngx_http_upstream_next counts a cached peer's error as a free try),
 * which hides the race for GET while it still hits every POST; cloud balancers do not retry at all.
 * With no retry, every lost request shows as the 502 a user would see.
 *
 * Out of rotation — once the file OUT_OF_ROTATION exists in the run's directory — nginx answers 503
 * itself without touching the target: the endpoint was removed, and a real balancer would send the
 * request to another replica. Those 503s are marked in the access log (`$upstream_addr` is empty) and
 * are not the target's failure. A file tested on each request (`if (-f ...)`, a stat with no
 * open_file_cache) rather than a rewritten configuration and a reload: a reload hands the clients'
 * connections to a worker that is shutting down, which closes each keep-alive connection after its
 * answer without `Connection: close`, and a client reusing it then loses its request to the proxy's
 * own keep-alive race, which no endpoint removal causes.
 */

/** The file whose existence takes the target out of rotation, in the run's directory. */
export const OUT_OF_ROTATION = 'out-of-rotation';

/** The access log's fields, tab-separated, in this order (see nginx-logs.ts). */
export const ACCESS_LOG_FIELDS = [
  // the client request the harness sent: `<client>#<request>` (REQUEST_ID_HEADER), or `-`
  '$http_x_shutdown_check_request',
  '$status',
  // `-` when nginx answered without an upstream (out of rotation); else the upstream status(es)
  '$upstream_addr',
  '$upstream_status',
  // `-` when no response header came from the target: the status is nginx's own
  '$upstream_header_time',
  // the client connection's serial number, which the error log's `*N` names
  '$connection',
  '$connection_requests',
  '$request',
] as const;

export interface NginxConfigInput {
  /** the run's directory: logs, pid file and nginx's temp paths go here */
  dir: string;
  /** where nginx listens, on 127.0.0.1 */
  listenPort: number;
  /** where the target listens, on 127.0.0.1 */
  upstreamPort: number;
  /** idle upstream connections nginx keeps per worker */
  keepalive: number;
}

export function nginxConfig(input: NginxConfigInput): string {
  const { dir } = input;
  const fields = ACCESS_LOG_FIELDS.join('\\t');
  const location = [
    '    location / {',
    `      if (-f ${dir}/${OUT_OF_ROTATION}) {`,
    '        return 503;',
    '      }',
    '      proxy_pass http://target;',
    '      proxy_http_version 1.1;',
    '      proxy_set_header Host $http_host;',
    // An empty Connection header lets nginx keep the upstream connection (keepalive); an upgrade
    // request (a WebSocket) gets its Upgrade and Connection passed on instead.
    '      proxy_set_header Upgrade $http_upgrade;',
    '      proxy_set_header Connection $upstream_connection;',
    '      proxy_next_upstream off;',
    '      proxy_buffering off;',
    '      proxy_request_buffering off;',
    '      proxy_read_timeout 3600s;',
    '      proxy_send_timeout 3600s;',
    '    }',
  ];
  return [
    'daemon off;',
    // nginx as it runs in production: a master process and its worker.
    'master_process on;',
    'worker_processes 1;',
    `pid ${dir}/nginx.pid;`,
    `error_log ${dir}/error.log info;`,
    'events {',
    '  worker_connections 1024;',
    '}',
    'http {',
    `  log_format timed escape=json '${fields}';`,
    `  access_log ${dir}/access.log timed;`,
    `  client_body_temp_path ${dir}/client_body;`,
    `  proxy_temp_path ${dir}/proxy;`,
    `  fastcgi_temp_path ${dir}/fastcgi;`,
    `  uwsgi_temp_path ${dir}/uwsgi;`,
    `  scgi_temp_path ${dir}/scgi;`,
    '  map $http_upgrade $upstream_connection {',
    "    default upgrade;",
    "    '' '';",
    '  }',
    '  upstream target {',
    `    server 127.0.0.1:${input.upstreamPort};`,
    `    keepalive ${input.keepalive};`,
    '  }',
    '  server {',
    `    listen 127.0.0.1:${input.listenPort};`,
    ...location,
    '  }',
    '}',
    '',
  ].join('\n');
}
