export { startDevServer, type DevServer, type DevServerOptions, type DevServerStats, type TriggerOptions } from "./server.js";
export type { StreamsVersion } from "./streams.js";
export { RunController } from "./engine.js";
export type { ScopeObject } from "./auth.js";
export { defineTask, type TaskContext, type TaskDefinition } from "./tasks.js";
export { demoTasks, progressTask, aiStreamTask, approvalTask, failingTask, typesTask } from "./demo-tasks.js";
export type { RealtimeBackend } from "./shapes/shape-handles.js";
export type { Run, Batch, Packet, InternalStatus, PublicStatus, TaskRunError } from "./model.js";
