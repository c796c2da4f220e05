export { startDevServer, type DevServer, type DevServerOptions, type DevServerStats } from "./server.js";
export { RunController } from "./engine.js";
export { defineTask, type TaskContext, type TaskDefinition } from "./tasks.js";
export { demoTasks, progressTask, aiStreamTask, approvalTask, failingTask } from "./demo-tasks.js";
export type { Run, InternalStatus, TaskRunError } from "./model.js";
