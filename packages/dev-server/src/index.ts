export { startDevServer, type DevServer, type DevServerOptions, type DevServerStats, type TriggerOptions } from "./server.js";
export { RunController } from "./engine.js";
export type { ScopeObject } from "./auth.js";
export { defineTask, type TaskContext, type TaskDefinition } from "./tasks.js";
export { demoTasks, progressTask, aiStreamTask, approvalTask, failingTask, steerableAnswerTask, sessionChatTask, type SteeringMessage } from "./demo-tasks.js";
export type { InputStream, SessionChannels } from "./task-channels.js";
export type { InputResult } from "./input-streams.js";
export type { Run, Batch, Packet, InternalStatus, PublicStatus, TaskRunError } from "./model.js";
