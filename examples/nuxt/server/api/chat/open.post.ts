import { openChat } from "../../../../shared/live-demo-server";

export default defineEventHandler(() => openChat());
