/**
 * The harness's side of the agent protocol. The protocol itself is written once, in agent/protocol.mjs,
 * which the agent loads as plain JavaScript.
 */
export {
  AGENT_ENV,
  CLUSTER_NEEDS_REAL_CLOCK,
  COMMAND_CHANNEL,
  HOLD_HEADER,
  REQUEST_ID_HEADER,
  requestIdHeader,
  STREAM_HEADER,
} from './agent/protocol.mjs';
export type {
  AgentCommand,
  AgentControl,
  AgentEvent,
  AgentEventBody,
  AgentMessage,
  Protocols,
  RequestId,
  WireCount,
} from './agent/protocol.mjs';
